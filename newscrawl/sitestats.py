"""Per-site counts: each ``newscrawl/<key>`` count a health check reads is also kept as
``newscrawl/site/<site>/<key>``, so that one broken site among many shows.

``<site>`` is the record's ``site`` (the profile's ``site``, or the host of a site crawled
without a profile), the value the store and the report group articles by. Scrapy's own
``response_received_count`` and ``item_scraped_count`` are kept per site under those names
too (``newscrawl/site/<site>/response_received_count``). :func:`site_stats` gives one
site's counts under the crawl-wide names, so that
:class:`newscrawl.extensions.summary.CrawlSummary` reads them as it reads a whole crawl.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

SITE_PREFIX = "newscrawl/site/"


def count(stats: StatsCollector, key: str, site: str | None, value: int = 1) -> None:
    """Add ``value`` to ``newscrawl/<key>`` and, when the site is known, to its own count."""
    stats.inc_value(f"newscrawl/{key}", value)
    count_site(stats, key, site, value)


def count_site(stats: StatsCollector, key: str, site: str | None, value: int = 1) -> None:
    """Add ``value`` to ``newscrawl/site/<site>/<key>`` only (Scrapy counts the crawl-wide one)."""
    if site:
        stats.inc_value(f"{SITE_PREFIX}{site}/{key}", value)


def request_site(crawler: Crawler, request: Request) -> str | None:
    """The site a request was made for: the ``news`` spider knows it from the request's
    ``newscrawl_site`` (its profile's name) or its host; ``None`` under another spider."""
    site_of = getattr(crawler.spider, "site_of", None)
    if site_of is None:
        return None
    return site_of(request).profile.site


def site_stats(stats: Mapping[str, Any], site: str) -> dict[str, Any]:
    """The counts of ``site`` under the crawl-wide names.

    >>> site_stats({"newscrawl/site/a.com/extract/fallback": 2, "newscrawl/extract/fallback": 5,
    ...             "newscrawl/site/a.com/response_received_count": 9}, "a.com")
    {'newscrawl/extract/fallback': 2, 'response_received_count': 9}
    """
    prefix = f"{SITE_PREFIX}{site}/"
    own = {}
    for key, value in stats.items():
        if key.startswith(prefix):
            name = key[len(prefix) :]
            own[name if name.endswith("_count") else f"newscrawl/{name}"] = value
    return own


def counted_sites(stats: Mapping[str, Any]) -> list[str]:
    """The sites with counts of their own, sorted.

    >>> counted_sites({"newscrawl/site/b.com/skip/stored": 1, "newscrawl/site/a.com/items/no_date": 1})
    ['a.com', 'b.com']
    """
    return sorted({key[len(SITE_PREFIX) :].split("/", 1)[0] for key in stats if key.startswith(SITE_PREFIX)})
