"""Deduplication 2/3 — exact content: the same headline and body under another URL.

The key is a hash of the *match key* of headline + body (so copies that differ only in
hamza forms, harakat, tatweel, digits or punctuation are equal), kept in the store for
good. A second URL with an owned key is dropped (``newscrawl/duplicates/exact``, logged
at INFO with the original's URL). Switched on and off as :mod:`newscrawl.pipelines.base`.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl import sitestats
from newscrawl.content_hash import content_hash, digest_key
from newscrawl.pipelines.base import StoreDedupPipeline, refuse_after_failure


class ExactDuplicatePipeline(StoreDedupPipeline):
    def process_item(self, item: Any) -> Any:
        assert self.store is not None
        refuse_after_failure(self.store, self.stats)
        adapter = ItemAdapter(item)
        digest = content_hash(adapter.get("headline"), adapter.get("articleBody"))
        self.store.lock_keys([digest_key(digest)])  # concurrent crawls take turns on this text
        owner = self.store.exact_owner(digest)
        if owner and owner != adapter["canonicalUrl"]:
            sitestats.count(self.stats, "duplicates/exact", adapter.get("site"))
            self.drop(f"Exact duplicate of {owner}: {adapter['canonicalUrl']}", item, "exact")
        if owner is None:
            self.store.add_exact(digest, adapter["canonicalUrl"])
        return item
