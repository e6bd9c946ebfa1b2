"""Article URLs: recognise a site's article links and collapse their variants to one key.

AMP copies (``/amp/Web/…``), query strings (``utm_*``, ``fbclid``…), ``http``/``www``
variants and zero-padded months all name the same article; its key is the site's numeric
article id, and its ``canonicalUrl`` is the non-AMP https URL on the site's own host. The
query string of an article link is dropped: article pages need none.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from newscrawl.sites import SiteProfile


@dataclass(frozen=True)
class ArticleUrl:
    """An article link resolved against a site profile."""

    article_id: str
    path: str  # non-AMP path, as the site wrote it (month padding kept)
    section: str  # URL section segment, e.g. "News"; "" when the pattern names none

    def fetch_url(self, base_url: str) -> str:
        """The URL to download: the non-AMP page on ``base_url`` (the site or a mirror)."""
        return base_url.rstrip("/") + self.path

    def canonical_url(self, profile: SiteProfile) -> str:
        """The non-AMP https URL on the site's own host."""
        return profile.base_url.rstrip("/") + self.path


def parse_article_url(url: str, profile: SiteProfile, base_url: str | None = None) -> ArticleUrl | None:
    """Resolve ``url`` (absolute, or relative to ``base_url``) to an article, or ``None`` when
    it is not an article link of this site."""
    if base_url:
        url = urljoin(base_url.rstrip("/") + "/", url)
    parts = urlsplit(url)
    match = profile.article_pattern.search(parts.path) if profile.article_pattern else None
    if not match:
        return None
    path = parts.path
    if profile.amp_prefix and path.startswith(profile.amp_prefix + "/"):
        path = path[len(profile.amp_prefix) :]
    return ArticleUrl(article_id=match["id"], path=path, section=match.groupdict().get("section") or "")


def rebase(url: str, profile: SiteProfile, base_url: str) -> str:
    """Point a URL on the site's own hosts at ``base_url`` (a mirror or local replica);
    other URLs are returned unchanged."""
    parts = urlsplit(url)
    if parts.hostname and parts.hostname.lower() in profile.hosts:
        base = urlsplit(base_url)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
    return url
