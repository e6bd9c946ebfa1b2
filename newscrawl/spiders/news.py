"""The ``elaph`` spider: discover Elaph articles three ways, download each once, parse it.

Discovery (combined, deduplicated by article id before any article is downloaded):

1. ``robots.txt`` → its ``Sitemap:`` lines (the profile's sitemaps when it lists none) →
   sitemap indexes, unpacked recursively → URL sets;
2. the Google News sitemap, whose ``news:publication_date``/``news:title`` are kept;
3. the JSON listing API, per section, page 1, 2, … until a page comes back empty.

Arguments (``-a name=value``): ``base_url``, ``api_url`` (empty: no API), ``sections``
(comma list of API slugs), ``since``/``until`` (ISO dates or date-times; articles outside
the window are skipped before download when discovery gives a date), ``max_articles``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl import __version__
from newscrawl.discovery.sitemaps import MAX_BYTES as MAX_SITEMAP_BYTES
from newscrawl.discovery.sitemaps import read_sitemap
from newscrawl.extraction.page import DiscoveryHints, parse_article_page
from newscrawl.sites import SiteProfile, load_profile
from newscrawl.store import Store, shared_store
from newscrawl.text.dates import parse_date, parse_iso, parse_timestamp
from newscrawl.urls import ArticleUrl, parse_article_url, rebase

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 5
# Article URLs that failed this way are remembered, and tried again after NEWSCRAWL_RECHECK_DAYS.
RECHECKED_FAILURES = ("http_404", "http_410", "robots_forbidden")


class ArgumentError(ValueError):
    """A spider argument has a bad value; the message starts with the argument's name."""


