"""End-to-end throughput against bare spaCy, in one run: what newsgraph costs on top of the language model.

    python -m evaluation.throughput [--corpus DIR] [--limit N] [--out bench/results/<date>.json]

Four measurements over the same documents, one after another on an otherwise idle machine:

1. `python -m assets.cli refresh` (what `make run` runs) on a fresh data folder, on every core;
2. the same restricted to one core (`taskset -c 0`; the spaCy pass then runs in the step's process);
3. bare `nlp.pipe` over the bodies the pipeline parsed (read back from run 1's lake), one process;
4. the same with `n_process=2`.

Reported: words/s of each, the ratios of 1 and 2 to bare single-process spaCy, seconds per Dagster step
(from the runs' event logs) and what is left outside the steps (start-up, run launch), and peak RSS. The
end-to-end runs parse the headlines too and run every rule; bare spaCy does neither, so a ratio of 1.0
would mean everything around the model is free.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from evaluation.bench import NLP_BATCH_SIZE, bare_nlp_pipe, default_corpus, machine_facts
from evaluation.chaos import environment, fresh_data_dir
from pipeline.lake.settings import DEFAULT_SPACY_MODEL
from pipeline.nlp.spacy_pass import load_pipeline

REPO = Path(__file__).resolve().parents[1]
# Runs a command and prints the peak RSS (KiB) of its largest process: the measured run's own figure.
_PEAK_RSS = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def step_seconds(dagster_home: Path) -> dict[str, float]:
    """Seconds each step took, summed over the runs of one refresh (STEP_START to its end)."""
    import dagster as dg

    totals: dict[str, float] = defaultdict(float)
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        for run in instance.get_runs():
            started: dict[str, float] = {}
            for record in instance.all_logs(run.run_id):
                event = record.dagster_event
                if event is None or event.step_key is None:
                    continue
                if event.event_type == dg.DagsterEventType.STEP_START:
                    started[event.step_key] = record.timestamp
                elif event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
                    totals[event.step_key] += record.timestamp - started.pop(event.step_key, record.timestamp)
    return {step: round(seconds, 2) for step, seconds in sorted(totals.items())}


def end_to_end(raw: Path, data: Path, *, one_core: bool) -> dict:
    """One refresh of `raw` into `data`, a data folder set up as make sets one up
    (`chaos.fresh_data_dir`): wall seconds, steps, peak RSS."""
    command = [sys.executable, "-c", _PEAK_RSS, sys.executable, "-m", "assets.cli", "refresh"]
    if one_core:
        command = ["taskset", "-c", "0", *command]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=environment(raw, data), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the refresh failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    steps = step_seconds(data / "dagster_home")
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(int(done.stderr.strip().splitlines()[-1]) / 1024, 1),
        "step_seconds": steps,
        "outside_steps_seconds": round(seconds - sum(steps.values()), 1),
    }


def bare_pipe(bodies: Sequence[str], *, processes: int, model: str) -> float:
    """Seconds of `nlp.pipe` alone over the bodies (batched and memory-zoned as annotate does)."""
    nlp = load_pipeline(model)
    started = time.perf_counter()
    if processes == 1:
        bare_nlp_pipe(nlp, bodies)
    else:
        for _ in nlp.pipe(bodies, batch_size=NLP_BATCH_SIZE, n_process=processes):
            pass
    return time.perf_counter() - started


def _limited(corpus: Path, limit: int | None, into: Path) -> Path:
    """The corpus, or its first `limit` files (sorted) copied to a folder of their own."""
    if limit is None:
        return corpus
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ".html"})[
        :limit
    ]:
        target = into / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return into


def run(corpus: Path, *, limit: int | None, model: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="newsgraph-throughput-") as scratch:
        root = Path(scratch)
        raw = _limited(corpus, limit, root / "raw")
        both = end_to_end(raw, fresh_data_dir(root, "both-cores"), one_core=False)
        one = end_to_end(raw, fresh_data_dir(root, "one-core"), one_core=True)
        bodies = pq.read_table(root / "both-cores" / "lake" / "parsed_documents", columns=["body"])
        texts = bodies.column("body").to_pylist()
    words = sum(len(t.split()) for t in texts)
    pipe_one = bare_pipe(texts, processes=1, model=model)
    pipe_two = bare_pipe(texts, processes=2, model=model)

    def rate(seconds: float) -> float:
        return round(words / seconds, 1)

    return {
        "corpus": str(corpus),
        "documents": len(texts),
        "words": words,
        "end_to_end_both_cores": both | {"words_per_s": rate(both["seconds"])},
        "end_to_end_one_core": one | {"words_per_s": rate(one["seconds"])},
        "bare_nlp_pipe_one_process": {"seconds": round(pipe_one, 1), "words_per_s": rate(pipe_one)},
        "bare_nlp_pipe_two_processes": {"seconds": round(pipe_two, 1), "words_per_s": rate(pipe_two)},
        "ratios_to_bare_one_process": {
            "end_to_end_one_core": round(pipe_one / one["seconds"], 3),
            "end_to_end_both_cores": round(pipe_one / both["seconds"], 3),
            "bare_two_processes": round(pipe_one / pipe_two, 3),
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="raw folder (default: BBC, else data/raw)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--model", default=DEFAULT_SPACY_MODEL)
    parser.add_argument("--out", type=Path, default=None, help="default: bench/results/<date>.json")
    args = parser.parse_args(argv)
    report = {"machine": machine_facts()} | run(
        args.corpus or default_corpus(), limit=args.limit, model=args.model
    )
    out = args.out or REPO / "bench" / "results" / f"{datetime.now(UTC):%Y-%m-%d}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "machine"}, indent=2))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
