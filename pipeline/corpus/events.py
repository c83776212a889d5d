"""Events of the corpus: every document's event mentions (`pipeline.nlp.events`) merged into real-world
events, geocoded offline, with GDELT's counts.

Cross-document coreference is a greedy pass over the mentions of each type in publication order: a
mention joins the best existing event it is compatible with, given evidence that they are the same
happening, else it starts an event.
- Compatible: the same type; statuses that can describe one happening (a planned visit and the visit,
  never a denied attack and an attack); dates that overlap (a stated date as its day, range, week,
  month or year; an undated report told as having happened as the week before its publication, a
  planned one as the three months after); places in the same country (and, for two cities, the same
  city); and named participants that share someone when both name anyone.
- Evidence: the mention's own document, or its story (`pipeline.corpus.stories`: the corpus step
  groups documents about one happening before events are merged), or, across stories, a shared named
  participant on the same stated day.
Same actors on different dates, or the same kind of event in different places, stay different events.
"""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar
from urllib.parse import urlsplit

from pipeline.lake.records import Record
from pipeline.nlp.event_types import OCCURRENCE, TYPES_BY_NAME
from pipeline.nlp.events import DocEventMention
from pipeline.nlp.geocode import Place, country, country_of_demonym, geocode

# An undated report of something that happened: within this many days before its publication.
HAPPENED_WITHIN_DAYS = 7
# An undated report of something planned: within this many days after its publication.
PLANNED_WITHIN_DAYS = 90
# Two cities farther apart than this are different places.
SAME_PLACE_KM = 100.0
_ACTOR_ROLES = frozenset({"actor"})
_UNDERGOER_ROLES = frozenset({"target", "victim"})
_COMPATIBLE_STATUSES = {
    "happened": {"happened", "planned"},
    "planned": {"happened", "planned"},
    "hypothetical": {"hypothetical"},
    "negated": {"negated"},
}


@dataclass(frozen=True)
class DocumentContext:
    """What merging needs to know about a mention's document."""

    story_id: str
    dup_cluster_id: str
    reference_date: date | None
    published_at: datetime | None
    source: str  # its publisher, else its URL's host, else its duplicate cluster (an unattributed source)


def source_of(publisher: str | None, url: str | None, dup_cluster_id: str) -> str:
    if publisher:
        return publisher.strip().lower()
    if url and (host := urlsplit(url).hostname):
        return host.removeprefix("www.")
    return f"unattributed:{dup_cluster_id}"


@dataclass
class _Mention:
    row: DocEventMention
    context: DocumentContext
    entities: dict[str, str]  # entity_id -> role
    place: Place | None  # geocoded from the sentence (a dateline place is kept apart: weaker evidence)
    dateline_place: Place | None
    interval: tuple[date, date] | None  # stated date (range)
    window: tuple[date, date] | None  # when an undated report's event happened, from its publication
    # Every entity its document names, in any sentence (see `_participants_conflict`).
    document_entities: frozenset[str] = frozenset()
    # The document's own country and time, for a mention that states neither (see `_with_document_context`).
    document_country: str | None = None
    document_era: tuple[date, date] | None = None

    @property
    def span(self) -> tuple[date, date] | None:
        return self.interval or self.window

    @property
    def country(self) -> str | None:
        return self.place.country_code if self.place is not None else self.document_country

    @property
    def era(self) -> tuple[date, date] | None:
        return self.span or self.document_era


