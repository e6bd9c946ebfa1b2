"""A one-line progress summary every ``NEWSCRAWL_PROGRESS_SECONDS`` (default 60; 0: off)
and a summary table when the crawl closes, both at INFO (logger ``newscrawl.progress``).

The line: articles stored (new, updated, unchanged and not fetched), duplicates by kind,
skips by reason, failed requests, generic-extraction fallbacks and pages per minute.
Only for people: what the crawl's correctness needs (counts the health checks read, the
``crawl_runs`` record) is :mod:`newscrawl.extensions.crawl_record`, which stays on when this
is off (``NEWSCRAWL_PROGRESS_ENABLED = False``).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from newscrawl.config import setting
from newscrawl.extensions.summary import CrawlSummary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("newscrawl.progress")


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.task: LoopingCall | None = None
        self.last_pages = 0
        self.last_time = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        if not setting(crawler.settings, "NEWSCRAWL_PROGRESS_ENABLED"):
            raise NotConfigured("NEWSCRAWL_PROGRESS_ENABLED is off")
        extension = cls(crawler, setting(crawler.settings, "NEWSCRAWL_PROGRESS_SECONDS"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def summary(self) -> CrawlSummary:
        assert self.crawler.stats is not None
        return CrawlSummary.from_stats(self.crawler.stats.get_stats())

    def spider_opened(self, spider: Any) -> None:
        if self.interval > 0:
            self.task = LoopingCall(self.log_progress)
            self.task.start(self.interval, now=False)

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
