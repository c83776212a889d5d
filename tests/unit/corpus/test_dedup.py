from pipeline.corpus.dedup import DedupInput, cluster_documents

STORY = (
    "The foreign minister met her counterpart in the capital on Monday to discuss the border crossing, "
    "trade in grain and a long-delayed rail link. Both sides said the talks were useful and agreed to meet "
    "again next month. The opposition criticised the meeting as a photo opportunity without substance."
)
REWRITE = (
    "Officials from both countries gathered on Monday. A rail link, grain exports and the border were on "
    "the agenda, according to a statement, and a further round is planned for next month."
)


def doc(doc_id, body, rank=(0,)):
    return DedupInput(doc_id, body, str(hash(body)), rank)


def clusters(results):
    return {r.doc_id: r.dup_cluster_id for r in results}


def test_a_copy_with_an_appended_paragraph_is_a_near_duplicate():
    copy = STORY + " Support independent journalism today."
    result = clusters(cluster_documents([doc("a", STORY), doc("b", copy), doc("c", REWRITE)]))
    assert result["a"] == result["b"] != result["c"]


def test_exact_copies_cluster_by_hash_even_when_short():
    result = clusters(cluster_documents([doc("a", "Short note."), doc("b", "Short note.")]))
    assert result["a"] == result["b"]


def test_the_best_ranked_copy_is_canonical_and_names_the_cluster():
    results = cluster_documents([doc("a", STORY, (False, 10)), doc("b", STORY + " More.", (True, 5))])
    canonical = [r for r in results if r.is_canonical]
    assert [r.doc_id for r in canonical] == ["b"]
    assert {r.dup_cluster_id for r in results} == {"b"}
