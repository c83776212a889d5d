"""Normalise raw text line by line: repair mojibake, straighten quotes, collapse spaces, drop markdown marks.

Raw text is never modified: every `Line` remembers the raw span it was normalised from."""

import re
from dataclasses import dataclass

import ftfy

from pipeline.text import patterns

# Quote marks ftfy's uncurl_quotes leaves alone; the body uses straight quotes only.
_EXTRA_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "‟": '"', "‚": "'", "‛": "'", "\u00a0": " "})
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"[ \t\u2000-\u200a\u202f\u205f\u3000]+")
# Typewriter double quotes written as two apostrophes (''like this'', as newswire archives do).
_DOUBLE_APOSTROPHE = re.compile(r"''")


@dataclass(frozen=True)
class Line:
    """One raw line: where it sits in the raw file and its normalised text."""

    index: int
    raw_start: int
    raw_end: int
    text: str
    heading_level: int = 0
    raw: str = ""  # the line as written, which `text` normalises


def fold(text: str) -> str:
    """Case, punctuation and spacing folded away: what copies of the same words share across formats."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def normalise_text(text: str) -> str:
    """Repair mojibake and normalise quote marks and spaces, keeping the words as written."""
    fixed = ftfy.fix_text(text, uncurl_quotes=True, normalization="NFC").translate(_EXTRA_QUOTES)
    return _SPACES.sub(" ", _DOUBLE_APOSTROPHE.sub('"', fixed)).strip()


def strip_markdown(text: str) -> tuple[str, int]:
    """Drop link targets, emphasis and heading marks; return the text and its heading level (0 = none)."""
    level = 0
    heading = patterns.MARKDOWN_HEADING.match(text)
    if heading:
        level, text = len(heading.group(1)), heading.group(2) or ""
    text = patterns.MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = patterns.MARKDOWN_EMPHASIS.sub(lambda m: m.group(2), text)
    return text.strip(), level


def split_lines(raw: str) -> list[Line]:
    """Split raw text into normalised lines that remember their raw offsets."""
    lines = []
    position = 0
    for index, raw_line in enumerate(raw.splitlines(keepends=True)):
        content = raw_line.rstrip("\r\n")
        text, level = strip_markdown(normalise_text(content))
        lines.append(Line(index, position, position + len(content), text, level, content))
        position += len(raw_line)
    return lines


def reclean(raw_span: str) -> str:
    """What a raw span cleans to (line breaks joined as re-flowing joins them): body_to_raw's round trip
    is `reclean(raw[body_to_raw(s, e)]) == body[s:e]` for any span of words within one paragraph."""
    joined = re.sub(r"\s*\r?\n\s*", " ", re.sub(r"(?<! )-\r?\n", "-", raw_span))
    return strip_markdown(normalise_text(joined))[0]
