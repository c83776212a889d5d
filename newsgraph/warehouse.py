"""Read-only access to warehouse.duckdb that never blocks a refresh for longer than one copy or query."""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline.lake.settings import Settings

# A refresh's dbt step holds the write lock for its build (seconds on the sample, minutes on a big
# corpus); readers wait for it this long before giving up with a clear message.
DEFAULT_WAIT_SECONDS = 600.0
_POLL_SECONDS = 0.5
SNAPSHOT_FOLDER = "snapshots"
_snapshot_numbers = itertools.count(1)


class WarehouseMissing(FileNotFoundError):
    """No warehouse yet: nothing has been refreshed into this data folder."""


def warehouse_path(data_dir: str | Path | None = None) -> Path:
    """The warehouse file of data_dir, else of NEWSGRAPH_DATA_DIR (default `data`)."""
    if data_dir is not None:
        return Path(data_dir).resolve() / "warehouse.duckdb"
    return Settings.from_env().warehouse_path


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise WarehouseMissing(f"no warehouse at {path}: run `make run` (or a refresh) first")
    return path


def open_read_only(path: Path, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    """Open the live file read-only, waiting while a refresh holds the write lock."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(_existing(path)), read_only=True)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(_POLL_SECONDS)


def snapshot(
    destination: str | Path | None = None,
    *,
    data_dir: str | Path | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> Path:
    """Copy the warehouse to destination and return the copy's path.

    By default the copy is <data dir>/snapshots/warehouse-<pid>-<n>.duckdb; copies of processes that
    have ended are deleted by the next snapshot.

    The copy is taken while holding a read-only connection on the live file, so no refresh writes it
    mid-copy; the lock is held for the copy only.
    """
    source = warehouse_path(data_dir)
    if destination:
        target = Path(destination)
    else:
        folder = source.parent / SNAPSHOT_FOLDER
        _remove_orphans(folder)
        # This process's earlier copies too: a connection still open on one keeps reading it (the
        # file lives on until closed), so a long notebook session does not pile copies up.
        for earlier in folder.glob(f"warehouse-{os.getpid()}-*.duckdb*"):
            earlier.unlink(missing_ok=True)
        target = folder / f"warehouse-{os.getpid()}-{next(_snapshot_numbers)}.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target_wal = target.with_name(target.name + ".wal")
    with open_read_only(source, wait_seconds):
        shutil.copyfile(source, target)
        wal = source.with_name(source.name + ".wal")
        if wal.exists():  # a clean close leaves none; copy one all the same so the copy is complete
            shutil.copyfile(wal, target_wal)
        else:  # a WAL left beside a reused target would be replayed onto the new copy
            target_wal.unlink(missing_ok=True)
    return target


def _remove_orphans(folder: Path) -> None:
    """Delete default snapshots whose process has ended (named warehouse-<pid>-<n>.duckdb), so copies
    do not pile up in the data folder."""
    for path in folder.glob("warehouse-*-*.duckdb*"):
        pid = path.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def connect(
    data_dir: str | Path | None = None, *, live: bool = False, wait_seconds: float = DEFAULT_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the warehouse.

    By default it opens a snapshot (see `snapshot`), so keeping it open never stops a refresh. With
    live=True it opens the file itself: always current, but a refresh cannot build the marts until
    it is closed.
    """
    if live:
        return open_read_only(warehouse_path(data_dir), wait_seconds)
    return duckdb.connect(str(snapshot(data_dir=data_dir, wait_seconds=wait_seconds)), read_only=True)


def query(
    sql: str,
    parameters: Sequence[Any] | None = None,
    *,
    data_dir: str | Path | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> pd.DataFrame:
    """Run one query on the live warehouse and return its result as a pandas DataFrame.

    `?` placeholders take parameters, so values never need quoting into the SQL.
    """
    with open_read_only(warehouse_path(data_dir), wait_seconds) as connection:
        return connection.execute(sql, parameters or []).df()


def tables(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The public tables and views (staging views left out), with their row counts and comments."""
    with open_read_only(warehouse_path(data_dir), DEFAULT_WAIT_SECONDS) as connection:
        names = connection.execute(
            "select table_name, table_type from information_schema.tables "
            "where table_schema = 'main' and table_name not like 'stg\\_%' escape '\\' order by table_name"
        ).fetchall()
        rows = [
            {
                "table": name,
                "kind": "view" if kind == "VIEW" else "table",
                "rows": connection.execute(f'select count(*) from "{name}"').fetchone()[0],
            }
            for name, kind in names
        ]
    return pd.DataFrame(rows, columns=["table", "kind", "rows"])
