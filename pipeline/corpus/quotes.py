"""Quotes of the corpus: each document's quotes with the entity that said them, the measured confidence of
the rule that found them, the raw span they came from, and the cluster of the same words quoted elsewhere."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from pipeline.corpus.linking import CorpusEntities
from pipeline.lake.records import Record
from pipeline.nlp.quotes import DocQuote, quote_cluster_id, quote_confidence, quote_id_for
from pipeline.text.offsets import OffsetSegment, body_to_raw


@dataclass(frozen=True, kw_only=True)
class QuoteRow(Record):
    """A quotation or indirect report (a row of `quotes`): text, kind, speaker, cue, confidence, offsets."""

    TABLE: ClassVar[str] = "quotes"

    quote_id: str
    doc_id: str
    text: str
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    speaker_reason: str | None
    cue: str | None
    start_char: int
    end_char: int
    # Which rule found the speaker, how the text named them there, and that rule's measured precision.
    attribution: str
    speaker_via: str | None
    confidence: float
    # The same words quoted by several documents share it: count independent sources per quote.
    quote_cluster_id: str
    # Where the quote sits in the raw text (the file's text; the main text of .html; a .jsonl line's text).
    raw_start_char: int | None = None
    raw_end_char: int | None = None


def _raw_span(segments: Sequence[OffsetSegment], start: int, end: int) -> tuple[int | None, int | None]:
    try:
        return body_to_raw(list(segments), start, end)
    except ValueError:
        return None, None


def linked_quotes(
    quotes: Iterable[DocQuote],
    corpus: CorpusEntities,
    offsets: Mapping[str, Sequence[OffsetSegment]] | None = None,
) -> list[QuoteRow]:
    """Every quote with its speaker's entity and canonical name, ordered by document and position.

    `offsets` holds each document's body runs (its current version's), for the raw span."""
    names = {e.entity_id: e.name for e in corpus.entities}
    rows = []
    for q in sorted(quotes, key=lambda q: (q.doc_id, q.start_char)):
        speaker_id = corpus.link.get((q.doc_id, q.speaker_name)) if q.speaker_name else None
        raw_start, raw_end = _raw_span((offsets or {}).get(q.doc_id, ()), q.start_char, q.end_char)
        rows.append(
            QuoteRow(
                quote_id=quote_id_for(q.doc_id, q.start_char, q.end_char),
                doc_id=q.doc_id,
                text=q.text,
                kind=q.kind,
                speaker=names.get(speaker_id),
                speaker_entity_id=speaker_id,
                speaker_reason=q.speaker_reason,
                cue=q.cue,
                start_char=q.start_char,
                end_char=q.end_char,
                attribution=q.attribution,
                speaker_via=q.speaker_via,
                confidence=quote_confidence(q.kind, q.attribution, q.speaker_via),
                quote_cluster_id=quote_cluster_id(q.text),
                raw_start_char=raw_start,
                raw_end_char=raw_end,
            )
        )
    return rows
