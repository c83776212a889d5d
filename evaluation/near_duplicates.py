"""Near-duplicate benchmark (issue #14): does every copy of an article join its original, and how fast?

1. Recall. Real articles (PolNeAR, BBC under ../shared/corpora) are each rewritten into scrape-like
   variants of many kinds (`VARIANT_KINDS`: an appeal appended, captions, a social embed, hard wraps,
   quotes swapped, paragraphs dropped, added or reordered, another headline, no title, a Markdown title,
   furniture...). Originals and variants are written as files to a temporary folder (never into the
   repository) and go through the real pipeline path: `scan_raw_dir`, `read_headers`, `parse_batch`,
   `ParsedDocument.row()` (the stored signature) and `current_versions`. A variant is found when it is
   in its original's cluster; a false merge is a cluster holding two originals. Beside it: datasketch's
   MinHashLSH over the raw, uncleaned text at thresholds 0.5 and 0.8 (plain LSH, a candidate is a
   match), and the previous newsgraph tier (datasketch LSH at 0.6 over the stored signatures, the
   estimate verifying).
   Originals are the articles with no copy in their corpus (no exact copy, no raw-text MinHash neighbour
   at 0.5), so two originals in one cluster is a false merge, not a copy the corpus already had.
2. BBC's byte-identical files: every group must be one cluster (the real parse of all 2,225 files).
3. Throughput and peak memory of the near-duplicate stage (`find_duplicates` on the stored signatures
   and bodies) on BBC and on a scaled corpus (BBC bodies replicated with perturbations, default 50,000
   documents), beside datasketch MinHashLSH over the same signatures in the same run, with the recall of
   each on the scaled corpus so the ratio is read at (near) equal recall. Time and memory are separate
   runs (tracemalloc slows Python code): the ratio is the result, not the absolute numbers. rensa, when
   installed, is timed over the same bodies (its own signatures: they are not datasketch's).

    python -m evaluation.near_duplicates [--corpus-root ../shared/corpora] [--limit 60] \\
        [--scale 50000] [--json bench/near_duplicates.json]
"""

import argparse
import gc
import hashlib
import json
import random
import re
import sys
import tempfile
import textwrap
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from pipeline.corpus.dedup import DedupInput, find_duplicates
from pipeline.corpus.versions import CurrentVersions, current_versions
from pipeline.documents.parse import ParsedDocumentRow, parse_batch, read_headers
from pipeline.documents.read import scan_raw_dir, stamp_batch
from pipeline.text.normalise import fold
from pipeline.text.signatures import MINHASH_SCHEME, NUM_PERM, lead_key, minhash, shingles

REPO = Path(__file__).resolve().parent.parent
CORPUS_ROOT = REPO.parent / "shared" / "corpora"
BBC_TOPICS = ("business", "entertainment", "politics", "sport", "tech")
RAW_THRESHOLDS = (0.5, 0.8)
# The tier newsgraph had before: datasketch LSH over the stored signatures, the estimate verifying.
LEGACY_THRESHOLD = 0.6
# Variant file names: <original key>--<kind>.<suffix>; originals are <original key>.txt.
SEPARATOR = "--"


@dataclass(frozen=True)
class Article:
    """A real article: its key (unique, file-name safe), headline and paragraphs."""

    key: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return render(self.title, list(self.paragraphs))


def render(title: str | None, paragraphs: Sequence[str], *, title_prefix: str = "") -> str:
    head = f"{title_prefix}{title}\n\n" if title else ""
    return head + "\n\n".join(paragraphs) + "\n"


def parse_article(key: str, text: str) -> Article | None:
    """Line 1 the headline, then paragraphs split on blank lines (both corpora's format)."""
    lines = text.replace("\r\n", "\n").split("\n")
    title = lines[0].strip()
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines[1:])) if p.strip())
    if not title or len(paragraphs) < 3:
        return None
    return Article(key, title, paragraphs)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def corpus_files(root: Path) -> dict[str, list[Path]]:
    """The article files of each corpus present under root, by corpus name."""
    found = {}
    polnear = sorted((root / "polnear").glob("*/text/*.txt"))
    if polnear:
        found["polnear"] = polnear
    bbc = sorted(p for topic in BBC_TOPICS for p in (root / "bbc_news" / "bbc" / topic).glob("*.txt"))
    if bbc:
        found["bbc"] = bbc
    return found


