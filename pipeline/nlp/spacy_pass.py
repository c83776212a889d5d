"""NLP: one spaCy pass per document feeding the entity, quote and event stages.

Only plain records leave this module: spaCy `Doc`s live inside a `memory_zone`, so a long-running
process (the Dagster daemon, a backfill) does not accumulate vocabulary strings.
"""

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache
from itertools import islice
from typing import ClassVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.documents.parse import ParsedDocumentRow
from pipeline.documents.read import Rejected
from pipeline.lake.settings import DEFAULT_NLP_CHUNK_CHARS
from pipeline.nlp.events import DocEventMention, EventMention, extract_event_mentions, sentence_cased
from pipeline.nlp.mentions import DocMention, Mention, extract_mentions
from pipeline.nlp.quotes import DocQuote, Quote, extract_quotes, find_quote_spans
from pipeline.nlp.references import add_references

# Components the stages read: tags and lemmas (cue verbs), the parse (speakers, participants), entities.
REQUIRED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
MEMORY_ZONE_DOCS = 500
# Characters one spaCy batch holds at most, roughly: 32 news articles of 10,000 characters.
NLP_BATCH_CHARS = 320_000
# A batch is parsed in several processes only past this many words: a worker starts in about 3 s (it
# imports spaCy and loads the model), the time one core takes over 12,000 words.
PARALLEL_MIN_WORDS = 30_000
# Shards per worker process: small enough that the workers finish together, large enough that each
# shard fills spaCy's batches.
SHARDS_PER_PROCESS = 8


@dataclass(frozen=True)
class DocumentInput:
    doc_id: str
    body: str
    reference_date: date | None
    dateline: str | None
    title: str | None = None  # parsed for the events it reports ("Tara Reid checks into rehab")


# The piece offset that marks a document's title among the pieces of its body.
TITLE_PIECE = -1


@dataclass(frozen=True)
class DocumentAnnotations:
    doc_id: str
    mentions: list[Mention]
    quotes: list[Quote]
    events: list[EventMention]
    failure: str | None = None  # why spaCy or a rule could not process the document


@cache
def load_pipeline(model: str) -> Language:
    """Load an installed spaCy pipeline by name, with only the components the stages use enabled."""
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install it or set NEWSGRAPH_SPACY_MODEL to one that is"
        ) from error
    for name in nlp.pipe_names:
        if name not in REQUIRED_COMPONENTS:
            nlp.disable_pipe(name)
    return nlp


