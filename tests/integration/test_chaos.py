"""A killed refresh resumes to identical tables (evaluation.chaos), and two refreshes of one data folder
never run at once (assets.cli's refresh lock)."""

import os
import random
import signal
import subprocess
import sys
import threading

import pytest

from assets.cli import EXIT_LOCKED, LOCK_FILE, RefreshRunning, refresh_lock
from evaluation import chaos
from tests.integration.conftest import REPO, SAMPLE_RAW

RERUN_SECONDS = 300


def cli(raw, data, *arguments, output=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "assets.cli", *arguments],
        cwd=REPO,
        env=chaos.environment(raw, data),
        stdout=output,
        stderr=output,
        text=True,
    )


def test_a_second_refresh_with_no_wait_exits_naming_the_one_running(tmp_path):
    (tmp_path / "raw").mkdir()
    with refresh_lock(tmp_path):
        second = cli(tmp_path / "raw", tmp_path, "refresh", "--no-wait")
        _, stderr = second.communicate(timeout=120)
    assert second.returncode == EXIT_LOCKED
    assert f"another refresh is running (pid {os.getpid()})" in stderr


def test_a_second_refresh_waits_for_the_first_to_finish(tmp_path, capsys):
    entered = threading.Event()

    def second():
        with refresh_lock(tmp_path):
            entered.set()

    with refresh_lock(tmp_path):
        waiting = threading.Thread(target=second)
        waiting.start()
        assert not entered.wait(timeout=1), "the second refresh ran beside the first"
    assert entered.wait(timeout=10), "the second refresh never ran"
    waiting.join()
    assert f"another refresh is running (pid {os.getpid()})" in capsys.readouterr().err
    assert (tmp_path / LOCK_FILE).read_text().strip() == str(os.getpid())


def test_the_lock_of_a_killed_refresh_is_released_by_the_os(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from assets.cli import refresh_lock\n"
            "with refresh_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(600)",
            str(tmp_path),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RefreshRunning, match=f"pid {holder.pid}"), refresh_lock(tmp_path, wait=False):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        with refresh_lock(tmp_path, wait=False):
            pass
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict:
    """Checksums and duration of one refresh of the sample corpus that nobody killed."""
    return chaos.baseline(SAMPLE_RAW, tmp_path_factory.mktemp("chaos"), runs=1)


@pytest.mark.slow
@pytest.mark.parametrize(
    "aim, moment",
    [
        # Regression: a refresh killed in its dbt step kept the duckdb_writer pool slot, and every later
        # refresh waited for it forever ("Step blocked by limit for pool duckdb_writer").
        ("dbt", 0.0),
        ("parquet-write", 0.0),
        # Seeded, and early enough that the refresh is still running when it lands: the baseline may have
        # run under more load than the trial (a moment of 0.6 once came after a faster trial's end).
        ("uniform", random.Random(15).uniform(0.05, 0.3)),
    ],
    ids=["in-dbt", "in-a-parquet-write", "at-random"],
)
def test_a_killed_refresh_run_again_gives_identical_tables(uninterrupted, tmp_path, aim, moment):
    kill_after = moment * uninterrupted["seconds"][0]
    settings = chaos.TrialSettings(max_reruns=2, rerun_timeout=RERUN_SECONDS)
    result = chaos.trial(
        1, aim, kill_after, SAMPLE_RAW, tmp_path, uninterrupted["checksums"], set(), settings
    )
    print(f"killed at {result.killed_at_seconds}s in {result.step}; {len(result.reruns)} re-run(s)")
    assert result.killed_run.killed, "the refresh finished before the kill"
    assert result.identical, f"killed in {result.step}: {result.differences}"
    assert result.identical_after_reruns == 1, "the first re-run did not finish the interrupted refresh"
    assert not result.unreadable_parquet
    assert result.warehouse_opens


@pytest.mark.slow
def test_two_refreshes_started_at_once_run_one_after_the_other(uninterrupted, tmp_path):
    data = chaos.fresh_data_dir(tmp_path, "data")
    # Files, not pipes: the one waiting must not be stuck behind an unread pipe of the other.
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    with logs[0].open("w") as first_log, logs[1].open("w") as second_log:
        both = [cli(SAMPLE_RAW, data, "refresh", output=log) for log in (first_log, second_log)]
    try:
        for process in both:
            process.wait(timeout=RERUN_SECONDS)
    finally:
        for process in both:
            process.kill()
            process.wait()
    outputs = [log.read_text() for log in logs]
    assert [process.returncode for process in both] == [0, 0], [o[-2000:] for o in outputs]
    assert sum("another refresh is running" in output for output in outputs) == 1, "one waits for the other"
    lines = sorted(output.strip().splitlines()[-1] for output in outputs)
    assert lines[0].startswith("processed batches: 00001-")
    assert lines[1] == "processed batches: none new (refreshed the marts)"
    assert len(list((data / "lake" / "_batches").glob("*.json"))) == 1
    found = chaos.checksums(data / "warehouse.duckdb")
    assert not chaos.differences(uninterrupted["checksums"], found)
