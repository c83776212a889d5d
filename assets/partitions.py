"""Ingest batches: one dynamic partition per group of new or changed raw files, registered by the sensor
and by the command line through the one `register_batches`."""

from datetime import datetime, timedelta

import dagster as dg

from assets.resources import NewsgraphResource
from pipeline.lake.batches import Batch, FileCursor, plan_batch, write_manifest

ingest_batches = dg.DynamicPartitionsDefinition(name="ingest_batches")


def register_batches(
    newsgraph: NewsgraphResource, cursor: FileCursor, *, now: datetime, limit: int | None = None
) -> tuple[list[Batch], FileCursor]:
    """The raw folder's new or changed files as batches of at most max_batch_files (at most `limit`
    batches), each with its manifest written to the lake; returns them and the advanced cursor.

    The caller adds the partitions: the sensor through its result, the command line on the instance."""
    settings = newsgraph.settings
    batches: list[Batch] = []
    while limit is None or len(batches) < limit:
        batch = plan_batch(
            settings.raw_dir,
            cursor.files,
            sequence=cursor.next_sequence,
            max_files=settings.max_batch_files,
            # Batch ids carry the time: batches planned in one go get distinct seconds.
            now=now + timedelta(seconds=len(batches)),
        )
        if batch is None:
            break
        write_manifest(newsgraph.lake, batch)
        cursor = cursor.advance(batch)
        batches.append(batch)
    return batches, cursor
