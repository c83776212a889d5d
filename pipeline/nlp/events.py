"""Event reports: meetings, visits and calls with participants, date and place, sentence by sentence.

A sentence yields at most one event, named by its strongest trigger (a call beats a meeting beats a
visit: "met ... in a visit to Beijing" is one meeting in Beijing). Participants come from the parse
(subject, object, "with"/"between" phrases, the speaker a "during the meeting" phrase hangs from), dates
from the sentence or, for past-tense reports, the document's own date; the same event reported by
several documents merges on (type, participants, date) in `pipeline.corpus.events`."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar

import dateparser
from spacy.tokens import Doc, Token

from pipeline.lake.records import Record
from pipeline.nlp.mentions import Mention

TRIGGERS: dict[str, str] = {
    "meet": "meet", "meeting": "meet", "talk": "meet", "summit": "meet", "negotiation": "meet",
    "visit": "visit", "travel": "visit", "arrive": "visit", "trip": "visit", "tour": "visit",
    "phone": "call", "telephone": "call", "call": "call", "conversation": "call",
}  # fmt: skip
TYPE_PRIORITY = {"call": 0, "meet": 1, "visit": 2}
MIN_PARTICIPANTS = {"meet": 2, "call": 2, "visit": 1}
PARTICIPANT_LABELS = ("PERSON", "ORG")
PLACE_LABELS = ("GPE", "LOC", "FAC")
_CALL_MODIFIERS = frozenset({"phone", "telephone", "video", "conference"})
_FUTURE_AUXILIARIES = frozenset({"will", "would", "shall", "may", "might", "could", "to"})
_PLANNING_WORDS = frozenset({"plan", "due", "expect", "schedule", "intend", "hope", "propose"})
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.IGNORECASE
)
_DAY_RANGE = re.compile(
    r"(?P<month>[A-Z][a-z]+\.?)\s+(?P<first>\d{1,2})\s*[-–]\s*(?P<last>\d{1,2}),?\s*(?P<year>\d{4})?"
)


@dataclass
class EventMention:
    """One sentence reporting an event, with participants named as in the document."""

    event_type: str
    participants: dict[str, str]  # in-document name -> role
    start_date: date | None
    end_date: date | None
    date_explicit: bool
    location: str | None
    start: int
    end: int
    text: str
    reported_as_past: bool = False


@dataclass(frozen=True, kw_only=True)
class Participant(Record):
    name: str  # as named in the document
    role: str


@dataclass(frozen=True, kw_only=True)
class DocEventMention(Record):
    """An event report as the lake keeps it (a row of `doc_event_mentions`, per batch): participants named
    as in the document, before corpus linking and merging."""

    TABLE: ClassVar[str] = "doc_event_mentions"

    doc_id: str
    batch_id: str
    event_type: str
    participants: list[Participant]
    start_date: date | None
    end_date: date | None
    date_explicit: bool
    # Told as having happened: an undated report then takes its document's (or cluster's) day.
    reported_as_past: bool
    location: str | None
    text: str
    start_char: int
    end_char: int

    @classmethod
    def of(cls, mention: EventMention, *, doc_id: str, batch_id: str) -> "DocEventMention":
        return cls(
            doc_id=doc_id,
            batch_id=batch_id,
            event_type=mention.event_type,
            participants=[Participant(name=n, role=r) for n, r in mention.participants.items()],
            start_date=mention.start_date,
            end_date=mention.end_date,
            date_explicit=mention.date_explicit,
            reported_as_past=mention.reported_as_past,
            location=mention.location,
            text=mention.text,
            start_char=mention.start,
            end_char=mention.end,
        )


def _trigger_type(token: Token) -> str | None:
    event_type = TRIGGERS.get(token.lemma_.lower())
    if event_type is None or token.pos_ not in ("VERB", "NOUN"):
        return None
    if event_type == "call":
        # "called the results useful" is a cue, not a call; "a phone call" / "video call" / "phoned" is.
        modifiers = {c.lower_ for c in token.children} | {token.lower_}
        if token.lemma_.lower() in ("call", "conversation") and not modifiers & _CALL_MODIFIERS:
            return None
    return event_type


def extract_event_mentions(
    doc: Doc, mentions: list[Mention], *, reference_date: date | None, dateline: str | None
) -> list[EventMention]:
    found = []
    for sentence in doc.sents:
        triggers = [(t, _trigger_type(t)) for t in sentence]
        triggers = [(t, kind) for t, kind in triggers if kind]
        if not triggers:
            continue
        trigger, event_type = min(
            triggers, key=lambda tk: (TYPE_PRIORITY[tk[1]], tk[0].pos_ != "VERB", tk[0].i)
        )
        sentence_mentions = [
            m
            for m in mentions
            if sentence.start <= m.token_start < sentence.end and not _is_role_of_person(m, mentions)
        ]
        participants = _participants(trigger, sentence_mentions, mentions)
        if len(participants) < MIN_PARTICIPANTS[event_type]:
            for m in sentence_mentions:
                if m.label == "PERSON":
                    participants.setdefault(m.name, "participant")
        if len(participants) < MIN_PARTICIPANTS[event_type]:
            continue
        start, end, explicit = _dates(sentence, reference_date)
        past = _reported_as_past(trigger)
        if start is None and reference_date is not None and past:
            start, end = reference_date, None
        found.append(
            EventMention(
                event_type=event_type,
                participants=participants,
                start_date=start,
                end_date=end,
                date_explicit=explicit,
                location=_location(trigger, sentence_mentions, participants) or _title(dateline),
                start=sentence.start_char,
                end=sentence.end_char,
                text=sentence.text,
                reported_as_past=past,
            )
        )
    return _merge_within_document(found)


def _is_role_of_person(mention: Mention, mentions: list[Mention]) -> bool:
    """ "Russian Security Council" in "... of the Russian Security Council Dmitry Medvedev" says who the
    person is; it takes no part in the event."""
    return (
        mention.label == "ORG"
        and mention.kind == "name"
        and any(
            m.label == "PERSON" and m.kind == "name" and m.start - mention.end in (0, 1) for m in mentions
        )
    )


def _mention_names(tokens: Iterable[Token], mentions: list[Mention], labels=PARTICIPANT_LABELS) -> list[str]:
    indices = {t.i for t in tokens}
    return [m.name for m in mentions if m.token_start in indices and m.label in labels]


def _participants(
    trigger: Token, sentence_mentions: list[Mention], mentions: list[Mention]
) -> dict[str, str]:
    participants: dict[str, str] = {}

    def add(tokens: Iterable[Token], role: str) -> None:
        tokens = list(tokens)
        for name in _mention_names(tokens, sentence_mentions):
            participants.setdefault(name, role)
        for token in tokens:
            if token.lower_ in ("he", "she") and token.dep_ in ("nsubj", "nsubjpass"):
                before = [m for m in mentions if m.label == "PERSON" and m.end <= token.idx]
                if before:
                    participants.setdefault(before[-1].name, role)

    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass", "poss"):
            add(child.subtree, "subject")
        elif child.dep_ == "dobj" or child.dep_ == "prep" and child.lower_ in ("with", "between", "by"):
            add(child.subtree, "object")
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("pobj", "pcomp", "dobj"):
        # "said during a meeting with X": the subject of the verb the phrase hangs from took part.
        head = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                add(child.subtree, "subject")
    return participants


def _location(trigger: Token, sentence_mentions: list[Mention], participants: dict[str, str]) -> str | None:
    places = [m for m in sentence_mentions if m.label in PLACE_LABELS and m.name not in participants]
    by_token = {m.token_start: m for m in places}
    # A place attached to the trigger or its head ("met in Beijing", "travel to Russia") ...
    for anchor in (trigger, trigger.head):
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "to", "at"):
                for obj in prep.children:
                    if obj.i in by_token:
                        return by_token[obj.i].name
    # ... else the destination of a visit or trip anywhere in the sentence.
    for m in places:
        token = trigger.doc[m.token_start]
        prep = token.head
        if prep.lower_ == "to" and TRIGGERS.get(prep.head.lemma_.lower()) == "visit":
            return m.name
    return None


def _title(dateline: str | None) -> str | None:
    if dateline is None:
        return None
    return dateline.title() if dateline.isupper() else dateline


def _reported_as_past(trigger: Token) -> bool:
    """True when the event is told as having happened ("met", "said during a meeting"), not planned."""
    chain = [trigger, trigger.head, trigger.head.head]
    if any(t.lemma_.lower() in _PLANNING_WORDS for t in chain):
        return False
    if any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUXILIARIES for t in chain for c in t.children
    ):
        return False
    return any(t.tag_ in ("VBD", "VBN") for t in chain)


def _dates(sentence, reference: date | None) -> tuple[date | None, date | None, bool]:
    """The first date the sentence states precisely enough to pin a day (or a range of days)."""
    for ent in sentence.ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text
        day_range = _DAY_RANGE.search(text + sentence.text[ent.end_char - sentence.start_char :][:8])
        if day_range:
            year = int(day_range["year"]) if day_range["year"] else (reference.year if reference else None)
            first = _parse_day(f"{day_range['month']} {day_range['first']} {year}") if year else None
            last = _parse_day(f"{day_range['month']} {day_range['last']} {year}") if year else None
            if first and last:
                return first, last, True
        weekday = next((i for i, name in enumerate(_WEEKDAYS) if name in text.lower()), None)
        if weekday is not None and reference is not None and not _MONTH_DAY.search(text):
            return reference - timedelta(days=(reference.weekday() - weekday) % 7), None, True
        if not _MONTH_DAY.search(text) and not re.search(r"\d{4}-\d{2}-\d{2}", text):
            continue
        has_year = bool(re.search(r"\b\d{4}\b", text))
        if not has_year and reference is None:
            continue
        parsed = _parse_day(text, reference)
        if parsed:
            return parsed, None, True
    return None, None, False


def _parse_day(text: str, reference: date | None = None) -> date | None:
    settings = {"PREFER_DATES_FROM": "past"}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _merge_within_document(found: list[EventMention]) -> list[EventMention]:
    """Let the dated mention of an event lend its date and place to undated ones in the same document."""
    groups: dict[tuple, list[EventMention]] = defaultdict(list)
    for mention in found:
        groups[(mention.event_type, frozenset(mention.participants))].append(mention)
    for group in groups.values():
        dated = [m for m in group if m.date_explicit] or [m for m in group if m.start_date]
        located = [m for m in group if m.location]
        for m in group:
            if m.start_date is None and dated:
                m.start_date, m.end_date = dated[0].start_date, dated[0].end_date
            if m.location is None and located:
                m.location = located[0].location
    return found
