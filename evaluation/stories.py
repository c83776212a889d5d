"""Story clustering on ECB+: each topic holds articles about two different happenings of one kind, so a
good clustering puts each story in its own cluster and never merges a topic's two stories.

    python -m evaluation.stories                # score the production stories (held-out: even topics)
    python -m evaluation.stories --train        # refit the pair model on the odd topics, then score
    python -m evaluation.stories --bench DIR    # story assignment's cost as the corpus grows (no scoring)

The documents go through the production per-batch steps (`evaluation.folder_run`) and the production
corpus step (`pipeline.corpus.build.corpus_tables`): the stories scored are the `documents.story_id`
the warehouse would hold. The model is trained and its threshold chosen on the odd topics only; the
numbers reported are on the even topics. A TF-IDF + average-linkage baseline, its threshold tuned on the
same half, runs beside it.
"""

import argparse
import csv
import json
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from evaluation.folder_run import cached_corpus_tables
from pipeline.corpus.linking import Entity, EntityMention
from pipeline.corpus.stories import (
    DEFAULT_MODEL,
    PAIR_FEATURES,
    StoryDocument,
    StoryModel,
    assign_stories,
    corpus_stories,
    pair_features,
    story_documents,
    vectorise,
)
from pipeline.corpus.versions import DocumentRow
from pipeline.lake.settings import DEFAULT_SPACY_MODEL

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "corpora" / "ecbplus"


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item i in cluster predicted[i]) against gold."""
    by_predicted: dict[Hashable, set[int]] = defaultdict(set)
    by_gold: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_predicted[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        shared = len(by_predicted[p] & by_gold[g])
        precision += shared / len(by_predicted[p])
        recall += shared / len(by_gold[g])
    n = len(predicted)
    if n == 0:
        return 0.0, 0.0, 0.0
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def adjusted_rand(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score([str(g) for g in gold], [str(p) for p in predicted]))


@dataclass(frozen=True)
class GoldStory:
    topic: int
    story: str


def gold_stories(ecbplus: Path) -> dict[str, GoldStory]:
    with (ecbplus / "stories.tsv").open(encoding="utf-8") as handle:
        return {
            r["file"]: GoldStory(int(r["topic"]), r["story"]) for r in csv.DictReader(handle, delimiter="\t")
        }


@dataclass
class Corpus:
    """ECB+ as the corpus step leaves it: current documents, linked mentions and entity types."""

    documents: list[DocumentRow]
    mentions: list[EntityMention]
    entity_types: dict[str, str]
    gold: dict[str, GoldStory]  # doc_id -> gold

    def of_topics(self, topics: set[int]) -> list[DocumentRow]:
        """The duplicate clusters whose canonical document is in `topics`, every copy with it."""
        topic_of = {d.dup_cluster_id: self.gold[d.doc_id].topic for d in self.documents if d.is_canonical}
        return [d for d in self.documents if topic_of[d.dup_cluster_id] in topics]

    def stories(self, documents: Sequence[DocumentRow], model: StoryModel) -> dict[str, str]:
        """Every document's story, as the corpus step assigns it (`corpus_stories`)."""
        return corpus_stories(documents, self.mentions, self.entity_types, model=model).story_of


def load_corpus(ecbplus: Path, scratch: Path, spacy_model: str) -> Corpus:
    built = cached_corpus_tables(ecbplus / "text", scratch, spacy_model=spacy_model)
    documents = DocumentRow.from_table(built[DocumentRow.TABLE])
    gold_by_file = gold_stories(ecbplus)
    gold = {
        d.doc_id: gold_by_file[Path(d.source_path).name]
        for d in documents
        if Path(d.source_path).name in gold_by_file
    }
    return Corpus(
        documents=[d for d in documents if d.doc_id in gold],
        mentions=EntityMention.from_table(built[EntityMention.TABLE]),
        entity_types={e.entity_id: e.type for e in Entity.from_table(built[Entity.TABLE])},
        gold=gold,
    )


