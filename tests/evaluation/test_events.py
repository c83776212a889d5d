"""The ECB+ event evaluation's scoring on synthetic rows: locating gold sentences in a cleaned body,
matching our mentions to gold ones, B-cubed with unfound mentions as singletons, document-pair precision
and recall, look-alike merges, story-type coverage; and the story gold file against the corpus."""

import csv
import re
from pathlib import Path

import pyarrow as pa
import pytest

from evaluation.events import (
    STORY_EVENTS,
    EvalDocument,
    EventCorpus,
    GoldMention,
    Located,
    OurMention,
    StoryEvent,
    coreference,
    coverage,
    cross_document,
    evaluate,
    locate_gold,
    look_alike_merges,
    match_gold,
    our_mentions,
    pair_scores,
    report,
    simple_lemma,
    spacy_lemmas,
    trigger_spans,
)
from pipeline.nlp.event_types import TYPES_BY_NAME

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "ecbplus"


def mention(event_id, doc_id="d1", event_type="treatment", trigger=(0, 0), sentence=(0, 0)):
    return OurMention(
        event_id=event_id,
        doc_id=doc_id,
        event_type=event_type,
        start_char=sentence[0],
        end_char=sentence[1],
        trigger_start=trigger[0],
        trigger_end=trigger[1],
    )


def span_of(words, text):
    start = text.index(words)
    return (start, start + len(words))


# --- locating gold sentences and triggers ---------------------------------------------------------

BODY = (
    'Intro line.\n\nPerennial party girl Tara Reid checked herself into Promises, her rep said. "She is '
    'grateful," the rep added.'
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Perennial party girl Tara Reid checked herself into Promises, her rep said.",
        "perennial  party girl Tara Reid\nchecked herself into Promises , her rep said.",  # case, spaces
        "“She is grateful,” the rep added.",  # typographic quotes, straightened in the body
        "``She is grateful, '' the rep added.",  # the tokeniser's quotes
    ],
)
def test_a_gold_sentence_is_located_whatever_its_whitespace_case_and_quotes(sentence):
    found = locate_gold(
        GoldMention("1_1ecb.txt", "1", "c", "added", sentence), EvalDocument("d1", "f", 1, "s", BODY)
    )
    assert found.where == "body"
    start, end = found.sentence
    assert BODY[start:end].split()[-1].rstrip(".") in sentence


def test_a_headline_sentence_is_told_apart_from_one_the_body_lost():
    document = EvalDocument("d1", "f", 1, "s", BODY, title="Tara Reid Checks Into Rehab")
    assert (
        locate_gold(GoldMention("f", "1", "c", "checks", "Tara Reid checks into rehab"), document).where
        == "title"
    )
    assert (
        locate_gold(GoldMention("f", "2", "c", "fled", "She fled the clinic."), document).where == "not_found"
    )
    assert locate_gold(GoldMention("f", "3", "c", "fled", "She fled."), None).where == "no_document"


@pytest.mark.parametrize(
    "trigger, sentence, expected",
    [
        ("checked into", "Reid checked into rehab.", ["checked into"]),
        ("pulled on", "He pulled a gun on guards.", ["pulled", "on"]),  # discontinuous: word by word
        ("it", "It was with them, it said.", ["It", "it"]),  # whole words only: not the "it" of "with"
        ("died", "She died, and he died too.", ["died", "died"]),  # no token offsets: both occurrences
        ("fled", "Reid checked into rehab.", []),
    ],
)
def test_trigger_spans_are_the_trigger_words_inside_the_sentence(trigger, sentence, expected):
    body = "Before. " + sentence + " After it died."
    start = body.index(sentence)
    spans = trigger_spans(trigger, body, (start, start + len(sentence)))
    assert [body[s:e] for s, e in spans] == expected


# --- matching our mentions to gold mentions --------------------------------------------------------

SENTENCE = "Perennial party girl Tara Reid checked herself into Promises, her rep said."
LOCATED = Located(
    "body", span_of(SENTENCE, BODY), (span_of("checked herself into", BODY),)
)  # the gold trigger as trigger_spans gives it


