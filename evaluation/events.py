"""Events on ECB+: each topic holds articles about two different happenings of one kind, so good events
type each story's seminal happening, link the articles of one story through shared events, never link
a topic's two stories, and group ECB+'s own gold event mentions into its cross-document chains.

    python -m evaluation.events --ecbplus ../shared/corpora/ecbplus [--json out.json]

The documents go through the production per-batch steps (`evaluation.folder_run`) and the production
corpus step (`pipeline.corpus.build.corpus_tables`), exactly as `evaluation.stories` runs them: the events
scored are the `events` / `event_mentions` the warehouse would hold. Gold: the seminal event type of
every story (`evaluation/gold/ecbplus_story_events.yaml`, written by reading the documents) and ECB+'s
event mentions with their coreference chains (`events.tsv`). Everything is reported over all topics and
over the odd topics (tuned on) and the even topics (held out) separately.

Measures:
- coverage: share of documents with an event mention of their story's gold type;
- pairs: a document pair is linked when the two share an event_id, gold-linked when they share a story;
  pairwise precision and recall, and the same keeping only each document's events of its gold type;
- look-alike merges: topics where one event_id has mentions in documents of both the topic's stories;
- coreference: ECB+'s gold mentions of chains spanning >= 2 documents; a gold mention is found when one
  of our mentions of its document has its trigger inside the gold sentence (located in the body by a
  whitespace-, case- and quote-insensitive search) and overlapping the gold trigger words; B-cubed of our
  event_ids over the gold mentions (unfound ones as singletons) against the chains, beside all-singletons
  and same-trigger-lemma baselines (spaCy's lemma of the trigger's head word in its sentence), corpus-wide
  and within a gold topic, which are given every gold mention.
"""

import argparse
import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from evaluation.folder_run import cached_corpus_tables
from evaluation.stories import ECBPLUS, REPO, bcubed, gold_stories
from pipeline.corpus.versions import DocumentRow
from pipeline.lake.settings import DEFAULT_SPACY_MODEL

STORY_EVENTS = REPO / "evaluation" / "gold" / "ecbplus_story_events.yaml"
TARGETS = {
    "coverage": 0.85,
    "pair_precision": 0.95,
    "merged_topic_share": 0.05,
    "mention_recall": 0.6,
    "bcubed_f1": 0.6,
}

# ---------------------------------------------------------------------------------------------
# Rows the scoring reads: plain, so the scoring is tested on synthetic rows without the pipeline
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryEvent:
    """A story's seminal event as the gold file types it."""

    story: str
    type: str
    what: str
    date: str | None = None
    place: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class EvalDocument:
    """A document of the corpus with its gold story."""

    doc_id: str
    file: str
    topic: int
    story: str
    body: str = ""
    title: str | None = None


@dataclass(frozen=True)
class OurMention:
    """One row of `event_mentions`: offsets are characters of the document's body."""

    event_id: str
    doc_id: str
    event_type: str
    start_char: int
    end_char: int
    trigger_start: int | None = None
    trigger_end: int | None = None
    in_title: bool = False  # a headline's mention: offsets into the document's title


@dataclass(frozen=True)
class GoldMention:
    """One row of ECB+'s `events.tsv`: an annotated event mention, its chain and its sentence."""

    file: str
    m_id: str
    chain: str
    trigger: str
    sentence: str

    @property
    def topic(self) -> int:
        return int(self.file.split("_", 1)[0])

    @property
    def key(self) -> tuple[str, str]:
        return (self.file, self.m_id)


Span = tuple[int, int]


@dataclass(frozen=True)
class Located:
    """Where a gold mention sits in its document: `where` is "body", "title" (the sentence is the
    headline, which the body does not hold: spans are then offsets into the title), "no_document" (the
    pipeline holds no such document) or "not_found"; `triggers` are the spans of the gold trigger words
    inside the sentence."""

    where: str
    sentence: Span | None = None
    triggers: tuple[Span, ...] = ()
    approximate: bool = False


