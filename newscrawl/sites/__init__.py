"""Site profiles: what differs between news sites, as data (one JSON file per site).

A profile (format: ``profile.schema.json`` beside this module, validated when it is read)
names the site's hosts, where its articles are listed (sitemaps, feeds, listing pages, a
JSON API), what its article URLs look like, the CSS selectors of its current layout,
containers to drop and exact boilerplate lines, and (optionally) the site's own limits of
the crawl's health checks (``health``). Three places hold profiles, found by
scanning, never by a hand-kept list:

1. the package's own ``newscrawl/sites/*.json`` (read with :mod:`importlib.resources`, so
   they travel inside a Scrapyd egg);
2. a user's folder named by the setting ``NEWSCRAWL_SITES_DIR`` (a profile there replaces a
   packaged one of the same name);
3. a file named directly (``-a profile=./mysite.json``).

A site with no profile is crawled from its address alone: :func:`generic_profile`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema

PACKAGE = "newscrawl.sites"
SCHEMA_FILE = "profile.schema.json"
DEFAULT_NON_ARTICLE_TYPES = ("video", "video.other", "video.movie", "video.episode", "gallery", "profile")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of a site's current article layout (``body`` is required)."""

    body: str
    headline: str | None = None
    section: str | None = None
    authors: str | None = None
    tags: str | None = None
    main_image: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class ApiListing:
    """A paginated JSON listing API: ``url + listing_path`` per section and page."""

    url: str
    listing_path: str
    sections: tuple[str, ...]
    url_key: str
    rows_key: str = "data"
    title_key: str | None = None
    time_key: str | None = None
    first_page: int = 1
    max_pages: int = 500
    headers: tuple[tuple[str, str], ...] = ()

    def page_url(self, section: str, page: int, base: str | None = None) -> str:
        return (base or self.url).rstrip("/") + self.listing_path.format(section=section, page=page)


@dataclass(frozen=True)
class Discovery:
    """Where a site lists its articles, besides robots.txt's ``Sitemap:`` lines."""

    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    listing_depth: int = 5
    home_page: bool = True
    api: ApiListing | None = None


@dataclass(frozen=True)
class SiteProfile:
    """Everything newscrawl knows about one site (see ``profile.schema.json``)."""

    name: str
    site: str
    base_url: str
    hosts: tuple[str, ...]
    language: str | None = "ar"
    timezone: str = "UTC"
    aliases: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[str, ...] = ()
    verified: bool = False
    discovery: Discovery = field(default_factory=Discovery)
    article_pattern: re.Pattern[str] | None = None
    keep_params: tuple[str, ...] = ()
    amp_prefix: str | None = None
    selectors: Selectors | None = None
    drop_selectors: tuple[str, ...] = ()
    boilerplate_lines: tuple[str, ...] = ()
    comments_start: tuple[str, ...] = ()
    section_names: dict[str, str] = field(default_factory=dict)
    non_article_og_types: tuple[str, ...] = DEFAULT_NON_ARTICLE_TYPES
    non_article_paths: tuple[re.Pattern[str], ...] = ()
    health: dict[str, float] = field(default_factory=dict)  # the site's own health-check limits
    generic: bool = False  # made from an address alone, not read from a file
    origin: str = ""  # the file it was read from; for a generic profile, the address it was made from

    @property
    def tz(self) -> ZoneInfo:
        """The zone of dates that the site writes without an offset."""
        return ZoneInfo(self.timezone)

    def owns(self, host: str | None) -> bool:
        """Whether ``host`` is one of the site's hosts (``www.`` ignored)."""
        return bool(host) and _bare(host) in {_bare(h) for h in self.hosts}

    def with_mirror(self, mirror_url: str) -> SiteProfile:
        """The same site also served from ``mirror_url`` (a mirror or a local replica): its
        host becomes one of the site's hosts; records keep the site's own ``base_url``."""
        host = (urlsplit(mirror_url).hostname or "").lower()
        return self if host in self.hosts else replace(self, hosts=(*self.hosts, host))