@dataclass
class _Event:
    event_type: str
    mentions: list[_Mention] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    roles: dict[str, str] = field(default_factory=dict)  # entity_id -> its role where first named
    interval: tuple[date, date] | None = None
    window: tuple[date, date] | None = None
    places: list[Place] = field(default_factory=list)
    place_counts: Counter = field(default_factory=Counter)
    countries: set[str] = field(default_factory=set)
    era: tuple[date, date] | None = None
    statuses: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    clusters: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    # What each of its documents names, in any sentence: the documents' own sets, shared, not copied
    # (a union per event would hold a copy of a document's names for every event it reports).
    named_by_documents: list[frozenset[str]] = field(default_factory=list)

    def add(self, mention: _Mention) -> None:
        self.mentions.append(mention)
        self.entities |= set(mention.entities)
        if mention.row.doc_id not in self.docs:
            self.named_by_documents.append(mention.document_entities)
        for entity_id, role in mention.entities.items():
            self.roles.setdefault(entity_id, role)
        if mention.interval is not None:
            self.interval = _overlap(self.interval, mention.interval) or self.interval or mention.interval
        if mention.window is not None:
            self.window = _overlap(self.window, mention.window) or self.window or mention.window
        if mention.place is not None:
            self.place_counts[_place_key(mention.place)] += 1
            if self.place_counts[_place_key(mention.place)] == 1:
                self.places.append(mention.place)  # distinct places only: compatibility checks each
        if mention.country is not None:
            self.countries.add(mention.country)
        if mention.era is not None:
            self.era = _overlap(self.era, mention.era) or self.era or mention.era
        self.statuses.add(mention.row.status)
        self.stories.add(mention.context.story_id)
        self.clusters.add(mention.context.dup_cluster_id)
        self.docs.add(mention.row.doc_id)


def _place_key(place: Place) -> tuple:
    return (place.geoname_id, place.name, place.feature_type)


def _overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return None
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def _distance_km(a: Place, b: Place) -> float | None:
    from math import asin, cos, radians, sin, sqrt

    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * asin(sqrt(h))


def _same_place(a: Place, b: Place) -> bool:
    """Places that can be one event's: the same country, the same first-level division when both name
    one (Texas is not California, a city in Texas is not in California), and two cities within
    SAME_PLACE_KM."""
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.adm1_code and b.adm1_code and a.adm1_code != b.adm1_code:
        return False
    if a.feature_type == "city" and b.feature_type == "city" and a.geoname_id != b.geoname_id:
        distance = _distance_km(a, b)
        return distance is not None and distance <= SAME_PLACE_KM
    return True


def _compatible(event: _Event, mention: _Mention) -> bool:
    if mention.row.status not in {s for status in event.statuses for s in _COMPATIBLE_STATUSES[status]}:
        return False
    if mention.interval is not None and event.interval is not None:
        if _overlap(mention.interval, event.interval) is None:
            return False
    elif (
        mention.span is not None
        and (event.interval or event.window) is not None
        and _overlap(mention.span, event.interval or event.window) is None
    ):
        return False
    if mention.place is not None and any(not _same_place(mention.place, p) for p in event.places):
        return False
    if mention.context.story_id in event.stories:
        # Within one story the story is the evidence: what a report states of its own (status, date,
        # place, who did it to whom) still tells two of its happenings apart, but not what is guessed
        # for it from its document (country, era: they tell look-alike stories apart) or a mere lack of
        # shared names (one report names the victim, another the gunman).
        return not _participants_conflict(event, mention, within_story=True)
    # A mention that names no place or time of its own is where and when its document is.
    if mention.country is not None and not event.countries <= {mention.country}:
        return False
    if mention.era is not None and event.era is not None and _overlap(mention.era, event.era) is None:
        return False
    return not _participants_conflict(event, mention)


def _participants_conflict(event: _Event, mention: _Mention, *, within_story: bool = False) -> bool:
    """Named participants that cannot be one happening's: for the actors, and for those it happened to,
    both sides name someone and neither side's names appear anywhere on the other ("police arrested
    Jackson" and "police arrested Williams" share an actor, not an arrest). Across stories "anywhere" is
    the mentions, and two sides naming people without one in common conflict too; within a story it is
    the reports themselves: a report naming the victim its sentence does not is not about another one
    (one report names the officer killed, another his colleague killed with him)."""
    mentioned = set(mention.entities)
    for roles in (_ACTOR_ROLES, _UNDERGOER_ROLES):
        ours = {e for e, role in mention.entities.items() if role in roles}
        theirs = {e for e, role in event.roles.items() if role in roles}
        if not ours or not theirs or ours & event.entities or theirs & mentioned:
            continue
        if within_story and (
            theirs & mention.document_entities or any(ours & named for named in event.named_by_documents)
        ):
            continue
        return True
    return not within_story and bool(mentioned and event.entities and not mentioned & event.entities)


