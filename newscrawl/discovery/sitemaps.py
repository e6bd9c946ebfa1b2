"""Sitemaps: one fetched sitemap document → :class:`SitemapPage` (:func:`read_sitemap`), and the
dates a dated sitemap's name covers (:func:`sitemap_date_range`).

The shapes found in the wild, each read the same streaming way (:mod:`.xmlstream`: gzip with
a bound, entities never expanded, namespaces and case ignored, broken XML read up to the
break): a sitemap index (its children, with ``lastmod``), a URL set (``loc``, ``lastmod``), a
Google News sitemap (``news:title``, ``news:publication_date`` kept), a plain-text sitemap (one
URL a line), and an RSS/Atom/RDF feed served as a sitemap (read by :mod:`.feeds`). Every entry
whose location is not a usable http(s) URL is skipped and counted, and the entries after it
are read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from newscrawl.discovery import feeds
from newscrawl.discovery.links import Link, resolve
from newscrawl.discovery.markup import display_text
from newscrawl.discovery.xmlstream import Collector, ReadState, decoded_chunks, local_name, text_lines, xml_entries

# The sitemaps.org limits of one file: 50,000 URLs, 50 MB uncompressed.
MAX_ENTRIES = 50_000
MAX_BYTES = 50 * 1024 * 1024
# Root element -> the entry element it holds.
ENTRY_OF_ROOT = {"sitemapindex": "sitemap", "urlset": "url"}
FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_ENTRIES = frozenset(ENTRY_OF_ROOT.values())


@dataclass(frozen=True, slots=True)
class SitemapPage:
    """What one sitemap document gave.

    ``kind``: ``"sitemapindex"``, ``"urlset"``, ``"text"`` (one URL a line), ``"rss"``/
    ``"atom"``/``"rdf"`` (a feed served as a sitemap) or ``"unknown"`` (not a sitemap).
    ``children``: the child sitemaps of an index, ``modified`` their ``lastmod``.
    ``links``: the pages of a URL set; ``source`` ``"news_sitemap"`` for an entry with
    ``news:`` fields (``title``, ``published``), else ``"sitemap"``; ``modified`` the ``lastmod``.
    ``bad_urls``: entries skipped because their location is no usable http(s) URL.
    ``truncated``: the document was not read to its end — more than ``max_entries`` entries
    (``dropped`` of them read and not kept) or more than ``max_bytes`` bytes.
    ``error``: why the document stopped being readable (broken XML, cut gzip data); the
    entries before that point are kept.
    """

    kind: str
    children: tuple[Link, ...] = ()
    links: tuple[Link, ...] = ()
    bad_urls: int = 0
    truncated: bool = False
    dropped: int = 0
    error: str | None = None


def read_sitemap(body: bytes, url: str, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> SitemapPage:
    """Read one sitemap document fetched from ``url`` (relative locations resolve against it).

    >>> page = read_sitemap(b"<urlset><url><loc>/a-1.html</loc><lastmod>2025-11-28</lastmod></url>"
    ...                     b"<url><loc>ftp://example.com/x</loc></url></urlset>", "https://example.com/s.xml")
    >>> page.kind, [(link.url, link.source, link.modified) for link in page.links], page.bad_urls
    ('urlset', [('https://example.com/a-1.html', 'sitemap', '2025-11-28')], 1)
    """
    if _is_text(body, max_bytes):
        return _read_text(body, url, max_entries=max_entries, max_bytes=max_bytes)
    state = ReadState()
    entries = xml_entries(body, _ENTRIES, max_bytes=max_bytes, state=state)
    collected = Collector(max_entries)
    kind = "unknown"
    for event, name, element in entries:
        if event == "root":
            if name in FEED_ROOTS:
                entries.close()
                return _from_feed(feeds.read_feed(body, url, max_entries=max_entries, max_bytes=max_bytes))
            if name not in ENTRY_OF_ROOT:
                entries.close()
                return SitemapPage("unknown")
            kind = name
        elif name == ENTRY_OF_ROOT[kind] and collected.has_room():
            collected.add(_entry(element, url, kind))
    if kind == "unknown":
        return SitemapPage("unknown", error=state.error)
    links = tuple(collected.links)
    return SitemapPage(
        kind,
        children=links if kind == "sitemapindex" else (),
        links=links if kind == "urlset" else (),
        **collected.outcome(state),
    )


def _entry(element: etree._Element, url: str, kind: str) -> Link | None:
    """The link of one ``<url>`` or ``<sitemap>``: its direct children only (an
    ``image:loc`` or ``image:title`` further down is not the page's)."""
    fields: dict[str, str] = {}
    news: etree._Element | None = None
    for child in element:
        name = local_name(child.tag)
        if name == "news":
            news = child if news is None else news
        elif name in ("loc", "lastmod") and name not in fields and child.text and child.text.strip():
            fields[name] = child.text.strip()
    location = resolve(fields.get("loc", ""), url)
    if location is None:
        return None
    title = published = None
    if news is not None and kind == "urlset":
        for child in news:
            name = local_name(child.tag)
            if name == "title" and title is None:
                title = display_text("".join(child.itertext()))
            elif name == "publication_date" and published is None and child.text and child.text.strip():
                published = child.text.strip()
    return Link(
        location,
        "news_sitemap" if (title or published) else "sitemap",
        title=title,
        published=published,
        modified=fields.get("lastmod"),
    )


def _is_text(body: bytes, max_bytes: int) -> bool:
    """Whether the document is a plain-text sitemap: it starts with an http(s) URL."""
    head = next(decoded_chunks(body, min(max_bytes, 4096), ReadState()), "")
    return head.lstrip("\ufeff \t\r\n")[:8].lower().startswith(("http://", "https://"))


def _read_text(body: bytes, url: str, *, max_entries: int, max_bytes: int) -> SitemapPage:
    state = ReadState()
    collected = Collector(max_entries)
    for line in text_lines(body, max_bytes, state):
        if collected.has_room():
            location = resolve(line, url)
            collected.add(Link(location, "sitemap") if location else None)
    return SitemapPage("text", links=tuple(collected.links), **collected.outcome(state))


def _from_feed(feed: feeds.FeedPage) -> SitemapPage:
    return SitemapPage(
        feed.kind,
        links=feed.links,
        bad_urls=feed.bad_urls,
        truncated=feed.truncated,
        dropped=feed.dropped,
        error=feed.error,
    )


# -- the dates in a sitemap's name ---------------------------------------------------------

# Year, month and maybe day, separated by - _ / or . ("2025-11", "2025/11/28", "2025_11_28").
_SEPARATED_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_/.]([01]?[0-9])(?:[-_/.]([0-3]?[0-9]))?(?![0-9])")
# Eight digits that make a valid date ("20251128").
_COMPACT_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9])")
# Query keys of the date parts (?yyyy=2025&mm=11&dd=28, ?year=2025&month=11).
YEAR_KEYS = ("yyyy", "year", "y")
MONTH_KEYS = ("mm", "month", "m")
DAY_KEYS = ("dd", "day", "d")
DATE_KEYS = ("date",)


