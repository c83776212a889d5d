"""The story evaluation's scoring: B-cubed, ARI and merged look-alike topics."""

from datetime import UTC, datetime

import pytest

from evaluation.stories import Corpus, GoldStory, bcubed, score


def test_bcubed_is_perfect_for_the_gold_and_penalises_a_merge_and_a_split():
    gold = ["a", "a", "b", "b"]
    assert bcubed(["x", "x", "y", "y"], gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed(["x", "x", "x", "x"], gold)
    assert (precision, recall) == (0.5, 1.0)
    precision, recall, _ = bcubed(["w", "x", "y", "z"], gold)
    assert (precision, recall) == (1.0, 0.5)


class Doc:
    def __init__(self, doc_id):
        self.doc_id, self.dup_cluster_id, self.is_canonical = doc_id, doc_id, True
        self.published_at = datetime(2024, 1, 1, tzinfo=UTC)


def test_score_names_the_topics_whose_two_stories_share_a_cluster():
    gold = {
        "1a": GoldStory(1, "1ecb"), "1b": GoldStory(1, "1ecbplus"),
        "2a": GoldStory(2, "2ecb"), "2b": GoldStory(2, "2ecbplus"),
    }  # fmt: skip
    corpus = Corpus(documents=[Doc(d) for d in gold], mentions=[], entity_types={}, gold=gold)
    found = score({"1a": "s1", "1b": "s1", "2a": "s2", "2b": "s3"}, corpus, {1, 2})
    assert found["topics_with_stories_merged"] == [1]
    assert found["merged_topic_share"] == 0.5
    assert found["bcubed_recall"] == 1.0 and found["bcubed_precision"] == pytest.approx(0.75)
