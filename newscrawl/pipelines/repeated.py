"""Remove short paragraphs that repeat across many articles of one site (boilerplate rule 4).

A promo, signature or "follow us" line that no rule names still gives itself away: it is
the same line on page after page. Each short paragraph (at most
``NEWSCRAWL_REPEATED_MAX_WORDS`` words, default 30) is keyed by a hash of its match key and
counted once per article, per site; from the ``NEWSCRAWL_REPEATED_MIN_PAGES``-th article
on (default 4; 0 switches the pipeline off) it is removed from ``articleBody``, counted in
``newscrawl/boilerplate/repeated`` and logged at DEBUG. The count lives in memory for one
crawl, bounded to ``NEWSCRAWL_REPEATED_MAX_KEYS`` keys (default 200,000; the keys seen only
once are forgotten first), so the first articles of a crawl keep such a line.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from newscrawl.text.arabic import match_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def paragraph_key(site: str, paragraph: str) -> bytes:
    return hashlib.blake2b(f"{site}\n{match_key(paragraph)}".encode(), digest_size=8).digest()


class RepeatedParagraphsPipeline:
    def __init__(self, stats: StatsCollector, min_pages: int = 4, max_words: int = 30, max_keys: int = 200_000):
        self.stats = stats
        self.min_pages = min_pages
        self.max_words = max_words
        self.max_keys = max_keys
        self.seen: Counter[bytes] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RepeatedParagraphsPipeline:
        min_pages = crawler.settings.getint("NEWSCRAWL_REPEATED_MIN_PAGES", 4)
        if min_pages <= 0:
            raise NotConfigured("NEWSCRAWL_REPEATED_MIN_PAGES is 0")
        assert crawler.stats is not None
        return cls(
            crawler.stats,
            min_pages=min_pages,
            max_words=crawler.settings.getint("NEWSCRAWL_REPEATED_MAX_WORDS", 30),
            max_keys=crawler.settings.getint("NEWSCRAWL_REPEATED_MAX_KEYS", 200_000),
        )

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        body = adapter.get("articleBody")
        if not body:
            return item
        site = adapter.get("site") or urlsplit(adapter.get("canonicalUrl") or adapter.get("url") or "").netloc
        kept: list[str] = []
        counted: set[bytes] = set()
        for paragraph in body.split("\n"):
            if len(paragraph.split()) > self.max_words:
                kept.append(paragraph)
                continue
            key = paragraph_key(site, paragraph)
            if key not in counted:
                counted.add(key)
                self.seen[key] += 1
            if self.seen[key] >= self.min_pages:
                self.stats.inc_value("newscrawl/boilerplate/repeated")
                logger.debug(
                    "Boilerplate (repeated on %d pages) removed from %s: %.80s",
                    self.seen[key],
                    adapter.get("url"),
                    paragraph,
                )
            else:
                kept.append(paragraph)
        if len(kept) != len(body.split("\n")):
            adapter["articleBody"] = "\n".join(kept) or None
        if len(self.seen) > self.max_keys:
            self.seen = Counter({k: n for k, n in self.seen.items() if n > 1})
        return item
