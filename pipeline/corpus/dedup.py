"""Dedup: every copy of a document, found in two tiers, and one canonical document per cluster.

1. Exact: bodies with the same `body_sha256` (the body with case, punctuation and spacing folded) are
   one document, however many files hold it.
2. Near: one representative of each exact group is banded by its stored MinHash signature (42 bands of
   3 rows, `pipeline.text.signatures.band_keys`); documents sharing a band key are candidates, grouped
   with a numpy sort over the (band, key) columns instead of a hash table per band. A candidate whose
   estimated Jaccard (the share of equal signature values) is far below any merge is dropped; the rest
   are verified. A candidate estimated at `ESTIMATE_ACCEPT` or more is a near-duplicate on its estimate
   alone (method "minhash-lsh"): no threshold below is near it, and reading the two bodies would cost
   more than all the rest of the stage. Any other is verified on the exact shingle sets of the two
   bodies (method "minhash-lsh+shingles"). A pair is a near-duplicate when
   - its Jaccard is at least `NEAR_DUPLICATE_JACCARD` (an appended appeal, a caption, an embed), or
   - the smaller body's shingles are at least `NEAR_DUPLICATE_CONTAINMENT` inside the larger one's and
     the Jaccard is at least `CONTAINED_MIN_JACCARD`: a copy missing its last paragraphs, or an update
     with one added, joins its original; a short brief quoted whole inside a long round-up does not, or
   - it opens with the same `LEAD_WORDS` words (`lead_key`; such pairs are candidates whatever LSH says)
     and at least `TRUNCATED_CONTAINMENT` of the smaller lies inside the larger, down to a Jaccard of
     `TRUNCATED_MIN_JACCARD` (method "lead+shingles"): a teaser or a feed's excerpt of the article.

Nothing but the stored signatures and the bodies is read, and no old signature is recomputed: every
corpus step bands all current documents again (a vectorised pass, cheaper than keeping an index), so a
new batch is compared with every earlier document through the same band keys, and the clusters are
those of a full rebuild. Documents are visited in doc_id order, so clusters, canonicals and the pairs
recorded do not depend on how the corpus was batched.
"""

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

from pipeline.lake.records import Record
from pipeline.text.signatures import (
    band_keys,
    estimated_set_sizes,
    lead_key,
    minhash,
    shingle_hashes,
    signature_matrix,
)

# Chosen on evaluation/near_duplicates.py (PolNeAR and BBC articles with scrape-like variants) and on
# the real pairs of those corpora: copies that differ by an appeal, captions, an embed or a dropped
# paragraph keep Jaccard well above 0.6 on the cleaned body; versions of one article (a liveblog's
# snapshots, a story republished the next day under a new headline, an edited re-publication) fall
# between 0.5 and 0.6; different articles on one story (a rewrite, a follow-up) stay below 0.4.
NEAR_DUPLICATE_JACCARD = 0.5
NEAR_DUPLICATE_CONTAINMENT = 0.8
CONTAINED_MIN_JACCARD = 0.3
# A candidate whose estimated Jaccard is below this is no pair under either rule: the estimate's standard
# error at 128 values is at most 0.045, and the lowest merge needs an exact Jaccard of 0.3.
CANDIDATE_MIN_ESTIMATE = 0.15
# An estimate this high comes from a Jaccard below the Jaccard rule's 0.5 with probability 6e-6 (binomial,
# 128 values; the standard error at 0.5 is 0.044, and 0.7 is 4.5 of them above it).
ESTIMATE_ACCEPT = 0.7
# A band bucket larger than this (a story syndicated to many sites, an article and its copies) pairs each
# member with the bucket's first and with its predecessor, not all with all: its members agree on a whole
# band of signature values, so they are nearly always copies of one text, the pairs a quadratic expansion
# adds are nearly all found connected already, and listing them cost more than the rest of the stage.
MAX_BUCKET_PAIRS = 8

# A copy that opens with the original's first words (`lead_key`) and lies this wholly inside it is the
# original cut short, down to this Jaccard (a fifth of it kept: a teaser, a feed's excerpt). Opening
# alike is what keeps this from chaining: a round-up quoting several briefs opens like one at most.
TRUNCATED_CONTAINMENT = 0.9
# Bodies sharing an opening are all paired up to this many (a teaser meets every article opening like it);
# past it, as any large bucket, each with the first and its predecessor.
MAX_OPENING_BUCKET = 64
TRUNCATED_MIN_JACCARD = 0.1
# At 128 values the estimate of a Jaccard of 0.1 has a standard error of 0.027: a pair opening alike but
# estimated below this is no truncation, and its bodies are not read.
TRUNCATED_MIN_ESTIMATE = 0.02

