"""Benchmark: time and measure the memory of each pure pipeline stage over a folder of raw news.

`make bench` runs it over the BBC corpus in ../shared (the raw-text scale the warehouse is built for) and
writes bench/results.json, so a change to a stage shows up as a number rather than a feeling. Dagster
stays out of it: the stages are the functions the assets call, run in one process, one after another.

    python -m evaluation.bench --out bench/results.json [--corpus DIR] [--limit N] [--model NAME]
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import spacy
from spacy.language import Language

from pipeline.corpus.dedup import DedupInput, DedupResult, cluster_documents
from pipeline.corpus.events import DocumentContext, merged_events
from pipeline.corpus.linking import link_corpus
from pipeline.documents.parse import ParsedDocument, corpus_statistics, parse_document
from pipeline.documents.read import RawDocument, Rejected, scan_raw_dir
from pipeline.lake.settings import DEFAULT_SPACY_MODEL
from pipeline.nlp.events import DocEventMention, extract_event_mentions
from pipeline.nlp.mentions import extract_mentions
from pipeline.nlp.references import add_references
from pipeline.nlp.spacy_pass import (
    MEMORY_ZONE_DOCS,
    DocumentAnnotations,
    DocumentInput,
    annotate,
    load_pipeline,
)

REPO = Path(__file__).resolve().parent.parent
# The article folder, not bbc_news/ itself: ingest reads every .txt/.md, and SOURCE.md is no article.
BBC_CORPUS = REPO.parent / "shared" / "corpora" / "bbc_news" / "bbc"
SAMPLE_CORPUS = REPO / "data" / "raw"
# Ten batches of annotate's default 32: the bare-pipe subset ends on a batch boundary, so the split time
# taken inside the full annotate run covers exactly the same documents.
DEFAULT_PIPE_DOCS = 320
NLP_BATCH_SIZE = 32

THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

T = TypeVar("T")


@dataclass
class StageResult:
    """Time and volume of one stage; words are those of the text the stage reads (raw or clean body)."""

    seconds: float
    docs: int
    words: int
    docs_per_s: float
    words_per_s: float
    peak_rss_mb: float  # process peak so far: a rise from the previous stage is this stage's doing
    scope: str
    output: dict[str, int] = field(default_factory=dict)


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def word_count(text: str) -> int:
    """Whitespace words, the same count documents.word_count uses."""
    return len(text.split())


def _stage(seconds: float, docs: int, words: int, scope: str, **output: int) -> StageResult:
    # A stage that takes no measurable time reports a rate of 0 rather than dividing by zero.
    return StageResult(
        seconds=round(seconds, 4),
        docs=docs,
        words=words,
        docs_per_s=round(docs / seconds, 2) if seconds > 0 else 0.0,
        words_per_s=round(words / seconds, 1) if seconds > 0 else 0.0,
        peak_rss_mb=round(peak_rss_mb(), 1),
        scope=scope,
        output=output,
    )


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _read(corpus: Path, limit: int | None) -> tuple[list[RawDocument], list[Rejected]]:
    """Read files until `limit` documents are decoded; rejected files do not count against the cap."""
    documents: list[RawDocument] = []
    rejected: list[Rejected] = []
    for result in scan_raw_dir(corpus):
        if isinstance(result, RawDocument):
            if limit is not None and len(documents) >= limit:
                break
            documents.append(result)
        else:
            rejected.append(result)
    return documents, rejected


def _dedup(parsed: Sequence[ParsedDocument]) -> list[DedupResult]:
    """Cluster duplicates as document_tables does; hashing the folded bodies is part of the stage's work."""
    # Which copy is canonical does not change the work, so the body length stands in for corpus.py's rank.
    return cluster_documents(
        [DedupInput(d.raw.doc_id, d.body, d.body_sha256, (d.word_count,)) for d in parsed]
    )


def bare_nlp_pipe(nlp: Language, bodies: Sequence[str]) -> int:
    """Run the spaCy pipeline alone, batched and memory-zoned like annotate, to price the extraction."""
    tokens = 0
    for start in range(0, len(bodies), MEMORY_ZONE_DOCS):
        with nlp.memory_zone():
            for doc in nlp.pipe(bodies[start : start + MEMORY_ZONE_DOCS], batch_size=NLP_BATCH_SIZE):
                tokens += len(doc)
    return tokens


@dataclass(frozen=True)
class _RuleStages:
    total_seconds: float  # pipe + entity stage + event stage
    entity_seconds: float  # the entity stage's own rules
    event_seconds: float  # the event stage's own rules (triggers, arguments, status, dates, places)
    mentions: int
    event_mentions: int


