"""Current versions: which copy of each document and each rejected file the public tables hold.

The rule lives here only: a document's latest batch wins, and a file's latest batch holds all its
documents, so a file quarantined there (emptied, replaced by binary) leaves `documents`, and so does a
record an export no longer holds. Everything downstream (linking, the marts) reads these results.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import ClassVar

from pipeline.corpus.dedup import DedupInput, cluster_documents
from pipeline.documents.parse import DocumentFields, ParsedDocumentRow
from pipeline.documents.read import Rejected, source_file
from pipeline.lake.batches import latest_rows
from pipeline.lake.records import Record


@dataclass(frozen=True, kw_only=True)
class DocumentRow(DocumentFields):
    """A document's current version with its duplicate cluster (a row of the corpus-wide `documents`).
    Its reference_date is the document's own publication day, else its duplicate cluster's."""

    TABLE: ClassVar[str] = "documents"

    dup_cluster_id: str
    is_canonical: bool
    # The duplicate cluster for now: same-story clustering (documents about one happening) is not built.
    story_id: str


@dataclass(frozen=True, kw_only=True)
class QuarantinedFile(Record):
    """A source whose latest batch rejected it and that is no document now (a row of the corpus-wide
    `quarantined_files`, behind the public `quarantine` table)."""

    TABLE: ClassVar[str] = "quarantined_files"

    source_path: str
    batch_id: str
    reason: str
    detected_at: datetime | None


_DOCUMENT_FIELDS = tuple(f.name for f in fields(DocumentFields))


def _canonical_rank(row: ParsedDocumentRow) -> tuple:
    """The copy with the most metadata and the longest body represents its duplicate cluster."""
    return (row.published_at is not None, row.title is not None, row.url is not None, row.word_count)


def current_documents(
    parsed: Sequence[ParsedDocumentRow], quarantine: Sequence[Rejected]
) -> list[DocumentRow]:
    """Every document's current version, with duplicate clusters over the whole corpus, by doc_id."""
    latest_batch_of_file: dict[str, str] = {}
    for row in [*parsed, *quarantine]:
        file = source_file(row.source_path)
        latest_batch_of_file[file] = max(latest_batch_of_file.get(file, ""), row.batch_id)
    rows = [
        r
        for r in latest_rows(parsed, key=lambda r: r.doc_id)
        if r.batch_id >= latest_batch_of_file[source_file(r.source_path)]
    ]
    clusters = {
        c.doc_id: c
        for c in cluster_documents(
            [DedupInput(r.doc_id, r.body, r.body_sha256, _canonical_rank(r), r.minhash) for r in rows]
        )
    }
    by_id = {r.doc_id: r for r in rows}
    documents = []
    for row in sorted(rows, key=lambda r: r.doc_id):
        cluster = clusters[row.doc_id]
        shared = {name: getattr(row, name) for name in _DOCUMENT_FIELDS}
        documents.append(
            DocumentRow(
                **shared
                | {"reference_date": row.reference_date or by_id[cluster.dup_cluster_id].reference_date},
                dup_cluster_id=cluster.dup_cluster_id,
                is_canonical=cluster.is_canonical,
                story_id=cluster.dup_cluster_id,
            )
        )
    return documents


def quarantined_files(
    quarantine: Sequence[Rejected], documents: Sequence[DocumentRow]
) -> list[QuarantinedFile]:
    """Each rejected source in its latest rejection, unless a later version of it is a document now."""
    latest = latest_rows(quarantine, key=lambda r: r.source_path)
    is_document = {d.source_path for d in documents}
    return [QuarantinedFile(**asdict(r)) for r in latest if r.source_path not in is_document]
