"""Deduplication 1/3 — the same article again: drop it when the store already holds it
unchanged; let a changed copy through as an update of the same row.

The article is found by ``canonicalUrl`` or, failing that, by site + article id (an older
row under another URL variant, e.g. month padding: the item takes the stored URL, so the
row is updated rather than doubled). Unchanged means the same content hash
(:func:`newscrawl.store.content_hash`). Drops are counted in ``newscrawl/duplicates/url``
and logged at INFO; the stored row's ``dateDownloaded`` is brought up to date, so that an
incremental crawl does not fetch it again. Most repeats never get here: the spider checks the store before it
downloads. Off when there is no store (``NEWSCRAWL_SQLITE_PATH`` empty) or with
``NEWSCRAWL_DEDUP_ENABLED = False``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.store import Store, content_hash, shared_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def dedup_store(crawler: Crawler) -> None:
    """Raise ``NotConfigured`` unless deduplication is on and there is a store to keep it."""
    if not crawler.settings.getbool("NEWSCRAWL_DEDUP_ENABLED", True):
        raise NotConfigured("NEWSCRAWL_DEDUP_ENABLED is off")
    if not crawler.settings.get("NEWSCRAWL_SQLITE_PATH", "data/newscrawl.sqlite3"):
        raise NotConfigured("deduplication needs the SQLite store (NEWSCRAWL_SQLITE_PATH is empty)")


class SameArticlePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SameArticlePipeline:
        dedup_store(crawler)
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)

    def process_item(self, item: Any) -> Any:
        assert self.store is not None and self.crawler.stats is not None
        adapter = ItemAdapter(item)
        stored = self.store.find(adapter["canonicalUrl"]) or self.store.find(
            site=adapter.get("site"), article_id=adapter.get("articleId")
        )
        if stored is None:
            return item
        if stored.canonicalUrl != adapter["canonicalUrl"]:
            adapter["canonicalUrl"] = stored.canonicalUrl
        if stored.contentHash == content_hash(adapter.get("headline"), adapter.get("articleBody")):
            self.store.touch(stored.canonicalUrl, adapter.get("url"), adapter.get("dateDownloaded"))
            self.crawler.stats.inc_value("newscrawl/duplicates/url")
            raise DropItem(f"Already stored unchanged: {stored.canonicalUrl}", log_level="INFO")
        return item
