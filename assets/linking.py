"""Corpus-wide tables, rebuilt in one step from every batch's stored output: each document's current
version with its duplicate cluster and story (and the pairs behind them), entities linked across
documents, quotes with their speakers, and events merged across documents with the taxonomy that codes
them. One step, so the public tables always change together and automation runs it once,
after a batch's per-document work is done."""

from collections import Counter
from datetime import timedelta

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.annotation import ANNOTATIONS
from assets.ingest import BATCH_FILES, QUARANTINE
from assets.materialization import markdown_table, new_and_updated, table_metadata
from assets.parsing import BODY_OFFSETS, HEADER_FAILURES, PARSE_FAILURES, PARSED_DOCUMENTS
from assets.resources import NewsgraphResource
from pipeline.corpus.build import corpus_tables
from pipeline.lake.io import read_parquet
from pipeline.lake.layout import table_file

DOCUMENTS = dg.AssetKey(["lake", "documents"])
TOP_ENTITIES = 10
# Read every batch written so far; a batch registered but not yet processed (the sensor is ahead of
# the runs) is skipped instead of failing the step.
ALL_BATCHES = {"allow_missing_partitions": True}
# The hourly refresh schedule rewrites these tables; two missed refreshes are worth a warning.
CORPUS_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=3), warn_window=timedelta(hours=2)
)

