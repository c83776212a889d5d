from pathlib import Path

import pytest

from pipeline.lake.settings import DEFAULT_SPACY_MODEL
from pipeline.nlp.spacy_pass import load_pipeline

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(DEFAULT_SPACY_MODEL)
