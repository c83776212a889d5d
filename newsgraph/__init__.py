"""newsgraph for notebooks and scripts: the warehouse as a read-only DuckDB connection or as frames.

    >>> import newsgraph
    >>> newsgraph.query("select speaker, quote_count from speaker_quotes order by quote_count desc limit 5")
    >>> profile = newsgraph.query("select * from entity_profiles where name = ?", ["Tomas Reyne"])
    >>> with newsgraph.connect() as con:   # a DuckDB connection: SQL, relations, .df(), .arrow()
    ...     con.sql("select event_date, event_type, actors from event_timeline order by event_date").df()

The warehouse is found by NEWSGRAPH_DATA_DIR (default `data`, as for `make run`), or pass data_dir.

Why a snapshot: DuckDB lets many processes read a file or one process write it, never both. A
connection held open on the live file (a notebook left running) would make the next refresh's dbt
step fail to open the warehouse. `connect()` therefore copies the warehouse while holding a short
read lock and opens the copy; `query()` opens the live file only for the one query. Views (the
public tables that only rename a staged lake table) read the Parquet lake directly, so a snapshot is
as fresh as the lake for those and as of the copy for the modelled marts.
"""

from newsgraph.warehouse import WarehouseMissing, connect, query, snapshot, tables, warehouse_path

__all__ = ["WarehouseMissing", "connect", "query", "snapshot", "tables", "warehouse_path"]