@dataclass
class EventCorpus:
    """ECB+ as the corpus step leaves it, with the gold beside it."""

    documents: list[EvalDocument]
    mentions: list[OurMention]
    story_events: dict[str, StoryEvent]
    gold_mentions: list[GoldMention]
    missing_files: list[str] = field(default_factory=list)  # gold files the documents table lacks
    notes: list[str] = field(default_factory=list)  # columns the event tables lack, and what that skips


# ---------------------------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------------------------


def load_story_events(path: Path = STORY_EVENTS) -> dict[str, StoryEvent]:
    """The gold file's stories, by story id (dates kept as the strings written)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        story: StoryEvent(story=story, **{k: (str(v) if v is not None else None) for k, v in row.items()})
        for story, row in spec["stories"].items()
    }


def load_gold_mentions(ecbplus: Path) -> list[GoldMention]:
    """ECB+'s gold event mentions (`events.tsv`), read with no quoting: its fields hold bare quotes."""
    with (ecbplus / "events.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [GoldMention(r["file"], r["m_id"], r["chain"], r["trigger"], r["sentence"]) for r in reader]


def cross_document(gold: Sequence[GoldMention]) -> list[GoldMention]:
    """The gold mentions of chains spanning two documents or more: what cross-document coreference is
    scored on (a chain inside one document says nothing about linking documents)."""
    files_of: dict[str, set[str]] = defaultdict(set)
    for m in gold:
        files_of[m.chain].add(m.file)
    return [m for m in gold if len(files_of[m.chain]) >= 2]


# ---------------------------------------------------------------------------------------------
# Locating gold sentences and triggers in the cleaned body
# ---------------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_ANCHOR = 30  # characters of a sentence's start and end that locate it when the whole does not match


def folded(text: str) -> tuple[str, list[int]]:
    """`text` without whitespace, case-folded, with typographic quotes and dashes made plain (and the
    tokeniser's ``quotes'' too), and the index in `text` of every character kept: the body is cleaned
    text (quotes straightened, lines joined) while ECB+'s sentences are detokenised tokens, so only this
    much of them can be compared."""
    kept, index = [], []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        chars = (
            '"'
            if pair in ("``", "''")
            else unicodedata.normalize("NFKC", text[i]).translate(_FOLD).casefold()
        )
        for c in chars:
            if not c.isspace():
                kept.append(c)
                index.append(i)
        i += 2 if pair in ("``", "''") else 1
    return "".join(kept), index


def find_folded(needle: str, haystack: str) -> list[Span]:
    """Every span of `haystack` whose folded text is the folded `needle`."""
    target, _ = folded(needle)
    text, index = folded(haystack)
    if not target:
        return []
    spans, at = [], text.find(target)
    while at >= 0:
        spans.append((index[at], index[at + len(target) - 1] + 1))
        at = text.find(target, at + 1)
    return spans


def locate_sentence(sentence: str, body: str) -> tuple[Span | None, bool]:
    """The sentence's span in the body, and whether it was found only approximately: by its first and
    last characters, when a cleaning step changed something in between."""
    exact = find_folded(sentence, body)
    if exact:
        return exact[0], False
    target, _ = folded(sentence)
    if len(target) < 3 * _ANCHOR:
        return None, False
    text, index = folded(body)
    head, tail = text.find(target[:_ANCHOR]), text.find(target[-_ANCHOR:])
    if head < 0 or tail < head or not 0.8 <= (tail + _ANCHOR - head) / len(target) <= 1.25:
        return None, False
    return (index[head], index[tail + _ANCHOR - 1] + 1), True


def _is_word(span: Span, text: str) -> bool:
    start, end = span
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def trigger_spans(trigger: str, body: str, sentence: Span) -> tuple[Span, ...]:
    """Body spans of the gold trigger words inside the sentence: the whole trigger where it occurs as
    words, else each of its words (a discontinuous annotation, "pulled ... on"). ECB+'s rows carry no
    token offsets, so a trigger occurring twice in its sentence yields both occurrences."""
    start, end = sentence
    segment = body[start:end]

    def occurrences(words: str) -> list[Span]:
        return [(start + s, start + e) for s, e in find_folded(words, segment) if _is_word((s, e), segment)]

    whole = occurrences(trigger)
    if whole:
        return tuple(whole)
    return tuple(span for word in trigger.split() for span in occurrences(word))


def locate_gold(mention: GoldMention, document: EvalDocument | None) -> Located:
    """The gold mention's sentence and trigger words in its document's body, or why they are not there."""
    if document is None:
        return Located("no_document")
    span, approximate = locate_sentence(mention.sentence, document.body)
    if span is not None:
        return Located("body", span, trigger_spans(mention.trigger, document.body, span), approximate)
    if document.title and folded(document.title)[0] == folded(mention.sentence)[0]:
        title_span = (0, len(document.title))
        return Located("title", title_span, trigger_spans(mention.trigger, document.title, title_span))
    return Located("not_found")


# ---------------------------------------------------------------------------------------------
# Matching our mentions to gold mentions
# ---------------------------------------------------------------------------------------------


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_gold(located: Located, ours: Sequence[OurMention]) -> OurMention | None:
    """Our mention of the document that finds the gold mention: its trigger inside the gold sentence and
    overlapping a gold trigger word; of several, the one with the most overlapping characters (then the
    nearest start), so two of our mentions in one sentence each find their own gold trigger."""
    if located.sentence is None or not located.triggers:
        return None
    start, end = located.sentence
    best: tuple[tuple[int, int], OurMention] | None = None
    for m in ours:
        if m.trigger_start is None or m.trigger_end is None or m.in_title != (located.where == "title"):
            continue
        if not (start <= m.trigger_start and m.trigger_end <= end):
            continue
        span = (m.trigger_start, m.trigger_end)
        overlap = max(_overlap(span, t) for t in located.triggers)
        if overlap == 0:
            continue
        distance = min(abs(m.trigger_start - t[0]) for t in located.triggers)
        rank = (overlap, -distance)
        if best is None or rank > best[0]:
            best = (rank, m)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _prf(true: int, predicted: int, gold: int) -> dict[str, Any]:
    precision, recall = _share(true, predicted), _share(true, gold)
    f1 = (
        round(2 * precision * recall / (precision + recall), 4)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true": true,
        "predicted": predicted,
        "gold": gold,
    }


def coverage(
    documents: Sequence[EvalDocument],
    mentions_of: Mapping[str, Sequence[OurMention]],
    story_events: Mapping[str, StoryEvent],
) -> dict[str, Any]:
    """Share of documents with at least one event mention of their story's gold type, and per gold type
    how many documents missed it and what types we found in them instead (why they missed)."""
    by_type: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"documents": 0, "missed": 0, "found_instead": Counter()}
    )
    covered = 0
    story_documents, story_misses = Counter(d.story for d in documents), Counter()
    for d in documents:
        gold_type = story_events[d.story].type
        found = [m.event_type for m in mentions_of.get(d.doc_id, ())]
        row = by_type[gold_type]
        row["documents"] += 1
        if gold_type in found:
            covered += 1
        else:
            row["missed"] += 1
            row["found_instead"].update(found or ["(none)"])
            story_misses[d.story] += 1
    misses = {
        t: {
            "documents": r["documents"],
            "missed": r["missed"],
            "coverage": _share(r["documents"] - r["missed"], r["documents"]),
            "found_instead": dict(r["found_instead"].most_common(3)),
        }
        for t, r in sorted(by_type.items(), key=lambda kv: (-kv[1]["missed"], kv[0]))
    }
    return {
        "documents": len(documents),
        "covered": covered,
        "coverage": _share(covered, len(documents)),
        "documents_without_event_mentions": sum(1 for d in documents if not mentions_of.get(d.doc_id)),
        "by_gold_type": misses,
        "stories_with_misses": {
            story: f"{n}/{story_documents[story]} {story_events[story].type}"
            for story, n in story_misses.most_common()
        },
    }


