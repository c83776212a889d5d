"""The layering the README promises: `pipeline/` is pure (no Dagster, no warehouse, no dbt, no
evaluation), `evaluation/` is imported by nothing, and `assets/` is the only Dagster code."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# duckdb is the warehouse: pipeline/ hands Arrow tables to the assets and never queries one.
FORBIDDEN_IN_PIPELINE = ("dagster", "dagster_dbt", "dbt", "duckdb", "evaluation", "assets")


def imported_modules(folder: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                found += [(path.relative_to(REPO).as_posix(), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append((path.relative_to(REPO).as_posix(), node.module))
    return found


def test_pipeline_imports_no_orchestration_warehouse_or_evaluation_code():
    offenders = [
        f"{path}: {module}"
        for path, module in imported_modules(REPO / "pipeline")
        if module.split(".")[0] in FORBIDDEN_IN_PIPELINE
    ]
    assert offenders == []


@pytest.mark.parametrize("folder", ["pipeline", "assets", "newsgraph", "tests/unit"])
def test_nothing_outside_evaluation_imports_it(folder):
    offenders = [
        f"{path}: {module}"
        for path, module in imported_modules(REPO / folder)
        if module.split(".")[0] == "evaluation"
    ]
    assert offenders == []


def test_pipeline_is_one_subpackage_per_stage():
    """Stage code lives in a stage's subpackage; the package root holds only the table catalogue."""
    loose = sorted(
        p.name for p in (REPO / "pipeline").glob("*.py") if p.name not in {"__init__.py", "tables.py"}
    )
    assert loose == []


def test_the_notebook_package_reads_the_warehouse_without_dagster():
    """newsgraph/ is what notebooks import: the warehouse, frames and the briefing, no orchestration."""
    offenders = [
        f"{path}: {module}"
        for path, module in imported_modules(REPO / "newsgraph")
        if module.split(".")[0] in ("dagster", "dagster_dbt", "assets", "evaluation")
    ]
    assert offenders == []