def _evidence(event: _Event, mention: _Mention) -> float:
    """How strongly the mention is the same happening as the event (0: no evidence to merge): its own
    document or a copy of it, then its story; across stories, a shared participant on the same stated
    day. (Requiring documents of one story to also share a participant, place or day halved the ECB+
    document pairs linked and lost precision too: see docs/events.md.)"""
    shared = len(set(mention.entities) & event.entities)
    if mention.row.doc_id in event.docs or mention.context.dup_cluster_id in event.clusters:
        return 3.0 + shared
    if mention.context.story_id in event.stories:
        return 2.0 + shared
    day = _day(mention.interval)
    return 1.0 + shared if shared and day is not None and day == _day(event.interval) else 0.0


def _interval(row: DocEventMention) -> tuple[date, date] | None:
    if row.start_date is None:
        return None
    return row.start_date, row.end_date or row.start_date


def _window(row: DocEventMention, reference: date | None) -> tuple[date, date] | None:
    if row.start_date is not None or reference is None:
        return None
    if row.status == "happened":
        return reference - timedelta(days=HAPPENED_WITHIN_DAYS), reference
    if row.status == "planned":
        return reference, reference + timedelta(days=PLANNED_WITHIN_DAYS)
    return None


def _geocoded(name: str | None, hint: str | None = None) -> Place | None:
    return geocode(name, country_hint=hint) if name else None


