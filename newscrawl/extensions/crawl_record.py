"""What a crawl's correctness needs from its close, always on (not switched off with the
progress line, ``NEWSCRAWL_PROGRESS_ENABLED``).

* Items without ``datePublished`` are counted (``newscrawl/items/no_date``): the health
  check ``missing_dates`` reads it.
* When the crawl closes, it is added to the store's ``crawl_runs`` table (its close reason
  and its ``newscrawl/*`` stats): the seen-before middleware's caught-up stop reads the last
  complete run from there, and the report its history. The pipelines have closed their
  store by then; this opens its own for the one write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.storage import open_store
from newscrawl.storage.base import now_iso

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

SCRAPY_STATS = ("response_received_count", "item_scraped_count", "item_dropped_count", "finish_reason")


class CrawlRecord:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any) -> None:
        if not ItemAdapter(item).get("datePublished"):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/items/no_date")

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Add this crawl to the store's ``crawl_runs``."""
        store = open_store(self.crawler.settings)
        if store is None:
            return
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        wanted = {k: v for k, v in stats.items() if k.startswith("newscrawl/") or k in SCRAPY_STATS}
        try:
            started = stats.get("start_time")
            store.record_run(spider.name, str(started) if started else None, now_iso(), reason, wanted)
            store.commit()
        finally:
            store.close()