def split_for_nlp(text: str, max_chars: int) -> list[tuple[int, str]]:
    """The text in pieces of at most `max_chars`, each with its offset: cut at the last paragraph break
    before the limit, else the last sentence end, else the last space, else at the limit. A body within
    the limit is one piece, so ordinary documents are parsed whole."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            window = text[start:end]
            cut = window.rfind("\n\n")
            if cut <= 0:
                cut = max(window.rfind(mark) for mark in (". ", "! ", "? ", ".\n")) + 1
            if cut <= 0:
                cut = window.rfind(" ")
            if cut > 0:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _shifted(annotations: "DocumentAnnotations", offset: int) -> "DocumentAnnotations":
    if not offset:
        return annotations
    return DocumentAnnotations(
        doc_id=annotations.doc_id,
        mentions=[replace(m, start=m.start + offset, end=m.end + offset) for m in annotations.mentions],
        quotes=[replace(q, start=q.start + offset, end=q.end + offset) for q in annotations.quotes],
        events=[
            replace(
                e,
                start=e.start + offset,
                end=e.end + offset,
                trigger_start=e.trigger_start + offset,
                trigger_end=e.trigger_end + offset,
            )
            for e in annotations.events
        ],
    )


def _extract(doc: Doc, item: DocumentInput) -> "DocumentAnnotations":
    """Mentions, references, quotes and event mentions of one parsed piece."""
    text = doc.text
    quote_spans = find_quote_spans(text)  # references skip quotations; quotes are them
    mentions = add_references(doc, extract_mentions(doc), quote_spans=quote_spans)
    return DocumentAnnotations(
        doc_id=item.doc_id,
        mentions=mentions,
        quotes=extract_quotes(doc, mentions, quote_spans=quote_spans),
        events=extract_event_mentions(
            doc, mentions, reference_date=item.reference_date, dateline=item.dateline
        ),
    )


def _title_events(doc: Doc, item: DocumentInput) -> list[EventMention]:
    """A headline's event mentions, offsets into the title (parsed in sentence case, `sentence_cased`,
    which keeps every offset, so trigger and text are sliced from the title as written). Headlines name
    people by surname and rarely give a date or a place; the body's mentions resolve the names
    (`_named_as_in_body`)."""
    title = item.title or ""
    events = extract_event_mentions(
        doc, extract_mentions(doc), reference_date=item.reference_date, dateline=None
    )
    return [
        replace(e, in_title=True, trigger=title[e.trigger_start : e.trigger_end], text=title[e.start : e.end])
        for e in events
    ]


def _named_as_in_body(events: list[EventMention], body_mentions: list[Mention]) -> list[EventMention]:
    """A headline's "Reid" is the body's "Tara Reid" when exactly one name of the body ends with it."""
    names = {m.name for m in body_mentions if m.kind == "name"}
    renamed = []
    for event in events:
        participants = []
        for p in event.participants:
            if p.named and p.name not in names:
                # Only a one-word headline name: "Obama" is the body's "Barack Obama", but "Michelle Obama"
                # and "North Korea" are names of their own.
                longer = [n for n in names if " " not in p.name and n.endswith(" " + p.name)]
                if len(longer) == 1:
                    p = replace(p, name=longer[0])
            participants.append(p)
        renamed.append(replace(event, participants=participants))
    return renamed


def _pipe_isolated(nlp: Language, pieces: list[tuple[str, tuple[int, int]]], batch_size: int):
    """nlp.pipe over the pieces, at most about NLP_BATCH_CHARS characters per spaCy batch (a batch of 32
    long pieces would hold gigabytes); if spaCy fails on one, the rest of its group are parsed one by one
    and only the failing piece yields its error (as (None, context, reason))."""
    by_size: dict[int, list[tuple[str, tuple[int, int]]]] = {}
    for piece in pieces:  # long pieces go in smaller batches; ordinary articles keep `batch_size`
        by_size.setdefault(max(1, min(batch_size, NLP_BATCH_CHARS // max(len(piece[0]), 1))), []).append(
            piece
        )
    for size, group in sorted(by_size.items(), reverse=True):
        done = 0
        try:
            for doc, context in nlp.pipe(group, as_tuples=True, batch_size=size):
                done += 1
                yield doc, context, None
        except Exception:  # noqa: BLE001 - one bad document must not cost its batch
            for text, context in group[done:]:
                try:
                    yield nlp(text), context, None
                except Exception as error:  # noqa: BLE001
                    yield None, context, f"spaCy: {type(error).__name__}: {error}"


def annotate(
    nlp: Language,
    inputs: Iterable[DocumentInput],
    *,
    batch_size: int = 32,
    chunk_chars: int = DEFAULT_NLP_CHUNK_CHARS,
    also: Callable[[Doc, "DocumentAnnotations"], None] | None = None,
) -> Iterator["DocumentAnnotations"]:
    """Parse bodies in batches and extract mentions, quotes and event mentions from each.

    A body longer than `chunk_chars` is parsed in pieces (`split_for_nlp`) whose offsets are shifted back
    into the body. A document spaCy or a rule fails on comes back with `failure` set and nothing else,
    and the others go on. `also` sees each `Doc` beside what the stages made of it, inside the memory
    zone (for documents parsed whole): the corpus evaluation runs a baseline (textacy) on the very same
    parse through it. A title is parsed too, for its events only (`EventMention.in_title`)."""
    iterator = iter(inputs)
    while chunk := list(islice(iterator, MEMORY_ZONE_DOCS)):
        with nlp.memory_zone():
            pieces = [
                (text, (index, offset))
                for index, item in enumerate(chunk)
                for offset, text in split_for_nlp(item.body, chunk_chars)
            ] + [
                (sentence_cased(item.title), (index, TITLE_PIECE))
                for index, item in enumerate(chunk)
                if item.title
            ]
            whole = {index for _, (index, offset) in pieces if offset == 0} - {
                index for _, (index, offset) in pieces if offset > 0
            }
            found: dict[int, list[tuple[int, DocumentAnnotations]]] = {
                index: [] for index in range(len(chunk))
            }
            failures: dict[int, str] = {}
            title_events: dict[int, list[EventMention]] = {}
            for doc, (index, offset), error in _pipe_isolated(nlp, pieces, batch_size):
                if index in failures:
                    continue
                if offset == TITLE_PIECE:
                    # A headline only adds events: one that fails loses them, not the document.
                    try:
                        title_events[index] = _title_events(doc, chunk[index]) if error is None else []
                    except Exception:  # noqa: BLE001 - see above
                        title_events[index] = []
                    continue
                if error is not None:
                    failures[index] = error
                    continue
                try:
                    annotations = _extract(doc, chunk[index])
                except Exception as error:  # noqa: BLE001 - one bad document must not cost its batch
                    failures[index] = f"{type(error).__name__}: {error}"
                    continue
                if also is not None and index in whole:
                    also(doc, annotations)
                found[index].append((offset, _shifted(annotations, offset)))
        for index, item in enumerate(chunk):
            if index in failures:
                yield DocumentAnnotations(item.doc_id, [], [], [], failure=failures[index])
                continue
            parts = [part for _, part in sorted(found[index], key=lambda found_part: found_part[0])]
            mentions = [m for part in parts for m in part.mentions]
            yield DocumentAnnotations(
                doc_id=item.doc_id,
                mentions=mentions,
                quotes=[q for part in parts for q in part.quotes],
                events=_named_as_in_body(title_events.get(index, []), mentions)
                + [e for part in parts for e in part.events],
            )


@dataclass(frozen=True, kw_only=True)
class AnnotationFailure(Rejected):
    """A document the spaCy pass or its rules failed on (a row of `annotation_failures`, per batch): it
    leaves `documents` for `quarantine`, with this stage and reason."""

    TABLE: ClassVar[str] = "annotation_failures"


@dataclass(frozen=True)
class BatchAnnotations:
    mentions: list[DocMention]
    quotes: list[DocQuote]
    events: list[DocEventMention]
    failures: list[AnnotationFailure]


def annotate_batch(
    model: str,
    documents: Iterable[ParsedDocumentRow],
    *,
    chunk_chars: int = DEFAULT_NLP_CHUNK_CHARS,
    processes: int = 1,
) -> BatchAnnotations:
    """One spaCy pass (the installed pipeline `model`) over one batch's bodies: mentions, quotes and
    event mentions named as in each document.

    With `processes` > 1 and a batch of at least `PARALLEL_MIN_WORDS` words, the documents are parsed
    and their rules run in that many worker processes, each loading the model once
    (`annotate_in_processes`); the rows are the same as one process gives. Otherwise this process
    loads it (once: `load_pipeline` is cached)."""
    documents = list(documents)
    by_id = {d.doc_id: d for d in documents}
    inputs = [DocumentInput(d.doc_id, d.body, d.reference_date, d.dateline, d.title) for d in documents]
    words = sum(d.word_count for d in documents)
    if processes > 1 and words >= PARALLEL_MIN_WORDS:
        found = annotate_in_processes(model, inputs, processes=processes, chunk_chars=chunk_chars)
    else:
        found = annotate(load_pipeline(model), inputs, chunk_chars=chunk_chars)
    mentions, quotes, events, failures = [], [], [], []
    now = datetime.now(UTC)
    for a in found:
        document = by_id[a.doc_id]
        if a.failure is not None:
            failures.append(
                AnnotationFailure(
                    source_path=document.source_path,
                    batch_id=document.batch_id,
                    reason=f"annotation failed: {a.failure}",
                    detected_at=now,
                    stage="annotations",
                )
            )
            continue
        stamp = {"doc_id": a.doc_id, "batch_id": document.batch_id}
        mentions += [DocMention.of(m, **stamp) for m in a.mentions]
        quotes += [DocQuote.of(q, **stamp) for q in a.quotes]
        events += [DocEventMention.of(e, **stamp) for e in a.events]
    return BatchAnnotations(mentions, quotes, events, failures)


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def shards(inputs: Sequence[DocumentInput], count: int) -> list[list[DocumentInput]]:
    """The inputs in order, cut into at most `count` runs of about equal characters (a long document is
    worth many short ones), none empty."""
    total = sum(len(item.body) for item in inputs) or 1
    runs: list[list[DocumentInput]] = [[]]
    done = 0
    for item in inputs:
        if runs[-1] and len(runs) < count and done >= total * len(runs) / count:
            runs.append([])
        runs[-1].append(item)
        done += len(item.body)
    return runs


# The pipeline a worker process loaded in its initializer (`_load_worker`).
_worker_nlp: Language | None = None


def _load_worker(model: str) -> None:
    """Worker start: one BLAS thread (the processes are the parallelism, and BLAS threads on top of them
    would compete for the same cores), then the model, once for every shard the worker runs."""
    from threadpoolctl import threadpool_limits

    global _worker_nlp
    threadpool_limits(1)
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    _worker_nlp = load_pipeline(model)


def _exit_with_parent() -> None:
    """End this worker when the process that started it ends, however it ended: a parent killed outright
    never closes the pool, and its workers would wait for work for good, holding a model each."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)


