"""Corpus assembly: the stages run per ingest batch, then the corpus-wide steps over every batch's output.

Per batch (cost grows with the batch): read files, parse documents, one spaCy pass. Corpus-wide (cheap,
from stored state): pick each document's current version, cluster duplicates from stored MinHash
signatures, link names into entities and merge events. Every function takes and returns Arrow tables.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from spacy.language import Language

from pipeline.corpus.dedup import DedupInput, cluster_documents, minhash
from pipeline.corpus.events import merge_corpus
from pipeline.corpus.linking import link_corpus
from pipeline.corpus.roles import collect_roles
from pipeline.documents.parse import parse_document, read_header
from pipeline.documents.read import RawDocument, Rejected, read_raw_file, source_file
from pipeline.lake.batches import Batch
from pipeline.lake.io import to_table
from pipeline.nlp.events import EventMention
from pipeline.nlp.mentions import Mention
from pipeline.nlp.quotes import quote_cluster_id, quote_confidence, quote_id_for
from pipeline.nlp.spacy_pass import DocumentInput, annotate
from pipeline.text.repeated_lines import LineFingerprint, document_fingerprints, repeated_lines


def read_batch(raw_dir: Path, batch: Batch) -> Iterator[RawDocument | Rejected]:
    """Read the files a batch lists; a file gone since registration is quarantined, not lost."""
    for state in batch.files:
        yield from read_raw_file(raw_dir / state.source_path, raw_dir)


def ingest_tables(
    results: Iterable[RawDocument | Rejected], *, batch_id: str, now: datetime | None = None
) -> dict[str, pa.Table]:
    """raw_documents and quarantine rows of one batch."""
    now = now or datetime.now(UTC)
    raw, rejected = [], []
    for result in results:
        if isinstance(result, RawDocument):
            raw.append({**result.to_row(), "batch_id": batch_id, "ingested_at": now})
        else:
            rejected.append(
                {
                    "source_path": result.source_path,
                    "batch_id": batch_id,
                    "reason": result.reason,
                    "detected_at": now,
                }
            )
    return {"raw_documents": to_table("raw_documents", raw), "quarantine": to_table("quarantine", rejected)}


def fingerprint_table(raw_documents: pa.Table) -> pa.Table:
    """The hashed lines of one batch's documents, for the corpus statistics of boilerplate."""
    rows = []
    for row in raw_documents.to_pylist():
        header = read_header(RawDocument.from_row(row))
        rows += [
            {
                "doc_id": row["doc_id"],
                "batch_id": row["batch_id"],
                "publisher_key": fp.publisher_key,
                "fingerprint": fp.fingerprint,
                "is_candidate": fp.is_candidate,
            }
            for fp in document_fingerprints(header.lines, header.publisher_key, row["doc_id"])
        ]
    return to_table("line_fingerprints", rows)


def _fingerprints_as_of(line_fingerprints: pa.Table | None, batch_id: str) -> list[LineFingerprint]:
    if line_fingerprints is None or not line_fingerprints.num_rows:
        return []
    known = line_fingerprints.filter(pc.less_equal(line_fingerprints.column("batch_id"), batch_id))
    return [
        LineFingerprint(r["publisher_key"], r["doc_id"], r["fingerprint"], r["is_candidate"])
        for r in current_rows(known, "doc_id").to_pylist()
    ]


