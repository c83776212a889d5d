"""Sensors: the raw folder watcher that registers ingest batches, and the declarative automation sensor."""

import os
from datetime import UTC, datetime

import dagster as dg

from assets.partitions import ingest_batches, register_batches
from assets.resources import NewsgraphResource
from assets.schedules import ingest_batch, process_batch
from pipeline.lake.batches import FileCursor

RAW_FOLDER_POLL_SECONDS = int(os.environ.get("NEWSGRAPH_POLL_SECONDS", "10"))
AUTOMATION_SECONDS = int(os.environ.get("NEWSGRAPH_AUTOMATION_SECONDS", "30"))
# Runs that have not finished: while any is waiting or running, a new batch is part of a backlog.
_UNFINISHED = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


@dg.sensor(
    jobs=[ingest_batch, process_batch],
    minimum_interval_seconds=RAW_FOLDER_POLL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def raw_files_sensor(context: dg.SensorEvaluationContext, newsgraph: NewsgraphResource):
    """Register new or changed raw files as one ingest batch per tick and run it (run key = batch id).

    A batch arriving to an idle deployment runs `process_batch`, its own steps and then the corpus step
    and the marts in one run: one run launch between a file drop and queryable rows instead of three
    (the batch, the corpus step, the marts). A batch arriving while runs are waiting or running is part
    of a backlog: it runs `ingest_batch`, its own steps only, and the corpus-wide tables and marts follow
    by declarative automation once, for all of it, rather than once per batch."""
    settings = newsgraph.settings
    if not settings.raw_dir.is_dir():
        return dg.SkipReason(f"raw folder {settings.raw_dir} does not exist")
    cursor = FileCursor.from_json(context.cursor) if context.cursor else FileCursor.from_lake(newsgraph.lake)
    cursor = cursor.catch_up(newsgraph.lake)
    batches, advanced = register_batches(newsgraph, cursor, now=datetime.now(UTC), limit=1)
    if not batches:
        return dg.SensorResult(
            skip_reason=f"no new or changed files in {settings.raw_dir}", cursor=cursor.to_json()
        )
    (batch,) = batches
    backlog = context.instance.get_runs_count(dg.RunsFilter(statuses=_UNFINISHED)) > 0
    job = ingest_batch if backlog else process_batch
    context.log.info(f"batch {batch.batch_id}: {len(batch.files)} new or changed files, {job.name}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                job_name=job.name,
                run_key=batch.batch_id,
                partition_key=batch.batch_id,
                tags={"newsgraph/files": str(len(batch.files))},
            )
        ],
        dynamic_partitions_requests=[ingest_batches.build_add_request([batch.batch_id])],
        cursor=advanced.to_json(),
    )


automation_sensor = dg.AutomationConditionSensorDefinition(
    "automation_sensor",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=AUTOMATION_SECONDS,
    description="Evaluates the assets' automation conditions, so downstream tables follow their inputs.",
)
