"""MinHash signatures and LSH band keys for near-duplicate detection, with a pinned scheme.

Scheme ``newscrawl-minhash-v1`` (stored signatures depend on it; change the name if any
detail changes): the input is a *match key* (:func:`newscrawl.text.match_key`); its words
are hashed with BLAKE2b-64; each word 3-shingle is ``(h1·K1 + h2·K2 + h3·K3) mod 2⁶⁴``
(texts of fewer than three words use their words); 128 multiply-shift hash functions
``(a·x + b) mod 2⁶⁴ >> 32`` with odd ``a`` and ``b`` drawn from NumPy's PCG64 seeded with
:data:`SEED` give the 128 minima, stored as little-endian uint32 (512 bytes). LSH: 25 bands
of 5 rows; a band key is BLAKE2b-64 of the band number and its five values, as a signed
64-bit integer (an SQLite INTEGER). Two texts share at least one band with probability
``1 − (1 − J⁵)²⁵``: about 0.5 at Jaccard 0.5 and 0.99 at 0.75.

>>> a = signature(match_key("أعلنت وزارة الدفاع الأميركية أن فرنسا والولايات المتحدة تنظمان اجتماعا في باريس"))
>>> b = signature(match_key("اعلنت وزاره الدفاع الاميركيه ان فرنسا والولايات المتحده تنظمان اجتماعا في باريس"))
>>> similarity(a, b)
1.0
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from newscrawl.text import match_key  # noqa: F401  (doctest)

SCHEME = "newscrawl-minhash-v1"
SEED = 20261201
NUM_PERM = 128
BANDS = 25
ROWS = 5
_rng = np.random.Generator(np.random.PCG64(SEED))
_A = _rng.integers(0, 2**64 - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**64 - 1, size=NUM_PERM, dtype=np.uint64)
_K = _rng.integers(0, 2**64 - 1, size=3, dtype=np.uint64) | np.uint64(1)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hashes(key: str) -> np.ndarray:
    """64-bit hashes of the word 3-shingles of a match key (unique, unordered)."""
    words = key.split()
    if not words:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(words) < 3:
        return np.unique(hashes)
    with np.errstate(over="ignore"):
        shingles = hashes[:-2] * _K[0] + hashes[1:-1] * _K[1] + hashes[2:] * _K[2]
    return np.unique(shingles)


def signature(key: str) -> np.ndarray:
    """The 128-value MinHash signature (uint32) of a match key."""
    shingles = shingle_hashes(key)
    if shingles.size == 0:
        return _EMPTY.copy()
    with np.errstate(over="ignore"):
        values = (_A[:, None] * shingles[None, :] + _B[:, None]) >> np.uint64(32)
    return values.min(axis=1).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """The 25 LSH band keys of a signature (signed 64-bit integers)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    return float(np.count_nonzero(a == b)) / NUM_PERM
