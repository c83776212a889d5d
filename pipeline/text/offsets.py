"""The offset map: runs of the clean body and the raw text they came from, so that any span of the body
(a quote, a mention) traces back to the raw file (`body_to_raw`), round trip tested with `reclean`."""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from pipeline.lake.records import Record

# The offset map's walk: text and raw agree again after at most this many characters of each side (a
# markdown link target is the longest run normalisation drops), on this many characters in a row.
ALIGN_TEXT_WINDOW, ALIGN_RAW_WINDOW, ALIGN_ANCHOR = 8, 300, 4


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


@dataclass(frozen=True, kw_only=True)
class BodyOffset(Record):
    """One `OffsetSegment` of one document's body (a row of `body_offsets`): the runs tile the body."""

    TABLE: ClassVar[str] = "body_offsets"

    doc_id: str
    batch_id: str
    body_start: int
    body_end: int
    raw_start: int
    raw_end: int

    @property
    def segment(self) -> OffsetSegment:
        return OffsetSegment(self.body_start, self.body_end, self.raw_start, self.raw_end)


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
        if skip_text and not skip_raw and segments:
            # Text left when the raw line is used up (a resync matched a repeat of the words further on)
            # joins the run before it rather than map to no raw text at all.
            last = segments.pop()
            segments.append(OffsetSegment(last.body_start, i + skip_text, last.raw_start, last.raw_end))
        elif skip_text:  # raw characters dropped by normalisation leave no body to map
            segments.append(OffsetSegment(i, i + skip_text, raw_offset + j, raw_offset + j + skip_raw))
        i, j = i + skip_text, j + skip_raw
    return segments


def _resync(text: str, raw: str, i: int, j: int) -> tuple[int, int]:
    """How many characters of each side to pass so that both agree again; the rest of both if they never do."""
    for total in range(1, ALIGN_TEXT_WINDOW + ALIGN_RAW_WINDOW + 1):
        # Every body character comes from some raw character: passing text alone would map it to nothing.
        for skip_text in range(
            max(0, total - ALIGN_RAW_WINDOW), min(total - 1, ALIGN_TEXT_WINDOW, len(text) - i) + 1
        ):
            if _agree(text, raw, i + skip_text, j + total - skip_text):
                return skip_text, total - skip_text
    return len(text) - i, len(raw) - j


def _agree(text: str, raw: str, i: int, j: int) -> bool:
    """Whether text from i reads again in raw from j for ALIGN_ANCHOR characters. Fewer characters, at the
    end of the text, count only where the raw line ends with them too, but for spaces normalisation strips:
    a short anchor matches anywhere (the "." ending a line after a link would match in the link's target)."""
    anchor = min(ALIGN_ANCHOR, len(text) - i)
    if j + anchor > len(raw) or text[i : i + anchor] != raw[j : j + anchor]:
        return False
    return anchor == ALIGN_ANCHOR or not raw[j + anchor :].strip()


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


def shift(segment: OffsetSegment, by: int) -> OffsetSegment:
    return OffsetSegment(segment.body_start + by, segment.body_end + by, segment.raw_start, segment.raw_end)


def merge_linear(segments: Iterable[OffsetSegment]) -> list[OffsetSegment]:
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
