"""Resources: where newsgraph reads and writes, which spaCy model it loads, and the Parquet lake IO manager."""

from pathlib import Path

import dagster as dg
import pyarrow as pa
from upath import UPath

from pipeline.lake.io import lake_path, read_parquet, write_parquet
from pipeline.lake.layout import CORPUS_FILE_STEM, EXTENSION
from pipeline.lake.records import conform
from pipeline.lake.settings import (
    DEFAULT_MAX_BATCH_FILES,
    DEFAULT_MAX_DOC_BYTES,
    DEFAULT_NLP_CHUNK_CHARS,
    DEFAULT_NLP_PROCESSES,
    DEFAULT_SPACY_MODEL,
    MAX_AUTO_NLP_PROCESSES,
    Settings,
)
from pipeline.nlp.spacy_pass import available_cores
from pipeline.tables import LAKE_TABLES


class NewsgraphResource(dg.ConfigurableResource):
    """Paths, batch size and model of a newsgraph deployment (defaults come from the NEWSGRAPH_* variables)."""

    raw_dir: str
    data_dir: str
    lake_url: str = ""  # empty: <data_dir>/lake
    spacy_model: str = DEFAULT_SPACY_MODEL
    max_batch_files: int = DEFAULT_MAX_BATCH_FILES
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    nlp_chunk_chars: int = DEFAULT_NLP_CHUNK_CHARS
    # Worker processes for a large batch's spaCy pass; 0: one per available core (Settings.nlp_processes).
    nlp_processes: int = DEFAULT_NLP_PROCESSES

    @classmethod
    def from_env(cls) -> "NewsgraphResource":
        settings = Settings.from_env()
        return cls(
            raw_dir=str(settings.raw_dir),
            data_dir=str(settings.data_dir),
            lake_url=settings.lake_url,
            spacy_model=settings.spacy_model,
            max_batch_files=settings.max_batch_files,
            max_doc_bytes=settings.max_doc_bytes,
            nlp_chunk_chars=settings.nlp_chunk_chars,
            nlp_processes=settings.nlp_processes,
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            raw_dir=Path(self.raw_dir),
            data_dir=Path(self.data_dir),
            lake_url=self.lake_url or str(Path(self.data_dir) / "lake"),
            spacy_model=self.spacy_model,
            max_batch_files=self.max_batch_files,
            max_doc_bytes=self.max_doc_bytes,
            nlp_chunk_chars=self.nlp_chunk_chars,
            nlp_processes=self.nlp_processes,
        )

    @property
    def lake(self) -> UPath:
        return lake_path(self.settings.lake_url)

    @property
    def nlp_worker_processes(self) -> int:
        """How many processes parse a large batch: the configured number, or one per available core."""
        if self.nlp_processes > 0:
            return self.nlp_processes
        return min(available_cores(), MAX_AUTO_NLP_PROCESSES)


class ParquetLake(dg.UPathIOManager):
    """Arrow tables as Parquet at <lake>/<table>/<batch>.parquet, or <lake>/<table>/data.parquet when the
    asset is corpus-wide. Asset keys are ["lake", <table>], so the layout is the one dbt's sources read."""

    extension = EXTENSION

    def get_asset_relative_path(self, context: dg.InputContext | dg.OutputContext) -> UPath:
        # UPathIOManager appends "/<partition key><extension>" itself (pipeline.lake.layout.table_file).
        table = UPath(*context.asset_key.path[1:])
        return table if context.has_asset_partitions else table / CORPUS_FILE_STEM

    def dump_to_path(self, context: dg.OutputContext, obj: pa.Table, path: UPath) -> None:
        write_parquet(conform(LAKE_TABLES[context.asset_key.path[-1]], obj), path)

    def load_from_path(self, context: dg.InputContext, path: UPath) -> pa.Table:
        return conform(LAKE_TABLES[context.asset_key.path[-1]], read_parquet(path))

    def load_input(self, context: dg.InputContext):
        """A corpus-wide input annotated `dict[str, pa.Table]` gets a dict even for zero or one batch."""
        loaded = super().load_input(context)
        wants_dict = getattr(context.dagster_type.typing_type, "__origin__", None) is dict
        if wants_dict and not isinstance(loaded, dict):
            return {} if loaded is None else {context.asset_partition_keys[0]: loaded}
        return loaded


class ParquetLakeIOManager(dg.ConfigurableIOManagerFactory):
    """The lake's IO manager, configured with the lake location (a path or an fsspec URL)."""

    lake_url: str

    def create_io_manager(self, context) -> ParquetLake:
        return ParquetLake(base_path=lake_path(self.lake_url))
