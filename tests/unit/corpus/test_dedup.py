import hashlib
import random

import numpy as np
import pytest

from pipeline.corpus.dedup import (
    DedupInput,
    DuplicatePair,
    candidate_pairs,
    cluster_documents,
    find_duplicates,
    overlap,
)
from pipeline.text.normalise import fold
from pipeline.text.signatures import NUM_PERM, minhash, shingle_hashes, shingles, signature_matrix

STORY = (
    "The foreign minister met her counterpart in the capital on Monday to discuss the border crossing, "
    "trade in grain and a long-delayed rail link. Both sides said the talks were useful and agreed to meet "
    "again next month. The opposition criticised the meeting as a photo opportunity without substance."
)
REWRITE = (
    "Officials from both countries gathered on Monday. A rail link, grain exports and the border were on "
    "the agenda, according to a statement, and a further round is planned for next month."
)
# A longer article in paragraphs, and another on the same topic (a strike at the same port) that shares
# names and phrases but is a different article.
PARAGRAPHS = [
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a deal "
    "that raises wages by nine percent over three years and limits the use of agency staff.",
    "Union leaders said members had voted by a large majority to accept the offer, which was brokered by "
    "the regional labour mediator after talks lasting most of Wednesday night.",
    "Shipping lines had diverted dozens of container vessels to rival harbours along the coast, and "
    "exporters of timber and frozen fish said the stoppage had cost them millions in lost contracts.",
    "The harbour authority said the first ships would be unloaded on Friday morning, but warned that "
    "clearing the backlog of cargo could take until the end of the month.",
    "Local businesses welcomed the agreement. The owner of a cafe near the main gate said trade had fallen "
    "by half since the pickets first appeared at the start of the summer.",
    "The mayor thanked both sides for their patience and said the city would review how it supports "
    "workers during long disputes, including emergency grants for families.",
]
ARTICLE = "\n\n".join(PARAGRAPHS)
SAME_TOPIC = "\n\n".join(
    [
        "Dock workers at the port of Vessmouth walked out on Monday in a dispute over pay and the use of "
        "agency staff, halting the loading of container ships at the busiest harbour in the region.",
        "The union said the walkout would continue until the harbour authority returned to talks, while "
        "managers accused organisers of refusing a fair offer made last week.",
        "Exporters of timber and frozen fish warned that a long stoppage would cost them contracts, and "
        "several shipping lines said they were considering diverting vessels to rival harbours.",
        "The mayor urged both sides to meet the regional labour mediator and said the city was ready to "
        "help families of workers if the dispute lasted into the autumn.",
    ]
)


def doc(doc_id, body, rank=(0,), *, stored=False):
    sha = hashlib.sha256(fold(body).encode()).hexdigest()
    return DedupInput(doc_id, body, sha, rank, minhash(body).hashvalues.tolist() if stored else None)


def clusters(results):
    return {r.doc_id: r.dup_cluster_id for r in results}


def test_a_copy_with_an_appended_paragraph_is_a_near_duplicate():
    copy = STORY + " Support independent journalism today."
    result = clusters(cluster_documents([doc("a", STORY), doc("b", copy), doc("c", REWRITE)]))
    assert result["a"] == result["b"] != result["c"]


def test_exact_copies_cluster_by_hash_even_when_short():
    result = clusters(cluster_documents([doc("a", "Short note."), doc("b", "Short note.")]))
    assert result["a"] == result["b"]


def test_exact_copies_give_one_exact_pair_each_to_the_best_ranked_copy_not_all_pairs():
    copies = [doc(f"d{i}", ARTICLE, (i == 2,)) for i in range(5)]
    pairs = find_duplicates(copies).pairs
    assert [(p.doc_id_a, p.doc_id_b) for p in pairs] == [
        ("d0", "d2"),
        ("d1", "d2"),
        ("d2", "d3"),
        ("d2", "d4"),
    ]
    assert {(p.tier, p.similarity, p.containment, p.method) for p in pairs} == {("exact", 1.0, 1.0, "sha256")}


