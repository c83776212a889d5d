"""The distributed executor: every step of a run as a Celery task, on any number of workers on any number
of hosts, with Redis as broker and result backend (docs/scaling.md).

    NEWSGRAPH_EXECUTOR=celery make run      # the refresh's steps go to the workers
    make workers                            # two local workers (make workers-stop ends them)

The in-process default (`NEWSGRAPH_EXECUTOR` unset or `multiprocess`) needs none of this. With Celery, a
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

import os

import dagster as dg
from dagster_celery import celery_executor
from dagster_celery.executor import CeleryExecutor
from dagster_celery.make_app import make_app
from dagster_celery.tags import DAGSTER_CELERY_QUEUE_TAG
from dagster_celery.tasks import create_task

EXECUTOR_ENV = "NEWSGRAPH_EXECUTOR"
CELERY = "celery"
MULTIPROCESS = "multiprocess"
# Redis on the loopback interface: `make redis` starts it there. Point every host at one shared Redis to
# spread out (NEWSGRAPH_CELERY_BROKER / NEWSGRAPH_CELERY_BACKEND, any Celery broker URL).
BROKER = os.environ.get("NEWSGRAPH_CELERY_BROKER", "redis://127.0.0.1:6379/0")
BACKEND = os.environ.get("NEWSGRAPH_CELERY_BACKEND", "redis://127.0.0.1:6379/1")
# Steps go to dagster-celery's default queue, the DuckDB ones to their own.
STEP_QUEUE = "dagster"
DUCKDB_QUEUE = "newsgraph-duckdb"
# The op tags that route a step to the DuckDB queue (harmless to the other executors).
DUCKDB_STEP_TAGS = {DAGSTER_CELERY_QUEUE_TAG: DUCKDB_QUEUE}
CELERY_CONFIG = {
    # A worker takes one step at a time: steps are long (a batch's spaCy pass), so prefetching would
    # park work on a busy worker while another idles.
    "worker_prefetch_multiplier": 1,
    "broker_connection_retry_on_startup": True,
    # A result the coordinator has read is not needed again.
    "result_expires": 24 * 3600,
}

celery_step_executor = celery_executor.configured(
    {"broker": BROKER, "backend": BACKEND, "config_source": CELERY_CONFIG},
    name="newsgraph_celery",
)


def chosen_executor(default: dg.ExecutorDefinition) -> dg.ExecutorDefinition:
    """The executor NEWSGRAPH_EXECUTOR names: `celery`, or the in-process default.

    Raises:
        ValueError: for any other value, naming the two accepted.
    """
    name = os.environ.get(EXECUTOR_ENV, MULTIPROCESS).strip().lower() or MULTIPROCESS
    if name == CELERY:
        return celery_step_executor
    if name != MULTIPROCESS:
        raise ValueError(f"{EXECUTOR_ENV}={name!r}: use {MULTIPROCESS!r} (the default) or {CELERY!r}")
    return default


def uses_celery() -> bool:
    return os.environ.get(EXECUTOR_ENV, "").strip().lower() == CELERY


# What `celery -A assets.distributed worker` serves: dagster-celery's step task, on the Celery app the
# executor builds from the same arguments (as `dagster-celery worker start` would).
app = make_app(CeleryExecutor.for_cli(broker=BROKER, backend=BACKEND, config_source=CELERY_CONFIG).app_args())
execute_plan = create_task(app)
