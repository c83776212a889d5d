"""Parse one raw document: metadata from its header, then a clean body without the lines that held it."""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from pipeline.clean import CleanedText, clean_lines, split_lines
from pipeline.ingest import RawDocument
from pipeline.metadata import Metadata, detect_language, extract_metadata, reference_date

_NON_WORD = re.compile(r"[\W_]+")


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
        folded = _NON_WORD.sub(" ", self.body.casefold()).strip()
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()

    @property
    def reference_date(self) -> date | None:
        return reference_date(self.metadata.published)


def parse_document(raw: RawDocument) -> ParsedDocument:
    lines = split_lines(raw.raw_text)
    metadata, header = extract_metadata(lines, file_time=raw.modified_at, stated=raw.stated)
    cleaned = clean_lines(lines, drop=header)
    return ParsedDocument(raw=raw, metadata=metadata, cleaned=cleaned, language=detect_language(cleaned.body))