def linked_pairs(events_of: Mapping[str, Iterable[str]]) -> set[tuple[str, str]]:
    """Every pair of documents (ordered ids) sharing at least one event_id."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, event_ids in events_of.items():
        for event_id in event_ids:
            docs_of[event_id].add(doc_id)
    return {pair for docs in docs_of.values() for pair in combinations(sorted(docs), 2)}


def pair_scores(story_of: Mapping[str, str], events_of: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """Pairwise precision and recall over every pair of the documents in `story_of`: predicted link =
    sharing an event_id, gold link = same story. Precision says whether our events can be trusted to join
    documents; recall how much of a story they connect."""
    predicted = {p for p in linked_pairs({d: events_of.get(d, ()) for d in story_of}) if p[1] in story_of}
    true = sum(1 for a, b in predicted if story_of[a] == story_of[b])
    gold = sum(n * (n - 1) // 2 for n in Counter(story_of.values()).values())
    return _prf(true, len(predicted), gold)


def look_alike_merges(
    documents: Sequence[EvalDocument],
    events_of: Mapping[str, Iterable[str]],
    type_of: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The topics where some event_id has mentions in documents of both of the topic's stories: the
    look-alike happenings (two earthquakes, two rehab stays) our events failed to keep apart."""
    stories_of_event: dict[tuple[int, str], set[str]] = defaultdict(set)
    stories_of_topic: dict[int, set[str]] = defaultdict(set)
    for d in documents:
        stories_of_topic[d.topic].add(d.story)
        for event_id in events_of.get(d.doc_id, ()):
            stories_of_event[(d.topic, event_id)].add(d.story)
    merged: dict[int, list[str]] = defaultdict(list)
    for (topic, event_id), stories in stories_of_event.items():
        if len(stories) >= 2:
            merged[topic].append(event_id)
    return {
        "topics": len(stories_of_topic),
        "merged_topics": sorted(merged),
        "merged_topic_share": _share(len(merged), len(stories_of_topic)),
        "merging_events": {t: sorted(ids) for t, ids in sorted(merged.items())},
        "merging_event_types": {
            t: dict(Counter((type_of or {}).get(i, "?") for i in ids)) for t, ids in sorted(merged.items())
        },
    }


