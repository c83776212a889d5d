"""Documents: clean text and metadata per batch, then the corpus-wide duplicate clusters."""

import time
from datetime import timedelta

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.ingest import QUARANTINE, RAW_DOCUMENTS
from assets.metadata import new_and_updated, table_metadata
from assets.partitions import ingest_batches
from assets.resources import NewsgraphResource
from pipeline.corpus import documents_table, duplicate_count, parsed_tables
from pipeline.lake import concat, read_parquet

PARSED_DOCUMENTS = dg.AssetKey(["lake", "parsed_documents"])
DOCUMENTS = dg.AssetKey(["lake", "documents"])
REMOVED_SPANS = dg.AssetKey(["lake", "removed_spans"])
# Corpus-wide assets read every batch that has been written so far; a batch registered but not yet
# processed (the sensor is ahead of the runs) is skipped instead of failing the step.
ALL_BATCHES = {"allow_missing_partitions": True}
# The hourly refresh schedule rewrites corpus-wide tables; two missed refreshes is worth a warning.
CORPUS_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(hours=3), warn_window=timedelta(hours=2)
)


@dg.multi_asset(
    outs={
        "parsed_documents": dg.AssetOut(
            key=PARSED_DOCUMENTS,
            description="One row per document of a batch: clean body, title, dates, URL, publisher, MinHash.",
            kinds={"python", "parquet"},
            group_name="documents",
            automation_condition=dg.AutomationCondition.eager(),
        ),
        "removed_spans": dg.AssetOut(
            key=REMOVED_SPANS,
            description="One row per raw line cleaning removed (boilerplate or captured header), with raw offsets.",
            kinds={"python", "parquet"},
            group_name="documents",
            automation_condition=dg.AutomationCondition.eager(),
        ),
    },
    ins={"raw_documents": dg.AssetIn(RAW_DOCUMENTS)},
    partitions_def=ingest_batches,
)
def parsed_documents(context: dg.AssetExecutionContext, raw_documents: pa.Table):
    """Clean each raw document of the batch and read its header metadata."""
    started = time.perf_counter()
    tables = parsed_tables(raw_documents)
    parsed, removed = tables["parsed_documents"], tables["removed_spans"]
    seconds = round(time.perf_counter() - started, 3)
    by_reason = pc.value_counts(removed.column("reason")).to_pylist() if removed.num_rows else []
    yield dg.Output(
        parsed,
        output_name="parsed_documents",
        metadata=table_metadata(
            parsed,
            ["source_path", "title", "published_at", "publisher", "word_count"],
            with_title=parsed.num_rows - parsed.column("title").null_count,
            with_published_at=parsed.num_rows - parsed.column("published_at").null_count,
            words=pc.sum(parsed.column("word_count")).as_py() or 0,
            stage_seconds=seconds,
        ),
    )
    yield dg.Output(
        removed,
        output_name="removed_spans",
        metadata=table_metadata(
            removed,
            ["doc_id", "reason", "text"],
            by_reason=dg.MetadataValue.json({r["values"]: r["counts"] for r in by_reason}),
        ),
    )


@dg.asset(
    key=DOCUMENTS,
    ins={
        "parsed_documents": dg.AssetIn(PARSED_DOCUMENTS, metadata=ALL_BATCHES),
        "quarantine": dg.AssetIn(QUARANTINE, metadata=ALL_BATCHES),
    },
    kinds={"python", "parquet"},
    group_name="documents",
    automation_condition=dg.AutomationCondition.eager(),
    freshness_policy=CORPUS_FRESHNESS,
)
def documents(
    context: dg.AssetExecutionContext,
    newsgraph: NewsgraphResource,
    parsed_documents: dict[str, pa.Table],
    quarantine: dict[str, pa.Table],
) -> dg.MaterializeResult:
    """One row per document's current version, with exact and near-duplicate clusters over the corpus."""
    started = time.perf_counter()
    table = documents_table(
        concat("parsed_documents", (parsed_documents or {}).values()),
        concat("quarantine", (quarantine or {}).values()),
    )
    previous_path = newsgraph.lake / "documents" / "data.parquet"
    previous = read_parquet(previous_path) if previous_path.exists() else None
    duplicates = duplicate_count(table)
    return dg.MaterializeResult(
        value=table,
        metadata=table_metadata(
            table,
            ["source_path", "title", "published_at", "publisher", "dup_cluster_id"],
            duplicates=duplicates,
            duplicate_rate=duplicates / table.num_rows if table.num_rows else 0.0,
            batches=len(parsed_documents or {}),
            stage_seconds=round(time.perf_counter() - started, 3),
            **new_and_updated(table, previous, "doc_id", version="batch_id"),
        ),
    )