LINKED = {
    "entities": ("One row per entity: canonical name, type, aliases, mention and document counts.",
                 ["name", "type", "mention_count", "doc_count"], "entity_id"),
    "entity_mentions": ("One row per entity mention (a name, or a pronoun or description resolved to one), "
                        "with character offsets into documents.body.",
                        ["doc_id", "text", "label", "kind", "start_char"], None),
    "entity_roles": ("One row per (person, role the text gives them): where and when it was first seen.",
                     ["entity_id", "role", "first_seen", "doc_count"], None),
    "quotes": ("One row per quotation or indirect report: text, kind, speaker, cue, confidence, offsets.",
               ["speaker", "cue", "kind", "confidence", "text"], "quote_id"),
    "events": ("One row per real-world event (an attack, an arrest, a meeting, an earthquake ...) merged across "
               "documents: type with its CAMEO code, status, date, place geocoded like GDELT's ActionGeo, counts.",
               ["event_type", "status", "start_date", "location", "doc_count"], "event_id"),
    "event_participants": ("One row per participant of an event in its role (actor, target, victim, instrument): "
                           "a linked entity, or an unnamed argument as written.",
                           ["event_id", "name", "role", "country_code"], None),
    "event_mentions": ("One row per trigger reporting an event in a document, with its sentence, status and date.",
                       ["event_id", "doc_id", "trigger", "status", "text"], None),
    "event_types": ("One row per kind of event newsgraph codes: the taxonomy, with its triggers and ACE and "
                    "CAMEO coding (quad class, Goldstein).",
                    ["event_type", "family", "cameo_code", "quad_class", "goldstein"], "event_type"),
}  # fmt: skip
CORPUS_TABLES = {
    "documents": (
        "One row per document's current version: clean body, metadata, exact and near-duplicate cluster, story.",
        ["source_path", "title", "published_at", "publisher", "dup_cluster_id"],
        "doc_id",
        "documents",
    ),
    "ingest_log": (
        "One row per file the raw folder ever held: content hash, size, first and last seen, and how it "
        "ended (document, duplicate, quarantined, deleted) with the reason.",
        ["source_path", "status", "reason", "last_seen"],
        "source_path",
        "ingest",
    ),
    "duplicate_pairs": (
        "One row per pair of documents that joined a cluster, by tier (exact copy, near-duplicate, same "
        "story), with similarity, containment and method: the evidence for dup_cluster_id and story_id.",
        ["doc_id_a", "doc_id_b", "tier", "similarity", "containment"],
        None,
        "documents",
    ),
    "quarantined_files": (
        "One row per source whose latest batch rejected it and that is no document now, with the reason.",
        ["source_path", "batch_id", "reason"],
        None,
        "documents",
    ),
    **{name: (*spec, "linking") for name, spec in LINKED.items()},
    "stories": (
        "One row per story (different articles about the same happening): label, first and last seen, "
        "articles (a duplicate cluster once), copies, publishers and top entities.",
        ["label", "first_seen", "last_seen", "doc_count", "publisher_count"],
        "story_id",
        "linking",
    ),
    "story_links": (
        "One row per document that joined a story: the member it matched best and the same-story probability.",
        ["doc_id", "story_id", "matched_doc_id", "probability"],
        "doc_id",
        "linking",
    ),
}


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            key=["lake", name],
            description=description,
            kinds={"python", "parquet"},
            group_name=group,
            freshness_policy=CORPUS_FRESHNESS,
            automation_condition=dg.AutomationCondition.eager(),
        )
        for name, (description, _, _, group) in CORPUS_TABLES.items()
    },
    ins={
        "parsed_documents": dg.AssetIn(PARSED_DOCUMENTS, metadata=ALL_BATCHES),
        "quarantine": dg.AssetIn(QUARANTINE, metadata=ALL_BATCHES),
        "batch_files": dg.AssetIn(BATCH_FILES, metadata=ALL_BATCHES),
        "header_failures": dg.AssetIn(HEADER_FAILURES, metadata=ALL_BATCHES),
        "parse_failures": dg.AssetIn(PARSE_FAILURES, metadata=ALL_BATCHES),
        # Each document's body runs, so a quote's raw span is computed here, once (pipeline.text.offsets).
        "body_offsets": dg.AssetIn(BODY_OFFSETS, metadata=ALL_BATCHES),
        **{name: dg.AssetIn(["lake", name], metadata=ALL_BATCHES) for name in ANNOTATIONS},
    },
)
def corpus(
    context: dg.AssetExecutionContext,
    newsgraph: NewsgraphResource,
    parsed_documents: dict[str, pa.Table],
    quarantine: dict[str, pa.Table],
    batch_files: dict[str, pa.Table],
    header_failures: dict[str, pa.Table],
    parse_failures: dict[str, pa.Table],
    body_offsets: dict[str, pa.Table],
    doc_mentions: dict[str, pa.Table],
    doc_quotes: dict[str, pa.Table],
    doc_event_mentions: dict[str, pa.Table],
    annotation_failures: dict[str, pa.Table],
):
    """Deduplicate the corpus, link names into entities, attach quotes to speakers and merge events."""
    built = corpus_tables(
        {
            "parsed_documents": (parsed_documents or {}).values(),
            "quarantine": (quarantine or {}).values(),
            "batch_files": (batch_files or {}).values(),
            "header_failures": (header_failures or {}).values(),
            "parse_failures": (parse_failures or {}).values(),
            "annotation_failures": (annotation_failures or {}).values(),
            "body_offsets": (body_offsets or {}).values(),
            "doc_mentions": (doc_mentions or {}).values(),
            "doc_quotes": (doc_quotes or {}).values(),
            "doc_event_mentions": (doc_event_mentions or {}).values(),
        }
    )
    tables = built.tables
    dedup_seconds, linking_seconds = round(built.documents_seconds, 3), round(built.linking_seconds, 3)
    documents = tables["documents"]
    duplicates = documents.num_rows - (pc.sum(documents.column("is_canonical")).as_py() or 0)
    entities = tables["entities"].sort_by([("mention_count", "descending")]).slice(0, TOP_ENTITIES)
    top = markdown_table(
        [
            {"name": e["name"], "type": e["type"], "mentions": e["mention_count"]}
            for e in entities.to_pylist()
        ],
        ["name", "type", "mentions"],
    )
    for name, table in tables.items():
        _, preview, key, _ = CORPUS_TABLES[name]
        extra: dict = {"dedup_seconds": dedup_seconds, "linking_seconds": linking_seconds}
        if key:
            # Only the key (and version) columns of the previous file: documents carries every body.
            version = "batch_id" if name == "documents" else None
            previous_path = table_file(newsgraph.lake, name)
            columns = [key, version] if version else [key]
            previous = read_parquet(previous_path, columns) if previous_path.exists() else None
            extra |= new_and_updated(table, previous, key, version=version)
        if name == "documents":
            extra |= {
                "duplicates": duplicates,
                "duplicate_rate": duplicates / table.num_rows if table.num_rows else 0.0,
                "batches": len(parsed_documents or {}),
            }
        if name == "entities":
            extra["top_entities"] = dg.MetadataValue.md(top)
        if name == "quotes":
            extra["with_speaker"] = table.num_rows - table.column("speaker").null_count
            extra["by_kind"] = dict(Counter(table.column("kind").to_pylist()))
        if name == "entity_mentions":
            extra["by_kind"] = dict(Counter(table.column("kind").to_pylist()))
        yield dg.Output(table, output_name=name, metadata=table_metadata(table, preview, **extra))
