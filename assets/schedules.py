"""Jobs and the refresh schedule (hourly unless NEWSGRAPH_REFRESH_CRON says otherwise)."""

import os

import dagster as dg

from assets.documents import DOCUMENTS

# One run per ingest batch: the batch's per-document steps, then the corpus-wide tables and the marts.
process_batch = dg.define_asset_job(
    "process_batch",
    selection=dg.AssetSelection.all(),
    description="Ingest, parse and annotate one batch, then re-link the corpus and rebuild the marts.",
)

# The corpus-wide assets only: cheap, and safe to run on a clock even when no file arrived.
CORPUS_WIDE = dg.AssetSelection.assets(DOCUMENTS) | dg.AssetSelection.groups("linking", "warehouse")
refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=CORPUS_WIDE,
    description="Documents, entity linking, event merging and the dbt marts, from what the lake holds.",
)

refresh_schedule = dg.ScheduleDefinition(
    name="refresh_schedule",
    job=refresh_warehouse,
    cron_schedule=os.environ.get("NEWSGRAPH_REFRESH_CRON", "0 * * * *"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Periodic refresh of the corpus-wide tables and marts; new files arrive through the sensor.",
)
