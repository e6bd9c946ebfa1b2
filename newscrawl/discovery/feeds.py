"""Feeds: one fetched RSS, RDF or Atom document → :class:`FeedPage` (:func:`read_feed`); the
feeds an HTML page advertises (:func:`advertised_feeds`); the usual feed paths
(:data:`FEED_PATHS`).

Read the streaming way of :mod:`.xmlstream` (bounded, entities never expanded, namespaces and
case ignored, a broken feed read up to the break). Per item:

- the link: FeedBurner's ``origLink`` (the site's own URL behind a redirector), else the
  ``alternate`` link (RSS ``<link>`` text, Atom ``<link rel="alternate" href>``, HTML type
  first), else a permalink ``<guid>``, else an Atom ``<id>`` that is a URL, else the first
  link that is no enclosure, self or edit link; relative links resolve against ``xml:base``
  and the feed's URL;
- the title, as display text (CDATA, escaped HTML and entities undone);
- the dates exactly as written: published from :data:`PUBLISHED_FIELDS` (RSS ``pubDate``,
  Atom ``published``/``issued``, ``dc:date``), modified from :data:`MODIFIED_FIELDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from newscrawl.discovery.links import Link, resolve
from newscrawl.discovery.markup import display_text, document_base, parse_html
from newscrawl.discovery.xmlstream import Collector, ReadState, local_name, xml_entries

# Paths tried on a site whose pages advertise no feed (each costs a request: keep it short).
FEED_PATHS = ("/feed/", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
# <link rel="alternate" type=…> values of a feed an HTML page advertises.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
MAX_ADVERTISED = 20
MAX_ENTRIES = 10_000
MAX_BYTES = 20 * 1024 * 1024
# Root element -> (kind, entry element).
KIND_OF_ROOT = {"rss": ("rss", "item"), "channel": ("rss", "item"), "rdf": ("rdf", "item"), "feed": ("atom", "entry")}
# Item fields by priority (local names, lower case).
PUBLISHED_FIELDS = ("pubdate", "published", "issued", "date", "created")
MODIFIED_FIELDS = ("updated", "modified")
# Links that never point at the item's page.
NOT_PAGE_RELS = ("enclosure", "self", "edit", "edit-media", "replies", "license", "related", "via")
ORIGINAL_LINK_FIELDS = ("origlink",)
HTML_TYPES = ("", "text/html", "application/xhtml+xml")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_ENTRIES = frozenset({"item", "entry"})


@dataclass(frozen=True, slots=True)
class FeedPage:
    """What one feed gave: ``kind`` ``"rss"`` (RSS 0.9x/2.0), ``"rdf"`` (RSS 1.0), ``"atom"``
    (0.3/1.0) or ``"unknown"``; ``links`` of source ``"feed"``; ``bad_urls`` items skipped for
    having no usable http(s) link; ``truncated``/``dropped``/``error`` as for a sitemap
    (:class:`~newscrawl.discovery.sitemaps.SitemapPage`)."""

    kind: str
    links: tuple[Link, ...] = ()
    bad_urls: int = 0
    truncated: bool = False
    dropped: int = 0
    error: str | None = None


def read_feed(body: bytes, url: str, *, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> FeedPage:
    """Read one feed fetched from ``url``.

    >>> page = read_feed(b"<rss version='2.0'><channel><item><title><![CDATA[Gaza &amp; truce]]></title>"
    ...                  b"<link>/news/1234.html</link><pubDate>Fri, 28 Nov 2025 10:15:00 +0300</pubDate>"
    ...                  b"</item></channel></rss>", "https://example.com/rss")
    >>> page.kind, [(link.url, link.title, link.published) for link in page.links]
    ('rss', [('https://example.com/news/1234.html', 'Gaza & truce', 'Fri, 28 Nov 2025 10:15:00 +0300')])
    """
    state = ReadState()
    entries = xml_entries(body, _ENTRIES, max_bytes=max_bytes, state=state)
    collected = Collector(max_entries)
    kind, entry_name, base = "unknown", "", url
    for event, name, element in entries:
        if event == "root":
            if name not in KIND_OF_ROOT:
                entries.close()
                return FeedPage("unknown")
            kind, entry_name = KIND_OF_ROOT[name]
            base = _base(element, url)
        elif name == entry_name and collected.has_room():
            collected.add(_item(element, base))
    if not entry_name:
        return FeedPage("unknown", error=state.error)
    return FeedPage(kind, links=tuple(collected.links), **collected.outcome(state))


def _base(element: etree._Element, base: str) -> str:
    """``base`` updated by the element's ``xml:base``."""
    declared = element.get(XML_BASE)
    return urljoin(base, declared.strip()) if declared and declared.strip() else base


def _item(entry: etree._Element, base: str) -> Link | None:
    base = _base(entry, base)
    titles: list[etree._Element] = []
    dates: dict[str, str] = {}
    alternates: list[tuple[bool, str]] = []  # (of an HTML type, URL)
    original = permalink = atom_id = other = None
    for child in entry:
        name = local_name(child.tag)
        text = (child.text or "").strip()
        if name == "title":
            titles.append(child)
        elif name in PUBLISHED_FIELDS or name in MODIFIED_FIELDS:
            if text:
                dates.setdefault(name, text)
        elif name == "link":
            rel = (child.get("rel") or "alternate").strip().lower()
            href = (child.get("href") or text).strip()
            if not href:
                continue
            url = resolve(href, _base(child, base))
            if rel == "alternate" and url:
                kind = (child.get("type") or "").split(";")[0].strip().lower()
                alternates.append((kind in HTML_TYPES, url))
            elif other is None and rel not in NOT_PAGE_RELS:
                other = url
        elif name in ORIGINAL_LINK_FIELDS and original is None:
            original = resolve(text, base)
        elif name == "guid" and permalink is None and (child.get("isPermaLink") or "true").lower() != "false":
            permalink = resolve(text, base) if text.lower().startswith(("http://", "https://")) else None
        elif name == "id" and atom_id is None and text.lower().startswith(("http://", "https://")):
            atom_id = resolve(text, base)
    alternates.sort(key=lambda pair: not pair[0])  # HTML first, stable otherwise
    url = original or (alternates[0][1] if alternates else None) or permalink or atom_id or other
    if url is None:
        return None
    return Link(
        url,
        "feed",
        title=_title(titles, entry),
        published=next((dates[f] for f in PUBLISHED_FIELDS if f in dates), None),
        modified=next((dates[f] for f in MODIFIED_FIELDS if f in dates), None),
    )


def _title(titles: list[etree._Element], entry: etree._Element) -> str | None:
    """The item's own title: one in the item's namespace before an extension's
    (``media:title`` names a picture)."""
    own = [t for t in titles if t.prefix == entry.prefix]
    for title in own or titles:
        text = display_text("".join(title.itertext()))
        if text:
            return text
    return None


def advertised_feeds(html: bytes | str, page_url: str) -> list[str]:
    """The feeds an HTML page advertises (``<link rel="alternate" type="application/rss+xml"
    href>``, Atom and RDF too), resolved, first seen first, at most :data:`MAX_ADVERTISED`.

    >>> advertised_feeds('<link rel="alternate" type="application/rss+xml" href="/feed/">', "https://example.com/")
    ['https://example.com/feed/']
    """
    root = parse_html(html)
    if root is None:
        return []
    base = document_base(root, page_url)
    found: list[str] = []
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        url = resolve(link.get("href") or "", base)
        if url and url not in found:
            found.append(url)
            if len(found) >= MAX_ADVERTISED:
                break
    return found
