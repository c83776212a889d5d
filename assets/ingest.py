"""Ingest: every raw file of a batch becomes a row of raw_documents or of quarantine, never lost."""

import time
from collections import Counter
from datetime import UTC, datetime

import dagster as dg

from assets.materialization import table_metadata
from assets.partitions import ingest_batches
from assets.resources import NewsgraphResource
from pipeline.documents.read import RawDocument, Rejected, read_batch, stamp_batch
from pipeline.lake.batches import BatchFile, read_manifest

RAW_DOCUMENTS = dg.AssetKey(["lake", "raw_documents"])
QUARANTINE = dg.AssetKey(["lake", "quarantine"])
BATCH_FILES = dg.AssetKey(["lake", "batch_files"])


@dg.multi_asset(
    outs={
        "batch_files": dg.AssetOut(
            key=BATCH_FILES,
            description="One row per file a batch registered (new, changed or deleted), as its manifest lists it.",
            kinds={"python", "parquet"},
            group_name="ingest",
        ),
        "raw_documents": dg.AssetOut(
            key=RAW_DOCUMENTS,
            description="One row per readable raw file of a batch: decoded text, encoding and content hash.",
            kinds={"python", "parquet"},
            group_name="ingest",
        ),
        "quarantine": dg.AssetOut(
            key=QUARANTINE,
            description="One row per raw file of a batch that could not be read as news text, with the reason.",
            kinds={"python", "parquet"},
            group_name="ingest",
        ),
    },
    partitions_def=ingest_batches,
)
def ingest(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource):
    """Read the files the batch's manifest lists, decoding safely and hashing content."""
    settings = newsgraph.settings
    if not settings.raw_dir.is_dir():
        raise dg.Failure(
            f"raw folder {settings.raw_dir} does not exist; set NEWSGRAPH_RAW_DIR to a folder of news files"
        )
    started = time.perf_counter()
    batch = read_manifest(newsgraph.lake, context.partition_key)
    now = datetime.now(UTC)
    documents, rejected = stamp_batch(
        read_batch(settings.raw_dir, batch, max_bytes=settings.max_doc_bytes),
        batch_id=batch.batch_id,
        now=now,
    )
    files = BatchFile.to_table(BatchFile.of(batch, seen_at=now))
    raw, quarantine = RawDocument.to_table(documents), Rejected.to_table(rejected)
    reasons = Counter(r.split(" (")[0] for r in quarantine.column("reason").to_pylist())
    context.log.info(f"batch {batch.batch_id}: {raw.num_rows} files read, {quarantine.num_rows} quarantined")
    seconds = round(time.perf_counter() - started, 3)
    yield dg.Output(
        files,
        output_name="batch_files",
        metadata=table_metadata(
            files,
            ["source_path", "size_bytes", "deleted"],
            deleted=sum(f.deleted for f in batch.files),
        ),
    )
    yield dg.Output(
        raw,
        output_name="raw_documents",
        metadata=table_metadata(
            raw,
            ["source_path", "encoding", "size_bytes", "content_sha256"],
            raw_dir=str(settings.raw_dir),
            files_in_batch=len(batch.files),
            stage_seconds=seconds,
        ),
    )
    yield dg.Output(
        quarantine,
        output_name="quarantine",
        metadata=table_metadata(
            quarantine,
            ["source_path", "reason"],
            reasons=dg.MetadataValue.json(dict(reasons)),
            quarantined_share=quarantine.num_rows / len(batch.files) if batch.files else 0.0,
        ),
    )
