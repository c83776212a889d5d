"""Current versions: which copy of each document and each rejected file the public tables hold.

The rule lives here only: a document's latest batch wins, and a file's latest batch holds all its
documents, so a file quarantined there (emptied, replaced by binary) leaves `documents`, and so does a
record an export no longer holds, and a file deleted from the raw folder leaves every public table
(its history stays in `ingest_log`). Everything downstream (linking, the marts) reads these results.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import ClassVar

from pipeline.corpus.dedup import DedupInput, DuplicatePair, find_duplicates
from pipeline.documents.parse import DocumentFields, ParsedDocumentRow
from pipeline.documents.read import Rejected, source_file
from pipeline.lake.batches import BatchFile, latest_rows
from pipeline.lake.records import Record


@dataclass(frozen=True, kw_only=True)
class FilledField(Record):
    """One metadata field of a canonical document filled from another member of its duplicate cluster."""

    field_name: str
    from_doc_id: str


# What a canonical document may take from its copies, in groups taken together from one copy: a
# publication time keeps its zone, precision and the day relative dates resolve against. Body-derived
# columns and where the file came from stay the canonical's own.
FILLED_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("subtitle",),
    ("published_at", "published_tz", "published_precision", "reference_date"),
    ("modified_at",),
    ("url",),
    ("publisher",),
    ("dateline",),
    ("section",),
    ("author",),
)


@dataclass(frozen=True, kw_only=True)
class DocumentRow(DocumentFields):
    """A document's current version with its duplicate cluster (a row of the corpus-wide `documents`).
    Its reference_date is the document's own publication day, else its duplicate cluster's."""

    TABLE: ClassVar[str] = "documents"

    dup_cluster_id: str
    is_canonical: bool
    # Its story (pipeline.corpus.stories, filled by the corpus step after linking; the duplicate cluster
    # until then). Copies of one article always share a story.
    story_id: str
    # Metadata a canonical document lacked and took from another copy in its cluster, one entry per
    # field (`FILLED_FIELDS`), so a filled title is never mistaken for the document's own; empty when
    # nothing was filled, and always empty on a non-canonical copy. In SQL:
    # `select doc_id, f.field_name, f.from_doc_id from documents, unnest(metadata_filled_from) as t(f)`.
    metadata_filled_from: list[FilledField]


@dataclass(frozen=True, kw_only=True)
class QuarantinedFile(Record):
    """A source whose latest batch rejected it and that is no document now (a row of the corpus-wide
    `quarantined_files`, behind the public `quarantine` table)."""

    TABLE: ClassVar[str] = "quarantined_files"

    source_path: str
    batch_id: str
    reason: str
    detected_at: datetime | None
    # "ingest" (the file could not be read as news), or the later step that failed on the document.
    stage: str


_DOCUMENT_FIELDS = tuple(f.name for f in fields(DocumentFields))


def _canonical_rank(row: ParsedDocumentRow) -> tuple:
    """The copy with the most metadata and the longest body represents its duplicate cluster: one with a
    publication date first (it anchors the cluster's relative dates), then with a title, then with a URL,
    then the most words (an update beats the version it extends), then the greatest doc_id (in
    `find_duplicates`) so the choice never depends on batching."""
    return (row.published_at is not None, row.title is not None, row.url is not None, row.word_count)


def _filled(canonical: ParsedDocumentRow, members: Sequence[ParsedDocumentRow]) -> tuple[dict, list]:
    """The canonical's missing metadata taken from its cluster's other members, the best-ranked member
    holding the field first, and where each field came from."""
    donors = sorted(
        (m for m in members if m.doc_id != canonical.doc_id),
        key=lambda m: (_canonical_rank(m), m.doc_id),
        reverse=True,
    )
    values, sources = {}, []
    for group in FILLED_FIELDS:
        if getattr(canonical, group[0]) is not None:
            continue
        donor = next((m for m in donors if getattr(m, group[0]) is not None), None)
        if donor is None:
            continue
        values |= {name: getattr(donor, name) for name in group}
        sources += [FilledField(field_name=name, from_doc_id=donor.doc_id) for name in group]
    return values, sources


def _latest_batch_of_file(*tables: Sequence) -> dict[str, str]:
    latest: dict[str, str] = {}
    for row in (row for table in tables for row in table):
        file = source_file(row.source_path)
        latest[file] = max(latest.get(file, ""), row.batch_id)
    return latest


def _deletions(files: Sequence[BatchFile]) -> list[BatchFile]:
    return [f for f in files if f.deleted]


@dataclass(frozen=True)
class CurrentVersions:
    documents: list[DocumentRow]  # by doc_id
    duplicate_pairs: list[DuplicatePair]  # by (doc_id_a, doc_id_b)


def current_versions(
    parsed: Sequence[ParsedDocumentRow], quarantine: Sequence[Rejected], files: Sequence[BatchFile] = ()
) -> CurrentVersions:
    """Every document's current version, with duplicate clusters over the whole corpus and the pairs
    that made them; a cluster's canonical document has its missing metadata filled from its copies."""
    latest_batch_of_file = _latest_batch_of_file(parsed, quarantine, _deletions(files))
    # A document a later step failed on is quarantined in that batch, though it was parsed there.
    failed = {(r.source_path, r.batch_id) for r in quarantine if r.stage != "ingest"}
    rows = [
        r
        for r in latest_rows(parsed, key=lambda r: r.doc_id)
        if r.batch_id >= latest_batch_of_file[source_file(r.source_path)]
        and (r.source_path, r.batch_id) not in failed
    ]
    duplicates = find_duplicates(
        [DedupInput(r.doc_id, r.body, r.body_sha256, _canonical_rank(r), r.minhash, r.lead_key) for r in rows]
    )
    clusters = {c.doc_id: c for c in duplicates.clusters}
    by_id = {r.doc_id: r for r in rows}
    members: dict[str, list[ParsedDocumentRow]] = {}
    for row in rows:
        members.setdefault(clusters[row.doc_id].dup_cluster_id, []).append(row)
    filled = {cluster_id: _filled(by_id[cluster_id], cluster) for cluster_id, cluster in members.items()}
    documents = []
    for row in sorted(rows, key=lambda r: r.doc_id):
        cluster = clusters[row.doc_id]
        values, sources = filled[cluster.dup_cluster_id] if cluster.is_canonical else ({}, [])
        shared = {name: getattr(row, name) for name in _DOCUMENT_FIELDS} | values
        if shared["reference_date"] is None:
            # A copy without a date of its own resolves relative dates against its cluster's day.
            canonical = by_id[cluster.dup_cluster_id]
            shared["reference_date"] = canonical.reference_date or filled[cluster.dup_cluster_id][0].get(
                "reference_date"
            )
        documents.append(
            DocumentRow(
                **shared,
                dup_cluster_id=cluster.dup_cluster_id,
                is_canonical=cluster.is_canonical,
                story_id=cluster.dup_cluster_id,
                metadata_filled_from=sources,
            )
        )
    return CurrentVersions(documents=documents, duplicate_pairs=duplicates.pairs)


def current_documents(
    parsed: Sequence[ParsedDocumentRow], quarantine: Sequence[Rejected], files: Sequence[BatchFile] = ()
) -> list[DocumentRow]:
    """Every document's current version, with duplicate clusters over the whole corpus, by doc_id."""
    return current_versions(parsed, quarantine, files).documents


def quarantined_files(
    quarantine: Sequence[Rejected], documents: Sequence[DocumentRow], files: Sequence[BatchFile] = ()
) -> list[QuarantinedFile]:
    """Each rejected source in its latest rejection, unless a later version of it is a document now or
    the file was deleted since."""
    latest = latest_rows(quarantine, key=lambda r: r.source_path)
    deleted_in = _latest_batch_of_file(_deletions(files))
    is_document = {d.source_path for d in documents}
    return [
        QuarantinedFile(**asdict(r))
        for r in latest
        if r.source_path not in is_document and deleted_in.get(source_file(r.source_path), "") < r.batch_id
    ]


@dataclass(frozen=True, kw_only=True)
class IngestLogEntry(Record):
    """Every file the raw folder ever held (a row of the corpus-wide `ingest_log`): its latest content,
    when it was first and last seen, and how it ended."""

    TABLE: ClassVar[str] = "ingest_log"

    source_path: str
    content_sha256: str
    size_bytes: int
    first_seen: datetime | None
    last_seen: datetime | None
    # "document" (at least one current canonical document), "duplicate" (only copies of documents
    # held elsewhere), "quarantined", "deleted"; "unaccounted" breaks the ingest log's check.
    status: str
    reason: str | None
    documents: int
    quarantined: int


def ingest_log(
    files: Sequence[BatchFile], documents: Sequence[DocumentRow], quarantined: Sequence[QuarantinedFile]
) -> list[IngestLogEntry]:
    """One row per file ever registered, by path: every present file is a document or quarantined."""
    docs_of: dict[str, list[DocumentRow]] = {}
    for d in documents:
        docs_of.setdefault(source_file(d.source_path), []).append(d)
    rejected_of: dict[str, list[QuarantinedFile]] = {}
    for q in quarantined:
        rejected_of.setdefault(source_file(q.source_path), []).append(q)
    seen: dict[str, list[datetime]] = {}
    for f in files:
        if f.seen_at is not None:
            seen.setdefault(f.source_path, []).append(f.seen_at)
    entries = []
    for latest in sorted(latest_rows(files, key=lambda f: f.source_path), key=lambda f: f.source_path):
        path = latest.source_path
        docs, rejected = docs_of.get(path, []), rejected_of.get(path, [])
        if latest.deleted:
            status, reason = "deleted", "deleted from the raw folder"
        elif any(d.is_canonical for d in docs):
            status = "document"
            reason = f"{len(rejected)} of its records quarantined" if rejected else None
        elif docs:
            status, reason = "duplicate", f"a copy of {docs[0].dup_cluster_id}"
        elif rejected:
            status, reason = "quarantined", "; ".join(dict.fromkeys(q.reason for q in rejected))
        else:
            status, reason = "unaccounted", "neither a document nor quarantined"
        times = seen.get(path, [])
        entries.append(
            IngestLogEntry(
                source_path=path,
                content_sha256=latest.content_sha256,
                size_bytes=latest.size_bytes,
                first_seen=min(times, default=None),
                last_seen=max(times, default=None),
                status=status,
                reason=reason,
                documents=len(docs),
                quarantined=len(rejected),
            )
        )
    return entries
