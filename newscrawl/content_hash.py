"""The exact-duplicate key of an article: a hash of the match key of its text.

:func:`content_hash` is what ``dedup_exact`` compares across URLs and what the store compares
to tell an update (new text, a new version) from a refresh; :func:`digest_key` turns it into
the 64-bit key of a PostgreSQL advisory lock (``dedup_exact`` locks it before its lookup).
The near-duplicate keys are in :mod:`newscrawl.minhash`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from newscrawl.text.arabic import display_match_key


def text_key(headline: str | None, body: str | None) -> str:
    """The match key of an article's headline and body (display text, as stored), made of
    the two fields' own keys, which the store's full-text index and every dedup stage
    share: the same as the key of the two joined by a line break, since no key step reaches
    across one.

    >>> text_key("أعلنت الوزارة", "") == display_match_key("أعلنت الوزارة\\n")
    True
    """
    return " ".join(key for key in (display_match_key(headline or ""), display_match_key(body or "")) if key)


@lru_cache(maxsize=256)  # the exact-duplicate stage, the store pipeline and the store ask
def content_hash(headline: str | None, body: str | None) -> str:
    """Hash of the match key of headline + body (display text, as stored): equal for
    copies that differ only in spelling variants, harakat, tatweel, digits or punctuation."""
    return hashlib.blake2b(text_key(headline, body).encode("utf-8"), digest_size=16).hexdigest()


def digest_key(digest: str) -> int:
    """The advisory-lock key of a :func:`content_hash` (for ``Store.lock_keys``): its
    first 8 bytes as a signed big-endian 64-bit integer.

    >>> digest_key("0000000000000001" + "f" * 16), digest_key("ffffffffffffffff" + "0" * 16)
    (1, -1)
    """
    return int.from_bytes(bytes.fromhex(digest)[:8], "big", signed=True)
