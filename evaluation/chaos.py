"""Kill-and-restart trials: a refresh SIGKILLed at a random moment and then run again must leave the
same public tables as a refresh that was never interrupted (issue #15).

    python -m evaluation.chaos --trials 20 --raw data/raw --out bench/chaos.json

First `python -m assets.cli refresh` runs uninterrupted into a fresh data folder (twice by default, to
see which columns differ between two clean runs) and every public table of the warehouse is
checksummed. Then each trial, in a fresh data folder: start the refresh in its own process group,
SIGKILL the group after a seeded uniform delay over the uninterrupted run's duration, note from the log
which step was running, run the refresh again (a second time if the first re-run does not give
identical tables) and compare every table's checksum with the uninterrupted run's. Each trial also
checks that every Parquet file of the lake opens, lists temporary files a killed write left behind
(`.tmp-*`) and opens the warehouse.

Columns that differ between two uninterrupted refreshes of the same files (measured, see VOLATILE)
are compared by what must still agree: a batch id's sequence number, whether a timestamp is set.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
REFRESH = [sys.executable, "-m", "assets.cli", "refresh"]
TEMP_PREFIX = ".tmp-"  # pipeline.lake.io.write_parquet's temporary files

# Measured by two uninterrupted refreshes of data/raw: only these columns differed.
# Batch ids are "<sequence>-<registration time>": the sequence must agree, the time cannot.
BATCH_ID = "batch_id"
# Wall-clock times of the registration or the ingest: only whether they are set must agree.
WALL_CLOCK = {
    ("quarantine", "detected_at"),
    ("ingest_log", "first_seen"),
    ("ingest_log", "last_seen"),
}
VOLATILE = {
    "batch_id (every table)": "compared by its sequence number, split_part(batch_id, '-', 1)",
    **{f"{table}.{column}": "compared by whether it is null" for table, column in sorted(WALL_CLOCK)},
}

STEP_START = re.compile(r" - (\S+) - STEP_START - ")
STEP_END = re.compile(r" - (\S+) - STEP_(?:SUCCESS|FAILURE) - ")
DBT_NODE = re.compile(r"^\d+ of \d+ START (?:sql \w+ model|test|unit_test) (\S+)", re.MULTILINE)
DBT_STEP_START = b'STEP_START - Started execution of step "warehouse"'
RUN_ID = re.compile(r" - ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) - ")


@dataclass
class Refresh:
    """One `python -m assets.cli refresh` process."""

    seconds: float
    returncode: int | None  # None: killed by the trial, or timed out
    killed: bool = False
    timed_out: bool = False
    last_line: str = ""


@dataclass
class Trial:
    """One kill and restart: where the kill landed and whether the re-run gave the same tables."""

    trial: int
    aim: str
    kill_after_seconds: float  # the moment drawn; the kill lands there or, aimed, at the next such step
    killed_at_seconds: float = 0.0
    step: str = ""
    during_parquet_write: bool = False
    killed_run: Refresh | None = None
    reruns: list[Refresh] = field(default_factory=list)
    identical: bool = False
    identical_after_reruns: int | None = None
    differences: dict = field(default_factory=dict)
    temp_files_left: list[str] = field(default_factory=list)
    unreadable_parquet: list[str] = field(default_factory=list)
    warehouse_opens: bool = False
    kept_data_dir: str | None = None


def environment(raw_dir: Path, data_dir: Path) -> dict[str, str]:
    """The variables of `make run` for one data folder; NEWSGRAPH_* and make's own variables of the
    calling shell must not leak in."""
    leaking = ("NEWSGRAPH_", "MAKE", "MFLAGS", "DAGSTER_HOME")
    env = {name: value for name, value in os.environ.items() if not name.startswith(leaking)}
    return env | {
        "NEWSGRAPH_RAW_DIR": str(raw_dir),
        "NEWSGRAPH_DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(data_dir / "dagster_home"),
        # dbt beside this interpreter, as the Makefile puts the virtualenv first on PATH.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def fresh_data_dir(root: Path, name: str) -> Path:
    """A data folder set up as `make` sets one up: Dagster's home holding the project's dagster.yaml."""
    data_dir = root / name
    (data_dir / "dagster_home").mkdir(parents=True)
    shutil.copy(REPO / "dagster.yaml", data_dir / "dagster_home" / "dagster.yaml")
    return data_dir


def temp_files(data_dir: Path) -> list[str]:
    lake = data_dir / "lake"
    return sorted(str(p.relative_to(lake)) for p in lake.rglob(TEMP_PREFIX + "*")) if lake.is_dir() else []


def run_refresh(
    raw_dir: Path,
    data_dir: Path,
    log: Path,
    *,
    kill_after: float | None = None,
    aim: str = "uniform",
    timeout: float = 900,
) -> tuple[Refresh, list[str]]:
    """Run the refresh in its own process group and SIGKILL the group after kill_after seconds, or at
    the first moment after that the aim names (AIMS), or at the timeout. Returns the outcome and the
    temporary lake files present the moment it was killed."""
    started = time.monotonic()
    with log.open("a") as handle:
        process = subprocess.Popen(
            REFRESH,
            cwd=REPO,
            env=environment(raw_dir, data_dir),
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    limit = timeout if kill_after is None else min(kill_after, timeout)
    in_flight: list[str] = []
    try:
        try:
            process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            if kill_after is not None and aim != "uniform":
                ready = AIMS[aim](data_dir, log)
                while process.poll() is None and time.monotonic() < started + timeout and not ready():
                    pass  # a busy loop: a small Parquet file is written in milliseconds
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                in_flight = temp_files(data_dir)
                process.wait()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # Anything of the group still alive (a dbt child that outlived its parent) would keep writing.
    for pid in processes_of_session(process.pid):
        os.kill(pid, signal.SIGKILL)
    seconds = round(time.monotonic() - started, 2)
    ended = process.returncode if process.returncode >= 0 else None
    killed = ended is None and kill_after is not None and seconds < timeout
    lines = log.read_text(errors="replace").strip().splitlines()
    outcome = Refresh(
        seconds=seconds,
        returncode=ended,
        killed=killed,
        timed_out=ended is None and not killed,
        last_line=lines[-1][:300] if lines else "",
    )
    return outcome, in_flight


def writing_parquet(data_dir: Path, log: Path) -> Callable[[], bool]:
    """True while a table folder of the lake holds a temporary Parquet file."""
    lake = data_dir / "lake"

    def ready() -> bool:
        try:
            folders = [entry.path for entry in os.scandir(lake) if entry.is_dir()]
            return any(name.startswith(TEMP_PREFIX) for folder in folders for name in os.listdir(folder))
        except FileNotFoundError:  # no lake yet, or a folder made and gone between the two calls
            return False

    return ready


def in_dbt(data_dir: Path, log: Path) -> Callable[[], bool]:
    """True once the log says the dbt step started (it holds the duckdb_writer pool slot from then)."""
    read = {"offset": 0}

    def ready() -> bool:
        with log.open("rb") as handle:
            handle.seek(read["offset"])
            text = handle.read()
        if DBT_STEP_START in text:
            return True
        read["offset"] += max(0, len(text) - len(DBT_STEP_START))
        time.sleep(0.05)
        return False

    return ready


# What a trial may aim at, after its random moment: any moment, the next Parquet write, the dbt step.
AIMS: dict[str, Callable[[Path, Path], Callable[[], bool]]] = {
    "parquet-write": writing_parquet,
    "dbt": in_dbt,
}


def processes_of_session(session: int) -> list[int]:
    """Live processes of a session (on Linux; elsewhere none are found)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        state, _, _, sid = text[text.rindex(")") + 2 :].split()[:4]
        if int(sid) == session and state != "Z":
            found.append(int(stat.parent.name))
    return found


