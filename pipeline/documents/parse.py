"""Parse one raw document: metadata from its header, then a clean body without the lines that held it."""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.documents.header import Metadata, detect_language, extract_metadata, reference_date
from pipeline.documents.read import RawDocument
from pipeline.text.normalise import Line, fold, split_lines
from pipeline.text.reflow import CleanedText, clean_lines
from pipeline.text.repeated_lines import (
    boilerplate_reasons,
    document_fingerprints,
    publisher_key,
    repeated_lines,
)


@dataclass(frozen=True)
class ParsedDocument:
    raw: RawDocument
    metadata: Metadata
    cleaned: CleanedText
    language: str | None

    @property
    def body(self) -> str:
        return self.cleaned.body

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def body_sha256(self) -> str:
        """Hash of the body with case, punctuation and spacing folded, so exact copies match across formats."""
        return hashlib.sha256(fold(self.body).encode("utf-8")).hexdigest()

    @property
    def reference_date(self) -> date | None:
        return reference_date(self.metadata.published)


@dataclass(frozen=True)
class DocumentHeader:
    """A raw document split into lines, its metadata, and the header lines that held it."""

    lines: list[Line]
    metadata: Metadata
    consumed: dict[int, str]
    publisher_key: str  # how the corpus statistics group this document (pipeline.boilerplate)


def read_header(raw: RawDocument) -> DocumentHeader:
    lines = split_lines(raw.raw_text)
    metadata, consumed = extract_metadata(lines, file_time=raw.modified_at, stated=raw.stated)
    return DocumentHeader(lines, metadata, consumed, publisher_key(metadata.publisher, raw.source_path))


def corpus_statistics(
    raws: Sequence[RawDocument],
) -> tuple[list[DocumentHeader], dict[tuple[str, str], int]]:
    """Every document's header and the lines publishers repeat across them, the documents taken as one
    batch (outside Dagster: the bench and the corpus evaluation)."""
    headers = [read_header(raw) for raw in raws]
    repeated = repeated_lines(
        fingerprint
        for raw, header in zip(raws, headers, strict=True)
        for fingerprint in document_fingerprints(header.lines, header.publisher_key, raw.doc_id)
    )
    return headers, repeated


def parse_document(
    raw: RawDocument,
    *,
    header: DocumentHeader | None = None,
    repeated_lines: Mapping[tuple[str, str], int] | None = None,
) -> ParsedDocument:
    """Metadata, then a body without the header lines, furniture, and the lines its publisher repeats
    across stories (`repeated_lines`, from `pipeline.boilerplate.repeated_lines`)."""
    header = header or read_header(raw)
    repeated = boilerplate_reasons(header.lines, header.publisher_key, repeated_lines or {})
    cleaned = clean_lines(header.lines, drop={**repeated, **header.consumed})
    return ParsedDocument(
        raw=raw, metadata=header.metadata, cleaned=cleaned, language=detect_language(cleaned.body)
    )
