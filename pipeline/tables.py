"""Every lake table and the record type that declares it, in the order the data flows.

The stage that writes a table owns its record (`pipeline.<stage>.<module>`); this catalogue only lists
them, so the IO manager, the checks and the dbt contract test find a table's columns by its name.
"""

from pipeline.corpus.dedup import DuplicatePair
from pipeline.corpus.events import EventParticipant, EventReport, EventRow
from pipeline.corpus.linking import Entity, EntityMention
from pipeline.corpus.quotes import QuoteRow
from pipeline.corpus.roles import EntityRole
from pipeline.corpus.stories import Story, StoryLink
from pipeline.corpus.versions import DocumentRow, IngestLogEntry, QuarantinedFile
from pipeline.documents.parse import DocumentHeader, HeaderFailure, ParsedDocumentRow, ParseFailure
from pipeline.documents.read import RawDocument, Rejected
from pipeline.lake.batches import BatchFile
from pipeline.lake.records import Record
from pipeline.nlp.event_types import EventTypeRow
from pipeline.nlp.events import DocEventMention
from pipeline.nlp.mentions import DocMention
from pipeline.nlp.quotes import DocQuote
from pipeline.nlp.spacy_pass import AnnotationFailure
from pipeline.text.offsets import BodyOffset
from pipeline.text.reflow import RemovedSpan
from pipeline.text.repeated_lines import LineFingerprint

# Per ingest batch: <lake>/<table>/<batch_id>.parquet.
PER_BATCH: tuple[type[Record], ...] = (
    BatchFile,
    RawDocument,
    Rejected,
    DocumentHeader,
    LineFingerprint,
    HeaderFailure,
    ParsedDocumentRow,
    RemovedSpan,
    BodyOffset,
    ParseFailure,
    DocMention,
    DocQuote,
    DocEventMention,
    AnnotationFailure,
)
# Corpus-wide, rebuilt whole by the corpus step: <lake>/<table>/data.parquet.
CORPUS_WIDE: tuple[type[Record], ...] = (
    DocumentRow,
    DuplicatePair,
    QuarantinedFile,
    IngestLogEntry,
    Entity,
    EntityMention,
    EntityRole,
    QuoteRow,
    EventRow,
    EventParticipant,
    EventReport,
    EventTypeRow,
    Story,
    StoryLink,
)
LAKE_TABLES: dict[str, type[Record]] = {record.TABLE: record for record in PER_BATCH + CORPUS_WIDE}
