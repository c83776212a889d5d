"""Arrow schemas of the Parquet lake: one per table, so empty tables still carry their columns."""

import pyarrow as pa

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

RAW_DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("source_path", pa.string()),
        ("content_sha256", pa.string()),
        ("encoding", pa.string()),
        ("size_bytes", pa.int64()),
        ("modified_at", UTC_TIMESTAMP),
        ("raw_text", pa.string()),
        ("ingested_at", UTC_TIMESTAMP),
        # "text" (.txt/.md), "html" (raw_text is trafilatura's main text) or "jsonl" (one line's text field).
        ("source_format", pa.string()),
        # Metadata the source states outright (HTML meta tags, JSON fields); they win over the text's header.
        ("stated_title", pa.string()),
        ("stated_url", pa.string()),
        ("stated_published", pa.string()),
        ("stated_modified", pa.string()),
        ("stated_author", pa.string()),
        ("stated_publisher", pa.string()),
    ]
)

QUARANTINE = pa.schema(
    [
        ("source_path", pa.string()),
        ("batch_id", pa.string()),
        ("reason", pa.string()),
        ("detected_at", UTC_TIMESTAMP),
    ]
)

# Per document, per batch: everything cleaning and metadata give, before corpus-wide deduplication.
PARSED_DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("source_path", pa.string()),
        ("content_sha256", pa.string()),
        ("title", pa.string()),
        # The standfirst under the title, when the header has one; it stays in the body too.
        ("subtitle", pa.string()),
        ("published_at", UTC_TIMESTAMP),
        ("published_tz", pa.string()),
        ("published_precision", pa.string()),
        ("modified_at", UTC_TIMESTAMP),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("dateline", pa.string()),
        ("section", pa.string()),
        ("author", pa.string()),
        ("source_format", pa.string()),
        ("language", pa.string()),
        ("body", pa.string()),
        ("word_count", pa.int64()),
        ("body_sha256", pa.string()),
        # The local calendar day of publication, which relative dates ("on Wednesday") resolve against.
        ("reference_date", pa.date32()),
        # MinHash signature of the body's shingles: corpus deduplication reuses it instead of re-reading text.
        ("minhash", pa.list_(pa.uint64())),
    ]
)

# The corpus-wide table: a document's current version with its duplicate cluster. Its reference_date is
# the document's own publication day, else its duplicate cluster's.
DOCUMENTS = pa.schema(
    [field for field in PARSED_DOCUMENTS if field.name != "minhash"]
    + [("dup_cluster_id", pa.string()), ("is_canonical", pa.bool_()), ("story_id", pa.string())]
)

REMOVED_SPANS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("text", pa.string()),
        ("reason", pa.string()),
        ("raw_start", pa.int64()),
        ("raw_end", pa.int64()),
    ]
)

# Per document, per batch: the distinct lines of each raw document, hashed, for the corpus statistics that
# find short lines a publisher repeats across different stories (pipeline.boilerplate).
LINE_FINGERPRINTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("publisher_key", pa.string()),
        ("fingerprint", pa.string()),
        # Short and not quoted speech: a line that can be boilerplate. The others tell stories apart.
        ("is_candidate", pa.bool_()),
    ]
)

# Per document, per batch: runs of the body and the raw text they were cleaned from. A run whose two sides
# have the same length maps character by character; any other run maps as a whole (pipeline.clean).
BODY_OFFSETS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("body_start", pa.int64()),
        ("body_end", pa.int64()),
        ("raw_start", pa.int64()),
        ("raw_end", pa.int64()),
    ]
)

# Per document, per batch: what one spaCy pass finds, named as in the document, before corpus linking.
DOC_MENTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("text", pa.string()),
        ("start_char", pa.int64()),
        ("end_char", pa.int64()),
        ("label", pa.string()),
        ("name", pa.string()),
        ("role", pa.string()),
        # "name", or a reference resolved to a name in the document: "pronoun" ("he"), "nominal" ("the agency").
        ("kind", pa.string()),
        # What an apposition says a person is ("deputy chairman of Russia's Security Council").
        ("description", pa.string()),
    ]
)

