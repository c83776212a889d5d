from datetime import UTC, datetime

from pipeline.corpus.versions import current_documents, ingest_log, quarantined_files
from pipeline.documents.parse import parse_batch, read_headers
from pipeline.documents.read import Rejected, read_raw_file, stamp_batch
from pipeline.lake.batches import BatchFile

BODY = (
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a deal."
)
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def registered(path: str, batch_id: str, *, deleted: bool = False) -> BatchFile:
    return BatchFile(
        source_path=path, batch_id=batch_id, size_bytes=0, content_sha256="", deleted=deleted, seen_at=NOW
    )


def parsed(tmp_path, batch_id: str, name: str):
    raws, rejected = stamp_batch(read_raw_file(tmp_path / name, tmp_path), batch_id=batch_id)
    headers, fingerprints = read_headers(raws)
    return [d.row() for d in parse_batch(raws, headers, fingerprints)], rejected


def test_a_deleted_file_leaves_documents_and_quarantine_and_the_log_keeps_it(tmp_path):
    (tmp_path / "story.txt").write_text(BODY)
    rows, _ = parsed(tmp_path, "b1", "story.txt")
    rejected = [Rejected(source_path="scan.txt", batch_id="b1", reason="empty file")]
    files = [registered("story.txt", "b1"), registered("scan.txt", "b1")]
    documents = current_documents(rows, rejected, files)
    assert [
        (e.source_path, e.status)
        for e in ingest_log(files, documents, quarantined_files(rejected, documents, files))
    ] == [
        ("scan.txt", "quarantined"),
        ("story.txt", "document"),
    ]
    files += [registered("story.txt", "b2", deleted=True), registered("scan.txt", "b2", deleted=True)]
    documents = current_documents(rows, rejected, files)
    quarantined = quarantined_files(rejected, documents, files)
    assert documents == [] and quarantined == []
    assert {e.source_path: e.status for e in ingest_log(files, documents, quarantined)} == {
        "scan.txt": "deleted",
        "story.txt": "deleted",
    }


def test_a_document_a_later_step_failed_on_is_quarantined_with_that_stage(tmp_path):
    (tmp_path / "story.txt").write_text(BODY)
    rows, _ = parsed(tmp_path, "b1", "story.txt")
    failure = Rejected(
        source_path="story.txt", batch_id="b1", reason="annotation failed: boom", stage="annotations"
    )
    files = [registered("story.txt", "b1")]
    documents = current_documents(rows, [failure], files)
    quarantined = quarantined_files([failure], documents, files)
    assert documents == []
    assert [(q.source_path, q.stage, q.reason) for q in quarantined] == [
        ("story.txt", "annotations", "annotation failed: boom")
    ]
    (entry,) = ingest_log(files, documents, quarantined)
    assert (entry.status, entry.reason) == ("quarantined", "annotation failed: boom")


def test_a_file_that_is_neither_is_unaccounted_so_the_check_fails():
    (entry,) = ingest_log([registered("lost.txt", "b1")], [], [])
    assert entry.status == "unaccounted"
