"""Apply robots.txt ``Crawl-delay`` per host.

Scrapy 2.19 reads the directive (``RobotParser.crawl_delay()``, signal ``robots_parsed``) but
does not apply it. This extension does, through the downloader slot of each host (the public
``crawler.engine.downloader.slots`` that AutoThrottle adjusts too):

- when ``RobotsTxtMiddleware`` has parsed a host's robots.txt, the delay it asks of our user
  agent (``ROBOTSTXT_USER_AGENT``, else ``USER_AGENT``), capped at ``NEWSCRAWL_CRAWL_DELAY_MAX``,
  becomes the host's floor (stat ``newscrawl/politeness/crawl_delay``, one INFO line per host);
- each request of that host that reaches the downloader (``request_reached_downloader``: the
  slot exists, its queue is not processed yet) and each response (``response_downloaded``,
  after AutoThrottle, which would bring the delay back down to ``DOWNLOAD_DELAY``) raises the
  slot's delay to the floor (:func:`apply_floor`);
- a delay is never lowered: a slot whose configured or throttled delay is larger keeps it. The
  slot's random jitter (``DOWNLOAD_DELAY_JITTER``) is dropped once the floor applies: a draw
  below the delay the site asked for would break its rule.

Settings: ``NEWSCRAWL_CRAWL_DELAY_ENABLED`` (default ``True``), ``NEWSCRAWL_CRAWL_DELAY_MAX``
(default 60 seconds; a larger Crawl-delay is capped, counted as
``newscrawl/politeness/crawl_delay_capped`` and logged). Nothing to do without
``ROBOTSTXT_OBEY``.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import setting

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


def apply_floor(slot: Slot, floor: float) -> bool:
    """Make ``slot`` wait at least ``floor`` seconds between requests; ``True`` if it changed.

    The downloader waits ``delay × (1 ± jitter)``: when the shortest wait could fall below
    ``floor``, the delay becomes the larger of the two and the jitter goes.
    """
    if slot.delay * (1 - min(slot.jitter, 1.0)) >= floor:
        return False
    slot.delay = max(slot.delay, floor)
    slot.jitter = 0.0
    return True


class CrawlDelay:
    def __init__(self, crawler: Crawler, max_delay: float):
        self.crawler = crawler
        self.max_delay = max_delay
        # The user agent RobotsTxtMiddleware matches robots.txt groups with.
        self.robots_user_agent: str | None = crawler.settings.get("ROBOTSTXT_USER_AGENT")
        self.default_user_agent: str = crawler.settings.get("USER_AGENT", "")
        self.delays: dict[str, float] = {}  # host -> seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelay:
        if not setting(crawler.settings, "NEWSCRAWL_CRAWL_DELAY_ENABLED"):
            raise NotConfigured("NEWSCRAWL_CRAWL_DELAY_ENABLED is off")
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off: no robots.txt is read")
        extension = cls(crawler, setting(crawler.settings, "NEWSCRAWL_CRAWL_DELAY_MAX"))
        crawler.signals.connect(extension.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(extension.request_reached_downloader, signal=signals.request_reached_downloader)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        return extension

    def count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/politeness/{key}")

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        user_agent = self.robots_user_agent or request.headers.get(b"User-Agent") or self.default_user_agent
        asked = robotparser.crawl_delay(user_agent)
        if asked is None or math.isnan(asked) or asked <= 0:
            return
        delay = min(asked, self.max_delay)
        if delay <= self.delays.get(host, 0.0):
            return
        self.delays[host] = delay
        self.count("crawl_delay")
        if delay < asked:
            self.count("crawl_delay_capped")
            logger.info(
                "robots.txt of %s asks for Crawl-delay: %s; waiting %.1f s (NEWSCRAWL_CRAWL_DELAY_MAX)",
                host,
                asked,
                delay,
            )
        else:
            logger.info(
                "robots.txt of %s asks for Crawl-delay: %s; waiting %.1f s between its requests", host, asked, delay
            )

    def request_reached_downloader(self, request: Request, spider: Any = None) -> None:
        self.raise_slot_delay(request)

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        self.raise_slot_delay(request)

    def raise_slot_delay(self, request: Request) -> None:
        floor = self.delays.get(urlparse_cached(request).hostname or "")
        key = request.meta.get("download_slot")
        if floor is None or key is None or self.crawler.engine is None:
            return
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            apply_floor(slot, floor)
