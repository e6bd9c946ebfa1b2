"""A one-line progress summary every ``NEWSCRAWL_PROGRESS_SECONDS`` (default 60; 0: off)
and a summary table when the crawl closes, both at INFO (logger ``newscrawl.progress``).

The line: articles stored (new, updated, unchanged and not fetched), duplicates by kind,
skips by reason, failed requests, generic-extraction fallbacks and pages per minute.
It also counts items without ``datePublished`` (``newscrawl/items/no_date``) for the
health checks, and adds the crawl (close reason, ``newscrawl/*`` stats) to the store's
``crawl_runs`` table for the report.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from newscrawl.extensions.summary import CrawlSummary
from newscrawl.store import now_iso, open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("newscrawl.progress")
SCRAPY_STATS = ("response_received_count", "item_scraped_count", "item_dropped_count", "finish_reason")


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.task: LoopingCall | None = None
        self.last_pages = 0
        self.last_time = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS_ENABLED", True):
            raise NotConfigured("NEWSCRAWL_PROGRESS_ENABLED is off")
        extension = cls(crawler, crawler.settings.getfloat("NEWSCRAWL_PROGRESS_SECONDS", 60.0))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def summary(self) -> CrawlSummary:
        assert self.crawler.stats is not None
        return CrawlSummary.from_stats(self.crawler.stats.get_stats())

    def spider_opened(self, spider: Any) -> None:
        if self.interval > 0:
            self.task = LoopingCall(self.log_progress)
            self.task.start(self.interval, now=False)

    def item_scraped(self, item: Any) -> None:
        if not ItemAdapter(item).get("datePublished"):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/items/no_date")

    def log_progress(self) -> None:
        summary = self.summary()
        now = time.monotonic()
        rate = (summary.pages - self.last_pages) / max(now - self.last_time, 1e-9) * 60
        self.last_pages, self.last_time = summary.pages, now
        logger.info(summary.line(rate))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.task and self.task.running:
            self.task.stop()
        logger.info("Crawl summary (%s):\n%s", reason, self.summary().table())
        self.record(spider, reason)

    def record(self, spider: Any, reason: str) -> None:
        """Add this crawl to the store's ``crawl_runs`` (the pipelines have closed it)."""
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
