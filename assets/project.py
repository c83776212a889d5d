"""The dbt project Dagster loads (its manifest is built by `dbt parse`, run by `make`)."""

from pathlib import Path

from dagster_dbt import DbtProject

dbt_project = DbtProject(
    project_dir=Path(__file__).resolve().parent.parent / "dbt_project",
    profiles_dir=Path(__file__).resolve().parent.parent / "dbt_project",
)
dbt_project.prepare_if_dev()
