"""The benchmark's result shape on a tiny corpus: structure and volumes only, never timings."""

import json
from numbers import Real

import pytest

from evaluation.bench import main, run_benchmark

STAGES = [
    "ingest",
    "line_statistics",
    "parse",
    "dedup",
    "nlp_pipe",
    "nlp_pipe_ner_only",
    "entities",
    "entities_rules_only",
    "events_rules_only",
    "annotate_pipe_docs",
    "annotate",
    "entity_linking",
    "event_merging",
]
ARTICLES = {
    "politics/talks.txt": (
        "Reyne and Kresnik meet in Marsk\n\n"
        "President Anna Reyne met Prime Minister Tomas Kresnik in Marsk on Tuesday. "
        '"The talks were useful," Reyne told reporters after the meeting.\n'
    ),
    "business/rates.txt": (
        "National Bank holds rate\n\n"
        "The National Bank of Veldoria kept its main interest rate unchanged, "
        "governor Ilse Marten said on Wednesday.\n"
    ),
    "business/rates_copy.txt": (
        "National Bank holds rate\n\n"
        "The National Bank of Veldoria kept its main interest rate unchanged, "
        "governor Ilse Marten said on Wednesday.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "raw"
    for relative, text in ARTICLES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4 not text")
    return root


def is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def test_every_stage_reports_numeric_volumes_and_rates(corpus, nlp):
    results = run_benchmark(corpus, nlp=nlp, pipe_docs=2)

    assert list(results["stages"]) == STAGES
    for name, stage in results["stages"].items():
        for key in ("seconds", "docs", "words", "docs_per_s", "words_per_s", "peak_rss_mb"):
            assert is_number(stage[key]), (name, key)
        assert stage["docs"] > 0 and stage["words"] > 0, name
        assert stage["peak_rss_mb"] > 0
        assert all(is_number(n) for n in stage["output"].values()), name
    same_documents = (
        "nlp_pipe",
        "nlp_pipe_ner_only",
        "entities",
        "entities_rules_only",
        "events_rules_only",
        "annotate_pipe_docs",
    )
    assert {results["stages"][name]["docs"] for name in same_documents} == {2}
    assert results["stages"]["annotate"]["docs"] == 3


def test_corpus_counts_documents_rejects_and_duplicates(corpus, nlp):
    results = run_benchmark(corpus, nlp=nlp)

    assert results["corpus"]["documents"] == 3
    assert results["corpus"]["rejected"] == 1
    assert results["corpus"]["body_words"] > 0 and results["corpus"]["raw_words"] > 0
    assert results["stages"]["ingest"]["output"] == {"documents": 3, "rejected": 1}
    assert results["stages"]["dedup"]["output"]["duplicates"] == 1
    # Fewer documents than the bare-pipe subset: both NLP measurements cover all of them.
    assert results["corpus"]["pipe_docs"] == 3


def test_limit_caps_the_documents_read(corpus, nlp):
    results = run_benchmark(corpus, nlp=nlp, limit=1)

    assert results["corpus"]["documents"] == 1
    assert all(stage["docs"] <= 2 for stage in results["stages"].values())


def test_command_line_writes_json_into_a_new_folder(corpus, tmp_path, nlp, capsys):
    # load_pipeline is cached: the CLI gets the same pipeline the nlp fixture loaded.
    out = tmp_path / "bench" / "nested" / "results.json"

    assert main(["--corpus", str(corpus), "--out", str(out)]) == 0

    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results) >= {"corpus", "model", "machine", "stages", "memory", "wall_seconds"}
    assert is_number(results["memory"]["peak_rss_mb"]) and is_number(results["wall_seconds"])
    assert results["machine"]["cpu_count"] > 0 and results["model"]["version"]
    assert "annotate" in capsys.readouterr().out
