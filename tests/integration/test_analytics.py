"""The analyst's side on the sample warehouse: the analytic marts, every README cookbook query, the
notebook API, `make sql`'s shell, dbt docs, and the daily briefing rendered in headless Chromium."""

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import matplotlib.image
import pandas as pd
import pytest

import newsgraph
from assets.briefing import daily_briefing
from newsgraph.report import REPORT_NAME

from .conftest import REPO, definitions_for, query

pytestmark = pytest.mark.slow

ANALYTIC_MARTS = [
    "entity_profiles",
    "entity_cooccurrence",
    "event_timeline",
    "speaker_quotes",
    "story_summaries",
    "publisher_daily_volume",
]
COOKBOOK = re.compile(r"^#### (\d+)\. (.+?)\n```sql\n(.*?)```", re.S | re.M)


def cookbook() -> list[tuple[int, str, str]]:
    section = (REPO / "README.md").read_text().split("### SQL cookbook", 1)[1].split("\n## ", 1)[0]
    return [(int(number), question, sql) for number, question, sql in COOKBOOK.findall(section)]


def contains(**expected) -> Callable[[dict], bool]:
    return lambda row: all(row[column] == value for column, value in expected.items())


def names_pair(first: str, second: str) -> Callable[[dict], bool]:
    return lambda row: {row["name_a"], row["name_b"]} == {first, second}


# Per cookbook question: its columns, and a row the sample warehouse must give (data/SAMPLE_DATA.md).
EXPECTED: dict[int, tuple[list[str], Callable[[dict], bool]]] = {
    1: (["speaker", "text", "publisher", "published_at"], contains(speaker="Anton Kresnik")),
    2: (["published_at", "kind", "cue", "text", "publisher"], contains(text="If they do, the rest follows.")),
    3: (
        [
            "event_date",
            "event_type",
            "status",
            "actors",
            "targets",
            "location",
            "source_count",
            "reported_by",
        ],
        contains(event_type="meet", event_date=dt.date(2019, 6, 5)),
    ),
    4: (
        ["one", "other", "meetings", "first_meeting", "last_meeting"],
        contains(one="Anton Kresnik", other="Tomas Reyne"),
    ),
    5: (
        ["name_a", "name_b", "doc_count", "story_count", "first_seen", "last_seen"],
        names_pair("Anton Kresnik", "Tomas Reyne"),
    ),
    6: (
        ["text", "speaker", "publisher_count", "independent_doc_count", "doc_count", "first_published_at"],
        contains(speaker="Tomas Reyne", text="I came to Marsk to listen, and I have listened"),
    ),
    7: (
        ["publisher", "documents", "duplicates", "duplicate_rate", "quarantined"],
        contains(publisher="The Marsk Herald", duplicates=1),
    ),
    8: (["role", "first_seen", "doc_count", "publisher"], contains(role="Caldera Republic President")),
    9: (
        [
            "label",
            "first_seen",
            "last_seen",
            "doc_count",
            "publisher_count",
            "people",
            "event_count",
            "quote_count",
        ],
        contains(
            label="Kresnik and Reyne fail to agree on Vess estuary fishing quotas",
            first_seen=dt.date(2019, 6, 5),
        ),
    ),
    10: (["month", "articles", "mentions"], contains(month=dt.date(2019, 6, 1), articles=1)),
    11: (
        ["event_date", "date_basis", "event_type", "status", "summary", "actors", "targets", "doc_count"],
        contains(event_type="visit", event_date=dt.date(2024, 3, 11)),
    ),
    12: (
        [
            "speaker",
            "speaker_type",
            "quote_count",
            "direct_count",
            "indirect_count",
            "top_cues",
            "publisher_count",
            "first_quoted_at",
            "last_quoted_at",
        ],
        contains(speaker="Lena Ostrova", speaker_type="PERSON"),
    ),
    13: (
        ["month", "cooperation", "conflict", "mean_goldstein"],
        lambda row: row["month"] == dt.date(2019, 6, 1) and row["cooperation"] >= 1,
    ),
    14: (
        ["source_path", "stage", "reason", "detected_at"],
        contains(source_path="empty.md", reason="empty file"),
    ),
    15: (
        ["label", "publishers", "doc_count", "first_seen"],
        contains(label="Freight rates at Port Alven fall ahead of Hollin pilot"),
    ),
    16: (
        ["text", "speaker", "published_at", "publisher", "original_article", "title"],
        contains(speaker="Lena Ostrova", original_article=True),
    ),
}


