"""A raw folder as a careless scraper fills it, run through the whole pipeline into DuckDB: every file ends
as a document or in quarantine with its reason, nothing else is read, and one bad file costs nothing."""

import json
import os
import subprocess
import sys

import pytest

from tests.integration.conftest import REPO, materialize_everything, query

pytestmark = pytest.mark.slow

ARTICLE = (
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a "
    "deal, union leaders said. Ships that had waited offshore for weeks began to unload grain and fuel, "
    'and the harbour master said traffic would be back to normal by Monday. "We are glad it is over," '
    "said Greta Holm, who chairs the dock workers' union."
)
RUSSIAN = (
    "Порт Вессмут возобновил работу в четверг после двухмесячной забастовки докеров, сообщили "
    "представители профсоюза. Суда, неделями ожидавшие на рейде, начали разгрузку зерна и топлива."
)
OTHER_ARTICLE = (
    "The national bank held its main interest rate at four percent on Wednesday, saying inflation had "
    "eased for a third month but remained above its target. Governor Ilse Marten told reporters the bank "
    "would watch wage talks in the ports closely before it moved again."
)
FURNITURE_ONLY = "Subscribe to our newsletter\n\nShare: Facebook | X | Email\n\nRemind me later.\n"
# A single line far longer than one spaCy piece (NEWSGRAPH_NLP_CHUNK_CHARS below): processed, not lost.
LONG_LINE_SENTENCES = 1500
CHUNK_CHARS = 20_000


def hostile_folder(raw):
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    (raw / "whitespace.md").write_text("   \n\n\t \n")
    (raw / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (raw / "report.md").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (raw / "archive.txt").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(200))
    (raw / "bad_utf8.txt").write_bytes(("Harbour strike ends\n\n" + ARTICLE).encode() + b" \xff\xfe caf\xe9.")
    (raw / "russian_cp1251.txt").write_bytes(("Забастовка окончена\n\n" + RUSSIAN).encode("cp1251"))
    (raw / "bom_utf16.txt").write_bytes(("Harbour strike ends\n\n" + ARTICLE).encode("utf-16"))
    (raw / "stray_nuls.txt").write_bytes(
        ("Harbour strike ends\n\n" + ARTICLE).encode().replace(b". ", b".\x00 ", 3)
    )
    sentence = "Dock workers in Vessmouth voted on the deal after a long night of talks with the owners. "
    (raw / "long_line.txt").write_text(sentence * LONG_LINE_SENTENCES)
    with (raw / "huge.txt").open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    (raw / "furniture_only.txt").write_text(FURNITURE_ONLY)
    (raw / "impossible_date.txt").write_text(
        "Published February 30, 2021\n\nHarbour strike ends\n\n" + ARTICLE
    )
    (raw / "future_date.txt").write_text("Harbour strike ends\n\nPublished: 2099-01-01\n\n" + ARTICLE)
    export = [
        json.dumps({"id": "a", "title": "Harbour strike ends", "text": ARTICLE}),
        '{"id": "b", "text": "truncated',
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": ["A paragraph.", {"p": 1}]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "title": ["a", "list"], "text": ARTICLE.replace("Thursday", "Friday")}),
    ]
    (raw / "export.jsonl").write_text("\n".join(export) + "\n")
    (raw / "link_outside.txt").symlink_to("/etc/passwd")
    (raw / "copy_one.txt").write_text("Bank holds rate\n\n" + OTHER_ARTICLE)
    (raw / "copy_two.txt").write_text("Bank holds rate\n\n" + OTHER_ARTICLE)
    for outlet in ("herald", "observer"):
        (raw / outlet).mkdir()
        (raw / outlet / "story.txt").write_text(f"Harbour strike ends, says the {outlet}\n\n" + ARTICLE)
    os.mkfifo(raw / "pipe.txt")  # never opened: reading it would block the run


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    raw, data = root / "raw", root / "data"
    hostile_folder(raw)
    materialize_everything(raw, data, nlp_chunk_chars=CHUNK_CHARS)
    return raw, data


def test_every_file_is_a_document_or_quarantined_and_the_log_says_which(hostile_warehouse):
    raw, data = hostile_warehouse
    log = dict(query(data, "select source_path, status from ingest_log"))
    expected_documents = {
        "bad_utf8.txt", "russian_cp1251.txt", "bom_utf16.txt", "stray_nuls.txt", "long_line.txt",
        "impossible_date.txt", "future_date.txt", "export.jsonl", "herald/story.txt", "observer/story.txt",
    }  # fmt: skip
    expected_quarantined = {
        "empty.txt", "whitespace.md", "photo.txt", "report.md", "archive.txt", "huge.txt",
        "furniture_only.txt", "link_outside.txt",
    }  # fmt: skip
    # Most of these carry the same article, so all but one are duplicates: documents all the same.
    assert all(log[p] in {"document", "duplicate"} for p in expected_documents), log
    assert {p for p, s in log.items() if s == "quarantined"} == expected_quarantined
    # The same words under two names: one document, one duplicate of it.
    assert sorted(log[p] for p in ("copy_one.txt", "copy_two.txt")) == ["document", "duplicate"]
    assert "pipe.txt" not in log  # a pipe is skipped, never opened
    files = {p for p in raw.rglob("*") if p.is_symlink() or (p.is_file() and p.name != "pipe.txt")}
    assert set(log) == {p.relative_to(raw).as_posix() for p in files}


