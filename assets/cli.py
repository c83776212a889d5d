"""Process the raw folder now, without the daemon: what `make run`, `make rebuild` and the tests call.

    python -m assets.cli refresh   # new or changed files become batches; each is processed, then the marts
    python -m assets.cli rebuild   # forget every batch and process the whole raw folder again

Runs go through the Dagster instance in DAGSTER_HOME, so they show in the UI like sensor-launched runs,
and register batches the same way the sensor does, so a sensor started later does not redo them.
"""

import argparse
import sys
from datetime import UTC, datetime

import dagster as dg

from assets.partitions import ingest_batches, register_batches
from assets.resources import NewsgraphResource
from pipeline.lake.batches import Batch, FileCursor, registered_batches

# The per-batch asset written last: a registered batch without it was interrupted.
LAST_PER_BATCH_ASSET = dg.AssetKey(["lake", "doc_event_mentions"])


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


def refresh(defs: dg.Definitions, instance: dg.DagsterInstance) -> list[dg.ExecuteInProcessResult]:
    """Process new or changed files, one run per batch; returns the runs' results.

    Every batch but the last runs its per-batch assets only; the last run also rebuilds the corpus-wide
    tables and the marts once. With nothing new, the corpus-wide tables and marts are refreshed.
    """
    newsgraph: NewsgraphResource = defs.resources["newsgraph"]
    batches = pending_batches(instance, newsgraph) + register_new_batches(instance, newsgraph)
    graph = defs.resolve_asset_graph()
    per_batch = [k for k in graph.materializable_asset_keys if graph.get(k).partitions_def is not None]
    process_batch = defs.resolve_job_def("process_batch")
    results = [
        process_batch.execute_in_process(
            partition_key=batch.batch_id,
            instance=instance,
            asset_selection=None if number == len(batches) else per_batch,
        )
        for number, batch in enumerate(batches, start=1)
    ]
    if not batches:
        results.append(defs.resolve_job_def("refresh_warehouse").execute_in_process(instance=instance))
    return results


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
    args = parser.parse_args(argv)
    from assets.definitions import defs

    with dg.DagsterInstance.get() as instance:
        if args.command == "rebuild":
            forget_batches(instance, defs.resources["newsgraph"])
        results = refresh(defs, instance)
    batches = [r.dagster_run.tags.get("dagster/partition") for r in results]
    print(f"processed batches: {', '.join(filter(None, batches)) or 'none new (refreshed the marts)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
