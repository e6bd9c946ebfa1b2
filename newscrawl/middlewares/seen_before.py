"""Incremental crawling: article requests for articles the store already holds are dropped
before download (a spider middleware, shaped like scrapy-deltafetch).

An article request (meta ``newscrawl_article``: its identity) is dropped when

* the store holds the article and it was downloaded after the discovery source's
  ``lastmod`` (meta ``newscrawl_modified``; none means "unchanged"): ``skip/stored``;
* the URL gave no article on an earlier run (video, empty page, 404, robots.txt):
  ``skip/known/<outcome>``; 404/410/robots refusals are tried again after
  ``NEWSCRAWL_RECHECK_DAYS``.

A re-fetch because ``lastmod`` is newer is counted in ``discovery/modified``. A request
with meta ``newscrawl_seen_before = False`` is never dropped.

Listings run newest first, so a listing page whose every row the store held — stored by a
crawl that ran to its end — means the crawl has caught up: the request for the next page
of that listing (meta ``newscrawl_continues``: how many rows the page had) is dropped too
(``discovery/<kind>_caught_up``: ``api_caught_up``, ``listing_caught_up``). Rows stored
by a crawl that was killed prove nothing: it may have stored the newest articles and never
reached older pages.

Settings: ``NEWSCRAWL_INCREMENTAL`` (off: nothing is dropped), ``NEWSCRAWL_RECHECK_DAYS``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

from newscrawl import sitestats
from newscrawl.config import setting
from newscrawl.extensions.store import shared_store
from newscrawl.storage import store_configured
from newscrawl.text.dates import parse_iso

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from newscrawl.identity import ArticleIdentity

logger = logging.getLogger(__name__)

RECHECKED_OUTCOMES = ("http_404", "http_410", "robots_forbidden", "unparsable")


class SeenBeforeMiddleware:
    def __init__(self, crawler: Crawler, recheck_days: float):
        self.crawler = crawler
        self.recheck_days = recheck_days
        self.complete_run_at: str | None = None
        self.skipped: set[str] = set()
        self.opened = False
        self.started = datetime.now(UTC).replace(microsecond=0)  # dateDownloaded has whole seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenBeforeMiddleware:
        if not setting(crawler.settings, "NEWSCRAWL_INCREMENTAL"):
            raise NotConfigured("NEWSCRAWL_INCREMENTAL is off")
        if not store_configured(crawler.settings):
            raise NotConfigured("incremental crawling needs a store")
        return cls(crawler, setting(crawler.settings, "NEWSCRAWL_RECHECK_DAYS"))

    @property
    def store(self) -> Any:
        return shared_store(self.crawler)

    def count(self, key: str, request: Request | None = None) -> None:
        """Count ``newscrawl/<key>``; with ``request``, for its site too."""
        assert self.crawler.stats is not None
        site = sitestats.request_site(self.crawler, request) if request is not None else None
        sitestats.count(self.crawler.stats, key, site)

    def _open(self, spider_name: str) -> None:
        if not self.opened:
            self.opened = True
            self.complete_run_at = self.store.last_complete_run(spider_name)

    # -- the verdict -------------------------------------------------------------------

    def verdict(self, identity: ArticleIdentity, modified: datetime | None) -> tuple[str, str | None] | None:
        """``(skip reason, known since)`` when the request need not be sent, else ``None``."""
        store = self.store
        stored = (
            store.find(site=identity.site, article_id=identity.article_id)
            if identity.article_id
            else store.find_by_url(identity.key)
        )
        if stored is None:
            return self.known_non_article(identity, modified)
        downloaded = parse_iso(stored.dateDownloaded or "", UTC)
        if modified and downloaded and modified > downloaded:
            self.count("discovery/modified")
            logger.info("Re-fetching %s: modified %s, stored copy from %s", identity.path, modified, downloaded)
            return None
        if downloaded and downloaded >= self.started:
            return "duplicate", None  # downloaded by this crawl: another link to it
        return "stored", stored.firstStoredAt

    def known_non_article(self, identity: ArticleIdentity, modified: datetime | None) -> tuple[str, str | None] | None:
        known = self.store.page_outcome(identity.site, identity.article_id or identity.key)
        if known is None:
            return None
        outcome, checked = known
        checked_at = parse_iso(checked, UTC)
        if checked_at is None or (modified and modified > checked_at):
            return None
        if outcome in RECHECKED_OUTCOMES and datetime.now(UTC) - checked_at > timedelta(days=self.recheck_days):
            return None
        return f"known/{outcome}", checked

    # -- the spider middleware ---------------------------------------------------------

    def _passes(self, entry: Any, page: _Page) -> bool:
        """Whether ``entry`` goes on now; a continuation request is held in ``page`` (its fate
        depends on the whole page's rows)."""
        if not isinstance(entry, Request):
            return True
        if "newscrawl_continues" in entry.meta:
            page.held.append(entry)
            return False
        identity = entry.meta.get("newscrawl_article")
        if identity is None or entry.meta.get("newscrawl_seen_before") is False:
            return True
        assert self.crawler.spider is not None
        self._open(self.crawler.spider.name)
        verdict = self.verdict(identity, entry.meta.get("newscrawl_modified"))
        if verdict is None:
            return True
        reason, since = verdict
        if since and self.complete_run_at and since <= self.complete_run_at:
            page.known_by_complete_run += 1
        if identity.key in self.skipped or reason == "duplicate":
            self.count("discovery/duplicate")
        else:
            self.skipped.add(identity.key)
            self.count(f"skip/{reason}", entry)
            logger.debug("Skipped %s: %s, not modified since", entry.url, reason)
        return False

    def _held(self, response: Response, page: _Page) -> Iterator[Request]:
        """The page's continuation requests, unless its rows show the crawl has caught up."""
        for entry in page.held:
            rows = entry.meta["newscrawl_continues"]
            if rows and page.known_by_complete_run >= rows:
                self.count(f"discovery/{entry.meta.get('newscrawl_kind', 'listing')}_caught_up")
                logger.info("%s holds only stored articles: not reading the next page %s", response.url, entry.url)
                continue
            yield entry

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        page = _Page()
        for entry in result:
            if self._passes(entry, page):
                yield entry
        yield from self._held(response, page)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        # One entry at a time: a sitemap of 50,000 links must not wait whole in memory.
        page = _Page()
        async for entry in result:
            if self._passes(entry, page):
                yield entry
        for entry in self._held(response, page):
            yield entry


@dataclass
class _Page:
    """What one page's output showed so far: its held continuation requests, and how many
    of its rows a complete earlier run had stored."""

    held: list[Request] = field(default_factory=list)
    known_by_complete_run: int = 0
