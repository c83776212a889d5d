"""How cross-document event merging (`pipeline.corpus.events.merged_events`) scales with the corpus.

    python -m evaluation.event_merging [--documents 12500] [--json out.json]

Synthetic mentions, shaped like news: 20 per document, a few types per story, participants drawn from a
Zipf-like pool (a handful of entities, "Russia", "Trump", are in a large share of the corpus), stated days
spread over a year, places from a short list. The corpus is merged at 1x, 2x and 4x `--documents`, and
the times are reported as ratios to the smallest run in the same process: linear scaling gives 2 and 4.
"""

import argparse
import json
import random
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipeline.corpus.events import DocumentContext, merged_events
from pipeline.nlp.events import DocEventMention, Participant

MENTIONS_PER_DOCUMENT = 20
DOCUMENTS_PER_STORY = 5
TYPES = ("attack", "meet", "arrest", "protest", "die", "statement", "visit", "acquire")
PLACES = ("Kyiv", "Moscow", "Paris", "Texas", "London", "Gaza", "Beijing", "Berlin", None, None)


def synthetic_corpus(
    documents: int, seed: int = 17
) -> tuple[list[DocEventMention], dict[str, DocumentContext]]:
    rng = random.Random(seed)
    entities = [f"Entity {i}" for i in range(max(documents // 2, 10))]
    weights = [1 / (rank + 1) for rank in range(len(entities))]  # Zipf: a few entities everywhere
    start = date(2023, 1, 1)
    mentions, contexts = [], {}
    for d in range(documents):
        doc_id = f"d{d:07d}"
        story = f"s{d // DOCUMENTS_PER_STORY:07d}"
        published = start + timedelta(days=rng.randrange(365))
        contexts[doc_id] = DocumentContext(story, f"c{d:07d}", published, None, f"publisher {d % 40}")
        for m in range(MENTIONS_PER_DOCUMENT):
            people = rng.choices(entities, weights=weights, k=rng.choice((0, 1, 2)))
            day = published - timedelta(days=rng.randrange(3)) if rng.random() < 0.5 else None
            mentions.append(
                DocEventMention(
                    doc_id=doc_id, batch_id="bench", event_type=rng.choice(TYPES), trigger="x", trigger_lemma="x",
                    trigger_start=m * 50, trigger_end=m * 50 + 1, status="happened", confidence=0.7,
                    participants=[Participant(name=p, role=rng.choice(("actor", "target")), named=True) for p in people],
                    start_date=day, end_date=None, date_precision="day" if day else None,
                    date_explicit=day is not None, place=rng.choice(PLACES), place_from_dateline=False,
                    text="x", start_char=m * 50, end_char=m * 50 + 40, in_title=False,
                )
            )  # fmt: skip
    return mentions, contexts


def bench(documents: int, factors: Sequence[int] = (1, 2, 4)) -> dict[str, Any]:
    runs = []
    for factor in factors:
        mentions, contexts = synthetic_corpus(documents * factor)
        link = {(m.doc_id, p.name): p.name for m in mentions for p in m.participants}
        started = time.perf_counter()
        merged = merged_events(mentions, context_of=contexts, link=link, entity_type={})
        seconds = time.perf_counter() - started
        runs.append({"documents": documents * factor, "mentions": len(mentions), "events": len(merged.events),
                     "seconds": round(seconds, 3)})  # fmt: skip
    base = runs[0]["seconds"] or 1e-9
    for run in runs:
        run["time_ratio"] = round(run["seconds"] / base, 2)
    return {"mentions_per_document": MENTIONS_PER_DOCUMENT, "runs": runs}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=12_500, help="the smallest corpus (1x)")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    results = bench(args.documents)
    for run in results["runs"]:
        print(f"{run['documents']:>8} documents {run['mentions']:>9} mentions {run['events']:>8} events "
              f"{run['seconds']:>8.2f} s  x{run['time_ratio']}")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
