"""Downloader middleware that re-decodes HTML responses read with the wrong charset.

Enabled by ``NEWSCRAWL_CHARSET_REPAIR_ENABLED`` (default ``True``). Each repair is counted
in ``newscrawl/encoding/repaired`` (also per site, :mod:`newscrawl.sitestats`; and
``newscrawl/encoding/repaired/<charset>``) and
logged at INFO; pages that look broken but decode no better under any candidate charset are
counted in ``newscrawl/encoding/unrepaired``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response

from newscrawl import sitestats
from newscrawl.config import setting
from newscrawl.extraction.charset import redecode

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class CharsetRepairMiddleware:
    def __init__(self, crawler: Crawler):
        assert crawler.stats is not None
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepairMiddleware:
        if not setting(crawler.settings, "NEWSCRAWL_CHARSET_REPAIR_ENABLED"):
            raise NotConfigured("NEWSCRAWL_CHARSET_REPAIR_ENABLED is off")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        result = redecode(response)
        if result.charset:
            sitestats.count(self.stats, "encoding/repaired", sitestats.request_site(self.crawler, request))
            self.stats.inc_value(f"newscrawl/encoding/repaired/{result.charset}")
            logger.info("Re-decoded %s as %s (it was read as %s)", response.url, result.charset, response.encoding)
        elif result.looked_broken:
            self.stats.inc_value("newscrawl/encoding/unrepaired")
            logger.info(
                "Text of %s looks mis-decoded (%s) and no charset reads better", response.url, response.encoding
            )
        return result.response
