"""Sitemap parsing that keeps Google News fields (Scrapy's ``Sitemap`` drops ``<news:news>``).

:func:`parse_sitemap` reads a sitemap index or a URL set (gzipped or not) into
:class:`SitemapEntry` records with ``lastmod``, ``news:publication_date`` and ``news:title``.
Namespaces are ignored (sites get them wrong); entities are not resolved.
"""

from __future__ import annotations

import gzip
import io
import logging
from dataclasses import dataclass

from lxml import etree

logger = logging.getLogger(__name__)
GZIP_MAGIC = b"\x1f\x8b"
_PARSER = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    news_title: str | None = None
    news_publication_date: str | None = None


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "sitemapindex", "urlset" or "unknown"
    entries: tuple[SitemapEntry, ...]


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element: etree._Element, name: str) -> str | None:
    """Text of the first direct child named ``name`` (any namespace)."""
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def sitemap_body(body: bytes, max_size: int = 0) -> bytes:
    """The XML of a sitemap response, gunzipped when it is gzip data (bounded by
    ``max_size`` bytes when non-zero; ``ValueError`` past it)."""
    if not body.startswith(GZIP_MAGIC):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(max_size + 1 if max_size else -1)
    if max_size and len(data) > max_size:
        raise ValueError(f"sitemap larger than {max_size} bytes once decompressed")
    return data


def parse_sitemap(body: bytes) -> Sitemap:
    """Parse sitemap XML; broken XML yields what could be recovered (maybe nothing)."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return Sitemap("unknown", ())
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        return Sitemap("unknown", ())
    entries = []
    for element in root:
        if _local(element.tag) not in ("sitemap", "url"):
            continue
        loc = _child_text(element, "loc")
        if not loc:
            continue
        news = next((child for child in element if _local(child.tag) == "news"), None)
        entries.append(
            SitemapEntry(
                loc=loc,
                lastmod=_child_text(element, "lastmod"),
                news_title=_child_text(news, "title") if news is not None else None,
                news_publication_date=_child_text(news, "publication_date") if news is not None else None,
            )
        )
    return Sitemap(kind, tuple(entries))
