"""Corpus-level assembly: run the stages over many documents and shape their output as lake tables."""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime

import pyarrow as pa
from spacy.language import Language

from pipeline.dedup import DedupInput, cluster_documents
from pipeline.documents import ParsedDocument, parse_document
from pipeline.entities import link_corpus
from pipeline.events import merge_corpus
from pipeline.ingest import RawDocument, Rejected
from pipeline.lake import to_table
from pipeline.nlp import DocumentInput, annotate
from pipeline.quotes import quote_id_for


def ingest_tables(
    results: Iterable[RawDocument | Rejected], *, now: datetime | None = None
) -> dict[str, pa.Table]:
    """raw_documents and quarantine from the outcome of reading every raw file."""
    now = now or datetime.now(UTC)
    raw, rejected = [], []
    for result in results:
        if isinstance(result, RawDocument):
            raw.append({**result.__dict__, "ingested_at": now})
        else:
            rejected.append({"source_path": result.source_path, "reason": result.reason, "detected_at": now})
    return {"raw_documents": to_table("raw_documents", raw), "quarantine": to_table("quarantine", rejected)}


def raw_documents_from(table: pa.Table) -> list[RawDocument]:
    fields = RawDocument.__dataclass_fields__
    return [RawDocument(**{k: v for k, v in row.items() if k in fields}) for row in table.to_pylist()]


def _canonical_rank(doc: ParsedDocument) -> tuple:
    """The copy with the most metadata and the longest body represents its duplicate cluster."""
    meta = doc.metadata
    return (meta.published is not None, meta.title is not None, meta.url is not None, doc.word_count)


def document_tables(raw_documents: Iterable[RawDocument]) -> dict[str, pa.Table]:
    """Clean, extract metadata, and cluster duplicates: the documents and removed_spans tables."""
    parsed = [parse_document(raw) for raw in raw_documents]
    clusters = {
        result.doc_id: result
        for result in cluster_documents(
            [DedupInput(d.raw.doc_id, d.body, d.body_sha256, _canonical_rank(d)) for d in parsed]
        )
    }
    by_id = {d.raw.doc_id: d for d in parsed}
    documents, removed = [], []
    for doc in parsed:
        meta, cluster = doc.metadata, clusters[doc.raw.doc_id]
        canonical = by_id[cluster.dup_cluster_id]
        documents.append(
            {
                "doc_id": doc.raw.doc_id,
                "source_path": doc.raw.source_path,
                "content_sha256": doc.raw.content_sha256,
                "title": meta.title,
                "published_at": meta.published.instant if meta.published else None,
                "published_tz": meta.published.tz if meta.published else None,
                "published_precision": meta.published.precision if meta.published else None,
                "modified_at": meta.modified.instant if meta.modified else None,
                "url": meta.url,
                "publisher": meta.publisher,
                "dateline": meta.dateline,
                "section": meta.section,
                "language": doc.language,
                "body": doc.body,
                "word_count": doc.word_count,
                "body_sha256": doc.body_sha256,
                "dup_cluster_id": cluster.dup_cluster_id,
                "is_canonical": cluster.is_canonical,
                "story_id": cluster.dup_cluster_id,
                "reference_date": doc.reference_date or canonical.reference_date,
            }
        )
        removed += [
            {
                "doc_id": doc.raw.doc_id,
                "text": s.text,
                "reason": s.reason,
                "raw_start": s.raw_start,
                "raw_end": s.raw_end,
            }
            for s in doc.cleaned.removed
        ]
    return {
        "documents": to_table("documents", documents),
        "removed_spans": to_table("removed_spans", removed),
    }


def nlp_tables(documents: pa.Table, nlp: Language) -> dict[str, pa.Table]:
    """Entities, mentions, quotes and events for every document, linked across the corpus."""
    rows = documents.select(["doc_id", "body", "reference_date", "dateline", "story_id"]).to_pylist()
    inputs = [DocumentInput(r["doc_id"], r["body"], r["reference_date"], r["dateline"]) for r in rows]
    annotations = list(annotate(nlp, inputs))
    corpus = link_corpus((a.doc_id, a.mentions) for a in annotations)
    names = {e.entity_id: e.name for e in corpus.entities}

    mentions = [
        {
            "doc_id": a.doc_id,
            "entity_id": corpus.link[(a.doc_id, m.name)],
            "text": m.text,
            "start_char": m.start,
            "end_char": m.end,
            "label": m.label,
        }
        for a in annotations
        for m in a.mentions
    ]
    quotes = []
    for a in annotations:
        for q in a.quotes:
            speaker_id = corpus.link.get((a.doc_id, q.speaker)) if q.speaker else None
            quotes.append(
                {
                    "quote_id": quote_id_for(a.doc_id, q.start, q.end),
                    "doc_id": a.doc_id,
                    "text": q.text,
                    "kind": q.kind,
                    "speaker": names.get(speaker_id),
                    "speaker_entity_id": speaker_id,
                    "speaker_reason": q.speaker_reason,
                    "cue": q.cue,
                    "start_char": q.start,
                    "end_char": q.end,
                }
            )
    story_of = {r["doc_id"]: r["story_id"] for r in rows}
    events = merge_corpus(((a.doc_id, story_of[a.doc_id], a.events) for a in annotations), corpus.link)
    return {
        "entities": to_table("entities", [e.__dict__ for e in corpus.entities]),
        "entity_mentions": to_table("entity_mentions", mentions),
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


def top_entities(entities: pa.Table, *, limit: int = 10) -> list[tuple[str, str, int]]:
    counts = Counter({(r["name"], r["type"]): r["mention_count"] for r in entities.to_pylist()})
    return [(name, kind, n) for (name, kind), n in counts.most_common(limit)]
