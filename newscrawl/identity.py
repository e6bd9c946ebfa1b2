"""Article identity: which URLs name the same article, and the one address it is stored under.

One article is reachable under many spellings: ``http``/``https``, ``www.`` or not, tracking
parameters (``utm_*``, ``fbclid``…), AMP copies (``/amp/…``, ``…/amp``, ``.amp.html``,
``amp.`` hosts, ``?amp=1``, ``outputType=amp``), print views (``print=1``), a zero-padded
month. :func:`normalize_url` removes every such variant by structure, for any site;
a site profile's ``article.url_pattern`` then says which normalised URLs are articles and
which part of them is the article's own key (``id``: a number in the path or the query, or
a slug). Without a pattern the normalised URL itself is the key.

:func:`identify` gives an :class:`ArticleIdentity`: the key used to download an article
once per crawl and to find it in the store, the URL to download and the ``canonicalUrl`` a
record is stored under (the site's own host, however the crawl reached it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from newscrawl.sites import SiteProfile

# Query parameters that never change what page is served: analytics and share tracking.
# Only names that are tracking on every site: dropping a parameter that names the article
# (``cid``, ``source``…) would merge two articles into one.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
        "ocid", "cmpid", "icid", "xtor", "ref", "ref_src", "_ga", "spm", "__twitter_impression", "fb_action_ids",
        "fb_action_types", "fb_source", "fb_ref",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "ns_", "at_", "pk_", "mtm_", "hsa_")
# Parameters that ask for another rendering of the same article (AMP, print); None: any value.
VARIANT_PARAMS: dict[str, frozenset[str] | None] = {
    "amp": None,
    "_amp": None,
    "outputtype": frozenset({"amp"}),
    "output": frozenset({"amp", "print"}),
    "print": None,
    "printable": None,
    "view": frozenset({"print", "amp"}),
    "mode": frozenset({"print", "amp"}),
    "format": frozenset({"amp", "print"}),
}
# A path segment that asks for a rendering, first (/amp/news/1) or last (/news/1/amp).
VARIANT_SEGMENTS = frozenset({"amp", "print"})
# Path endings of AMP copies: x.amp.html -> x.html, x.amp -> x.
VARIANT_SUFFIXES = ((".amp.html", ".html"), (".amp.htm", ".htm"), (".amp", ""))
VARIANT_HOST_PREFIXES = ("amp.", "m.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}
PADDED_NUMBER = re.compile(r"(?<=/)0+(\d)(?=/)")


def _bare(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


def _is_variant_param(name: str, value: str) -> bool:
    key = name.lower()
    if key not in VARIANT_PARAMS:
        return False
    values = VARIANT_PARAMS[key]
    return values is None or value.lower() in values


def _is_tracking_param(name: str) -> bool:
    key = name.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _clean_path(path: str) -> str:
    """The path without AMP/print renderings: ``/amp/x``, ``/x/amp``, ``/x.amp.html``."""
    lower = path.lower()
    for suffix, replacement in VARIANT_SUFFIXES:
        if lower.endswith(suffix) and len(path) > len(suffix) + 1:
            path = path[: -len(suffix)] + replacement
            break
    trailing = path.endswith("/")
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) > 1 and segments[0].lower() in VARIANT_SEGMENTS:
        segments.pop(0)
    if len(segments) > 1 and segments[-1].lower() in VARIANT_SEGMENTS:
        segments.pop()
        trailing = False
    return "/" + "/".join(segments) + ("/" if trailing and segments else "")


def unvariant_host(host: str) -> str:
    """``amp.example.com`` / ``m.example.com`` -> ``example.com`` (hosts of renderings)."""
    host = host.lower().rstrip(".")
    for prefix in VARIANT_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def _quote_path(path: str) -> str:
    """One spelling of a path: percent-encoded UTF-8, upper-case escapes, safe characters plain."""
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~")


def normalize_url(url: str, keep_params: tuple[str, ...] | None = None) -> str:
    """``url`` without the variants that name the same page: lower-case scheme and host,
    default port, fragment, tracking and rendering parameters, AMP/print path forms and
    ``amp.``/``m.`` host prefixes removed; the other parameters sorted (only ``keep_params``
    when given). The scheme and ``www.`` are kept: :func:`identity_key` ignores them.

    >>> normalize_url("HTTPS://WWW.Example.com:443/amp/news/1.html?utm_source=x&b=2&a=1#top")
    'https://www.example.com/news/1.html?a=1&b=2'
    >>> normalize_url("https://amp.example.com/news/x.amp.html?outputType=amp")
    'https://example.com/news/x.html'
    >>> normalize_url("http://example.com/details.aspx?print=1&id=7&x=2", keep_params=("id",))
    'http://example.com/details.aspx?id=7'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = unvariant_host(parts.hostname or "")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    params = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if keep_params is not None:
            if name in keep_params:
                params.append((name, value))
        elif not _is_tracking_param(name) and not _is_variant_param(name, value):
            params.append((name, value))
    query = urlencode(sorted(params), quote_via=quote)
    return urlunsplit((scheme, netloc, _quote_path(_clean_path(parts.path or "/")), query, ""))


