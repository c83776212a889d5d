"""Story clustering: same happening together, look-alike happenings apart, copies counted once."""

from datetime import date, datetime

import numpy as np
import pytest

from pipeline.corpus.stories import (
    DEFAULT_MODEL,
    PAIR_FEATURES,
    StoryDocument,
    StoryMember,
    assign_stories,
    pair_features,
    publication_order,
    same_story_probability,
    story_rows,
    vectorise,
)

QUAKE_A = (
    "A magnitude 6.1 earthquake struck the Vireo Valley on Tuesday, killing 14 people in Lorna and "
    "collapsing the old bridge at Castel Mira, the regional governor Ines Halvorsen said."
)
QUAKE_A2 = (
    "Rescuers in Lorna searched the rubble on Wednesday after Tuesday's magnitude 6.1 quake in the Vireo "
    "Valley killed 14 people; governor Ines Halvorsen said the Castel Mira bridge collapsed."
)
QUAKE_B = (
    "A magnitude 5.4 earthquake hit the coastal town of Pellar on Sunday, injuring 30 people, the mayor "
    "Tomas Grunwald said, as aftershocks rattled the port of Ostrava Bay."
)
QUAKE_B2 = (
    "Aftershocks shook Pellar on Monday, a day after a magnitude 5.4 quake injured 30 people; mayor Tomas "
    "Grunwald said the Ostrava Bay port would reopen."
)
TRIAL = (
    "The trial of the former finance minister Berta Kallis opened in Samar on Monday, with prosecutors "
    "accusing her of taking 2 million in bribes from a shipping firm."
)


def doc(doc_id, body, *, published=None, entities=(), title=None, publisher=None):
    return StoryDocument(doc_id, title, body, published, publisher, tuple(entities))


QUAKE_A_ENTITIES = [("e:vireo", "LOC"), ("e:lorna", "GPE"), ("e:halvorsen", "PERSON"), ("e:mira", "FAC")]
QUAKE_B_ENTITIES = [("e:pellar", "GPE"), ("e:grunwald", "PERSON"), ("e:ostrava", "LOC")]


def corpus():
    return [
        doc("a1", QUAKE_A, published=date(2024, 3, 5), entities=QUAKE_A_ENTITIES),
        doc("a2", QUAKE_A2, published=date(2024, 3, 6), entities=QUAKE_A_ENTITIES),
        doc("b1", QUAKE_B, published=date(2024, 3, 10), entities=QUAKE_B_ENTITIES),
        doc("b2", QUAKE_B2, published=date(2024, 3, 11), entities=QUAKE_B_ENTITIES),
        doc("t1", TRIAL, published=date(2024, 3, 11), entities=[("e:kallis", "PERSON"), ("e:samar", "GPE")]),
    ]


def groups(story_of):
    by_story = {}
    for doc_id, story in story_of.items():
        by_story.setdefault(story, set()).add(doc_id)
    return sorted(sorted(g) for g in by_story.values())


def test_reports_of_one_happening_are_one_story_and_a_look_alike_another():
    assignment = assign_stories(corpus())
    assert groups(assignment.story_of) == [["a1", "a2"], ["b1", "b2"], ["t1"]]


def test_story_id_is_its_first_document_and_later_batches_do_not_change_it():
    first = assign_stories(corpus()[:3]).story_of
    later = assign_stories(corpus()).story_of
    assert first["a2"] == "a1" and later["a2"] == "a1"
    assert all(later[d] == first[d] for d in first)


def test_documents_are_placed_in_publication_order_undated_last():
    docs = [doc("y", QUAKE_A2), doc("x", QUAKE_A, published=date(2024, 3, 9))]
    assert [d.doc_id for d in publication_order(docs)] == ["x", "y"]
    assert assign_stories(docs).story_of == {"x": "x", "y": "x"}


def test_the_same_text_far_apart_in_time_is_two_stories():
    docs = [
        doc("old", QUAKE_A, published=date(2017, 3, 5), entities=QUAKE_A_ENTITIES),
        doc("new", QUAKE_A, published=date(2022, 3, 5), entities=QUAKE_A_ENTITIES),
    ]
    assert groups(assign_stories(docs).story_of) == [["new"], ["old"]]


