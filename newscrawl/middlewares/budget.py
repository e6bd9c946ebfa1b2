"""``max_articles``: at most that many article downloads per site (a spider middleware).

It sees article requests after :mod:`~newscrawl.middlewares.seen_before` has dropped the
stored ones, so the budget buys new downloads only. Per site it keeps the identity keys
admitted so far: a second spelling of an admitted article is a duplicate
(``discovery/duplicate``); every admitted request is counted by discovery source
(``discovery/article/<source>``), every one over the budget in ``skip/max_articles``.
Once a site's budget is spent, the requests for further listing or API pages of that site
(meta ``newscrawl_continues``) are dropped too. The budget is the spider's
``max_articles`` attribute (the ``-a max_articles=N`` argument); ``None``: no limit.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request

from newscrawl import sitestats

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class ArticleBudgetMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.admitted: set[str] = set()
        self.per_site: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleBudgetMiddleware:
        return cls(crawler)

    def count(self, key: str, request: Request | None = None) -> None:
        """Count ``newscrawl/<key>``; with ``request``, for its site too."""
        assert self.crawler.stats is not None
        site = sitestats.request_site(self.crawler, request) if request is not None else None
        sitestats.count(self.crawler.stats, key, site)

    def spent(self, site: str) -> bool:
        limit = getattr(self.crawler.spider, "max_articles", None)
        return limit is not None and self.per_site[site] >= limit

    def _filter(self, result: Iterable[Any]) -> Iterator[Any]:
        for entry in result:
            if not isinstance(entry, Request):
                yield entry
                continue
            site = entry.meta.get("newscrawl_site", "")
            identity = entry.meta.get("newscrawl_article")
            if identity is None:
                if "newscrawl_continues" in entry.meta and self.spent(site):
                    logger.info("Not reading %s: max_articles reached for %s", entry.url, site)
                    continue
                yield entry
                continue
            if identity.key in self.admitted:
                self.count("discovery/duplicate")
                continue
            if self.spent(site):
                self.count("skip/max_articles", entry)
                continue
            self.admitted.add(identity.key)
            self.per_site[site] += 1
            self.count(f"discovery/article/{entry.meta.get('newscrawl_source', 'unknown')}")
            yield entry

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        return self._filter(result)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for entry in result:
            for kept in self._filter((entry,)):
                yield kept
