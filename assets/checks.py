"""Asset checks on the lake: keys, offsets that round-trip into the body, references, quarantine, duplicates.

Checks read the lake through the same paths as the IO manager (so they work on any fsspec URL) and
query the Arrow tables with an in-memory DuckDB, never the warehouse file (only dbt writes that).
"""

import dagster as dg
import duckdb
import pyarrow as pa

from assets.documents import DOCUMENTS
from assets.ingest import QUARANTINE
from assets.resources import NewsgraphResource
from pipeline.lake import concat, read_parquet

# A batch in which more than this share of files cannot be read points at a broken feed, not bad luck.
QUARANTINE_SHARE_WARNING = 0.5
# The corpus duplicate rate moving this much in one refresh points at a feed re-sending its archive.
DUPLICATE_RATE_JUMP = 0.2


def load_lake_table(newsgraph: NewsgraphResource, table: str) -> pa.Table:
    """A corpus-wide table's data.parquet, or every batch file of a per-batch table."""
    folder = newsgraph.lake / table
    if not folder.exists():
        return concat(table, [])
    return concat(table, [read_parquet(p) for p in sorted(folder.glob("*.parquet"), key=lambda p: p.name)])


def query(newsgraph: NewsgraphResource, tables: tuple[str, ...], sql: str) -> list[tuple]:
    with duckdb.connect() as connection:
        for table in tables:
            connection.register(table, load_lake_table(newsgraph, table))
        return connection.execute(sql).fetchall()


def _result(
    rows: list[tuple], severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR
) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not rows,
        severity=severity,
        metadata={
            "failing_rows": len(rows),
            "examples": dg.MetadataValue.json([list(map(str, r)) for r in rows[:5]]),
        },
    )


def key_check(table: str, key: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=["lake", table], name=f"{table}_{key}_unique_and_not_null", blocking=True)
    def _check(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
        rows = query(
            newsgraph,
            (table,),
            f"select {key}, count(*) from {table} group by {key} having {key} is null or count(*) > 1",
        )
        return _result(rows)

    _check.__doc__ = f"Every {table} row has a {key} and no two share it, so re-runs never duplicate rows."
    return _check


def offsets_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=["lake", table], name=f"{table}_offsets_match_body", blocking=True)
    def _check(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
        rows = query(
            newsgraph,
            ("documents", table),
            f"""
            select t.doc_id, t.text, substr(d.body, t.start_char + 1, t.end_char - t.start_char) as in_body
            from {table} t left join documents d using (doc_id)
            where d.body is null or in_body is distinct from t.text
            """,
        )
        return _result(rows)

    _check.__doc__ = f"substr(body, start_char + 1, end_char - start_char) = text for every {table} row."
    return _check


def reference_check(table: str, column: str, target: str, target_key: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=["lake", table], name=f"{table}_{column}_in_{target}")
    def _check(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
        rows = query(
            newsgraph,
            (table, target),
            f"""
            select distinct t.{column} from {table} t
            where t.{column} is not null and t.{column} not in (select {target_key} from {target})
            """,
        )
        return _result(rows)

    _check.__doc__ = f"Every {table}.{column} points at an existing {target} row."
    return _check


@dg.asset_check(asset=QUARANTINE)
def quarantine_reasons_present(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    """Every quarantined file says why, so nothing is dropped silently."""
    rows = query(
        newsgraph, ("quarantine",), "select source_path from quarantine where coalesce(trim(reason), '') = ''"
    )
    return _result(rows, severity=dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset=QUARANTINE)
def quarantine_growth(newsgraph: NewsgraphResource) -> dg.AssetCheckResult:
    """Warns when a batch lost more than half its files to quarantine: a broken feed, not bad luck."""
    rows = query(
        newsgraph,
        ("quarantine", "raw_documents"),
        f"""
        with per_batch as (
            select batch_id, count(*) as quarantined, 0 as read from quarantine group by batch_id
            union all
            select batch_id, 0, count(*) from raw_documents group by batch_id
        )
        select batch_id, sum(quarantined) / (sum(quarantined) + sum(read)) as share
        from per_batch group by batch_id
        having share > {QUARANTINE_SHARE_WARNING}
        order by batch_id
        """,
    )
    (total,) = query(newsgraph, ("quarantine",), "select count(*) from quarantine")[0]
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "quarantined_total": total,
            "batches_over_threshold": dg.MetadataValue.json([[b, round(s, 3)] for b, s in rows]),
        },
    )


@dg.asset_check(asset=DOCUMENTS)
def documents_duplicate_rate_stable(context: dg.AssetCheckExecutionContext, newsgraph: NewsgraphResource):
    """Warns when the corpus duplicate rate jumps between two refreshes (a feed re-sending its archive)."""
    ((rate,),) = query(
        newsgraph,
        ("documents",),
        "select coalesce(avg(case when is_canonical then 0 else 1 end), 0) from documents",
    )
    history = context.instance.fetch_materializations(DOCUMENTS, limit=2).records
    rates = [
        r.asset_materialization.metadata["duplicate_rate"].value
        for r in history
        if r.asset_materialization and "duplicate_rate" in r.asset_materialization.metadata
    ]
    previous = rates[1] if len(rates) > 1 else None
    return dg.AssetCheckResult(
        passed=previous is None or abs(rate - previous) <= DUPLICATE_RATE_JUMP,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"duplicate_rate": float(rate), "previous_duplicate_rate": previous},
    )


ALL_CHECKS = [
    key_check("documents", "doc_id"),
    key_check("entities", "entity_id"),
    key_check("quotes", "quote_id"),
    key_check("events", "event_id"),
    offsets_check("entity_mentions"),
    offsets_check("quotes"),
    offsets_check("event_mentions"),
    reference_check("entity_mentions", "entity_id", "entities", "entity_id"),
    reference_check("entity_mentions", "doc_id", "documents", "doc_id"),
    reference_check("quotes", "doc_id", "documents", "doc_id"),
    reference_check("quotes", "speaker_entity_id", "entities", "entity_id"),
    reference_check("event_participants", "event_id", "events", "event_id"),
    reference_check("event_participants", "entity_id", "entities", "entity_id"),
    reference_check("event_mentions", "doc_id", "documents", "doc_id"),
    quarantine_reasons_present,
    quarantine_growth,
    documents_duplicate_rate_stable,
]