def _key(corpus: str, path: Path) -> str:
    return f"{corpus}_{path.parent.name}_{path.stem}" if corpus == "bbc" else f"{corpus}_{path.stem}"


def raw_minhash(text: str) -> MinHash:
    """datasketch's MinHash of the raw text's 5-word shingles: the baseline reads no cleaned body."""
    return minhash(text)


def lsh_clusters(signatures: dict[str, MinHash], threshold: float, *, verify: bool = False) -> dict[str, str]:
    """datasketch MinHashLSH clustering (union of matches, in key order): plain LSH takes every candidate,
    `verify` keeps those whose estimated Jaccard reaches the threshold (newsgraph's previous tier)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = {key: key for key in signatures}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key in sorted(signatures):
        signature = signatures[key]
        for candidate in lsh.query(signature):
            if not verify or signature.jaccard(signatures[candidate]) >= threshold:
                parent[find(key)] = find(candidate)
        lsh.insert(key, signature)
    return {key: find(key) for key in signatures}


def unique_originals(articles: Sequence[Article]) -> list[Article]:
    """The articles with no copy among the others: no equal text, no raw-text LSH neighbour at 0.5."""
    by_text: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_text[hashlib.sha256(fold("\n".join(article.paragraphs)).encode()).hexdigest()].append(article)
    singles = [group[0] for group in by_text.values() if len(group) == 1]
    clusters = lsh_clusters({a.key: raw_minhash(a.text) for a in singles}, 0.5)
    sizes = Counter(clusters.values())
    return [a for a in singles if sizes[clusters[a.key]] == 1]


# Scrape furniture the variants add. Several wordings each, so that no single line repeats across the
# whole benchmark folder the way one outlet's boilerplate would (the repeated-lines statistics would
# then remove it, and the benchmark would measure that instead of the near-duplicate tier).
APPEALS = (
    "Support independent journalism. Become a member today for as little as ${n} a month and help us keep "
    "our reporting free for everyone.",
    "Sign up for our {day} newsletter to get the day's top stories delivered to your inbox every morning. "
    "You can unsubscribe at any time.",
    "If you value this reporting, please consider a donation of ${n}. Readers like you fund {pct}% of our "
    "newsroom, and every contribution helps.",
    "Enjoyed this article? Subscribe now and get your first {n} weeks free, plus unlimited access on all of "
    "your devices.",
)
CAPTIONS = (
    "Photo: {name}/Getty Images",
    "Image caption: {name} speaks to reporters on {day}",
    "(Photograph: {name} / Reuters)",
    "Pictured: {name}, who declined to comment",
)
EMBEDS = (
    "Sorry, the Twitter embed could not be loaded.\n"
    "This is absolutely huge news, and it changes everything for {name} pic.twitter.com/{code}\n"
    "— {name} (@{handle}) {day} {n}, 2016",
    "View this post on Instagram\nA post shared by {name} (@{handle})\n{day} at {n}:00am PST",
    "Embedded video\n{name} on what happens next: watch the full interview\n0:{n} / 3:21",
    # The held-out failure of issue #14: a Markdown marker, the post, its link, and no signature.
    "## Embed:\nBig day for {name} and everyone who worked on this pic.twitter.com/{code}",
)
FURNITURE = (
    "Advertisement",
    "Share this article",
    "Share on Facebook\nShare on Twitter\nEmail",
    "Continue reading the main story",
    "Related: more coverage from {name}",
    "READ MORE",
)
NAMES = ("Jane Doe", "Sam Okafor", "Maria Lopez", "Tom Becker", "Priya Nair", "Li Wei", "Ana Costa")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
UPDATES = (
    "UPDATE ({n}:15 p.m.): Officials said later on {day} that a full statement would follow, and a spokesman "
    "for {name} declined to add to the remarks made earlier.",
    "This story has been updated. {name} told reporters on {day} evening that talks would resume within "
    "{n} days, and that no decision had yet been taken on the proposals.",
)


def _fill(template: str, rng: random.Random) -> str:
    name = rng.choice(NAMES)
    return template.format(
        n=rng.randint(2, 59),
        pct=rng.randint(20, 90),
        day=rng.choice(DAYS),
        name=name,
        handle=name.replace(" ", "").lower() + str(rng.randint(1, 99)),
        code="".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(10)),
    )


def _swap_quotes(text: str) -> str:
    if any(c in text for c in "“”‘’"):
        return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    text = re.sub(r'"(\S)', "“\\1", text).replace('"', "”")
    return text.replace("'", "’")


def _insert(paragraphs: list[str], block: str, at: float, rng: random.Random) -> list[str]:
    position = max(1, min(len(paragraphs) - 1, int(len(paragraphs) * at)))
    return paragraphs[:position] + [block] + paragraphs[position:]


# Each kind: (article, rng) -> (text, file suffix). The body it leaves is what a scraper might have
# saved of the same article on another day or from another site.
Variant = Callable[[Article, random.Random], tuple[str, str]]


def _appeal(a: Article, rng: random.Random) -> tuple[str, str]:
    return render(a.title, [*a.paragraphs, _fill(rng.choice(APPEALS), rng)]), ".txt"


def _newsletter_mid(a: Article, rng: random.Random) -> tuple[str, str]:
    block = "SIGN UP: " + _fill(APPEALS[1], rng)
    return render(a.title, _insert(list(a.paragraphs), block, 0.4, rng)), ".txt"


def _captions(a: Article, rng: random.Random) -> tuple[str, str]:
    paragraphs = _insert(list(a.paragraphs), _fill(rng.choice(CAPTIONS), rng), 0.2, rng)
    paragraphs = _insert(paragraphs, _fill(rng.choice(CAPTIONS), rng), 0.7, rng)
    return render(a.title, paragraphs), ".txt"


def _embed(a: Article, rng: random.Random) -> tuple[str, str]:
    return render(a.title, _insert(list(a.paragraphs), _fill(rng.choice(EMBEDS), rng), 0.5, rng)), ".txt"


def _hard_wrap(a: Article, rng: random.Random) -> tuple[str, str]:
    width = rng.choice((64, 72, 80))
    return render(a.title, [textwrap.fill(p, width) for p in a.paragraphs]), ".txt"


def _quotes(a: Article, rng: random.Random) -> tuple[str, str]:
    return _swap_quotes(a.text), ".txt"


def _drop_last(a: Article, rng: random.Random) -> tuple[str, str]:
    return render(a.title, a.paragraphs[:-1]), ".txt"


def _truncated(a: Article, rng: random.Random) -> tuple[str, str]:
    keep = max(2, round(len(a.paragraphs) * 0.6))
    return render(a.title, a.paragraphs[:keep]), ".txt"


def _update(a: Article, rng: random.Random) -> tuple[str, str]:
    return render(a.title, [*a.paragraphs, _fill(rng.choice(UPDATES), rng)]), ".txt"


def _reorder(a: Article, rng: random.Random) -> tuple[str, str]:
    paragraphs = list(a.paragraphs)
    i, j = sorted(rng.sample(range(len(paragraphs)), 2))
    paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    return render(a.title, paragraphs), ".txt"


def _headline(a: Article, rng: random.Random) -> tuple[str, str]:
    words = a.paragraphs[0].split()[:6]
    return render(f"{rng.choice(('Live', 'Explainer', 'Analysis'))}: {' '.join(words)}", a.paragraphs), ".txt"


def _no_title(a: Article, rng: random.Random) -> tuple[str, str]:
    return render(None, a.paragraphs), ".txt"


def _markdown_title(a: Article, rng: random.Random) -> tuple[str, str]:
    return render(a.title, a.paragraphs, title_prefix="# "), ".md"


def _furniture(a: Article, rng: random.Random) -> tuple[str, str]:
    paragraphs = [p + rng.choice(("", " ", "  ", "\t")) for p in a.paragraphs]
    for at in (0.0, 0.3, 0.6):
        paragraphs = _insert(paragraphs, _fill(rng.choice(FURNITURE), rng), at, rng)
    text = render(a.title, paragraphs).replace("\n\n", rng.choice(("\n\n", "\n\n\n", "\n \n")))
    return _fill(FURNITURE[1], rng) + "\n\n" + text, ".txt"


def _scrape(a: Article, rng: random.Random) -> tuple[str, str]:
    """Captions, an embed, an appeal and hard wraps together: a real scrape has several at once."""
    paragraphs = _insert(list(a.paragraphs), _fill(rng.choice(CAPTIONS), rng), 0.2, rng)
    paragraphs = _insert(paragraphs, _fill(rng.choice(EMBEDS), rng), 0.5, rng)
    paragraphs = [*paragraphs, _fill(rng.choice(APPEALS), rng)]
    return render(a.title, [textwrap.fill(p, 72) if "\n" not in p else p for p in paragraphs]), ".txt"


VARIANT_KINDS: dict[str, Variant] = {
    "appeal": _appeal,
    "newsletter_mid": _newsletter_mid,
    "captions": _captions,
    "embed": _embed,
    "hard_wrap": _hard_wrap,
    "quotes": _quotes,
    "drop_last": _drop_last,
    "truncated": _truncated,
    "update": _update,
    "reorder": _reorder,
    "headline": _headline,
    "no_title": _no_title,
    "markdown_title": _markdown_title,
    "furniture": _furniture,
    "scrape": _scrape,
}


def write_variants(
    originals: Sequence[Article], folder: Path, *, kinds: Sequence[str] = tuple(VARIANT_KINDS), seed: int = 7
) -> int:
    """Each original and its variants as files under folder/<corpus>/ (a folder per outlet, as scraped)."""
    rng = random.Random(seed)
    written = 0
    for article in originals:
        outlet = folder / article.key.split("_", 1)[0]
        outlet.mkdir(parents=True, exist_ok=True)
        (outlet / f"{article.key}.txt").write_text(article.text, encoding="utf-8")
        for kind in kinds:
            text, suffix = VARIANT_KINDS[kind](article, rng)
            (outlet / f"{article.key}{SEPARATOR}{kind}{suffix}").write_text(text, encoding="utf-8")
            written += 1
    return written


def parse_folder(folder: Path) -> tuple[list[ParsedDocumentRow], dict[str, str], list]:
    """The real per-batch path over a folder as one batch: parsed rows, raw text by source path, rejects."""
    raws, rejected = stamp_batch(scan_raw_dir(folder), batch_id="b0001")
    headers, fingerprints = read_headers(raws)
    failures: list = []
    parsed = parse_batch(raws, headers, fingerprints, failures=failures)
    return [d.row() for d in parsed], {r.source_path: r.raw_text for r in raws}, rejected + failures


def origin_of(source_path: str) -> tuple[str, str]:
    """(original key, kind) from a benchmark file name; the original itself is kind "original"."""
    stem = Path(source_path).stem
    key, _, kind = stem.partition(SEPARATOR)
    return key, kind or "original"


def score(clusters: dict[str, str], kind_of: dict[str, tuple[str, str]]) -> dict:
    """Recall per kind (a variant in its original's cluster) and false merges (two originals together)."""
    original_cluster = {key: clusters[doc] for doc, (key, kind) in kind_of.items() if kind == "original"}
    found: dict[str, list[bool]] = defaultdict(list)
    for doc, (key, kind) in kind_of.items():
        if kind != "original" and key in original_cluster:
            found[kind].append(clusters[doc] == original_cluster[key])
    originals_per_cluster = Counter(original_cluster.values())
    merged = [
        sorted(k for k, c in original_cluster.items() if c == cluster)
        for cluster, n in originals_per_cluster.items()
        if n > 1
    ]
    hits = sum(sum(v) for v in found.values())
    total = sum(len(v) for v in found.values())
    return {
        "recall": round(hits / total, 4) if total else None,
        "variants": total,
        "found": hits,
        "recall_by_kind": {kind: round(sum(v) / len(v), 4) for kind, v in sorted(found.items())},
        "false_merge_clusters": len(merged),
        "false_merged_originals": sum(len(m) for m in merged),
        "false_merge_examples": merged[:5],
    }


def recall_benchmark(
    root: Path, *, limit: int, seed: int = 7, kinds: Sequence[str] = tuple(VARIANT_KINDS)
) -> dict:
    """Part 1: variants of `limit` originals per corpus through the real pipeline, beside the baselines."""
    rng = random.Random(seed)
    originals: list[Article] = []
    for corpus, paths in corpus_files(root).items():
        articles = [a for p in paths if (a := parse_article(_key(corpus, p), _read_text(p)))]
        candidates = unique_originals(articles)
        originals += rng.sample(candidates, min(limit, len(candidates)))
    with tempfile.TemporaryDirectory(prefix="near-duplicates-") as tmp:
        variants = write_variants(originals, Path(tmp), kinds=kinds, seed=seed)
        rows, raw_text, rejected = parse_folder(Path(tmp))
    versions = current_versions(rows, [])
    kind_of = {r.doc_id: origin_of(r.source_path) for r in rows}
    newsgraph = {d.doc_id: d.dup_cluster_id for d in versions.documents}
    raw_signatures = {r.doc_id: raw_minhash(raw_text[r.source_path]) for r in rows}
    stored = {
        r.doc_id: MinHash(num_perm=NUM_PERM, seed=1, hashvalues=r.minhash, scheme=MINHASH_SCHEME)
        for r in rows
    }
    return {
        "originals": len(originals),
        "variants_written": variants,
        "documents_parsed": len(rows),
        "rejected": [f"{r.source_path}: {r.reason}" for r in rejected][:10],
        "kinds": list(kinds),
        "methods": {
            "newsgraph": score(newsgraph, kind_of)
            | {"pairs": Counter(p.tier for p in versions.duplicate_pairs)},
            f"newsgraph_previous_lsh_{LEGACY_THRESHOLD}": score(
                lsh_clusters(stored, LEGACY_THRESHOLD, verify=True), kind_of
            ),
            **{
                f"datasketch_raw_{t}": score(lsh_clusters(raw_signatures, t), kind_of) for t in RAW_THRESHOLDS
            },
        },
    }


def bbc_rows(root: Path) -> tuple[list[ParsedDocumentRow], list[list[str]]]:
    """All BBC articles through the real per-batch path, and its groups of byte-identical files."""
    bbc = root / "bbc_news" / "bbc"
    # The five topic folders only: README.TXT is no article.
    results = (r for r in scan_raw_dir(bbc) if r.source_path.split("/")[0] in BBC_TOPICS)
    raws, _ = stamp_batch(results, batch_id="b0001")
    headers, fingerprints = read_headers(raws)
    rows = [d.row() for d in parse_batch(raws, headers, fingerprints, failures=[])]
    groups: dict[str, list[str]] = defaultdict(list)
    for raw in raws:
        groups[raw.content_sha256].append(raw.doc_id)
    return rows, sorted(sorted(ids) for ids in groups.values() if len(ids) > 1)


def exact_groups_found(groups: Sequence[Sequence[str]], versions: CurrentVersions) -> dict:
    """Whether every byte-identical group is one cluster, and its copies have exact-tier pairs."""
    cluster = {d.doc_id: d.dup_cluster_id for d in versions.documents}
    exact = {(p.doc_id_a, p.doc_id_b) for p in versions.duplicate_pairs if p.tier == "exact"}
    linked = defaultdict(set)
    for a, b in exact:
        linked[a].add(b)
        linked[b].add(a)
    one_cluster = sum(len({cluster[d] for d in group}) == 1 for group in groups)
    pairs = sum(len(group) - 1 for group in groups)
    paired = sum(1 for group in groups for d in group if linked[d])
    return {
        "groups": len(groups),
        "pairs": pairs,
        "documents": sum(len(group) for group in groups),
        "groups_in_one_cluster": one_cluster,
        "documents_with_an_exact_pair": paired,
        "all_found": one_cluster == len(groups),
    }


# Perturbations of a cleaned body for the scaled corpus: each copy takes one to three, with random
# parameters, so copies of one article are rarely identical (identical ones would all go to the exact
# tier and flatter both methods).
FILLER = [
    "officials",
    "said",
    "the",
    "figures",
    "would",
    "be",
    "reviewed",
    "again",
    "later",
    "this",
    "year",
    "according",
    "to",
    "people",
    "familiar",
    "with",
    "the",
    "matter",
    "who",
    "asked",
    "not",
    "to",
    "be",
    "named",
    "because",
    "the",
    "talks",
    "were",
    "private",
]


def _perturb(paragraphs: list[str], rng: random.Random) -> list[str]:
    kind = rng.choice(("drop_last", "append", "insert", "reorder", "truncate", "typos", "update"))
    if kind == "drop_last" and len(paragraphs) > 3:
        return paragraphs[:-1]
    if kind == "truncate" and len(paragraphs) > 4:
        return paragraphs[: max(3, round(len(paragraphs) * rng.uniform(0.6, 0.9)))]
    if kind == "reorder" and len(paragraphs) > 2:
        i, j = rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        return paragraphs
    if kind == "typos":
        i = rng.randrange(len(paragraphs))
        words = paragraphs[i].split()
        for _ in range(max(1, len(words) // 15)):
            words[rng.randrange(len(words))] = rng.choice(FILLER)
        paragraphs[i] = " ".join(words)
        return paragraphs
    sentence = " ".join(rng.choice(FILLER) for _ in range(rng.randint(8, 30))).capitalize() + "."
    if kind == "insert":
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), sentence)
        return paragraphs
    return [*paragraphs, ("Update: " if kind == "update" else "") + sentence]


def scaled_corpus(
    rows: Sequence[ParsedDocumentRow], size: int, *, seed: int = 11
) -> tuple[list[DedupInput], list[int]]:
    """`size` documents: every BBC body once, then perturbed copies of them in turn, with their stored
    signatures and opening keys computed once as parsing would (`minhash`, `lead_key`). Returns the inputs and each one's original."""
    rng = random.Random(seed)
    inputs, origin = [], []
    for i in range(size):
        source = i % len(rows)
        paragraphs = rows[source].body.split("\n\n")
        if i >= len(rows):
            for _ in range(rng.randint(1, 3)):
                paragraphs = _perturb(list(paragraphs), rng)
        body = "\n\n".join(paragraphs)
        inputs.append(
            DedupInput(
                f"d{i:06d}",
                body,
                hashlib.sha256(fold(body).encode("utf-8")).hexdigest(),
                (len(body.split()),),
                minhash(body).hashvalues.tolist() if i >= len(rows) else rows[source].minhash,
                lead_key(body) if i >= len(rows) else rows[source].lead_key,
            )
        )
        origin.append(source)
    return inputs, origin


def _exact_groups(
    docs: Sequence[DedupInput],
) -> tuple[Callable[[str], str], Callable[[str, str], None], list[DedupInput]]:
    """The baselines' common start: union-find over doc ids (find, join) with exact copies (same body
    hash) already joined to their group's first document, and those first documents (the ones LSH sees)."""
    parent = {d.doc_id: d.doc_id for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    first: dict[str, str] = {}
    representatives = []
    for d in docs:
        if d.body_sha256 in first:
            parent[d.doc_id] = first[d.body_sha256]
        else:
            first[d.body_sha256] = d.doc_id
            representatives.append(d)
    return find, join, representatives


def datasketch_stage(docs: Sequence[DedupInput], threshold: float) -> dict[str, str]:
    """The same stage built on datasketch: exact groups by hash, then MinHashLSH over one representative
    of each (MinHash objects made from the stored signatures), a candidate kept when its estimated
    Jaccard reaches the threshold, union-find. Cluster ids are a member's id (canonicals do not matter
    for the timing)."""
    docs = sorted(docs, key=lambda d: d.doc_id)
    find, join, representatives = _exact_groups(docs)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures = {}
    for d in representatives:
        signature = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=d.signature, scheme=MINHASH_SCHEME)
        for candidate in lsh.query(signature):
            if signature.jaccard(signatures[candidate]) >= threshold:
                join(d.doc_id, candidate)
        lsh.insert(d.doc_id, signature)
        signatures[d.doc_id] = signature
    return {d.doc_id: find(d.doc_id) for d in docs}


def rensa_stage(docs: Sequence[DedupInput], threshold: float) -> dict[str, str] | None:
    """rensa (Rust MinHash and LSH) over the same bodies, with its own signatures: they cannot be
    datasketch's stored ones, so its time includes making them. None when rensa is not installed."""
    try:
        from rensa import RMinHash, RMinHashLSH
    except ImportError:
        return None
    docs = sorted(docs, key=lambda d: d.doc_id)
    find, join, representatives = _exact_groups(docs)
    lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=32)
    signatures = []
    for key, d in enumerate(representatives):
        signature = RMinHash(num_perm=NUM_PERM, seed=1)
        signature.update(list(shingles(d.body)))
        for candidate in lsh.query(signature):
            if signature.jaccard(signatures[candidate]) >= threshold:
                join(d.doc_id, representatives[candidate].doc_id)
        lsh.insert(key, signature)
        signatures.append(signature)
    return {d.doc_id: find(d.doc_id) for d in docs}


