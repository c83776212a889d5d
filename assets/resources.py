"""Resources: where newsgraph reads and writes and which spaCy model it loads."""

import dagster as dg
from spacy.language import Language

from pipeline.nlp import load_pipeline
from pipeline.settings import DEFAULT_SPACY_MODEL, Settings


class NewsgraphResource(dg.ConfigurableResource):
    """Paths and model for a newsgraph deployment (defaults come from the NEWSGRAPH_* variables)."""

    raw_dir: str
    data_dir: str
    spacy_model: str = DEFAULT_SPACY_MODEL

    @classmethod
    def from_env(cls) -> "NewsgraphResource":
        settings = Settings.from_env()
        return cls(
            raw_dir=str(settings.raw_dir), data_dir=str(settings.data_dir), spacy_model=settings.spacy_model
        )

    @property
    def settings(self) -> Settings:
        from pathlib import Path

        return Settings(
            raw_dir=Path(self.raw_dir), data_dir=Path(self.data_dir), spacy_model=self.spacy_model
        )

    def nlp(self) -> Language:
        return load_pipeline(self.spacy_model)
