"""MinHash signatures of a body's word shingles: computed once when a document is parsed, stored with it,
and compared corpus-wide by deduplication without reading the text again.

The stored `minhash` column (parsed_documents) is `NUM_PERM` unsigned integers below 2**32: datasketch's
MinHash with `seed=1` and the "affine32" scheme over the SHA-1 hashes of the body's `SHINGLE_WORDS`-word
shingles (casefolded `\\w+` tokens). Deduplication reads it as a matrix and bands it with numpy; it never
recomputes an old document's signature, so this definition must not change silently: a signature of
another length fails loudly (`signature_matrix`), and a change of shingles or hashing needs a rebuild.
"""

import hashlib
import re
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
# Stored signatures are only comparable under the hashing scheme that made them: pin it.
MINHASH_SCHEME = "affine32"
# LSH banding of the 128 values: 42 bands of 3 rows (126 values). Two bodies become candidates when one
# band agrees, with probability 1 - (1 - J**3)**42: 0.94 at Jaccard 0.4, 0.996 at 0.5, 0.68 at 0.3. The
# bands are wide enough to propose a truncated copy (one holding half of the other's shingles has
# Jaccard 0.5), and the verification then rejects what LSH over-proposes. 32 bands of 4 rows (0.87 at
# 0.5) missed a tenth of the truncated copies of evaluation/near_duplicates.py.
BANDS = 42
ROWS_PER_BAND = NUM_PERM // BANDS
_TOKEN = re.compile(r"\w+")
# Odd 64-bit multipliers (splitmix64's constants) that fold a band's rows, or a shingle's tokens, into
# one 64-bit key.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xC2B2AE3D27D4EB4F],
    dtype=np.uint64,
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


# Words of a body's opening that `lead_key` hashes: a copy cut short keeps them, two different articles
# almost never share them all.
LEAD_WORDS = 15


def lead_key(text: str, *, words: int = LEAD_WORDS) -> int | None:
    """A stable 63-bit hash of the body's first `words` words (case and punctuation folded), or None when
    the body is shorter: copies that start alike meet as candidates however much of the rest is missing."""
    # Only the opening is tokenised: past the first `words` tokens (only the last token of a cut can be a
    # word cut short), so the key is the whole text's.
    opening = tokens(text[: words * 40])
    if len(opening) <= words:
        opening = tokens(text)
    opening = opening[:words]
    if len(opening) < words:
        return None
    digest = hashlib.blake2b(" ".join(opening).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    words = tokens(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles(text)])
    return signature


def shingle_hashes(text: str, *, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The body's shingles (as `shingles` makes them) as sorted distinct 64-bit hashes, for exact Jaccard
    and containment between two bodies with `np.intersect1d`: a tenth of the memory of the strings and
    no string joins.

    Token hashes are Python's `hash`, salted per process: comparable within one run only, never stored.
    Two different shingles share a hash with probability ~2**-64, which no verification can notice."""
    words = tokens(text)
    if not words:
        return np.empty(0, dtype=np.uint64)
    token_hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words)).view(np.uint64)
    if len(words) < size:
        window, size = token_hashes[None, :], len(words)
    else:
        window = np.lib.stride_tricks.sliding_window_view(token_hashes, size)
    with np.errstate(over="ignore"):
        combined = np.sort((window * _MIX[:size]).sum(axis=1, dtype=np.uint64))
    distinct = np.empty(len(combined), dtype=bool)
    distinct[0] = True
    np.not_equal(combined[1:], combined[:-1], out=distinct[1:])
    return combined[distinct]


def estimated_set_sizes(matrix: np.ndarray) -> np.ndarray:
    """Each signature's estimate of how many distinct shingles made it, from its minima: k minima of n
    uniform values in [0, 1) sum to about k / (n + 1). Within about 10% at 128 values; enough to say
    which body is the smaller, and for a containment estimate."""
    if not len(matrix):
        return np.empty(0, dtype=np.float64)
    uniform = matrix.astype(np.float64) / float(2**32)
    return np.maximum(1.0, matrix.shape[1] / np.maximum(uniform.sum(axis=1), 1e-12) - 1.0)


def signature_matrix(signatures: Sequence[Sequence[int]]) -> np.ndarray:
    """Stored signatures as one (documents, NUM_PERM) uint64 array.

    Raises:
        ValueError: when a signature is not NUM_PERM values: it was made under another scheme, and
            comparing it would cluster at random (rebuild the lake's parsed_documents).
    """
    if not signatures:
        return np.empty((0, NUM_PERM), dtype=np.uint64)
    lengths = {len(s) for s in signatures}
    if lengths != {NUM_PERM}:
        raise ValueError(
            f"stored minhash signatures have {sorted(lengths)} values, not {NUM_PERM}: "
            "they were made under another signature scheme; rebuild parsed_documents"
        )
    return np.asarray(signatures, dtype=np.uint64)


def band_keys(matrix: np.ndarray, *, bands: int = BANDS) -> np.ndarray:
    """One 64-bit key per (document, band): documents whose signatures agree on all of a band's rows share
    its key. (documents, bands) uint64; a key collision only proposes a candidate, which is verified."""
    rows = matrix.shape[1] // bands
    banded = matrix[:, : bands * rows].reshape(matrix.shape[0], bands, rows)
    with np.errstate(over="ignore"):
        keys = (banded * _MIX[:rows]).sum(axis=2, dtype=np.uint64)
        # A last multiply-xorshift so keys of nearby values spread (a sort does not need it, a hash
        # table would).
        keys ^= keys >> np.uint64(31)
        keys *= _MIX[4]
    return keys