def measure(stage: Callable[[], object], *, memory: bool = True) -> tuple[object, float, float | None]:
    """(result, seconds, peak MiB allocated during the stage): timed first, then run again under
    tracemalloc, which slows Python code and would spoil the time."""
    gc.collect()
    started = time.perf_counter()
    result = stage()
    seconds = time.perf_counter() - started
    peak = None
    if memory:
        del result
        gc.collect()
        tracemalloc.start()
        result = stage()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return result, seconds, peak


def scaled_score(
    clusters: dict[str, str], docs: Sequence[DedupInput], origin: Sequence[int], bbc: dict[str, str]
) -> dict:
    """Recall of the perturbed copies (each in its original's cluster), and how many of the method's own
    BBC-only clusters the copies merged: BBC's real duplicates are clustered on BBC alone, so a merge
    beyond those is a false one."""
    ids = [d.doc_id for d in docs]
    originals = len(bbc)
    hits = sum(clusters[ids[i]] == clusters[ids[origin[i]]] for i in range(originals, len(ids)))
    merged = len(set(bbc.values())) - len({clusters[i] for i in ids[:originals]})
    return {"recall": round(hits / max(1, len(ids) - originals), 4), "bbc_clusters_merged": merged}


def _clusters(duplicates) -> dict[str, str]:
    return {c.doc_id: c.dup_cluster_id for c in duplicates.clusters}


