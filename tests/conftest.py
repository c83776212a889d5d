from pathlib import Path

import pytest

from pipeline.nlp import load_pipeline
from pipeline.settings import DEFAULT_SPACY_MODEL

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(DEFAULT_SPACY_MODEL)
