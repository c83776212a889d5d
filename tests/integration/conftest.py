from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.cli import refresh
from assets.definitions import build_definitions
from assets.resources import NewsgraphResource

REPO = Path(__file__).resolve().parents[2]
SAMPLE_RAW = REPO / "data" / "raw"
SHARED = REPO.parent / "shared"


def definitions_for(raw_dir: Path, data_dir: Path, **settings) -> dg.Definitions:
    return build_definitions(NewsgraphResource(raw_dir=str(raw_dir), data_dir=str(data_dir), **settings))


def materialize_everything(
    raw_dir: Path, data_dir: Path, instance: dg.DagsterInstance | None = None, **settings
) -> dg.ExecuteInProcessResult:
    """Register the raw folder's new files as batches and run them in-process, as `make run` does."""
    instance = instance or dg.DagsterInstance.ephemeral()
    results = refresh(definitions_for(raw_dir, data_dir, **settings), instance)
    assert all(r.success for r in results)
    return results[-1]


def query(data_dir: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> tuple[Path, dg.ExecuteInProcessResult]:
    data_dir = tmp_path_factory.mktemp("sample")
    return data_dir, materialize_everything(SAMPLE_RAW, data_dir)