def simple_lemma(trigger: str) -> str:
    """A crude lemma of a trigger, for tests and as a fallback: its longest word, lower-cased and
    stripped of an inflectional ending."""
    words = re.findall(r"[a-z]+", trigger.lower()) or [trigger.lower()]
    word = max(words, key=len)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def spacy_lemmas(gold: Sequence[GoldMention], spacy_model: str) -> dict[tuple[str, str], str]:
    """spaCy's lemma of each trigger's head word (the trigger token whose syntactic head lies outside the
    trigger), parsed in its own sentence so the tagger sees the word in context ("fired" the verb, not
    the adjective); a trigger spaCy cannot place falls back to `simple_lemma`."""
    from pipeline.nlp.spacy_pass import load_pipeline

    nlp = load_pipeline(spacy_model)
    sentences = sorted({m.sentence for m in gold})
    lemmas: dict[tuple[str, str], str] = {}
    parsed = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    for m in gold:
        doc = parsed[m.sentence]
        spans = trigger_spans(m.trigger, m.sentence, (0, len(m.sentence)))
        tokens = [t for t in doc if spans and _overlap((t.idx, t.idx + len(t)), spans[0]) > 0]
        heads = [t for t in tokens if t.head not in tokens or t.head == t]
        lemmas[m.key] = heads[0].lemma_.lower() if heads else simple_lemma(m.trigger)
    return lemmas


