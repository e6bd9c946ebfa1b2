"""What every discovery reader returns: :class:`Link` (an absolute http(s) URL with the hints
its document gave), and :func:`resolve`, the one gate a URL found in a document goes through.

A document's link text is untrusted: relative paths, stray whitespace, HTML entities left in
by a careless generator, other schemes (``ftp:``, ``file:``, ``data:``, ``javascript:``),
malformed authorities (``http://[::1/``) and overlong values. :func:`resolve` turns the usable
ones into absolute http(s) URLs and answers ``None`` for the rest, so a reader can skip and count
one bad entry and go on with the next; it never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit, urlunsplit

SOURCES = ("sitemap", "news_sitemap", "feed", "listing", "api")
MAX_URL_LENGTH = 2048
WEB_SCHEMES = ("http", "https")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# WHATWG URL parsing removes ASCII tab and newline anywhere in a URL.
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# Only complete references ("&amp;", "&#38;"): "&copy=2" in a query string is not "©=2".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Characters that cannot be in a host name, and what a broken decoder leaves behind.
_BAD_HOST = re.compile(r"[\s<>\"'{}|\\^`%@\[\]]")
_BAD_ANYWHERE = re.compile(r"[\x00-\x1f\x7f\ufffd]")
# Stripped from both ends: whitespace and the invisible marks copied along with links.
_EDGE = " \t\n\r\f\v\u00a0\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"


@dataclass(frozen=True, slots=True)
class Link:
    """A link a discovery document gave, with the hints it gave along.

    ``url`` is absolute http(s) (see :func:`resolve`); ``source`` one of :data:`SOURCES`;
    ``title`` the headline the document gave (sitemap ``news:title``, feed item title, link
    text, API title), display text; ``published``/``modified`` the dates exactly as the
    document wrote them (RFC 822, ISO 8601, a Unix time…): the spider reads them with the
    site's time zone.
    """

    url: str
    source: str
    title: str | None = None
    published: str | None = None
    modified: str | None = None


def resolve(href: str, base: str) -> str | None:
    """The absolute http(s) URL of ``href`` found in a document at ``base``, or ``None``.

    Whitespace at the ends, tabs and newlines inside and HTML entities are removed, a relative
    link is resolved against ``base``, the fragment (never sent to a server) is dropped.
    ``None`` for another scheme, an empty or malformed host or port, a URL longer than
    :data:`MAX_URL_LENGTH`, or anything that does not parse. Never raises.

    >>> resolve(" /news/2025/11/1.html ", "https://example.com/sitemap.xml")
    'https://example.com/news/2025/11/1.html'
    >>> resolve("details.aspx?id=5&amp;print=1#top", "http://example.com/news/")
    'http://example.com/news/details.aspx?id=5&print=1'
    >>> [resolve(h, "https://example.com/") for h in ("ftp://example.com/a", "http://[::1/a", "javascript:void(0)")]
    [None, None, None]
    """
    if not isinstance(href, str) or not isinstance(base, str):
        return None
    text = _TAB_NEWLINE.sub("", href.strip(_EDGE))
    if "&" in text:
        text = _ENTITY.sub(lambda match: unescape(match.group()), text).strip(_EDGE)
    if not text or len(text) > MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(text if _SCHEME.match(text) else urljoin(base, text))
        # .port raises ValueError for a port that is not a number in range.
        if parts.scheme.lower() not in WEB_SCHEMES or parts.port == 0:
            return None
        host = parts.hostname
    except ValueError:
        return None
    if not host or _BAD_HOST.search(host):
        return None
    url = urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))
    if len(url) > MAX_URL_LENGTH or _BAD_ANYWHERE.search(url):
        return None
    return url


def host_key(host: str) -> str:
    """A host name compared with another: lower case, without ``www.`` or a trailing dot.

    >>> host_key("WWW.Example.com.")
    'example.com'
    """
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def on_hosts(url: str, hosts: frozenset[str]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` (already :func:`host_key`-ed).

    >>> on_hosts("https://www.example.com/a", frozenset({"example.com"}))
    True
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return bool(host) and host_key(host) in hosts


def host_keys(hosts: Iterable[str]) -> frozenset[str]:
    """:func:`host_key` of each of ``hosts``: names (``example.com``) or ``host:port`` pairs.

    >>> sorted(host_keys(["www.example.com", "127.0.0.1:8080"]))
    ['127.0.0.1', 'example.com']
    """
    keys = set()
    for host in hosts:
        try:
            name = urlsplit(f"//{host.strip()}").hostname
        except ValueError:
            continue
        if name:
            keys.add(host_key(name))
    return frozenset(keys)
