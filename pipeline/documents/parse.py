"""Parse raw documents in two steps, each doing its work once.

1. `read_header`: split the raw text into normalised lines, find the page furniture, read the header's
   metadata (which needs to know the furniture: a caption is no subtitle) and fingerprint the lines for
   the corpus statistics. The result is stored (`document_headers`, `line_fingerprints`).
2. `parse_document`: with the header and the lines publishers repeat across stories (which need every
   batch's fingerprints, so they come between the steps), clean the body.

Step 2 splits the raw text into lines again (normalising is cheap next to reading the header and finding
furniture, and storing every line would double the lake).
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Annotated, ClassVar

import pyarrow as pa

from pipeline.documents.header import Metadata, ParsedDate, detect_language, extract_metadata, reference_date
from pipeline.documents.read import RawDocument, Rejected
from pipeline.lake.batches import latest_rows
from pipeline.lake.records import Record
from pipeline.text.furniture import find_furniture
from pipeline.text.normalise import Line, fold, split_lines
from pipeline.text.offsets import BodyOffset
from pipeline.text.reflow import CleanedText, RemovedSpan, clean_lines
from pipeline.text.repeated_lines import (
    LineFingerprint,
    document_fingerprints,
    publisher_key,
    repeated_line_reasons,
    repeated_lines,
)
from pipeline.text.signatures import lead_key, minhash

# Fewer words than this left once furniture and header are removed is no article (a page of "Subscribe",
# "Remind me later."): the shortest real article of the evaluation corpora has 17 (PolNeAR), BBC's 84.
MIN_ARTICLE_WORDS = 8


@dataclass(frozen=True, kw_only=True)
class DroppedLine(Record):
    """A raw line kept out of the body, by index, and why."""

    line: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class DocumentMetadata(Record):
    """What a document's header says: the columns `document_headers`, `parsed_documents` and `documents`
    share, declared once."""

    doc_id: str
    batch_id: str
    title: str | None
    # The standfirst under the title, when the header has one; it stays in the body too.
    subtitle: str | None
    published_at: datetime | None
    published_tz: str | None
    published_precision: str | None
    modified_at: datetime | None
    url: str | None
    publisher: str | None
    dateline: str | None
    section: str | None
    author: str | None


METADATA_FIELDS = tuple(f.name for f in fields(DocumentMetadata))


@dataclass(frozen=True, kw_only=True)
class DocumentFields(DocumentMetadata):
    """The columns a document has from parsing on: its metadata, where it came from, the clean body."""

    source_path: str
    content_sha256: str
    source_format: str
    language: str | None
    body: str
    word_count: int
    body_sha256: str
    # The local calendar day of publication, which relative dates ("on Wednesday") resolve against.
    reference_date: date | None


@dataclass(frozen=True, kw_only=True)
class DocumentHeader(DocumentMetadata):
    """A document's header metadata and which lines the body leaves out (a row of `document_headers`,
    per batch): read once, before the corpus statistics, and reused by cleaning."""

    TABLE: ClassVar[str] = "document_headers"

    # How the corpus statistics group this document (pipeline.text.repeated_lines.publisher_key).
    publisher_key: str
    # Lines the metadata was read from ("header: title"), and page furniture ("photo caption").
    header_lines: list[DroppedLine]
    furniture_lines: list[DroppedLine]

    @property
    def metadata(self) -> Metadata:
        published = (
            ParsedDate(self.published_at, self.published_tz, self.published_precision or "day")
            if self.published_at
            else None
        )
        # Only the instant of the modification time is kept (documents.modified_at).
        modified = ParsedDate(self.modified_at, None, "minute") if self.modified_at else None
        return Metadata(
            title=self.title,
            published=published,
            modified=modified,
            url=self.url,
            publisher=self.publisher,
            dateline=self.dateline,
            section=self.section,
            author=self.author,
            subtitle=self.subtitle,
        )

    @property
    def consumed(self) -> dict[int, str]:
        return {d.line: d.reason for d in self.header_lines}

    @property
    def furniture(self) -> dict[int, str]:
        return {d.line: d.reason for d in self.furniture_lines}


@dataclass(frozen=True, kw_only=True)
class ParsedDocumentRow(DocumentFields):
    """A document of one batch as parsing leaves it (a row of `parsed_documents`), before corpus-wide
    deduplication picks current versions and clusters."""

    TABLE: ClassVar[str] = "parsed_documents"

    # MinHash signature of the body's shingles: corpus deduplication reuses it instead of re-reading text.
    minhash: Annotated[list[int], pa.list_(pa.uint64())]
    # Hash of the body's opening words (`pipeline.text.signatures.lead_key`): copies cut short share it.
    # Null for a body too short, and in batches parsed before it existed (dedup computes it then).
    lead_key: int | None = None


@dataclass(frozen=True)
class ParsedDocument:
    raw: RawDocument
    header: DocumentHeader
    cleaned: CleanedText
    language: str | None

    @property
    def metadata(self) -> Metadata:
        return self.header.metadata

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

    def row(self) -> ParsedDocumentRow:
        header = self.header
        return ParsedDocumentRow(
            **{name: getattr(header, name) for name in METADATA_FIELDS}
            | {"doc_id": self.raw.doc_id, "batch_id": self.raw.batch_id},
            source_path=self.raw.source_path,
            content_sha256=self.raw.content_sha256,
            source_format=self.raw.source_format,
            language=self.language,
            body=self.body,
            word_count=self.word_count,
            body_sha256=self.body_sha256,
            reference_date=self.reference_date,
            minhash=minhash(self.body).hashvalues.tolist(),
            lead_key=lead_key(self.body),
        )

    def removed_spans(self) -> list[RemovedSpan]:
        stamp = {"doc_id": self.raw.doc_id, "batch_id": self.raw.batch_id}
        return [replace(span, **stamp) for span in self.cleaned.removed]

    def body_offsets(self) -> list[BodyOffset]:
        return [
            BodyOffset(doc_id=self.raw.doc_id, batch_id=self.raw.batch_id, **segment.__dict__)
            for segment in self.cleaned.offsets
        ]


def _dropped(reasons: Mapping[int, str]) -> list[DroppedLine]:
    return [DroppedLine(line=i, reason=r) for i, r in sorted(reasons.items())]


def read_header(raw: RawDocument, lines: list[Line] | None = None) -> DocumentHeader:
    """Furniture and header metadata of one raw document, each found once."""
    lines = split_lines(raw.raw_text) if lines is None else lines
    furniture = find_furniture(lines)
    metadata, consumed = extract_metadata(
        lines, file_time=raw.modified_at, stated=raw.stated, furniture=furniture
    )
    published, modified = metadata.published, metadata.modified
    return DocumentHeader(
        doc_id=raw.doc_id,
        batch_id=raw.batch_id,
        title=metadata.title,
        subtitle=metadata.subtitle,
        published_at=published.instant if published else None,
        published_tz=published.tz if published else None,
        published_precision=published.precision if published else None,
        modified_at=modified.instant if modified else None,
        url=metadata.url,
        publisher=metadata.publisher,
        dateline=metadata.dateline,
        section=metadata.section,
        author=metadata.author,
        publisher_key=publisher_key(metadata.publisher, raw.source_path),
        header_lines=_dropped(consumed),
        furniture_lines=_dropped(furniture),
    )


@dataclass(frozen=True, kw_only=True)
class HeaderFailure(Rejected):
    """A document whose header step failed (a row of `header_failures`, per batch): it goes to
    `quarantine` with this stage and reason, and the rest of its batch goes on."""

    TABLE: ClassVar[str] = "header_failures"


@dataclass(frozen=True, kw_only=True)
class ParseFailure(Rejected):
    """A document cleaning failed on, or that holds no article text once cleaned (a row of
    `parse_failures`, per batch): it goes to `quarantine` with this stage and reason."""

    TABLE: ClassVar[str] = "parse_failures"


def _failure(kind: type[Rejected], raw: RawDocument, stage: str, reason: str) -> Rejected:
    return kind(
        source_path=raw.source_path,
        batch_id=raw.batch_id,
        reason=reason,
        detected_at=datetime.now(UTC),
        stage=stage,
    )


def read_headers(
    raws: Iterable[RawDocument], *, failures: list[HeaderFailure] | None = None
) -> tuple[list[DocumentHeader], list[LineFingerprint]]:
    """Step 1 for a batch: every document's header and its line fingerprints, from one split into lines.

    A document this fails on is left out and, when `failures` is given, recorded there; without it the
    error propagates (a caller that wants to see it)."""
    headers, fingerprints = [], []
    for raw in raws:
        try:
            lines = split_lines(raw.raw_text)
            header = read_header(raw, lines)
            found = document_fingerprints(lines, header.publisher_key, raw.doc_id, raw.batch_id)
        except Exception as error:  # noqa: BLE001 - one bad document must not cost its batch
            if failures is None:
                raise
            failures.append(
                _failure(
                    HeaderFailure, raw, "document_headers", f"header failed: {type(error).__name__}: {error}"
                )
            )
            continue
        headers.append(header)
        fingerprints += found
    return headers, fingerprints


def repeated_lines_as_of(
    fingerprints: Sequence[LineFingerprint], batch_id: str
) -> dict[tuple[str, str], int]:
    """The lines publishers repeat, counted over the batches up to `batch_id`, each document in its latest
    version among them: re-running a batch gives the same body whatever was registered after it."""
    known = [f for f in fingerprints if f.batch_id <= batch_id]
    return repeated_lines(latest_rows(known, key=lambda f: f.doc_id))


def parse_document(
    raw: RawDocument,
    *,
    header: DocumentHeader | None = None,
    repeated_lines: Mapping[tuple[str, str], int] | None = None,
) -> ParsedDocument:
    """Metadata, then a body without the header lines, furniture, and the lines its publisher repeats
    across stories (`repeated_lines`, from `pipeline.text.repeated_lines.repeated_lines`)."""
    lines = split_lines(raw.raw_text)
    header = header or read_header(raw, lines)
    repeated = repeated_line_reasons(lines, header.publisher_key, repeated_lines or {})
    cleaned = clean_lines(lines, furniture=header.furniture, drop={**repeated, **header.consumed})
    return ParsedDocument(raw=raw, header=header, cleaned=cleaned, language=detect_language(cleaned.body))


def no_article_reason(document: ParsedDocument) -> str | None:
    """Why a cleaned document is no article: nothing but furniture and header left, or too few words."""
    if document.word_count < MIN_ARTICLE_WORDS:
        return (
            f"no article text after cleaning: {document.word_count} words left "
            f"(fewer than {MIN_ARTICLE_WORDS}; {len(document.cleaned.removed)} lines removed as furniture or header)"
        )
    return None


def parse_batch(
    raws: Sequence[RawDocument],
    headers: Sequence[DocumentHeader],
    fingerprints: Sequence[LineFingerprint],
    *,
    failures: list[ParseFailure] | None = None,
) -> list[ParsedDocument]:
    """Step 2 for a batch: each document cleaned with its stored header and the corpus statistics of the
    batches up to this one (`make rebuild` re-cleans everything with the full statistics).

    With `failures`, a document without a header (its header step failed), one cleaning fails on, and
    one with no article text left are recorded there instead of parsed."""
    header_of = {h.doc_id: h for h in headers}
    repeated = repeated_lines_as_of(fingerprints, max((r.batch_id for r in raws), default=""))
    parsed = []
    for raw in raws:
        if raw.doc_id not in header_of and failures is not None:
            continue  # its header step failed and said why
        try:
            document = parse_document(raw, header=header_of[raw.doc_id], repeated_lines=repeated)
        except Exception as error:  # noqa: BLE001 - one bad document must not cost its batch
            if failures is None:
                raise
            failures.append(
                _failure(
                    ParseFailure, raw, "parsed_documents", f"cleaning failed: {type(error).__name__}: {error}"
                )
            )
            continue
        reason = no_article_reason(document) if failures is not None else None
        if reason:
            failures.append(_failure(ParseFailure, raw, "parsed_documents", reason))
            continue
        parsed.append(document)
    return parsed


def corpus_statistics(raws: Sequence[RawDocument]) -> tuple[list[DocumentHeader], dict[tuple[str, str], int]]:
    """Every document's header and the lines publishers repeat across them, the documents taken as one
    batch (outside Dagster: the bench and the corpus evaluation)."""
    headers, fingerprints = read_headers(raws)
    return headers, repeated_lines(fingerprints)