def coreference(
    gold: Sequence[GoldMention],
    located: Mapping[tuple[str, str], Located],
    matched: Mapping[tuple[str, str], OurMention | None] | None,
    lemma_of: Mapping[tuple[str, str], str],
) -> dict[str, Any]:
    """Mention recall and B-cubed of our event_ids over the gold mentions against the gold chains (an
    unfound mention is a singleton of its own), beside the baselines on the same mentions. `matched` is
    None when our mentions carry no trigger offsets: then only the baselines are scored."""
    chains = [m.chain for m in gold]
    where = Counter(located[m.key].where for m in gold)

    def b3(predicted: Sequence[Hashable], gold_chains: Sequence[Hashable]) -> dict[str, float]:
        precision, recall, f1 = bcubed(predicted, gold_chains)
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}

    ours: dict[str, Any] = {"mention_recall": None, "found": None, "mention_recall_of_located": None}
    bcubed_ours: dict[str, Any] = {"ours": None, "ours_on_found_mentions_only": None}
    if matched is not None:
        predicted = [matched[m.key].event_id if matched.get(m.key) else ("unfound", m.key) for m in gold]
        found = [i for i, m in enumerate(gold) if matched.get(m.key)]
        ours = {
            "found": len(found),
            "mention_recall": _share(len(found), len(gold)),
            "mention_recall_of_located": _share(len(found), where["body"] + where["title"]),
        }
        bcubed_ours = {
            "ours": b3(predicted, chains),
            "ours_on_found_mentions_only": b3([predicted[i] for i in found], [chains[i] for i in found]),
        }
    return {
        "gold_mentions": len(gold),
        "gold_chains": len(set(chains)),
        **ours,
        "located_in_body": where["body"],
        "located_in_title": where["title"],
        "located_approximately": sum(1 for m in gold if located[m.key].approximate),
        "located_without_trigger": sum(
            1 for m in gold if located[m.key].where in ("body", "title") and not located[m.key].triggers
        ),
        "not_located": {w: where[w] for w in ("not_found", "no_document")},
        "not_located_sentences": len(
            {(m.file, m.sentence) for m in gold if located[m.key].where not in ("body", "title")}
        ),
        "bcubed": {
            **bcubed_ours,
            "all_singletons": b3([m.key for m in gold], chains),
            "same_lemma": b3([lemma_of[m.key] for m in gold], chains),
            "same_lemma_within_topic": b3([(m.topic, lemma_of[m.key]) for m in gold], chains),
        },
    }


def by_document(mentions: Iterable[OurMention]) -> dict[str, list[OurMention]]:
    """Our mentions grouped by document, as every measure reads them."""
    mentions_of: dict[str, list[OurMention]] = defaultdict(list)
    for m in mentions:
        mentions_of[m.doc_id].append(m)
    return mentions_of


def score_topics(
    corpus: EventCorpus,
    topics: set[int],
    lemma_of: Mapping[tuple[str, str], str],
    located: Mapping[tuple[str, str], Located],
    matched: Mapping[tuple[str, str], OurMention | None] | None,
) -> dict[str, Any]:
    """Every measure over the documents and gold mentions of `topics`."""
    documents = [d for d in corpus.documents if d.topic in topics]
    mentions_of = by_document(corpus.mentions)
    story_of = {d.doc_id: d.story for d in documents}
    gold_type = {d.doc_id: corpus.story_events[d.story].type for d in documents}
    events_of = {d: {m.event_id for m in mentions_of.get(d, ())} for d in story_of}
    typed_events_of = {
        d: {m.event_id for m in mentions_of.get(d, ()) if m.event_type == gold_type[d]} for d in story_of
    }
    gold = [m for m in cross_document(corpus.gold_mentions) if m.topic in topics]
    return {
        "topics": sorted({d.topic for d in documents}),
        "documents": len(documents),
        "event_mentions": sum(len(mentions_of.get(d, ())) for d in story_of),
        "events": len({e for ids in events_of.values() for e in ids}),
        "coverage": coverage(documents, mentions_of, corpus.story_events),
        "pairs": pair_scores(story_of, events_of),
        "pairs_gold_type_events": pair_scores(story_of, typed_events_of),
        "look_alike": look_alike_merges(
            documents, events_of, {m.event_id: m.event_type for m in corpus.mentions}
        ),
        "coreference": coreference(gold, located, matched, lemma_of) if gold else None,
    }


# ---------------------------------------------------------------------------------------------
# The corpus through the production pipeline
# ---------------------------------------------------------------------------------------------


