"""Ingest: turn every file under the raw folder into decoded documents or quarantine records.

A text or HTML file is one document; a JSON-lines export is one document per line, and a bad line is
quarantined on its own (as `path#L<n>`) without losing the rest of the file.
"""

import codecs
import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from charset_normalizer import from_bytes

from pipeline.documents.formats import Extracted, StatedFields, from_html, from_json_line
from pipeline.lake.batches import Batch, raw_files
from pipeline.lake.records import Record
from pipeline.lake.settings import DEFAULT_MAX_DOC_BYTES

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# A real text file has essentially no control bytes; a few stray ones (NULs included) are tolerated.
MAX_CONTROL_BYTE_RATIO = 0.01
# What a file is by its first bytes: a binary format saved with a text extension.
BINARY_SIGNATURES = {
    b"\x89PNG": "PNG image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "ELF executable",
}
# Byte-order marks name their encoding; UTF-32's must be tested before UTF-16's, which they begin with.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, kw_only=True)
class RawDocument(Record):
    """One readable document of a raw file: the text the cleaner reads and where it came from (a row of
    `raw_documents`).

    `raw_text` is the file's text for .txt/.md, trafilatura's main text for .html, the text field of one
    line for .jsonl; every raw offset downstream indexes it. The `stated_*` fields are metadata the source
    states outright (HTML meta tags, JSON fields); they win over the text's header."""

    TABLE: ClassVar[str] = "raw_documents"

    doc_id: str
    batch_id: str = ""  # stamped when the batch is written
    source_path: str
    content_sha256: str
    encoding: str
    size_bytes: int
    modified_at: datetime
    raw_text: str
    ingested_at: datetime | None = None
    source_format: str = "text"  # "text" | "html" | "jsonl"
    stated_title: str | None = None
    stated_url: str | None = None
    stated_published: str | None = None
    stated_modified: str | None = None
    stated_author: str | None = None
    stated_publisher: str | None = None

    @property
    def stated(self) -> StatedFields:
        return StatedFields(**{name: getattr(self, f"stated_{name}") for name in STATED_NAMES})


STATED_NAMES = tuple(f.name for f in fields(StatedFields))


@dataclass(frozen=True, kw_only=True)
class Rejected(Record):
    """A file (or one line of an export) that could not be read as news text, and why (a row of
    `quarantine`)."""

    TABLE: ClassVar[str] = "quarantine"

    source_path: str
    batch_id: str = ""
    reason: str
    detected_at: datetime | None = None
    # The step that rejected it: "ingest" (the file), or a later step that failed on the document.
    stage: str = "ingest"


def source_file(source_path: str) -> str:
    """The raw file a document came from: `export.jsonl#L3` came from `export.jsonl`."""
    path, _, line = source_path.rpartition("#L")
    return path if path and line.isdigit() else source_path


