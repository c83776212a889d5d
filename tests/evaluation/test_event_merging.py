from evaluation.event_merging import bench, synthetic_corpus


def test_the_synthetic_corpus_is_shaped_like_news_and_reproducible():
    mentions, contexts = synthetic_corpus(20)
    assert len(mentions) == 20 * 20 and len(contexts) == 20
    assert synthetic_corpus(20) == (mentions, contexts)


def test_the_bench_reports_a_ratio_per_size():
    results = bench(10, factors=(1, 2))
    assert [r["documents"] for r in results["runs"]] == [10, 20]
    assert results["runs"][0]["time_ratio"] == 1.0 and results["runs"][1]["events"] > 0
