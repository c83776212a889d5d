"""The warehouse: dbt models on DuckDB over the Parquet lake, one Dagster asset per model."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from assets.project import dbt_project
from assets.resources import NewsgraphResource

# Every process that writes warehouse.duckdb runs in this pool, limited to one at a time.
DUCKDB_POOL = "duckdb_writer"


class WarehouseTranslator(DagsterDbtTranslator):
    """Puts every dbt model in the warehouse group and lets it follow its lake tables; sources keep their
    `lake/<table>` keys, so they are the Python assets that write them."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        return spec.replace_attributes(
            group_name="warehouse", automation_condition=dg.AutomationCondition.eager()
        )


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
    pool=DUCKDB_POOL,
)
def warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource, newsgraph: NewsgraphResource):
    """Build staging views and public marts in warehouse.duckdb and run the dbt tests."""
    # dbt reads the warehouse and lake locations from these variables (profiles.yml, sources.yml).
    os.environ["NEWSGRAPH_DATA_DIR"] = str(newsgraph.settings.data_dir)
    os.environ["NEWSGRAPH_LAKE_URL"] = newsgraph.settings.lake_url
    yield from dbt.cli(["build"], context=context).stream()
