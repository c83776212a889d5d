"""Clean: repair Unicode, drop page furniture line by line, and re-flow hard-wrapped text into paragraphs.

Raw text is never modified; every removed line is kept as a `RemovedSpan` with its raw offsets so that
cleaning stays auditable, and every paragraph of the body records the raw span it came from.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

import ftfy

from pipeline import patterns

# Quote marks ftfy's uncurl_quotes leaves alone; the body uses straight quotes only.
_EXTRA_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "‟": '"', "‚": "'", "‛": "'", "\u00a0": " "})
_SPACES = re.compile(r"[ \t\u2000-\u200a\u202f\u205f\u3000]+")
# Typewriter double quotes written as two apostrophes (''like this'', as newswire archives do).
_DOUBLE_APOSTROPHE = re.compile(r"''")
_LIST_ITEM = re.compile(r"^(?:[-*•]\s|\d{1,2}[.)]\s)")
_APPEAL_WORDS = re.compile(
    r"\b(?:support us|donat\w*|contribut\w*|subscri\w*|become a (?:member|patron)|dear readers?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One raw line: where it sits in the raw file and its normalised text."""

    index: int
    raw_start: int
    raw_end: int
    text: str
    heading_level: int = 0


@dataclass(frozen=True)
class RemovedSpan:
    text: str
    reason: str
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body and the raw span it was re-flowed from."""

    body_start: int
    body_end: int
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class CleanedText:
    body: str
    removed: list[RemovedSpan]
    paragraphs: list[Paragraph]


def normalise_text(text: str) -> str:
    """Repair mojibake and normalise quote marks and spaces, keeping the words as written."""
    fixed = ftfy.fix_text(text, uncurl_quotes=True, normalization="NFC").translate(_EXTRA_QUOTES)
    return _SPACES.sub(" ", _DOUBLE_APOSTROPHE.sub('"', fixed)).strip()


def strip_markdown(text: str) -> tuple[str, int]:
    """Drop link targets, emphasis and heading marks; return the text and its heading level (0 = none)."""
    level = 0
    heading = patterns.MARKDOWN_HEADING.match(text)
    if heading:
        level, text = len(heading.group(1)), heading.group(2)
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
        lines.append(Line(index, position, position + len(content), text, level))
        position += len(raw_line)
    return lines


def find_boilerplate(lines: list[Line]) -> dict[int, str]:
    """Reasons keyed by line index for every line that is page furniture rather than article text."""
    reasons: dict[int, str] = {}
    in_embed = in_appeal = False
    content_seen = 0
    for i, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if in_appeal:
            reasons[i] = "donation appeal"
            in_appeal = not patterns.APPEAL_END.match(text)
            continue
        if patterns.APPEAL_START.match(text):
            reasons[i], in_appeal = "donation appeal", True
            continue
        if patterns.EMBED_MARKER.match(text):
            reasons[i], in_embed = "social media embed", True
            continue
        if in_embed:
            reasons[i] = "social media embed"
            in_embed = not patterns.EMBED_ATTRIBUTION.match(text)
            continue
        reason = _line_reason(text)
        if reason:
            reasons[i] = reason
            # A caption sits right above its credit line at the top of the page.
            previous = _previous_content_line(lines, i)
            if (
                reason == "photo credit"
                and previous is not None
                and previous == i - 1
                and content_seen <= 2
                and previous not in reasons
            ):
                reasons[previous] = "photo caption"
            continue
        content_seen += 1
    return reasons


def _line_reason(text: str) -> str | None:
    if patterns.SOCIAL_POST_LINK.search(text) and len(patterns.URL.sub("", text).split()) < 40:
        return "social media embed"
    if patterns.EMBED_ATTRIBUTION.match(text):
        return "social media embed"
    if patterns.TRAILING_BOLD_CREDIT.search(text) or " / POOL / " in text:
        return "photo caption"
    if patterns.LABELLED_CREDIT.match(text) or patterns.SLASH_CREDIT.match(text):
        return "photo credit"
    if patterns.BARE_DOMAIN_LINE.match(text):
        return "photo credit"
    if patterns.BARE_URL_LINE.match(text):
        return "bare link"
    if patterns.NAVIGATION_LINE.match(text):
        return "navigation"
    if len(_APPEAL_WORDS.findall(text)) >= 2:
        return "donation appeal"
    return None


def _previous_content_line(lines: list[Line], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j].text:
            return j
    return None


def wrap_width(lines: list[Line]) -> int | None:
    """The column a hard-wrapped text breaks at, or None when lines are whole paragraphs."""
    lengths = sorted(len(line.text) for line in lines if line.text and not line.heading_level)
    if len(lengths) < 4:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 40 <= width <= 160:
        return None
    near_width = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near_width / len(lengths) >= 0.5 else None


def clean_lines(lines: list[Line], *, drop: Mapping[int, str]) -> CleanedText:
    """Remove furniture and the lines in `drop` (already captured as metadata) and re-flow the rest."""
    reasons = {**find_boilerplate(lines), **drop}
    removed = [
        RemovedSpan(lines[i].text, reason, lines[i].raw_start, lines[i].raw_end)
        for i, reason in sorted(reasons.items())
    ]
    width = wrap_width([line for line in lines if line.index not in reasons])

    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.index in reasons or not line.text:
            if current:
                blocks.append(current)
            current = []
            continue
        joins = (
            current
            and width is not None
            and not line.heading_level
            and not current[-1].heading_level
            and not _LIST_ITEM.match(line.text)
            and len(current[-1].text) >= 0.6 * width
        )
        if current and not joins:
            blocks.append(current)
            current = []
        current.append(line)
    if current:
        blocks.append(current)

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for block in blocks:
        text = _join_wrapped(line.text for line in block)
        if parts:
            offset += 2
        paragraphs.append(Paragraph(offset, offset + len(text), block[0].raw_start, block[-1].raw_end))
        parts.append(text)
        offset += len(text)
    return CleanedText(body="\n\n".join(parts), removed=removed, paragraphs=paragraphs)


def _join_wrapped(texts) -> str:
    joined = ""
    for text in texts:
        if not joined:
            joined = text
        elif joined.endswith("-") and not joined.endswith(" -"):
            joined += text
        else:
            joined += " " + text
    return joined
