"""What a refresh costs against a full rebuild, at a corpus size we cannot afford to annotate here.

A refresh adding k documents to a corpus of N pays the per-batch stages for k documents (parse and
spaCy, measured in words/s by `pipeline.bench`) plus the corpus-wide stages over N documents
(current versions, duplicate clusters, entity linking, event merging, the marts). This measures the
corpus-wide stages for real at size N: it takes a lake the pipeline built (one real run over a
corpus), replicates its per-batch tables with fresh document ids and perturbed MinHash signatures
until it holds N documents, and times `documents_table` and `linked_tables` on it, plus the dbt
build when a dbt project is given.

    python -m evaluation.bench_refresh --lake /tmp/run/lake --per-batch-words-per-second 1750 \
        --documents 20000 --new-share 0.01 --out bench/refresh.json [--dbt-project dbt_project]

The per-batch rate is the words of a batch over its parse + annotate seconds in the same real run
(both are in the materialization metadata: `words`, `stage_seconds`).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.corpus.build import CORPUS_INPUTS, corpus_tables
from pipeline.lake.io import concat, lake_path, read_parquet, write_parquet
from pipeline.lake.layout import table_file, table_files
from pipeline.tables import LAKE_TABLES

PER_BATCH_TABLES = tuple(record.TABLE for record in CORPUS_INPUTS)


def read_batches(lake: Path, table: str) -> pa.Table:
    return concat(LAKE_TABLES[table], [read_parquet(p) for p in table_files(lake_path(lake), table)])


def replicate(tables: dict[str, pa.Table], copies: int, seed: int = 7) -> dict[str, pa.Table]:
    """`copies` copies of every per-batch table, each with its own doc ids, paths and signatures.

    Signatures are perturbed so the copies are distinct documents, not a corpus of exact duplicates
    (which would turn deduplication into its worst case instead of its usual one).
    """
    rng = random.Random(seed)
    out: dict[str, list[pa.Table]] = {name: [] for name in tables}
    for copy in range(copies):
        suffix = f"-r{copy}"
        for name, table in tables.items():
            columns = {c: table.column(c) for c in table.column_names}
            if "doc_id" in columns:
                columns["doc_id"] = pc.binary_join_element_wise(columns["doc_id"], pa.scalar(suffix), "")
            if "source_path" in columns:
                columns["source_path"] = pc.binary_join_element_wise(
                    columns["source_path"], pa.scalar(suffix), ""
                )
            if name == "parsed_documents":
                columns["body_sha256"] = pc.binary_join_element_wise(
                    columns["body_sha256"], pa.scalar(suffix), ""
                )
                if copy:
                    columns["minhash"] = pa.array(
                        [[v ^ rng.getrandbits(32) for v in row] for row in columns["minhash"].to_pylist()],
                        type=columns["minhash"].type,
                    )
            out[name].append(pa.table(columns, schema=table.schema))
    return {name: pa.concat_tables(parts) for name, parts in out.items()}


def time_corpus_stages(tables: dict[str, pa.Table], scratch: Path) -> dict[str, float]:
    timings = {}
    built = corpus_tables({name: [table] for name, table in tables.items()})
    timings["documents_seconds"] = built.documents_seconds
    timings["linking_seconds"] = built.linking_seconds
    started = time.perf_counter()
    lake = lake_path(scratch / "lake")
    for name, table in built.tables.items():
        write_parquet(table, table_file(lake, name))
    # The per-batch tables dbt stages, as one batch named "bench".
    for name in ("quarantine", "parsed_documents", "raw_documents", "removed_spans", "body_offsets"):
        table = tables.get(name, concat(LAKE_TABLES[name], []))
        write_parquet(table, table_file(lake, name, "bench"))
    timings["write_seconds"] = time.perf_counter() - started
    timings["documents"] = built.tables["documents"].num_rows
    timings["mentions"] = built.tables["entity_mentions"].num_rows
    timings["entities"] = built.tables["entities"].num_rows
    return timings


def time_dbt_build(dbt_project: Path, data_dir: Path) -> float:
    env = {**os.environ, "NEWSGRAPH_DATA_DIR": str(data_dir), "NEWSGRAPH_LAKE_URL": str(data_dir / "lake")}
    dbt = shutil.which("dbt") or str(Path(sys.executable).parent / "dbt")
    started = time.perf_counter()
    done = subprocess.run(
        [dbt, "build", "--quiet", "--profiles-dir", str(dbt_project), "--project-dir", str(dbt_project)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"dbt build failed:\n{done.stdout[-3000:]}")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lake", type=Path, required=True, help="a lake built by a real run")
    parser.add_argument("--per-batch-words-per-second", type=float, required=True)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--new-share", type=float, default=0.01)
    parser.add_argument("--dbt-project", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    base = {name: read_batches(args.lake, name) for name in PER_BATCH_TABLES}
    # raw_documents carries the raw text; the marts need only its light columns.
    raw = read_batches(args.lake, "raw_documents").select(["doc_id", "batch_id", "source_path"])
    docs_in_lake = base["parsed_documents"].num_rows
    copies = max(1, round(args.documents / docs_in_lake))
    tables = replicate({**base, "raw_documents": raw}, copies)
    words_per_doc = pc.mean(base["parsed_documents"].column("word_count")).as_py()
    per_batch_words_per_second = args.per_batch_words_per_second

    with tempfile.TemporaryDirectory() as scratch:
        corpus = time_corpus_stages(tables, Path(scratch))
        if args.dbt_project:
            corpus["dbt_build_seconds"] = time_dbt_build(args.dbt_project, Path(scratch))
    corpus_seconds = sum(v for k, v in corpus.items() if k.endswith("_seconds"))
    new_docs = round(corpus["documents"] * args.new_share)
    refresh = new_docs * words_per_doc / per_batch_words_per_second + corpus_seconds
    rebuild = corpus["documents"] * words_per_doc / per_batch_words_per_second + corpus_seconds
    report = {
        "corpus_documents": corpus["documents"],
        "replicated_from": docs_in_lake,
        "words_per_document": round(words_per_doc, 1),
        "per_batch_words_per_second": per_batch_words_per_second,
        "corpus_wide": {k: round(v, 3) if isinstance(v, float) else v for k, v in corpus.items()},
        "refresh": {"new_documents": new_docs, "seconds": round(refresh, 1)},
        "full_rebuild": {"seconds": round(rebuild, 1)},
        "refresh_over_rebuild": round(refresh / rebuild, 4),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
