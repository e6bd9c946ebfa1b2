"""Only the crawl's own sites, only over http(s): a downloader middleware that refuses every
other request before it is sent — redirects (HTTP 30x and meta refresh) included.

Scrapy follows a redirect by scheduling a new request, which passes here again: an article
URL that redirects to another host, to ``localhost`` or to ``file://``/``ftp://`` is
dropped (``newscrawl/skip/off_site`` or ``newscrawl/skip/bad_scheme``, logged at INFO with
the URL it came from), so that nothing from outside the site is stored as its article and
no handler without a timeout (Scrapy's FTP handler ignores ``DOWNLOAD_TIMEOUT``) is used.
A site's hosts are its profile's ``hosts`` (a mirror's with ``base_url``), their
subdomains, and its API's host: the spider's ``allowed_domains``. A loopback or private
address is allowed only when it is one of them (a crawl of a local replica).
Robots.txt requests of those hosts pass as well.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from newscrawl import sitestats

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
SCHEMES = ("http", "https")


class OffSiteRequest(IgnoreRequest):
    """A request outside the crawl's sites or schemes."""


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """``host`` is one of ``allowed`` or a subdomain of one (IP addresses: exact only).

    >>> host_allowed("api.elaph.com", ("elaph.com",)), host_allowed("elaph.com.evil.org", ("elaph.com",))
    (True, False)
    """
    host = host.lower().rstrip(".").strip("[]")
    try:
        ipaddress.ip_address(host)
        return host in allowed
    except ValueError:
        pass
    bare = host.removeprefix("www.")
    return any(bare == a.removeprefix("www.") or host.endswith("." + a.removeprefix("www.")) for a in allowed)


class SiteGuardMiddleware:
    """Replaces Scrapy's ``OffsiteMiddleware`` (switched off in settings): the same check, at
    scheduling (``request_scheduled``, where redirects are dropped) and before download,
    counted and logged."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteGuardMiddleware:
        guard = cls(crawler)
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def request_scheduled(self, request: Request, spider: Spider | None = None) -> None:
        """Refuse before the request is queued (a redirect is scheduled like a new request)."""
        self.process_request(request)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("newscrawl_guarded") == request.url:
            return None  # checked when scheduled
        parts = urlsplit(request.url)
        allowed = tuple(getattr(self.crawler.spider, "allowed_domains", None) or ())
        if parts.scheme not in SCHEMES:
            reason = "bad_scheme"
        elif allowed and not host_allowed(parts.hostname or "", allowed):
            reason = "off_site"
        else:
            request.meta["newscrawl_guarded"] = request.url
            return None
        assert self.crawler.stats is not None
        sitestats.count(self.crawler.stats, f"skip/{reason}", sitestats.request_site(self.crawler, request))
        origin = request.meta.get("redirect_urls", [None])[0]
        logger.info("Not requesting %s: %s%s", request.url, reason, f" (redirected from {origin})" if origin else "")
        raise OffSiteRequest(f"{reason}: {request.url}")