def our_mentions(mentions: pa.Table, events: pa.Table) -> tuple[list[OurMention], list[str]]:
    """`event_mentions` rows as plain mentions, and notes on columns it lacks: a mention without an
    event_type takes its event's, one without trigger offsets cannot find gold mentions."""
    columns = set(mentions.schema.names)
    notes = []
    type_of = {r["event_id"]: r["event_type"] for r in events.select(["event_id", "event_type"]).to_pylist()}
    if "event_type" not in columns:
        notes.append("event_mentions has no event_type: each mention takes its event's")
    if not {"trigger_start", "trigger_end"} <= columns:
        notes.append("event_mentions has no trigger_start/trigger_end: no gold mention can be found")
    rows = [
        OurMention(
            event_id=r["event_id"],
            doc_id=r["doc_id"],
            event_type=r.get("event_type") or type_of[r["event_id"]],
            start_char=r["start_char"],
            end_char=r["end_char"],
            trigger_start=r.get("trigger_start"),
            trigger_end=r.get("trigger_end"),
            in_title=bool(r.get("in_title")),
        )
        for r in mentions.to_pylist()
    ]
    return rows, notes


def load_corpus(
    ecbplus: Path, scratch: Path, spacy_model: str, story_events: Path = STORY_EVENTS
) -> EventCorpus:
    """Run the folder through the production steps (per-batch tables cached as `evaluation.stories`
    caches them) and pair each document with its gold story through its source file's name."""
    built = cached_corpus_tables(ecbplus / "text", scratch, spacy_model=spacy_model)
    gold_by_file = gold_stories(ecbplus)
    documents = [
        EvalDocument(d.doc_id, name, gold_by_file[name].topic, gold_by_file[name].story, d.body, d.title)
        for d in DocumentRow.from_table(built[DocumentRow.TABLE])
        if (name := Path(d.source_path).name) in gold_by_file
    ]
    kept = {d.doc_id for d in documents}
    mentions, notes = our_mentions(built["event_mentions"], built["events"])
    return EventCorpus(
        documents=documents,
        mentions=[m for m in mentions if m.doc_id in kept],
        story_events=load_story_events(story_events),
        gold_mentions=load_gold_mentions(ecbplus),
        missing_files=sorted(set(gold_by_file) - {d.file for d in documents}),
        notes=notes,
    )