def parsed_tables(raw_documents: pa.Table, line_fingerprints: pa.Table | None = None) -> dict[str, pa.Table]:
    """Clean and read metadata of one batch's documents: parsed_documents, removed_spans, body_offsets.

    `line_fingerprints` says which lines publishers repeat. Only batches up to this one count, each
    document in its latest version among them, so re-running a batch gives the same body whatever was
    registered after it (`make rebuild` re-cleans everything with the full statistics)."""
    repeated = repeated_lines(
        _fingerprints_as_of(line_fingerprints, max(raw_documents.column("batch_id").to_pylist(), default=""))
    )
    parsed, removed, offsets = [], [], []
    for row in raw_documents.to_pylist():
        doc = parse_document(RawDocument.from_row(row), repeated_lines=repeated)
        meta = doc.metadata
        parsed.append(
            {
                "doc_id": doc.raw.doc_id,
                "batch_id": row["batch_id"],
                "source_path": doc.raw.source_path,
                "content_sha256": doc.raw.content_sha256,
                "title": meta.title,
                "subtitle": meta.subtitle,
                "published_at": meta.published.instant if meta.published else None,
                "published_tz": meta.published.tz if meta.published else None,
                "published_precision": meta.published.precision if meta.published else None,
                "modified_at": meta.modified.instant if meta.modified else None,
                "url": meta.url,
                "publisher": meta.publisher,
                "dateline": meta.dateline,
                "section": meta.section,
                "author": meta.author,
                "source_format": doc.raw.source_format,
                "language": doc.language,
                "body": doc.body,
                "word_count": doc.word_count,
                "body_sha256": doc.body_sha256,
                "reference_date": doc.reference_date,
                "minhash": minhash(doc.body).hashvalues.tolist(),
            }
        )
        removed += [
            {
                "doc_id": doc.raw.doc_id,
                "batch_id": row["batch_id"],
                "text": s.text,
                "reason": s.reason,
                "raw_start": s.raw_start,
                "raw_end": s.raw_end,
            }
            for s in doc.cleaned.removed
        ]
        offsets += [
            {"doc_id": doc.raw.doc_id, "batch_id": row["batch_id"], **segment.__dict__}
            for segment in doc.cleaned.offsets
        ]
    return {
        "parsed_documents": to_table("parsed_documents", parsed),
        "removed_spans": to_table("removed_spans", removed),
        "body_offsets": to_table("body_offsets", offsets),
    }


def current_rows(table: pa.Table, key: str) -> pa.Table:
    """The row of each key from its latest batch (batch ids sort in registration order)."""
    latest: dict[str, str] = {}
    for value, batch_id in zip(
        table.column(key).to_pylist(), table.column("batch_id").to_pylist(), strict=True
    ):
        latest[value] = max(latest.get(value, batch_id), batch_id)
    return _filter_pairs(table, key, latest)


def _filter_pairs(table: pa.Table, key: str, batch_of: dict[str, str]) -> pa.Table:
    """Rows whose (key, batch_id) pair is in batch_of (Arrow joins cannot carry list columns)."""
    mask = [
        batch_of.get(value) == batch_id
        for value, batch_id in zip(
            table.column(key).to_pylist(), table.column("batch_id").to_pylist(), strict=True
        )
    ]
    return table.filter(pa.array(mask, type=pa.bool_()))


def _canonical_rank(row: dict) -> tuple:
    """The copy with the most metadata and the longest body represents its duplicate cluster."""
    return (
        row["published_at"] is not None,
        row["title"] is not None,
        row["url"] is not None,
        row["word_count"],
    )


def documents_table(parsed_documents: pa.Table, quarantine: pa.Table) -> pa.Table:
    """Every document's current version, with duplicate clusters over the whole corpus.

    A file's latest batch holds all its documents: a file quarantined there (emptied, replaced by binary)
    leaves the documents table, and so does a record an export no longer holds.
    """
    latest_batch_of_file: dict[str, str] = {}
    for table in (parsed_documents, quarantine):
        paths, batches = table.column("source_path").to_pylist(), table.column("batch_id").to_pylist()
        for path, batch_id in zip(paths, batches, strict=True):
            file = source_file(path)
            latest_batch_of_file[file] = max(latest_batch_of_file.get(file, ""), batch_id)
    parsed = current_rows(parsed_documents, "doc_id")
    rows = [
        r for r in parsed.to_pylist() if r["batch_id"] >= latest_batch_of_file[source_file(r["source_path"])]
    ]
    clusters = {
        c.doc_id: c
        for c in cluster_documents(
            [
                DedupInput(r["doc_id"], r["body"], r["body_sha256"], _canonical_rank(r), r["minhash"])
                for r in rows
            ]
        )
    }
    by_id = {r["doc_id"]: r for r in rows}
    documents = []
    for row in sorted(rows, key=lambda r: r["doc_id"]):
        cluster = clusters[row["doc_id"]]
        documents.append(
            {
                **row,
                "dup_cluster_id": cluster.dup_cluster_id,
                "is_canonical": cluster.is_canonical,
                "story_id": cluster.dup_cluster_id,
                "reference_date": row["reference_date"] or by_id[cluster.dup_cluster_id]["reference_date"],
            }
        )
    return to_table("documents", documents)


