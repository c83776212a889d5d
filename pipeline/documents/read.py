"""Ingest: turn every file under the raw folder into decoded documents or quarantine records.

A text or HTML file is one document; a JSON-lines export is one document per line, and a bad line is
quarantined on its own (as `path#L<n>`) without losing the rest of the file.
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from charset_normalizer import from_bytes

from pipeline.documents.formats import Extracted, StatedFields, from_html, from_json_line
from pipeline.lake.batches import Batch
from pipeline.lake.records import Record

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# A real text file has essentially no control bytes; a few stray ones are tolerated.
MAX_CONTROL_BYTE_RATIO = 0.01


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
    if not data.strip():
        raise ValueError("empty file")
    control = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in data or control / len(data) > MAX_CONTROL_BYTE_RATIO:
        raise ValueError(f"binary content ({control} control bytes in {len(data)})")
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


def read_raw_file(path: Path, root: Path) -> list[RawDocument | Rejected]:
    """Read one file into its documents; never raises for bad content, so no file is lost."""
    relative = path.relative_to(root).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return [Rejected(source_path=relative, reason=f"unsupported file type {path.suffix or '(none)'!r}")]
    try:
        data = path.read_bytes()
        modified_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
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


def scan_raw_dir(root: Path) -> Iterator[RawDocument | Rejected]:
    """Every document of every regular file under root, in a stable order."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield from read_raw_file(path, root)


def read_batch(raw_dir: Path, batch: Batch) -> Iterator[RawDocument | Rejected]:
    """Read the files a batch lists; a file gone since registration is quarantined, not lost."""
    for state in batch.files:
        yield from read_raw_file(raw_dir / state.source_path, raw_dir)


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
