"""The corpus-wide step: from every batch's stored output to the public tables, with no text re-parsed.

Current versions and duplicate clusters first (`versions`), then entity linking (`linking`), roles
(`roles`), quotes with their speakers (`quotes`), merged events (`events`) and stories (`stories`,
from the documents' words, their linked entities and dates), each over the current versions only: rows
extracted from an older batch's copy of a document are stale.
"""

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pyarrow as pa

from pipeline.corpus.dedup import DuplicatePair
from pipeline.corpus.events import (
    EventParticipant,
    EventReport,
    EventRow,
    MergedEvents,
    document_contexts,
    merged_events,
)
from pipeline.corpus.linking import CorpusEntities, Entity, EntityMention, link_corpus, linked_mentions
from pipeline.corpus.quotes import QuoteRow, linked_quotes
from pipeline.corpus.roles import EntityRole, collect_roles
from pipeline.corpus.stories import CorpusStories, Story, StoryLink, corpus_stories
from pipeline.corpus.versions import (
    DocumentRow,
    IngestLogEntry,
    QuarantinedFile,
    current_versions,
    ingest_log,
    quarantined_files,
)
from pipeline.documents.parse import HeaderFailure, ParsedDocumentRow, ParseFailure
from pipeline.documents.read import Rejected
from pipeline.lake.batches import BatchFile
from pipeline.lake.io import read_records
from pipeline.lake.records import Record
from pipeline.nlp.event_types import EventTypeRow, event_type_rows
from pipeline.nlp.events import DocEventMention
from pipeline.nlp.mentions import DocMention
from pipeline.nlp.quotes import DocQuote
from pipeline.nlp.spacy_pass import AnnotationFailure
from pipeline.text.offsets import BodyOffset, OffsetSegment


@dataclass(frozen=True)
class LinkedCorpus:
    entities: list[Entity]
    entity_mentions: list[EntityMention]
    entity_roles: list[EntityRole]
    quotes: list[QuoteRow]
    events: MergedEvents
    stories: CorpusStories


def of_current_versions(rows: Sequence, documents: Sequence[DocumentRow]) -> list:
    """The rows extracted from each document's current version (matched on doc_id and batch_id)."""
    current = {(d.doc_id, d.batch_id) for d in documents}
    return [r for r in rows if (r.doc_id, r.batch_id) in current]


def link_documents(
    documents: Sequence[DocumentRow],
    doc_mentions: Sequence[DocMention],
    doc_quotes: Sequence[DocQuote],
    doc_event_mentions: Sequence[DocEventMention],
    body_offsets: Sequence[BodyOffset] = (),
) -> LinkedCorpus:
    """Link every current document's names into corpus entities, attach quotes to speakers, merge events
    and group the documents into stories."""
    mentions = sorted(of_current_versions(doc_mentions, documents), key=lambda m: (m.doc_id, m.start_char))
    mentions_of: dict[str, list[DocMention]] = {d: [] for d in sorted(d.doc_id for d in documents)}
    for m in mentions:
        mentions_of[m.doc_id].append(m)
    corpus: CorpusEntities = link_corpus(mentions_of.items())
    published = {d.doc_id: d.published_at for d in documents}
    by_publication = sorted(mentions_of, key=lambda d: (published[d] is None, published[d] or 0, d))
    persons = {e.entity_id for e in corpus.entities if e.type == "PERSON"}
    linked = linked_mentions([m for ms in mentions_of.values() for m in ms], corpus.link)
    offsets: dict[str, list[OffsetSegment]] = defaultdict(list)
    for run in sorted(of_current_versions(body_offsets, documents), key=lambda r: (r.doc_id, r.body_start)):
        offsets[run.doc_id].append(run.segment)
    cluster_of = {d.doc_id: d.dup_cluster_id for d in documents}
    entity_type = {e.entity_id: e.type for e in corpus.entities}
    # Stories first: events merge across the documents of one story (pipeline.corpus.events).
    stories = corpus_stories(documents, linked, entity_type)
    events = merged_events(
        of_current_versions(doc_event_mentions, documents),
        context_of=document_contexts(documents, stories.story_of),
        link=corpus.link,
        entity_type=entity_type,
    )
    return LinkedCorpus(
        entities=_counted_once(corpus.entities, "entity_id", linked, cluster_of),
        entity_mentions=linked,
        entity_roles=collect_roles(
            ((d, mentions_of[d]) for d in by_publication), corpus.link, persons, published=published
        ),
        quotes=linked_quotes(of_current_versions(doc_quotes, documents), corpus, offsets),
        events=replace(events, events=_counted_once(events.events, "event_id", events.reports, cluster_of)),
        stories=stories,
    )


