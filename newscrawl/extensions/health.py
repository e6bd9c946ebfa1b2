"""Health checks when a crawl runs out of work: silent failure made visible.

Each check compares the crawl's stats with a threshold setting; a failed check logs an
ERROR line naming the check, its value and its setting, counts
``newscrawl/health/failed/<check>``, and closes the crawl with the reason
``health_check_failed`` (not ``finished``), which makes ``scrapy crawl`` exit with status 3
(see :mod:`newscrawl.commands.crawl`). Checks (shares are of article pages parsed, and are
judged only from ``NEWSCRAWL_HEALTH_MIN_PAGES`` pages on, default 10):

* ``no_articles`` — discovery yielded no article at all (nothing new, nothing already
  stored): the site, its sitemaps or the API changed (``NEWSCRAWL_HEALTH_MIN_ARTICLES``, 1);
* ``fallbacks`` — share of generic-extraction fallbacks above
  ``NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE`` (0.5): the site changed its layout;
* ``empty_bodies`` — share of empty/short bodies above ``NEWSCRAWL_HEALTH_MAX_EMPTY_SHARE`` (0.3);
* ``missing_dates`` — share of articles without ``datePublished`` above
  ``NEWSCRAWL_HEALTH_MAX_MISSING_DATE_SHARE`` (0.2);
* ``encoding_repairs`` — share of pages re-decoded above
  ``NEWSCRAWL_HEALTH_MAX_ENCODING_REPAIR_SHARE`` (0.2).

On the shared Redis frontier (:mod:`newscrawl.frontier`) the checks wait until the frontier
lets the worker close, and ``no_articles`` is not judged per worker (another worker may
have had all the articles).

``NEWSCRAWL_HEALTH_ENABLED = False`` switches them off; a threshold set to ``-1`` (or a
minimum set to 0) switches one check off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured

from newscrawl.extensions.summary import CrawlSummary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("newscrawl.health")
CLOSE_REASON = "health_check_failed"


@dataclass(frozen=True)
class Failure:
    check: str
    value: float
    limit: float
    setting: str

    def message(self) -> str:
        return f"Health check failed: {self.check} = {self.value:.3g} (limit {self.limit:g}, setting {self.setting})"


def evaluate(summary: CrawlSummary, settings: Any) -> list[Failure]:
    """The checks that fail for ``summary`` under ``settings``."""
    failures = []
    min_articles = 0 if settings.get("NEWSCRAWL_REDIS_URL") else settings.getint("NEWSCRAWL_HEALTH_MIN_ARTICLES", 1)
    seen = summary.items + summary.skipped_stored + sum(summary.duplicates.values())
    if min_articles > 0 and seen < min_articles:
        failures.append(Failure("no_articles", seen, min_articles, "NEWSCRAWL_HEALTH_MIN_ARTICLES"))
    pages = summary.article_pages
    if pages < settings.getint("NEWSCRAWL_HEALTH_MIN_PAGES", 10):
        return failures
    empty = sum(v for k, v in summary.skipped.items() if k in ("empty_body", "short_body"))
    shares = [
        ("fallbacks", summary.fallbacks / pages, "NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE", 0.5),
        ("empty_bodies", empty / pages, "NEWSCRAWL_HEALTH_MAX_EMPTY_SHARE", 0.3),
        (
            "missing_dates",
            summary.items_without_date / max(summary.items, 1),
            "NEWSCRAWL_HEALTH_MAX_MISSING_DATE_SHARE",
            0.2,
        ),
        (
            "encoding_repairs",
            summary.encoding_repairs / max(summary.pages, 1),
            "NEWSCRAWL_HEALTH_MAX_ENCODING_REPAIR_SHARE",
            0.2,
        ),
    ]
    for check, value, setting, default in shares:
        limit = settings.getfloat(setting, default)
        if limit >= 0 and value > limit:
            failures.append(Failure(check, value, limit, setting))
    return failures


class HealthChecks:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.checked = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthChecks:
        if not crawler.settings.getbool("NEWSCRAWL_HEALTH_ENABLED", True):
            raise NotConfigured("NEWSCRAWL_HEALTH_ENABLED is off")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        return extension

    def spider_idle(self, spider: Any) -> None:
        frontier = getattr(self.crawler, "newscrawl_frontier", None)
        if self.checked or (frontier is not None and frontier.keeps_open()):
            return
        if getattr(spider, "keeps_open", lambda: False)():  # the spider has more to read
            return
        self.checked = True
        assert self.crawler.stats is not None
        failures = evaluate(CrawlSummary.from_stats(self.crawler.stats.get_stats()), self.crawler.settings)
        if not failures:
            logger.info("Health checks passed")
            return
        for failure in failures:
            self.crawler.stats.set_value(f"newscrawl/health/failed/{failure.check}", 1)
            logger.error(failure.message())
        raise CloseSpider(CLOSE_REASON)