def annotation_tables(parsed_documents: pa.Table, nlp: Language) -> dict[str, pa.Table]:
    """One spaCy pass over one batch's bodies: mentions, quotes and event mentions named as in each document."""
    rows = parsed_documents.select(["doc_id", "batch_id", "body", "reference_date", "dateline"]).to_pylist()
    batch_of = {r["doc_id"]: r["batch_id"] for r in rows}
    inputs = [DocumentInput(r["doc_id"], r["body"], r["reference_date"], r["dateline"]) for r in rows]
    mentions, quotes, events = [], [], []
    for a in annotate(nlp, inputs):
        provenance = {"doc_id": a.doc_id, "batch_id": batch_of[a.doc_id]}
        mentions += [
            {
                **provenance,
                "text": m.text,
                "start_char": m.start,
                "end_char": m.end,
                "label": m.label,
                "name": m.name,
                "role": m.role,
                "kind": m.kind,
                "description": m.description,
            }
            for m in a.mentions
        ]
        quotes += [
            {
                **provenance,
                "text": q.text,
                "kind": q.kind,
                "speaker_name": q.speaker,
                "speaker_reason": q.speaker_reason,
                "cue": q.cue,
                "start_char": q.start,
                "end_char": q.end,
                "attribution": q.attribution,
                "speaker_via": q.speaker_via,
            }
            for q in a.quotes
        ]
        events += [
            {
                **provenance,
                "event_type": e.event_type,
                "participants": [{"name": n, "role": r} for n, r in e.participants.items()],
                "start_date": e.start_date,
                "end_date": e.end_date,
                "date_explicit": e.date_explicit,
                "reported_as_past": e.reported_as_past,
                "location": e.location,
                "text": e.text,
                "start_char": e.start,
                "end_char": e.end,
            }
            for e in a.events
        ]
    return {
        "doc_mentions": to_table("doc_mentions", mentions),
        "doc_quotes": to_table("doc_quotes", quotes),
        "doc_event_mentions": to_table("doc_event_mentions", events),
    }


def _of_current_documents(table: pa.Table, documents: pa.Table) -> list[dict]:
    """Rows extracted from each document's current version only (older batches' copies are stale)."""
    current = dict(
        zip(documents.column("doc_id").to_pylist(), documents.column("batch_id").to_pylist(), strict=True)
    )
    return _filter_pairs(table, "doc_id", current).to_pylist()


