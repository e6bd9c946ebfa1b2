"""robots.txt as a discovery document: its ``Sitemap:`` lines (:func:`read_robots`), and the
usual sitemap locations to try when it lists none (:data:`SITEMAP_PATHS`).

Access rules and ``Crawl-delay`` are Scrapy's business (``RobotsTxtMiddleware``,
:mod:`newscrawl.extensions.crawl_delay`); this module only finds sitemaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.discovery.links import resolve

# Where sites keep their sitemaps when robots.txt does not say: the protocol's default,
# Yoast/Rank Math's index, WordPress core's, and the two usual Google News names.
SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/wp-sitemap.xml", "/news-sitemap.xml", "/sitemap-news.xml")
# Google reads the first 500 KiB of a robots.txt; so do we.
MAX_ROBOTS_CHARS = 500 * 1024
MAX_SITEMAPS = 1_000


@dataclass(frozen=True, slots=True)
class RobotsInfo:
    """``sitemaps``: the absolute http(s) URLs of the ``Sitemap:`` lines, first seen first;
    ``bad_urls``: ``Sitemap:`` lines whose value is no usable URL; ``truncated``: more than
    :data:`MAX_SITEMAPS` sitemaps (the rest left out) or a file past :data:`MAX_ROBOTS_CHARS`."""

    sitemaps: tuple[str, ...] = ()
    bad_urls: int = 0
    truncated: bool = False


def read_robots(text: str, url: str) -> RobotsInfo:
    """The sitemaps a robots.txt fetched from ``url`` lists: ``Sitemap:`` lines in any case,
    anywhere in the file (they belong to no user-agent group), comments removed, relative
    paths resolved against ``url``, duplicates dropped.

    >>> read_robots("User-agent: *\\nDisallow: /search\\nsitemap: /sitemap.xml # main\\nSitemap: ftp://x/y",
    ...             "https://example.com/robots.txt")
    RobotsInfo(sitemaps=('https://example.com/sitemap.xml',), bad_urls=1, truncated=False)
    """
    truncated = len(text) > MAX_ROBOTS_CHARS
    sitemaps: list[str] = []
    seen: set[str] = set()
    bad_urls = 0
    for line in text[:MAX_ROBOTS_CHARS].lstrip("\ufeff").splitlines():
        field, colon, value = line.partition("#")[0].partition(":")
        if not colon or field.strip().lower() != "sitemap":
            continue
        sitemap = resolve(value, url)
        if sitemap is None:
            bad_urls += 1
        elif sitemap not in seen:
            if len(sitemaps) >= MAX_SITEMAPS:
                truncated = True
                break
            seen.add(sitemap)
            sitemaps.append(sitemap)
    return RobotsInfo(tuple(sitemaps), bad_urls, truncated)