def _bare(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


@cache
def _schema_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(resources.files(PACKAGE).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _field_path(error: jsonschema.ValidationError) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(top level)"


def parse_profile(data: Any, origin: str, default_name: str | None = None) -> SiteProfile:
    """A validated :class:`SiteProfile` from a profile's JSON value; :class:`ProfileError`
    naming ``origin`` and the field otherwise."""
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ProfileError(f"site profile {origin}: {_field_path(first)}: {first.message}{more}")

    def fail(where: str, message: str) -> ProfileError:
        return ProfileError(f"site profile {origin}: {where}: {message}")

    try:
        ZoneInfo(data.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise fail("timezone", f"unknown time zone {data['timezone']!r}") from error

    def regex(where: str, pattern: str) -> re.Pattern[str]:
        try:
            return re.compile(pattern)
        except re.error as error:
            raise fail(where, f"not a valid regular expression: {error}") from error

    discovery = dict(data.get("discovery", {}))
    api = discovery.pop("api", None)
    if api:
        api = dict(api)
        try:
            api["listing_path"].format(section="s", page=1)
        except (KeyError, IndexError, ValueError) as error:
            raise fail("discovery.api.listing_path", f"only {{section}} and {{page}} may be used ({error})") from error
        api = ApiListing(
            **{**api, "sections": tuple(api["sections"]), "headers": tuple(sorted(api.get("headers", {}).items()))}
        )
    for key in ("sitemaps", "feeds", "listings"):
        if key in discovery:
            discovery[key] = tuple(discovery[key])
    article = data.get("article", {})
    pattern = regex("article.url_pattern", article["url_pattern"]) if "url_pattern" in article else None
    if pattern is not None and "id" not in pattern.groupindex:
        raise fail("article.url_pattern", "needs a named group (?P<id>…): the article's key")
    hosts = tuple(h.lower() for h in data["hosts"])
    base_host = (urlsplit(data["base_url"]).hostname or "").lower()
    if base_host not in hosts:
        raise fail("base_url", f"its host {base_host!r} is not one of hosts {list(hosts)}")
    return SiteProfile(
        name=data.get("name") or default_name or data["site"],
        site=data["site"],
        base_url=data["base_url"].rstrip("/"),
        hosts=hosts,
        language=data.get("language", "ar"),
        timezone=data.get("timezone", "UTC"),
        aliases=tuple(data.get("aliases", ())),
        description=data.get("description", ""),
        sources=tuple(data.get("sources", ())),
        verified=data.get("verified", False),
        discovery=Discovery(**discovery, api=api),
        article_pattern=pattern,
        keep_params=tuple(article.get("keep_params", ())),
        amp_prefix=article.get("amp_prefix"),
        selectors=Selectors(**data["selectors"]) if "selectors" in data else None,
        drop_selectors=tuple(data.get("drop_selectors", ())),
        boilerplate_lines=tuple(data.get("boilerplate_lines", ())),
        comments_start=tuple(data.get("comments_start", ())),
        section_names=dict(data.get("section_names", {})),
        non_article_og_types=tuple(data.get("non_article_types", DEFAULT_NON_ARTICLE_TYPES)),
        non_article_paths=tuple(
            regex(f"non_article_paths.{n}", p) for n, p in enumerate(data.get("non_article_paths", ()))
        ),
        health=dict(data.get("health", {})),
        origin=origin,
    )


def read_profile_file(path: str | Path) -> SiteProfile:
    """The profile in the JSON file ``path`` (``-a profile=PATH``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"site profile {path}: cannot read it: {error.strerror or error}") from error
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ProfileError(f"site profile {path}: not valid JSON: {error}") from error
    return parse_profile(data, str(path), default_name=path.name.removesuffix(".json"))


@cache
def packaged_profiles() -> tuple[SiteProfile, ...]:
    """The profiles shipped in ``newscrawl/sites/``, by name."""
    found = []
    for entry in sorted(resources.files(PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json") and entry.name != SCHEMA_FILE:
            origin = f"newscrawl/sites/{entry.name}"
            try:
                data = json.loads(entry.read_text(encoding="utf-8"))
            except ValueError as error:
                raise ProfileError(f"site profile {origin}: not valid JSON: {error}") from error
            found.append(parse_profile(data, origin, default_name=entry.name.removesuffix(".json")))
    return tuple(found)


def user_profiles(folder: str | Path | None) -> tuple[SiteProfile, ...]:
    """The profiles in a user's folder (``NEWSCRAWL_SITES_DIR``); none when it is unset."""
    if not folder:
        return ()
    folder = Path(folder)
    if not folder.is_dir():
        raise ProfileError(f"NEWSCRAWL_SITES_DIR: {folder} is not a folder")
    return tuple(read_profile_file(path) for path in sorted(folder.glob("*.json")))


def all_profiles(sites_dir: str | Path | None = None) -> tuple[SiteProfile, ...]:
    """Every known profile; a user's profile replaces a packaged one of the same name."""
    by_name = {p.name: p for p in packaged_profiles()}
    by_name.update({p.name: p for p in user_profiles(sites_dir)})
    return tuple(by_name.values())


def _keys(profile: SiteProfile) -> set[str]:
    return {profile.name, profile.site, *profile.aliases}


def find_profile(key: str, sites_dir: str | Path | None = None) -> SiteProfile:
    """The profile named ``key`` (its name, site or an alias); ``KeyError`` naming the known
    ones otherwise."""
    profiles = all_profiles(sites_dir)
    for profile in profiles:
        if key in _keys(profile):
            return profile
    known = ", ".join(sorted(p.name for p in profiles))
    raise KeyError(f"no site profile named {key!r} (known: {known})")


def load_profile(name: str) -> SiteProfile:
    """A packaged profile by name (its name, site or an alias)."""
    return find_profile(name)


def profile_for_host(host: str, profiles: Iterable[SiteProfile] | None = None) -> SiteProfile | None:
    """The profile whose hosts include ``host`` (``www.`` ignored), if any. A host shared by
    several profiles (one site, several language sections) gives the first by name."""
    for profile in packaged_profiles() if profiles is None else profiles:
        if profile.owns(host):
            return profile
    return None


def generic_profile(url: str) -> SiteProfile:
    """A profile for a site known only by its address: its host and the ``www.`` twin,
    UTC for dates without an offset, the page's own language, no selectors."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    bare = _bare(host)
    twin = bare if host.startswith("www.") else f"www.{bare}"
    hosts = (host,) if _is_ip(host) or host == "localhost" else (host, twin)
    base = f"{parts.scheme}://{parts.netloc}"
    return SiteProfile(name=bare, site=bare, base_url=base, hosts=hosts, language=None, generic=True, origin=url)


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