def doc_id_for(relative_path: str) -> str:
    """Id a document by where it lives, so a file edited in place updates its rows instead of adding some."""
    return hashlib.sha256(relative_path.encode("utf-8")).hexdigest()[:16]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 when valid, else by detected charset (cp1251, Latin-1, ...).

    Raises:
        ValueError: with a human-readable reason when the bytes are not text.
    """
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ValueError(f"binary content ({kind})")
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ValueError(f"undecodable bytes: invalid {encoding} ({error.reason})") from None
            if not text.strip():
                raise ValueError("empty file")
            return text.replace("\x00", ""), encoding
    if not data.strip():
        raise ValueError("empty file")
    control = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    if control / len(data) > MAX_CONTROL_BYTE_RATIO:
        raise ValueError(f"binary content ({control} control bytes in {len(data)})")
    # A few stray NULs in otherwise good text (a scraper's buffer) are dropped, not the article.
    data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _isolated_high_bytes(data):
        # English text with a stray "£" or "é": a statistical detector has too little to go on (one 0xA3
        # byte reads as cp932 "｣"), while any non-Latin script would put high bytes side by side.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes: no text encoding fits")
    return str(best), best.encoding


def _isolated_high_bytes(data: bytes) -> bool:
    """Whether every non-ASCII byte stands between ASCII bytes."""
    return all(not (a > 127 and b > 127) for a, b in zip(data, data[1:], strict=False))


def _read_regular_file(path: Path, max_bytes: int) -> tuple[bytes, datetime]:
    """The bytes of a regular file, never following a link or opening a pipe or device.

    Opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat, so a link or a pipe swapped in after the
    folder was scanned is refused too, and a pipe never blocks the run.

    Raises:
        ValueError: with the reason the file is not read.
        OSError: when the file cannot be opened or read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ValueError(f"symbolic link to {os.readlink(path)!r}: links are not followed") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("not a regular file (a pipe, socket or device): not read")
        if status.st_size > max_bytes:
            raise ValueError(
                f"too large: {status.st_size} bytes, over the {max_bytes}-byte limit (NEWSGRAPH_MAX_DOC_BYTES)"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while it was read
        raise ValueError(f"too large: over the {max_bytes}-byte limit (NEWSGRAPH_MAX_DOC_BYTES)")
    return data, datetime.fromtimestamp(status.st_mtime, tz=UTC)


def read_raw_file(
    path: Path, root: Path, *, max_bytes: int = DEFAULT_MAX_DOC_BYTES
) -> list[RawDocument | Rejected]:
    """Read one file into its documents; never raises for bad content, so no file is lost.

    Only regular files inside `root` are read: a symbolic link (to anywhere), a pipe or a device is
    rejected with its reason."""
    relative = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    if not _inside(path, root):
        return [Rejected(source_path=relative, reason="outside the raw folder: not read")]
    if suffix not in SUPPORTED_SUFFIXES:
        return [Rejected(source_path=relative, reason=f"unsupported file type {path.suffix or '(none)'!r}")]
    try:
        data, modified_at = _read_regular_file(path, max_bytes)
    except ValueError as error:
        return [Rejected(source_path=relative, reason=str(error))]
    except OSError as error:
        return [Rejected(source_path=relative, reason=f"unreadable: {error.strerror or error}")]
    try:
        text, encoding = decode_text(data)
    except ValueError as error:
        return [Rejected(source_path=relative, reason=str(error))]

    def document(key: str, source: str, content: bytes, extracted: Extracted, source_format: str):
        return RawDocument(
            doc_id=doc_id_for(key),
            source_path=source,
            content_sha256=hashlib.sha256(content).hexdigest(),
            encoding=encoding,
            size_bytes=len(content),
            modified_at=modified_at,
            raw_text=extracted.text,
            source_format=source_format,
            **{f"stated_{name}": getattr(extracted.stated, name) for name in STATED_NAMES},
        )

    if suffix in TEXT_SUFFIXES:
        return [document(relative, relative, data, Extracted(text, StatedFields()), "text")]
    if suffix in HTML_SUFFIXES:
        try:
            return [document(relative, relative, data, from_html(text), "html")]
        except ValueError as error:
            return [Rejected(source_path=relative, reason=str(error))]
    results: list[RawDocument | Rejected] = []
    keys_seen: set[str] = set()
    # Records end at "\n" only: JSON strings may hold U+2028, NEL or form feeds, which splitlines() splits on.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        source = f"{relative}#L{number}"
        try:
            extracted = from_json_line(line)
        except ValueError as error:
            results.append(Rejected(source_path=source, reason=f"line {number}: {error}"))
            continue
        # A record's own id or URL keeps its doc_id when an export is re-ordered or appended to; a
        # repeated id falls back to the line number so that no two rows share a doc_id.
        key = f"{relative}#id:{extracted.record_key}" if extracted.record_key else source
        key = source if key in keys_seen else key
        keys_seen.add(key)
        results.append(document(key, source, line.encode("utf-8"), extracted, "jsonl"))
    return results or [Rejected(source_path=relative, reason="no JSON lines in the file")]


def _inside(path: Path, root: Path) -> bool:
    """Whether the folder holding `path` resolves inside `root`: no linked folder leads out of it."""
    return path.parent.resolve().is_relative_to(root.resolve())


def scan_raw_dir(root: Path, *, max_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[RawDocument | Rejected]:
    """Every document of every file under root, in a stable order."""
    for path in raw_files(root):
        yield from read_raw_file(path, root, max_bytes=max_bytes)


def read_batch(
    raw_dir: Path, batch: Batch, *, max_bytes: int = DEFAULT_MAX_DOC_BYTES
) -> Iterator[RawDocument | Rejected]:
    """Read the files a batch lists; a file gone since registration is quarantined, not lost, and a file
    the batch registered as deleted is not read."""
    for state in batch.files:
        if not state.deleted:
            yield from read_raw_file(raw_dir / state.source_path, raw_dir, max_bytes=max_bytes)


def stamp_batch(
    results: Iterable[RawDocument | Rejected], *, batch_id: str, now: datetime | None = None
) -> tuple[list[RawDocument], list[Rejected]]:
    """One batch's documents and rejections, stamped with the batch and the time it was read."""
    now = now or datetime.now(UTC)
    documents, rejected = [], []
    for result in results:
        if isinstance(result, RawDocument):
            documents.append(replace(result, batch_id=batch_id, ingested_at=now))
        else:
            rejected.append(replace(result, batch_id=batch_id, detected_at=now))
    return documents, rejected
