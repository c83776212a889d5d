"""NLP: one spaCy pass per batch, then entities, quotes and events linked across the whole corpus."""

import time

import dagster as dg
import pyarrow as pa

from assets.documents import ALL_BATCHES, CORPUS_FRESHNESS, DOCUMENTS, PARSED_DOCUMENTS
from assets.metadata import markdown_table, new_and_updated, table_metadata
from assets.partitions import ingest_batches
from assets.resources import NewsgraphResource
from pipeline.corpus import annotation_tables, linked_tables, top_entities
from pipeline.lake import concat, read_parquet

ANNOTATIONS = {
    "doc_mentions": "One row per name spaCy found in a batch's documents, with its in-document resolution and role.",
    "doc_quotes": "One row per quotation in a batch's documents, its speaker named as in the document.",
    "doc_event_mentions": "One row per sentence of a batch reporting a meeting, visit or call.",
}
LINKED = {
    "entities": ("One row per entity: canonical name, type, aliases, mention and document counts.",
                 ["name", "type", "mention_count", "doc_count"], "entity_id"),
    "entity_mentions": ("One row per entity mention, with character offsets into documents.body.",
                        ["doc_id", "text", "label", "start_char"], None),
    "quotes": ("One row per quotation: text, kind, speaker, cue verb, offsets into the body.",
               ["speaker", "cue", "kind", "text"], "quote_id"),
    "events": ("One row per real-world event (meeting, visit, call), merged across documents.",
               ["event_type", "start_date", "location", "doc_count"], "event_id"),
    "event_participants": ("One row per (event, participating entity).", ["event_id", "entity_id", "role"], None),
    "event_mentions": ("One row per sentence reporting an event.", ["event_id", "doc_id", "text"], None),
}  # fmt: skip


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            key=["lake", name],
            description=description,
            kinds={"spacy", "parquet"},
            group_name="nlp",
            automation_condition=dg.AutomationCondition.eager(),
        )
        for name, description in ANNOTATIONS.items()
    },
    ins={"parsed_documents": dg.AssetIn(PARSED_DOCUMENTS)},
    partitions_def=ingest_batches,
)
def annotations(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource, parsed_documents: pa.Table):
    """Run spaCy once over the batch's bodies and extract mentions, quotes and event mentions."""
    started = time.perf_counter()
    tables = annotation_tables(parsed_documents, newsgraph.nlp())
    seconds = round(time.perf_counter() - started, 3)
    words = sum(len(body.split()) for body in parsed_documents.column("body").to_pylist())
    for name, table in tables.items():
        yield dg.Output(
            table,
            output_name=name,
            metadata=table_metadata(
                table,
                ["doc_id", "text"],
                spacy_model=newsgraph.spacy_model,
                stage_seconds=seconds,
                words_per_second=round(words / seconds) if seconds else 0,
            ),
        )


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            key=["lake", name],
            description=description,
            kinds={"python", "parquet"},
            group_name="linking",
            freshness_policy=CORPUS_FRESHNESS,
            automation_condition=dg.AutomationCondition.eager(),
        )
        for name, (description, _, _) in LINKED.items()
    },
    ins={
        "documents": dg.AssetIn(DOCUMENTS),
        **{name: dg.AssetIn(["lake", name], metadata=ALL_BATCHES) for name in ANNOTATIONS},
    },
)
def linked(
    context: dg.AssetExecutionContext,
    newsgraph: NewsgraphResource,
    documents: pa.Table,
    doc_mentions: dict[str, pa.Table],
    doc_quotes: dict[str, pa.Table],
    doc_event_mentions: dict[str, pa.Table],
):
    """Link every document's names into corpus entities, attach quotes to them and merge events."""
    started = time.perf_counter()
    tables = linked_tables(
        documents,
        concat("doc_mentions", (doc_mentions or {}).values()),
        concat("doc_quotes", (doc_quotes or {}).values()),
        concat("doc_event_mentions", (doc_event_mentions or {}).values()),
    )
    seconds = round(time.perf_counter() - started, 3)
    top = markdown_table(
        [{"name": n, "type": t, "mentions": c} for n, t, c in top_entities(tables["entities"])],
        ["name", "type", "mentions"],
    )
    for name, table in tables.items():
        _, preview, key = LINKED[name]
        extra: dict = {"stage_seconds": seconds}
        if key:
            previous_path = newsgraph.lake / name / "data.parquet"
            extra |= new_and_updated(
                table, read_parquet(previous_path) if previous_path.exists() else None, key
            )
        if name == "entities":
            extra["top_entities"] = dg.MetadataValue.md(top)
        if name == "quotes":
            extra["with_speaker"] = table.num_rows - table.column("speaker").null_count
        yield dg.Output(table, output_name=name, metadata=table_metadata(table, preview, **extra))
