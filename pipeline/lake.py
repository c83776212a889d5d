"""The Parquet lake: one folder per table, files replaced atomically so readers never see half a file."""

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import LAKE_TABLES

PART_NAME = "data.parquet"


def table_dir(lake_dir: Path, table: str) -> Path:
    return lake_dir / table


def write_table(lake_dir: Path, table: str, data: pa.Table) -> Path:
    """Write a table's Parquet file via a temporary file and a rename (atomic on one filesystem)."""
    schema = LAKE_TABLES[table]
    data = data.select(schema.names).cast(schema)
    folder = table_dir(lake_dir, table)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / PART_NAME
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".parquet")
    os.close(handle)
    try:
        pq.write_table(data, temporary, compression="zstd")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def read_table(lake_dir: Path, table: str) -> pa.Table:
    """Read every Parquet file of a table; an absent table reads as empty with its schema."""
    folder = table_dir(lake_dir, table)
    files = sorted(folder.glob("*.parquet")) if folder.exists() else []
    if not files:
        return LAKE_TABLES[table].empty_table()
    return pa.concat_tables(pq.read_table(f, schema=LAKE_TABLES[table]) for f in files)


def to_table(table: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=LAKE_TABLES[table])
