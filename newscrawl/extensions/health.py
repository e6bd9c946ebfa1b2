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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.config import setting
from newscrawl.extensions.summary import CrawlSummary
from newscrawl.middlewares.site_guard import host_allowed
from newscrawl.signals import crawl_keeps_open
from newscrawl.sitestats import SITE_PREFIX, counted_sites, site_stats

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger("newscrawl.health")
CLOSE_REASON = "health_check_failed"


# Failures that mean no answer came back at all: the network, not the site's pages.
NETWORK_REASONS = ("dns", "connection_refused", "timeout")
MAX_HOSTS_NAMED = 3


#: The limits of the checks: a site's profile may set each under ``health`` (its key
#: here); otherwise the setting ``NEWSCRAWL_HEALTH_<KEY>`` holds it.
LIMIT_KEYS = (
    "min_articles",
    "min_pages",
    "max_blocked_share",
    "max_fallback_share",
    "max_empty_share",
    "max_missing_date_share",
    "max_encoding_repair_share",
)
# The checks judged by a share of pages, with their limit.
SHARE_CHECKS = (
    ("fallbacks", "max_fallback_share"),
    ("empty_bodies", "max_empty_share"),
    ("missing_dates", "max_missing_date_share"),
    ("encoding_repairs", "max_encoding_repair_share"),
)


# The shares a crawl's record keeps per site, with the key of their limit.
REPORTED_SHARES = {"blocked": "max_blocked_share", **dict(SHARE_CHECKS)}


@dataclass(frozen=True)
class Limit:
    value: float
    source: str  # the setting, or the profile key that set it


def limits(settings: Any, overrides: Mapping[str, float] | None = None, origin: str = "") -> dict[str, Limit]:
    """The checks' limits: ``overrides`` (a profile's ``health``, read from ``origin``)
    over the ``NEWSCRAWL_HEALTH_*`` settings."""
    found = {}
    for key in LIMIT_KEYS:
        if overrides and key in overrides:
            found[key] = Limit(overrides[key], f"health.{key} in {origin or 'the profile'}")
        else:
            name = f"NEWSCRAWL_HEALTH_{key.upper()}"
            found[key] = Limit(setting(settings, name), name)
    return found


def shares(summary: CrawlSummary) -> dict[str, float]:
    """The shares the checks judge (``blocked``: of answers; the others: of article pages,
    ``missing_dates`` of articles, ``encoding_repairs`` of pages); 0 without a denominator."""
    pages = summary.article_pages
    answers = summary.blocked + summary.pages
    empty = sum(v for k, v in summary.skipped.items() if k in ("empty_body", "short_body"))
    return {
        "blocked": summary.blocked / answers if answers else 0.0,
        "fallbacks": summary.fallbacks / pages if pages else 0.0,
        "empty_bodies": empty / pages if pages else 0.0,
        "missing_dates": summary.items_without_date / max(summary.items, 1),
        "encoding_repairs": summary.encoding_repairs / max(summary.pages, 1),
    }


@dataclass(frozen=True)
class Failure:
    check: str
    value: float
    limit: float
    setting: str  # where the limit comes from: a setting, or a profile's health key
    detail: str = ""  # what happened and what to do, when a value and a limit do not say it
    site: str = ""  # a site's own check (several sites in one crawl)

    def message(self) -> str:
        if self.site:
            return f"Health check failed for {self.site}: {self.short()}"
        head = f"Health check failed: {self.check}"
        if self.setting:
            head += f" = {self.value:.3g} (limit {self.limit:g}, setting {self.setting})"
        return f"{head}: {self.detail}" if self.detail else head

    def short(self) -> str:
        """``fallbacks 62 % > 50 % (NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE)``, ``no_articles 0 < 1 (…)``."""
        if not self.setting:
            return f"{self.check}: {self.detail}"
        if self.check in ("no_articles",):
            text = f"{self.check} {self.value:g} < {self.limit:g} ({self.setting})"
        else:
            text = f"{self.check} {self.value:.0%} > {self.limit:.0%} ({self.setting})".replace("%", " %")
        return f"{text}: {self.detail}" if self.detail else text


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


def evaluate(
    summary: CrawlSummary, settings: Any, hosts: Sequence[str] = (), limit: Mapping[str, Limit] | None = None
) -> list[Failure]:
    """The checks that fail for ``summary`` under ``settings`` (``hosts``: those requested,
    named when no request got an answer; ``limit``: :func:`limits`, by default the settings')."""
    limit = limit or limits(settings)
    failures = []
    share = shares(summary)
    blocked, answers = summary.blocked, summary.blocked + summary.pages
    max_blocked = limit["max_blocked_share"]
    if blocked and 0 <= max_blocked.value < share["blocked"]:
        detail = (
            f"{blocked} of {answers} answers were refusals by the site's firewall (403/429/503 or a "
            f"challenge page): {blocked_remedy(settings)}"
        )
        failures.append(Failure("blocked", share["blocked"], max_blocked.value, max_blocked.source, detail))
    min_articles = limit["min_articles"]
    wanted = 0 if setting(settings, "NEWSCRAWL_REDIS_URL") else min_articles.value
    seen = summary.items + summary.skipped_stored + sum(summary.duplicates.values())
    if wanted > 0 and seen < wanted:
        reasons = summary.failures_by_reason()
        if answers == 0 and reasons:
            failures.append(Failure("unreachable", 0, 0, "", unreachable_detail(reasons, hosts)))
        elif not failures:
            failures.append(Failure("no_articles", seen, min_articles.value, min_articles.source))
    if summary.article_pages < limit["min_pages"].value:
        return failures
    for check, key in SHARE_CHECKS:
        if 0 <= limit[key].value < share[check]:
            failures.append(Failure(check, share[check], limit[key].value, limit[key].source))
    return failures