def test_every_joined_document_has_a_link_to_a_member_with_its_probability():
    assignment = assign_stories(corpus())
    links = {link.doc_id: link for link in assignment.links}
    assert set(links) == {"a2", "b2"}
    assert links["a2"].matched_doc_id == "a1" and links["a2"].story_id == "a1"
    assert DEFAULT_MODEL.threshold <= links["a2"].story_score <= 1
    assert 0 < links["a2"].probability <= 1


def test_features_are_one_column_each_and_similar_pairs_score_higher():
    vectors = vectorise(corpus())
    features = pair_features(vectors, np.array([0, 0]), np.array([1, 2]))
    assert features.shape == (2, len(PAIR_FEATURES))
    same, look_alike = same_story_probability(DEFAULT_MODEL, features)
    assert same > look_alike
    column = dict(zip(PAIR_FEATURES, features[0], strict=True))
    assert column["days_known"] == 1 and column["day_gap"] == pytest.approx(1 / 60)
    assert column["number_overlap"] > 0  # 6.1 and 14 in both


def test_empty_and_wordless_documents_do_not_fail():
    assert assign_stories([]).story_of == {}
    found = assign_stories([doc("a", ""), doc("b", "the and of")]).story_of
    assert found == {"a": "a", "b": "b"}


def test_story_rows_count_a_duplicate_cluster_once():
    members = [
        StoryMember("a1", "a1", "s", "Quake kills 14", datetime(2024, 3, 5, 9), "Wire"),
        StoryMember("a1-copy", "a1", "s", "Quake kills 14", datetime(2024, 3, 5, 11), "Paper"),
        StoryMember("a2", "a2", "s", None, datetime(2024, 3, 7), "Wire"),
    ]
    entities = {"a1": {"e:lorna", "e:mira"}, "a1-copy": {"e:lorna", "e:mira"}, "a2": {"e:lorna"}}
    (row,) = story_rows(members, entities, first_of={"s": "a1"})
    assert (row.doc_count, row.copy_count, row.publisher_count) == (2, 3, 2)
    assert (row.first_seen, row.last_seen) == (date(2024, 3, 5), date(2024, 3, 7))
    assert row.label == "Quake kills 14"
    # e:lorna is in both articles, e:mira only in one (counted once though it has two copies).
    assert row.top_entity_ids == ["e:lorna", "e:mira"]


def test_a_story_never_covers_more_days_than_its_window():
    days = [date(2024, 3, 1), date(2024, 4, 10), date(2024, 5, 20)]  # 40 and 80 days after the first
    docs = [doc(f"d{k}", QUAKE_A, published=day, entities=QUAKE_A_ENTITIES) for k, day in enumerate(days)]
    assert groups(assign_stories(docs).story_of) == [["d0", "d1"], ["d2"]]


def test_a_link_names_an_earlier_member_where_one_was_scored():
    assignment = assign_stories(corpus())
    order = {d.doc_id: k for k, d in enumerate(publication_order(corpus()))}
    for link in assignment.links:
        assert order[link.matched_doc_id] < order[link.doc_id]


def test_cosines_relative_to_the_closest_match_and_shared_neighbours_lie_in_0_1():
    vectors = vectorise(corpus())
    left, right = np.triu_indices(len(corpus()), 1)
    features = pair_features(vectors, left, right)
    relative = [k for k, name in enumerate(PAIR_FEATURES) if "_relative_" in name or "_shared_" in name]
    assert relative and (features[:, relative] >= 0).all() and (features[:, relative] <= 1).all()
    column = dict(zip(PAIR_FEATURES, features[0], strict=True))  # a1 and a2: each other's closest match
    assert column["text_relative_high"] == pytest.approx(1.0)


def test_a_document_that_matches_nothing_well_is_nobodys_close_match():
    # t1 shares a word or two with the quakes at best: being its closest match is no evidence.
    docs = corpus()
    vectors = vectorise(docs)
    t1 = [d.doc_id for d in docs].index("t1")
    others = np.array([k for k in range(len(docs)) if k != t1])
    features = pair_features(vectors, np.full(len(others), t1), others)
    column = {name: features[:, k] for k, name in enumerate(PAIR_FEATURES)}
    assert (column["text_relative_high"] < 0.5).all()
    assert (column["text_shared_neighbours"] == 0).all()
    assert (same_story_probability(DEFAULT_MODEL, features) < DEFAULT_MODEL.threshold).all()