def test_each_rejection_says_why(hostile_warehouse):
    _, data = hostile_warehouse
    reasons = dict(query(data, "select source_path, reason from quarantine"))
    stages = dict(query(data, "select source_path, stage from quarantine"))
    assert reasons["empty.txt"] == reasons["whitespace.md"] == "empty file"
    assert reasons["photo.txt"] == "binary content (PNG image)"
    assert reasons["report.md"] == "binary content (PDF document)"
    assert reasons["archive.txt"] == "binary content (ZIP archive)"
    assert reasons["huge.txt"].startswith("too large: 104857600 bytes")
    assert reasons["link_outside.txt"] == "symbolic link to '/etc/passwd': links are not followed"
    assert reasons["furniture_only.txt"].startswith("no article text after cleaning")
    assert stages["furniture_only.txt"] == "parsed_documents"
    assert stages["photo.txt"] == "ingest"
    assert reasons["export.jsonl#L2"].startswith("line 2: invalid JSON")
    assert reasons["export.jsonl#L3"] == "line 3: text field 'text' holds a number, not text"
    assert reasons["export.jsonl#L4"] == "line 4: text field 'text' is a list of objects, not paragraphs"
    assert reasons["export.jsonl#L5"] == "line 5: a JSON list, not an object"


def test_text_is_decoded_not_rejected_and_nothing_from_outside_is_read(hostile_warehouse):
    _, data = hostile_warehouse
    bodies = dict(query(data, "select source_path, body from documents"))
    assert "Greta Holm" in bodies["bom_utf16.txt"] and "Greta Holm" in bodies["stray_nuls.txt"]
    assert "\x00" not in bodies["stray_nuls.txt"]
    assert "Порт Вессмут" in bodies["russian_cp1251.txt"]
    assert "Greta Holm" in bodies["bad_utf8.txt"]
    assert not any("root:" in body for body in bodies.values())  # /etc/passwd never became a document


def test_an_impossible_or_future_date_is_never_the_title_or_the_publication_time(hostile_warehouse):
    _, data = hostile_warehouse
    rows = {r[0]: r[1:] for r in query(data, "select source_path, title, published_at, body from documents")}
    title, published, body = rows["impossible_date.txt"]
    assert title == "Harbour strike ends" and published is None and "February 30" not in body
    title, published, body = rows["future_date.txt"]
    assert title == "Harbour strike ends" and published is None and "2099" not in body


def test_a_single_line_longer_than_a_spacy_piece_is_annotated_with_offsets_into_its_body(hostile_warehouse):
    _, data = hostile_warehouse
    ((length, mentions, bad),) = query(
        data,
        """
        select length(d.body), count(m.doc_id),
               count(*) filter (where substr(d.body, m.start_char + 1, m.end_char - m.start_char) <> m.text)
        from documents d join entity_mentions m using (doc_id)
        where d.source_path = 'long_line.txt' group by d.body
        """,
    )
    assert length > 5 * CHUNK_CHARS  # several pieces
    assert mentions >= LONG_LINE_SENTENCES * 0.5  # "Vessmouth" in every sentence, across every piece
    assert bad == 0


def test_the_same_name_in_two_folders_is_two_documents(hostile_warehouse):
    _, data = hostile_warehouse
    titles = dict(
        query(data, "select source_path, title from documents where source_path like '%/story.txt'")
    )
    assert titles == {
        "herald/story.txt": "Harbour strike ends, says the herald",
        "observer/story.txt": "Harbour strike ends, says the observer",
    }


def test_a_deleted_file_leaves_every_public_table_and_stays_in_the_log(hostile_warehouse, tmp_path):
    raw, data = hostile_warehouse
    (raw / "herald" / "story.txt").unlink()
    (raw / "photo.txt").unlink()
    materialize_everything(raw, data, nlp_chunk_chars=CHUNK_CHARS)
    log = dict(query(data, "select source_path, status from ingest_log"))
    assert log["herald/story.txt"] == log["photo.txt"] == "deleted"
    assert not query(data, "select 1 from documents where source_path = 'herald/story.txt'")
    assert not query(data, "select 1 from quarantine where source_path = 'photo.txt'")
    assert query(data, "select 1 from documents where source_path = 'observer/story.txt'")


def test_the_pipeline_runs_with_no_network_at_all(tmp_path):
    """The whole refresh (Dagster, spaCy, dbt) in a network namespace with no interface but loopback."""
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode:
        pytest.skip("cannot create a network namespace here")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "story.txt").write_text("Harbour strike ends\n\n" + ARTICLE)
    data = tmp_path / "data"
    (data / "dagster_home").mkdir(parents=True)
    (data / "dagster_home" / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    env = {
        **os.environ,
        "NEWSGRAPH_RAW_DIR": str(raw),
        "NEWSGRAPH_DATA_DIR": str(data),
        "DAGSTER_HOME": str(data / "dagster_home"),
    }
    probe = "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"
    assert subprocess.run(["unshare", "--net", sys.executable, "-c", probe], capture_output=True).returncode
    done = subprocess.run(
        ["unshare", "--net", sys.executable, "-m", "assets.cli", "refresh"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert query(data, "select count(*) from documents") == [(1,)]