def _entity_and_event_stages(nlp: Language, inputs: Sequence[DocumentInput]) -> _RuleStages:
    """The entity stage (NER cleanup, resolution, references) and the event stage alone (with each
    document's publication day and dateline, as annotate runs it), each timed on top of the same
    batched pipe of the bodies."""
    started = time.perf_counter()
    entity_seconds = event_seconds = 0.0
    mentions = event_mentions = 0
    for start in range(0, len(inputs), MEMORY_ZONE_DOCS):
        chunk = inputs[start : start + MEMORY_ZONE_DOCS]
        with nlp.memory_zone():
            for doc, item in zip(
                nlp.pipe([i.body for i in chunk], batch_size=NLP_BATCH_SIZE), chunk, strict=True
            ):
                entity_started = time.perf_counter()
                found = add_references(doc, extract_mentions(doc))
                event_started = time.perf_counter()
                events = extract_event_mentions(
                    doc, found, reference_date=item.reference_date, dateline=item.dateline
                )
                done = time.perf_counter()
                entity_seconds += event_started - entity_started
                event_seconds += done - event_started
                mentions += len(found)
                event_mentions += len(events)
    return _RuleStages(time.perf_counter() - started, entity_seconds, event_seconds, mentions, event_mentions)


def _annotate_with_split(
    nlp: Language, inputs: Sequence[DocumentInput], split: int
) -> tuple[list[DocumentAnnotations], float, float]:
    """Annotate every input; also return the time at which the first `split` documents were done."""
    annotations: list[DocumentAnnotations] = []
    start = time.perf_counter()
    split_seconds = 0.0
    iterator: Iterator[DocumentAnnotations] = annotate(nlp, inputs, batch_size=NLP_BATCH_SIZE)
    for annotation in iterator:
        annotations.append(annotation)
        if len(annotations) == split:
            split_seconds = time.perf_counter() - start
    return annotations, split_seconds, time.perf_counter() - start