def _url_argument(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ArgumentError(f"{name}: expected an http(s) URL such as https://elaph.com, got {value!r}")
    return value.rstrip("/")


def _date_argument(name: str, value: str | None, profile: SiteProfile, *, end_of_day: bool) -> datetime | None:
    if value in (None, ""):
        return None
    parsed = parse_iso(value, profile.tz)
    if parsed is None:
        raise ArgumentError(
            f"{name}: expected an ISO 8601 date such as 2025-11-01 or 2025-11-01T08:00+00:00, got {value!r}"
        )
    if end_of_day and len(value.strip()) == 10:
        parsed = datetime.combine(parsed.date(), time.max, tzinfo=parsed.tzinfo)
    return parsed


class ElaphSpider(scrapy.Spider):
    name = "elaph"
    profile_name = "elaph"

    def __init__(
        self,
        base_url: str | None = None,
        api_url: str | None = None,
        sections: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.profile = load_profile(self.profile_name)
        try:
            self.base_url = _url_argument("base_url", base_url or self.profile.base_url)
            api = self.profile.api_url if api_url is None else api_url
            self.api_url = _url_argument("api_url", api) if api else None
            self.sections = self._sections_argument(sections)
            self.since = _date_argument("since", since, self.profile, end_of_day=False)
            self.until = _date_argument("until", until, self.profile, end_of_day=True)
            if self.since and self.until and self.since > self.until:
                raise ArgumentError(f"since: {since!r} is after until={until!r}")
            self.max_articles = self._max_articles_argument(max_articles)
        except ArgumentError as error:
            logger.error("Bad argument for spider %s: %s", self.name, error)
            raise
        self.seen_ids: set[str] = set()
        self.seen_sitemaps: set[str] = set()
        self.skipped_ids: set[str] = set()
        # Links skipped because a crawl that ran to its end stored them (API caught-up check).
        self.known_skips = 0
        self.complete_run_at: str | None = None  # when the last such crawl finished
        self.scheduled = 0
        self.store: Store | None = None

    def _sections_argument(self, value: str | None) -> tuple[str, ...]:
        if value is None:
            return self.profile.api.sections if self.profile.api else ()
        slugs = tuple(s.strip().lower() for s in value.split(",") if s.strip())
        bad = [s for s in slugs if not s.replace("-", "").replace("_", "").isalnum() or not s.isascii()]
        if bad:
            raise ArgumentError(
                f"sections: expected a comma list of API section slugs such as news,economics, got {bad[0]!r}"
            )
        return slugs

    @staticmethod
    def _max_articles_argument(value: str | int | None) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            raise ArgumentError(f"max_articles: expected a positive whole number, got {value!r}")
        return number

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        contact = settings.get("NEWSCRAWL_CONTACT_URL")
        agent = f"newscrawl/{__version__} (Arabic news research crawler" + (f"; +{contact})" if contact else ")")
        settings.set("USER_AGENT", agent, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ElaphSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.min_body_words = crawler.settings.getint("NEWSCRAWL_MIN_BODY_WORDS", 10)
        incremental = crawler.settings.getbool("NEWSCRAWL_INCREMENTAL", True)
        spider.recheck_days = crawler.settings.getfloat("NEWSCRAWL_RECHECK_DAYS", 7)
        spider.store = shared_store(crawler) if incremental else None
        if spider.store is not None:
            spider.complete_run_at = spider.store.last_complete_run(spider.name)
        return spider

    # -- stats -------------------------------------------------------------------------

    def count(self, key: str, value: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/{key}", value)

    # -- discovery ---------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.settings.get("NEWSCRAWL_REDIS_URL"):
            # A worker on the shared frontier: `scrapy push` queued the discovery requests.
            logger.info("Taking requests from the shared frontier (start them with: scrapy push %s)", self.name)
            return
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Where a crawl starts: robots.txt (then its sitemaps) and page 1 of each API section."""
        yield scrapy.Request(
            f"{self.base_url}/robots.txt",
            callback=self.parse_robots,
            errback=self.robots_failed,
            meta={"newscrawl_kind": "robots"},
            priority=30,
        )
        if self.api_url and self.profile.api:
            for section in self.sections:
                yield self.api_request(section, 1)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        sitemaps = [
            line.split(":", 1)[1].strip()
            for line in text.splitlines()
            if line.lower().startswith("sitemap:") and line.split(":", 1)[1].strip()
        ]
        if not sitemaps:
            logger.info("robots.txt at %s lists no sitemaps; using the profile's", response.url)
        yield from self.sitemap_requests(sitemaps or self.default_sitemaps())

    def robots_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        self.on_error(failure)
        yield from self.sitemap_requests(self.default_sitemaps())

    def default_sitemaps(self) -> list[str]:
        return [self.base_url + path for path in self.profile.sitemaps]

    def sitemap_requests(self, urls: list[str], depth: int = 0) -> Iterator[scrapy.Request]:
        for url in urls:
            url = rebase(url, self.profile, self.base_url)
            if url in self.seen_sitemaps:
                continue
            self.seen_sitemaps.add(url)
            yield scrapy.Request(
                url,
                callback=self.parse_sitemap,
                errback=self.on_error,
                meta={"newscrawl_kind": "sitemap", "newscrawl_depth": depth},
                priority=20,
            )

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        max_bytes = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") or MAX_SITEMAP_BYTES  # 0: no download limit
        page = read_sitemap(response.body, response.url, max_bytes=max_bytes)
        if page.bad_urls:
            self.count("discovery/bad_url", page.bad_urls)
            logger.info("Sitemap %s: skipped %d entries that are no http(s) URL", response.url, page.bad_urls)
        if page.error:
            self.count("discovery/sitemap_broken")
            logger.info("Sitemap %s is broken (%s); read the entries before the break", response.url, page.error)
        if page.truncated:
            self.count("discovery/sitemap_truncated")
            logger.info("Sitemap %s: read only its first entries (%d dropped)", response.url, page.dropped)
        depth = response.meta.get("newscrawl_depth", 0)
        if page.kind == "sitemapindex":
            self.count("discovery/sitemap_index")
            if depth >= MAX_SITEMAP_DEPTH:
                self.count("discovery/sitemap_too_deep")
                logger.info("Sitemap index %s is nested deeper than %d; skipped", response.url, MAX_SITEMAP_DEPTH)
                return
            yield from self.sitemap_requests([child.url for child in page.children], depth + 1)
            return
        if page.kind == "unknown":
            self.count("discovery/sitemap_unreadable")
            logger.info("%s is not a sitemap", response.url)
            return
        news = any(link.source == "news_sitemap" for link in page.links)
        self.count(f"discovery/{'news_sitemap' if news else 'sitemap'}")
        for link in page.links:
            hints = DiscoveryHints(
                source=link.source,
                headline=link.title,
                published=link.published,
                published_at=parse_date(link.published, self.profile.tz),
            )
            request = self.article_request(link.url, hints, modified_at=parse_date(link.modified, self.profile.tz))
            if request:
                yield request

    def api_request(self, section: str, page: int) -> scrapy.Request:
        assert self.profile.api and self.api_url
        path = self.profile.api.listing_path.format(section=section, page=page)
        return scrapy.Request(
            self.api_url + path,
            callback=self.parse_api,
            errback=self.on_error,
            headers={"Referer": self.base_url + "/", "Origin": self.base_url, "Accept": "application/json"},
            meta={"newscrawl_kind": "api", "newscrawl_section": section, "newscrawl_page": page},
            cb_kwargs={"section": section, "page": page},
            priority=10,
        )

    def parse_api(self, response: Response, section: str, page: int) -> Iterator[scrapy.Request]:
        assert self.profile.api
        try:
            data = json.loads(response.body)
            rows = data["data"] if isinstance(data, dict) else None
            if not isinstance(rows, list):
                raise ValueError("no 'data' list")
        except (ValueError, KeyError, TypeError) as error:
            self.count("discovery/api_unreadable")
            logger.info("API page %s is unreadable: %s", response.url, error)
            return
        if not rows:
            logger.info("API section %r ends at page %d", section, page - 1)
            return
        self.count("discovery/api_page")
        older_than_window = stored_rows = 0
        for row in rows:
            if not isinstance(row, dict) or not isinstance(row.get(self.profile.api.url_field), str):
                self.count("discovery/api_bad_row")
                continue
            raw_time = row.get(self.profile.api.time_field) if self.profile.api.time_field else None
            published_at = parse_timestamp(raw_time) if raw_time is not None else None
            if published_at and self.since and published_at < self.since:
                older_than_window += 1
            hints = DiscoveryHints(
                source="api",
                headline=row.get("Title") if isinstance(row.get("Title"), str) else None,
                published=str(raw_time) if raw_time is not None else None,
                published_at=published_at,
            )
            known_before = self.known_skips
            request = self.article_request(row[self.profile.api.url_field], hints)
            if request:
                yield request
            stored_rows += self.known_skips > known_before
        if stored_rows == len(rows):
            # Listings run newest first: a page holding only stored articles means caught up.
            self.count("discovery/api_caught_up")
            logger.info("API section %r: page %d holds only stored articles; not paging further", section, page)
        elif older_than_window == len(rows):
            logger.info("API section %r: page %d is older than since=%s; not paging further", section, page, self.since)
        elif page >= self.profile.api.max_pages:
            self.count("discovery/api_max_pages")
            logger.info("API section %r: stopped at the page limit %d", section, page)
        elif not self.limit_reached():
            yield self.api_request(section, page + 1)

    # -- articles ----------------------------------------------------------------------

    def limit_reached(self) -> bool:
        return self.max_articles is not None and self.scheduled >= self.max_articles

    def in_window(self, published_at: datetime | None, modified_at: datetime | None = None) -> bool:
        """False when a known date proves the article is outside ``since``/``until``."""
        if published_at:
            return not (self.since and published_at < self.since) and not (self.until and published_at > self.until)
        # An article is never modified before it is published: lastmod < since proves it.
        return not (modified_at and self.since and modified_at < self.since)

    def already_stored(self, article: ArticleUrl, modified_at: datetime | None) -> str | None:
        """Incremental crawling: ``"stored"`` when the store holds this article downloaded
        after its sitemap ``lastmod`` (or discovery gives none), ``"known/<outcome>"`` when
        the URL gave no article before; ``None`` when it must be downloaded. Counts
        :attr:`known_skips` when a crawl that ran to its end already knew the article."""
        if self.store is None:
            return None
        stored = self.store.find(site=self.profile.site, article_id=article.article_id)
        if stored is None:
            return self.known_non_article(article, modified_at)
        downloaded = parse_iso(stored.dateDownloaded or "", self.profile.tz)
        if modified_at and downloaded and modified_at > downloaded:
            self.count("discovery/modified")
            logger.info("Re-fetching %s: modified %s, stored copy from %s", article.path, modified_at, downloaded)
            return None
        self.note_known(stored.firstStoredAt)
        return "stored"

    def note_known(self, since: str | None) -> None:
        """A link the store knows since ``since``: it proves the listing caught up only when
        a crawl that ran to its end had it (a killed crawl may have stored the newest
        articles of a listing and never reached its older pages)."""
        if since and self.complete_run_at and since <= self.complete_run_at:
            self.known_skips += 1

    def known_non_article(self, article: ArticleUrl, modified_at: datetime | None) -> str | None:
        """The URL gave no article on an earlier run (video, empty, 404, robots.txt) and has
        not changed since; :data:`RECHECKED_FAILURES` are tried again after
        ``NEWSCRAWL_RECHECK_DAYS``."""
        assert self.store is not None
        known = self.store.page_outcome(self.profile.site, article.article_id)
        if known is None:
            return None
        outcome, checked = known
        checked_at = parse_iso(checked, self.profile.tz)
        if checked_at is None or (modified_at and modified_at > checked_at):
            return None
        if outcome in RECHECKED_FAILURES and datetime.now(UTC) - checked_at > timedelta(days=self.recheck_days):
            return None
        self.note_known(checked)
        return f"known/{outcome}"

    def article_request(
        self, url: str, hints: DiscoveryHints, modified_at: datetime | None = None
    ) -> scrapy.Request | None:
        article = parse_article_url(url, self.profile, self.base_url)
        if article is None:
            self.count("discovery/not_article_url")
            logger.debug("Not an article URL: %s", url)
            return None
        if article.article_id in self.seen_ids:
            self.count("discovery/duplicate")
            return None
        if not self.in_window(hints.published_at, modified_at):
            self.seen_ids.add(article.article_id)
            self.count("skip/out_of_window")
            logger.info("Skipped %s: outside the since/until window (%s)", url, hints.published_at or modified_at)
            return None
        known = self.already_stored(article, modified_at)
        if known:
            # Not marked as seen: another source may still report a newer lastmod.
            if article.article_id in self.skipped_ids:
                self.count("discovery/duplicate")
            else:
                self.skipped_ids.add(article.article_id)
                self.count(f"skip/{known}")
                logger.debug("Skipped %s: %s, not modified since", url, known)
            return None
        if self.limit_reached():
            self.count("skip/max_articles")
            return None
        self.seen_ids.add(article.article_id)
        self.scheduled += 1
        self.count(f"discovery/article/{hints.source}")
        return scrapy.Request(
            article.fetch_url(self.base_url),
            callback=self.parse_article,
            errback=self.on_error,
            meta={"newscrawl_kind": "article", "newscrawl_article": article, "newscrawl_hints": hints},
        )

    def parse_article(self, response: Response) -> Iterator[Any]:
        article: ArticleUrl = response.meta["newscrawl_article"]
        if not isinstance(response, TextResponse):
            self.skip(response.url, "not_html", article)
            return
        result = parse_article_page(
            response,
            self.profile,
            article_url=article,
            hints=response.meta.get("newscrawl_hints"),
            downloaded_at=datetime.now(UTC),
            min_body_words=self.min_body_words,
        )
        for reason, text in result.removed:
            self.count(f"boilerplate/{reason}")
            logger.debug("Boilerplate (%s) removed from %s: %.80s", reason, response.url, text)
        if result.fallback:
            self.count("extract/fallback")
            logger.info("Site selectors did not match %s; used generic extraction", response.url)
        if result.article is None:
            self.skip(response.url, result.skip or "unknown", article)
            return
        published = parse_iso(result.article.datePublished or "", self.profile.tz)
        if published and not self.in_window(published):
            self.skip(response.url, "out_of_window")
            return
        yield result.article

    def skip(self, url: str, reason: str, article: ArticleUrl | None = None) -> None:
        self.count(f"skip/{reason}")
        logger.info("Skipped %s: %s", url, reason)
        if article is not None and self.store is not None:
            self.store.note_page(self.profile.site, article.article_id, reason)

    # -- errors ------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        """Count and log a failed request: ``newscrawl/failed/<kind>/<reason>``."""
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("newscrawl_kind", "other")
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(IgnoreRequest):
            reason = "robots_forbidden" if "robots" in str(failure.value).lower() else "ignored"
        elif failure.check(DownloadTimeoutError):
            reason = "timeout"
        elif failure.check(CannotResolveHostError):
            reason = "dns"
        elif failure.check(DownloadConnectionRefusedError):
            reason = "connection_refused"
        elif failure.check(DownloadCancelledError):
            reason = "too_large" if "max size" in str(failure.value) else "cancelled"
        elif failure.check(ResponseDataLossError):
            reason = "data_loss"
        else:
            reason = type(failure.value).__name__
        self.count(f"failed/{kind}/{reason}")
        logger.info("Failed %s %s: %s (%s)", kind, request.url, reason, failure.getErrorMessage())
        article = request.meta.get("newscrawl_article")
        if article is not None and self.store is not None and reason in RECHECKED_FAILURES:
            self.store.note_page(self.profile.site, article.article_id, reason)