def sitemap_date_range(url: str) -> tuple[date, date] | None:
    """The first and last day a dated or daily sitemap covers, read from its name alone, or
    ``None`` when the name holds no (valid) date. A name with a year only is not read as a
    date (``sitemap-2021.xml`` may be page 2021), unless a query key names it a year.

    >>> sitemap_date_range("https://example.com/post-sitemap-2025-11-28.xml")
    (datetime.date(2025, 11, 28), datetime.date(2025, 11, 28))
    >>> sitemap_date_range("https://example.com/sitemap/2025/11.xml.gz")
    (datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
    >>> sitemap_date_range("https://example.com/sitemap.xml?yyyy=2025&mm=2") is None, sitemap_date_range("/s-3.xml")
    (False, None)
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    query = {key.lower(): value.strip() for key, value in parse_qsl(parts.query)}
    found = _query_range(query)
    if found:
        return found
    path = unquote(parts.path)
    for pattern in (_COMPACT_DATE, _SEPARATED_DATE):
        for match in reversed(list(pattern.finditer(path))):
            found = _range(match[1], match[2], match[3])
            if found:
                return found
    return None


def _query_range(query: dict[str, str]) -> tuple[date, date] | None:
    for key in DATE_KEYS:
        value = query.get(key, "")
        match = _SEPARATED_DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
        if match:
            return _range(match[1], match[2], match[3])
    year = next((query[k] for k in YEAR_KEYS if query.get(k, "").isdigit()), None)
    if year is None or len(year) != 4:
        return None
    month = next((query[k] for k in MONTH_KEYS if query.get(k, "").isdigit()), None)
    day = next((query[k] for k in DAY_KEYS if query.get(k, "").isdigit()), None) if month else None
    if month is None:
        return _range(year, "1", None, whole_year=True)
    return _range(year, month, day)


def _range(year: str, month: str, day: str | None, whole_year: bool = False) -> tuple[date, date] | None:
    try:
        first = date(int(year), int(month), int(day) if day else 1)
    except ValueError:
        return None
    if day:
        return first, first
    if whole_year:
        return first, date(first.year, 12, 31)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