def step_at_kill(log_text: str, data_dir: Path) -> str:
    """Which step the killed refresh was in, from its log: the last step started and not finished, and
    for the dbt step the last node dbt started."""
    started = STEP_START.findall(log_text)
    finished = set(STEP_END.findall(log_text))
    running = [step for step in started if step not in finished]
    if running:
        step = running[-1]
        if step == "warehouse":
            nodes = DBT_NODE.findall(log_text.split('STEP_START - Started execution of step "warehouse"')[-1])
            return f"warehouse (dbt: {nodes[-1]})" if nodes else "warehouse (dbt starting)"
        return step
    if "RUN_START" not in log_text:
        registered = (data_dir / "lake" / "_batches").is_dir()
        return "startup (batch registered)" if registered else "startup (imports)"
    if "RUN_SUCCESS" in log_text:
        return "after the run (closing)"
    return "between steps"


def phase(step: str) -> str:
    """The step without its detail, for the summary."""
    return step.split(" (")[0]


def checksums(warehouse: Path, unstable: set[tuple[str, str]] = frozenset()) -> dict[str, dict]:
    """Every public table and view of the warehouse (schema main, stg_* views excepted): its row count,
    an order-independent hash of its rows and one of each column, volatile columns normalised."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'main' "
                "order by table_name"
            ).fetchall()
            if not name.startswith("stg_")
        ]
        result = {}
        for table in tables:
            columns = [
                name
                for (name,) in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if (table, name) not in unstable
            ]
            expressions = [comparable(table, column) for column in columns]
            per_column = ", ".join(f"sum(hash({e}))::varchar" for e in expressions)
            row = connection.execute(
                f'select count(*), sum(hash({", ".join(expressions)}))::varchar, {per_column} from "{table}"'
            ).fetchone()
            result[table] = {
                "rows": row[0],
                "rows_hash": row[1],
                "columns": dict(zip(columns, row[2:], strict=True)),
            }
    return result


def comparable(table: str, column: str) -> str:
    """The SQL expression a column is compared by (VOLATILE says why some are not compared as they are)."""
    quoted = '"' + column.replace('"', '""') + '"'
    if column == BATCH_ID:
        return f"split_part({quoted}, '-', 1)"
    if (table, column) in WALL_CLOCK:
        return f"({quoted} is null)"
    return quoted


def differences(expected: dict[str, dict], actual: dict[str, dict]) -> dict[str, dict]:
    """Per table: what differs (missing or extra tables, row counts, the columns whose hashes differ)."""
    found = {}
    for table in sorted(expected.keys() | actual.keys()):
        if table not in actual:
            found[table] = {"missing": True}
        elif table not in expected:
            found[table] = {"extra": True, "rows": actual[table]["rows"]}
        elif expected[table]["rows_hash"] != actual[table]["rows_hash"] or (
            expected[table]["rows"] != actual[table]["rows"]
        ):
            columns = expected[table]["columns"]
            found[table] = {
                "rows": [expected[table]["rows"], actual[table]["rows"]],
                "columns": [c for c in columns if columns[c] != actual[table]["columns"].get(c)],
            }
    return found


def unreadable_parquet(data_dir: Path) -> list[str]:
    """Every file of the lake a reader globbing `*.parquet` picks up (dbt's sources do) that does not
    read: a killed write must leave none."""
    lake = data_dir / "lake"
    bad = []
    for path in sorted(lake.rglob("*.parquet")) if lake.is_dir() else []:
        try:
            pq.read_table(path)
        except Exception as error:  # any failure to read is the finding
            bad.append(f"{path.relative_to(lake)}: {type(error).__name__}: {str(error)[:120]}")
    return bad


def warehouse_opens(data_dir: Path) -> bool:
    try:
        with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as connection:
            connection.execute("select count(*) from information_schema.tables").fetchone()
        return True
    except (duckdb.Error, OSError):
        return False


def dbt_target_dirs(log: Path) -> list[Path]:
    """The dbt target folders dagster-dbt made in dbt_project/target for the runs in this log."""
    target = REPO / "dbt_project" / "target"
    run_ids = set(RUN_ID.findall(log.read_text(errors="replace"))) if log.exists() else set()
    return [p for run_id in run_ids for p in target.glob(f"warehouse-{run_id[:7]}-*")]


def baseline(raw_dir: Path, root: Path, runs: int) -> dict:
    """Uninterrupted refreshes: their duration, the checksums, and columns that still differ between
    them after VOLATILE's normalisation (excluded from the trials, and reported)."""
    measured = []
    for number in range(1, runs + 1):
        data_dir = fresh_data_dir(root, f"baseline-{number}")
        log = data_dir / "refresh.log"
        outcome, _ = run_refresh(raw_dir, data_dir, log)
        if outcome.returncode != 0:
            raise SystemExit(f"the uninterrupted refresh failed ({outcome.last_line}); log: {log}")
        measured.append((outcome.seconds, checksums(data_dir / "warehouse.duckdb")))
        for folder in dbt_target_dirs(log):
            shutil.rmtree(folder, ignore_errors=True)
        print(f"uninterrupted refresh {number}: {outcome.seconds:.1f}s", flush=True)
    first = measured[0][1]
    unstable = sorted(
        {
            (table, column)
            for _, other in measured[1:]
            for table, found in differences(first, other).items()
            for column in found.get("columns", [])
        }
    )
    return {
        "seconds": [s for s, _ in measured],
        "checksums": first,
        "unstable_columns": unstable,
    }


@dataclass(frozen=True)
class TrialSettings:
    """How trials re-run and what they keep."""

    max_reruns: int = 2
    rerun_timeout: float = 0  # seconds a re-run may take; 0: ten times the uninterrupted run, at least 300
    keep: bool = False


def trial(
    number: int,
    aim: str,
    kill_after: float,
    raw_dir: Path,
    root: Path,
    expected: dict,
    unstable: set[tuple[str, str]],
    settings: TrialSettings,
) -> Trial:
    """One kill and restart, compared with the uninterrupted refresh."""
    data_dir = fresh_data_dir(root, f"trial-{number:02d}")
    log = data_dir / "killed.log"
    result = Trial(trial=number, aim=aim, kill_after_seconds=round(kill_after, 2))
    result.killed_run, in_flight = run_refresh(raw_dir, data_dir, log, kill_after=kill_after, aim=aim)
    result.killed_at_seconds = result.killed_run.seconds
    result.step = step_at_kill(log.read_text(errors="replace"), data_dir)
    if not result.killed_run.killed:
        result.step = "finished before the kill"
    result.during_parquet_write = bool(in_flight)
    logs = [log]
    for attempt in range(1, settings.max_reruns + 1):
        rerun_log = data_dir / f"rerun-{attempt}.log"
        logs.append(rerun_log)
        outcome, _ = run_refresh(raw_dir, data_dir, rerun_log, timeout=settings.rerun_timeout)
        result.reruns.append(outcome)
        if outcome.returncode != 0:
            result.differences = {"rerun failed": outcome.last_line}
            continue
        try:
            found = differences(expected, checksums(data_dir / "warehouse.duckdb", unstable))
        except duckdb.Error as error:  # a view over an unreadable lake file, a warehouse that does not open
            found = {"checksums failed": f"{type(error).__name__}: {str(error)[:300]}"}
        result.differences = found
        if not found:
            result.identical, result.identical_after_reruns = True, attempt
            break
    result.temp_files_left = temp_files(data_dir)
    result.unreadable_parquet = unreadable_parquet(data_dir)
    result.warehouse_opens = warehouse_opens(data_dir)
    for each in logs:
        for folder in dbt_target_dirs(each):
            shutil.rmtree(folder, ignore_errors=True)
    if result.identical and not result.unreadable_parquet and not settings.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        result.kept_data_dir = str(data_dir)
    return result


def run_trials(
    raw_dir: Path,
    root: Path,
    plan: Callable[[float], list[tuple[str, float]]],
    *,
    baselines: int = 2,
    settings: TrialSettings = TrialSettings(),
) -> dict:
    """The uninterrupted refreshes, then one trial per (aim, seconds) that plan gives for the
    uninterrupted run's duration; returns the report."""
    base = baseline(raw_dir, root, baselines)
    duration = base["seconds"][0]
    if not settings.rerun_timeout:
        settings = replace(settings, rerun_timeout=max(300.0, 10 * duration))
    unstable = {tuple(c) for c in base["unstable_columns"]}
    if unstable:
        print(f"columns differing between uninterrupted runs (excluded): {sorted(unstable)}", flush=True)
    expected = checksums(root / "baseline-1" / "warehouse.duckdb", unstable)
    trials = []
    for number, (aim, kill_after) in enumerate(plan(duration), start=1):
        done = trial(number, aim, kill_after, raw_dir, root, expected, unstable, settings)
        trials.append(done)
        verdict = "identical" if done.identical else f"DIFFERENT {json.dumps(done.differences)[:300]}"
        reruns = len(done.reruns)
        where = (
            f"killed at {done.killed_at_seconds:5.1f}s in {done.step:38s}"
            if done.killed_run.killed
            else f"not killed: finished in {done.killed_at_seconds:5.1f}s{'':19s}"
        )
        print(
            f"trial {number:2d}: {where} "
            f"{reruns} re-run{'s' if reruns != 1 else ''}: {verdict}"
            + (f"; temp files left: {len(done.temp_files_left)}" if done.temp_files_left else "")
            + (f"; unreadable: {done.unreadable_parquet}" if done.unreadable_parquet else ""),
            flush=True,
        )
    for number in range(1, baselines + 1):
        shutil.rmtree(root / f"baseline-{number}", ignore_errors=True)
    if not any(root.iterdir()):
        root.rmdir()
    return {
        "raw": str(raw_dir),
        "baseline": {
            "seconds": base["seconds"],
            "tables": {t: c["rows"] for t, c in base["checksums"].items()},
            "volatile_columns": VOLATILE,
            "unstable_columns": base["unstable_columns"],
        },
        "summary": summary(trials),
        "trials": [asdict(t) for t in trials],
    }


def summary(trials: list[Trial]) -> dict:
    ok = [t for t in trials if t.identical and not t.unreadable_parquet and t.warehouse_opens]
    by_phase: dict[str, Counter] = {}
    for t in trials:
        by_phase.setdefault(phase(t.step), Counter())["identical" if t in ok else "different"] += 1
    return {
        "trials": len(trials),
        "identical": len(ok),
        "identical_after_one_rerun": sum(1 for t in ok if t.identical_after_reruns == 1),
        "during_parquet_write": sum(1 for t in trials if t.during_parquet_write),
        "with_temp_files_left": sum(1 for t in trials if t.temp_files_left),
        "by_step": {name: dict(counts) for name, counts in sorted(by_phase.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--raw", type=Path, default=REPO / "data" / "raw", help="raw folder to refresh from")
    parser.add_argument("--out", type=Path, help="JSON report")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--baselines", type=int, default=2, help="uninterrupted refreshes to compare")
    parser.add_argument("--max-reruns", type=int, default=2, help="re-runs after the kill before giving up")
    parser.add_argument(
        "--rerun-timeout", type=float, default=0, help="seconds; 0: 10x the uninterrupted run"
    )
    parser.add_argument("--work-dir", type=Path, help="where the data folders go (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep every trial's data folder")
    parser.add_argument(
        "--aim",
        choices=["uniform", *AIMS],
        default="uniform",
        help="uniform: kill at the random moment; parquet-write, dbt: at the first moment after it that "
        "a Parquet file is being written, that dbt runs",
    )
    parser.add_argument(
        "--kill-at",
        type=float,
        action="append",
        help="seconds after the start to kill at (repeatable), instead of --trials random moments",
    )
    options = parser.parse_args(argv)
    raw_dir = options.raw.resolve()
    if not raw_dir.is_dir():
        raise SystemExit(f"raw folder {raw_dir} does not exist")
    root = Path(tempfile.mkdtemp(prefix="newsgraph-chaos-", dir=options.work_dir))
    print(f"chaos trials over {raw_dir} in {root}", flush=True)

    def plan(duration: float) -> list[tuple[str, float]]:
        if options.kill_at:
            return [(options.aim, seconds) for seconds in options.kill_at]
        # Aimed at Parquet writes, the moment is drawn before dbt: the lake's files are written by then.
        window = duration * (0.6 if options.aim == "parquet-write" else 1.0)
        randomness = random.Random(options.seed)
        return [(options.aim, randomness.uniform(0, window)) for _ in range(options.trials)]

    settings = TrialSettings(options.max_reruns, options.rerun_timeout, options.keep)
    report = {
        "seed": options.seed,
        **run_trials(
            raw_dir,
            root,
            plan,
            baselines=options.baselines,
            settings=settings,
        ),
    }
    print(json.dumps(report["summary"], indent=2))
    if options.out:
        options.out.parent.mkdir(parents=True, exist_ok=True)
        options.out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"report: {options.out}")
    return 0 if report["summary"]["identical"] == report["summary"]["trials"] else 1


if __name__ == "__main__":
    sys.exit(main())
