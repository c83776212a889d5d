"""Documents: clean text and metadata for every document of a batch."""

import time

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.ingest import RAW_DOCUMENTS
from assets.metadata import table_metadata
from assets.partitions import ingest_batches
from pipeline.corpus.tables import fingerprint_table, parsed_tables
from pipeline.lake.io import concat
from pipeline.text.repeated_lines import MIN_STORIES

PARSED_DOCUMENTS = dg.AssetKey(["lake", "parsed_documents"])
REMOVED_SPANS = dg.AssetKey(["lake", "removed_spans"])
BODY_OFFSETS = dg.AssetKey(["lake", "body_offsets"])
LINE_FINGERPRINTS = dg.AssetKey(["lake", "line_fingerprints"])


@dg.asset(
    key=LINE_FINGERPRINTS,
    ins={"raw_documents": dg.AssetIn(RAW_DOCUMENTS)},
    partitions_def=ingest_batches,
    kinds={"python", "parquet"},
    group_name="documents",
)
def line_fingerprints(raw_documents: pa.Table) -> dg.Output[pa.Table]:
    """Hashes of each document's short lines, grouped by publisher: the corpus statistics that find lines
    a publisher repeats across stories (subscribe prompts, promos), whatever words they use."""
    table = fingerprint_table(raw_documents)
    publishers = pc.count_distinct(table.column("publisher_key")).as_py() if table.num_rows else 0
    return dg.Output(
        table,
        metadata=table_metadata(
            table, ["doc_id", "publisher_key", "fingerprint", "is_candidate"], publisher_keys=publishers
        ),
    )


@dg.multi_asset(
    outs={
        "parsed_documents": dg.AssetOut(
            key=PARSED_DOCUMENTS,
            description="One row per document of a batch: clean body, title, dates, URL, publisher, MinHash.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "removed_spans": dg.AssetOut(
            key=REMOVED_SPANS,
            description="One row per raw line cleaning removed (boilerplate or captured header), with raw offsets.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "body_offsets": dg.AssetOut(
            key=BODY_OFFSETS,
            description="Runs of each body and the raw text they were cleaned from: any body span maps to raw offsets.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
    },
    ins={
        "raw_documents": dg.AssetIn(RAW_DOCUMENTS),
        # Every batch's statistics, this one's included: a line is boilerplate by what the corpus repeats.
        "line_fingerprints": dg.AssetIn(
            LINE_FINGERPRINTS,
            partition_mapping=dg.AllPartitionMapping(),
            metadata={"allow_missing_partitions": True},
        ),
    },
    partitions_def=ingest_batches,
)
def parsed_documents(
    context: dg.AssetExecutionContext, raw_documents: pa.Table, line_fingerprints: dict[str, pa.Table]
):
    """Clean each raw document of the batch and read its header metadata."""
    started = time.perf_counter()
    tables = parsed_tables(raw_documents, concat("line_fingerprints", (line_fingerprints or {}).values()))
    parsed, removed, offsets = tables["parsed_documents"], tables["removed_spans"], tables["body_offsets"]
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
            repeated_line_threshold_stories=MIN_STORIES,
        ),
    )
    yield dg.Output(
        offsets,
        output_name="body_offsets",
        metadata=table_metadata(
            offsets,
            ["doc_id", "body_start", "body_end", "raw_start", "raw_end"],
            segments_per_document=round(offsets.num_rows / parsed.num_rows, 2) if parsed.num_rows else 0.0,
        ),
    )
