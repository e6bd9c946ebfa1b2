"""What a crawl's correctness needs from its close, always on (not switched off with the
progress line, ``NEWSCRAWL_PROGRESS_ENABLED``).

* Items without ``datePublished`` are counted (``newscrawl/items/no_date``): the health
  check ``missing_dates`` reads it. Responses and items are counted per site
  (``newscrawl/site/<site>/response_received_count``, ``…/item_scraped_count``,
  ``…/items/no_date``; :mod:`newscrawl.sitestats`), for the per-site health checks.
* When the crawl closes, it is added to the store's ``crawl_runs`` table (its close reason,
  its ``newscrawl/*`` stats and each site's outcome:
  :func:`newscrawl.extensions.health.site_outcomes`): the seen-before middleware's
  caught-up stop reads the last complete run from there, and the report its history. The
  pipelines have closed their store by then; this opens its own for the one write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl import sitestats
from newscrawl.extensions.health import crawl_sites, site_outcomes
from newscrawl.storage import open_store
from newscrawl.storage.base import now_iso

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

SCRAPY_STATS = ("response_received_count", "item_scraped_count", "item_dropped_count", "finish_reason")


class CrawlRecord:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Any, request: Request) -> None:
        assert self.crawler.stats is not None
        sitestats.count_site(
            self.crawler.stats, "response_received_count", sitestats.request_site(self.crawler, request)
        )

    def item_scraped(self, item: Any) -> None:
        assert self.crawler.stats is not None
        adapter = ItemAdapter(item)
        site = adapter.get("site")
        sitestats.count_site(self.crawler.stats, "item_scraped_count", site)
        if not adapter.get("datePublished"):
            sitestats.count(self.crawler.stats, "items/no_date", site)

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
            sites = site_outcomes(stats, self.crawler.settings, crawl_sites(spider))
            store.record_run(spider.name, str(started) if started else None, now_iso(), reason, wanted, sites)
            store.commit()
        finally:
            store.close()
