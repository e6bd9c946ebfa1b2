"""Answers that refuse the crawler — a firewall (WAF), a bot challenge, a rate limit — told
apart from pages, and ``Retry-After`` honoured: a downloader middleware.

A site behind a WAF answers a crawler it does not trust with ``403``, ``429`` or ``503``, or
with a small challenge page ("Just a moment…", "enable JavaScript and cookies") that may
even come with status ``200``. Such an answer is no page of the site: it must neither
become an article record nor be counted as an empty one. Here:

1. a ``429``/``503`` that is no challenge page is retried like Scrapy's ``RetryMiddleware``
   does (``RETRY_ENABLED``, ``RETRY_HTTP_CODES``, ``RETRY_TIMES``, meta ``dont_retry`` /
   ``max_retry_times``; :func:`scrapy.downloadermiddlewares.retry.get_retry_request`), and
   when it says ``Retry-After`` (seconds or an HTTP date) every request to that host waits
   that long first, at most ``NEWSCRAWL_RETRY_AFTER_MAX`` seconds (stat
   ``newscrawl/politeness/retry_after``, one INFO line). The wait is an asynchronous sleep
   in ``process_request``: the reactor goes on serving the other hosts;
2. any other ``403``/``429``/``503``, and a challenge page whatever its status (a known
   marker of :data:`CHALLENGE_MARKERS` or Cloudflare's ``cf-mitigated: challenge`` header,
   in a small HTML page without an article's structure), raises :class:`BlockedRequest`:
   the spider's errback counts it as ``newscrawl/failed/<kind>/blocked``
   (:mod:`newscrawl.spiders.failures`) and logs it at INFO with the status and the marker
   (``Failed article URL: blocked (http_403, challenge page: <title>just a moment)``), and
   the ``blocked`` health check
   (:mod:`newscrawl.extensions.health`) says what to do when most answers are refusals.

Order (settings.py): 585, after ``HttpCompressionMiddleware`` (590) has decoded the body and
before ``MetaRefreshMiddleware`` (580, which would follow a challenge's refresh) and
``RetryMiddleware`` (550, which would retry a ``429`` at once, without its wait).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import setting

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Answers that say "not now, not you": the site refuses the crawler (WAF, rate limit).
BLOCKED_STATUSES = frozenset({403, 429, 503})
# Of those, the ones that say "later" and may carry Retry-After.
LATER_STATUSES = frozenset({429, 503})
# Strings of challenge and block pages of the common bot protections, matched in the
# lowercased body. Generic and few: a page must also be small and have no article in it.
CHALLENGE_MARKERS: tuple[str, ...] = (
    "<title>just a moment",  # Cloudflare's interstitial
    "_cf_chl",  # Cloudflare challenge script options and tokens (window._cf_chl_opt, __cf_chl_tk)
    "cf-chl-",  # Cloudflare challenge elements (cf-chl-widget)
    "/cdn-cgi/challenge-platform/",  # Cloudflare challenge scripts
    "cf_clearance",  # the cookie a Cloudflare challenge sets
    "_incapsula_resource",  # Imperva (Incapsula)
    "sucuri website firewall",  # Sucuri's block page
    "captcha-delivery.com",  # DataDome's challenge frame
    "px-captcha",  # PerimeterX (HUMAN)
    "errors.edgesuite.net",  # Akamai's "Access Denied" reference
    "enable javascript and cookies to continue",  # the <noscript> line of challenge pages
)
CHALLENGE_MAX_BYTES = 256 * 1024  # challenge pages are small; an article page may be larger
CHALLENGE_MAX_WORDS = 150  # visible words: a challenge says a sentence or two
_INVISIBLE = ("script", "style", "template", "svg")
_DIGITS = re.compile(r"\d+")
_NON_ASCII = bytes(range(0x80, 0x100))
_MARKERS = tuple((marker, marker.encode("ascii")) for marker in CHALLENGE_MARKERS)


class BlockedRequest(IgnoreRequest):
    """The site refused the request: a 403/429/503 answer or a bot challenge page."""


def challenge_marker(body: bytes) -> str | None:
    """The first :data:`CHALLENGE_MARKERS` entry in ``body`` (a page's bytes), or None.

    >>> challenge_marker(b"<html><head><title>Just a moment...</title>")
    '<title>just a moment'
    >>> challenge_marker(b"<html><head><title>News</title>") is None
    True
    """
    text = body.translate(None, _NON_ASCII).lower()  # as decode("ascii", "ignore"), without a str copy
    return next((marker for marker, encoded in _MARKERS if encoded in text), None)


def has_article_structure(body: bytes) -> bool:
    """Whether an HTML page holds an article: an ``<article>`` element, or more visible
    words than a challenge page says (:data:`CHALLENGE_MAX_WORDS`)."""
    try:
        root = lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return False
    if root.find(".//article") is not None:
        return True
    etree.strip_elements(root, *_INVISIBLE, with_tail=False)
    return len(root.text_content().split()) > CHALLENGE_MAX_WORDS


def challenge_of(response: Response) -> str | None:
    """Why ``response`` is a challenge page (its marker or header), or None."""
    if response.headers.get(b"cf-mitigated", b"").lower() == b"challenge":
        return "cf-mitigated: challenge"
    content_type = response.headers.get(b"Content-Type", b"text/html").lower()
    if b"html" not in content_type or not 0 < len(response.body) <= CHALLENGE_MAX_BYTES:
        return None
    marker = challenge_marker(response.body)
    if marker is None or has_article_structure(response.body):
        return None
    return marker


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` value asks for, in seconds (never negative), or None.

    >>> retry_after_seconds(b"120")
    120.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    30.0
    >>> retry_after_seconds("soon") is None
    True
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if _DIGITS.fullmatch(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BlockedMiddleware:
    def __init__(self, crawler: Crawler, retry_after_max: float):
        self.crawler = crawler
        self.retry_after_max = retry_after_max
        settings = crawler.settings
        self.retry_enabled = settings.getbool("RETRY_ENABLED")
        self.retry_statuses = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")} & LATER_STATUSES
        self.resume_at: dict[str, float] = {}  # host -> monotonic time its requests may go again

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockedMiddleware:
        return cls(crawler, setting(crawler.settings, "NEWSCRAWL_RETRY_AFTER_MAX"))

    async def process_request(self, request: Request) -> None:
        """Hold a request to a host that asked to wait (Retry-After) until it may go."""
        wait = self.resume_at.get(urlparse_cached(request).hostname or "", 0.0) - monotonic()
        if wait > 0:
            await sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        challenge = challenge_of(response)
        if challenge is None and response.status not in BLOCKED_STATUSES:
            return response
        if challenge is None and response.status in LATER_STATUSES:
            self.pause(request, response)
            retry = self.retry(request, response)
            if retry is not None:
                return retry
        why = f"http_{response.status}" + (f", challenge page: {challenge}" if challenge else "")
        logger.debug("Blocked: %s answered %s", request.url, why)  # the spider's errback logs it at INFO
        raise BlockedRequest(why)

    def retry(self, request: Request, response: Response) -> Request | None:
        if not self.retry_enabled or response.status not in self.retry_statuses or request.meta.get("dont_retry"):
            return None
        assert self.crawler.spider is not None
        return get_retry_request(request, spider=self.crawler.spider, reason=f"http_{response.status}")

    def pause(self, request: Request, response: Response) -> None:
        """Make every request to the host wait what its ``Retry-After`` asks (capped)."""
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if not asked:
            return
        wait = min(asked, self.retry_after_max)
        host = urlparse_cached(request).hostname or ""
        self.resume_at[host] = max(self.resume_at.get(host, 0.0), monotonic() + wait)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/politeness/retry_after")
        capped = f" (capped by NEWSCRAWL_RETRY_AFTER_MAX, it asked {asked:g} s)" if wait < asked else ""
        logger.info("%s answered %s with Retry-After: its requests wait %.1f s%s", host, response.status, wait, capped)
