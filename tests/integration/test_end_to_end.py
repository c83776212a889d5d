"""Every asset materialized in-process over the sample corpus, then queried in DuckDB."""

import os

import pytest

from pipeline.documents.read import source_file
from pipeline.lake.batches import registered_batches
from pipeline.lake.io import lake_path, read_parquet
from pipeline.lake.layout import table_file, table_files
from pipeline.tables import CORPUS_WIDE, LAKE_TABLES
from pipeline.text.normalise import reclean
from tests.integration.conftest import SAMPLE_RAW, materialize_everything, query

pytestmark = pytest.mark.slow

# Read before any run of this module: an in-process run must not leave its paths in the environment.
ENVIRONMENT_BEFORE = {name: os.environ.get(name) for name in ("NEWSGRAPH_DATA_DIR", "NEWSGRAPH_LAKE_URL")}


def test_every_raw_file_is_a_document_or_quarantined(sample_warehouse):
    data_dir, _ = sample_warehouse
    raw_files = {p.relative_to(SAMPLE_RAW).as_posix() for p in SAMPLE_RAW.rglob("*") if p.is_file()}
    documents = {row[0] for row in query(data_dir, "select source_path from documents")}
    quarantined = dict(query(data_dir, "select source_path, reason from quarantine"))
    assert {source_file(path) for path in documents | set(quarantined)} == raw_files
    assert not documents & set(quarantined)
    bad_line = "exports/2024-03_alven-observer.jsonl#L3"
    assert set(quarantined) == {"empty.md", "scan_0001.txt", bad_line}
    assert quarantined["empty.md"] == "empty file"
    assert quarantined["scan_0001.txt"].startswith("binary content")
    assert quarantined[bad_line].startswith("line 3: invalid JSON")
    # The export's good lines are documents of their own, beside the bad one.
    assert {"exports/2024-03_alven-observer.jsonl#L1", "exports/2024-03_alven-observer.jsonl#L2"} <= documents


def test_html_and_jsonl_sources_give_their_stated_metadata(sample_warehouse):
    data_dir, _ = sample_warehouse
    rows = query(
        data_dir,
        """
        select source_format, title, author, publisher, published_precision, body
        from documents where source_format <> 'text' order by source_path
        """,
    )
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("html", "Nadia Ferro", "Veldoria Today"),
        ("jsonl", "Lukas Brenner", "Alven Observer"),
        ("jsonl", None, "Alven Observer"),
    ]
    html_body = rows[0][5]
    assert html_body.startswith("Foreign Minister Lena Ostrova")
    assert "Most read" not in html_body and "newsletter" not in html_body
    assert rows[0][4] == "minute"


def test_public_tables_are_filled_and_typed(sample_warehouse):
    data_dir, _ = sample_warehouse
    counts = dict(
        query(
            data_dir,
            """
            select 'entities', count(*) from entities union all select 'quotes', count(*) from quotes
            union all select 'events', count(*) from events union all select 'mentions', count(*) from entity_mentions
            """,
        )
    )
    assert min(counts.values()) > 0
    (published_type,) = query(data_dir, "select typeof(published_at) from documents limit 1")[0]
    assert published_type == "TIMESTAMP WITH TIME ZONE"


def test_the_syndicated_copy_shares_a_cluster_with_its_original(sample_warehouse):
    data_dir, _ = sample_warehouse
    rows = query(
        data_dir,
        "select count(distinct dup_cluster_id), count(*) filter (where is_canonical) from documents "
        "where source_path like '2024-03-12_marsk-herald_kresnik-meets-reyne%'",
    )
    assert rows == [(1, 1)]


def test_offsets_of_mentions_and_quotes_index_the_body(sample_warehouse):
    data_dir, _ = sample_warehouse
    for table in ("entity_mentions", "quotes"):
        bad = query(
            data_dir,
            f"select count(*) from {table} t join documents d using (doc_id) "
            f"where substr(d.body, t.start_char + 1, t.end_char - t.start_char) <> t.text",
        )
        assert bad == [(0,)], table


def test_quotes_trace_back_to_their_raw_files(sample_warehouse):
    data_dir, _ = sample_warehouse
    rows = query(
        data_dir,
        """
        select d.source_path, q.text, q.raw_start_char, q.raw_end_char
        from quotes q join documents d using (doc_id)
        where d.source_format = 'text' and q.text not like '%' || chr(10) || '%'
        """,
    )
    assert len(rows) > 50
    for source_path, text, raw_start, raw_end in rows:
        raw = (SAMPLE_RAW / source_path).read_text(encoding="utf-8")
        assert reclean(raw[raw_start:raw_end]) == text, (source_path, text)


def test_every_asset_check_passed(sample_warehouse):
    _, result = sample_warehouse
    evaluations = result.get_asset_check_evaluations()
    assert evaluations
    assert [e.check_name for e in evaluations if not e.passed] == []


def test_materialization_metadata_has_row_counts_and_previews(sample_warehouse):
    _, result = sample_warehouse
    materializations = [
        e.event_specific_data.materialization for e in result.get_asset_materialization_events()
    ]
    by_key = {m.asset_key.to_user_string(): m.metadata for m in materializations}
    assert by_key["lake/documents"]["dagster/row_count"].value == 16
    assert "| name | type | mentions |" in by_key["lake/entities"]["top_entities"].value


def test_rerunning_replaces_rows_instead_of_duplicating_them(sample_warehouse):
    data_dir, _ = sample_warehouse
    before = query(data_dir, "select count(*), count(distinct doc_id) from documents")
    materialize_everything(SAMPLE_RAW, data_dir)
    after = query(data_dir, "select count(*), count(distinct doc_id) from documents")
    assert before == after == [(16, 16)]


def test_an_in_process_run_leaves_the_environment_as_it_found_it(sample_warehouse):
    """Regression: the dbt step used to leave NEWSGRAPH_LAKE_URL set, and a later `dagster dev` started
    from the same process read another run's lake."""
    assert {name: os.environ.get(name) for name in ENVIRONMENT_BEFORE} == ENVIRONMENT_BEFORE


def test_every_lake_table_is_written_where_the_layout_says_with_its_records_columns(sample_warehouse):
    """The IO manager, the checks, the bench and dbt's sources all find a table through pipeline.lake.layout."""
    data_dir, _ = sample_warehouse
    lake = lake_path(data_dir / "lake")
    batches = [b.batch_id for b in registered_batches(lake)]
    for name, record in LAKE_TABLES.items():
        files = table_files(lake, name)
        expected = (
            [table_file(lake, name)]
            if record in CORPUS_WIDE
            else [table_file(lake, name, b) for b in batches]
        )
        assert [f.path for f in files] == [f.path for f in expected], name
        assert all(read_parquet(f).schema.equals(record.arrow_schema()) for f in files), name