DOC_QUOTES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("text", pa.string()),
        ("kind", pa.string()),
        ("speaker_name", pa.string()),
        ("speaker_reason", pa.string()),
        ("cue", pa.string()),
        ("start_char", pa.int64()),
        ("end_char", pa.int64()),
        ("attribution", pa.string()),
        ("speaker_via", pa.string()),
    ]
)

PARTICIPANT = pa.struct([("name", pa.string()), ("role", pa.string())])

DOC_EVENT_MENTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("batch_id", pa.string()),
        ("event_type", pa.string()),
        ("participants", pa.list_(PARTICIPANT)),
        ("start_date", pa.date32()),
        ("end_date", pa.date32()),
        ("date_explicit", pa.bool_()),
        # Told as having happened: an undated report then takes its document's (or cluster's) day.
        ("reported_as_past", pa.bool_()),
        ("location", pa.string()),
        ("text", pa.string()),
        ("start_char", pa.int64()),
        ("end_char", pa.int64()),
    ]
)

ENTITIES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("mention_count", pa.int64()),
        ("doc_count", pa.int64()),
        ("country_entity_id", pa.string()),
    ]
)

ENTITY_ROLES = pa.schema(
    [
        ("entity_id", pa.string()),
        ("role", pa.string()),
        # The earliest-published document giving the role, and its publication time.
        ("doc_id", pa.string()),
        ("first_seen", UTC_TIMESTAMP),
        ("doc_count", pa.int64()),
    ]
)

ENTITY_MENTIONS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("entity_id", pa.string()),
        ("text", pa.string()),
        ("start_char", pa.int64()),
        ("end_char", pa.int64()),
        ("label", pa.string()),
        ("kind", pa.string()),
    ]
)

QUOTES = pa.schema(
    [
        ("quote_id", pa.string()),
        ("doc_id", pa.string()),
        ("text", pa.string()),
        ("kind", pa.string()),
        ("speaker", pa.string()),
        ("speaker_entity_id", pa.string()),
        ("speaker_reason", pa.string()),
        ("cue", pa.string()),
        ("start_char", pa.int64()),
        ("end_char", pa.int64()),
        # Which rule found the speaker, how the text named them there, and that rule's measured precision.
        ("attribution", pa.string()),
        ("speaker_via", pa.string()),
        ("confidence", pa.float64()),
        # The same words quoted by several documents share it: count independent sources per quote.
        ("quote_cluster_id", pa.string()),
    ]
)

EVENTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("event_type", pa.string()),
        ("start_date", pa.date32()),
        ("end_date", pa.date32()),
        ("location", pa.string()),
        ("doc_count", pa.int64()),
    ]
)

EVENT_PARTICIPANTS = pa.schema(
    [
        ("event_id", pa.string()),
        ("entity_id", pa.string()),
        ("role", pa.string()),
    ]
)

EVENT_MENTIONS = pa.schema(
    [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("text", pa.string()),
        ("start_char", pa.int64()),
        ("end_char", pa.int64()),
    ]
)

LAKE_TABLES: dict[str, pa.Schema] = {
    "raw_documents": RAW_DOCUMENTS,
    "quarantine": QUARANTINE,
    "parsed_documents": PARSED_DOCUMENTS,
    "documents": DOCUMENTS,
    "removed_spans": REMOVED_SPANS,
    "body_offsets": BODY_OFFSETS,
    "line_fingerprints": LINE_FINGERPRINTS,
    "doc_mentions": DOC_MENTIONS,
    "doc_quotes": DOC_QUOTES,
    "doc_event_mentions": DOC_EVENT_MENTIONS,
    "entities": ENTITIES,
    "entity_mentions": ENTITY_MENTIONS,
    "entity_roles": ENTITY_ROLES,
    "quotes": QUOTES,
    "events": EVENTS,
    "event_participants": EVENT_PARTICIPANTS,
    "event_mentions": EVENT_MENTIONS,
}
