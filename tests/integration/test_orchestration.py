"""Incremental batches: the sensor, re-runs, edited files, backfill equivalence and a non-local lake."""

import shutil

import dagster as dg
import pytest
from upath import UPath

from assets.resources import NewsgraphResource
from assets.sensors import raw_files_sensor
from pipeline.lake.io import read_parquet
from tests.integration.conftest import SAMPLE_RAW, definitions_for, materialize_everything, query

# Tables compared between a run in one batch and a backfill in several: keys and content, not batch ids.
COMPARED = {
    "documents": "select doc_id, dup_cluster_id, is_canonical, story_id, title, published_at, body from documents",
    "entities": "select entity_id, name, type, aliases, mention_count, doc_count from entities",
    "quotes": "select quote_id, text, speaker, cue, kind from quotes",
    "events": "select event_id, event_type, start_date, location, doc_count from events",
    "quarantine": "select source_path, reason from quarantine",
    "stories": "select story_id, doc_count, first_seen, last_seen from stories",
}


def sample_copy(tmp_path, names=None):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(p for p in SAMPLE_RAW.rglob("*") if p.is_file()):
        if names is None or path.name in names:
            target = raw / path.relative_to(SAMPLE_RAW)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    return raw


def evaluate_sensor(newsgraph: NewsgraphResource, cursor: str | None, instance: dg.DagsterInstance):
    context = dg.build_sensor_context(cursor=cursor, resources={"newsgraph": newsgraph}, instance=instance)
    return raw_files_sensor(context)


def test_the_sensor_registers_one_bounded_batch_per_tick_with_a_run_key(tmp_path):
    raw = sample_copy(tmp_path)
    newsgraph = NewsgraphResource(raw_dir=str(raw), data_dir=str(tmp_path / "data"), max_batch_files=10)
    instance = dg.DagsterInstance.ephemeral()

    first = evaluate_sensor(newsgraph, None, instance)
    (request,) = first.run_requests
    (added,) = first.dynamic_partitions_requests
    assert request.run_key == request.partition_key == added.partition_keys[0]
    assert request.tags["newsgraph/files"] == "10"
    assert request.job_name == "process_batch"  # nothing else waiting: the batch and the corpus in one run

    second = evaluate_sensor(newsgraph, first.cursor, instance)
    assert second.run_requests[0].tags["newsgraph/files"] == str(
        sum(1 for p in raw.rglob("*") if p.is_file()) - 10
    )
    assert second.run_requests[0].run_key > request.run_key

    idle = evaluate_sensor(newsgraph, second.cursor, instance)
    assert not idle.run_requests and "no new or changed files" in idle.skip_reason.skip_message


def test_a_batch_arriving_behind_a_running_run_leaves_the_corpus_step_to_automation(tmp_path):
    raw = sample_copy(tmp_path)
    newsgraph = NewsgraphResource(raw_dir=str(raw), data_dir=str(tmp_path / "data"), max_batch_files=10)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_run(
        dg.DagsterRun(job_name="process_batch", run_id="running", status=dg.DagsterRunStatus.STARTED)
    )
    (request,) = evaluate_sensor(newsgraph, None, instance).run_requests
    assert request.job_name == "ingest_batch"


@pytest.mark.slow
def test_a_sensor_without_cursor_does_not_redo_batches_make_run_already_processed(tmp_path):
    raw = sample_copy(tmp_path, {"2024-03-14_vpa_ostrova-marten-roadmap.txt"})
    data = tmp_path / "data"
    instance = dg.DagsterInstance.ephemeral()
    materialize_everything(raw, data, instance)
    result = evaluate_sensor(NewsgraphResource(raw_dir=str(raw), data_dir=str(data)), None, instance)
    assert not result.run_requests


@pytest.mark.slow
def test_an_edited_file_replaces_its_rows_and_an_unchanged_rerun_adds_none(tmp_path):
    names = {
        "2024-03-12_marsk-herald_kresnik-meets-reyne.md",
        "2024-03-20_veldoria-today_national-bank-holds-rate.txt",
    }
    raw, data = sample_copy(tmp_path, names), tmp_path / "data"
    instance = dg.DagsterInstance.ephemeral()
    materialize_everything(raw, data, instance)
    counts = "select (select count(*) from documents), (select count(*) from quotes), (select count(*) from entity_mentions)"
    before = query(data, counts)

    materialize_everything(raw, data, instance)
    assert query(data, counts) == before
    assert len(instance.get_dynamic_partitions("ingest_batches")) == 1

    edited = raw / "2024-03-20_veldoria-today_national-bank-holds-rate.txt"
    edited.write_text(edited.read_text() + "\n\nA late paragraph the editors appended.\n")
    materialize_everything(raw, data, instance)
    assert len(instance.get_dynamic_partitions("ingest_batches")) == 2
    assert query(data, "select count(*) from documents")[0][0] == before[0][0]
    (body,) = query(data, f"select body from documents where source_path = '{edited.name}'")[0]
    assert body.endswith("A late paragraph the editors appended.")
    assert query(data, counts)[0][1:] == before[0][1:]


@pytest.fixture(scope="module")
def one_batch_and_backfill(tmp_path_factory):
    one, many = tmp_path_factory.mktemp("one_batch"), tmp_path_factory.mktemp("backfill")
    materialize_everything(SAMPLE_RAW, one)
    materialize_everything(SAMPLE_RAW, many, max_batch_files=4)
    return one, many


@pytest.mark.slow
@pytest.mark.parametrize("table", COMPARED)
def test_backfilling_in_batches_gives_the_tables_of_one_full_run(one_batch_and_backfill, table):
    one, many = one_batch_and_backfill
    sql = COMPARED[table] + " order by all"
    assert query(many, sql) == query(one, sql)


@pytest.mark.slow
def test_the_backfill_really_ran_several_batches(one_batch_and_backfill):
    _, many = one_batch_and_backfill
    assert query(many, "select count(distinct batch_id) from documents")[0][0] >= 3


@pytest.mark.slow
def test_the_lake_can_live_on_any_fsspec_filesystem(tmp_path):
    raw = sample_copy(tmp_path, {"2024-03-12_marsk-herald_kresnik-meets-reyne.md", "empty.md"})
    lake_url = "memory://newsgraph-e2e/lake"
    defs = definitions_for(raw, tmp_path / "data", lake_url=lake_url)
    instance = dg.DagsterInstance.ephemeral()
    from assets.cli import register_new_batches

    (batch,) = register_new_batches(instance, defs.resources["newsgraph"])
    graph = defs.resolve_asset_graph()
    # dbt reads the lake through DuckDB, which has no memory:// filesystem: the Python assets only.
    # The dbt tests on lake sources are checks on these assets: they need dbt too, so they stay out.
    python_assets = [k for k in graph.materializable_asset_keys if k.path[0] == "lake"]
    python_only = dg.define_asset_job(
        "python_only", selection=dg.AssetSelection.assets(*python_assets).without_checks()
    )
    defs = dg.Definitions.merge(defs, dg.Definitions(jobs=[python_only]))
    result = defs.resolve_job_def("python_only").execute_in_process(
        partition_key=batch.batch_id, instance=instance
    )
    assert result.success
    lake = UPath(lake_url)
    documents = read_parquet(lake / "documents" / "data.parquet")
    assert documents.num_rows == 1
    assert read_parquet(lake / "quarantine" / f"{batch.batch_id}.parquet").column(
        "source_path"
    ).to_pylist() == ["empty.md"]
    assert read_parquet(lake / "entities" / "data.parquet").num_rows > 0
    assert not (tmp_path / "data" / "lake").exists()
