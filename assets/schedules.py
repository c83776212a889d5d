"""Jobs and the refresh schedule (hourly unless NEWSGRAPH_REFRESH_CRON says otherwise)."""

import os

import dagster as dg

from assets.linking import corpus

# Every table of the corpus step (one multi-asset: its tables always change together).
CORPUS_STEP = dg.AssetSelection.assets(corpus)
# What one ingest batch costs: reading, cleaning and annotating its files (the partitioned assets).
PER_BATCH = dg.AssetSelection.groups("ingest", "documents", "nlp") - CORPUS_STEP
# The sensor's job: the batch's own steps. The corpus-wide tables and marts follow by declarative
# automation once the run is done, so no asset is ever in two runs at once.
ingest_batch = dg.define_asset_job(
    "ingest_batch",
    selection=PER_BATCH,
    description="Ingest, parse and annotate one batch of new or changed raw files.",
)

# Everything for one batch in one run: what `make run` and a manual re-run from the UI use.
process_batch = dg.define_asset_job(
    "process_batch",
    selection=dg.AssetSelection.all(),
    description="Ingest, parse and annotate one batch, then re-link the corpus and rebuild the marts.",
)

# The corpus-wide assets only: cheap, and safe to run on a clock even when no file arrived.
CORPUS_WIDE = CORPUS_STEP | dg.AssetSelection.groups("warehouse")
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