def identity_key(normalized: str) -> str:
    """The key of a normalised URL: host without ``www.``, path without a trailing slash or
    zero-padded numbers, query — scheme ignored.

    >>> identity_key("https://www.example.com/2025/09/28/story/?id=1")
    'example.com/2025/9/28/story?id=1'
    """
    parts = urlsplit(normalized)
    path = PADDED_NUMBER.sub(r"\1", parts.path.rstrip("/") + "/").rstrip("/")
    host = _bare(parts.netloc)
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class ArticleIdentity:
    """An article link resolved for one site."""

    site: str  # the record's ``site`` (the profile's)
    key: str  # one value per article: "<site>:<id>" with a pattern, else the URL key
    article_id: str | None  # the site's own id (pattern's ``id`` group)
    path: str  # normalised path (+ ?kept query) as the site spells it
    section: str | None = None  # the pattern's ``section`` group

    def fetch_url(self, base_url: str) -> str:
        """The URL to download: this path on ``base_url`` (the site or a mirror)."""
        return base_url.rstrip("/") + self.path

    def canonical_url(self, profile: SiteProfile) -> str:
        """The URL on the site's own base (https when the site is https)."""
        return profile.base_url.rstrip("/") + self.path


def identify(url: str, profile: SiteProfile) -> ArticleIdentity | None:
    """The article ``url`` names on ``profile``'s site; ``None`` when it is not one of the
    site's article URLs (another host, or no match of the profile's pattern)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not (profile.owns(host) or profile.owns(unvariant_host(host))):
        return None
    # With a pattern, only the parameters the profile names are part of an article's address.
    keep = profile.keep_params if profile.article_pattern is not None else None
    normalized = urlsplit(normalize_url(url, keep))
    if profile.amp_prefix and normalized.path.startswith(profile.amp_prefix + "/"):
        normalized = normalized._replace(path=normalized.path[len(profile.amp_prefix) :])
    path = normalized.path + (f"?{normalized.query}" if normalized.query else "")
    if profile.article_pattern is None:
        if any(p.search(normalized.path) for p in profile.non_article_paths):
            return None
        return ArticleIdentity(profile.site, key=identity_key(normalized.geturl()), article_id=None, path=path)
    match = profile.article_pattern.search(unquote(path)) or profile.article_pattern.search(path)
    if not match:
        return None
    article_id = match["id"]
    section = match.groupdict().get("section")
    return ArticleIdentity(
        profile.site, key=f"{profile.site}:{article_id}", article_id=article_id, path=path, section=section
    )


def rebase(url: str, profile: SiteProfile, base_url: str) -> str:
    """Point a URL on the site's own hosts at ``base_url`` (a mirror or local replica);
    other URLs are returned unchanged."""
    parts = urlsplit(url)
    if profile.owns(parts.hostname):
        base = urlsplit(base_url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
    return url


def profile_for_url(url: str, profiles: tuple[SiteProfile, ...] | None = None) -> SiteProfile | None:
    """The profile of the site ``url`` belongs to: among the profiles owning its host, the
    one whose article pattern matches it (``www.bbc.com/arabic/…`` and another BBC
    language share one host), else the first by name."""
    from newscrawl.sites import packaged_profiles

    host = urlsplit(url).hostname or ""
    owners = [
        p
        for p in (packaged_profiles() if profiles is None else profiles)
        if p.owns(host) or p.owns(unvariant_host(host))
    ]
    for profile in owners:
        if profile.article_pattern is not None and identify(url, profile) is not None:
            return profile
    return owners[0] if owners else None
