"""Dedup: exact copies by body hash, near-duplicates by MinHash over word shingles, one canonical per cluster."""

from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from pipeline.text.signatures import MINHASH_SCHEME, NUM_PERM, minhash

# Copies that differ by an appended appeal or a header keep well above this Jaccard; rewrites of the
# same story by another outlet stay far below it.
NEAR_DUPLICATE_JACCARD = 0.6


@dataclass(frozen=True)
class DedupInput:
    doc_id: str
    body: str
    body_sha256: str
    # Higher ranks are better canonical copies (more metadata, longer text).
    canonical_rank: tuple
    # A stored MinHash signature (`minhash(body).hashvalues`); computed from the body when absent.
    signature: Sequence[int] | None = None


@dataclass(frozen=True)
class DedupResult:
    doc_id: str
    dup_cluster_id: str
    is_canonical: bool


def _signature_of(doc: DedupInput) -> MinHash:
    if doc.signature is None:
        return minhash(doc.body)
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=doc.signature, scheme=MINHASH_SCHEME)


def cluster_documents(
    docs: Sequence[DedupInput], *, threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[DedupResult]:
    """Union exact and near duplicates; the cluster id is its canonical document's id.

    Documents are visited in id order, so the clusters do not depend on how the corpus was batched.
    """
    docs = sorted(docs, key=lambda d: d.doc_id)
    parent = {doc.doc_id: doc.doc_id for doc in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    first_by_hash: dict[str, str] = {}
    for doc in docs:
        if doc.body_sha256 in first_by_hash:
            union(doc.doc_id, first_by_hash[doc.body_sha256])
        else:
            first_by_hash.setdefault(doc.body_sha256, doc.doc_id)

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures = {}
    for doc in docs:
        if not doc.body.strip():
            continue
        signature = _signature_of(doc)
        for candidate in lsh.query(signature):
            # LSH proposes; the estimated Jaccard decides.
            if signature.jaccard(signatures[candidate]) >= threshold:
                union(doc.doc_id, candidate)
        lsh.insert(doc.doc_id, signature)
        signatures[doc.doc_id] = signature

    members: dict[str, list[DedupInput]] = {}
    for doc in docs:
        members.setdefault(find(doc.doc_id), []).append(doc)
    results = []
    for cluster in members.values():
        canonical = max(cluster, key=lambda d: (d.canonical_rank, d.doc_id))
        results += [DedupResult(d.doc_id, canonical.doc_id, d.doc_id == canonical.doc_id) for d in cluster]
    return results
