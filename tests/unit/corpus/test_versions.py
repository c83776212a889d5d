import json

from pipeline.corpus.versions import current_documents, quarantined_files
from pipeline.documents.parse import parse_batch, read_headers
from pipeline.documents.read import read_raw_file, stamp_batch

BODY = (
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a deal."
)


def batch(tmp_path, batch_id: str, name: str):
    """One ingest batch of one file through both parsing steps, as the per-batch assets run them."""
    raws, rejected = stamp_batch(read_raw_file(tmp_path / name, tmp_path), batch_id=batch_id)
    headers, fingerprints = read_headers(raws)
    return [d.row() for d in parse_batch(raws, headers, fingerprints)], rejected


def documents_of(batches) -> list[tuple[str, str]]:
    parsed = [row for rows, _ in batches for row in rows]
    rejected = [r for _, quarantine in batches for r in quarantine]
    return sorted((d.source_path, d.body) for d in current_documents(parsed, rejected))


def test_a_record_an_export_no_longer_holds_leaves_the_documents(tmp_path):
    export = tmp_path / "export.jsonl"
    records = [{"id": key, "text": f"{BODY} Record {key}."} for key in ("a", "b")]
    export.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    first = batch(tmp_path, "b1", "export.jsonl")
    export.write_text(json.dumps(records[1]) + "\n")  # "a" was deleted, "b" moved to line 1
    second = batch(tmp_path, "b2", "export.jsonl")
    assert documents_of([first, second]) == [("export.jsonl#L1", f"{BODY} Record b.")]


def test_a_file_quarantined_in_a_later_batch_leaves_the_documents(tmp_path):
    (tmp_path / "story.txt").write_text(BODY)
    first = batch(tmp_path, "b1", "story.txt")
    (tmp_path / "story.txt").write_bytes(b"")
    second = batch(tmp_path, "b2", "story.txt")
    assert documents_of([first]) == [("story.txt", BODY)]
    assert documents_of([first, second]) == []


def test_a_file_readable_again_after_a_rejection_is_a_document_and_not_quarantined(tmp_path):
    (tmp_path / "story.txt").write_bytes(b"")
    first = batch(tmp_path, "b1", "story.txt")
    (tmp_path / "story.txt").write_text(BODY)
    second = batch(tmp_path, "b2", "story.txt")
    rejected = first[1] + second[1]
    documents = current_documents(first[0] + second[0], rejected)
    assert [d.source_path for d in documents] == ["story.txt"]
    assert quarantined_files(rejected, documents) == []
    only_rejected = quarantined_files(first[1], current_documents(first[0], first[1]))
    assert [(q.source_path, q.batch_id, q.reason) for q in only_rejected] == [
        ("story.txt", "b1", "empty file")
    ]
