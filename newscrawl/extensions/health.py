"""Health checks when a crawl runs out of work: silent failure made visible.

Each check compares the crawl's stats with a threshold setting; a failed check logs an
ERROR line naming the check, its value and its setting, counts
``newscrawl/health/failed/<check>``, and closes the crawl with the reason
``health_check_failed`` (not ``finished``), which makes ``scrapy crawl`` exit with status 3
(see :mod:`newscrawl.commands.crawl`). Checks (shares are of article pages parsed, and are
judged only from ``NEWSCRAWL_HEALTH_MIN_PAGES`` pages on, default 10):

* ``blocked`` — share of answers that were a firewall's refusal (``newscrawl/failed/*/blocked``:
  403/429/503 or a challenge page, :mod:`newscrawl.middlewares.blocked`) among all answers
  above ``NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE`` (0.5; judged from the first answer: a crawl
  that got nothing but refusals fails however small). Its message names the remedy:
  a browser's TLS fingerprint (``-s NEWSCRAWL_IMPERSONATE=chrome``) and a slower crawl;
* ``unreachable`` — no request got any answer (every one failed: DNS errors, refused
  connections, timeouts). Its message says what happened and to which hosts ("every request
  failed: DNS lookup failed for elaph.com — is this machine online?"), in place of
  ``no_articles``;
* ``no_articles`` — discovery yielded no article at all (nothing new, nothing already
  stored): the site, its sitemaps or the API changed (``NEWSCRAWL_HEALTH_MIN_ARTICLES``, 1;
  not reported when ``blocked`` or ``unreachable`` says why);
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import setting
from newscrawl.extensions.summary import CrawlSummary
from newscrawl.signals import crawl_keeps_open

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger("newscrawl.health")
CLOSE_REASON = "health_check_failed"


# Failures that mean no answer came back at all: the network, not the site's pages.
NETWORK_REASONS = ("dns", "connection_refused", "timeout")
MAX_HOSTS_NAMED = 3


@dataclass(frozen=True)
class Failure:
    check: str
    value: float
    limit: float
    setting: str
    detail: str = ""  # what happened and what to do, when a value and a limit do not say it

    def message(self) -> str:
        head = f"Health check failed: {self.check}"
        if self.setting:
            head += f" = {self.value:.3g} (limit {self.limit:g}, setting {self.setting})"
        return f"{head}: {self.detail}" if self.detail else head


def hosts_text(hosts: Sequence[str]) -> str:
    """``a.com``, ``a.com, b.com and 2 more``; ``the site`` when none is known."""
    if not hosts:
        return "the site"
    named = ", ".join(hosts[:MAX_HOSTS_NAMED])
    return named + (f" and {len(hosts) - MAX_HOSTS_NAMED} more" if len(hosts) > MAX_HOSTS_NAMED else "")


def unreachable_detail(reasons: Mapping[str, int], hosts: Sequence[str]) -> str:
    """What happened when every request failed: by reason, naming the hosts."""
    where = hosts_text(hosts)
    if set(reasons) == {"dns"}:
        return f"every request failed: DNS lookup failed for {where} — is this machine online?"
    if set(reasons) == {"connection_refused"}:
        return f"every request failed: {where} refused the connection — is the site down or the address wrong?"
    if set(reasons) == {"timeout"}:
        return f"every request failed: {where} did not answer within DOWNLOAD_TIMEOUT — is this machine online?"
    counts = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    online = " — is this machine online?" if set(reasons) <= set(NETWORK_REASONS) else ""
    return f"every request to {where} failed ({counts}){online}"


def blocked_remedy(settings: Any) -> str:
    """What to do about a firewall: a browser's fingerprint (another one if already on), slower."""
    slower = "and slow down (-s DOWNLOAD_DELAY=5 -s CONCURRENT_REQUESTS_PER_DOMAIN=1)"
    current = setting(settings, "NEWSCRAWL_IMPERSONATE")
    if current:
        other = "firefox" if not current.startswith("firefox") else "chrome"
        return f"try another browser (-s NEWSCRAWL_IMPERSONATE={other}) {slower}"
    return f"crawl with a browser's TLS fingerprint (-s NEWSCRAWL_IMPERSONATE=chrome) {slower}"


