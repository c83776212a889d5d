"""Clean: drop furniture and the header lines metadata captured, and re-flow hard-wrapped text into
paragraphs.

Every removed line is kept as a `RemovedSpan` with its raw offsets so that cleaning stays auditable, every
paragraph of the body records the raw span it came from, and the offset map (`pipeline.text.offsets`)
traces any span of the body back to raw offsets."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from pipeline.lake.records import Record
from pipeline.text import patterns
from pipeline.text.furniture import find_furniture
from pipeline.text.normalise import Line
from pipeline.text.offsets import OffsetSegment, align, body_to_raw, merge_linear, shift


@dataclass(frozen=True, kw_only=True)
class RemovedSpan(Record):
    """A raw line cleaning removed, why, and where it stood in the raw text (a row of `removed_spans`)."""

    TABLE: ClassVar[str] = "removed_spans"

    doc_id: str = ""  # stamped by the stage that parses the document
    batch_id: str = ""
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
    offsets: list[OffsetSegment]

    def body_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw span a body span [start, end) was cleaned from."""
        return body_to_raw(self.offsets, start, end)


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


def clean_lines(
    lines: list[Line], *, drop: Mapping[int, str], furniture: Mapping[int, str] | None = None
) -> CleanedText:
    """Remove furniture and the lines in `drop` (already captured as metadata) and re-flow the rest.

    `furniture` is `find_furniture(lines)` when the caller already found it (the header step does)."""
    reasons = {**(find_furniture(lines) if furniture is None else furniture), **drop}
    removed = [
        RemovedSpan(text=lines[i].text, reason=reason, raw_start=lines[i].raw_start, raw_end=lines[i].raw_end)
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
        segments += [shift(segment, offset) for segment in block_segments]
        paragraphs.append(Paragraph(offset, offset + len(text), block[0].raw_start, block[-1].raw_end))
        parts.append(text)
        offset += len(text)
    return CleanedText(
        body="\n\n".join(parts), removed=removed, paragraphs=paragraphs, offsets=merge_linear(segments)
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
        segments += [shift(segment, len(joined)) for segment in align(line.text, line.raw, line.raw_start)]
        joined += line.text
        previous = line
    return joined, segments