def _with_document_context(mentions: list[_Mention]) -> None:
    """Give each mention its document's country (the one its placed mentions name most, else its
    dateline's) and, for a document with no publication date, its era (the year its dated mentions
    state most): two look-alike stories (two earthquakes, two arrests of one kind) usually differ in
    where or when, even in the sentences that do not say so."""
    by_doc: dict[str, list[_Mention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (m.row.doc_id, not m.row.in_title, m.row.trigger_start)):
        by_doc[m.row.doc_id].append(m)  # text order: `_most_common` breaks ties by first seen
    for found in by_doc.values():
        country = _most_common(m.place.country_code for m in found if m.place is not None) or _most_common(
            m.dateline_place.country_code for m in found if m.dateline_place is not None
        )
        year = None
        if found[0].context.reference_date is None:
            year = _most_common(m.row.start_date.year for m in found if m.row.start_date is not None)
        era = (date(year, 1, 1), date(year, 12, 31)) if year else None
        for m in found:
            m.document_country = country
            m.document_era = era


def _day(span: tuple[date, date] | None) -> date | None:
    return span[0] if span is not None and span[0] == span[1] else None


def _cluster(mentions: list[_Mention], *, across_stories: bool = True) -> list[_Event]:
    """Greedy coreference over one type's mentions, taken in publication order.

    Candidates come from two indexes, so the cost grows with the corpus, not with its square: the
    events of the mention's story, and, across stories, the events naming one of its participants on
    its stated day (the only cross-story evidence `_evidence` accepts; not for `occurrence`s, whose
    shared lemma and participant across stories is too weak: "Smith scored" every week)."""
    events: list[_Event] = []
    by_story: dict[str, list[_Event]] = defaultdict(list)
    by_entity_day: dict[tuple[str, date], list[_Event]] = defaultdict(list)
    for mention in mentions:
        candidates = {id(e): e for e in by_story[mention.context.story_id]}
        day = _day(mention.interval)
        if day is not None and across_stories:
            for entity_id in mention.entities:
                candidates.update({id(e): e for e in by_entity_day.get((entity_id, day), ())})
        best, best_score = None, 0.0
        for event in candidates.values():
            score = _evidence(event, mention)
            if score > best_score and _compatible(event, mention):
                best, best_score = event, score
        if best is None:
            best = _Event(mention.row.event_type)
            events.append(best)
        day_before = _day(best.interval)
        entities_before = set(best.entities)
        new_story = mention.context.story_id not in best.stories
        best.add(mention)
        if new_story:
            by_story[mention.context.story_id].append(best)
        day_after = _day(best.interval)
        if day_after is not None:
            fresh = best.entities if day_after != day_before else best.entities - entities_before
            for entity_id in fresh:
                by_entity_day[(entity_id, day_after)].append(best)
    return events


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EventRow(Record):
    """A real-world event (a row of `events`), merged across the documents reporting it, coded in the
    taxonomy (`pipeline.nlp.event_types`) and geocoded like GDELT's ActionGeo."""

    TABLE: ClassVar[str] = "events"

    event_id: str
    event_type: str
    family: str
    cameo_code: str | None
    cameo_root: str | None
    quad_class: int | None
    goldstein: float | None
    # happened, planned, hypothetical or negated: what most of its mentions say (happened on a tie).
    status: str
    start_date: date | None
    end_date: date | None  # the last day, for a range or a week, month or year
    date_precision: str | None  # day, week, month, year
    location: str | None  # the place as the gazetteer names it (or as written, when it is not in it)
    location_full_name: str | None
    location_from_dateline: bool  # no mention placed it: the reporting documents' dateline did
    country_code: str | None  # ISO 3166-1 alpha-2
    country_fips: str | None  # FIPS 10-4, what GDELT's ActionGeo_CountryCode holds
    adm1_code: str | None
    latitude: float | None
    longitude: float | None
    feature_type: str | None  # country, adm1, city, continent
    geo_type: (
        int | None
    )  # GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state
    geoname_id: int | None
    doc_count: int  # distinct articles: the copies of one duplicate cluster count once
    source_count: int  # distinct publishers
    mention_count: int
    first_reported_at: datetime | None
    confidence: float  # the best of its mentions' (a heuristic ranking, see pipeline.nlp.events)


@dataclass(frozen=True, kw_only=True)
class EventParticipant(Record):
    """Someone taking part in an event (a row of `event_participants`): an entity, or an unnamed argument
    ("police", "a gunman") kept as written, with its role."""

    TABLE: ClassVar[str] = "event_participants"

    event_id: str
    entity_id: str | None
    name: str
    role: str  # actor, target, victim, instrument
    country_code: (
        str | None
    )  # ISO alpha-3 of a country actor ("Russia", "Russian forces"), GDELT's Actor*CountryCode
    mention_count: int


@dataclass(frozen=True, kw_only=True)
class EventReport(Record):
    """One mention of an event (a row of `event_mentions`): the trigger and its sentence in a document."""

    TABLE: ClassVar[str] = "event_mentions"

    event_id: str
    doc_id: str
    event_type: str
    trigger: str
    trigger_lemma: str | None  # the lemma it was read as (None from batches older than the column)
    trigger_start: int
    trigger_end: int
    start_char: int  # the sentence, in the document body (in its title when in_title)
    end_char: int
    text: str
    in_title: bool  # a headline's mention
    status: str
    confidence: float
    start_date: date | None
    date_precision: str | None


@dataclass(frozen=True)
class MergedEvents:
    events: list[EventRow]
    participants: list[EventParticipant]
    reports: list[EventReport]


def _most_common(values: Iterable, default=None):
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else default


def _event_place(event: _Event) -> tuple[Place | None, bool]:
    """The most specific place its mentions agree on most (a city over its country), else the dateline."""
    if event.places:
        rank = {"city": 0, "adm1": 1, "country": 2}
        best = min(
            event.places,
            key=lambda p: (rank.get(p.feature_type, 3), -event.place_counts[_place_key(p)], p.name),
        )
        return best, False
    datelines = [m.dateline_place for m in event.mentions if m.dateline_place is not None]
    return (_most_common(datelines), True) if datelines else (None, False)


def _actor_country(name: str, entity_type: str | None) -> str | None:
    """A country actor's ISO alpha-3: the country it names ("Russia") or its nationality word comes from
    ("Russian forces", "Russians")."""
    if entity_type in ("GPE", None):
        place = geocode(name)
        if place is not None and place.country_iso3 and place.feature_type == "country":
            return place.country_iso3
    words = name.split()
    iso2 = country_of_demonym(words[0]) if words and entity_type in ("NORP", "ORG", None) else None
    found = country(iso2) if iso2 else None
    return found.country_iso3 if found is not None else None


def _rows(
    events: list[_Event], entity_type: Mapping[str, str], link: Mapping[tuple[str, str], str]
) -> MergedEvents:
    event_rows, participant_rows, report_rows = [], [], []
    for event in events:
        first = event.mentions[0]
        # Its earliest-published mention names it: stable while no earlier report arrives (a backfilled
        # older article renames the event, and may regroup it).
        where = "title" if first.row.in_title else "body"
        key = f"{event.event_type}|{first.row.doc_id}|{where}|{first.row.trigger_start}"
        event_id = "evt_" + hashlib.sha256(key.encode()).hexdigest()[:16]
        kind = TYPES_BY_NAME[event.event_type]
        statuses = Counter(m.row.status for m in event.mentions)
        status = max(statuses, key=lambda s: (statuses[s], s == "happened"))
        # The most precise date its mentions state, the most often stated of those, then the earliest.
        stated = Counter(
            (m.row.start_date, m.row.end_date, m.row.date_precision)
            for m in event.mentions
            if m.row.start_date is not None
        )
        rank = {"day": 0, "week": 1, "month": 2, "year": 3}
        chosen = (
            min(stated, key=lambda d: (rank.get(d[2] or "year", 4), -stated[d], d[0], d[1] or d[0]))
            if stated
            else None
        )
        place, from_dateline = _event_place(event)
        written = _most_common(m.row.place for m in event.mentions if not m.row.place_from_dateline)
        published = [m.context.published_at for m in event.mentions if m.context.published_at is not None]
        event_rows.append(
            EventRow(
                event_id=event_id,
                event_type=event.event_type,
                family=kind.family,
                cameo_code=kind.cameo_code,
                cameo_root=kind.cameo_root,
                quad_class=kind.quad_class,
                goldstein=kind.goldstein,
                status=status,
                start_date=chosen[0] if chosen else None,
                end_date=chosen[1] if chosen else None,
                date_precision=chosen[2] if chosen else None,
                location=place.name if place else written,
                location_full_name=place.full_name if place else None,
                location_from_dateline=from_dateline,
                country_code=place.country_code if place else None,
                country_fips=place.country_fips if place else None,
                adm1_code=place.adm1_code if place else None,
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                feature_type=place.feature_type if place else None,
                geo_type=place.gdelt_geo_type if place else None,
                geoname_id=place.geoname_id if place else None,
                doc_count=len(event.docs),
                source_count=len({m.context.source for m in event.mentions}),
                mention_count=len(event.mentions),
                first_reported_at=min(published) if published else None,
                confidence=max(m.row.confidence for m in event.mentions),
            )
        )
        participants: dict[tuple[str | None, str], Counter] = defaultdict(Counter)
        names: dict[tuple[str | None, str], str] = {}
        for m in event.mentions:
            for p in m.row.participants:
                entity_id = link.get((m.row.doc_id, p.name)) if p.named else None
                who = (entity_id, p.name.lower() if entity_id is None else "")
                participants[who][p.role] += 1
                names.setdefault(who, p.name)
        for (entity_id, _), roles in sorted(participants.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
            role = max(roles, key=lambda r: (roles[r], r == "actor"))
            name = names[(entity_id, _)]
            participant_rows.append(
                EventParticipant(
                    event_id=event_id,
                    entity_id=entity_id,
                    name=name,
                    role=role,
                    country_code=_actor_country(name, entity_type.get(entity_id) if entity_id else None),
                    mention_count=sum(roles.values()),
                )
            )
        report_rows += [
            EventReport(
                event_id=event_id,
                doc_id=m.row.doc_id,
                event_type=m.row.event_type,
                trigger=m.row.trigger,
                trigger_lemma=m.row.trigger_lemma,
                trigger_start=m.row.trigger_start,
                trigger_end=m.row.trigger_end,
                start_char=m.row.start_char,
                end_char=m.row.end_char,
                text=m.row.text,
                in_title=m.row.in_title,
                status=m.row.status,
                confidence=m.row.confidence,
                start_date=m.row.start_date,
                date_precision=m.row.date_precision,
            )
            for m in event.mentions
        ]
    order = sorted(range(len(event_rows)), key=lambda i: event_rows[i].event_id)
    return MergedEvents(
        events=[event_rows[i] for i in order],
        participants=sorted(participant_rows, key=lambda p: (p.event_id, p.entity_id or "", p.name)),
        reports=sorted(report_rows, key=lambda r: (r.event_id, r.doc_id, r.in_title, r.trigger_start)),
    )


def merged_events(
    mentions: Iterable[DocEventMention],
    *,
    context_of: Mapping[str, DocumentContext],
    link: Mapping[tuple[str, str], str],
    entity_type: Mapping[str, str],
) -> MergedEvents:
    """Every document's event mentions merged into corpus events.

    Args:
        mentions: the event mentions of the current documents.
        context_of: doc_id -> its story, dates and source.
        link: (doc_id, in-document name) -> entity_id, from entity linking.
        entity_type: entity_id -> its type (PERSON, ORG, GPE, ...).
    """
    named_in: dict[str, set[str]] = defaultdict(set)
    for (doc_id, _), entity_id in link.items():
        named_in[doc_id].add(entity_id)
    document_entities = {doc_id: frozenset(found) for doc_id, found in named_in.items()}
    prepared: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for row in mentions:
        context = context_of[row.doc_id]
        entities: dict[str, str] = {}
        for p in row.participants:
            if p.named and (entity_id := link.get((row.doc_id, p.name))):
                entities.setdefault(entity_id, p.role)
        dateline = _geocoded(row.place) if row.place_from_dateline else None
        place = (
            None
            if row.place_from_dateline
            else _geocoded(row.place, dateline.country_code if dateline else None)
        )
        prepared[_merge_group(row)].append(
            _Mention(
                row=row,
                context=context,
                entities=entities,
                place=place,
                dateline_place=dateline,
                interval=_interval(row),
                window=_window(row, context.reference_date),
                document_entities=document_entities.get(row.doc_id, frozenset()),
            )
        )
    _with_document_context([m for found in prepared.values() for m in found])
    events: list[_Event] = []
    for group in sorted(prepared):
        in_order = sorted(
            prepared[group],
            key=lambda m: (
                m.context.published_at is None,
                m.context.published_at or datetime.min,
                m.row.doc_id,
                not m.row.in_title,
                m.row.trigger_start,
            ),
        )
        events += _cluster(in_order, across_stories=group[0] != OCCURRENCE)
    return _rows(events, entity_type, link)


def _merge_group(row: DocEventMention) -> tuple[str, str]:
    """Mentions that may be one event: a typed event's mentions whatever their trigger ("killed", "the
    murder"), an `occurrence`'s only with the same trigger lemma (what the taxonomy does not type, it
    cannot tell to be the same kind by different words)."""
    if row.event_type != OCCURRENCE:
        return (row.event_type, "")
    return (row.event_type, row.trigger_lemma or row.trigger.lower())


def document_contexts(documents: Sequence, story_of: Mapping[str, str]) -> dict[str, DocumentContext]:
    """The merging context of each current document (rows with doc_id, publisher, url, dup_cluster_id,
    reference_date and published_at)."""
    return {
        d.doc_id: DocumentContext(
            story_id=story_of.get(d.doc_id, d.dup_cluster_id),
            dup_cluster_id=d.dup_cluster_id,
            reference_date=d.reference_date,
            published_at=d.published_at,
            source=source_of(d.publisher, d.url, d.dup_cluster_id),
        )
        for d in documents
    }