def at(words, event_id="e1"):
    return mention(event_id, trigger=span_of(words, BODY))


@pytest.mark.parametrize(
    "ours, expected",
    [
        pytest.param([at("checked")], "e1", id="overlaps the gold trigger"),
        pytest.param([mention("e1", trigger=(BODY.index("Reid") + 2, BODY.index("checked") + 2))], "e1",
                     id="overlaps it in part"),
        pytest.param([at("said")], None, id="in the sentence, another word"),
        pytest.param([at("added")], None, id="another sentence"),
        pytest.param([at("checked", "e1"), at("checked herself", "e2")], "e2", id="most overlap wins"),
        pytest.param([at("herself", "e1"), at("checked", "e2")], "e2", id="equal overlap: nearest start"),
        pytest.param([at("into", "e1"), at("said", "e2")], "e1", id="only one overlaps"),
    ],
)  # fmt: skip
def test_a_gold_mention_is_found_by_the_mention_with_the_most_trigger_overlap(ours, expected):
    found = match_gold(LOCATED, ours)
    assert (found.event_id if found else None) == expected


def test_a_trigger_reaching_outside_the_gold_sentence_finds_nothing():
    start, end = LOCATED.sentence
    assert match_gold(LOCATED, [mention("e1", trigger=(start - 5, start + 12))]) is None
    assert match_gold(LOCATED, [mention("e1", trigger=(start, start + 12))]) is None  # "Perennial pa"
    assert match_gold(LOCATED, [mention("e1", trigger=(start + 31, end))]).event_id == "e1"


def test_a_mention_without_trigger_offsets_finds_nothing():
    assert match_gold(LOCATED, [OurMention("e1", "d1", "treatment", *LOCATED.sentence)]) is None


# --- coreference: B-cubed with unfound mentions as singletons --------------------------------------


def gold(file, m_id, chain, trigger="went"):
    return GoldMention(file, m_id, chain, trigger, f"{file} {m_id}")


def test_unfound_gold_mentions_are_singletons_not_one_cluster():
    """Regression guard: unfound mentions must not share one "unfound" cluster, which would merge
    chains and punish precision for mentions we never claimed."""
    mentions = [gold("1_1ecb.txt", "1", "A"), gold("1_2ecb.txt", "1", "A"), gold("1_3ecb.txt", "1", "A")]
    mentions += [gold("1_1ecb.txt", "2", "B"), gold("1_2ecb.txt", "2", "B")]
    matched = {mentions[0].key: mention("e1"), mentions[1].key: mention("e1")}
    located = {m.key: Located("body", (0, 1), ((0, 1),)) for m in mentions}
    result = coreference(mentions, located, matched, {m.key: "go" for m in mentions})
    assert result["found"] == 2 and result["mention_recall"] == 0.4
    ours = result["bcubed"]["ours"]
    assert ours["precision"] == 1.0
    assert ours["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2) / 5, abs=1e-4)
    assert result["bcubed"]["all_singletons"]["precision"] == 1.0
    assert result["bcubed"]["same_lemma"]["recall"] == 1.0  # one lemma: everything in one cluster
    assert result["bcubed"]["same_lemma"]["precision"] == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)


def test_same_lemma_within_topic_keeps_topics_apart():
    mentions = [gold("1_1ecb.txt", "1", "A"), gold("2_1ecb.txt", "1", "B"), gold("1_2ecb.txt", "1", "A")]
    located = {m.key: Located("body") for m in mentions}
    result = coreference(mentions, located, None, {m.key: "go" for m in mentions})
    assert result["bcubed"]["same_lemma_within_topic"]["f1"] == 1.0
    assert result["bcubed"]["same_lemma"]["f1"] < 1.0
    assert result["bcubed"]["ours"] is None and result["mention_recall"] is None  # no trigger offsets