def evaluate(corpus: EventCorpus, lemma_of: Callable[[Sequence[GoldMention]], Mapping]) -> dict[str, Any]:
    """All measures over all topics, the odd (tuning) and the even (held-out) topics."""
    document_of = {d.file: d for d in corpus.documents}
    mentions_of = by_document(corpus.mentions)
    gold = cross_document(corpus.gold_mentions)
    located = {m.key: locate_gold(m, document_of.get(m.file)) for m in gold}
    can_match = any(m.trigger_start is not None for m in corpus.mentions)
    matched = (
        {
            m.key: match_gold(located[m.key], mentions_of[document_of[m.file].doc_id])
            if m.file in document_of
            else None
            for m in gold
        }
        if can_match
        else None
    )
    lemmas = lemma_of(gold)
    topics = {d.topic for d in corpus.documents}
    halves = {
        "all": topics,
        "odd_topics_tuning": {t for t in topics if t % 2},
        "even_topics_held_out": {t for t in topics if t % 2 == 0},
    }
    results = {name: score_topics(corpus, ts, lemmas, located, matched) for name, ts in halves.items()}
    return {
        "targets": TARGETS,
        "notes": corpus.notes,
        "gold_files_without_document": corpus.missing_files,
        "lemma": "spaCy lemma of the trigger's head word, parsed in its gold sentence",
        **results,
    }


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def report(results: Mapping[str, Any]) -> str:
    """A compact text report: one column per topic half, one row per measure, then the misses."""
    halves = ["all", "odd_topics_tuning", "even_topics_held_out"]

    def get(result: Mapping[str, Any], path: str) -> Any:
        value: Any = result
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return value

    rows = [
        ("documents", "documents", ""),
        ("event mentions / events", None, ""),
        ("story-type coverage", "coverage.coverage", ">= 0.85"),
        ("pair precision", "pairs.precision", ">= 0.95"),
        ("pair recall", "pairs.recall", ""),
        ("pair precision, gold-type events", "pairs_gold_type_events.precision", ""),
        ("pair recall, gold-type events", "pairs_gold_type_events.recall", ""),
        ("look-alike merged topic share", "look_alike.merged_topic_share", "<= 0.05"),
        ("gold mentions (>= 2-doc chains)", "coreference.gold_mentions", ""),
        ("  sentences not located at all", "coreference.not_located_sentences", ""),
        ("  located in the headline", "coreference.located_in_title", ""),
        ("  mentions not located", "coreference.not_located.not_found", ""),
        ("  mentions not located: no document", "coreference.not_located.no_document", ""),
        ("gold mention recall", "coreference.mention_recall", ">= 0.6"),
        ("  of mentions located", "coreference.mention_recall_of_located", ""),
        ("B3 F1 ours", "coreference.bcubed.ours.f1", ">= 0.6"),
        ("  B3 P / R ours", None, ""),
        ("  B3 F1 ours, found mentions only", "coreference.bcubed.ours_on_found_mentions_only.f1", ""),
        ("B3 F1 all singletons", "coreference.bcubed.all_singletons.f1", ""),
        ("B3 F1 same lemma", "coreference.bcubed.same_lemma.f1", ""),
        ("B3 F1 same lemma within topic", "coreference.bcubed.same_lemma_within_topic.f1", ""),
    ]
    lines = [f"{'':36}{'all':>12}{'odd':>12}{'even':>12}  target"]
    for label, path, target in rows:
        cells = []
        for half in halves:
            r = results[half]
            if label.startswith("event mentions"):
                cells.append(f"{r['event_mentions']}/{r['events']}")
            elif label.strip().startswith("B3 P / R"):
                ours = get(r, "coreference.bcubed.ours") or {}
                cells.append(f"{_fmt(ours.get('precision'))}/{_fmt(ours.get('recall'))}" if ours else "-")
            else:
                cells.append(_fmt(get(r, path)))
        lines.append(f"{label:36}" + "".join(f"{c:>12}" for c in cells) + f"  {target}")
    merged = results["all"]["look_alike"]["merging_event_types"]
    listed = "; ".join(
        f"{t} ({', '.join(f'{k} {n}' for k, n in types.items())})" for t, types in merged.items()
    )
    lines.append(f"look-alike merged topics (merging event types): {listed or 'none'}")
    lines.append("coverage misses by gold type (all topics): type missed/documents, found instead")
    for gold_type, row in results["all"]["coverage"]["by_gold_type"].items():
        if row["missed"]:
            instead = ", ".join(f"{t} {n}" for t, n in row["found_instead"].items())
            lines.append(f"  {gold_type:16}{row['missed']:>4}/{row['documents']:<4} {instead}")
    worst = list(results["all"]["coverage"]["stories_with_misses"].items())[:8]
    lines.append("stories with most misses: " + ", ".join(f"{story} {row}" for story, row in worst))
    if results["gold_files_without_document"]:
        lines.append(
            f"gold files the pipeline kept no document for: {results['gold_files_without_document']}"
        )
    lines += [f"note: {n}" for n in results["notes"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ecbplus", type=Path, default=ECBPLUS)
    parser.add_argument("--scratch", type=Path, default=REPO / "data" / "eval_cache")
    parser.add_argument("--spacy-model", default=DEFAULT_SPACY_MODEL)
    parser.add_argument("--gold", type=Path, default=STORY_EVENTS, help="the stories' seminal events")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every number to OUT")
    args = parser.parse_args(argv)
    if not (args.ecbplus / "events.tsv").is_file():
        parser.error(f"ECB+ not found at {args.ecbplus} (see ../shared/corpora/README.md)")
    corpus = load_corpus(args.ecbplus, args.scratch, args.spacy_model, args.gold)
    results = evaluate(corpus, lambda gold: spacy_lemmas(gold, args.spacy_model))
    results["corpus"] = str(args.ecbplus)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
