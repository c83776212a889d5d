"""Events: meetings, visits and calls with participants, date and place, merged across documents.

A sentence yields at most one event, named by its strongest trigger (a call beats a meeting beats a
visit: "met ... in a visit to Beijing" is one meeting in Beijing). Participants come from the parse
(subject, object, "with"/"between" phrases, the speaker a "during the meeting" phrase hangs from), dates
from the sentence or, for past-tense reports, the document's own date; the same event reported by
several documents merges on (type, participants, date)."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pipeline.nlp.events import EventMention


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