def test_only_chains_spanning_two_documents_are_scored():
    mentions = [gold("1_1ecb.txt", "1", "A"), gold("1_2ecb.txt", "1", "A"), gold("1_1ecb.txt", "2", "B")]
    mentions.append(gold("1_1ecb.txt", "3", "B"))  # a chain inside one document
    assert [m.m_id for m in cross_document(mentions)] == ["1", "1"]


# --- documents linked by shared events --------------------------------------------------------------


def test_pair_precision_and_recall_count_document_pairs_sharing_an_event():
    story_of = {"a": "1ecb", "b": "1ecb", "c": "1ecbplus", "d": "1ecbplus", "e": "2ecb"}
    events_of = {"a": {"e1"}, "b": {"e1", "e3"}, "c": {"e1"}, "d": {"e2"}, "e": set()}
    scores = pair_scores(story_of, events_of)
    # predicted: ab, ac, bc; true: ab; gold: ab, cd
    assert (scores["predicted"], scores["true"], scores["gold"]) == (3, 1, 2)
    assert scores["precision"] == pytest.approx(1 / 3, abs=1e-4) and scores["recall"] == 0.5


def test_pairs_are_counted_over_the_documents_scored_only():
    scores = pair_scores({"a": "1ecb", "b": "1ecb"}, {"a": {"e1"}, "b": {"e1"}, "z": {"e1"}})
    assert (scores["predicted"], scores["true"], scores["precision"], scores["recall"]) == (1, 1, 1.0, 1.0)


def test_no_predicted_pair_leaves_precision_undefined():
    assert pair_scores({"a": "1ecb", "b": "1ecb"}, {})["precision"] is None


