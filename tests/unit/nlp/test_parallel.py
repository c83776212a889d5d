"""The spaCy pass on several cores: shards keep the documents' order and balance their text, and worker
processes give exactly the annotations of one process."""

from pathlib import Path

import pytest

from pipeline.lake.settings import DEFAULT_SPACY_MODEL
from pipeline.nlp.spacy_pass import DocumentInput, annotate, annotate_in_processes, shards

SAMPLE_RAW = Path(__file__).resolve().parents[3] / "data" / "raw"


def _inputs(lengths: list[int]) -> list[DocumentInput]:
    return [DocumentInput(f"d{i}", "x" * length, None, None) for i, length in enumerate(lengths)]


@pytest.mark.parametrize(
    ("lengths", "count"),
    [
        pytest.param([10] * 12, 4, id="even"),
        pytest.param([1000, 10, 10, 10, 10, 10], 3, id="one-long-document"),
        pytest.param([10, 10], 8, id="fewer-documents-than-shards"),
        pytest.param([5], 2, id="one-document"),
        pytest.param([0, 0, 0], 2, id="empty-bodies"),
        pytest.param([10, 0, 0, 0], 3, id="empty-bodies-after-the-text"),
    ],
)
def test_shards_keep_the_order_and_none_is_empty(lengths, count):
    inputs = _inputs(lengths)
    cut = shards(inputs, count)
    assert [item for shard in cut for item in shard] == inputs
    assert all(cut) and len(cut) <= count


def test_shards_balance_the_text_not_the_document_count():
    # One long document is a shard of its own; the short ones share the others.
    cut = shards(_inputs([900, *[10] * 9]), 2)
    assert [len(shard) for shard in cut] == [1, 9]


@pytest.mark.slow
def test_worker_processes_give_the_annotations_of_one_process(nlp):
    texts = sorted(p for p in SAMPLE_RAW.rglob("*.txt"))[:8]
    inputs = [DocumentInput(p.stem, p.read_text(errors="replace"), None, None, None) for p in texts]
    one = list(annotate(nlp, inputs))
    two = list(annotate_in_processes(DEFAULT_SPACY_MODEL, inputs, processes=2))
    assert [a.doc_id for a in two] == [i.doc_id for i in inputs]
    assert two == one
    assert sum(len(a.mentions) for a in one) > 20, "the sample holds names to find"
