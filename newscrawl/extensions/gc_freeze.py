"""Garbage collection tuned once for a long crawl.

Every collection of the oldest generation walks every object the process holds, and a
crawl process holds hundreds of thousands from start-up alone (modules, Scrapy's and our
tables, site profiles) that live as long as the crawl does. When the engine starts, they
are collected once and frozen out of later collections (``gc.freeze``), so a collection
costs what the pages in flight hold, not what the imports made.
``NEWSCRAWL_GC_FREEZE_ENABLED = False`` leaves the collector as Python set it.
"""

from __future__ import annotations

import gc
import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.config import setting

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class FreezeStartupObjects:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not setting(crawler.settings, "NEWSCRAWL_GC_FREEZE_ENABLED"):
            raise NotConfigured("NEWSCRAWL_GC_FREEZE_ENABLED is False")
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        gc.collect()
        gc.freeze()
        logger.debug("Froze %d start-up objects out of garbage collection", gc.get_freeze_count())