def _grouped(rows: list[dict], order: list[str]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {doc_id: [] for doc_id in order}
    for row in sorted(rows, key=lambda r: (r["doc_id"], r["start_char"])):
        grouped[row["doc_id"]].append(row)
    return grouped


def linked_tables(
    documents: pa.Table, doc_mentions: pa.Table, doc_quotes: pa.Table, doc_event_mentions: pa.Table
) -> dict[str, pa.Table]:
    """Link every document's names into corpus entities and merge events: the public NLP tables."""
    doc_rows = documents.select(["doc_id", "story_id", "reference_date", "published_at"]).to_pylist()
    order = sorted(r["doc_id"] for r in doc_rows)
    mentions_by_doc = _grouped(_of_current_documents(doc_mentions, documents), order)
    doc_mentions_of = {
        doc_id: [
            Mention(
                m["start_char"],
                m["end_char"],
                m["text"],
                m["label"],
                m["name"],
                m["role"],
                kind=m["kind"] or "name",  # batches annotated before references existed
                description=m["description"],
            )
            for m in mentions
        ]
        for doc_id, mentions in mentions_by_doc.items()
    }
    corpus = link_corpus(doc_mentions_of.items())
    names = {e.entity_id: e.name for e in corpus.entities}
    published = {r["doc_id"]: r["published_at"] for r in doc_rows}
    by_publication = sorted(order, key=lambda d: (published[d] is None, published[d] or 0, d))
    roles = collect_roles(
        ((d, doc_mentions_of[d]) for d in by_publication),
        corpus.link,
        {e.entity_id for e in corpus.entities if e.type == "PERSON"},
    )

    entity_mentions = [
        {
            "doc_id": m["doc_id"],
            "entity_id": corpus.link[(m["doc_id"], m["name"])],
            "text": m["text"],
            "start_char": m["start_char"],
            "end_char": m["end_char"],
            "label": m["label"],
            "kind": m["kind"] or "name",
        }
        for mentions in mentions_by_doc.values()
        for m in mentions
    ]
    quotes = []
    for q in sorted(
        _of_current_documents(doc_quotes, documents), key=lambda r: (r["doc_id"], r["start_char"])
    ):
        speaker_id = corpus.link.get((q["doc_id"], q["speaker_name"])) if q["speaker_name"] else None
        quotes.append(
            {
                "quote_id": quote_id_for(q["doc_id"], q["start_char"], q["end_char"]),
                "doc_id": q["doc_id"],
                "text": q["text"],
                "kind": q["kind"],
                "speaker": names.get(speaker_id),
                "speaker_entity_id": speaker_id,
                "speaker_reason": q["speaker_reason"],
                "cue": q["cue"],
                "start_char": q["start_char"],
                "end_char": q["end_char"],
                "attribution": q["attribution"] or "none",  # batches annotated before attribution existed
                "speaker_via": q["speaker_via"],
                "confidence": quote_confidence(q["kind"], q["attribution"], q["speaker_via"]),
                "quote_cluster_id": quote_cluster_id(q["text"]),
            }
        )

    reference = {r["doc_id"]: r["reference_date"] for r in doc_rows}
    events_by_doc = _grouped(_of_current_documents(doc_event_mentions, documents), order)
    story_of = {r["doc_id"]: r["story_id"] for r in doc_rows}
    events = merge_corpus(
        (
            (doc_id, story_of[doc_id], [_event_mention(e, reference[doc_id]) for e in rows])
            for doc_id, rows in events_by_doc.items()
        ),
        corpus.link,
    )
    return {
        "entities": to_table("entities", [e.__dict__ for e in corpus.entities]),
        "entity_mentions": to_table("entity_mentions", entity_mentions),
        "entity_roles": to_table(
            "entity_roles", [{**r.__dict__, "first_seen": published[r.doc_id]} for r in roles]
        ),
        "quotes": to_table("quotes", quotes),
        "events": to_table(
            "events",
            [
                {
                    "event_id": e.event_id,
                    "event_type": e.event_type,
                    "start_date": e.start_date,
                    "end_date": e.end_date,
                    "location": e.location,
                    "doc_count": e.doc_count,
                }
                for e in events
            ],
        ),
        "event_participants": to_table(
            "event_participants",
            [
                {"event_id": e.event_id, "entity_id": i, "role": r}
                for e in events
                for i, r in e.participants.items()
            ],
        ),
        "event_mentions": to_table(
            "event_mentions",
            [
                {
                    "event_id": e.event_id,
                    "doc_id": d,
                    "text": m.text,
                    "start_char": m.start,
                    "end_char": m.end,
                }
                for e in events
                for d, m in e.mentions
            ],
        ),
    }


def _event_mention(row: dict, reference_date) -> EventMention:
    """Rebuild an event mention; an undated past-tense report takes its duplicate cluster's day."""
    start, end = row["start_date"], row["end_date"]
    if start is None and row["reported_as_past"] and reference_date is not None:
        start, end = reference_date, None
    return EventMention(
        event_type=row["event_type"],
        participants={p["name"]: p["role"] for p in row["participants"]},
        start_date=start,
        end_date=end,
        date_explicit=row["date_explicit"],
        location=row["location"],
        start=row["start_char"],
        end=row["end_char"],
        text=row["text"],
        reported_as_past=row["reported_as_past"],
    )


def top_entities(entities: pa.Table, *, limit: int = 10) -> list[tuple[str, str, int]]:
    counts = Counter({(r["name"], r["type"]): r["mention_count"] for r in entities.to_pylist()})
    return [(name, kind, n) for (name, kind), n in counts.most_common(limit)]


def duplicate_count(documents: pa.Table) -> int:
    return documents.num_rows - pc.sum(documents.column("is_canonical")).as_py() if documents.num_rows else 0
