"""Deduplication 2/3 — exact content: the same headline and body under another URL.

The key is a hash of the *match key* of headline + body (so copies that differ only in
hamza forms, harakat, tatweel, digits or punctuation are equal), kept in the store for
good. A second URL with an owned key is dropped (``newscrawl/duplicates/exact``, logged
at INFO with the original's URL). Settings as :mod:`newscrawl.pipelines.dedup_url`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.pipelines.dedup_url import dedup_store
from newscrawl.store import Store, content_hash, shared_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ExactDuplicatePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExactDuplicatePipeline:
        dedup_store(crawler)
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)

    def process_item(self, item: Any) -> Any:
        assert self.store is not None and self.crawler.stats is not None
        adapter = ItemAdapter(item)
        digest = content_hash(adapter.get("headline"), adapter.get("articleBody"))
        owner = self.store.exact_owner(digest)
        if owner and owner != adapter["canonicalUrl"]:
            self.crawler.stats.inc_value("newscrawl/duplicates/exact")
            raise DropItem(f"Exact duplicate of {owner}: {adapter['canonicalUrl']}", log_level="INFO")
        if owner is None:
            self.store.add_exact(digest, adapter["canonicalUrl"])
        return item
