"""What the dedup pipelines share: the crawl's store, and being off without one.

A subclass is switched off (``NotConfigured``) by ``NEWSCRAWL_DEDUP_ENABLED = False`` or an
empty ``NEWSCRAWL_SQLITE_PATH``; otherwise it works on :func:`newscrawl.extensions.store.shared_store`,
the same connection (and so the same transaction) as the SQLite pipeline. Once a store
error has failed the crawl, no stage touches the store again (:func:`refuse_after_failure`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from newscrawl.config import setting
from newscrawl.extensions.store import shared_store
from newscrawl.identity import identity_key, normalize_url
from newscrawl.storage import store_configured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.storage import Store


def refuse_after_failure(store: Store, stats: StatsCollector) -> None:
    """Drop the item (at ERROR, counted in ``newscrawl/store/failed``) when a store error
    has failed the crawl (:mod:`newscrawl.pipelines.store`): the crawl is closing, and
    each write could wait the busy timeout on a file another process keeps locked."""
    if store.failure is not None:
        stats.inc_value("newscrawl/store/failed")
        raise DropItem(f"Not stored, the store failed: {store.failure}", log_level="ERROR")


def check_configured(crawler: Crawler) -> None:
    """``NotConfigured`` when deduplication is off or the crawl has no store."""
    if not setting(crawler.settings, "NEWSCRAWL_DEDUP_ENABLED"):
        raise NotConfigured("NEWSCRAWL_DEDUP_ENABLED is off")
    if not store_configured(crawler.settings):
        raise NotConfigured("deduplication needs a store: NEWSCRAWL_SQLITE_PATH and NEWSCRAWL_POSTGRES_DSN are empty")


class StoreDedupPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        check_configured(crawler)
        return cls(crawler)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)

    def drop(self, message: str, item: Any = None, duplicate: str | None = None) -> NoReturn:
        """Drop the item (logged at INFO). A copy of another article (``duplicate``: its
        kind) is remembered as such with its URL, so that the next incremental crawl does not
        download it again (``skip/known/duplicate_<kind>``). On a store that commits item by
        item (PostgreSQL), end its transaction first: that releases the item's dedup locks."""
        assert self.store is not None
        if item is not None and duplicate:
            adapter = ItemAdapter(item)
            key = adapter.get("articleId") or identity_key(normalize_url(adapter.get("url") or adapter["canonicalUrl"]))
            self.store.note_page(adapter.get("site") or "", key, f"duplicate_{duplicate}", adapter.get("url"))
        if self.store.one_item_per_transaction:
            self.store.commit()
        raise DropItem(message, log_level="INFO")
