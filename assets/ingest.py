"""Ingest: every raw file becomes a row of raw_documents or of quarantine, never lost."""

from collections import Counter
from pathlib import Path

import dagster as dg

from assets.metadata import table_metadata
from assets.resources import NewsgraphResource
from pipeline.corpus import ingest_tables
from pipeline.ingest import scan_raw_dir
from pipeline.lake import write_table

RAW_DOCUMENTS = dg.AssetKey(["lake", "raw_documents"])
QUARANTINE = dg.AssetKey(["lake", "quarantine"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            RAW_DOCUMENTS,
            description="One row per readable raw file: decoded text, encoding and content hash.",
            kinds={"python", "parquet"},
            group_name="ingest",
        ),
        dg.AssetSpec(
            QUARANTINE,
            description="One row per raw file that could not be read as news text, with the reason.",
            kinds={"python", "parquet"},
            group_name="ingest",
        ),
    ],
)
def ingest(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource):
    """Read every file under the raw folder, decoding safely and hashing content."""
    settings = newsgraph.settings
    raw_dir = Path(settings.raw_dir)
    if not raw_dir.is_dir():
        raise dg.Failure(
            f"raw folder {raw_dir} does not exist; set NEWSGRAPH_RAW_DIR to a folder of news files"
        )
    tables = ingest_tables(scan_raw_dir(raw_dir))
    for name, table in tables.items():
        write_table(settings.lake_dir, name, table)
    quarantine = tables["quarantine"]
    reasons = Counter(r.split(" (")[0] for r in quarantine.column("reason").to_pylist())
    context.log.info(f"ingested {tables['raw_documents'].num_rows} files, quarantined {quarantine.num_rows}")
    yield dg.MaterializeResult(
        asset_key=RAW_DOCUMENTS,
        metadata=table_metadata(
            tables["raw_documents"],
            ["source_path", "encoding", "size_bytes", "content_sha256"],
            raw_dir=str(raw_dir),
        ),
    )
    yield dg.MaterializeResult(
        asset_key=QUARANTINE,
        metadata=table_metadata(quarantine, ["source_path", "reason"], reasons=dict(reasons)),
    )
