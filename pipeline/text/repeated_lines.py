"""Corpus statistics for page furniture: a short line one publisher repeats across several different
stories is boilerplate, whatever it says (as CCNet removes paragraphs repeated across a web shard).

Copies of one story (syndication, re-scrapes, updates as casualty counts rise) share most lines, so a
line counts once per story: documents holding it are one story when the rest of their lines mostly agree.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from pipeline.lake.records import Record
from pipeline.text.furniture import has_quotation
from pipeline.text.normalise import Line, fold

# A line repeated in this many different stories of one publisher is furniture.
MIN_STORIES = 3
# Longer repeated passages are left alone: a publisher's recurring background paragraph is still content.
MAX_WORDS = 25
# Two documents holding a line are one story when this share of their other lines agree.
SAME_STORY_JACCARD = 0.5
# Counting stops here: the count is only shown in the removal reason, and a line this common is furniture.
MAX_COUNTED_STORIES = 50


def _is_candidate(text: str) -> bool:
    """Short lines only, and never quoted speech, which follow-up stories report again."""
    return 1 <= len(text.split()) <= MAX_WORDS and not has_quotation(text)


@dataclass(frozen=True, kw_only=True)
class LineFingerprint(Record):
    """One distinct line of a document, hashed, with the publisher it is counted under (a row of
    `line_fingerprints`, per batch: the corpus statistics read every batch's)."""

    TABLE: ClassVar[str] = "line_fingerprints"

    doc_id: str
    batch_id: str = ""
    publisher_key: str
    fingerprint: str
    # Short and not quoted speech: a line that can be boilerplate. The others tell stories apart.
    is_candidate: bool


def fingerprint(text: str) -> str:
    """Hash of the line with case, punctuation and spacing folded: "Share this:" and "SHARE THIS" agree."""
    return hashlib.blake2b(fold(text).encode("utf-8"), digest_size=8).hexdigest()


def publisher_key(publisher: str | None, source_path: str) -> str:
    """Group documents by publisher, else by the folder they were dropped in (a folder per outlet)."""
    if publisher:
        return f"publisher:{publisher.casefold()}"
    return f"folder:{PurePosixPath(source_path).parent.as_posix()}"


def document_fingerprints(
    lines: list[Line], publisher: str, doc_id: str, batch_id: str = ""
) -> list[LineFingerprint]:
    """Every distinct line of one document; the long ones tell copies of a story apart from other stories."""
    lines_by_fingerprint = {fingerprint(line.text): line.text for line in lines if line.text}
    return [
        LineFingerprint(
            doc_id=doc_id,
            batch_id=batch_id,
            publisher_key=publisher,
            fingerprint=value,
            is_candidate=_is_candidate(text),
        )
        for value, text in sorted(lines_by_fingerprint.items())
    ]


def repeated_lines(fingerprints: Iterable[LineFingerprint]) -> dict[tuple[str, str], int]:
    """(publisher_key, fingerprint) -> number of different stories, for lines in at least MIN_STORIES."""
    lines_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in fingerprints:
        lines_of[(row.publisher_key, row.doc_id)].add(row.fingerprint)
        if row.is_candidate:
            holders[(row.publisher_key, row.fingerprint)].append(row.doc_id)
    repeated = {}
    for (publisher, line), docs in holders.items():
        if len(set(docs)) < MIN_STORIES:
            continue
        stories = _stories(line, [lines_of[(publisher, doc)] for doc in dict.fromkeys(docs)])
        if stories >= MIN_STORIES:
            repeated[(publisher, line)] = stories
    return repeated


def _stories(line: str, documents: list[set[str]]) -> int:
    """How many different stories hold the line, counting at most MAX_COUNTED_STORIES."""
    stories: list[set[str]] = []
    for lines in documents:
        rest = lines - {line}
        if not any(_jaccard(rest, story) >= SAME_STORY_JACCARD for story in stories):
            stories.append(rest)
            if len(stories) == MAX_COUNTED_STORIES:
                break
    return len(stories)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def repeated_line_reasons(
    lines: list[Line], key: str, repeated: dict[tuple[str, str], int]
) -> dict[int, str]:
    """Reasons keyed by line index for the document's lines its publisher repeats across stories."""
    reasons = {}
    for line in lines:
        if line.text and _is_candidate(line.text):
            stories = repeated.get((key, fingerprint(line.text)))
            if stories:
                counted = f"at least {stories}" if stories == MAX_COUNTED_STORIES else str(stories)
                reasons[line.index] = f"repeated in {counted} stories of the same publisher"
    return reasons
