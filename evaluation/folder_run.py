"""A folder of raw files through the production per-batch steps, as one batch, into the tables the corpus
step reads: what the story and event evaluations score, without Dagster and without a warehouse.

The per-batch tables are cached as Parquet under a scratch folder keyed by the files' hashes and the
code's commit, so tuning a corpus-wide stage does not re-run spaCy each time.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.corpus.build import CORPUS_INPUTS, corpus_tables
from pipeline.documents.parse import HeaderFailure, ParsedDocumentRow, ParseFailure, parse_batch, read_headers
from pipeline.documents.read import Rejected, read_batch, stamp_batch
from pipeline.lake.batches import Batch, BatchFile, FileState, raw_files, sha256_of
from pipeline.nlp.events import DocEventMention
from pipeline.nlp.mentions import DocMention
from pipeline.nlp.quotes import DocQuote
from pipeline.nlp.spacy_pass import AnnotationFailure, annotate_batch
from pipeline.text.offsets import BodyOffset

BATCH_ID = "00001-20260101T000000Z"


def folder_batch(raw_dir: Path, batch_id: str = BATCH_ID) -> Batch:
    """Every file of the folder as one batch, in the stable order the sensor lists them."""
    files = []
    for path in raw_files(raw_dir):
        stat = path.lstat()
        files.append(
            FileState(path.relative_to(raw_dir).as_posix(), stat.st_size, stat.st_mtime_ns, sha256_of(path))
        )
    return Batch(batch_id, files)


def batch_tables(raw_dir: Path, *, spacy_model: str, batch_id: str = BATCH_ID) -> dict[str, pa.Table]:
    """The per-batch tables of `CORPUS_INPUTS` for one batch of the whole folder, by table name."""
    batch = folder_batch(raw_dir, batch_id)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    raws, rejected = stamp_batch(read_batch(raw_dir, batch), batch_id=batch_id, now=now)
    header_failures: list[HeaderFailure] = []
    headers, fingerprints = read_headers(raws, failures=header_failures)
    parse_failures: list[ParseFailure] = []
    parsed = parse_batch(raws, headers, fingerprints, failures=parse_failures)
    rows = [d.row() for d in parsed]
    found = annotate_batch(spacy_model, rows)
    tables = {
        BatchFile.TABLE: BatchFile.to_table(BatchFile.of(batch, seen_at=now)),
        ParsedDocumentRow.TABLE: ParsedDocumentRow.to_table(rows),
        Rejected.TABLE: Rejected.to_table(rejected),
        HeaderFailure.TABLE: HeaderFailure.to_table(header_failures),
        ParseFailure.TABLE: ParseFailure.to_table(parse_failures),
        AnnotationFailure.TABLE: AnnotationFailure.to_table(found.failures),
        BodyOffset.TABLE: BodyOffset.to_table(run for d in parsed for run in d.body_offsets()),
        DocMention.TABLE: DocMention.to_table(found.mentions),
        DocQuote.TABLE: DocQuote.to_table(found.quotes),
        DocEventMention.TABLE: DocEventMention.to_table(found.events),
    }
    assert set(tables) == {r.TABLE for r in CORPUS_INPUTS}, "a corpus input is missing"
    return tables


def _per_batch_code() -> list[tuple[str, str]]:
    """The source of every module the per-batch steps run (all of `pipeline/` but the corpus step)."""
    root = Path(__file__).resolve().parents[1] / "pipeline"
    return [
        (path.relative_to(root).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(root.rglob("*.py"))
        if path.relative_to(root).parts[0] != "corpus"
    ]


def cached_batch_tables(raw_dir: Path, scratch: Path, *, spacy_model: str) -> dict[str, pa.Table]:
    """`batch_tables`, reused from `scratch` while the files, the model and the per-batch code are the same."""
    batch = folder_batch(raw_dir)
    key = hashlib.sha256(
        json.dumps(
            [spacy_model, _per_batch_code(), [(f.source_path, f.sha256) for f in batch.files]]
        ).encode()
    ).hexdigest()[:16]
    folder = scratch / f"{raw_dir.name}-{key}"
    if folder.is_dir():
        return {path.name.removesuffix(".parquet"): pq.read_table(path) for path in folder.glob("*.parquet")}
    tables = batch_tables(raw_dir, spacy_model=spacy_model)
    staging = folder.with_name(folder.name + ".tmp")
    staging.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, staging / f"{name}.parquet")
    staging.rename(folder)
    return tables


def cached_corpus_tables(raw_dir: Path, scratch: Path, *, spacy_model: str) -> dict[str, pa.Table]:
    """The corpus-wide tables of the folder as one batch: `cached_batch_tables`, then the production
    corpus step (`pipeline.corpus.build.corpus_tables`), which the story and event evaluations score."""
    tables = cached_batch_tables(raw_dir, scratch, spacy_model=spacy_model)
    return corpus_tables({name: [table] for name, table in tables.items()}).tables