def performance_benchmark(
    rows: Sequence[ParsedDocumentRow],
    *,
    scale: int,
    thresholds: Sequence[float] = (0.5,),
    memory: bool = True,
) -> dict:
    """Part 3: the near-duplicate stage on the real BBC rows and on a scaled corpus, beside datasketch."""
    results = {}
    bbc = [DedupInput(r.doc_id, r.body, r.body_sha256, (r.word_count,), r.minhash, r.lead_key) for r in rows]
    started = time.perf_counter()
    scaled, origin = scaled_corpus(rows, scale)
    results["scaled_corpus_build_seconds"] = round(time.perf_counter() - started, 1)
    bbc_clusters: dict[str, dict[str, str]] = {}
    for name, docs in (("bbc", bbc), (f"scaled_{scale}", scaled)):
        entry: dict = {"documents": len(docs)}
        runs = {"newsgraph": lambda docs=docs: _clusters(find_duplicates(docs))}
        for threshold in thresholds:
            runs[f"datasketch_lsh_{threshold}"] = lambda docs=docs, t=threshold: datasketch_stage(docs, t)
        runs["rensa_from_text"] = lambda docs=docs: rensa_stage(docs, thresholds[0])
        for method, run in runs.items():
            clusters, seconds, peak = measure(run, memory=memory and method != "rensa_from_text")
            if clusters is None:
                continue  # rensa is not installed
            entry[method] = _rates(len(docs), seconds, peak)
            if name == "bbc":
                bbc_clusters[method] = clusters
            else:
                entry[method] |= scaled_score(clusters, docs, origin, bbc_clusters[method])
            if method != "newsgraph":
                entry[method]["newsgraph_ratio"] = _ratio(entry["newsgraph"], entry[method])
        results[name] = entry
    return results


