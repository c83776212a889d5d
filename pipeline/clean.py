"""Clean: repair Unicode, drop page furniture line by line, and re-flow hard-wrapped text into paragraphs.

Raw text is never modified; every removed line is kept as a `RemovedSpan` with its raw offsets so that
cleaning stays auditable, every paragraph of the body records the raw span it came from, and
`OffsetSegment`s map any span of the body back to raw offsets (`body_to_raw`).
"""

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ftfy

from pipeline import patterns

# Quote marks ftfy's uncurl_quotes leaves alone; the body uses straight quotes only.
_EXTRA_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "‟": '"', "‚": "'", "‛": "'", "\u00a0": " "})
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"[ \t\u2000-\u200a\u202f\u205f\u3000]+")
# Typewriter double quotes written as two apostrophes (''like this'', as newswire archives do).
_DOUBLE_APOSTROPHE = re.compile(r"''")
_APPEAL_WORDS = re.compile(
    r"\b(?:support us|donat\w*|contribut\w*|subscri\w*|become a (?:member|patron)|dear readers?)\b",
    re.IGNORECASE,
)
# An appeal speaks to the reader; "us" and "our" also name things ("US", the PAC "Our Principles").
_READER_ADDRESS = re.compile(r"\b[Yy]ou(?:rs?)?\b")
_SEPARATORS = frozenset("|•·›»/")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Furniture by shape: thresholds on `LineFeatures`, each checked on BBC and PolNeAR to remove no article text.
MIN_LINK_SHARE = 0.5
MIN_SEPARATORS, MIN_SEPARATOR_SHARE, MAX_MENU_WORDS = 3, 0.25, 25
MAX_FOREIGN_LABEL_WORDS = 6
MAX_LABEL_WORDS = 8
# The offset map's walk: text and raw agree again after at most this many characters of each side (a
# markdown link target is the longest run normalisation drops), on this many characters in a row.
ALIGN_TEXT_WINDOW, ALIGN_RAW_WINDOW, ALIGN_ANCHOR = 8, 300, 4
MAX_APPEAL_WORDS = 80  # an appeal outside a signed block is a short plea, not a paragraph of reporting
# "Tags: Russia, China, Xi Jinping", "Share: Facebook | X": one word and a colon, then a list of names.
_LABELLED_LIST = re.compile(r"^[^\W\d_]{3,20}:\s+(?P<items>\S.*)$")
_LIST_SEPARATOR = re.compile(r"\s*[,|·•]\s*")
_TABLE_ROW = re.compile(r"^\|.*\|$")
# Speech in double quotes, or in single quotes as British papers print it ('We are ready,' he said).
_QUOTATION = re.compile(r"[\"“”]|(?:^|\s)'[^']+[,.!?]?'(?:\s|$)")
MAX_CAPTION_WORDS = 60


@dataclass(frozen=True)
class Line:
    """One raw line: where it sits in the raw file and its normalised text."""

    index: int
    raw_start: int
    raw_end: int
    text: str
    heading_level: int = 0
    raw: str = ""  # the line as written, which `text` normalises


@dataclass(frozen=True)
class LineFeatures:
    """What tells page furniture from article text without reading it: shape, links, punctuation,
    stop words, who the line addresses, and its script."""

    words: int
    link_share: float  # share of the line's characters inside URLs
    separators: int  # menu separators standing alone: "Home | World | Business"
    stopword_share: float
    addresses_reader: bool  # "you", "your"
    script: str | None  # "latin", "cyrillic", "other"; None without letters
    ends_sentence: bool

    @classmethod
    def of(cls, text: str) -> "LineFeatures":
        tokens = text.split()
        words = patterns.WORD.findall(text.lower())
        links = sum(len(m.group(0)) for m in patterns.URL.finditer(text))
        return cls(
            words=len(tokens),
            link_share=links / len(text) if text else 0.0,
            separators=sum(1 for token in tokens if token in _SEPARATORS),
            stopword_share=sum(w in patterns.ENGLISH_STOPWORDS for w in words) / len(words) if words else 0.0,
            addresses_reader=bool(_READER_ADDRESS.search(text)),
            script=script_of(text),
            ends_sentence=text.rstrip("\"')").endswith((".", "!", "?")),
        )


