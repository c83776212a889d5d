"""Process the raw folder now, without the daemon: what `make run`, `make rebuild` and the tests call.

    python -m assets.cli refresh   # new or changed files become batches; each is processed, then the marts
    python -m assets.cli rebuild   # forget every batch and process the whole raw folder again

Runs go through the Dagster instance in DAGSTER_HOME, so they show in the UI like sensor-launched runs,
and register batches the same way the sensor does, so a sensor started later does not redo them.

One refresh or rebuild runs at a time per data folder (a lock on <NEWSGRAPH_DATA_DIR>/.refresh.lock): a
second one waits for the first, or with --no-wait exits with status 75 naming the one running.
"""

import argparse
import fcntl
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from assets.distributed import BROKER, STEP_QUEUE, purge_queues, uses_celery, workers_answering
from assets.partitions import ingest_batches, register_batches
from assets.resources import NewsgraphResource
from pipeline.lake.batches import Batch, FileCursor, registered_batches
from pipeline.lake.settings import Settings

# The per-batch asset written last: a registered batch without it was interrupted.
LAST_PER_BATCH_ASSET = dg.AssetKey(["lake", "doc_event_mentions"])
LOCK_FILE = ".refresh.lock"
# Every run this command line starts carries its data folder: the runs one refresh lock covers.
DATA_DIR_TAG = "newsgraph/cli_data_dir"
UNFINISHED = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
# sysexits.h's EX_TEMPFAIL: nothing went wrong, try again later.
EXIT_LOCKED = 75


class RefreshRunning(Exception):
    """Another process holds the refresh lock of this data folder."""


