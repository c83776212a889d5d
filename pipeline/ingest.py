"""Ingest: turn every file under the raw folder into a decoded document or a quarantine record."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = frozenset({".txt", ".md"})
# A real text file has essentially no control bytes; a few stray ones are tolerated.
MAX_CONTROL_BYTE_RATIO = 0.01


@dataclass(frozen=True)
class RawDocument:
    doc_id: str
    source_path: str
    content_sha256: str
    encoding: str
    size_bytes: int
    modified_at: datetime
    raw_text: str


@dataclass(frozen=True)
class Rejected:
    source_path: str
    reason: str


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


def read_raw_file(path: Path, root: Path) -> RawDocument | Rejected:
    """Read one file; never raises for bad content, so no file is lost."""
    relative = path.relative_to(root).as_posix()
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return Rejected(relative, f"unsupported file type {path.suffix or '(none)'!r}")
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError as error:
        return Rejected(relative, f"unreadable: {error.strerror or error}")
    try:
        text, encoding = decode_text(data)
    except ValueError as error:
        return Rejected(relative, str(error))
    return RawDocument(
        doc_id=doc_id_for(relative),
        source_path=relative,
        content_sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        size_bytes=len(data),
        modified_at=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
        raw_text=text,
    )


def scan_raw_dir(root: Path) -> Iterator[RawDocument | Rejected]:
    """Every regular file under root, in a stable order."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield read_raw_file(path, root)
