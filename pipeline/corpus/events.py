"""Events of the corpus: the event reports of every document (`pipeline.nlp.events`) merged on (type,
participants, date); an undated report joins the one dated event of the same kind and people, or stays
an event of its duplicate cluster."""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from pipeline.lake.records import Record
from pipeline.nlp.events import DocEventMention, EventMention


@dataclass
class Event:
    event_id: str
    event_type: str
    start_date: date | None
    end_date: date | None
    location: str | None
    participants: dict[str, str]  # entity_id -> role
    mentions: list[tuple[str, EventMention]] = field(default_factory=list)

    @property
    def doc_count(self) -> int:
        return len({doc_id for doc_id, _ in self.mentions})


def event_id_for(event_type: str, participant_ids: Iterable[str], start: date | None, scope: str) -> str:
    key = f"{event_type}|{'|'.join(sorted(participant_ids))}|{start.isoformat() if start else scope}"
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def merge_corpus(
    documents: Iterable[tuple[str, str, list[EventMention]]], link: dict[tuple[str, str], str]
) -> list[Event]:
    """Merge event mentions across documents.

    Args:
        documents: (doc_id, story_id, event mentions) per document.
        link: (doc_id, in-document name) -> entity_id, from entity linking.
    """
    events: dict[str, Event] = {}
    undated: list[tuple[str, str, EventMention, frozenset]] = []
    for doc_id, story_id, mentions in documents:
        for mention in mentions:
            ids = {
                link[(doc_id, name)]: role
                for name, role in mention.participants.items()
                if (doc_id, name) in link
            }
            if mention.start_date is None:
                undated.append((doc_id, story_id, mention, frozenset(ids)))
                continue
            _add(events, mention, doc_id, ids, scope="")
    for doc_id, story_id, mention, ids in undated:
        # An undated report joins the dated event of the same kind and people, if there is exactly one.
        same = [
            e
            for e in events.values()
            if e.event_type == mention.event_type and frozenset(e.participants) == ids
        ]
        if len(same) == 1:
            same[0].mentions.append((doc_id, mention))
        else:
            _add(events, mention, doc_id, dict.fromkeys(ids, "participant"), scope=story_id)
    return sorted(events.values(), key=lambda e: e.event_id)


def _add(
    events: dict[str, Event], mention: EventMention, doc_id: str, ids: dict[str, str], scope: str
) -> None:
    event_id = event_id_for(mention.event_type, ids, mention.start_date, scope)
    event = events.get(event_id)
    if event is None:
        event = events[event_id] = Event(
            event_id, mention.event_type, mention.start_date, mention.end_date, mention.location, dict(ids)
        )
    event.location = event.location or mention.location
    event.end_date = event.end_date or mention.end_date
    event.mentions.append((doc_id, mention))


@dataclass(frozen=True, kw_only=True)
class EventRow(Record):
    """A real-world event (a row of `events`): meeting, visit or call, merged across documents."""

    TABLE: ClassVar[str] = "events"

    event_id: str
    event_type: str
    start_date: date | None
    end_date: date | None
    location: str | None
    doc_count: int


@dataclass(frozen=True, kw_only=True)
class EventParticipant(Record):
    """An entity taking part in an event (a row of `event_participants`)."""

    TABLE: ClassVar[str] = "event_participants"

    event_id: str
    entity_id: str
    role: str


@dataclass(frozen=True, kw_only=True)
class EventReport(Record):
    """A sentence of a document reporting an event (a row of `event_mentions`)."""

    TABLE: ClassVar[str] = "event_mentions"

    event_id: str
    doc_id: str
    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class MergedEvents:
    events: list[EventRow]
    participants: list[EventParticipant]
    reports: list[EventReport]


def _event_mention(row: DocEventMention, reference_date: date | None) -> EventMention:
    """An event mention as extraction gave it; an undated past-tense report takes its document's (or its
    duplicate cluster's) day."""
    start, end = row.start_date, row.end_date
    if start is None and row.reported_as_past and reference_date is not None:
        start, end = reference_date, None
    return EventMention(
        event_type=row.event_type,
        participants={p.name: p.role for p in row.participants},
        start_date=start,
        end_date=end,
        date_explicit=row.date_explicit,
        location=row.location,
        start=row.start_char,
        end=row.end_char,
        text=row.text,
        reported_as_past=row.reported_as_past,
    )


def merged_events(
    mentions: Iterable[DocEventMention],
    *,
    story_of: Mapping[str, str],
    reference_date_of: Mapping[str, date | None],
    link: dict[tuple[str, str], str],
) -> MergedEvents:
    """Every document's event reports merged into corpus events, documents taken in doc_id order."""
    by_doc: dict[str, list[DocEventMention]] = defaultdict(list)
    for row in sorted(mentions, key=lambda r: (r.doc_id, r.start_char)):
        by_doc[row.doc_id].append(row)
    events = merge_corpus(
        (
            (
                doc_id,
                story_of[doc_id],
                [_event_mention(r, reference_date_of[doc_id]) for r in by_doc.get(doc_id, [])],
            )
            for doc_id in sorted(story_of)
        ),
        link,
    )
    return MergedEvents(
        events=[
            EventRow(
                event_id=e.event_id,
                event_type=e.event_type,
                start_date=e.start_date,
                end_date=e.end_date,
                location=e.location,
                doc_count=e.doc_count,
            )
            for e in events
        ],
        participants=[
            EventParticipant(event_id=e.event_id, entity_id=i, role=r)
            for e in events
            for i, r in e.participants.items()
        ],
        reports=[
            EventReport(event_id=e.event_id, doc_id=d, text=m.text, start_char=m.start, end_char=m.end)
            for e in events
            for d, m in e.mentions
        ],
    )