def test_the_cookbook_has_at_least_twelve_questions_each_with_an_expectation():
    numbers = [number for number, _, _ in cookbook()]
    assert len(numbers) >= 12
    assert numbers == sorted(EXPECTED)


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_cookbook_query_returns_its_columns_and_a_known_row(sample_warehouse, number):
    data_dir, _ = sample_warehouse
    (sql,) = [sql for n, _, sql in cookbook() if n == number]
    columns, known_row = EXPECTED[number]
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as connection:
        cursor = connection.execute(sql)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    assert names == columns
    assert rows, "the query returned nothing"
    assert any(known_row(row) for row in rows), rows[:5]


def test_every_analytic_mart_is_built_with_one_row_per_grain(sample_warehouse):
    data_dir, _ = sample_warehouse
    for mart in ANALYTIC_MARTS:
        assert query(data_dir, f"select count(*) from {mart}")[0][0] > 0, mart
    # Marts with an upstream grain cover all of it.
    for mart, base in [
        ("entity_profiles", "entities"),
        ("event_timeline", "events where event_type <> 'occurrence'"),  # typed events only
        ("story_summaries", "stories"),
    ]:
        assert query(data_dir, f"select count(*) from {mart}") == query(
            data_dir, f"select count(*) from {base}"
        )
    # Volume adds up to the documents and quarantine tables.
    assert query(
        data_dir, "select sum(documents), sum(duplicates), sum(quarantined) from publisher_daily_volume"
    ) == query(
        data_dir,
        "select count(*), count(*) filter (where not is_canonical), (select count(*) from quarantine) from documents",
    )


def test_the_marts_are_assets_downstream_of_their_inputs_with_their_dbt_tests_as_checks(tmp_path):
    graph = definitions_for(tmp_path / "raw", tmp_path / "data").resolve_asset_graph()
    parents = {
        key.to_user_string(): {p.to_user_string() for p in graph.get(key).parent_keys}
        for key in graph.get_all_asset_keys()
    }
    assert {"entity_cooccurrence", "entities", "quotes", "entity_roles"} <= parents["entity_profiles"]
    assert {"events", "event_participants", "event_mentions", "documents"} <= parents["event_timeline"]
    assert {"story_summaries", "speaker_quotes", "event_timeline", "publisher_daily_volume"} <= parents[
        "daily_briefing"
    ]
    checked = {key.asset_key.to_user_string() for key in graph.asset_check_keys}
    assert set(ANALYTIC_MARTS) <= checked


def test_the_refresh_writes_the_briefing_and_links_it_in_the_assets_metadata(sample_warehouse):
    data_dir, result = sample_warehouse
    report = data_dir / "reports" / REPORT_NAME
    assert report.is_file()
    (materialization,) = [
        m for m in result.get_asset_materialization_events() if m.asset_key == daily_briefing.key
    ]
    metadata = materialization.materialization.metadata
    assert metadata["path"] == dg.MetadataValue.path(str(report))