def _git(*args: str, repo: Path = REPO) -> subprocess.CompletedProcess[str] | None:
    # Optional locks off: a benchmark must never touch the repository's index, even to refresh it.
    try:
        return subprocess.run(
            ["git", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=10,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_commit(repo: Path = REPO) -> str | None:
    """The checked-out commit, so a result can be traced to code; None outside a git checkout."""
    completed = _git("rev-parse", "HEAD", repo=repo)
    if completed is None or completed.returncode != 0:
        return None
    return completed.stdout.strip() or None


def git_dirty(repo: Path = REPO) -> bool | None:
    """Whether tracked files differ from the commit, i.e. whether the commit alone explains the numbers."""
    completed = _git("diff", "--quiet", "HEAD", repo=repo)
    return None if completed is None or completed.returncode not in (0, 1) else completed.returncode == 1


def _load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def machine_facts() -> dict[str, Any]:
    """What the numbers depend on besides the code: cores, interpreter, library versions, when."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        # Other processes and BLAS threading both move spaCy's rate by tens of percent.
        "load_average": _load_average(),
        "thread_env": {name: os.environ.get(name) for name in THREAD_ENV},
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "git_dirty": git_dirty(),
    }


def default_corpus() -> Path:
    """The BBC corpus when ../shared is there, else the bundled sample, so `make bench` works on a clone."""
    return BBC_CORPUS if BBC_CORPUS.is_dir() else SAMPLE_CORPUS


def run_benchmark(
    corpus: Path,
    *,
    nlp: Language | None = None,
    model: str = DEFAULT_SPACY_MODEL,
    limit: int | None = None,
    pipe_docs: int | None = DEFAULT_PIPE_DOCS,
) -> dict[str, Any]:
    """Run every stage over the corpus in order and return the timings, volumes and machine facts.

    Args:
        corpus: folder of raw news files, read recursively as ingest reads NEWSGRAPH_RAW_DIR.
        nlp: an already loaded pipeline (tests pass theirs); loaded from `model` when None.
        model: installed spaCy pipeline name, recorded in the results.
        limit: read at most this many documents; None reads them all.
        pipe_docs: the bare nlp.pipe runs over only the first this-many documents, because a second full
            spaCy pass would double the run time; None runs it over all of them.
    """
    wall_start = time.perf_counter()
    # Taken first, so the load average is the machine's before this run adds to it.
    machine = machine_facts()
    stages: dict[str, StageResult] = {}
    rss_at_start = peak_rss_mb()
    if nlp is None:
        nlp, load_seconds = _timed(lambda: load_pipeline(model))
    else:
        load_seconds = 0.0
    rss_after_model = peak_rss_mb()

    (raw_docs, rejected), seconds = _timed(lambda: _read(corpus, limit))
    raw_words = sum(word_count(d.raw_text) for d in raw_docs)
    stages["ingest"] = _stage(
        seconds,
        len(raw_docs) + len(rejected),
        raw_words,
        "every file read, words of decoded raw text",
        documents=len(raw_docs),
        rejected=len(rejected),
    )

    # As the document_headers asset does: header and furniture read once, lines fingerprinted.
    (headers, repeated), seconds = _timed(lambda: corpus_statistics(raw_docs))
    stages["line_statistics"] = _stage(
        seconds,
        len(raw_docs),
        raw_words,
        "header + furniture + hashed lines per document, lines repeated across stories, words of raw text",
        repeated_lines=len(repeated),
    )

    # As parsed_documents does: the stored header reused, the body cleaned.
    parsed, seconds = _timed(
        lambda: [
            parse_document(raw, header=header, repeated_lines=repeated)
            for raw, header in zip(raw_docs, headers, strict=True)
        ]
    )
    stages["parse"] = _stage(
        seconds,
        len(parsed),
        raw_words,
        "clean with the stored header + language + offset map per document, words of raw text",
        removed_lines=sum(len(d.cleaned.removed) for d in parsed),
    )
    bodies = [d.body for d in parsed]
    body_words = sum(word_count(b) for b in bodies)

    clusters, seconds = _timed(lambda: _dedup(parsed))
    duplicates = sum(not c.is_canonical for c in clusters)
    stages["dedup"] = _stage(
        seconds,
        len(parsed),
        body_words,
        "body hash + MinHash/LSH clustering, words of clean body",
        duplicates=duplicates,
        clusters_with_copies=len({c.dup_cluster_id for c in clusters if not c.is_canonical}),
    )

    subset = len(bodies) if pipe_docs is None else min(pipe_docs, len(bodies))
    subset_words = sum(word_count(b) for b in bodies[:subset])
    scope = "all documents" if subset == len(bodies) else f"first {subset} documents"
    # The first batches through a fresh pipeline run slower (buffers, caches); keep that out of the timings.
    bare_nlp_pipe(nlp, bodies[:NLP_BATCH_SIZE])
    tokens, seconds = _timed(lambda: bare_nlp_pipe(nlp, bodies[:subset]))
    stages["nlp_pipe"] = _stage(seconds, subset, subset_words, f"bare nlp.pipe, {scope}", tokens=tokens)
    # NER alone (it has its own tok2vec): what recognising names costs before any of our rules.
    with nlp.select_pipes(enable=["ner"]):
        _, seconds = _timed(lambda: bare_nlp_pipe(nlp, bodies[:subset]))
    stages["nlp_pipe_ner_only"] = _stage(
        seconds, subset, subset_words, f"nlp.pipe with only ner enabled, {scope}"
    )
    inputs = [
        DocumentInput(d.raw.doc_id, d.body, d.reference_date, d.metadata.dateline, d.metadata.title)
        for d in parsed
    ]
    rules = _entity_and_event_stages(nlp, inputs[:subset])
    stages["entities"] = _stage(
        rules.total_seconds - rules.event_seconds,
        subset,
        subset_words,
        f"nlp.pipe + entity stage (extract_mentions, add_references), {scope}",
        mentions=rules.mentions,
    )
    stages["entities_rules_only"] = _stage(
        rules.entity_seconds, subset, subset_words, f"the entity stage's own rules, pipe excluded, {scope}"
    )
    stages["events_rules_only"] = _stage(
        rules.event_seconds,
        subset,
        subset_words,
        f"the event stage's own rules (extract_event_mentions), pipe and entities excluded, {scope}",
        event_mentions=rules.event_mentions,
    )

    annotations, split_seconds, seconds = _annotate_with_split(nlp, inputs, subset)
    stages["annotate_pipe_docs"] = _stage(
        split_seconds,
        subset,
        subset_words,
        f"annotate (pipe + entities, quotes, events), {scope}: same documents as nlp_pipe",
    )
    stages["annotate"] = _stage(
        seconds,
        len(annotations),
        body_words,
        "annotate (pipe + entities, quotes, events), all documents",
        mentions=sum(len(a.mentions) for a in annotations),
        quotes=sum(len(a.quotes) for a in annotations),
        event_mentions=sum(len(a.events) for a in annotations),
    )

    corpus_entities, seconds = _timed(lambda: link_corpus((a.doc_id, a.mentions) for a in annotations))
    stages["entity_linking"] = _stage(
        seconds,
        len(annotations),
        body_words,
        "link_corpus over every document's mentions",
        entities=len(corpus_entities.entities),
    )

    story_of = {c.doc_id: c.dup_cluster_id for c in clusters}
    reference_of = {d.raw.doc_id: d.reference_date for d in parsed}
    contexts = {
        doc_id: DocumentContext(
            story_id=story,
            dup_cluster_id=story,
            reference_date=reference_of.get(doc_id),
            published_at=None,
            source=story,
        )
        for doc_id, story in story_of.items()
    }
    event_rows = [
        DocEventMention.of(e, doc_id=a.doc_id, batch_id="bench") for a in annotations for e in a.events
    ]
    entity_type = {e.entity_id: e.type for e in corpus_entities.entities}
    merged, seconds = _timed(
        lambda: merged_events(
            event_rows, context_of=contexts, link=corpus_entities.link, entity_type=entity_type
        )
    )
    stages["event_merging"] = _stage(
        seconds,
        len(annotations),
        body_words,
        "merged_events (geocoding, cross-document coreference) over every event mention, duplicate "
        "clusters as stories",
        events=len(merged.events),
    )

    pipe_rate = stages["nlp_pipe"].words_per_s
    annotate_rate = stages["annotate_pipe_docs"].words_per_s
    return {
        "corpus": {
            "path": str(corpus.resolve()),
            "name": corpus.resolve().name,
            "files": len(raw_docs) + len(rejected),
            "documents": len(raw_docs),
            "rejected": len(rejected),
            "raw_words": raw_words,
            "body_words": body_words,
            "limit": limit,
            "pipe_docs": subset,
        },
        "model": {
            "requested": model,
            "name": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}",
            "version": nlp.meta.get("version"),
            "components": list(nlp.pipe_names),
            "load_seconds": round(load_seconds, 3),
        },
        # A load average at the end well above 1 means other processes shared the cores: rates are low.
        "machine": {**machine, "load_average_at_end": _load_average()},
        "stages": {name: asdict(result) for name, result in stages.items()},
        # Bare pipe time over annotate time on the same documents: the share spaCy itself takes.
        "spacy_share_of_annotate": round(annotate_rate / pipe_rate, 3) if pipe_rate else None,
        "memory": {
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "peak_rss_mb_at_start": round(rss_at_start, 1),
            "peak_rss_mb_after_model": round(rss_after_model, 1),
        },
        "wall_seconds": round(time.perf_counter() - wall_start, 2),
    }


def format_table(results: dict[str, Any]) -> str:
    """A short fixed-width summary of the results for the terminal."""
    corpus = results["corpus"]
    lines = [
        f"corpus {corpus['path']}: {corpus['documents']} documents, {corpus['body_words']:,} words "
        f"({corpus['rejected']} rejected); model {results['model']['name']} {results['model']['version']}",
        f"{'stage':<20}{'docs':>7}{'words':>11}{'seconds':>10}{'docs/s':>10}{'words/s':>12}{'peak MiB':>10}",
    ]
    for name, stage in results["stages"].items():
        lines.append(
            f"{name:<20}{stage['docs']:>7}{stage['words']:>11,}{stage['seconds']:>10.2f}"
            f"{stage['docs_per_s']:>10.1f}{stage['words_per_s']:>12,.0f}{stage['peak_rss_mb']:>10.0f}"
        )
    lines.append(
        f"peak RSS {results['memory']['peak_rss_mb']:.0f} MiB; wall {results['wall_seconds']:.1f} s; "
        f"spaCy share of annotate {results['spacy_share_of_annotate']}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write (folders are created)")
    parser.add_argument("--corpus", type=Path, default=None, help="raw folder (default: BBC, else data/raw)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many documents (default: all)")
    parser.add_argument("--model", default=DEFAULT_SPACY_MODEL, help="installed spaCy pipeline")
    parser.add_argument(
        "--pipe-docs",
        type=int,
        default=DEFAULT_PIPE_DOCS,
        help=f"documents the bare nlp.pipe runs over (default {DEFAULT_PIPE_DOCS}; 0 = all)",
    )
    args = parser.parse_args(argv)
    corpus = args.corpus or default_corpus()
    if not corpus.is_dir():
        parser.error(f"corpus folder {corpus} does not exist")
    results = run_benchmark(corpus, model=args.model, limit=args.limit, pipe_docs=args.pipe_docs or None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(format_table(results))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