def score(story_of: dict[str, str], corpus: Corpus, topics: set[int]) -> dict[str, Any]:
    """B-cubed, ARI and merged look-alike topics over the documents of `topics`."""
    ids = [d.doc_id for d in corpus.documents if corpus.gold[d.doc_id].topic in topics]
    predicted = [story_of[i] for i in ids]
    gold = [corpus.gold[i].story for i in ids]
    precision, recall, f1 = bcubed(predicted, gold)
    stories_of_topic: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for i in ids:
        stories_of_topic[corpus.gold[i].topic][corpus.gold[i].story].add(story_of[i])
    merged = [
        t
        for t, stories in stories_of_topic.items()
        if len(stories) == 2 and set.intersection(*stories.values())
    ]
    return {
        "documents": len(ids),
        "topics": len(stories_of_topic),
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(f1, 4),
        "ari": round(adjusted_rand(predicted, gold), 4),
        "topics_with_stories_merged": sorted(merged),
        "merged_topic_share": round(len(merged) / len(stories_of_topic), 4) if stories_of_topic else None,
    }


# Placement and merge thresholds tried when training.
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MERGE_THRESHOLDS = (None, 0.3, 0.4, 0.5, 0.6)
# Training topics are split into this many folds to choose the thresholds (see `tune_threshold`).
FOLDS = 4


def fit_weights(corpus: Corpus, topics: set[int]) -> StoryModel:
    """The pair model's weights, fitted on every pair of documents of `topics` (thresholds left as they are)."""
    from sklearn.linear_model import LogisticRegression

    docs = story_documents(corpus.of_topics(topics), corpus.mentions, corpus.entity_types)
    vectors = vectorise(docs)
    left, right = np.triu_indices(len(docs), 1)
    features = pair_features(vectors, left, right)
    labels = np.array(
        [
            corpus.gold[docs[i].doc_id].story == corpus.gold[docs[j].doc_id].story
            for i, j in zip(left, right, strict=True)
        ]
    )
    fitted = LogisticRegression(C=0.1, max_iter=2000).fit(features, labels)
    return StoryModel(
        weights={name: round(float(w), 3) for name, w in zip(PAIR_FEATURES, fitted.coef_[0], strict=True)},
        intercept=round(float(fitted.intercept_[0]), 3),
        threshold=DEFAULT_MODEL.threshold,
        merge_threshold=DEFAULT_MODEL.merge_threshold,
    )


def train_model(corpus: Corpus, topics: set[int]) -> StoryModel:
    """Fit the pair model's weights on every pair of training documents, with the placement and merge
    thresholds chosen by cross-validation over the same topics (`tune_threshold`)."""
    return replace(fit_weights(corpus, topics), **tune_threshold(corpus, topics))


def tune_threshold(corpus: Corpus, topics: set[int], *, folds: int = FOLDS) -> dict[str, float | None]:
    """The placement and merge thresholds with the best B-cubed F1 over held-out folds of `topics`: each
    fold's topics are scored with weights fitted on the other folds, every document of `topics` clustered
    together (thresholds chosen on the documents the weights were fitted on would be judged optimistically)."""
    ordered = sorted(topics)
    documents = corpus.of_topics(topics)
    held_out = [{t for k, t in enumerate(ordered) if k % folds == fold} for fold in range(folds)]
    models = [fit_weights(corpus, topics - fold) for fold in held_out]
    best = None
    for threshold in THRESHOLDS:
        for merge_threshold in MERGE_THRESHOLDS:
            predicted: dict[str, str] = {}
            for fold, model in zip(held_out, models, strict=True):
                candidate = replace(model, threshold=threshold, merge_threshold=merge_threshold)
                story_of = corpus.stories(documents, candidate)
                predicted.update({d.doc_id: story_of[d.doc_id] for d in corpus.of_topics(fold)})
            f1 = score(predicted, corpus, topics)["bcubed_f1"]
            if best is None or f1 > best[0]:
                best = (f1, {"threshold": threshold, "merge_threshold": merge_threshold})
    return best[1]