def _annotate_shard(shard: list[DocumentInput], chunk_chars: int) -> list[DocumentAnnotations]:
    assert _worker_nlp is not None, "the worker's initializer loads the pipeline"
    return list(annotate(_worker_nlp, shard, chunk_chars=chunk_chars))


# Worker pools by (model, processes), kept for the life of the process: `make run` annotates batch after
# batch in one process, and starting the workers (spaCy's import and the model) took 4-5 s per batch.
_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}


def _pool(model: str, processes: int) -> ProcessPoolExecutor:
    key = (model, processes)
    if key not in _pools:
        _pools[key] = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load_worker,
            initargs=(model,),
        )
    return _pools[key]


def annotate_in_processes(
    model: str, inputs: Sequence[DocumentInput], *, processes: int, chunk_chars: int = DEFAULT_NLP_CHUNK_CHARS
) -> Iterator[DocumentAnnotations]:
    """`annotate` over the inputs in `processes` worker processes, results in input order.

    The workers run the rules too, not only spaCy (`nlp.pipe(n_process=...)` would send every parsed
    `Doc` back to be ruled on in this process, one core again), and return plain records. They are
    spawned, not forked: the caller may be a Dagster step process with threads of its own, and a fork
    copies their locks in whatever state they are. They stay up for the next batch of this process
    (`_pools`). A document that fails comes back with its failure as in `annotate`; a worker that dies
    (killed, out of memory) fails the whole call, as it would have killed a single process, and the
    next call starts new workers."""
    work = shards(inputs, processes * SHARDS_PER_PROCESS)
    pool = _pool(model, processes)
    try:
        results = list(pool.map(_annotate_shard, work, [chunk_chars] * len(work)))
    except BrokenProcessPool:
        _pools.pop((model, processes), None)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    for annotated in results:
        yield from annotated
