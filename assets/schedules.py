"""The refresh schedule: re-materialize every asset, hourly unless NEWSGRAPH_REFRESH_CRON says otherwise."""

import os

import dagster as dg

refresh_all = dg.define_asset_job(
    "refresh_all", selection=dg.AssetSelection.all(), description="Every asset, ingest to marts."
)

refresh_schedule = dg.ScheduleDefinition(
    name="refresh_schedule",
    job=refresh_all,
    cron_schedule=os.environ.get("NEWSGRAPH_REFRESH_CRON", "0 * * * *"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Periodic refresh of the whole warehouse from the raw folder.",
)