def story_pairs(links: Sequence[StoryLink]) -> list[DuplicatePair]:
    """The story tier of `duplicate_pairs`: each document that joined a story with the member it matched
    best, once per pair (two documents may each be the other's best match)."""
    pairs = {}
    for link in links:
        pair = DuplicatePair.between(
            link.doc_id,
            link.matched_doc_id,
            tier="story",
            similarity=link.probability,
            containment=None,
            method="story-pair-model",
        )
        pairs[(pair.doc_id_a, pair.doc_id_b)] = pair
    return [pairs[key] for key in sorted(pairs)]


def _counted_once(rows: list, key: str, mentions: Sequence, cluster_of: Mapping[str, str]) -> list:
    """`rows` with doc_count as the number of distinct articles mentioning each: the copies of one
    duplicate cluster (a syndicated story, a page scraped twice) count once. A row no mention names
    keeps its own count."""
    clusters: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        clusters[getattr(m, key)].add(cluster_of[m.doc_id])
    return [replace(row, doc_count=len(clusters[getattr(row, key)]) or row.doc_count) for row in rows]


# The per-batch tables the corpus step reads, every batch of each.
CORPUS_INPUTS: tuple[type[Record], ...] = (
    BatchFile,
    ParsedDocumentRow,
    Rejected,
    HeaderFailure,
    ParseFailure,
    AnnotationFailure,
    BodyOffset,
    DocMention,
    DocQuote,
    DocEventMention,
)


@dataclass(frozen=True)
class CorpusTables:
    tables: dict[str, pa.Table]  # every corpus-wide table by name
    documents_seconds: float  # current versions and duplicate clusters
    linking_seconds: float  # entities, roles, quotes, events


def corpus_tables(batches: Mapping[str, Iterable[pa.Table | None]]) -> CorpusTables:
    """The corpus step as the asset and the refresh bench run it: every batch's file of each table in
    `CORPUS_INPUTS` (by table name) in, every corpus-wide table out."""

    def read(record_type):
        return read_records(record_type, batches.get(record_type.TABLE, ()))

    started = time.perf_counter()
    # Files ingest rejected, and documents a later step failed on: both end in quarantine.
    rejected = [
        r for failures in (Rejected, HeaderFailure, ParseFailure, AnnotationFailure) for r in read(failures)
    ]
    files = read(BatchFile)
    versions = current_versions(read(ParsedDocumentRow), rejected, files)
    documents = versions.documents
    quarantined = quarantined_files(rejected, documents, files)
    documents_seconds = time.perf_counter() - started
    started = time.perf_counter()
    linked = link_documents(
        documents, read(DocMention), read(DocQuote), read(DocEventMention), read(BodyOffset)
    )
    story_of = linked.stories.story_of
    documents = [replace(d, story_id=story_of[d.doc_id]) for d in documents]
    pairs = versions.duplicate_pairs + story_pairs(linked.stories.links)
    tables = {
        DocumentRow.TABLE: DocumentRow.to_table(documents),
        QuarantinedFile.TABLE: QuarantinedFile.to_table(quarantined),
        IngestLogEntry.TABLE: IngestLogEntry.to_table(ingest_log(files, documents, quarantined)),
        Entity.TABLE: Entity.to_table(linked.entities),
        EntityMention.TABLE: EntityMention.to_table(linked.entity_mentions),
        EntityRole.TABLE: EntityRole.to_table(linked.entity_roles),
        QuoteRow.TABLE: QuoteRow.to_table(linked.quotes),
        EventRow.TABLE: EventRow.to_table(linked.events.events),
        EventParticipant.TABLE: EventParticipant.to_table(linked.events.participants),
        EventReport.TABLE: EventReport.to_table(linked.events.reports),
        EventTypeRow.TABLE: EventTypeRow.to_table(event_type_rows()),
        DuplicatePair.TABLE: DuplicatePair.to_table(pairs),
        Story.TABLE: Story.to_table(linked.stories.stories),
        StoryLink.TABLE: StoryLink.to_table(linked.stories.links),
    }
    return CorpusTables(tables, documents_seconds, time.perf_counter() - started)
