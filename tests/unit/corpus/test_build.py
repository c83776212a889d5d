"""The corpus step's counts: a duplicate cluster is one article."""

from pipeline.corpus.build import _counted_once, story_pairs
from pipeline.corpus.linking import Entity, EntityMention
from pipeline.corpus.stories import StoryLink


def mention(doc_id, entity_id):
    return EntityMention(
        doc_id=doc_id, entity_id=entity_id, text="x", start_char=0, end_char=1, label="PERSON", kind="name"
    )


def test_copies_of_one_article_count_once_and_an_unmentioned_row_keeps_its_count():
    entities = [
        Entity(entity_id=e, name=e, type="PERSON", aliases=[], mention_count=3, doc_count=n)
        for e, n in (("e1", 3), ("e2", 1), ("e3", 2))
    ]
    mentions = [mention("a", "e1"), mention("a-copy", "e1"), mention("b", "e1"), mention("a", "e2")]
    cluster_of = {"a": "a", "a-copy": "a", "b": "b"}
    counted = {e.entity_id: e.doc_count for e in _counted_once(entities, "entity_id", mentions, cluster_of)}
    assert counted == {"e1": 2, "e2": 1, "e3": 2}


def test_two_documents_matching_each_other_best_give_one_story_pair():
    links = [
        StoryLink(doc_id="b", story_id="a", matched_doc_id="c", probability=0.9, story_score=0.8),
        StoryLink(doc_id="c", story_id="a", matched_doc_id="b", probability=0.9, story_score=0.7),
    ]
    (pair,) = story_pairs(links)
    assert (pair.doc_id_a, pair.doc_id_b, pair.tier, pair.containment) == ("b", "c", "story", None)