EXACT_METHOD = "sha256"
ESTIMATED_METHOD = "minhash-lsh"
NEAR_METHOD = "minhash-lsh+shingles"
TRUNCATED_METHOD = "lead+shingles"


@dataclass(frozen=True)
class DedupInput:
    doc_id: str
    body: str
    body_sha256: str
    # Higher ranks are better canonical copies (more metadata, longer text).
    canonical_rank: tuple
    # A stored MinHash signature (`minhash(body).hashvalues`); computed from the body when absent.
    signature: Sequence[int] | None = None
    # The stored `lead_key(body)`; computed from the body when absent (a batch parsed before it existed).
    lead_key: int | None = None


@dataclass(frozen=True)
class DedupResult:
    doc_id: str
    dup_cluster_id: str
    is_canonical: bool


@dataclass(frozen=True, kw_only=True)
class DuplicatePair(Record):
    """Two documents found to be copies, and how (a row of the corpus-wide `duplicate_pairs`).

    One row per pair that joined two clusters, not per pair of members: an exact group of n copies gives
    n - 1 rows (each copy with the group's best-ranked member), and the near tier records the verified
    pair that linked two groups. So a cluster of n documents has exactly n - 1 rows, a spanning tree of
    it, and the table grows linearly with the corpus; pairs of members already linked are not verified."""

    TABLE: ClassVar[str] = "duplicate_pairs"

    # doc_id_a < doc_id_b.
    doc_id_a: str
    doc_id_b: str
    # "exact" (same folded body hash), "near" (a MinHash candidate, verified), or "story" (different
    # articles about one happening, pipeline.corpus.stories: each document that joined a story with the
    # member it matched best, one row per such pair).
    tier: str
    # Jaccard of the two bodies' 5-word shingle sets (1.0 for exact copies); MinHash's estimate of it
    # when method is "minhash-lsh"; the same-story probability for the story tier.
    similarity: float
    # Share of the smaller body's shingles found in the larger one (1.0 for exact copies): near 1.0 with
    # a low similarity means one is a truncated or extended copy of the other. Estimated (from the
    # estimated Jaccard and set sizes, at least the similarity) when method is "minhash-lsh". Null for
    # the story tier, whose articles are not copies.
    containment: float | None
    # "sha256" (exact tier), "minhash-lsh+shingles" (verified on the bodies' shingles), "minhash-lsh"
    # (the signature estimate was high enough alone), "story-pair-model" (the story tier).
    method: str

    @classmethod
    def between(
        cls, doc_id: str, other: str, *, tier: str, similarity: float, containment: float | None, method: str
    ) -> "DuplicatePair":
        """The pair of two documents in either order, its ids ordered as the table keeps them."""
        a, b = sorted((doc_id, other))
        return cls(
            doc_id_a=a, doc_id_b=b, tier=tier, similarity=similarity, containment=containment, method=method
        )


@dataclass(frozen=True)
class Duplicates:
    clusters: list[DedupResult]  # by doc_id
    pairs: list[DuplicatePair]  # by (doc_id_a, doc_id_b)


