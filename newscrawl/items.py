"""The ``Article`` record: zyte-common-items' ``Article`` field names plus what Arabic news needs.

Every field is ``None`` (or an empty list) when the page does not give it. Dates are ISO
8601 strings with an offset. Text fields hold *display* text (see :mod:`newscrawl.text.arabic`):
the page's own words with invisible junk removed, no letter folding.
The JSON Schema of this record is ``newscrawl/schema/article.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    url: str | None = None
    """The URL the page was downloaded from (after redirects); may be a mirror's."""

    canonicalUrl: str | None = None
    """The article's non-AMP https URL on the site's own host, no query string or fragment
    (the page's ``<link rel=canonical>`` when it names the same article). One row per value."""

    articleId: str | None = None
    """The site's own article id as a string of digits (Elaph: the number in the URL,
    ``…/1578739.html`` → ``"1578739"``)."""

    site: str | None = None
    """The site's registrable host, e.g. ``"elaph.com"``."""

    headline: str | None = None
    """The headline, display-cleaned, on one line."""

    description: str | None = None
    """The page's own summary (JSON-LD ``description``, ``og:description`` or
    ``<meta name=description>``), display-cleaned."""

    articleBody: str | None = None
    """The article's paragraphs in page order, display-cleaned, one paragraph per line,
    ``\\n``-separated, no empty lines. No headline, captions, promos, related links, ads,
    reader comments or footers; a dateline opening the first paragraph is kept."""

    datePublished: str | None = None
    """Publication time, ISO 8601 with offset (``2025-11-28T10:15:00+03:00``), or the date
    alone (``2025-11-28``) when the page gives only the day (``أمس``, ``20 يناير 2016``, a
    date-only JSON-LD value): a day is never written as a midnight that looks exact. Taken
    from JSON-LD, then ``article:published_time``/``itemprop``, then the discovery source
    (news sitemap, API), then visible text (Arabic dates of any region, Hijri, relative
    times counted from ``dateDownloaded``); a text that is not understood whole is refused,
    not half-read. A value the page gives without offset is read in the site profile's zone
    (Elaph: Europe/London; UTC for a site without a profile); a date alone is that day there."""

    datePublishedRaw: str | None = None
    """The publication date exactly as the page (or the discovery source) wrote it."""

    dateModified: str | None = None
    """Last modification time, ISO 8601 with offset or a date alone (same rules as
    ``datePublished``)."""

    dateModifiedRaw: str | None = None
    """The modification date exactly as the page wrote it."""

    authors: list[dict[str, str]] = field(default_factory=list)
    """Persons who wrote the article, ``[{"name": "…"}]`` in page order, display-cleaned,
    no duplicates; organisations (the site itself) are not authors."""

    section: str | None = None
    """The site's section of the article in the site's language (``"أخبار"``)."""

    breadcrumbs: list[dict[str, str]] = field(default_factory=list)
    """The page's breadcrumb trail, ``[{"name": "…", "url": "…"}]`` (``url`` may be absent)."""

    tags: list[str] = field(default_factory=list)
    """Keywords/tags the page gives, display-cleaned, no duplicates, page order."""

    mainImage: dict[str, str] | None = None
    """The lead image, ``{"url": "https://…"}`` (absolute URL)."""

    images: list[dict[str, str]] = field(default_factory=list)
    """All article images, ``[{"url": "…"}]``, the main image first, no duplicates."""

    inLanguage: str | None = None
    """BCP 47 language of the article (``"ar"``)."""

    dateDownloaded: str | None = None
    """When the page was downloaded, ISO 8601 in UTC (``2026-12-01T18:56:59+00:00``)."""

    duplicateOf: str | None = None
    """``canonicalUrl`` of the original when this article is a near-duplicate of an earlier
    one (same story, another copy) and ``NEWSCRAWL_NEAR_DUPLICATES = "mark"``; else null."""

    version: int | None = None
    """The store's version of this text: 1 when first stored, one more each time a re-crawl
    or a re-extraction found another headline or body. A feed gets a line for each new
    version: upsert on ``canonicalUrl``, keeping the highest ``version``. Null without a
    store (``python -m newscrawl.extract``, ``scrapy parse``)."""


ARTICLE_FIELDS: tuple[str, ...] = tuple(Article.__dataclass_fields__)
