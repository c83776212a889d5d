"""Where a lake table's files live: the one place that knows the layout.

    <lake>/<table>/<batch_id>.parquet   a per-batch table, one file per ingest batch
    <lake>/<table>/data.parquet         a corpus-wide table, rebuilt whole
    <lake>/_batches/<batch_id>.json     the manifest of a registered batch

dbt's sources read the same files through `TABLE_GLOB` (a test checks `sources.yml` against it).
"""

from upath import UPath

CORPUS_FILE_STEM = "data"
EXTENSION = ".parquet"
MANIFEST_FOLDER = "_batches"
# Every file of a table, as DuckDB's read_parquet globs it; `{name}` is the table.
TABLE_GLOB = "{name}/*" + EXTENSION


def table_folder(lake: UPath, table: str) -> UPath:
    return lake / table


def table_file(lake: UPath, table: str, batch_id: str | None = None) -> UPath:
    """The file of one batch of a per-batch table, or the file of a corpus-wide table (batch_id None)."""
    return table_folder(lake, table) / f"{batch_id or CORPUS_FILE_STEM}{EXTENSION}"


def table_files(lake: UPath, table: str) -> list[UPath]:
    """Every file a table has, in batch order (batch ids sort in registration order)."""
    folder = table_folder(lake, table)
    if not folder.exists():
        return []
    return sorted(folder.glob("*" + EXTENSION), key=lambda p: p.name)


def manifest_folder(lake: UPath) -> UPath:
    return lake / MANIFEST_FOLDER


def manifest_file(lake: UPath, batch_id: str) -> UPath:
    return manifest_folder(lake) / f"{batch_id}.json"