def test_the_best_ranked_copy_is_canonical_and_names_the_cluster():
    results = cluster_documents([doc("a", STORY, (False, 10)), doc("b", STORY + " More.", (True, 5))])
    canonical = [r for r in results if r.is_canonical]
    assert [r.doc_id for r in canonical] == ["b"]
    assert {r.dup_cluster_id for r in results} == {"b"}


def test_equal_ranks_make_the_greatest_doc_id_canonical():
    results = cluster_documents([doc("b", ARTICLE), doc("a", ARTICLE), doc("c", ARTICLE + " Update.")])
    assert {r.dup_cluster_id for r in results} == {"c"}


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(ARTICLE + "\n\nSupport independent journalism: become a member today.", id="appeal"),
        pytest.param("\n\n".join(PARAGRAPHS[:-1]), id="last-paragraph-dropped"),
        pytest.param("\n\n".join(PARAGRAPHS[:3]), id="truncated-to-half"),
        pytest.param(
            ARTICLE + "\n\nUpdate: the first two ships were unloaded on Friday without incident, the harbour "
            "authority said, and a third is expected on Saturday morning.",
            id="update-adds-a-paragraph",
        ),
        pytest.param("\n\n".join([PARAGRAPHS[1], PARAGRAPHS[0], *PARAGRAPHS[2:]]), id="reordered"),
        pytest.param(ARTICLE.replace("\n\n", "\n\nAdvertisement\n\n", 2), id="furniture"),
    ],
)
def test_copies_join_their_original_and_not_a_different_article_on_the_same_topic(variant):
    result = clusters(
        cluster_documents([doc("orig", ARTICLE, stored=True), doc("copy", variant), doc("other", SAME_TOPIC)])
    )
    assert result["copy"] == result["orig"] != result["other"]


def test_a_truncated_copy_joins_by_containment_though_its_jaccard_is_below_the_threshold():
    truncated = "\n\n".join(PARAGRAPHS[:3])
    similarity, contained = overlap(shingle_hashes(ARTICLE), shingle_hashes(truncated))
    assert similarity < 0.6 and contained == 1.0
    (pair,) = find_duplicates([doc("a", ARTICLE), doc("b", truncated)]).pairs
    assert pair == DuplicatePair(
        doc_id_a="a",
        doc_id_b="b",
        tier="near",
        similarity=round(similarity, 4),
        containment=1.0,
        method="minhash-lsh+shingles",
    )


def test_a_copy_cut_to_its_opening_paragraph_joins_because_it_opens_like_the_original():
    teaser = PARAGRAPHS[0]
    similarity, contained = overlap(shingle_hashes(ARTICLE), shingle_hashes(teaser))
    assert contained == 1.0 and similarity < 0.3  # no Jaccard or containment rule alone takes it
    (pair,) = find_duplicates([doc("a", ARTICLE), doc("b", teaser)]).pairs
    assert (pair.tier, pair.method, pair.containment) == ("near", "lead+shingles", 1.0)


def test_opening_alike_is_not_enough_when_the_rest_differs():
    other = PARAGRAPHS[0] + "\n\n" + "\n\n".join([SAME_TOPIC, STORY, REWRITE])
    result = clusters(cluster_documents([doc("a", ARTICLE), doc("b", other)]))
    assert result["a"] != result["b"]  # the same first paragraph, then different articles


def test_a_short_brief_quoted_inside_a_long_round_up_is_no_copy_of_it():
    brief = PARAGRAPHS[0]
    round_up = "\n\n".join([SAME_TOPIC, brief, STORY, REWRITE, *PARAGRAPHS[3:]])
    similarity, contained = overlap(shingle_hashes(round_up), shingle_hashes(brief))
    assert contained == 1.0 and similarity < 0.3
    result = clusters(cluster_documents([doc("brief", brief), doc("round-up", round_up)]))
    assert result["brief"] != result["round-up"]


