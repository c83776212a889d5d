"""The one `Definitions` of newsgraph: every asset, check, job and schedule, and the only resource bindings."""

import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from assets.checks import (
    documents_doc_id_unique,
    entity_mentions_offsets_match_body,
    quarantine_reasons_present,
    quotes_offsets_match_body,
)
from assets.dbt import warehouse
from assets.documents import parsed_documents
from assets.ingest import ingest
from assets.nlp import nlp_extractions
from assets.project import dbt_project
from assets.resources import NewsgraphResource
from assets.schedules import refresh_all, refresh_schedule

# The dbt installed beside this interpreter, so an un-activated virtualenv works too.
DBT_EXECUTABLE = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")

ALL_ASSETS = [ingest, parsed_documents, nlp_extractions, warehouse]
ALL_CHECKS = [
    entity_mentions_offsets_match_body,
    quotes_offsets_match_body,
    documents_doc_id_unique,
    quarantine_reasons_present,
]

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[refresh_all],
    schedules=[refresh_schedule],
    resources={
        "newsgraph": NewsgraphResource.from_env(),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
    },
)
