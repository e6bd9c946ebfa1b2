"""Spider arguments (``-a name=value``) -> a crawl plan: which sites, from where, which window.

Every argument is checked at start; a bad value or an unknown name raises
:class:`ArgumentError` whose message starts with the argument's name (and, for a misspelt
name, the closest known one), so that ``scrapy crawl`` stops with one clear line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.sites import ProfileError, SiteProfile, find_profile, generic_profile, read_profile_file
from newscrawl.text.dates import parse_iso

ARGUMENTS = ("url", "site", "profile", "base_url", "api_url", "sections", "since", "until", "max_articles")


class ArgumentError(ValueError):
    """A spider argument has a bad value; the message starts with the argument's name."""


@dataclass
class SitePlan:
    """One site of a crawl: its profile (hosts include a mirror's), where to fetch it."""

    profile: SiteProfile
    base_url: str  # where the site is fetched from: its own base_url, or a mirror's
    api_url: str | None = None
    sections: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    # What discovery found so far (listing pages are the fallback of a site without any).
    article_links: int = 0
    archive_links: int = 0  # of them, from sitemaps and the API (a feed lists only the latest)
    listings_started: bool = False
    home_sections: tuple[str, ...] = ()
    sitemaps_seen: set[str] = field(default_factory=set)

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host this site's crawl may request: the profile's and the API's."""
        api_host = (urlsplit(self.api_url).hostname or "").lower() if self.api_url else ""
        return (
            (*self.profile.hosts, api_host) if api_host and api_host not in self.profile.hosts else self.profile.hosts
        )

    @property
    def home_url(self) -> str:
        """The site's home page: the address a site without a profile was given by (it may
        have a path: ``https://www.bbc.com/arabic``), else the root of where it is fetched."""
        if self.profile.generic and urlsplit(self.profile.origin).path.strip("/"):
            return self.profile.origin
        return self.base_url + "/"

    @property
    def name(self) -> str:
        return self.profile.name


def check_names(spider: str, arguments: dict[str, object], known: tuple[str, ...] = ARGUMENTS) -> None:
    """Unknown argument names are errors (Scrapyd's own, such as ``_job``, start with ``_``)."""
    for name in arguments:
        if name.startswith("_") or name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ArgumentError(f"{name}: unknown argument for spider {spider}{hint}; known: {', '.join(known)}")


def url_argument(name: str, value: str) -> str:
    """An http(s) URL with a host, no trailing slash."""
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
        parts.port  # noqa: B018 (a bad port raises here)
    except ValueError as error:
        message = f"{name}: expected an http(s) URL such as https://elaph.com, got {value!r} ({error})"
        raise ArgumentError(message) from None
    if parts.scheme not in ("http", "https") or not host:
        raise ArgumentError(f"{name}: expected an http(s) URL such as https://elaph.com, got {value!r}")
    return value.strip().rstrip("/")


def date_argument(name: str, value: str | None, profile: SiteProfile, *, end_of_day: bool) -> datetime | None:
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


def max_articles_argument(value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ArgumentError(f"max_articles: expected a positive whole number, got {value!r}")
    return number


def sections_argument(value: str | None, profile: SiteProfile) -> tuple[str, ...]:
    api = profile.discovery.api
    if value is None:
        return api.sections if api else ()
    slugs = tuple(s.strip().lower() for s in value.split(",") if s.strip())
    bad = [s for s in slugs if not s.replace("-", "").replace("_", "").isalnum() or not s.isascii()]
    if bad:
        raise ArgumentError(
            f"sections: expected a comma list of API section slugs such as news,economics, got {bad[0]!r}"
        )
    return slugs


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def profiles_from(
    *, url: str | None, site: str | None, profile: str | None, default_site: str | None, sites_dir: str | None
) -> list[SiteProfile]:
    """The sites named by ``url`` (no profile needed), ``site`` (profile names) and
    ``profile`` (paths), or the spider's own default site."""
    profiles: list[SiteProfile] = []
    for key in _split(site) or ([default_site] if default_site and not (url or profile) else []):
        try:
            profiles.append(find_profile(key, sites_dir))
        except KeyError as error:
            raise ArgumentError(f"site: {error.args[0]}") from error
        except ProfileError as error:
            raise ArgumentError(f"site: {error}") from error
    for path in _split(profile):
        if not Path(path).is_file():
            raise ArgumentError(f"profile: no such file {path!r}")
        try:
            profiles.append(read_profile_file(path))
        except ProfileError as error:
            raise ArgumentError(f"profile: {error}") from error
    for address in _split(url):
        address = url_argument("url", address)
        known = [p for p in profiles if p.owns(urlsplit(address).hostname)]
        if not known:
            profiles.append(generic_profile(address))
    if not profiles:
        raise ArgumentError("url: give the site to crawl: -a url=https://… (any site) or -a site=NAME (a profile)")
    names = [p.name for p in profiles]
    for name in names:
        if names.count(name) > 1:
            raise ArgumentError(f"site: {name!r} is named twice")
    return profiles


def plan(
    spider: str,
    *,
    url: str | None = None,
    site: str | None = None,
    profile: str | None = None,
    base_url: str | None = None,
    api_url: str | None = None,
    sections: str | None = None,
    since: str | None = None,
    until: str | None = None,
    default_site: str | None = None,
    sites_dir: str | None = None,
) -> list[SitePlan]:
    """The crawl's sites. ``base_url`` (a mirror or replica; a comma list, one per site in
    order) replaces where each site is fetched from; ``api_url``/``sections`` apply to a
    single site with a JSON API."""
    profiles = profiles_from(url=url, site=site, profile=profile, default_site=default_site, sites_dir=sites_dir)
    bases = [url_argument("base_url", b) for b in _split(base_url)] if base_url is not None else []
    if base_url is not None and not bases and base_url.strip():
        raise ArgumentError(f"base_url: expected an http(s) URL, got {base_url!r}")
    if len(bases) > len(profiles):
        raise ArgumentError(f"base_url: {len(bases)} URLs for {len(profiles)} site(s)")
    if (api_url is not None or sections is not None) and len(profiles) > 1:
        raise ArgumentError("api_url: applies to a crawl of one site")
    plans = []
    for n, site_profile in enumerate(profiles):
        fetch_base = site_profile.base_url
        if n < len(bases):
            site_profile, fetch_base = site_profile.with_mirror(bases[n]), bases[n]
        api = site_profile.discovery.api
        if api_url is None:
            api_base = api.url if api else None
        else:
            api_base = url_argument("api_url", api_url) if api_url.strip() else None
        since_at = date_argument("since", since, site_profile, end_of_day=False)
        until_at = date_argument("until", until, site_profile, end_of_day=True)
        if since_at and until_at and since_at > until_at:
            raise ArgumentError(f"since: {since!r} is after until={until!r}")
        plans.append(
            SitePlan(
                site_profile,
                fetch_base,
                api_url=api_base if api else None,
                sections=sections_argument(sections, site_profile),
                since=since_at,
                until=until_at,
            )
        )
    return plans
