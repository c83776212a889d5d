import json
import random
from pathlib import Path

import pytest

from evaluation.near_duplicates import (
    VARIANT_KINDS,
    Article,
    bbc_rows,
    corpus_files,
    exact_groups_found,
    main,
    origin_of,
    parse_article,
    performance_benchmark,
    recall_benchmark,
    score,
    write_variants,
)
from pipeline.corpus.versions import current_versions

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
WORDS = [
    "harbour",
    "council",
    "minister",
    "budget",
    "rail",
    "strike",
    "union",
    "grain",
    "border",
    "election",
    "court",
    "river",
    "school",
    "hospital",
    "farmers",
    "market",
    "police",
    "bridge",
    "festival",
    "museum",
    "weather",
    "storm",
    "report",
    "contract",
    "energy",
    "airport",
    "vote",
    "trade",
    "bank",
    "museum",
    "village",
    "coast",
    "factory",
]


def synthetic_article(rng: random.Random) -> str:
    """A headline and four paragraphs of sentences of random words (one quoted): two such articles share
    no 5-word shingle."""
    sentences = [" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "." for _ in range(12)]
    sentences[4] = f'"{sentences[4]}" the mayor\'s aide said.'
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, 12, 3)]
    return " ".join(rng.choice(WORDS) for _ in range(5)).title() + "\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def corpus_root(tmp_path):
    """A tiny stand-in for ../shared/corpora: three PolNeAR-like and three BBC-like articles, and one BBC
    file byte-identical to another."""
    rng = random.Random(5)
    polnear = tmp_path / "polnear" / "train" / "text"
    bbc = tmp_path / "bbc_news" / "bbc" / "business"
    polnear.mkdir(parents=True)
    bbc.mkdir(parents=True)
    for i in range(3):
        (polnear / f"outlet_2016-01-0{i + 1}_story-{i}.txt").write_text(synthetic_article(rng))
        (bbc / f"00{i + 1}.txt").write_text(synthetic_article(rng))
    (bbc / "004.txt").write_bytes((bbc / "001.txt").read_bytes())
    (tmp_path / "bbc_news" / "bbc" / "README.TXT").write_text("Not an article.")
    return tmp_path


def test_every_variant_kind_changes_the_text_and_keeps_most_of_it():
    article = parse_article("polnear_x", synthetic_article(random.Random(1)))
    for kind, make in VARIANT_KINDS.items():
        text, suffix = make(article, random.Random(2))
        assert text != article.text, kind
        assert suffix in {".txt", ".md"}
        assert article.paragraphs[1][:40] in text or kind == "hard_wrap", kind


def test_variant_files_name_their_original_and_kind(tmp_path):
    article = Article("bbc_business_001", "A title", ("One para.", "Two para.", "Three para."))
    assert write_variants([article], tmp_path, kinds=["appeal", "markdown_title"]) == 2
    names = sorted(p.name for p in (tmp_path / "bbc").iterdir())
    assert names == [
        "bbc_business_001--appeal.txt",
        "bbc_business_001--markdown_title.md",
        "bbc_business_001.txt",
    ]
    assert [origin_of(f"bbc/{n}") for n in names] == [
        ("bbc_business_001", "appeal"),
        ("bbc_business_001", "markdown_title"),
        ("bbc_business_001", "original"),
    ]


def test_score_counts_recall_per_kind_and_clusters_holding_two_originals():
    kind_of = {"o1": ("x", "original"), "v1": ("x", "appeal"), "o2": ("y", "original"), "v2": ("y", "appeal")}
    result = score({"o1": "c1", "v1": "c1", "o2": "c1", "v2": "c2"}, kind_of)
    assert result["recall_by_kind"] == {"appeal": 0.5}
    assert (result["false_merge_clusters"], result["false_merge_examples"]) == (1, [["x", "y"]])


def test_the_recall_benchmark_runs_the_real_pipeline_over_synthetic_articles(corpus_root):
    report = recall_benchmark(corpus_root, limit=2, kinds=["appeal", "embed", "truncated", "no_title"])
    assert report["originals"] == 4 and report["variants_written"] == 16
    ours = report["methods"]["newsgraph"]
    assert ours["recall"] == 1.0 and ours["false_merge_clusters"] == 0
    assert set(report["methods"]) == {
        "newsgraph",
        "newsgraph_previous_lsh_0.6",
        "datasketch_raw_0.5",
        "datasketch_raw_0.8",
    }


def test_bbc_byte_identical_files_are_found_and_the_stage_is_timed_beside_datasketch(corpus_root):
    rows, groups = bbc_rows(corpus_root)
    assert len(rows) == 4 and len(groups) == 1
    assert exact_groups_found(groups, current_versions(rows, []))["all_found"]
    perf = performance_benchmark(rows, scale=40, memory=False)
    assert perf["scaled_40"]["newsgraph"]["recall"] > 0.5
    assert perf["scaled_40"]["newsgraph"]["bbc_clusters_merged"] == 0
    assert "throughput_x" in perf["bbc"]["datasketch_lsh_0.5"]["newsgraph_ratio"]


def test_the_command_writes_json_and_exits_cleanly_without_corpora(corpus_root, tmp_path, capsys):
    out = tmp_path / "out" / "report.json"
    args = [
        "--corpus-root",
        str(corpus_root),
        "--limit",
        "1",
        "--scale",
        "30",
        "--no-memory",
        "--json",
        str(out),
    ]
    assert main(args) == 0
    report = json.loads(out.read_text())
    assert report["bbc_exact"]["all_found"] and "Recall" in capsys.readouterr().out
    assert main(["--corpus-root", str(tmp_path / "missing")]) == 2


@pytest.mark.slow
@pytest.mark.skipif(not corpus_files(CORPORA), reason="../shared/corpora is not available")
def test_on_the_real_corpora_every_kind_of_copy_mostly_joins_its_original():
    report = recall_benchmark(CORPORA, limit=3, kinds=["appeal", "captions", "drop_last", "update"])
    ours = report["methods"]["newsgraph"]
    assert ours["recall"] >= 0.9 and ours["false_merge_clusters"] == 0
