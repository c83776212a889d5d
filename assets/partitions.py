"""Ingest batches: one dynamic partition per group of new or changed raw files, added by the sensor."""

import dagster as dg

ingest_batches = dg.DynamicPartitionsDefinition(name="ingest_batches")
