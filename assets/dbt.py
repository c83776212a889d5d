"""The warehouse: dbt models on DuckDB over the Parquet lake, one Dagster asset per model."""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from assets.distributed import DUCKDB_STEP_TAGS
from assets.project import dbt_project
from assets.resources import NewsgraphResource
from pipeline.tables import PER_BATCH

# Every process that writes warehouse.duckdb runs in this pool, limited to one at a time.
DUCKDB_POOL = "duckdb_writer"


# Lake tables written per ingest batch, before the corpus step has linked the batch into the corpus
# (of those, dbt's sources are raw_documents, quarantine, removed_spans and body_offsets). The
# corpus-wide tables, quarantined_files among them, are not: pipeline/tables.py says which is which.
PER_BATCH_SOURCES = frozenset(record.TABLE for record in PER_BATCH)


class WarehouseTranslator(DagsterDbtTranslator):
    """Puts every dbt model in the warehouse group and lets it follow its inputs; sources keep their
    `lake/<table>` keys, so they are the Python assets that write them.

    Staging views follow any update. Marts ignore the staging views over per-batch tables: those change
    as soon as a batch's files are read, and a mart built then (with its tests, which join it to other
    marts) would see half a refresh. Marts follow the corpus step instead, all in one run.
    """

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        condition = dg.AutomationCondition.eager()
        if unique_id.startswith("model.") and "marts" in manifest["nodes"][unique_id]["fqn"]:
            condition = condition.ignore(dg.AssetSelection.assets(*per_batch_staging_keys(manifest)))
        return spec.replace_attributes(group_name="warehouse", automation_condition=condition)


def per_batch_staging_keys(manifest: Mapping[str, Any]) -> list[dg.AssetKey]:
    """The dbt models that read a per-batch lake table directly."""
    return [
        dg.AssetKey(node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and any(
            manifest["sources"][parent]["name"] in PER_BATCH_SOURCES
            for parent in node["depends_on"]["nodes"]
            if parent.startswith("source.")
        )
    ]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    # Tests on sources become checks on the lake assets that write them (lake/documents, lake/quarantine).
    dagster_dbt_translator=WarehouseTranslator(
        settings=DagsterDbtTranslatorSettings(enable_source_tests_as_checks=True)
    ),
    pool=DUCKDB_POOL,
    # On the Celery executor, to the one worker that opens DuckDB (assets.distributed).
    op_tags=DUCKDB_STEP_TAGS,
)
def warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource, newsgraph: NewsgraphResource):
    """Build staging views and public marts in warehouse.duckdb and run the dbt tests."""
    # dbt reads the warehouse and lake locations from these variables (profiles.yml, sources.yml).
    settings = newsgraph.settings
    with environment(NEWSGRAPH_DATA_DIR=str(settings.data_dir), NEWSGRAPH_LAKE_URL=settings.lake_url):
        yield from dbt.cli(["build"], context=context).stream()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set variables for the dbt subprocess and restore them after, so an in-process run (tests, the
    CLI) does not leak one deployment's paths into the next."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
