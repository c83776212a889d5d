import json

from pipeline.corpus.tables import documents_table, ingest_tables, parsed_tables
from pipeline.documents.read import read_raw_file
from pipeline.lake.io import concat

BODY = (
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a deal."
)


def batch(tmp_path, batch_id: str, name: str):
    tables = ingest_tables(read_raw_file(tmp_path / name, tmp_path), batch_id=batch_id)
    return parsed_tables(tables["raw_documents"])["parsed_documents"], tables["quarantine"]


def current_documents(batches) -> list[tuple[str, str]]:
    parsed = concat("parsed_documents", [p for p, _ in batches])
    quarantine = concat("quarantine", [q for _, q in batches])
    documents = documents_table(parsed, quarantine)
    return sorted(
        zip(documents.column("source_path").to_pylist(), documents.column("body").to_pylist(), strict=True)
    )


def test_a_record_an_export_no_longer_holds_leaves_the_documents(tmp_path):
    export = tmp_path / "export.jsonl"
    records = [{"id": key, "text": f"{BODY} Record {key}."} for key in ("a", "b")]
    export.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    first = batch(tmp_path, "b1", "export.jsonl")
    export.write_text(json.dumps(records[1]) + "\n")  # "a" was deleted, "b" moved to line 1
    second = batch(tmp_path, "b2", "export.jsonl")
    assert current_documents([first, second]) == [("export.jsonl#L1", f"{BODY} Record b.")]


def test_a_file_quarantined_in_a_later_batch_leaves_the_documents(tmp_path):
    (tmp_path / "story.txt").write_text(BODY)
    first = batch(tmp_path, "b1", "story.txt")
    (tmp_path / "story.txt").write_bytes(b"")
    second = batch(tmp_path, "b2", "story.txt")
    assert current_documents([first]) == [("story.txt", BODY)]
    assert current_documents([first, second]) == []
