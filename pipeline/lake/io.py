"""The Parquet lake: one folder per table, one file per ingest batch (or one for a corpus-wide table).

Paths are `upath.UPath`s, so the lake can live on local disk, `s3://`, `gs://` or fsspec's `memory://`.
On local disk a file is written to a temporary name and renamed, so readers never see half a file;
object stores publish an object only once it is complete.
"""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

from pipeline.lake.records import Record, conform

LOCAL_PROTOCOLS = ("", "file", "local")


def lake_path(url: str | os.PathLike) -> UPath:
    """A lake location from a local path or an fsspec URL (`s3://bucket/lake`, `memory://lake`)."""
    return UPath(url)


def concat(record_type: type[Record], tables: Iterable[pa.Table | None]) -> pa.Table:
    """Union of several files of one table, each conformed to its record; none reads as an empty table."""
    tables = [conform(record_type, t) for t in tables if t is not None]
    return pa.concat_tables(tables) if tables else record_type.arrow_schema().empty_table()


def read_records(record_type: type[Record], tables: Iterable[pa.Table | None]) -> list:
    """Every row of several files of one table, as records."""
    return [record for t in tables if t is not None for record in record_type.from_table(t)]


def write_parquet(data: pa.Table, path: UPath) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.protocol not in LOCAL_PROTOCOLS:
        with path.open("wb") as handle:
            pq.write_table(data, handle, compression="zstd")
        return
    folder = Path(path.path).parent
    # Not "*.parquet": readers glob the folder (dbt's sources, DuckDB views) and must never see half a file.
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".parquet.tmp")
    os.close(handle)
    try:
        pq.write_table(data, temporary, compression="zstd")
        os.replace(temporary, path.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: UPath, text: str) -> None:
    """Write a small text file (a batch manifest) so that readers see the old file or the new one, never
    half of one: a killed write must not leave a manifest every later refresh fails to read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.protocol not in LOCAL_PROTOCOLS:
        path.write_text(text)
        return
    handle, temporary = tempfile.mkstemp(dir=Path(path.path).parent, prefix=".tmp-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_parquet(path: UPath, columns: list[str] | None = None) -> pa.Table:
    with path.open("rb") as handle:
        return pq.read_table(handle, columns=columns)
