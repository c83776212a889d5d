"""The distributed executor: every step of a run as a Celery task, on any number of workers on any number
of hosts, with Redis as broker and result backend (docs/scaling.md).

    NEWSGRAPH_EXECUTOR=celery make run      # the refresh's steps go to the workers
    make workers                            # two local workers (make workers-stop ends them)

The local executors (`NEWSGRAPH_EXECUTOR` unset or `in_process`, the default; `multiprocess`) need none
of this. With Celery, a
run's coordinator (the refresh command, or the run worker the daemon launches) submits each step to a
queue and waits; a worker reconstructs the job from `assets.definitions` and runs the step against the
same Dagster instance and lake, so workers on other hosts need the same NEWSGRAPH_* settings, a shared
lake (NEWSGRAPH_LAKE_URL) and a shared instance (Postgres in DAGSTER_HOME's dagster.yaml).

Every step that opens the DuckDB file (the dbt build, the briefing) is routed to `DUCKDB_QUEUE`, which
exactly one worker consumes with a concurrency of one: DuckDB's single writer is then a property of the
deployment, not of timing (the `duckdb_writer` pool still holds across runs).

This app is also what the workers load (`celery -A assets.distributed worker`): the executor and the
workers build it from the same settings, so they cannot disagree on the broker.
"""

import hashlib
import os

import dagster as dg
from dagster_celery import celery_executor
from dagster_celery.executor import CeleryExecutor
from dagster_celery.make_app import make_app
from dagster_celery.tags import DAGSTER_CELERY_QUEUE_TAG
from dagster_celery.tasks import create_task

from pipeline.lake.settings import Settings

EXECUTOR_ENV = "NEWSGRAPH_EXECUTOR"
CELERY = "celery"
IN_PROCESS = "in_process"
MULTIPROCESS = "multiprocess"
# Redis on the loopback interface: `make redis` starts it there. Point every host at one shared Redis to
# spread out (NEWSGRAPH_CELERY_BROKER / NEWSGRAPH_CELERY_BACKEND, any Celery broker URL).
BROKER = os.environ.get("NEWSGRAPH_CELERY_BROKER", "redis://127.0.0.1:6379/0")
BACKEND = os.environ.get("NEWSGRAPH_CELERY_BACKEND", "redis://127.0.0.1:6379/1")


def deployment_queue() -> str:
    """The queue of this deployment's steps: NEWSGRAPH_CELERY_QUEUE, else one named after the data folder.

    A worker rebuilds a step's job from its own NEWSGRAPH_* settings, so a worker of another data folder
    taking the step would run it against another lake: every deployment sharing a broker has queues of
    its own. Hosts whose paths differ set NEWSGRAPH_CELERY_QUEUE to one shared name."""
    named = os.environ.get("NEWSGRAPH_CELERY_QUEUE", "").strip()
    if named:
        return named
    data_dir = Settings.from_env().data_dir
    return f"newsgraph-{hashlib.sha256(str(data_dir).encode()).hexdigest()[:10]}"


# Every step goes to the deployment's queue, the DuckDB ones to a queue of their own beside it.
STEP_QUEUE = deployment_queue()
DUCKDB_QUEUE = f"{STEP_QUEUE}-duckdb"
# The op tags that route a step to the DuckDB queue (harmless to the other executors).
DUCKDB_STEP_TAGS = {DAGSTER_CELERY_QUEUE_TAG: DUCKDB_QUEUE}
CELERY_CONFIG = {
    # Steps without a queue tag go here (dagster-celery's executor reads it from the app's settings).
    "task_default_queue": STEP_QUEUE,
    # A worker reserves no step beyond the one it runs (steps are long: a batch's spaCy pass), and a
    # step is acknowledged when it ends, so a worker that dies mid-step hands it back to the queue
    # instead of losing it, which would leave its run waiting for good.
    "worker_prefetch_multiplier": 1,
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    # Redis redelivers an unacknowledged task after this long: longer than any step.
    "broker_transport_options": {"visibility_timeout": 6 * 3600},
    "broker_connection_retry_on_startup": True,
    # A result the coordinator has read is not needed again.
    "result_expires": 24 * 3600,
}

celery_step_executor = celery_executor.configured(
    {"broker": BROKER, "backend": BACKEND, "config_source": CELERY_CONFIG},
    name="newsgraph_celery",
)


def chosen_executor(local: dict[str, dg.ExecutorDefinition]) -> dg.ExecutorDefinition:
    """The executor NEWSGRAPH_EXECUTOR names: one of `local` (by name; `in_process` when unset) or `celery`.

    Raises:
        ValueError: for any other value, naming those accepted.
    """
    name = os.environ.get(EXECUTOR_ENV, IN_PROCESS).strip().lower() or IN_PROCESS
    if name == CELERY:
        return celery_step_executor
    if name not in local:
        accepted = ", ".join(repr(n) for n in [*local, CELERY])
        raise ValueError(f"{EXECUTOR_ENV}={name!r}: use one of {accepted} ({IN_PROCESS!r} is the default)")
    return local[name]


def uses_celery() -> bool:
    return os.environ.get(EXECUTOR_ENV, "").strip().lower() == CELERY


def workers_answering(timeout: float = 2.0) -> list[str]:
    """Names of the Celery workers consuming this deployment's step queue that answer now."""
    replies = app.control.inspect(timeout=timeout).active_queues() or {}
    return sorted(name for name, queues in replies.items() if any(q["name"] == STEP_QUEUE for q in queues))


# What `celery -A assets.distributed worker` serves: dagster-celery's step task, on the Celery app the
# executor builds from the same arguments (as `dagster-celery worker start` would).
app = make_app(CeleryExecutor.for_cli(broker=BROKER, backend=BACKEND, config_source=CELERY_CONFIG).app_args())
execute_plan = create_task(app)


def purge_queues() -> int:
    """Drop the steps waiting in this deployment's queues (of runs no coordinator waits for any more);
    returns how many. A step a worker is already running finishes: a run is only failed, not killed."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        return sum(channel.queue_purge(queue) or 0 for queue in (STEP_QUEUE, DUCKDB_QUEUE))


def main(argv: list[str] | None = None) -> int:
    """`python -m assets.distributed queues`: this deployment's two queue names (for `make workers`);
    `python -m assets.distributed wait N [SECONDS]`: wait until N workers consume them, say how many do."""
    import sys
    import time

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["queues"]:
        print(STEP_QUEUE, DUCKDB_QUEUE)
        return 0
    if args[:1] == ["wait"] and len(args) in (2, 3):
        wanted, deadline = int(args[1]), time.monotonic() + float(args[2] if len(args) == 3 else 120)
        answering = workers_answering()
        while len(answering) < wanted and time.monotonic() < deadline:
            time.sleep(1)
            answering = workers_answering()
        print(f"{len(answering)} of {wanted} Celery workers answering on {STEP_QUEUE}")
        return 0 if len(answering) >= wanted else 1
    print("usage: python -m assets.distributed queues | wait N [SECONDS]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