def tfidf_baseline(corpus: Corpus, tune_on: set[int], report_on: set[int]) -> dict[str, Any]:
    """TF-IDF cosine and average-linkage agglomerative clustering, the threshold tuned on `tune_on`."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = corpus.documents
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        f"{d.title or ''}\n{d.body}" for d in docs
    )
    distance = np.clip(1 - (matrix @ matrix.T).toarray(), 0, 2)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(distance, checks=False), "average")
    best = None
    for threshold in np.arange(0.3, 1.0, 0.025):
        labels = fcluster(tree, threshold, "distance")
        story_of = {d.doc_id: str(label) for d, label in zip(docs, labels, strict=True)}
        f1 = score(story_of, corpus, tune_on)["bcubed_f1"]
        if best is None or f1 > best[0]:
            best = (f1, round(float(threshold), 3), story_of)
    return {"threshold": best[1], **score(best[2], corpus, report_on)}


def evaluate(ecbplus: Path, scratch: Path, *, spacy_model: str, train: bool) -> dict[str, Any]:
    corpus = load_corpus(ecbplus, scratch, spacy_model)
    topics = {g.topic for g in corpus.gold.values()}
    odd, even = {t for t in topics if t % 2}, {t for t in topics if t % 2 == 0}
    model = train_model(corpus, odd) if train else DEFAULT_MODEL
    production = {d.doc_id: d.story_id for d in corpus.documents}
    online = corpus.stories(corpus.documents, model)
    return {
        "corpus": str(ecbplus),
        "model": {
            "weights": model.weights,
            "intercept": model.intercept,
            "threshold": model.threshold,
            "merge_threshold": model.merge_threshold,
        },
        "trained_now": train,
        "held_out_even_topics": {
            "ours": score(online, corpus, even),
            "ours_as_warehouse_holds_it": score(production, corpus, even) if not train else None,
            "tfidf_average_linkage": tfidf_baseline(corpus, odd, even),
        },
        "training_odd_topics": {"ours": score(online, corpus, odd)},
    }


def bench(folder: Path, *, sizes: Sequence[int] = (1, 2, 4)) -> dict[str, Any]:
    """Seconds `assign_stories` takes over the folder's parsed documents copied 1, 2, 4... times, each
    copy a batch of its own (a dated copy is published k years later, so it starts new stories; an
    undated one joins its original's): how the cost grows with the corpus. Entities are left out (no
    spaCy): words, numbers and dates only."""
    import time

    from evaluation.folder_run import folder_batch
    from pipeline.documents.parse import parse_batch, read_headers
    from pipeline.documents.read import read_batch, stamp_batch

    batch = folder_batch(folder)
    raws, _ = stamp_batch(read_batch(folder, batch), batch_id=batch.batch_id)
    headers, fingerprints = read_headers(raws)
    parsed = [d.row() for d in parse_batch(raws, headers, fingerprints)]
    base = [StoryDocument(d.doc_id, d.title, d.body, d.reference_date, d.publisher) for d in parsed]
    results = []
    for copies in sizes:
        docs = [
            replace(
                d,
                doc_id=f"{d.doc_id}-{k}",
                published=d.published.replace(year=d.published.year + k) if d.published else None,
            )
            for k in range(copies)
            for d in base
        ]
        started = time.perf_counter()
        assignment = assign_stories(docs)
        seconds = time.perf_counter() - started
        results.append(
            {
                "documents": len(docs),
                "seconds": round(seconds, 2),
                "docs_per_second": round(len(docs) / seconds, 1),
                "stories": len(set(assignment.story_of.values())),
            }
        )
    first = results[0]
    for r in results:
        r["seconds_ratio_to_first"] = round(r["seconds"] / first["seconds"], 2)
    return {"corpus": str(folder), "runs": results}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ecbplus", type=Path, default=ECBPLUS)
    parser.add_argument("--scratch", type=Path, default=REPO / "data" / "eval_cache")
    parser.add_argument("--spacy-model", default=DEFAULT_SPACY_MODEL)
    parser.add_argument("--train", action="store_true", help="refit the pair model on the odd topics first")
    parser.add_argument(
        "--bench", type=Path, metavar="DIR", help="time story assignment over DIR's documents"
    )
    args = parser.parse_args(argv)
    if args.bench:
        print(json.dumps(bench(args.bench), indent=2))
        return 0
    if not (args.ecbplus / "stories.tsv").is_file():
        parser.error(f"ECB+ not found at {args.ecbplus} (see ../shared/corpora/README.md)")
    print(
        json.dumps(
            evaluate(args.ecbplus, args.scratch, spacy_model=args.spacy_model, train=args.train), indent=2
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
