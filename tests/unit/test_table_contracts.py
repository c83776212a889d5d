"""dbt reads the lake with the columns the Python records declare.

A lake table's columns are declared once, by its record class (`pipeline.tables.LAKE_TABLES`).
`dbt_project/models/sources.yml` copies them for dbt, in DuckDB's spelling; these tests fail when the
copy drifts from the record (a column added, dropped, moved or retyped on one side only), and when a
source reads its files anywhere but where the lake layout puts them.
"""

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from pipeline.lake.layout import TABLE_GLOB
from pipeline.tables import LAKE_TABLES

SOURCES_YML = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "sources.yml"


def lake_source() -> dict:
    (lake,) = [s for s in yaml.safe_load(SOURCES_YML.read_text())["sources"] if s["name"] == "lake"]
    return lake


SOURCE_TABLES = {table["name"]: table for table in lake_source()["tables"]}


def parquet_columns(schema: pa.Schema, folder: Path) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column, as dbt's read_parquet sees a lake file with this schema."""
    path = folder / "table.parquet"
    pq.write_table(schema.empty_table(), path)
    relation = duckdb.sql(f"select * from read_parquet('{path}')")
    return [(name, str(kind)) for name, kind in zip(relation.columns, relation.types, strict=True)]


def declared_columns(table: dict) -> list[tuple[str, str]]:
    """(name, DuckDB type) of each column sources.yml declares, the type as DuckDB spells it."""
    return [
        (column["name"], str(duckdb.sql(f"select cast(null as {column['data_type']})").types[0]))
        for column in table.get("columns", [])
    ]


def test_every_source_table_is_a_lake_table():
    assert set(SOURCE_TABLES) <= set(LAKE_TABLES)


@pytest.mark.parametrize("name", sorted(SOURCE_TABLES))
def test_a_source_declares_its_records_columns_in_order_with_their_types(name, tmp_path):
    record_columns = parquet_columns(LAKE_TABLES[name].arrow_schema(), tmp_path)
    assert declared_columns(SOURCE_TABLES[name]) == record_columns


def external_locations() -> dict[str, str]:
    """The source's external_location and any table's own, by where they are set."""
    lake = lake_source()
    found = {}
    for where, node in [("lake", lake), *SOURCE_TABLES.items()]:
        for meta in (node.get("meta", {}), node.get("config", {}).get("meta", {})):
            if "external_location" in meta:
                found[where] = meta["external_location"]
    return found


def test_sources_read_every_file_of_a_table_through_the_layouts_glob():
    locations = external_locations()
    assert "lake" in locations
    for where, location in locations.items():
        # dbt-duckdb fills {name} with the table's name: the lake root, then TABLE_GLOB.
        assert f"/{TABLE_GLOB}'" in location, where
