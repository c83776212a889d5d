"""Reading what a careless scraper leaves: every case ends as documents or a rejection with its reason."""

import json
import os

import pytest

from pipeline.documents.formats import from_json_line
from pipeline.documents.read import RawDocument, Rejected, decode_text, read_raw_file, scan_raw_dir
from pipeline.lake.batches import changed_files, raw_files

ARTICLE = "Dock workers in Vessmouth ended their strike on Thursday after two months, union leaders said."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b" \n\t\n", "empty file", id="whitespace"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "binary content (PNG image)", id="png"),
        pytest.param(b"%PDF-1.7\nstream", "binary content (PDF document)", id="pdf"),
        pytest.param(b"PK\x03\x04rest", "binary content (ZIP archive)", id="zip"),
        pytest.param(b"\x1f\x8b\x08\x00", "binary content (gzip archive)", id="gzip"),
        pytest.param(bytes(range(32)) * 10, "binary content (280 control bytes in 320)", id="control-bytes"),
    ],
)
def test_what_is_not_text_is_rejected_with_what_it_is(data, reason):
    with pytest.raises(ValueError) as error:
        decode_text(data)
    assert str(error.value) == reason


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(ARTICLE.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(ARTICLE.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16", id="utf-16-be-bom"),
        pytest.param(ARTICLE.encode("utf-32"), "utf-32", id="utf-32-bom"),
        pytest.param(ARTICLE.encode().replace(b". ", b".\x00 "), "utf-8", id="stray-nul"),
        pytest.param(b"\xef\xbb\xbf" + ARTICLE.encode(), "utf-8", id="utf-8-bom"),
    ],
)
def test_text_in_other_encodings_and_with_stray_nuls_is_decoded(data, encoding):
    text, found = decode_text(data)
    assert found == encoding
    assert "Vessmouth" in text and "\x00" not in text and not text.startswith("\ufeff")


def test_a_symbolic_link_is_refused_and_its_target_never_read(tmp_path):
    (tmp_path / "secret").write_text("root:x:0:0")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "story.txt").symlink_to(tmp_path / "secret")
    (result,) = read_raw_file(raw / "story.txt", raw)
    assert isinstance(result, Rejected)
    assert result.reason == f"symbolic link to {str(tmp_path / 'secret')!r}: links are not followed"


def test_a_pipe_is_never_listed_or_opened(tmp_path):
    os.mkfifo(tmp_path / "feed.txt")
    (tmp_path / "story.txt").write_text(ARTICLE)
    assert [p.name for p in raw_files(tmp_path)] == ["story.txt"]
    assert [r.source_path for r in scan_raw_dir(tmp_path)] == ["story.txt"]
    assert [f.source_path for f in changed_files(tmp_path, {})] == ["story.txt"]


def test_a_linked_folder_is_not_walked_into(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.txt").write_text(ARTICLE)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "linked").symlink_to(outside, target_is_directory=True)
    assert [p.name for p in raw_files(raw)] == ["linked"]  # the link itself, refused on reading
    (result,) = read_raw_file(raw / "linked" / "private.txt", raw)
    assert result.reason == "outside the raw folder: not read"


def test_a_file_over_the_size_limit_is_rejected_unread(tmp_path):
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(10_000)
    (result,) = read_raw_file(tmp_path / "huge.txt", tmp_path, max_bytes=1_000)
    assert result.reason.startswith("too large: 10000 bytes, over the 1000-byte limit")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        pytest.param({"text": 42}, "text field 'text' holds a number, not text", id="number"),
        pytest.param({"body": {"p": "x"}}, "text field 'body' holds a object, not text", id="object"),
        pytest.param({"text": True}, "text field 'text' holds a boolean, not text", id="boolean"),
        pytest.param(
            {"text": ["a", 1]}, "text field 'text' is a list of numbers, not paragraphs", id="mixed-list"
        ),
        pytest.param(
            {"title": "T"},
            "no text field (expected one of text, body, maintext, content, article)",
            id="none",
        ),
    ],
)
def test_a_json_line_whose_text_is_not_text_is_rejected(record, reason):
    with pytest.raises(ValueError) as error:
        from_json_line(json.dumps(record))
    assert str(error.value) == reason


def test_good_json_lines_load_beside_bad_ones(tmp_path):
    lines = [
        json.dumps({"text": ARTICLE}),
        "{broken",
        json.dumps({"text": 42}),
        json.dumps({"text": ARTICLE + "!"}),
    ]
    (tmp_path / "export.jsonl").write_text("\n".join(lines))
    results = read_raw_file(tmp_path / "export.jsonl", tmp_path)
    assert [type(r).__name__ for r in results] == ["RawDocument", "Rejected", "Rejected", "RawDocument"]
    assert all(
        isinstance(r, RawDocument) or r.reason.startswith(f"line {i + 1}:") for i, r in enumerate(results)
    )
