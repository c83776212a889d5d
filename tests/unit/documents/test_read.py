import pytest

from pipeline.documents.read import (
    RawDocument,
    Rejected,
    decode_text,
    doc_id_for,
    read_raw_file,
    scan_raw_dir,
)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Medvedev met Xi — “useful” talks".encode(), "Medvedev met Xi — “useful” talks", "utf-8"),
        ("\ufeffBOM first".encode(), "BOM first", "utf-8"),
        ("Переговоры были весьма полезными, заявил он журналистам.".encode("cp1251"), None, "cp1251"),
        (
            "Café société: the minister's résumé was reviewed".encode("latin-1"),
            "Café société: the minister's résumé was reviewed",
            None,
        ),
    ],
)
def test_decode_text_reads_utf8_and_legacy_encodings(data, text, encoding):
    decoded, detected = decode_text(data)
    if text is not None:
        assert decoded == text
    if encoding is not None:
        assert detected.replace("_", "-") == encoding
    assert "\ufffd" not in decoded


def test_a_stray_western_symbol_in_english_text_reads_as_cp1252():
    # bbc_news/sport/199.txt: one 0xA3 byte, which a statistical detector reads as cp932 "｣".
    data = "Chelsea paid \xa315.8m for the striker, the club said on Monday.".encode("latin-1")
    assert decode_text(data) == ("Chelsea paid £15.8m for the striker, the club said on Monday.", "cp1252")


def test_legacy_cyrillic_text_decodes_to_cyrillic():
    decoded, _ = decode_text("Переговоры были весьма полезными, заявил он журналистам.".encode("cp1251"))
    assert decoded.startswith("Переговоры")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\t", "empty file"), (bytes(range(256)) * 4, "binary content")],
)
def test_decode_text_rejects_non_text_with_a_reason(data, reason):
    with pytest.raises(ValueError, match=reason):
        decode_text(data)


def test_every_file_becomes_a_document_or_a_rejection(tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "story.md").write_text("# Title\n\nBody text here.")
    (tmp_path / "story.txt").write_text("Plain story.")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.txt").write_bytes(b"")
    results = {r.source_path: r for r in scan_raw_dir(tmp_path)}
    assert set(results) == {"nested/story.md", "story.txt", "scan.pdf", "empty.txt"}
    assert isinstance(results["nested/story.md"], RawDocument)
    assert results["scan.pdf"] == Rejected(source_path="scan.pdf", reason="unsupported file type '.pdf'")
    assert results["empty.txt"] == Rejected(source_path="empty.txt", reason="empty file")


def test_doc_id_follows_the_path_so_edits_update_rather_than_duplicate(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("first version")
    (first,) = read_raw_file(path, tmp_path)
    path.write_text("second version")
    (second,) = read_raw_file(path, tmp_path)
    assert first.doc_id == second.doc_id == doc_id_for("a.txt")
    assert first.content_sha256 != second.content_sha256
