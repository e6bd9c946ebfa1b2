"""MinHash signatures and LSH band keys for near-duplicate detection, with a pinned scheme.

Scheme ``newscrawl-minhash-v2`` (stored signatures depend on it; change the name if any
detail changes — the store re-indexes when it finds another scheme): the input is a *match
key* (:func:`newscrawl.text.arabic.match_key`); a word's hash is the splitmix64 finaliser of
``Σ codeᵢ · P^(i mod 256) + 256 mod 2⁶⁴`` over its code points (``P`` the 64-bit FNV
prime); each word 3-shingle is ``(h1·K1 + h2·K2 + h3·K3) mod 2⁶⁴`` (texts of fewer than
three words use their words); 128 multiply-shift hash functions ``(a·x mod 2⁶⁴) >> 32``
with odd ``a`` drawn from NumPy's PCG64 seeded with :data:`SEED` give the 128 minima,
stored as little-endian uint32 (512 bytes). LSH: the first 64 values in 16 bands of 4
rows; a band key is ``Σ rowᵢ·Mᵢ + O_band mod 2⁶⁴`` (odd ``M`` and ``O`` from the same
generator) through the splitmix64 finaliser, as a signed 64-bit integer (an SQLite
INTEGER). Two texts share at least one band with probability ``1 − (1 − J⁴)¹⁶``: 0.64 at
Jaccard 0.5 (the threshold ``(1/16)^(1/4)`` is 0.5), 0.89 at 0.6, 0.99 at 0.7.
(v1 used 25 bands of 5 rows and ``a·x + b``: 56 % more index rows per article for the
same recall above 0.6.)

>>> a = signature(match_key("أعلنت وزارة الدفاع الأميركية أن فرنسا والولايات المتحدة تنظمان اجتماعا في باريس"))
>>> b = signature(match_key("اعلنت وزاره الدفاع الاميركيه ان فرنسا والولايات المتحده تنظمان اجتماعا في باريس"))
>>> similarity(a, b)
1.0
"""

from __future__ import annotations

import numpy as np

from newscrawl.text.arabic import match_key  # noqa: F401  (doctest)

SCHEME = "newscrawl-minhash-v2"
SEED = 20261201
NUM_PERM = 128
BANDS = 16
ROWS = 4
_rng = np.random.Generator(np.random.PCG64(SEED))
_A = _rng.integers(0, 2**64 - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_K = _rng.integers(0, 2**64 - 1, size=3, dtype=np.uint64) | np.uint64(1)
_BAND_ROW_MULTIPLIERS = _rng.integers(0, 2**64 - 1, size=ROWS, dtype=np.uint64) | np.uint64(1)
_BAND_OFFSETS = _rng.integers(0, 2**64 - 1, size=BANDS, dtype=np.uint64)
_A_COLUMN, _SHIFT = _A[:, None], np.uint64(32)
_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


_POWERS = np.array([pow(0x100000001B3, k, 2**64) for k in range(256)], dtype=np.uint64)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (uint64 in, uint64 out)."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(31))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def word_hashes(key: str) -> np.ndarray:
    """64-bit hashes of the words of a match key (single spaces between words), in order:
    ``mix(Σ codeᵢ · P^(i mod 256))`` over each word's UTF-32 code points, vectorised."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    spaces = codes == 32
    starts = np.flatnonzero(np.concatenate(([True], spaces[:-1]))) if codes.size else codes[:0]
    letters = ~spaces
    word_index = np.cumsum(spaces)  # the word each position belongs to (spaces: the next)
    position = np.arange(codes.size) - starts[word_index]
    with np.errstate(over="ignore"):
        terms = np.where(letters, codes * _POWERS[position & 255], np.uint64(0))
        sums = np.add.reduceat(terms, starts) if starts.size else terms[:0]
    return _mix(sums + np.uint64(len(_POWERS)))


def shingle_hashes(key: str) -> np.ndarray:
    """64-bit hashes of the word 3-shingles of a match key (in order; a repeated shingle
    repeats its hash, which does not change a minimum)."""
    key = " ".join(key.split())
    if not key:
        return np.empty(0, dtype=np.uint64)
    hashes = word_hashes(key)
    words = hashes
    if len(words) < 3:
        return hashes
    with np.errstate(over="ignore"):
        return hashes[:-2] * _K[0] + hashes[1:-1] * _K[1] + hashes[2:] * _K[2]


def signature(key: str) -> np.ndarray:
    """The 128-value MinHash signature (uint32) of a match key."""
    shingles = shingle_hashes(key)
    if shingles.size == 0:
        return _EMPTY.copy()
    values = np.empty((NUM_PERM, shingles.size), dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.multiply(_A_COLUMN, shingles, out=values)
    # The top 32 bits of the smallest product are the smallest top 32 bits: shift once.
    return (values.min(axis=1) >> _SHIFT).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """The 16 LSH band keys of a signature (signed 64-bit integers)."""
    rows = sig[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        key = _mix((rows * _BAND_ROW_MULTIPLIERS).sum(axis=1, dtype=np.uint64) + _BAND_OFFSETS)
    return key.view(np.int64).tolist()


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of equal signature values."""
    return float(np.count_nonzero(a == b)) / NUM_PERM