def _rates(docs: int, seconds: float, peak: float | None) -> dict:
    return {
        "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 1) if seconds else None,
        "peak_mib": round(peak, 1) if peak is not None else None,
        "peak_kib_per_doc": round(peak * 1024 / docs, 2) if peak is not None and docs else None,
    }


def _ratio(ours: dict, theirs: dict) -> dict:
    return {
        # newsgraph's docs/s over this method's, and its peak memory over this method's.
        "throughput_x": round(ours["docs_per_s"] / theirs["docs_per_s"], 2)
        if ours["docs_per_s"] and theirs["docs_per_s"]
        else None,
        "memory_x": round(ours["peak_mib"] / theirs["peak_mib"], 2)
        if ours["peak_mib"] and theirs["peak_mib"]
        else None,
    }


def readable(report: dict) -> str:
    """The report as a few tables for the terminal."""
    out = []
    recall = report.get("recall")
    if recall:
        methods = recall["methods"]
        out.append(f"Recall: {recall['originals']} originals, {recall['variants_written']} variants")
        names = list(methods)
        out.append(f"{'kind':<16}" + "".join(f"{n[:26]:>28}" for n in names))
        for kind in recall["kinds"]:
            out.append(
                f"{kind:<16}" + "".join(f"{methods[n]['recall_by_kind'].get(kind, 0):>28.3f}" for n in names)
            )
        out.append(f"{'ALL':<16}" + "".join(f"{methods[n]['recall']:>28.3f}" for n in names))
        out.append(
            f"{'false merges':<16}" + "".join(f"{methods[n]['false_merge_clusters']:>28}" for n in names)
        )
    exact = report.get("bbc_exact")
    if exact:
        out.append(
            f"\nBBC byte-identical: {exact['groups']} groups ({exact['pairs']} pairs), "
            f"{exact['groups_in_one_cluster']} in one cluster: {'all found' if exact['all_found'] else 'MISSED SOME'}"
        )
    perf = report.get("performance")
    if perf:
        out.append("\nNear-duplicate stage")
        for name, entry in perf.items():
            if not isinstance(entry, dict):
                continue
            for method, values in entry.items():
                if isinstance(values, dict):
                    out.append(f"  {name:<14} {method:<28} {json.dumps(values)}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus-root", type=Path, default=CORPUS_ROOT)
    parser.add_argument("--limit", type=int, default=60, help="originals per corpus for the recall part")
    parser.add_argument("--scale", type=int, default=50_000, help="documents of the scaled corpus (0: skip)")
    parser.add_argument("--datasketch-thresholds", type=float, nargs="+", default=[0.5])
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--skip", choices=("recall", "bbc", "performance"), nargs="*", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not corpus_files(args.corpus_root):
        print(f"no corpora under {args.corpus_root}", file=sys.stderr)
        return 2
    report: dict = {"corpus_root": str(args.corpus_root)}
    if "recall" not in args.skip:
        report["recall"] = recall_benchmark(args.corpus_root, limit=args.limit)
    if "bbc" not in args.skip or "performance" not in args.skip:
        rows, groups = bbc_rows(args.corpus_root)
        if "bbc" not in args.skip:
            report["bbc_exact"] = exact_groups_found(groups, current_versions(rows, []))
        if "performance" not in args.skip:
            report["performance"] = performance_benchmark(
                rows,
                scale=args.scale,
                thresholds=args.datasketch_thresholds,
                memory=not args.no_memory,
            )
    print(readable(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
