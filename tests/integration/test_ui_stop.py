"""`make ui` stops on one Ctrl-C: the terminal's SIGINT to the process group leaves no webserver, daemon,
code server, run worker or step process behind.

Regression: a `make ui` started with SIGINT ignored (`make ui &` from a script, nohup, a CI step) passed
that on to dagster dev, which maps SIGTERM onto its SIGINT handler, so neither SIGINT nor SIGTERM stopped
it and the webserver, daemon and code server kept running (the Makefile now resets both signals).
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.integration.conftest import REPO, SAMPLE_RAW
from tests.integration.test_webserver import free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds leftovers through /proc"),
]

# make may run `dbt parse` first; then the code location loads spaCy and dbt.
STARTUP_TRIES = 120
STOP_SECONDS = 30


def processes_of(session: int, data_dir: Path) -> dict[int, str]:
    """Live processes (pid -> command line) of the session, or whose environment names this test's data
    folder: a descendant that left the session (setsid) still carries make's environment."""
    marker = f"NEWSGRAPH_DATA_DIR={data_dir}\0".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # Fields after the parenthesised command: state, ppid, pgrp, session, ...
            state, _, _, sid = stat[stat.rindex(")") + 2 :].split()[:4]
            if state == "Z":  # exited, only waiting for its parent to read the status
                continue
            if int(sid) == session or marker in (entry / "environ").read_bytes():
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def ignore_sigint() -> None:
    """What a non-interactive shell does to a command it starts in the background (`make ui &`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize(
    "started", ["from a terminal", "in the background of a script"], ids=["terminal", "sigint-ignored"]
)
def test_one_sigint_to_make_ui_stops_every_process_it_started(tmp_path, started):
    raw, data = tmp_path / "raw", tmp_path / "data"
    raw.mkdir()
    shutil.copy(SAMPLE_RAW / "2024-03-14_vpa_ostrova-marten-roadmap.txt", raw)
    port = free_port()
    # NEWSGRAPH_* and make's own variables of the calling shell (`make test` exports some) must not leak in.
    leaking = ("NEWSGRAPH_", "MAKE", "MFLAGS", "DAGSTER_HOME")
    env = {name: value for name, value in os.environ.items() if not name.startswith(leaking)}
    env |= {
        "NEWSGRAPH_RAW_DIR": str(raw),
        # Unique to this test: every descendant inherits it, which is how leftovers are recognised.
        "NEWSGRAPH_DATA_DIR": str(data),
        "NEWSGRAPH_UI_PORT": str(port),
        "NEWSGRAPH_REFRESH_CRON": "0 0 1 1 *",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log_path = tmp_path / "make_ui.log"
    with log_path.open("w") as log:
        make = subprocess.Popen(
            ["make", "ui"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own session and process group, as a terminal gives a foreground job.
            start_new_session=True,
            preexec_fn=ignore_sigint if started == "in the background of a script" else None,
        )
    session = make.pid
    try:
        for _ in range(STARTUP_TRIES):
            assert make.poll() is None, f"make ui exited early:\n{log_path.read_text()[-3000:]}"
            try:
                if requests.get(f"http://127.0.0.1:{port}/server_info", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        else:
            raise AssertionError(f"the webserver did not answer on 127.0.0.1:{port}")
        assert len(processes_of(session, data)) >= 4, "expected make, dagster dev, webserver, daemon"

        os.killpg(session, signal.SIGINT)  # one Ctrl-C
        stopped_at = time.monotonic() + STOP_SECONDS
        with contextlib.suppress(subprocess.TimeoutExpired):
            make.wait(timeout=STOP_SECONDS)
        left = processes_of(session, data)
        while left and time.monotonic() < stopped_at:
            time.sleep(0.5)
            left = processes_of(session, data)
        assert not left, (
            f"left running {STOP_SECONDS}s after one SIGINT: {left}\n{log_path.read_text()[-3000:]}"
        )
        assert make.poll() is not None
    finally:
        for pid in processes_of(session, data):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if make.poll() is None:
            make.kill()
            make.wait()