def candidate_pairs(keys: np.ndarray, *, max_bucket: int = MAX_BUCKET_PAIRS) -> np.ndarray:
    """Index pairs (i < j) of rows sharing a key in any band column, distinct and sorted: an (m, 2) array.

    Per band, a stable sort brings equal keys together; each member of a bucket pairs with every member
    before it, or past `max_bucket` members with the bucket's first and the one just before it."""
    n = keys.shape[0]
    codes = []
    positions = np.arange(n, dtype=np.int64)
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        ordered = keys[order, band]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, n])
        if not (sizes > 1).any():
            continue
        bucket = np.repeat(np.arange(len(starts)), sizes)
        start = starts[bucket]
        offset = positions - start
        small = sizes[bucket] <= max_bucket
        partners = np.where(small, offset, 0)
        total = int(partners.sum())
        later = np.repeat(positions, partners)
        earlier = np.repeat(start, partners) + (
            np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(partners) - partners, partners)
        )
        # A large bucket: each member with the first member and with the one before it.
        large = ~small & (offset > 0)
        later = np.concatenate([later, positions[large], positions[large & (offset > 1)]])
        earlier = np.concatenate([earlier, start[large], positions[large & (offset > 1)] - 1])
        a, b = order[earlier], order[later]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.sort(np.concatenate(codes))
    unique = codes[np.r_[True, codes[1:] != codes[:-1]]]
    return np.stack([unique // n, unique % n], axis=1)


def _pairs_sharing(keys: Sequence[int | None]) -> np.ndarray:
    """Index pairs (i < j) of rows with the same non-null key, as `candidate_pairs` lists them."""
    known = np.array([k is not None for k in keys], dtype=bool)
    if known.sum() < 2:
        return np.empty((0, 2), dtype=np.int64)
    rows = np.flatnonzero(known)
    column = np.array([keys[i] for i in rows], dtype=np.uint64)[:, None]
    found = candidate_pairs(column, max_bucket=MAX_OPENING_BUCKET)
    return np.sort(rows[found], axis=1) if len(found) else found


def estimated_jaccard(matrix: np.ndarray, pairs: np.ndarray, *, chunk: int = 65536) -> np.ndarray:
    """The share of equal signature values of each pair: MinHash's unbiased Jaccard estimate."""
    estimates = np.empty(len(pairs), dtype=np.float64)
    for begin in range(0, len(pairs), chunk):
        part = pairs[begin : begin + chunk]
        estimates[begin : begin + chunk] = (matrix[part[:, 0]] == matrix[part[:, 1]]).mean(axis=1)
    return estimates


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two sorted distinct shingle-hash arrays."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b))


def _spanning_forest(n: int, pairs: np.ndarray) -> np.ndarray:
    """Indices of the pairs a union-find visiting `pairs` in order would join on (each joins two
    components): the minimum spanning forest with each pair weighted by its position, which is unique."""
    if not len(pairs):
        return np.empty(0, dtype=np.int64)
    order = np.arange(1, len(pairs) + 1, dtype=np.float64)
    graph = sparse.coo_matrix((order, (pairs[:, 0], pairs[:, 1])), shape=(n, n)).tocsr()
    forest = minimum_spanning_tree(graph).tocoo()
    return np.sort(forest.data.astype(np.int64) - 1)


def _components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Each of n nodes' connected-component label under the pairs."""
    graph = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def find_duplicates(
    docs: Sequence[DedupInput],
    *,
    jaccard: float = NEAR_DUPLICATE_JACCARD,
    containment: float = NEAR_DUPLICATE_CONTAINMENT,
    contained_min_jaccard: float = CONTAINED_MIN_JACCARD,
) -> Duplicates:
    """Exact and near duplicates clustered (union-find), each cluster named by its canonical document
    (the best `canonical_rank`, then the greatest doc_id), with the pairs that linked them."""
    docs = sorted(docs, key=lambda d: d.doc_id)
    parent = list(range(len(docs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def rank(i: int) -> tuple:
        return (docs[i].canonical_rank, docs[i].doc_id)

    pairs: list[DuplicatePair] = []
    groups: dict[str, list[int]] = {}
    for i, doc in enumerate(docs):
        groups.setdefault(doc.body_sha256, []).append(i)
    representatives = []
    for members in groups.values():
        best = max(members, key=rank)
        for i in members:
            if i != best:
                parent[i] = best
                pairs.append(
                    DuplicatePair.between(
                        docs[i].doc_id,
                        docs[best].doc_id,
                        tier="exact",
                        similarity=1.0,
                        containment=1.0,
                        method=EXACT_METHOD,
                    )
                )
        if docs[best].body.strip():
            representatives.append(best)
    representatives.sort()

    signatures = signature_matrix(
        [
            docs[i].signature if docs[i].signature is not None else minhash(docs[i].body).hashvalues
            for i in representatives
        ]
    )
    candidates = candidate_pairs(band_keys(signatures))
    # Signature values are below 2**32 (`pipeline.text.signatures`): compared as 32-bit, half the memory read.
    values = signatures.astype(np.uint32)
    estimates = estimated_jaccard(values, candidates)
    kept = estimates >= CANDIDATE_MIN_ESTIMATE
    candidates, estimates = candidates[kept], estimates[kept]
    # Bodies that open with the same words: a copy cut short, however little of the rest it keeps (LSH
    # rarely proposes a pair whose Jaccard is below 0.3).
    opening = [
        docs[i].lead_key if docs[i].lead_key is not None else lead_key(docs[i].body) for i in representatives
    ]
    same_opening = _pairs_sharing(opening)
    if len(same_opening):
        codes = candidates[:, 0] * len(representatives) + candidates[:, 1]
        extra = same_opening[~np.isin(same_opening[:, 0] * len(representatives) + same_opening[:, 1], codes)]
        extra_estimates = estimated_jaccard(values, extra)
        # Only what the opening rule could take: its Jaccard floor, less three standard errors.
        plausible = extra_estimates >= TRUNCATED_MIN_ESTIMATE
        candidates = np.concatenate([candidates, extra[plausible]])
        estimates = np.concatenate([estimates, extra_estimates[plausible]])
        order = np.lexsort((candidates[:, 1], candidates[:, 0]))
        candidates, estimates = candidates[order], estimates[order]
    # Which candidates open alike, as one array beside them (a set of tuples would cost more than LSH).
    opens_alike = np.isin(
        candidates[:, 0] * len(representatives) + candidates[:, 1],
        same_opening[:, 0] * len(representatives) + same_opening[:, 1],
    )
    clear = estimates >= ESTIMATE_ACCEPT

    def near(k: int, m: int, similarity: float, contained: float, method: str) -> None:
        a, b = representatives[k], representatives[m]
        parent[find(a)] = find(b)
        pairs.append(
            DuplicatePair.between(
                docs[a].doc_id,
                docs[b].doc_id,
                tier="near",
                similarity=round(similarity, 4),
                containment=round(contained, 4),
                method=method,
            )
        )

    # Clear pairs first: they link most copies, so fewer of the others need their bodies read. A union-find
    # visiting them in order keeps exactly the pairs of Kruskal's spanning forest weighted by that order,
    # which scipy finds without a Python step per pair.
    sizes = estimated_set_sizes(signatures)
    clear_pairs, clear_estimates = candidates[clear], estimates[clear]
    tree = _spanning_forest(len(representatives), clear_pairs)
    shared = clear_estimates[tree] * (sizes[clear_pairs[tree, 0]] + sizes[clear_pairs[tree, 1]])
    shared /= 1 + clear_estimates[tree]
    smaller = np.minimum(sizes[clear_pairs[tree, 0]], sizes[clear_pairs[tree, 1]])
    clear_containment = np.minimum(1.0, np.maximum(clear_estimates[tree], shared / smaller))
    # Columns, not rows, become lists: a list per pair would wake the garbage collector over the whole heap.
    for k, m, estimate, contained in zip(
        clear_pairs[tree, 0].tolist(),
        clear_pairs[tree, 1].tolist(),
        clear_estimates[tree].tolist(),
        clear_containment.tolist(),
        strict=True,
    ):
        near(k, m, estimate, contained, ESTIMATED_METHOD)
    # Pairs already joined by the clear ones need no verification.
    component = _components(len(representatives), clear_pairs[tree])
    unclear, unclear_opens_alike = candidates[~clear], opens_alike[~clear]
    apart = component[unclear[:, 0]] != component[unclear[:, 1]]
    unclear, unclear_opens_alike = unclear[apart], unclear_opens_alike[apart]

    shingles: dict[int, np.ndarray] = {}
    cached: list[int] = []  # a heap of the keys of `shingles`

    def shingles_of(k: int) -> np.ndarray:
        if k not in shingles:
            shingles[k] = shingle_hashes(docs[representatives[k]].body)
            heapq.heappush(cached, k)
        return shingles[k]

    for k, m, opens in zip(
        unclear[:, 0].tolist(), unclear[:, 1].tolist(), unclear_opens_alike.tolist(), strict=True
    ):
        # Pairs come sorted: a representative before `k` is in no later pair, its shingles can go.
        while cached and cached[0] < k:
            del shingles[heapq.heappop(cached)]
        if find(representatives[k]) == find(representatives[m]):
            continue
        similarity, contained = overlap(shingles_of(k), shingles_of(m))
        if similarity >= jaccard or (contained >= containment and similarity >= contained_min_jaccard):
            near(k, m, similarity, contained, NEAR_METHOD)
        elif opens and contained >= TRUNCATED_CONTAINMENT and similarity >= TRUNCATED_MIN_JACCARD:
            near(k, m, similarity, contained, TRUNCATED_METHOD)

    members: dict[int, list[int]] = {}
    for i in range(len(docs)):
        members.setdefault(find(i), []).append(i)
    canonical = {}
    for cluster in members.values():
        best = max(cluster, key=rank)
        canonical.update(dict.fromkeys(cluster, best))
    clusters = [
        DedupResult(doc.doc_id, docs[canonical[i]].doc_id, canonical[i] == i) for i, doc in enumerate(docs)
    ]
    return Duplicates(clusters, sorted(pairs, key=lambda p: (p.doc_id_a, p.doc_id_b)))


def cluster_documents(
    docs: Sequence[DedupInput], *, threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[DedupResult]:
    """Union exact and near duplicates; the cluster id is its canonical document's id (by doc_id)."""
    return find_duplicates(docs, jaccard=threshold).clusters
