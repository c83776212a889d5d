"""The daily briefing: an HTML page written from the marts after every refresh (newsgraph.report)."""

import dagster as dg

from assets.dbt import DUCKDB_POOL
from assets.distributed import DUCKDB_STEP_TAGS
from assets.resources import NewsgraphResource
from newsgraph.report import DEFAULT_DAYS, write_report

# The marts the page reads (and the base tables it joins them to); it follows their rebuild.
BRIEFING_INPUTS = [
    dg.AssetKey(name)
    for name in (
        "story_summaries",
        "speaker_quotes",
        "event_timeline",
        "publisher_daily_volume",
        "documents",
        "quotes",
        "entities",
    )
]


@dg.asset(
    group_name="warehouse",
    deps=BRIEFING_INPUTS,
    kinds={"html", "duckdb"},
    automation_condition=dg.AutomationCondition.eager(),
    # It only reads the warehouse, but DuckDB refuses a reader while dbt writes: same one-at-a-time pool.
    pool=DUCKDB_POOL,
    op_tags=DUCKDB_STEP_TAGS,
)
def daily_briefing(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource) -> dg.MaterializeResult:
    """A self-contained HTML page of the latest publication days: top stories, most-quoted people, an
    events timeline, a map of event places and publisher volume (<data dir>/reports/briefing.html)."""
    path = write_report(data_dir=newsgraph.settings.data_dir, days=DEFAULT_DAYS)
    context.log.info(f"briefing written to {path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "open": dg.MetadataValue.url(path.as_uri()),
            "size_bytes": path.stat().st_size,
        }
    )
