"""The band keys of the newest near-duplicate signatures, held in memory until they are
written to the band index in one sorted batch.

The band index (``dedup_bands``) is a B-tree of 16 rows per article under random keys: at
10⁶ articles, each insert lands on its own page, and a commit writes every page it touched.
A store that keeps the band keys of its newest signatures here and writes them every
:attr:`~newscrawl.storage.base.Store.band_batch` articles, sorted, touches each page once per
batch instead (``bench/near_duplicates.py``). Nothing is lost with the process: the
signatures are stored with the article, in its transaction, and the store's ``meta`` records
up to which signature id the band index is whole (``bands_through``); every id above it has
its band keys derived again from its stored signature (:func:`newscrawl.minhash.band_keys`),
when a store opens and before each lookup, so that another process's signatures are found
as well.
"""

from __future__ import annotations

from collections.abc import Iterable


class RecentBands:
    """Band keys by signature id (``doc``), and the ids under each key."""

    def __init__(self) -> None:
        self.keys_of: dict[int, tuple[int, ...]] = {}
        self.docs_of: dict[int, list[int]] = {}
        #: The band index holds every id up to this one.
        self.through = 0
        #: The highest id read, and its signature (SQLite gives the highest id again when its
        #: signature is replaced: the next look reads it again and compares).
        self.seen = 0
        self.seen_signature = b""

    def __len__(self) -> int:
        return len(self.keys_of)

    def add(self, doc: int, keys: Iterable[int], signature: bytes) -> None:
        """Hold ``doc``'s band keys (replacing those held for it)."""
        self.discard(doc)
        keys = tuple(set(keys))
        self.keys_of[doc] = keys
        for key in keys:
            self.docs_of.setdefault(key, []).append(doc)
        if doc >= self.seen:
            self.seen, self.seen_signature = doc, signature

    def discard(self, doc: int) -> None:
        for key in self.keys_of.pop(doc, ()):
            docs = self.docs_of[key]
            docs.remove(doc)
            if not docs:
                del self.docs_of[key]

    def drop_through(self, doc: int) -> None:
        """Forget the ids up to ``doc`` (the band index holds them now)."""
        if doc > self.through:
            for old in [d for d in self.keys_of if d <= doc]:
                self.discard(old)
        self.through = doc
        if self.seen < doc:
            self.seen, self.seen_signature = doc, b""

    def retain(self, docs: set[int]) -> None:
        """Forget the held ids not in ``docs`` (their signatures were replaced or pruned)."""
        for gone in [d for d in self.keys_of if d not in docs]:
            self.discard(gone)

    def docs(self, keys: Iterable[int]) -> list[int]:
        """The held ids that have one of ``keys``, ascending."""
        return sorted({doc for key in keys for doc in self.docs_of.get(key, ())})

    def rows(self) -> list[tuple[int, int]]:
        """``(key, doc)`` of every held id, sorted: the band index's order."""
        return sorted((key, doc) for doc, keys in self.keys_of.items() for key in keys)
