import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_dbt import DbtCliResource

from assets.definitions import ALL_ASSETS, ALL_CHECKS, DBT_EXECUTABLE
from assets.project import dbt_project
from assets.resources import NewsgraphResource

REPO = Path(__file__).resolve().parents[2]
SAMPLE_RAW = REPO / "data" / "raw"
SHARED = REPO.parent / "shared"


def materialize_everything(raw_dir: Path, data_dir: Path) -> dg.ExecuteInProcessResult:
    """Materialize every asset and run every check in-process, as `make run` does in a subprocess."""
    previous = os.environ.get("NEWSGRAPH_DATA_DIR")
    try:
        return dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            resources={
                "newsgraph": NewsgraphResource(raw_dir=str(raw_dir), data_dir=str(data_dir)),
                "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
            },
            raise_on_error=True,
        )
    finally:
        if previous is None:
            os.environ.pop("NEWSGRAPH_DATA_DIR", None)
        else:
            os.environ["NEWSGRAPH_DATA_DIR"] = previous


def query(data_dir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> tuple[Path, dg.ExecuteInProcessResult]:
    data_dir = tmp_path_factory.mktemp("sample")
    return data_dir, materialize_everything(SAMPLE_RAW, data_dir)