def evaluate(summary: CrawlSummary, settings: Any, hosts: Sequence[str] = ()) -> list[Failure]:
    """The checks that fail for ``summary`` under ``settings`` (``hosts``: those requested,
    named when no request got an answer)."""
    failures = []
    blocked, answers = summary.blocked, summary.blocked + summary.pages
    max_blocked = setting(settings, "NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE")
    if blocked and 0 <= max_blocked < blocked / answers:
        detail = (
            f"{blocked} of {answers} answers were refusals by the site's firewall (403/429/503 or a "
            f"challenge page): {blocked_remedy(settings)}"
        )
        failures.append(
            Failure("blocked", blocked / answers, max_blocked, "NEWSCRAWL_HEALTH_MAX_BLOCKED_SHARE", detail)
        )
    min_articles = 0 if setting(settings, "NEWSCRAWL_REDIS_URL") else setting(settings, "NEWSCRAWL_HEALTH_MIN_ARTICLES")
    seen = summary.items + summary.skipped_stored + sum(summary.duplicates.values())
    if min_articles > 0 and seen < min_articles:
        reasons = summary.failures_by_reason()
        if answers == 0 and reasons:
            failures.append(Failure("unreachable", 0, 0, "", unreachable_detail(reasons, hosts)))
        elif not failures:
            failures.append(Failure("no_articles", seen, min_articles, "NEWSCRAWL_HEALTH_MIN_ARTICLES"))
    pages = summary.article_pages
    if pages < setting(settings, "NEWSCRAWL_HEALTH_MIN_PAGES"):
        return failures
    empty = sum(v for k, v in summary.skipped.items() if k in ("empty_body", "short_body"))
    shares = [
        ("fallbacks", summary.fallbacks / pages, "NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE"),
        ("empty_bodies", empty / pages, "NEWSCRAWL_HEALTH_MAX_EMPTY_SHARE"),
        (
            "missing_dates",
            summary.items_without_date / max(summary.items, 1),
            "NEWSCRAWL_HEALTH_MAX_MISSING_DATE_SHARE",
        ),
        (
            "encoding_repairs",
            summary.encoding_repairs / max(summary.pages, 1),
            "NEWSCRAWL_HEALTH_MAX_ENCODING_REPAIR_SHARE",
        ),
    ]
    for check, value, name in shares:
        limit = setting(settings, name)
        if limit >= 0 and value > limit:
            failures.append(Failure(check, value, limit, name))
    return failures


class HealthChecks:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.checked = False
        self.hosts: dict[str, None] = {}  # hosts requested, in order (named by ``unreachable``)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthChecks:
        if not setting(crawler.settings, "NEWSCRAWL_HEALTH_ENABLED"):
            raise NotConfigured("NEWSCRAWL_HEALTH_ENABLED is off")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.request_reached_downloader, signal=signals.request_reached_downloader)
        return extension

    def request_reached_downloader(self, request: Request, spider: Any = None) -> None:
        self.hosts.setdefault(urlparse_cached(request).hostname or "", None)

    def spider_idle(self, spider: Any) -> None:
        if self.checked:
            return
        if any(kept is True for _, kept in self.crawler.signals.send_catch_log(crawl_keeps_open)):
            return  # the spider or the shared frontier has more to do
        engine = self.crawler.engine
        if engine is not None and not engine.spider_is_idle():
            return  # another idle handler has just scheduled more work (the spider's listing pages)
        self.checked = True
        assert self.crawler.stats is not None
        summary = CrawlSummary.from_stats(self.crawler.stats.get_stats())
        failures = evaluate(summary, self.crawler.settings, [host for host in self.hosts if host])
        if not failures:
            logger.info("Health checks passed")
            return
        for failure in failures:
            self.crawler.stats.set_value(f"newscrawl/health/failed/{failure.check}", 1)
            logger.error(failure.message())
        raise CloseSpider(CLOSE_REASON)