def test_the_briefing_is_self_contained(sample_warehouse):
    data_dir, _ = sample_warehouse
    page = (data_dir / "reports" / REPORT_NAME).read_text()
    # Nothing to fetch: no script, no stylesheet or image from elsewhere (SVG namespaces are names, not fetches).
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    for section in ["stories", "speakers", "events", "map", "volume"]:
        assert f'<section id="{section}">' in page
    assert "Lena Ostrova" in page  # the most-quoted person of the sample's last week


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Run in the page after layout: every chart's size, written into the title for --dump-dom to show.
MEASURE_CHARTS = """<script>
document.title = JSON.stringify([...document.querySelectorAll('figure.chart')].map(
  f => { const r = f.querySelector('svg').getBoundingClientRect(); return [f.id, r.width, r.height]; }));
</script></body>"""


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (make browser installs it)")
def test_the_briefing_renders_in_headless_chromium_with_its_charts(sample_warehouse, tmp_path):
    data_dir, _ = sample_warehouse
    page = tmp_path / "briefing.html"
    page.write_text((data_dir / "reports" / REPORT_NAME).read_text().replace("</body>", MEASURE_CHARTS))
    chromium = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,3000"]
    dom = subprocess.run(
        [*chromium, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    charts = json.loads(re.search(r"<title>(.*?)</title>", dom, re.S).group(1).replace("&quot;", '"'))
    drawn = {chart_id for chart_id, width, height in charts if width > 100 and height > 50}
    # The sample has no geocoded place (its countries are fictional), so no map; the seeds test draws one.
    assert drawn == {"chart-stories", "chart-speakers", "chart-timeline", "chart-volume"}
    screenshot = tmp_path / "briefing.png"
    subprocess.run(
        [*chromium, f"--screenshot={screenshot}", page.as_uri()], capture_output=True, timeout=120, check=True
    )
    pixels = matplotlib.image.imread(screenshot)[..., :3]
    assert (pixels < 0.9).any(axis=-1).mean() > 0.05  # not a blank page: text and charts are painted


def test_the_notebook_api_reads_frames_and_a_snapshot_that_never_blocks_a_refresh(sample_warehouse):
    data_dir, _ = sample_warehouse
    frame = newsgraph.query(
        "select speaker, quote_count from speaker_quotes where speaker = ?",
        ["Lena Ostrova"],
        data_dir=data_dir,
    )
    assert isinstance(frame, pd.DataFrame) and frame["quote_count"].iloc[0] > 0
    assert set(ANALYTIC_MARTS) <= set(newsgraph.tables(data_dir)["table"])
    with newsgraph.connect(data_dir) as connection:
        assert connection.sql("select count(*) from story_summaries").fetchall()[0][0] > 0
        # While the notebook's connection is open, the warehouse's one writer can still open the file.
        duckdb.connect(str(data_dir / "warehouse.duckdb")).close()
        with pytest.raises(duckdb.Error):  # and the snapshot is read-only
            connection.execute("create table scratch as select 1")
    with pytest.raises(newsgraph.WarehouseMissing):
        newsgraph.query("select 1", data_dir=data_dir / "nowhere")


def test_make_sql_runs_a_query_on_a_snapshot(sample_warehouse):
    data_dir, _ = sample_warehouse
    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsgraph.shell",
            "--data-dir",
            str(data_dir),
            "-e",
            "select count(*) as stories from story_summaries",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    stories = query(data_dir, "select count(*) from stories")[0][0]
    assert re.search(rf"│\s*stories\s*│.*│\s*{stories}\s*│", shown, re.S), shown


def test_dbt_docs_generate_documents_the_marts(sample_warehouse, tmp_path):
    data_dir, _ = sample_warehouse
    newsgraph.snapshot(tmp_path / "warehouse.duckdb", data_dir=data_dir)
    target = tmp_path / "target"
    env = {**os.environ, "NEWSGRAPH_DATA_DIR": str(tmp_path), "NEWSGRAPH_LAKE_URL": str(data_dir / "lake")}
    dbt = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")
    subprocess.run(
        [dbt, "docs", "generate", "--quiet", "--profiles-dir", ".", "--target-path", str(target)],
        cwd=REPO / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    catalog = json.loads((target / "catalog.json").read_text())
    documented = {node.split(".")[-1] for node in catalog["nodes"]}
    assert set(ANALYTIC_MARTS) <= documented
    assert (target / "index.html").is_file()