def script_of(text: str) -> str | None:
    """The script most of the letters are in."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    best = max(
        ("cyrillic", cyrillic),
        ("latin", latin),
        ("other", letters - cyrillic - latin),
        key=lambda p: p[1],
    )
    return best[0]


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
class OffsetSegment:
    """A run of the body and the raw run it came from. A run whose two sides have the same length maps
    character by character (text as written, a quote mark swapped, the space that joins a wrapped line);
    any other run (mojibake repaired, spaces collapsed, a paragraph break over removed lines) maps as a
    whole. Raw characters with no body (markdown marks, a link's target) belong to no run."""

    body_start: int
    body_end: int
    raw_start: int
    raw_end: int

    @property
    def is_linear(self) -> bool:
        return self.body_end - self.body_start == self.raw_end - self.raw_start


@dataclass(frozen=True)
class CleanedText:
    body: str
    removed: list[RemovedSpan]
    paragraphs: list[Paragraph]
    offsets: list[OffsetSegment]

    def body_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span a body span [start, end) was cleaned from."""
        return body_to_raw(self.offsets, start, end)


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


def find_boilerplate(lines: list[Line]) -> dict[int, str]:
    """Reasons keyed by line index for every line that is page furniture rather than article text."""
    reasons: dict[int, str] = {}
    in_embed = in_appeal = False
    content_seen = 0
    document_script = script_of(" ".join(line.text for line in lines))
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
        reason = _line_reason(text, document_script)
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


def _line_reason(text: str, document_script: str | None) -> str | None:
    if patterns.SOCIAL_POST_LINK.search(text) and len(patterns.URL.sub("", text).split()) < 40:
        return "social media embed"
    if patterns.EMBED_ATTRIBUTION.match(text):
        return "social media embed"
    if (
        patterns.TRAILING_BOLD_CREDIT.search(text)
        or (patterns.TRAILING_SLASH_CREDIT.search(text) and len(text.split()) <= MAX_CAPTION_WORDS)
        or " / POOL / " in text
    ):
        return "photo caption"
    if patterns.LABELLED_CREDIT.match(text) or patterns.SLASH_CREDIT.match(text):
        return "photo credit"
    if patterns.BARE_DOMAIN_LINE.match(text):
        return "photo credit"
    if patterns.BARE_URL_LINE.match(text):
        return "bare link"
    if patterns.NAVIGATION_LINE.match(text):
        return "navigation"
    return _shape_reason(LineFeatures.of(text), text, document_script)


def has_quotation(text: str) -> bool:
    return bool(_QUOTATION.search(text))


def _shape_reason(features: LineFeatures, text: str, document_script: str | None) -> str | None:
    """Furniture no pattern names, told by the line's features."""
    # Quoted speech that mentions donations is reporting, not an appeal to the reader.
    if (
        features.addresses_reader
        and not has_quotation(text)
        and features.words <= MAX_APPEAL_WORDS
        and len(_APPEAL_WORDS.findall(text)) >= 2
    ):
        return "donation appeal"
    if features.link_share >= MIN_LINK_SHARE:
        return "link list"
    if (
        not _TABLE_ROW.match(text)
        and features.separators >= MIN_SEPARATORS
        and features.separators / features.words >= MIN_SEPARATOR_SHARE
        and features.words <= MAX_MENU_WORDS
    ):
        return "navigation menu"
    if (
        document_script
        and features.script
        and features.script != document_script
        and features.words <= MAX_FOREIGN_LABEL_WORDS
        and not features.ends_sentence
        and any(mark in text for mark in ":/©|")
    ):
        return f"label in another script ({features.script})"
    labelled = _LABELLED_LIST.match(text)
    items = [item.strip() for item in _LIST_SEPARATOR.split(labelled["items"])] if labelled else []
    if (
        len(items) >= 2
        and all(item[:1].isupper() for item in items)
        and features.words <= MAX_LABEL_WORDS
        and features.stopword_share == 0
        and not features.ends_sentence
    ):
        return "label line"
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
            and not patterns.LIST_ITEM.match(line.text)
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
    segments: list[OffsetSegment] = []
    offset = 0
    for block in blocks:
        if parts:
            segments.append(OffsetSegment(offset, offset + 2, paragraphs[-1].raw_end, block[0].raw_start))
            offset += 2
        text, block_segments = _join_wrapped(block)
        segments += [_shift(segment, offset) for segment in block_segments]
        paragraphs.append(Paragraph(offset, offset + len(text), block[0].raw_start, block[-1].raw_end))
        parts.append(text)
        offset += len(text)
    return CleanedText(
        body="\n\n".join(parts), removed=removed, paragraphs=paragraphs, offsets=_merge_linear(segments)
    )


def _join_wrapped(block: list[Line]) -> tuple[str, list[OffsetSegment]]:
    """Join a paragraph's lines (a hyphen at a line end joins without a space) and map the result to raw."""
    joined = ""
    segments: list[OffsetSegment] = []
    previous: Line | None = None
    for line in block:
        if previous is not None and not (joined.endswith("-") and not joined.endswith(" -")):
            segments.append(OffsetSegment(len(joined), len(joined) + 1, previous.raw_end, line.raw_start))
            joined += " "
        segments += [_shift(segment, len(joined)) for segment in align(line.text, line.raw, line.raw_start)]
        joined += line.text
        previous = line
    return joined, segments


def align(text: str, raw: str, raw_offset: int) -> list[OffsetSegment]:
    """Segments mapping every character of a normalised line to the raw line it came from.

    Normalisation changes little and locally (a quote mark, a mojibake pair, collapsed spaces, markdown
    marks), so one linear walk suffices: copy equal characters, and at a difference find the nearest point
    where both sides agree again on ALIGN_ANCHOR characters. What lies between maps as a whole."""
    if text == raw:
        return [OffsetSegment(0, len(text), raw_offset, raw_offset + len(raw))]
    segments: list[OffsetSegment] = []
    i = j = 0
    while i < len(text):
        if j < len(raw) and text[i] == raw[j]:
            run = i
            while i < len(text) and j < len(raw) and text[i] == raw[j]:
                i, j = i + 1, j + 1
            segments.append(OffsetSegment(run, i, raw_offset + j - (i - run), raw_offset + j))
            continue
        skip_text, skip_raw = _resync(text, raw, i, j)
        if skip_text:  # raw characters dropped by normalisation leave no body to map
            segments.append(OffsetSegment(i, i + skip_text, raw_offset + j, raw_offset + j + skip_raw))
        i, j = i + skip_text, j + skip_raw
    return segments


def _resync(text: str, raw: str, i: int, j: int) -> tuple[int, int]:
    """How many characters of each side to pass so that both agree again; the rest of both if they never do."""
    anchor = min(ALIGN_ANCHOR, len(text) - i)
    for total in range(1, ALIGN_TEXT_WINDOW + ALIGN_RAW_WINDOW + 1):
        for skip_text in range(max(0, total - ALIGN_RAW_WINDOW), min(total, ALIGN_TEXT_WINDOW) + 1):
            skip_raw = total - skip_text
            end = min(i + skip_text + anchor, len(text))
            agree = text[i + skip_text : end] == raw[j + skip_raw : j + skip_raw + end - i - skip_text]
            # Agreeing on nothing (at the end of the text) counts only where the raw line ends too.
            if agree and (i + skip_text < len(text) or j + skip_raw == len(raw)):
                return skip_text, skip_raw
    return len(text) - i, len(raw) - j


def reclean(raw_span: str) -> str:
    """What a raw span cleans to (line breaks joined as re-flowing joins them): body_to_raw's round trip
    is `reclean(raw[body_to_raw(s, e)]) == body[s:e]` for any span of words within one paragraph."""
    joined = re.sub(r"\s*\r?\n\s*", " ", re.sub(r"(?<! )-\r?\n", "-", raw_span))
    return strip_markdown(normalise_text(joined))[0]


def body_to_raw(segments: list[OffsetSegment], start: int, end: int) -> tuple[int, int]:
    """The raw span of a body span [start, end), through the segments of its document."""
    if not segments or not 0 <= start < end <= segments[-1].body_end:
        raise ValueError(f"no raw span for the body span [{start}, {end})")
    starts = [segment.body_start for segment in segments]
    first = segments[max(bisect_right(starts, start) - 1, 0)]
    last = segments[max(bisect_right(starts, end - 1) - 1, 0)]
    raw_start = first.raw_start + (start - first.body_start if first.is_linear else 0)
    raw_end = last.raw_end - (last.body_end - end if last.is_linear else 0)
    return raw_start, raw_end


def _shift(segment: OffsetSegment, by: int) -> OffsetSegment:
    return OffsetSegment(segment.body_start + by, segment.body_end + by, segment.raw_start, segment.raw_end)


def _merge_linear(segments: Iterable[OffsetSegment]) -> list[OffsetSegment]:
    """Join runs that continue each other on both sides and map character by character, to keep few rows."""
    merged: list[OffsetSegment] = []
    for segment in segments:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.is_linear
            and segment.is_linear
            and last.body_end == segment.body_start
            and last.raw_end == segment.raw_start
        ):
            merged[-1] = OffsetSegment(last.body_start, segment.body_end, last.raw_start, segment.raw_end)
        else:
            merged.append(segment)
    return merged
