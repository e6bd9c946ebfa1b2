"""The ``news`` spider: any news site, from a site profile or from its address alone.

    scrapy crawl news -a url=https://www.some-news-site.com -O out.jsonl
    scrapy crawl news -a site=aljazeera.net,youm7.com -O out.jsonl
    scrapy crawl news -a profile=./mysite.json -a base_url=http://127.0.0.1:8080
    scrapy crawl elaph        (the news spider with the Elaph profile)

Per site (each host polite on its own: Scrapy's per-host download slots), discovery
combines, and deduplicates by article identity before any article is downloaded:

1. ``robots.txt`` → its ``Sitemap:`` lines and the profile's sitemaps (the usual places
   when there are none) → sitemap indexes, unpacked recursively (dated sitemaps outside
   ``since``/``until`` are not fetched) → URL sets, Google News sitemaps, feeds;
2. the home page → the feeds it advertises (the usual feed paths when it advertises none)
   and the profile's feeds → RSS/Atom items;
3. the profile's JSON listing API, page 1, 2, … until a page has no rows;
4. listing pages: the profile's, or — for a site whose sitemaps and API gave no article (a
   feed lists only the latest) — the home page and the section pages it links to,
   followed through their pagination.

Each module of :mod:`newscrawl.discovery` reads one document; this class only turns what
they find into requests. Whether an article was stored before is decided by
:mod:`newscrawl.middlewares.seen_before`, how many are downloaded per site by
:mod:`newscrawl.middlewares.budget`, what a page holds by :mod:`newscrawl.extraction`.
Arguments: :mod:`newscrawl.spiders.arguments`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from newscrawl import __version__, sitestats
from newscrawl.config import setting
from newscrawl.discovery.api import UnreadableDocument, read_api_page
from newscrawl.discovery.feeds import FEED_PATHS, advertised_feeds, read_feed
from newscrawl.discovery.links import Link
from newscrawl.discovery.listings import read_listing
from newscrawl.discovery.robots import SITEMAP_PATHS, read_robots
from newscrawl.discovery.sitemaps import read_sitemap, sitemap_date_range
from newscrawl.extensions.extract_pool import ExtractionCrashed, ExtractionPool
from newscrawl.extensions.store import shared_store
from newscrawl.extraction.page import DiscoveryHints
from newscrawl.extraction.pool import PageJob, run_job
from newscrawl.identity import ArticleIdentity, identify, rebase
from newscrawl.middlewares.site_guard import host_allowed
from newscrawl.signals import crawl_keeps_open
from newscrawl.spiders.arguments import ARGUMENTS, ArgumentError, SitePlan, check_names, max_articles_argument, plan
from newscrawl.spiders.failures import failure_reason
from newscrawl.text.dates import parse_date, parse_iso, parse_timestamp

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 5
# Article URLs that failed this way are remembered, and tried again after NEWSCRAWL_RECHECK_DAYS.
RECHECKED_FAILURES = ("http_404", "http_410", "robots_forbidden", "unparsable")
PRIORITY = {"robots": 30, "sitemap": 20, "feed": 20, "home": 20, "api": 10, "listing": 10, "article": 0}
UNDATED_PRIORITY = -(10**6)


def article_priority(date: datetime | None) -> int:
    """Articles are downloaded oldest first where discovery knows a date (by day; those
    without one last), all after discovery documents: of two copies of a story, the
    original usually arrives first, in any crawl order.

    >>> article_priority(datetime(2025, 1, 1, tzinfo=UTC)) > article_priority(datetime(2025, 1, 2, tzinfo=UTC))
    True
    """
    if date is None:
        return UNDATED_PRIORITY
    return min(PRIORITY["article"] - 1, -int(date.timestamp() // 86400))  # minus days since 1970


class NewsSpider(scrapy.Spider):
    name = "news"
    #: The profile a spider subclass crawls when no site is named (``elaph``).
    default_site: str | None = None
    # From the settings, by from_crawler: NEWSCRAWL_MIN_BODY_WORDS, _MAX_PAGE_BYTES, _MAX_BODY_CHARS.
    min_body_words: int
    max_page_bytes: int  # 0: no limit
    max_body_chars: int  # 0: no cut

    def __init__(
        self,
        url: str | None = None,
        site: str | None = None,
        profile: str | None = None,
        base_url: str | None = None,
        api_url: str | None = None,
        sections: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        sites_dir: str | None = None,
        **kwargs: Any,
    ):
        try:
            check_names(self.name, kwargs)
            self.sites = plan(
                self.name,
                url=url,
                site=site,
                profile=profile,
                base_url=base_url,
                api_url=api_url,
                sections=sections,
                since=since,
                until=until,
                default_site=self.default_site,
                sites_dir=sites_dir,
            )
            self.max_articles = max_articles_argument(max_articles)
        except ArgumentError as error:
            logger.error("Bad argument for spider %s: %s", self.name, error)
            raise
        super().__init__(**{k: v for k, v in kwargs.items() if k.startswith("_")})
        self.by_name = {site.name: site for site in self.sites}
        self.allowed_domains = sorted({host for site in self.sites for host in site.hosts})
        self.seen: dict[str, datetime | None] = {}  # article key -> the newest lastmod seen

    @classmethod
    def check_arguments(cls, arguments: dict[str, str], settings: BaseSettings) -> None:
        """:class:`ArgumentError` for the first bad or unknown argument (``scrapy crawl``
        calls it before the crawl starts, so that the user reads one line)."""
        arguments = dict(arguments)
        known = {"url", "site", "profile", "base_url", "api_url", "sections", "since", "until"}
        check_names(cls.name, {k: v for k, v in arguments.items() if k not in known and k != "max_articles"})
        max_articles_argument(arguments.get("max_articles"))
        plan(
            cls.name,
            **{k: v for k, v in arguments.items() if k in known},
            default_site=cls.default_site,
            sites_dir=setting(settings, "NEWSCRAWL_SITES_DIR") or None,
        )

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        contact = setting(settings, "NEWSCRAWL_CONTACT_URL")
        agent = f"newscrawl/{__version__} (Arabic news research crawler" + (f"; +{contact})" if contact else ")")
        settings.set("USER_AGENT", agent, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        kwargs.setdefault("sites_dir", setting(crawler.settings, "NEWSCRAWL_SITES_DIR") or None)
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.min_body_words = setting(crawler.settings, "NEWSCRAWL_MIN_BODY_WORDS")
        spider.max_page_bytes = setting(crawler.settings, "NEWSCRAWL_MAX_PAGE_BYTES")
        spider.max_body_chars = setting(crawler.settings, "NEWSCRAWL_MAX_BODY_CHARS")
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.keeps_open, signal=crawl_keeps_open)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        return spider

    # -- helpers -----------------------------------------------------------------------

    def count(self, key: str, value: int = 1, site: SitePlan | None = None) -> None:
        """Count ``newscrawl/<key>``, and for ``site`` too (:mod:`newscrawl.sitestats`)."""
        assert self.crawler.stats is not None
        sitestats.count(self.crawler.stats, key, site.profile.site if site else None, value)

    def site_of(self, response_or_request: Any) -> SitePlan:
        """The site a request was made for (meta ``newscrawl_site``), else the one owning
        its host (``scrapy parse URL``)."""
        try:
            name = response_or_request.meta.get("newscrawl_site")
        except AttributeError:  # a response without its request
            name = None
        if name in self.by_name:
            return self.by_name[name]
        host = urlsplit(response_or_request.url).hostname
        return next((s for s in self.sites if host_allowed(host or "", s.hosts)), self.sites[0])

    def request(
        self, url: str, kind: str, site: SitePlan, callback: Any, *, dont_filter: bool = False, **meta: Any
    ) -> scrapy.Request:
        """A discovery request of ``kind`` for ``site``."""
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"newscrawl_kind": kind, "newscrawl_site": site.name, **meta},
            priority=PRIORITY[kind],
            dont_filter=dont_filter,
        )

    def absolute(self, site: SitePlan, path_or_url: str) -> str:
        """A profile's path (``/sitemap.xml``) or URL, pointed at where the site is fetched."""
        url = site.base_url + path_or_url if path_or_url.startswith("/") else path_or_url
        return rebase(url, site.profile, site.base_url)

    # -- start -------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if setting(self.settings, "NEWSCRAWL_REDIS_URL"):
            # A worker on the shared frontier: `scrapy push` queued the discovery requests.
            logger.info("Taking requests from the shared frontier (start them with: scrapy push %s)", self.name)
            return
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Where a crawl starts, per site: robots.txt, the home page, the profile's feeds,
        listings and API pages."""
        for site in self.sites:
            discovery = site.profile.discovery
            logger.info(
                "Crawling %s from %s (%s)",
                site.name,
                site.base_url,
                f"profile {site.profile.origin}"
                if not site.profile.generic
                else "no profile: discovered from its address",
            )
            yield self.request(f"{site.base_url}/robots.txt", "robots", site, self.parse_robots)
            if discovery.home_page or site.profile.generic:
                yield self.request(site.home_url, "home", site, self.parse_home)
            for feed in discovery.feeds:
                yield self.request(self.absolute(site, feed), "feed", site, self.parse_feed)
            for listing in discovery.listings:
                site.listings_started = True
                yield self.request(self.absolute(site, listing), "listing", site, self.parse_listing, newscrawl_depth=0)
            if site.api_url and discovery.api:
                for section in site.sections:
                    yield self.api_request(site, section, discovery.api.first_page)

    # -- robots.txt and sitemaps -------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        robots = read_robots(text, response.url)
        self.count_bad_urls(robots.bad_urls, response.url)
        listed = [rebase(url, site.profile, site.base_url) for url in robots.sitemaps]
        if not listed:
            logger.info("robots.txt at %s lists no sitemaps", response.url)
        yield from self.sitemap_requests(site, [*listed, *self.profile_sitemaps(site, probe=not listed)])

    def profile_sitemaps(self, site: SitePlan, *, probe: bool) -> list[str]:
        """The profile's sitemaps; for a site without any (and none in robots.txt) the
        usual places, tried once each."""
        paths = site.profile.discovery.sitemaps or (SITEMAP_PATHS if probe else ())
        return [self.absolute(site, path) for path in paths]

    def sitemap_requests(self, site: SitePlan, urls: Iterable[str], depth: int = 0) -> Iterator[scrapy.Request]:
        cap = setting(self.settings, "NEWSCRAWL_MAX_SITEMAPS")
        for url in urls:
            if url in site.sitemaps_seen:
                continue
            if not host_allowed(urlsplit(url).hostname or "", site.hosts):
                self.count("discovery/off_site")
                logger.info("Not reading sitemap %s: not on %s's hosts", url, site.name)
                continue
            if cap and len(site.sitemaps_seen) >= cap:
                self.count("discovery/sitemap_cap")
                logger.info("Not reading sitemap %s: %s reached NEWSCRAWL_MAX_SITEMAPS=%d", url, site.name, cap)
                continue
            site.sitemaps_seen.add(url)
            yield self.request(url, "sitemap", site, self.parse_sitemap, newscrawl_depth=depth)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        depth = response.meta.get("newscrawl_depth", 0)
        page = read_sitemap(response.body, response.url, max_bytes=self.settings.getint("DOWNLOAD_MAXSIZE"))
        self.count_bad_urls(page.bad_urls, response.url)
        if page.error:
            self.count("discovery/sitemap_broken")
            logger.info("Sitemap %s is broken (%s); read the entries before the break", response.url, page.error)
        if page.truncated:
            self.count("discovery/sitemap_truncated")
            logger.info("Sitemap %s: read only its first entries (%d dropped)", response.url, page.dropped)
        if page.kind == "sitemapindex":
            self.count("discovery/sitemap_index")
            if depth >= MAX_SITEMAP_DEPTH:
                self.count("discovery/sitemap_too_deep")
                logger.info("Sitemap index %s is nested deeper than %d; skipped", response.url, MAX_SITEMAP_DEPTH)
                return
            children = []
            for child in page.children:
                url = rebase(child.url, site.profile, site.base_url)
                if not self.sitemap_in_window(site, url, parse_date(child.modified, site.profile.tz)):
                    continue
                children.append(url)
            yield from self.sitemap_requests(site, children, depth + 1)
            return
        if page.kind not in ("urlset", "text", "rss", "atom", "rdf"):
            self.count("discovery/sitemap_unreadable")
            logger.info("%s is not a sitemap", response.url)
            return
        news = any(link.source == "news_sitemap" for link in page.links)
        self.count(f"discovery/{'news_sitemap' if news else 'sitemap'}")
        before = site.article_links
        yield from self.article_requests(site, page.links)
        site.archive_links += site.article_links - before

    def sitemap_in_window(self, site: SitePlan, url: str, lastmod: datetime | None) -> bool:
        """False when a child sitemap cannot hold an article of the window: its name covers
        days outside it, or it was last changed before ``since``."""
        covered = sitemap_date_range(url)
        reason = None
        if covered and site.since and covered[1] < site.since.date():
            reason = f"covers {covered[0]}..{covered[1]}, before since"
        elif covered and site.until and covered[0] > site.until.date():
            reason = f"covers {covered[0]}..{covered[1]}, after until"
        elif lastmod and site.since and lastmod < site.since:
            reason = f"last changed {lastmod.isoformat()}, before since"
        if reason:
            self.count("discovery/sitemap_out_of_window")
            logger.info("Not reading sitemap %s: %s", url, reason)
            return False
        return True

    # -- home page, feeds and listings -------------------------------------------------

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        if not isinstance(response, TextResponse):
            return
        feeds = [rebase(f, site.profile, site.base_url) for f in advertised_feeds(response.text, response.url)]
        if not feeds and not site.profile.discovery.feeds:
            feeds = [self.absolute(site, path) for path in FEED_PATHS]
            probe = True
        else:
            probe = False
        for url in feeds:
            yield self.request(url, "feed", site, self.parse_feed, newscrawl_probe=probe)
        site.home_sections = read_listing(response.text, response.url, site.hosts).section_pages

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        page = read_feed(response.body, response.url)
        self.count_bad_urls(page.bad_urls, response.url)
        if page.kind == "unknown":
            if not response.meta.get("newscrawl_probe"):
                self.count("discovery/feed_unreadable")
                logger.info("Feed %s is not RSS or Atom", response.url)
            return
        self.count("discovery/feed")
        yield from self.article_requests(site, page.links)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        depth = response.meta.get("newscrawl_depth", 0)
        if not isinstance(response, TextResponse):
            return
        page = read_listing(response.text, response.url, site.hosts)
        self.count("discovery/listing")
        self.count_bad_urls(page.bad_urls, response.url)
        yield from self.article_requests(site, page.article_links)
        max_depth = site.profile.discovery.listing_depth
        for url in page.next_pages[:1]:
            if depth + 1 > max_depth:
                self.count("discovery/listing_depth")
                logger.info("Listing %s: not following page %d (listing_depth=%d)", response.url, depth + 2, max_depth)
                break
            yield self.request(
                url,
                "listing",
                site,
                self.parse_listing,
                newscrawl_depth=depth + 1,
                newscrawl_continues=len(page.article_links),
            )

    def sites_without_articles(self) -> list[SitePlan]:
        """Sites whose sitemaps and API gave no article link (a feed holds only the latest
        articles), and whose listing pages (the home page and its sections) were not read."""
        return [
            site
            for site in self.sites
            if not site.archive_links
            and not site.listings_started
            and (site.profile.generic or site.profile.discovery.home_page)
        ]

    def keeps_open(self) -> bool:
        """Whether the spider has more to do when the crawl runs out of work (health checks
        wait for that)."""
        return bool(self.sites_without_articles())

    def on_idle(self, spider: scrapy.Spider) -> None:
        """When the crawl runs out of work: sites whose sitemaps and API gave no article are
        read from their listing pages (the home page and its sections)."""
        started = False
        for site in self.sites_without_articles():
            site.listings_started = True
            listings = [site.home_url, *site.home_sections]
            logger.info("%s: no article from sitemaps or feeds; reading %d listing pages", site.name, len(listings))
            assert self.crawler.engine is not None
            for url in listings:
                # The home page was read for its feeds: read it again, as a listing.
                request = self.request(url, "listing", site, self.parse_listing, dont_filter=True, newscrawl_depth=0)
                self.crawler.engine.crawl(request)
                started = True
        if started:
            raise DontCloseSpider

    # -- JSON listing API --------------------------------------------------------------

    def api_request(self, site: SitePlan, section: str, page: int, rows: int = 0) -> scrapy.Request:
        api = site.profile.discovery.api
        assert api is not None and site.api_url
        request = self.request(
            api.page_url(section, page, site.api_url),
            "api",
            site,
            self.parse_api,
            newscrawl_section=section,
            newscrawl_page=page,
            **({"newscrawl_continues": rows} if rows else {}),
        )
        request.headers.setdefault("Accept", "application/json")
        request.headers.setdefault("Referer", site.base_url + "/")
        request.headers.setdefault("Origin", site.base_url)
        for name, value in api.headers:
            request.headers[name] = value
        return request

    def parse_api(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.site_of(response)
        api = site.profile.discovery.api
        assert api is not None
        section, page = response.meta["newscrawl_section"], response.meta["newscrawl_page"]
        try:
            listing = read_api_page(
                response.body,
                response.url,
                rows_key=api.rows_key,
                url_key=api.url_key,
                title_key=api.title_key,
                time_key=api.time_key,
                link_base=site.base_url,  # rows give paths on the site, not on the API's host
            )
        except UnreadableDocument as error:
            self.count("discovery/api_unreadable")
            logger.info("API page %s is unreadable: %s", response.url, error)
            return
        if not listing.rows:
            logger.info("API section %r ends at page %d", section, page - 1)
            return
        self.count("discovery/api_page")
        self.count("discovery/api_bad_row", listing.bad_rows) if listing.bad_rows else None
        self.count_bad_urls(listing.bad_urls, response.url)
        links = [self.with_api_time(link) for link in listing.links]
        before = site.article_links
        yield from self.article_requests(site, links)
        site.archive_links += site.article_links - before
        times = [self.link_dates(site, link)[0] for link in links]
        if site.since and times and all(t is not None and t < site.since for t in times):
            logger.info("API section %r: page %d is older than since=%s; not paging further", section, page, site.since)
        elif page - api.first_page + 1 >= api.max_pages:
            self.count("discovery/api_max_pages")
            logger.info("API section %r: stopped at the page limit %d", section, api.max_pages)
        else:
            # Seen-before drops it when every row of this page was stored by a complete crawl.
            yield self.api_request(site, section, page + 1, rows=listing.rows)

    @staticmethod
    def with_api_time(link: Link) -> Link:
        """An API time given as Unix seconds becomes an ISO date text."""
        published = link.published
        if published and published.replace(".", "", 1).isdigit():
            moment = parse_timestamp(published)
            if moment is not None:
                from dataclasses import replace

                return replace(link, published=moment.isoformat())
        return link

    # -- articles ----------------------------------------------------------------------

    def count_bad_urls(self, number: int, document: str) -> None:
        if number:
            self.count("discovery/bad_url", number)
            logger.info("Skipped %d malformed or non-http(s) URL(s) in %s", number, document)

    def link_dates(self, site: SitePlan, link: Link) -> tuple[datetime | None, datetime | None]:
        tz = site.profile.tz
        return (parse_date(link.published, tz) if link.published else None,
                parse_date(link.modified, tz) if link.modified else None)  # fmt: skip

    def in_window(self, site: SitePlan, published: datetime | None, modified: datetime | None = None) -> bool:
        """False when a known date proves the article is outside ``since``/``until``."""
        if published:
            return not (site.since and published < site.since) and not (site.until and published > site.until)
        # An article is never modified before it is published: lastmod < since proves it.
        return not (modified and site.since and modified < site.since)

    def article_requests(self, site: SitePlan, links: Iterable[Link]) -> Iterator[scrapy.Request]:
        """Requests for a document's article links, oldest first (then by URL): downloads
        start while a long sitemap is still being read, so the order in which its links are
        yielded is the order of their downloads, whatever order the document lists them in."""
        dated = []
        for link in links:
            published, modified = self.link_dates(site, link)
            moment = published or modified
            dated.append((moment.timestamp() if moment else math.inf, link.url, link, published, modified))
        dated.sort(key=lambda entry: entry[:2])
        for _, _, link, published, modified in dated:
            request = self.article_request(site, link, published, modified)
            if request is not None:
                yield request

    def article_request(
        self, site: SitePlan, link: Link, published: datetime | None, modified: datetime | None
    ) -> scrapy.Request | None:
        """The request for an article link (its :meth:`link_dates`), or ``None`` when it is
        not an article URL of the site, was seen already or is outside the window."""
        identity = identify(rebase(link.url, site.profile, site.base_url), site.profile)
        if identity is None:
            self.count("discovery/not_article_url")
            logger.debug("Not an article URL of %s: %s", site.name, link.url)
            return None
        site.article_links += 1
        if identity.key in self.seen:
            last = self.seen[identity.key]
            if not (modified and (last is None or modified > last)):
                self.count("discovery/duplicate")
                return None
        self.seen[identity.key] = modified
        if not self.in_window(site, published, modified):
            self.count("skip/out_of_window", site=site)
            logger.info("Skipped %s: outside the since/until window (%s)", link.url, published or modified)
            return None
        hints = DiscoveryHints(
            source=link.source, headline=link.title, published=link.published, published_at=published
        )
        return scrapy.Request(
            identity.fetch_url(site.base_url),
            callback=self.parse_article,
            errback=self.on_error,
            meta={
                "newscrawl_kind": "article",
                "newscrawl_site": site.name,
                "newscrawl_article": identity,
                "newscrawl_hints": hints,
                "newscrawl_modified": modified,
                "newscrawl_source": link.source,
            },
            priority=article_priority(published or modified),
        )

    def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """``scrapy parse URL``: the record of one article page."""
        return self.parse_article(response)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        site = self.site_of(response)
        identity: ArticleIdentity | None = response.meta.get("newscrawl_article") or identify(
            response.url, site.profile
        )
        if not isinstance(response, HtmlResponse):  # text/plain, JSON, PDF, images…
            self.skip(site, response.url, "not_html", identity)
            return
        if self.max_page_bytes and len(response.body) > self.max_page_bytes:
            self.skip(site, response.url, "too_large", identity)  # parsing it would hold the crawl
            return
        job = PageJob.of(
            response,
            site.profile,
            article_url=identity,
            hints=response.meta.get("newscrawl_hints"),
            downloaded_at=datetime.now(UTC),
            min_body_words=self.min_body_words,
            require_evidence=site.profile.article_pattern is None,
            max_body_chars=self.max_body_chars,
        )
        pool = self.crawler.get_extension(ExtractionPool)
        try:
            result = await pool.extract(job) if pool is not None else run_job(job, response)
        except ExtractionCrashed as error:
            self.skip(site, response.url, "extraction_crashed", identity, detail=str(error))
            return
        except Exception as error:  # a page no reader can make sense of: skipped, not the crawl
            logger.debug("Extraction failed on %s", response.url, exc_info=True)
            self.skip(site, response.url, "unparsable", identity, detail=f"{type(error).__name__}: {error}")
            return
        for reason, text in result.removed:
            self.count(f"boilerplate/{reason}")
            logger.debug("Boilerplate (%s) removed from %s: %.80s", reason, response.url, text)
        if result.truncated:
            self.count("extract/body_truncated")
            logger.info(
                "Cut the body of %s at %d characters (NEWSCRAWL_MAX_BODY_CHARS)", response.url, self.max_body_chars
            )
        for reason in result.date_rejections:
            self.count(f"dates/rejected/{reason}")
        if result.fallback and not site.profile.generic:
            self.count("extract/fallback", site=site)
            logger.info("Site selectors did not match %s; used generic extraction", response.url)
        if result.article is None:
            self.skip(site, response.url, result.skip or "unknown", identity)
            return
        if not self.record_in_window(site, result.article.datePublished):
            self.skip(site, response.url, "out_of_window")
            return
        yield result.article

    def record_in_window(self, site: SitePlan, date_published: str | None) -> bool:
        """Whether a record's ``datePublished`` (a time, or a day: ``2025-11-28``) may be in
        ``since``/``until``: a day is in when any moment of it is."""
        published = parse_iso(date_published or "", site.profile.tz)
        if published is None:
            return True
        if len(date_published or "") == 10:  # a day in the site's zone
            since, until = site.since, site.until
            return not (since and published.date() < since.astimezone(site.profile.tz).date()) and not (
                until and published.date() > until.astimezone(site.profile.tz).date()
            )
        return self.in_window(site, published)

    def skip(
        self, site: SitePlan, url: str, reason: str, identity: ArticleIdentity | None = None, detail: str = ""
    ) -> None:
        self.count(f"skip/{reason}", site=site)
        logger.info("Skipped %s: %s%s", url, reason, f" ({detail[:200]})" if detail else "")
        if identity is not None:
            self.remember_outcome(identity, reason, url)

    def remember_outcome(self, identity: ArticleIdentity, outcome: str, url: str | None = None) -> None:
        """Keep in the store (when the crawl has one) that this article URL gave no article,
        so that an incremental crawl does not fetch it every run (the store is opened only
        when needed: ``scrapy push`` and ``scrapy parse`` open none)."""
        store = shared_store(self.crawler)
        if store is not None:
            with store.outside_items():
                store.note_page(identity.site, identity.article_id or identity.key, outcome, url)

    # -- errors ------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> list[scrapy.Request]:
        """Count and log a failed request: ``newscrawl/failed/<kind>/<reason>``; a probe of
        a usual sitemap or feed place that is not there is only counted (one the site's
        firewall refused is a failure: ``blocked``)."""
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("newscrawl_kind", "other")
        reason = failure_reason(failure)
        absent = request.meta.get("newscrawl_probe") or (kind == "sitemap" and reason in ("http_404", "http_410"))
        site = self.site_of(request)
        if absent and reason != "blocked":
            self.count(f"discovery/absent/{kind}")
            logger.info("No %s at %s (%s)", kind, request.url, reason)
        else:
            self.count(f"failed/{kind}/{reason}", site=site)
            logger.info("Failed %s %s: %s (%s)", kind, request.url, reason, failure.getErrorMessage())
        identity = request.meta.get("newscrawl_article")
        if identity is not None and reason in RECHECKED_FAILURES:
            self.remember_outcome(identity, reason, request.url)
        if kind == "robots":  # no robots.txt: the profile's sitemaps, or the usual places
            return list(self.sitemap_requests(site, self.profile_sitemaps(site, probe=True)))
        return []

    def on_request_dropped(self, request: scrapy.Request) -> None:
        """A redirect to a URL this crawl already requested (a loop, or a redirect to another
        spelling of a downloaded article) is dropped by the scheduler: count and log it."""
        if not request.meta.get("redirect_urls"):
            return
        kind = request.meta.get("newscrawl_kind", "other")
        origin = request.meta["redirect_urls"][0]
        reason = "redirect_loop" if request.url in request.meta["redirect_urls"] else "redirect_to_seen"
        self.count(f"failed/{kind}/{reason}", site=self.site_of(request))
        logger.info("Failed %s %s: %s (redirected to %s, already requested)", kind, origin, reason, request.url)


class ElaphSpider(NewsSpider):
    """``scrapy crawl elaph``: the news spider with the Elaph profile (``elaph.com``)."""

    name = "elaph"
    default_site = "elaph"


__all__ = ["ARGUMENTS", "ArgumentError", "ElaphSpider", "NewsSpider"]
