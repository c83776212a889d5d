"""Asset checks on the lake: keys, offsets that round-trip into the body, references, quarantine, duplicates.

Checks read the lake through the same paths as the IO manager (so they work on any fsspec URL) and
query the Arrow tables with an in-memory DuckDB, never the warehouse file (only dbt writes that).
"""

import dagster as dg
import duckdb
import pyarrow as pa

from assets.corpus import DOCUMENTS
from assets.resources import NewsgraphResource
from pipeline.lake.io import concat, read_parquet

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


class LakeReader:
    """The lake tables one group of checks queries, each read once however many checks use it."""

    def __init__(self, newsgraph: NewsgraphResource):
        self.newsgraph = newsgraph
        self._tables: dict[str, pa.Table] = {}

    def query(self, tables: tuple[str, ...], sql: str) -> list[tuple]:
        with duckdb.connect() as connection:
            for table in tables:
                if table not in self._tables:
                    self._tables[table] = load_lake_table(self.newsgraph, table)
                connection.register(table, self._tables[table])
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


class LakeCheck:
    """One invariant of one lake table: its spec (name, blocking, description) and how to evaluate it."""

    def __init__(self, table: str, name: str, description: str, evaluate, *, blocking: bool = False):
        self.spec = dg.AssetCheckSpec(
            name, asset=dg.AssetKey(["lake", table]), description=description, blocking=blocking
        )
        self.evaluate = evaluate

    def run(self, context: dg.AssetCheckExecutionContext, lake: LakeReader) -> dg.AssetCheckResult:
        result = self.evaluate(context, lake)
        return dg.AssetCheckResult(
            asset_key=self.spec.asset_key,
            check_name=self.spec.name,
            passed=result.passed,
            severity=result.severity,
            metadata=result.metadata,
        )


def unique_key(table: str, key: str) -> LakeCheck:
    sql = f"select {key}, count(*) from {table} group by {key} having {key} is null or count(*) > 1"
    return LakeCheck(
        table,
        f"{table}_{key}_unique_and_not_null",
        f"Every {table} row has a {key} and no two share it, so re-runs never duplicate rows.",
        lambda _, lake: _result(lake.query((table,), sql)),
        blocking=True,
    )


def offsets_match_body(table: str) -> LakeCheck:
    sql = f"""
        select t.doc_id, t.text, substr(d.body, t.start_char + 1, t.end_char - t.start_char) as in_body
        from {table} t left join documents d using (doc_id)
        where d.body is null or in_body is distinct from t.text
    """
    return LakeCheck(
        table,
        f"{table}_offsets_match_body",
        f"substr(body, start_char + 1, end_char - start_char) = text for every {table} row.",
        lambda _, lake: _result(lake.query(("documents", table), sql)),
        blocking=True,
    )


def references(table: str, column: str, target: str, target_key: str) -> LakeCheck:
    sql = f"""
        select distinct t.{column} from {table} t
        where t.{column} is not null and t.{column} not in (select {target_key} from {target})
    """
    return LakeCheck(
        table,
        f"{table}_{column}_in_{target}",
        f"Every {table}.{column} points at an existing {target} row.",
        lambda _, lake: _result(lake.query((table, target), sql)),
    )


def _quarantine_reasons_present(_, lake: LakeReader) -> dg.AssetCheckResult:
    rows = lake.query(
        ("quarantine",), "select source_path from quarantine where coalesce(trim(reason), '') = ''"
    )
    return _result(rows, severity=dg.AssetCheckSeverity.WARN)


def _quarantine_growth(_, lake: LakeReader) -> dg.AssetCheckResult:
    rows = lake.query(
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
    (total,) = lake.query(("quarantine",), "select count(*) from quarantine")[0]
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "quarantined_total": total,
            "batches_over_threshold": dg.MetadataValue.json([[b, round(s, 3)] for b, s in rows]),
        },
    )


def _duplicate_rate_stable(context: dg.AssetCheckExecutionContext, lake: LakeReader) -> dg.AssetCheckResult:
    ((rate,),) = lake.query(
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


def multi_check(name: str, description: str, checks: list[LakeCheck]) -> dg.AssetChecksDefinition:
    """Several checks evaluated in one step: under the multiprocess executor every step is a process."""

    @dg.multi_asset_check(specs=[c.spec for c in checks], name=name, description=description)
    def _checks(context: dg.AssetCheckExecutionContext, newsgraph: NewsgraphResource):
        lake = LakeReader(newsgraph)
        for check in checks:
            yield check.run(context, lake)

    return _checks


quarantine_checks = multi_check(
    "quarantine_checks",
    "Nothing is dropped silently, and no batch loses most of its files.",
    [
        LakeCheck(
            "quarantine",
            "quarantine_reasons_present",
            "Every quarantined file says why, so nothing is dropped silently.",
            _quarantine_reasons_present,
        ),
        LakeCheck(
            "quarantine",
            "quarantine_growth",
            f"Warns when a batch lost more than {QUARANTINE_SHARE_WARNING:.0%} of its files: a broken feed.",
            _quarantine_growth,
        ),
    ],
)

documents_checks = multi_check(
    "documents_checks",
    "One row per document, and a duplicate rate that does not jump between refreshes.",
    [
        unique_key("documents", "doc_id"),
        LakeCheck(
            DOCUMENTS.path[-1],
            "documents_duplicate_rate_stable",
            "Warns when the corpus duplicate rate jumps between refreshes (a feed re-sending its archive).",
            _duplicate_rate_stable,
        ),
    ],
)

linked_checks = multi_check(
    "linked_checks",
    "Keys, offsets into the body and references of the entity, quote and event tables.",
    [
        unique_key("entities", "entity_id"),
        unique_key("quotes", "quote_id"),
        unique_key("events", "event_id"),
        offsets_match_body("entity_mentions"),
        offsets_match_body("quotes"),
        offsets_match_body("event_mentions"),
        references("entity_mentions", "entity_id", "entities", "entity_id"),
        references("entity_mentions", "doc_id", "documents", "doc_id"),
        references("entity_roles", "entity_id", "entities", "entity_id"),
        references("entities", "country_entity_id", "entities", "entity_id"),
        references("quotes", "doc_id", "documents", "doc_id"),
        references("quotes", "speaker_entity_id", "entities", "entity_id"),
        references("event_participants", "event_id", "events", "event_id"),
        references("event_participants", "entity_id", "entities", "entity_id"),
        references("event_mentions", "doc_id", "documents", "doc_id"),
    ],
)

ALL_CHECKS = [quarantine_checks, documents_checks, linked_checks]
