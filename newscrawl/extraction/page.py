"""Turn one downloaded page into an ``Article`` (or a reason to skip it).

Precedence, field by field: the site profile's selectors for the current layout, then the
page's structured metadata (JSON-LD, ``og:``/``article:*`` meta), then what discovery said
(news sitemap title and date, API time), then visible text. When the profile's body
selector does not match, the body comes from generic extraction and the result says so
(``fallback``), so that a layout change is counted. Either way the body is read as blocks
and its furniture removed by structure (:mod:`newscrawl.extraction.boilerplate`) before the
loader's text rules; each removal keeps its reason (``removed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from scrapy.http import TextResponse
from scrapy.selector import Selector

from newscrawl.extraction.blocks import region_blocks
from newscrawl.extraction.boilerplate import BoilerplateRules, structural_filter
from newscrawl.extraction.generic import choose_headline, generic_paragraphs
from newscrawl.extraction.loaders import ArticleLoader
from newscrawl.extraction.metadata import PageMetadata, page_script, read_metadata
from newscrawl.items import Article
from newscrawl.sites import SiteProfile
from newscrawl.text.dates import parse_date, to_iso
from newscrawl.urls import ArticleUrl, parse_article_url

# Visible dates, tried when structured metadata has none: <time>, elements whose class
# says date/time, then short text lines after the headline that hold a year.
VISIBLE_DATE_XPATHS = (
    "//time/@datetime",
    "//time//text()",
    "//*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
    " or contains(@class, 'created')]//text()",
)
TEXT_AFTER_HEADLINE = "(//h1)[1]/following::text()[not(ancestor::script or ancestor::style)][position() <= 400]"
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|[١۱][٩۹][٠-٩۰-۹]{2}|[٢۲][٠۰][٠-٩۰-۹]{2}|1[34]\d\d")
MAX_DATE_LINE_WORDS = 25
MIN_BODY_WORDS = 10


@dataclass(frozen=True)
class DiscoveryHints:
    """What the discovery source said about the article before it was downloaded."""

    source: str = "unknown"
    headline: str | None = None
    published: str | None = None  # raw value as the source wrote it
    published_at: datetime | None = None


@dataclass
class PageResult:
    """An article, or the reason the page yields none (``skip``)."""

    article: Article | None = None
    skip: str | None = None
    fallback: bool = False
    removed: list[tuple[str, str]] = field(default_factory=list)
    body_from: str = "site selectors"  # or which vote of generic extraction gave the body


def _first(values: list[str]) -> str | None:
    return next((v for v in values if v and v.strip()), None)


def _visible_dates(sel: Selector) -> list[str]:
    """Date-looking visible text: tagged dates first, then short lines after the ``<h1>``
    (a header clock before the headline is not the article's date)."""
    tagged = [v for xpath in VISIBLE_DATE_XPATHS for v in sel.xpath(xpath).getall()]
    lines = [t for t in sel.xpath(TEXT_AFTER_HEADLINE).getall() if len(t.split()) <= MAX_DATE_LINE_WORDS]
    return [v for v in (*tagged, *lines) if YEAR_RE.search(v)]


def _date(candidates: list[str], tz: tzinfo, now: datetime | None = None) -> tuple[str | None, str | None]:
    """The first candidate that parses: (raw, ISO 8601 with offset)."""
    for raw in candidates:
        parsed = parse_date(raw, tz, now)
        if parsed:
            return raw.strip(), to_iso(parsed)
    return None, None


def parse_article_page(
    response: TextResponse,
    profile: SiteProfile | None,
    *,
    article_url: ArticleUrl | None = None,
    hints: DiscoveryHints | None = None,
    downloaded_at: datetime,
    min_body_words: int = MIN_BODY_WORDS,
) -> PageResult:
    """Parse ``response``; never raises for odd pages (they come back with ``skip``)."""
    hints = hints or DiscoveryHints()
    if profile and article_url is None:
        article_url = parse_article_url(response.url, profile)
    # Not response.selector: that caches the tree on the response, which the scraper keeps
    # until the item is committed; this tree is freed when the page is parsed.
    sel = Selector(response=response)
    meta = read_metadata(sel)
    non_article_types = profile.non_article_og_types if profile else ("video", "video.other", "gallery")
    if meta.og_type and meta.og_type.lower() in non_article_types:
        return PageResult(skip=f"non_article/{meta.og_type.lower().split('.')[0]}")

    tz = profile.tz if profile else ZoneInfo("UTC")
    rules = BoilerplateRules.for_site(
        profile.boilerplate_lines if profile else (), profile.comments_start if profile else ()
    )
    loader = ArticleLoader(boilerplate=rules)

    # Site selectors (read everything before the body's boilerplate containers are dropped).
    site_headline: list[str] = []
    site_fields: dict[str, list[str]] = {"section": [], "authors": [], "tags": [], "main_image": []}
    container = None
    if profile:
        s = profile.selectors
        site_headline = [" ".join(h.xpath(".//text()").getall()) for h in sel.css(s.headline)]
        for name in site_fields:
            query = getattr(s, name)
            site_fields[name] = sel.css(query).getall() if query else []
        bodies = sel.css(s.body)
        container = bodies[0] if bodies else None

    h1_texts = [" ".join(h.xpath(".//text()").getall()) for h in sel.css("h1")]
    title = _first(sel.css("title::text").getall())
    headline = _first(site_headline)
    if not headline:
        headline = choose_headline(h1_texts, meta.headline, title, page_script(sel)) or hints.headline
    loader.add_value("headline", headline)
    loader.context["headline"] = headline

    fallback = container is None
    body_from = "site selectors"
    if container is not None:
        queries = profile.drop_selectors if profile else ()
        drop = frozenset(found.root for query in queries for found in container.css(query))
        structure = structural_filter(region_blocks(container.root, drop), headline)
    else:
        structure = generic_paragraphs(
            sel,
            meta.body,
            page_html=response.text,
            url=response.url,
            description=_first(meta.description),
            headline=headline,
        )
        body_from = structure.path

    loader.add_value("articleBody", structure.kept)
    removed = [*structure.removed, *loader.context.get("removed", [])]
    body = loader.get_output_value("articleBody")
    if not body:
        return PageResult(skip="empty_body", fallback=fallback, removed=removed, body_from=body_from)
    if len(body.split()) < min_body_words:
        return PageResult(skip="short_body", fallback=fallback, removed=removed, body_from=body_from)
    if not loader.get_output_value("headline"):
        return PageResult(skip="no_headline", fallback=fallback, removed=removed, body_from=body_from)

    loader.add_value("url", response.url)
    canonical, article_id = _canonical(response, meta, profile, article_url)
    loader.add_value("canonicalUrl", canonical)
    loader.add_value("articleId", article_id)
    loader.add_value("site", profile.site if profile else None)
    loader.add_value("description", _first(meta.description))

    discovered = [hints.published] if hints.published else []
    raw, iso = _date([*meta.published, *discovered], tz)
    if iso is None:
        raw, iso = _date(_visible_dates(sel), tz, downloaded_at)
    if iso is None and hints.published_at:
        raw, iso = hints.published, to_iso(hints.published_at)
    loader.add_value("datePublishedRaw", raw)
    loader.add_value("datePublished", iso)
    raw, iso = _date(meta.modified, tz)
    loader.add_value("dateModifiedRaw", raw)
    loader.add_value("dateModified", iso)

    authors = [a for a in [*meta.authors, *site_fields["authors"]] if a.strip() != meta.site_name]
    loader.add_value("authors", authors or structure.authors)
    section = _first(site_fields["section"]) or _first(meta.section)
    if not section and profile and article_url:
        section = profile.section_names.get(article_url.section)
    loader.add_value("section", section)
    loader.add_value("breadcrumbs", meta.breadcrumbs)
    loader.add_value("tags", [*meta.tags, *site_fields["tags"]])
    images = [response.urljoin(u) for u in [*site_fields["main_image"], *meta.images]]
    loader.add_value("mainImage", images)
    loader.add_value("images", images)
    language = (meta.language or (profile.language if profile else "")).split("-")[0].lower()
    loader.add_value("inLanguage", language or None)
    loader.add_value("dateDownloaded", to_iso(downloaded_at))
    return PageResult(article=loader.load_item(), fallback=fallback, removed=removed, body_from=body_from)


def _canonical(
    response: TextResponse, meta: PageMetadata, profile: SiteProfile | None, article_url: ArticleUrl | None
) -> tuple[str, str | None]:
    """``canonicalUrl`` and ``articleId``: the page's own canonical link when it names the
    same article, else the downloaded URL, both on the site's own https host."""
    if profile is None:
        return response.urljoin(meta.canonical) if meta.canonical else response.url, None
    if meta.canonical:
        declared = parse_article_url(response.urljoin(meta.canonical), profile)
        if declared and (article_url is None or declared.article_id == article_url.article_id):
            article_url = declared
    if article_url is None:
        return response.url, None
    return article_url.canonical_url(profile), article_url.article_id
