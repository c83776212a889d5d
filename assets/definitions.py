"""The one `Definitions` of newsgraph: every asset, check, job, sensor and schedule, and the resource bindings."""

import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from assets.annotation import annotations
from assets.briefing import daily_briefing
from assets.checks import ALL_CHECKS
from assets.dbt import warehouse
from assets.distributed import IN_PROCESS, MULTIPROCESS, chosen_executor
from assets.ingest import ingest
from assets.linking import corpus
from assets.parsing import document_headers, parsed_documents
from assets.project import dbt_project
from assets.resources import NewsgraphResource, ParquetLakeIOManager
from assets.schedules import ingest_batch, process_batch, refresh_schedule, refresh_warehouse
from assets.sensors import automation_sensor, raw_files_sensor

# The dbt installed beside this interpreter, so an un-activated virtualenv works too.
DBT_EXECUTABLE = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")
# The default: every step in the run's own process, one after another. The asset graph is a chain
# (ingest, headers, parse, annotate, corpus, dbt, briefing), the spaCy pass of a large batch already runs
# in one process per core (NEWSGRAPH_NLP_PROCESSES), so step processes would buy no parallelism and cost
# their start-up: on a file drop, 9 s for the forkserver to import the code location and about a second
# per step (tests/integration/test_webserver.py).
LOCAL_EXECUTORS = {
    IN_PROCESS: dg.in_process_executor,
    # NEWSGRAPH_EXECUTOR=multiprocess: two step processes forked from a server that imported the code
    # location once, for graphs with independent steps (the checks run beside the next step).
    MULTIPROCESS: dg.multiprocess_executor.configured(
        {"max_concurrent": 2, "start_method": {"forkserver": {"preload_modules": ["assets.definitions"]}}}
    ),
}
# NEWSGRAPH_EXECUTOR=celery sends every step to Celery workers instead (assets.distributed).
EXECUTOR = chosen_executor(LOCAL_EXECUTORS)

ALL_ASSETS = [ingest, document_headers, parsed_documents, annotations, corpus, warehouse, daily_briefing]


def build_definitions(newsgraph: NewsgraphResource) -> dg.Definitions:
    """Everything bound to one deployment's paths (tests build their own on a temporary folder)."""
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[ingest_batch, process_batch, refresh_warehouse],
        schedules=[refresh_schedule],
        sensors=[raw_files_sensor, automation_sensor],
        executor=EXECUTOR,
        resources={
            "newsgraph": newsgraph,
            "io_manager": ParquetLakeIOManager(lake_url=newsgraph.settings.lake_url),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        },
    )


defs = build_definitions(NewsgraphResource.from_env())


def process_batch_job() -> dg.JobDefinition:
    """The process_batch job of `defs`, for `dg.reconstructable`: a run on the Celery executor is
    coordinated from one process and its steps rebuilt from this module on the workers."""
    return defs.resolve_job_def("process_batch")


def refresh_warehouse_job() -> dg.JobDefinition:
    """The refresh_warehouse job of `defs`, for `dg.reconstructable` (see process_batch_job)."""
    return defs.resolve_job_def("refresh_warehouse")