def test_near_pairs_record_similarity_and_containment_and_order_the_ids():
    copy = ARTICLE + "\n\nSign up for our newsletter."
    (pair,) = find_duplicates([doc("z", ARTICLE), doc("m", copy)]).pairs
    assert (pair.doc_id_a, pair.doc_id_b, pair.tier) == ("m", "z", "near")
    assert 0.8 <= pair.similarity <= 1.0 and pair.similarity <= pair.containment <= 1.0
    assert pair.method in {"minhash-lsh", "minhash-lsh+shingles"}


def test_a_cluster_of_n_documents_has_n_minus_one_pairs():
    variants = [ARTICLE, ARTICLE + "\n\nMore.", "\n\n".join(PARAGRAPHS[:-1]), ARTICLE, STORY, STORY]
    result = find_duplicates([doc(f"d{i}", body) for i, body in enumerate(variants)])
    sizes = {}
    for r in result.clusters:
        sizes[r.dup_cluster_id] = sizes.get(r.dup_cluster_id, 0) + 1
    assert sorted(sizes.values()) == [2, 4]
    assert len(result.pairs) == sum(n - 1 for n in sizes.values())


def test_clusters_and_pairs_do_not_depend_on_the_order_documents_come_in():
    rng = random.Random(3)
    bodies = [ARTICLE, SAME_TOPIC, STORY, REWRITE]
    docs = [doc("orig-0", ARTICLE)]
    for i in range(30):
        paragraphs = rng.choice(bodies).split("\n\n")
        paragraphs = paragraphs[: rng.randint(max(1, len(paragraphs) - 2), len(paragraphs))]
        docs.append(doc(f"v{i:02d}", "\n\n".join(paragraphs) + rng.choice(["", "\n\nSubscribe now."])))
    expected = find_duplicates(docs)
    for _ in range(3):
        rng.shuffle(docs)
        assert find_duplicates(docs) == expected


def test_stored_signatures_are_used_and_a_signature_of_another_scheme_fails_loudly():
    assert (
        clusters(cluster_documents([doc("a", ARTICLE, stored=True), doc("b", ARTICLE + " x", stored=True)]))[
            "a"
        ]
        == "b"
    )
    wrong = DedupInput("c", STORY, "c-hash", (0,), [1] * 64)
    with pytest.raises(ValueError, match="another signature scheme"):
        find_duplicates([doc("a", ARTICLE), wrong])


def test_empty_bodies_are_only_exact_copies_of_each_other():
    result = clusters(cluster_documents([doc("a", ""), doc("b", ""), doc("c", ARTICLE)]))
    assert result["a"] == result["b"] != result["c"]


def test_candidate_pairs_are_every_pair_sharing_a_band_key_once():
    keys = np.array([[1, 7], [2, 7], [1, 8], [3, 9]], dtype=np.uint64)
    assert candidate_pairs(keys).tolist() == [[0, 1], [0, 2]]


def test_a_bucket_past_the_cap_pairs_each_member_with_the_first_and_its_predecessor():
    keys = np.zeros((5, 1), dtype=np.uint64)
    assert candidate_pairs(keys, max_bucket=3).tolist() == [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 4],
        [1, 2],
        [2, 3],
        [3, 4],
    ]
    assert len(candidate_pairs(keys, max_bucket=5)) == 10


def test_shingle_hashes_count_the_same_shingles_as_the_signature():
    for text in [ARTICLE, "two words", "", "Repeat repeat repeat repeat repeat repeat repeat"]:
        assert len(shingle_hashes(text)) == len(shingles(text))


def test_signature_matrix_reads_stored_signatures():
    matrix = signature_matrix([minhash(ARTICLE).hashvalues.tolist()])
    assert matrix.shape == (1, NUM_PERM) and matrix.dtype == np.uint64
