"""MinHash signatures of a body's word shingles: computed once when a document is parsed, stored with it,
and compared corpus-wide by deduplication without reading the text again."""

import re

from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
# Stored signatures are only comparable under the hashing scheme that made them: pin it.
MINHASH_SCHEME = "affine32"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles(text)])
    return signature
