"""Corpus statistics for page furniture: a short line one publisher repeats across several different
stories is boilerplate, whatever it says (as CCNet removes paragraphs repeated across a web shard).

Copies of one story (syndication, re-scrapes) share every line, so a line counts once per story: the
story is keyed by the fingerprint of its longest line, which copies share and different stories do not.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.clean import Line

# A line repeated in this many different stories of one publisher is furniture.
MIN_STORIES = 3
# Longer repeated passages are left alone: a publisher's recurring background paragraph is still content.
MAX_WORDS = 25


def _is_candidate(text: str) -> bool:
    """Short lines only, and never quoted speech, which follow-up stories report again."""
    return 1 <= len(text.split()) <= MAX_WORDS and '"' not in text


_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class LineFingerprint:
    """One short line of a document, hashed, with the publisher and story it belongs to."""

    publisher_key: str
    fingerprint: str
    story_key: str


def fingerprint(text: str) -> str:
    """Hash of the line with case, punctuation and spacing folded: "Share this:" and "SHARE THIS" agree."""
    folded = _NON_WORD.sub(" ", text.casefold()).strip()
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


def publisher_key(publisher: str | None, source_path: str) -> str:
    """Group documents by publisher, else by the folder they were dropped in (a folder per outlet)."""
    if publisher:
        return f"publisher:{publisher.casefold()}"
    return f"folder:{PurePosixPath(source_path).parent.as_posix()}"


def document_fingerprints(lines: list[Line], key: str) -> list[LineFingerprint]:
    """The distinct short lines of one document."""
    texts = [line.text for line in lines if line.text]
    if not texts:
        return []
    story = fingerprint(max(texts, key=len))
    short = {fingerprint(text) for text in texts if _is_candidate(text)}
    return [LineFingerprint(key, value, story) for value in sorted(short)]


def repeated_lines(fingerprints: Iterable[LineFingerprint]) -> dict[tuple[str, str], int]:
    """(publisher_key, fingerprint) -> number of different stories, for lines in at least MIN_STORIES."""
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in fingerprints:
        stories[(row.publisher_key, row.fingerprint)].add(row.story_key)
    return {key: len(found) for key, found in stories.items() if len(found) >= MIN_STORIES}


def boilerplate_reasons(lines: list[Line], key: str, repeated: dict[tuple[str, str], int]) -> dict[int, str]:
    """Reasons keyed by line index for the document's lines its publisher repeats across stories."""
    reasons = {}
    for line in lines:
        if line.text and _is_candidate(line.text):
            stories = repeated.get((key, fingerprint(line.text)))
            if stories:
                reasons[line.index] = f"repeated in {stories} stories of the same publisher"
    return reasons