def test_look_alike_merges_are_events_spanning_both_stories_of_one_topic():
    documents = [
        EvalDocument("1a", "1_1ecb.txt", 1, "1ecb"),
        EvalDocument("1b", "1_1ecbplus.txt", 1, "1ecbplus"),
        EvalDocument("2a", "2_1ecb.txt", 2, "2ecb"),
        EvalDocument("2b", "2_1ecbplus.txt", 2, "2ecbplus"),
        EvalDocument("3a", "3_1ecb.txt", 3, "3ecb"),
    ]
    events_of = {"1a": {"e1"}, "1b": {"e1"}, "2a": {"e2"}, "2b": {"e3"}, "3a": {"e2"}}  # e2: across topics
    found = look_alike_merges(documents, events_of, {"e1": "treatment"})
    assert found["merged_topics"] == [1]
    assert found["merged_topic_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert found["merging_event_types"] == {1: {"treatment": 1}}


def test_coverage_counts_documents_with_a_mention_of_their_storys_gold_type():
    documents = [EvalDocument(d, f"1_{d}ecb.txt", 1, "1ecb") for d in ("a", "b", "c")]
    story_events = {"1ecb": StoryEvent("1ecb", "treatment", "rehab")}
    mentions_of = {"a": [mention("e1", "a")], "b": [mention("e2", "b", "travel")]}
    found = coverage(documents, mentions_of, story_events)
    assert (found["covered"], found["coverage"], found["documents_without_event_mentions"]) == (1, 0.3333, 1)
    assert found["by_gold_type"]["treatment"]["found_instead"] == {"travel": 1, "(none)": 1}


# --- the whole evaluation on a synthetic corpus -----------------------------------------------------


def test_evaluate_scores_all_odd_and_even_topics_and_reports_them():
    body = "Reid checked into rehab on Tuesday."
    trigger = span_of("checked into", body)
    documents = [
        EvalDocument("d1", "1_1ecb.txt", 1, "1ecb", body),
        EvalDocument("d2", "1_2ecb.txt", 1, "1ecb", body),
        EvalDocument("d3", "2_1ecb.txt", 2, "2ecb", body),
        EvalDocument("d4", "2_2ecb.txt", 2, "2ecb", body),
    ]
    corpus = EventCorpus(
        documents=documents,
        mentions=[mention("e1", d, trigger=trigger, sentence=(0, len(body))) for d in ("d1", "d2", "d3")],
        story_events={s: StoryEvent(s, "treatment", "rehab") for s in ("1ecb", "2ecb")},
        gold_mentions=[GoldMention(d.file, "1", f"chain{d.topic}", "checked into", body) for d in documents],
    )
    results = evaluate(corpus, lambda gold: {m.key: simple_lemma(m.trigger) for m in gold})
    assert results["odd_topics_tuning"]["topics"] == [1] and results["even_topics_held_out"]["topics"] == [2]
    everything = results["all"]
    assert everything["coverage"]["coverage"] == 0.75
    assert everything["pairs"]["true"] == 1 and everything["pairs"]["predicted"] == 3  # e1 spans topics
    assert everything["coreference"]["mention_recall"] == 0.75
    assert results["odd_topics_tuning"]["coreference"]["bcubed"]["ours"]["f1"] == 1.0
    assert "story-type coverage" in report(results)


def test_event_mentions_lacking_type_and_trigger_columns_are_read_with_notes():
    mentions = pa.table(
        {"event_id": ["e1"], "doc_id": ["d1"], "text": ["x"], "start_char": [0], "end_char": [1]}
    )
    events = pa.table({"event_id": ["e1"], "event_type": ["meet"]})
    rows, notes = our_mentions(mentions, events)
    assert rows[0].event_type == "meet" and rows[0].trigger_start is None
    assert len(notes) == 2


@pytest.mark.parametrize(
    "trigger, expected",
    [("checked into", "check"), ("died", "died"), ("shooting", "shoot"), ("Academy Awards", "academy")],
)
def test_simple_lemma_strips_an_ending_of_the_longest_word(trigger, expected):
    assert simple_lemma(trigger) == expected


@pytest.mark.slow
def test_spacy_lemma_is_the_trigger_heads_lemma_in_its_sentence():
    from pipeline.lake.settings import DEFAULT_SPACY_MODEL

    mentions = [
        GoldMention("f", "1", "c", "fired", "The 76ers fired their coach on Saturday."),
        GoldMention("f", "2", "c", "checked into", "She checked into a clinic."),
        GoldMention("f", "3", "c", "heart attack", "He suffered a heart attack."),
    ]
    assert list(spacy_lemmas(mentions, DEFAULT_SPACY_MODEL).values()) == ["fire", "check", "attack"]


# --- the story gold file ----------------------------------------------------------------------------


def test_every_gold_story_type_is_in_the_taxonomy_and_every_row_is_short_and_well_formed():
    from evaluation.events import load_story_events

    stories = load_story_events(STORY_EVENTS)
    assert {s.type for s in stories.values()} <= set(TYPES_BY_NAME)
    for s in stories.values():
        assert len(s.what.split()) <= 12, s.story
        assert s.date is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", s.date), s.story


@pytest.mark.skipif(
    not (ECBPLUS / "stories.tsv").is_file(), reason="../shared/corpora/ecbplus is not available"
)
def test_the_gold_file_covers_exactly_the_corpus_stories():
    from evaluation.events import load_story_events

    with (ECBPLUS / "stories.tsv").open(encoding="utf-8") as handle:
        corpus_stories = {r["story"] for r in csv.DictReader(handle, delimiter="\t")}
    assert set(load_story_events(STORY_EVENTS)) == corpus_stories


def test_a_headline_mention_is_found_by_a_title_mention_only():
    title = "Tara Reid Checks Into Rehab"
    document = EvalDocument("d1", "f", 1, "s", BODY, title=title)
    located = locate_gold(GoldMention("f", "1", "c", "checks", "Tara Reid checks into rehab"), document)
    assert located.triggers == ((10, 16),)
    in_title = OurMention("e1", "d1", "treatment", 0, len(title), 10, 16, in_title=True)
    in_body = OurMention("e2", "d1", "treatment", 0, len(title), 10, 16, in_title=False)
    assert match_gold(located, [in_body]) is None
    assert match_gold(located, [in_body, in_title]) == in_title
