"""Site profiles: what differs between news sites, as data (one JSON file per site).

A profile names the site's hosts, its article URL pattern, discovery endpoints, CSS
selectors for the current layout, containers to drop and exact boilerplate lines. Profiles
are package data read with :func:`pkgutil.get_data`, so they travel inside a Scrapyd egg.
"""

from __future__ import annotations

import json
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

PROFILE_NAMES = ("elaph",)


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of a site's current article layout."""

    headline: str
    body: str
    section: str | None = None
    authors: str | None = None
    tags: str | None = None
    main_image: str | None = None


@dataclass(frozen=True)
class ApiListing:
    """A paginated JSON listing API (``{"data": [...]}`` per page, empty past the end)."""

    listing_path: str
    sections: tuple[str, ...]
    url_field: str
    time_field: str | None = None
    max_pages: int = 500


@dataclass(frozen=True)
class SiteProfile:
    """Everything newscrawl knows about one site."""

    name: str
    site: str
    language: str
    timezone: str
    base_url: str
    hosts: tuple[str, ...]
    article_path: re.Pattern[str]
    selectors: Selectors
    api_url: str | None = None
    amp_prefix: str | None = None
    sitemaps: tuple[str, ...] = ()
    api: ApiListing | None = None
    section_names: dict[str, str] = field(default_factory=dict)
    drop_selectors: tuple[str, ...] = ()
    boilerplate_lines: tuple[str, ...] = ()
    comments_start: tuple[str, ...] = ()
    non_article_og_types: tuple[str, ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        """The zone of dates that the site writes without an offset."""
        return ZoneInfo(self.timezone)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteProfile:
        data = dict(data)
        data["article_path"] = re.compile(data["article_path"])
        data["selectors"] = Selectors(**data["selectors"])
        if data.get("api"):
            data["api"] = ApiListing(**{**data["api"], "sections": tuple(data["api"]["sections"])})
        for name in (
            "hosts",
            "sitemaps",
            "drop_selectors",
            "boilerplate_lines",
            "comments_start",
            "non_article_og_types",
        ):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)


@cache
def load_profile(name: str) -> SiteProfile:
    """The profile ``newscrawl/sites/<name>.json``; ``KeyError`` for an unknown name."""
    if name not in PROFILE_NAMES:
        raise KeyError(f"no site profile named {name!r} (known: {', '.join(PROFILE_NAMES)})")
    raw = pkgutil.get_data("newscrawl.sites", f"{name}.json")
    assert raw is not None
    return SiteProfile.from_dict(json.loads(raw))


def profile_for_host(host: str) -> SiteProfile | None:
    """The profile whose hosts include ``host`` (``www.`` ignored), if any."""
    host = host.lower().removeprefix("www.")
    for name in PROFILE_NAMES:
        profile = load_profile(name)
        if host in {h.removeprefix("www.") for h in profile.hosts}:
            return profile
    return None