@contextmanager
def refresh_lock(data_dir: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the data folder's refresh lock: two refreshes at once would register the same new files as
    two batches and race on the lake's files and the warehouse.

    An flock, so the OS releases it when the holder exits, even by SIGKILL: a killed refresh never
    leaves a stale lock. The file keeps the holder's pid, for the message of the one turned away.

    Raises:
        RefreshRunning: when wait is False and another process holds the lock.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            message = f"another refresh is running (pid {holder}) on {data_dir}"
            if not wait:
                raise RefreshRunning(f"{message}; run again once it has finished") from None
            print(f"{message}; waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


def register_new_batches(instance: dg.DagsterInstance, newsgraph: NewsgraphResource) -> list[Batch]:
    """Every new or changed file of the raw folder, as batches of at most max_batch_files."""
    settings = newsgraph.settings
    if not settings.raw_dir.is_dir():
        raise SystemExit(f"raw folder {settings.raw_dir} does not exist; set NEWSGRAPH_RAW_DIR")
    # Batches the lake knows but this instance does not (a wiped DAGSTER_HOME) are registered again.
    known = set(instance.get_dynamic_partitions(ingest_batches.name))
    missing = [b.batch_id for b in registered_batches(newsgraph.lake) if b.batch_id not in known]
    if missing:
        instance.add_dynamic_partitions(ingest_batches.name, missing)
    batches, _ = register_batches(newsgraph, FileCursor.from_lake(newsgraph.lake), now=datetime.now(UTC))
    if batches:
        instance.add_dynamic_partitions(ingest_batches.name, [b.batch_id for b in batches])
    return batches


def pending_batches(instance: dg.DagsterInstance, newsgraph: NewsgraphResource) -> list[Batch]:
    """Batches registered earlier whose annotations never landed (an interrupted run): finish them first."""
    done = instance.get_materialized_partitions(LAST_PER_BATCH_ASSET)
    return [b for b in registered_batches(newsgraph.lake) if b.batch_id not in done]


def _planned(
    defs: dg.Definitions, instance: dg.DagsterInstance
) -> tuple[list[Batch], list[dg.AssetKey], dict[str, str]]:
    """The batches a refresh runs (interrupted ones first, then new files), the per-batch asset keys, and
    the tags of its runs."""
    newsgraph: NewsgraphResource = defs.resources["newsgraph"]
    batches = pending_batches(instance, newsgraph) + register_new_batches(instance, newsgraph)
    graph = defs.resolve_asset_graph()
    per_batch = [k for k in graph.materializable_asset_keys if graph.get(k).partitions_def is not None]
    return batches, per_batch, {DATA_DIR_TAG: str(newsgraph.settings.data_dir)}


def refresh(defs: dg.Definitions, instance: dg.DagsterInstance) -> list[dg.ExecuteInProcessResult]:
    """Process new or changed files, one run per batch; returns the runs' results.

    Every batch but the last runs its per-batch assets only; the last run also rebuilds the corpus-wide
    tables and the marts once. With nothing new, the corpus-wide tables and marts are refreshed.
    """
    batches, per_batch, tags = _planned(defs, instance)
    process_batch = defs.resolve_job_def("process_batch")
    results = [
        process_batch.execute_in_process(
            partition_key=batch.batch_id,
            instance=instance,
            asset_selection=None if number == len(batches) else per_batch,
            tags=tags,
        )
        for number, batch in enumerate(batches, start=1)
    ]
    if not batches:
        refresh_warehouse = defs.resolve_job_def("refresh_warehouse")
        results.append(refresh_warehouse.execute_in_process(instance=instance, tags=tags))
    return results


# Batch runs coordinated at once on the Celery executor, each from its own process.
MAX_CONCURRENT_WORKER_RUNS = 8


def refresh_on_workers(defs: dg.Definitions, instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    """`refresh` on the Celery executor (NEWSGRAPH_EXECUTOR=celery): every batch's per-batch run at once,
    so each worker takes a batch, then one refresh_warehouse run for the corpus-wide tables and the marts
    (the tables of the in-process path, where the last batch's run carries them). Returns the runs.

    Each run is coordinated from a process of its own, which submits the steps and waits for them: two
    runs coordinated from threads of one process deadlocked in Dagster's logging setup. There are as
    many at once as workers answer. These runs are not queued by the instance's run coordinator
    (dagster.yaml's max_concurrent_runs): the refresh lock keeps other refreshes of the data folder out.

    Raises:
        RuntimeError: when a run fails (a step failed on a worker).
    """
    answering = workers_answering()
    if not answering:
        raise SystemExit(
            f"no Celery worker consumes this data folder's queue ({STEP_QUEUE}) on {BROKER}: "
            "start them with `make workers`, or unset NEWSGRAPH_EXECUTOR"
        )
    batches, per_batch, tags = _planned(defs, instance)
    selection = [key.path for key in per_batch]
    context = multiprocessing.get_context("spawn")
    # A coordinator per worker keeps every worker busy; more would only wait (and each holds memory).
    workers = max(1, min(len(batches), len(answering), MAX_CONCURRENT_WORKER_RUNS))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        run_ids = list(
            pool.map(
                _coordinate,
                ["process_batch_job"] * len(batches),
                [{**tags, "dagster/partition": batch.batch_id} for batch in batches],
                [selection] * len(batches),
            )
        )
        run_ids.append(pool.submit(_coordinate, "refresh_warehouse_job", tags, None).result())
    return [instance.get_run_by_id(run_id) for run_id in run_ids]


def _coordinate(job_name: str, tags: dict[str, str], selection: list[list[str]] | None) -> str:
    """Run one job of assets.definitions (by the name of its reconstructable function) on the configured
    executor, from this process; returns the run id.

    Raises:
        RuntimeError: when the run fails.
    """
    from assets import definitions

    job = dg.reconstructable(getattr(definitions, job_name))
    keys = None if selection is None else [dg.AssetKey(path) for path in selection]
    with (
        dg.DagsterInstance.get() as instance,
        dg.execute_job(job, instance=instance, tags=tags, asset_selection=keys) as result,
    ):
        if not result.success:
            raise RuntimeError(f"run {result.run_id} failed on the Celery workers; see it in the UI")
        return result.run_id


def release_interrupted_runs(instance: dg.DagsterInstance, data_dir: Path) -> list[str]:
    """Mark failed the runs a killed refresh of this data folder left unfinished, and free the pool
    slots they hold; returns their ids.

    A SIGKILLed in-process run keeps its claim on the duckdb_writer slot (limit 1) for good, so the next
    refresh's dbt step waited for it forever ("Step blocked by limit for pool duckdb_writer"). Call it
    with the refresh lock held: then no run started by a refresh of this data folder is alive.
    """
    interrupted = instance.get_runs(dg.RunsFilter(tags={DATA_DIR_TAG: str(data_dir)}, statuses=UNFINISHED))
    for run in interrupted:
        instance.report_run_failed(run, message="The refresh running it ended without finishing it.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return [run.run_id for run in interrupted]


def forget_batches(instance: dg.DagsterInstance, newsgraph: NewsgraphResource) -> None:
    """Drop the lake, the warehouse and the registered partitions, keeping Dagster's run history."""
    for key in instance.get_dynamic_partitions(ingest_batches.name):
        instance.delete_dynamic_partition(ingest_batches.name, key)
    if newsgraph.lake.exists():
        newsgraph.lake.fs.rm(newsgraph.lake.path, recursive=True)
    newsgraph.settings.warehouse_path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["refresh", "rebuild"])
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help=f"if another refresh is running on the data folder, exit with status {EXIT_LOCKED} instead of waiting",
    )
    args = parser.parse_args(argv)
    data_dir = Settings.from_env().data_dir
    try:
        with refresh_lock(data_dir, wait=not args.no_wait):
            # Imported once the lock is held, so a --no-wait refresh answers at once (Settings.from_env
            # above reads the NEWSGRAPH_* variables the definitions read).
            from assets.definitions import defs

            with dg.DagsterInstance.get() as instance:
                interrupted = release_interrupted_runs(instance, data_dir)
                for run_id in interrupted:
                    print(
                        f"run {run_id} was interrupted: marked failed, its pool slots freed", file=sys.stderr
                    )
                if interrupted and uses_celery():
                    # Their queued steps would run beside the re-run of the same batches.
                    print(f"dropped {purge_queues()} queued steps of those runs", file=sys.stderr)
                if args.command == "rebuild":
                    forget_batches(instance, defs.resources["newsgraph"])
                if uses_celery():
                    runs = refresh_on_workers(defs, instance)
                else:
                    runs = [result.dagster_run for result in refresh(defs, instance)]
    except RefreshRunning as running:
        print(running, file=sys.stderr)
        return EXIT_LOCKED
    batches = [run.tags.get("dagster/partition") for run in runs]
    print(f"processed batches: {', '.join(filter(None, batches)) or 'none new (refreshed the marts)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
