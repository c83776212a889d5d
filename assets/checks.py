"""Asset checks on the lake: offsets that round-trip into the body, unique keys, explained quarantine."""

import dagster as dg
import duckdb

from assets.documents import DOCUMENTS
from assets.ingest import QUARANTINE
from assets.resources import NewsgraphResource
from pipeline.lake import table_dir


def _lake_query(newsgraph: NewsgraphResource, tables: tuple[str, ...], sql: str) -> list[tuple]:
    """Run SQL over the lake's Parquet files with an in-memory DuckDB (never the warehouse file)."""
    lake = newsgraph.settings.lake_dir
    with duckdb.connect() as connection:
        for table in tables:
            glob = (table_dir(lake, table) / "*.parquet").as_posix()
            connection.execute(f"create view {table} as select * from read_parquet('{glob}')")
        return connection.execute(sql).fetchall()


def _offsets_check(newsgraph: NewsgraphResource, table: str) -> dg.AssetCheckResult:
    rows = _lake_query(
        newsgraph,
        ("documents", table),
        f"""
        select t.doc_id, t.text, substr(d.body, t.start_char + 1, t.end_char - t.start_char) as in_body
        from {table} t left join documents d using (doc_id)
        where d.body is null or in_body is distinct from t.text
        """,
    )
    return dg.AssetCheckResult(
        passed=not rows,
        metadata={"mismatches": len(rows), "examples": dg.MetadataValue.json([list(r) for r in rows[:5]])},
    )


@dg.asset_check(asset=dg.AssetKey(["lake", "entity_mentions"]), blocking=True)
def entity_mentions_offsets_match_body(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    """substr(body, start_char + 1, end_char - start_char) = text for every mention."""
    return _offsets_check(newsgraph, "entity_mentions")


@dg.asset_check(asset=dg.AssetKey(["lake", "quotes"]), blocking=True)
def quotes_offsets_match_body(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    """substr(body, start_char + 1, end_char - start_char) = text for every quote."""
    return _offsets_check(newsgraph, "quotes")


@dg.asset_check(asset=DOCUMENTS, blocking=True)
def documents_doc_id_unique(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    """Re-running must never duplicate documents."""
    rows = _lake_query(
        newsgraph,
        ("documents",),
        "select doc_id, count(*) from documents group by doc_id having count(*) > 1",
    )
    return dg.AssetCheckResult(passed=not rows, metadata={"duplicated_ids": len(rows)})


@dg.asset_check(asset=QUARANTINE)
def quarantine_reasons_present(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    """Every quarantined file says why, so nothing is dropped silently."""
    ((total, unexplained),) = _lake_query(
        newsgraph,
        ("quarantine",),
        "select count(*), count(*) filter (where coalesce(trim(reason), '') = '') from quarantine",
    )
    return dg.AssetCheckResult(
        passed=unexplained == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"quarantined": total, "without_reason": unexplained},
    )
