"""The distributed executor: a refresh whose steps run on two Celery workers (`make workers`, Redis from
`make redis`) gives the tables of the in-process refresh, both workers take steps, and every step that
opens DuckDB runs on the one worker of the DuckDB queue."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from assets.distributed import BROKER
from evaluation import chaos
from tests.integration.conftest import REPO, SAMPLE_RAW

pytestmark = pytest.mark.slow

# Small batches, so a refresh has several per-batch runs for the workers to share.
BATCH_FILES = "6"
DUCKDB_STEPS = {"warehouse", "daily_briefing"}


def _redis_answers() -> bool:
    host, port = "127.0.0.1", 6379
    if BROKER.startswith("redis://"):
        address = BROKER.removeprefix("redis://").split("/")[0]
        host, _, given = address.rpartition(":")
        port = int(given) if given else port
    try:
        with socket.create_connection((host or "127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    return chaos.environment(SAMPLE_RAW, data_dir) | {"NEWSGRAPH_MAX_BATCH_FILES": BATCH_FILES} | extra


def _refresh(data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """A refresh in its own session: on a timeout its coordinator processes go with it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assets.cli", "refresh"],
        cwd=REPO,
        env=_environment(data_dir, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _make(target: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=REPO,
        env=_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _queue_of(data_dir: Path) -> str:
    """The step queue of a data folder's deployment, as make workers names it."""
    named = subprocess.run(
        [sys.executable, "-m", "assets.distributed", "queues"],
        cwd=REPO,
        env=_environment(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    return named.stdout.split()[0]


def _workers_of_steps(dagster_home: Path) -> dict[str, set[str]]:
    """Each step key, with the Celery workers that ran it (from the runs' engine events)."""
    ran_on: dict[str, set[str]] = {}
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        for run in instance.get_runs():
            for record in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
                event = record.dagster_event
                if event is None or not record.message.endswith("in celery worker"):
                    continue
                worker = event.engine_event_data.metadata["Celery worker"].value
                # make workers names them <queue>-<number>@<host>.
                ran_on.setdefault(event.step_key, set()).add(str(worker).split("@")[0].rsplit("-", 1)[1])
    return ran_on


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on the broker's address: run `make redis`")
def test_a_refresh_on_two_celery_workers_gives_the_tables_of_the_in_process_run(tmp_path):
    in_process = chaos.fresh_data_dir(tmp_path, "in-process")
    done = _refresh(in_process)
    assert done.returncode == 0, done.stderr[-3000:]

    distributed = chaos.fresh_data_dir(tmp_path, "celery")
    started = _make("workers", distributed)
    try:
        assert started.returncode == 0, started.stdout[-2000:] + started.stderr[-2000:]
        assert f"2 of 2 Celery workers answering on {_queue_of(distributed)}" in started.stdout
        done = _refresh(distributed, NEWSGRAPH_EXECUTOR="celery")
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        stopped = _make("workers-stop", distributed)
    assert stopped.returncode == 0, stopped.stderr
    # make workers-stop removes a pid file once its worker is gone (killing it past a grace period).
    assert not list((distributed / "celery").glob("*.pid")), "a worker outlived make workers-stop"

    batches = done.stdout.strip().splitlines()[-1]
    assert batches.startswith("processed batches: 00001-") and "00003-" in batches, batches
    expected = chaos.checksums(in_process / "warehouse.duckdb")
    assert chaos.differences(expected, chaos.checksums(distributed / "warehouse.duckdb")) == {}

    ran_on = _workers_of_steps(distributed / "dagster_home")
    assert set().union(*ran_on.values()) == {"1", "2"}, ran_on
    assert ran_on.keys() >= DUCKDB_STEPS, ran_on
    # Only the first worker consumes the DuckDB queue (Makefile, `workers`).
    assert all(ran_on[step] == {"1"} for step in DUCKDB_STEPS), ran_on