@dataclass(frozen=True)
class SiteLimits:
    """What the checks of one site need from its profile."""

    site: str
    hosts: tuple[str, ...]
    health: Mapping[str, float]
    origin: str


def crawl_sites(spider: Any) -> dict[str, SiteLimits]:
    """The sites of the ``news`` spider's crawl by their record ``site`` (the first profile
    of a site wins); none for another spider."""
    found: dict[str, SiteLimits] = {}
    for plan in getattr(spider, "sites", ()):
        profile = plan.profile
        found.setdefault(profile.site, SiteLimits(profile.site, plan.hosts, profile.health, profile.origin))
    return found


def site_limits(settings: Any, site: SiteLimits | None) -> dict[str, Limit]:
    """The limits of ``site``'s checks: its profile's ``health`` over the settings."""
    return limits(settings, site.health, site.origin) if site else limits(settings)


def judge(
    stats: Mapping[str, Any], settings: Any, sites: Mapping[str, SiteLimits], hosts: Sequence[str] = ()
) -> tuple[list[Failure], dict[str, list[Failure]]]:
    """The failed checks of the whole crawl and of each site.

    A crawl of one site is judged once, as a whole, with that site's limits (its failures are
    the site's too). A crawl of several is judged as a whole with the settings' limits, and
    each site with its own counts (:mod:`newscrawl.sitestats`) and limits: one broken site
    among many fails by name."""
    whole = CrawlSummary.from_stats(stats)
    if len(sites) <= 1:
        only = next(iter(sites.values()), None)
        failures = evaluate(whole, settings, hosts, site_limits(settings, only))
        return failures, ({only.site: failures} if only else {})
    per_site = {}
    for site in sites.values():
        summary = CrawlSummary.from_stats(site_stats(stats, site.site))
        own_hosts = [host for host in hosts if host_allowed(host, site.hosts)]
        found = evaluate(summary, settings, own_hosts, site_limits(settings, site))
        per_site[site.site] = [replace(failure, site=site.site) for failure in found]
    return evaluate(whole, settings, hosts), per_site


def site_outcomes(stats: Mapping[str, Any], settings: Any, sites: Mapping[str, SiteLimits]) -> dict[str, Any]:
    """Each site's outcome of a crawl, as the store's ``crawl_runs.sites`` keeps it:
    ``status`` (``passed``, ``failed`` or ``unchecked`` when the checks did not run), the
    ``failed`` checks, ``articles`` (items) and ``pages`` (article pages parsed), the judged
    ``shares`` and their ``limits`` (``-1``: not checked)."""
    checked = bool(stats.get("newscrawl/health/checked"))
    outcomes = {}
    for site in sorted({*counted_sites(stats), *sites}):
        own = site_stats(stats, site)
        summary = CrawlSummary.from_stats(own)
        limit = site_limits(settings, sites.get(site))
        failed = sorted(k.rsplit("/", 1)[-1] for k in own if k.startswith("newscrawl/health/failed/"))
        share = shares(summary)
        outcomes[site] = {
            "status": "failed" if failed else "passed" if checked else "unchecked",
            "failed": failed,
            "articles": summary.items,
            "pages": summary.article_pages,
            "shares": {check: round(share[check], 4) for check in REPORTED_SHARES},
            "limits": {check: limit[key].value for check, key in REPORTED_SHARES.items()},
        }
    return outcomes


class HealthChecks:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.checked = False
        self.hosts: dict[str, None] = {}  # hosts requested, in order (named by ``unreachable``)
        self.failures: list[Failure] = []  # the crawl's and each site's, once checked

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
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("newscrawl/health/checked", 1)
        hosts = [host for host in self.hosts if host]
        failures, per_site = judge(stats.get_stats(), self.crawler.settings, crawl_sites(self.crawler.spider), hosts)
        for site, found in per_site.items():
            for failure in found:
                stats.set_value(f"{SITE_PREFIX}{site}/health/failed/{failure.check}", 1)
        self.failures = [*failures, *(f for found in per_site.values() for f in found if f not in failures)]
        if not self.failures:
            logger.info("Health checks passed")
            return
        for failure in failures:
            stats.set_value(f"newscrawl/health/failed/{failure.check}", 1)
        for failure in self.failures:
            logger.error(failure.message())
        raise CloseSpider(CLOSE_REASON)

    def closing_lines(self) -> list[str]:
        """What failed, for the last lines of a crawl of several sites: each site that failed
        with its checks, then the crawl's own (none when no site failed on its own: a crawl of
        one site said it all in its ERROR lines)."""
        if not any(failure.site for failure in self.failures):
            return []
        by_site: dict[str, list[str]] = {}
        for failure in self.failures:
            by_site.setdefault(failure.site, []).append(failure.short() if failure.site else failure.message())
        lines = [f"{site}: {'; '.join(texts)}" for site, texts in by_site.items() if site]
        return [*lines, *by_site.get("", [])]
