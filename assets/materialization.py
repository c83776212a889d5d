"""Materialization metadata shared by the asset modules: row counts, schemas and Markdown previews."""

import dagster as dg
import pyarrow as pa

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 60


def markdown_table(rows: list[dict], columns: list[str]) -> str:
    def cell(value) -> str:
        text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def table_metadata(table: pa.Table, preview_columns: list[str], **extra) -> dict:
    """Row count, the Parquet columns, and a preview of the first rows."""
    preview = table.slice(0, PREVIEW_ROWS).select(preview_columns).to_pylist()
    return {
        "dagster/row_count": table.num_rows,
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(field.name, str(field.type)) for field in table.schema]
        ),
        "preview": dg.MetadataValue.md(markdown_table(preview, preview_columns)),
        **extra,
    }


def new_and_updated(
    current: pa.Table, previous: pa.Table | None, key: str, *, version: str | None = None
) -> dict[str, int]:
    """Rows a corpus-wide table gained, changed (its version column moved) and lost since its last write."""

    def versions(table: pa.Table) -> dict:
        values = table.column(version).to_pylist() if version else [None] * table.num_rows
        return dict(zip(table.column(key).to_pylist(), values, strict=True))

    now, before = versions(current), versions(previous) if previous is not None else {}
    kept = now.keys() & before.keys()
    return {
        "new_rows": len(now.keys() - before.keys()),
        "updated_rows": sum(1 for k in kept if now[k] != before[k]),
        "dropped_rows": len(before.keys() - now.keys()),
    }
