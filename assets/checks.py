"""Asset checks for what dbt cannot test: the shape of a feed across batches and refreshes.

Keys, references, accepted values and offsets into the body are dbt tests (dagster-dbt turns each into
an asset check on its model, and the tests on sources into checks on the lake assets). What is left
needs Dagster: a batch compared with the batches before it, a refresh compared with the previous
materialization.
"""

import dagster as dg
import pyarrow.compute as pc

from assets.ingest import QUARANTINE, RAW_DOCUMENTS
from assets.linking import DOCUMENTS
from assets.resources import NewsgraphResource
from pipeline.lake.io import read_parquet
from pipeline.lake.layout import table_file, table_files

# A batch in which more than this share of files cannot be read points at a broken feed, not bad luck.
QUARANTINE_SHARE_WARNING = 0.5
# The corpus duplicate rate moving this much in one refresh points at a feed re-sending its archive.
DUPLICATE_RATE_JUMP = 0.2


def _rows_per_batch(newsgraph: NewsgraphResource, table: str) -> dict[str, int]:
    return {
        path.stem: read_parquet(path, ["batch_id"]).num_rows for path in table_files(newsgraph.lake, table)
    }


@dg.asset_check(
    asset=QUARANTINE,
    additional_deps=[RAW_DOCUMENTS],
    description=f"Warns when a batch lost more than {QUARANTINE_SHARE_WARNING:.0%} of its files: a broken feed.",
)
def quarantine_growth(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    quarantined, read = _rows_per_batch(newsgraph, "quarantine"), _rows_per_batch(newsgraph, "raw_documents")
    shares = {
        batch: quarantined.get(batch, 0) / total
        for batch in sorted(quarantined.keys() | read.keys())
        if (total := quarantined.get(batch, 0) + read.get(batch, 0))
    }
    over = [[batch, round(share, 3)] for batch, share in shares.items() if share > QUARANTINE_SHARE_WARNING]
    return dg.AssetCheckResult(
        passed=not over,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "quarantined_total": sum(quarantined.values()),
            "batches_over_threshold": dg.MetadataValue.json(over),
        },
    )


@dg.asset_check(
    asset=DOCUMENTS,
    description="Warns when the corpus duplicate rate jumps between refreshes (a feed re-sending its archive).",
)
def documents_duplicate_rate_stable(
    context: dg.AssetCheckExecutionContext, newsgraph: NewsgraphResource
) -> dg.AssetCheckResult:
    path = table_file(newsgraph.lake, "documents")
    canonical = read_parquet(path, ["is_canonical"]).column("is_canonical") if path.exists() else None
    rate = (
        1 - (pc.sum(canonical).as_py() or 0) / len(canonical)
        if canonical is not None and len(canonical)
        else 0.0
    )
    history = context.instance.fetch_materializations(DOCUMENTS, limit=2).records
    rates = [
        r.asset_materialization.metadata["duplicate_rate"].value
        for r in history
        if r.asset_materialization and "duplicate_rate" in r.asset_materialization.metadata
    ]
    previous = rates[1] if len(rates) > 1 else None
    return dg.AssetCheckResult(
        passed=previous is None or abs(rate - previous) <= DUPLICATE_RATE_JUMP,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"duplicate_rate": float(rate), "previous_duplicate_rate": previous},
    )


ALL_CHECKS = [quarantine_growth, documents_duplicate_rate_stable]
