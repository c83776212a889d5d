"""Normalise raw text line by line: repair mojibake, straighten quotes, collapse spaces, drop markdown marks.

Raw text is never modified: every `Line` remembers the raw span it was normalised from."""

import re
from dataclasses import dataclass

import ftfy

from pipeline.text import patterns

# Quote marks ftfy's uncurl_quotes leaves alone; the body uses straight quotes only.
_EXTRA_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "‟": '"', "‚": "'", "‛": "'", "\u00a0": " "})
_NON_WORD = re.compile(r"[\W_]+")
# Line breaks count as spaces too: a line has none, but ftfy makes one out of mojibake ("â€¨" is U+2028).
_SPACES = re.compile(r"[ \t\n\r\v\f\x1c-\x1e\x85\u2028\u2029\u2000-\u200a\u202f\u205f\u3000]+")
# Typewriter double quotes written as two apostrophes (''like this'', as newswire archives do).
_DOUBLE_APOSTROPHE = re.compile(r"''")
# What str.splitlines ends a line at, so that re-cleaning a span joins every line break split_lines made.
_LINE_BREAK = r"(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])"
# A hyphen ending a line (its trailing spaces normalised away) joins the next line without a space.
_HYPHEN_BREAK = re.compile(rf"(?<!\s)-\s*?{_LINE_BREAK}\s*")
_LINE_BREAKS = re.compile(rf"\s*{_LINE_BREAK}\s*")
# Normalising settles within this many passes (three at most on the property tests' hostile text).
_MAX_PASSES = 4


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
    """Repair mojibake and normalise quote marks and spaces, keeping the words as written.

    Repeated until nothing changes: ftfy reads mojibake in context, and a mark normalised after it (a
    no-break space in "the\u00a0Ã©tÃ©") can hide mojibake the next pass repairs, so a clean body would
    not clean to itself."""
    for _ in range(_MAX_PASSES):
        fixed = ftfy.fix_text(text, uncurl_quotes=True, normalization="NFC").translate(_EXTRA_QUOTES)
        normalised = _SPACES.sub(" ", _DOUBLE_APOSTROPHE.sub('"', fixed)).strip()
        if normalised == text:
            break
        text = normalised
    return text


def strip_markdown(text: str) -> tuple[str, int]:
    """Drop link targets, emphasis and heading marks; return the text and its heading level (0 = none)."""
    level = 0
    heading = patterns.MARKDOWN_HEADING.match(text)
    if heading:
        level, text = len(heading.group(1)), heading.group(2) or ""
    return _strip_inline_markdown(text), level


def _strip_inline_markdown(text: str) -> str:
    text = patterns.MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = patterns.MARKDOWN_EMPHASIS.sub(lambda m: m.group(2), text)
    # Marks dropped beside spaces ("[ Read more ](...)") leave two in a row, as normalising never does.
    return _SPACES.sub(" ", text).strip()


def split_lines(raw: str) -> list[Line]:
    """Split raw text into normalised lines that remember their raw offsets."""
    lines = []
    position = 0
    for index, raw_line in enumerate(raw.splitlines(keepends=True)):
        content = raw_line.splitlines()[0]  # without its line ending, whichever of splitlines' it is
        text, level = strip_markdown(normalise_text(content))
        lines.append(Line(index, position, position + len(content), text, level, content))
        position += len(raw_line)
    return lines


def reclean(raw_span: str) -> str:
    """What a raw span cleans to (line breaks joined as re-flowing joins them): body_to_raw's round trip
    is `reclean(raw[body_to_raw(s, e)]) == body[s:e]` for any span of words within one paragraph."""
    joined = _LINE_BREAKS.sub(" ", _HYPHEN_BREAK.sub("-", raw_span))
    # No heading marks: a heading's marks map to no body, so a raw span opening with "#" is body text.
    return _strip_inline_markdown(normalise_text(joined))
