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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from scrapy.http import TextResponse
from scrapy.selector import Selector

from newscrawl.extraction.blocks import region_blocks
from newscrawl.extraction.boilerplate import BoilerplateRules, structural_filter
from newscrawl.extraction.generic import choose_headline, generic_paragraphs
from newscrawl.extraction.loaders import ArticleLoader
from newscrawl.extraction.metadata import PageMetadata, page_script, read_metadata
from newscrawl.extraction.pagetype import non_article_reason
from newscrawl.identity import ArticleIdentity, identify, normalize_url
from newscrawl.items import Article
from newscrawl.settings import NEWSCRAWL_MIN_BODY_WORDS
from newscrawl.sites import SiteProfile
from newscrawl.text.dates import DAY_OR_FINER, read_date, to_iso

# Visible dates, tried when structured metadata has none: <time>, elements whose class
# says date/time, then short text lines after the headline that hold a year.
# Visible dates, tried when structured metadata has none: <time>, elements whose class says
# date/time, then short text lines — all after the headline's element when the page shows
# one (a header clock above the headline is today's date, not the article's).
VISIBLE_DATE_STEPS = (
    "time/@datetime",
    "time//text()",
    "*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'publish')"
    " or contains(@class, 'created')]//text()",
)
LINES_AFTER = "text()[not(ancestor::script or ancestor::style)][position() <= 400]"
YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|[١۱][٩۹][٠-٩۰-۹]{2}|[٢۲][٠۰][٠-٩۰-۹]{2}|1[34]\d\d")
MAX_DATE_LINE_WORDS = 25
# A short body must hold one sentence: a few short lines (promos, captions) are no article.
SHORT_BODY_WORDS = 30
SENTENCE_WORDS = 12


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
    # Why date texts of the page were refused (``unknown_token``, ``period_conflict``, …; see
    # newscrawl.text.dates), one entry per refused text; texts holding no date are not listed.
    date_rejections: list[str] = field(default_factory=list)
    body_from: str = "site selectors"  # or which vote of generic extraction gave the body
    truncated: bool = False  # the body was cut at ``max_body_chars``


def _first(values: list[str]) -> str | None:
    return next((v for v in values if v and v.strip()), None)


def _headline_element(sel: Selector, headline: str | None) -> str | None:
    """An XPath to the element that shows the headline: the first ``<h1>``, else the first
    element (not a link) whose whole text is the headline; ``None`` when the page shows none."""
    if sel.xpath("//h1"):
        return "(//h1)[1]"
    text = " ".join((headline or "").split())
    shown = "//body//*[not(ancestor-or-self::a) and normalize-space(.) = {}]"  # a link is another article's
    if text and sel.xpath(shown.format("$text"), text=text):
        return f"({shown.format(_xpath_literal(text))})[1]"
    return None


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in text.split("'")) + ")"


def _visible_dates(sel: Selector, headline: str | None = None) -> list[str]:
    """Date-looking visible text after the headline's element (anywhere, when the page shows
    no headline element): tagged dates with a year first, then short lines with a year, then
    tagged dates without one (``منذ ساعتين``, ``أمس 12:30``: read from the response's time)."""
    anchor = _headline_element(sel, headline)
    prefix = f"{anchor}/following::" if anchor else "//"
    tagged = [v for step in VISIBLE_DATE_STEPS for v in sel.xpath(prefix + step).getall() if v.strip()]
    after = sel.xpath(f"{anchor}/following::{LINES_AFTER}").getall() if anchor else []
    lines = [t for t in after if len(t.split()) <= MAX_DATE_LINE_WORDS]
    with_year = [v for v in (*tagged, *lines) if YEAR_RE.search(v)]
    relative = [v for v in tagged if not YEAR_RE.search(v) and len(v.split()) <= MAX_DATE_LINE_WORDS]
    return [*with_year, *relative]


def response_time(response: TextResponse, downloaded_at: datetime) -> datetime:
    """When the server answered (its ``Date`` header), else ``downloaded_at``: what a
    relative date (``منذ ساعتين``) counts from, so that the same response bytes and headers
    give the same date on every run and in a re-extraction."""
    header = response.headers.get(b"Date")
    if header:
        try:
            from email.utils import parsedate_to_datetime

            moment = parsedate_to_datetime(header.decode("latin-1"))
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    return downloaded_at


def _date(
    candidates: list[str], tz: tzinfo, rejections: list[str], now: datetime | None = None
) -> tuple[str | None, str | None]:
    """The first candidate read to the day or finer: (raw, ISO 8601 — with offset, or the
    date alone for a day). Why the others before it were refused goes to ``rejections``
    (a month or year alone is ``imprecise``)."""
    for raw in candidates:
        reading = read_date(raw, tz, now)
        if reading.precision in DAY_OR_FINER:
            return raw.strip(), reading.iso
        reason = reading.rejected or "imprecise"
        if reason not in ("no_date", "empty"):
            rejections.append(reason)
    return None, None


def parse_article_page(
    response: TextResponse,
    profile: SiteProfile | None,
    *,
    article_url: ArticleIdentity | None = None,
    hints: DiscoveryHints | None = None,
    downloaded_at: datetime,
    min_body_words: int = NEWSCRAWL_MIN_BODY_WORDS,
    require_evidence: bool = False,
    max_body_chars: int = 0,
) -> PageResult:
    """Parse ``response``; never raises for odd pages (they come back with ``skip``).
    ``require_evidence``: the page was found by crawling a site without an article pattern,
    so it must show a sign of being an article (:func:`~newscrawl.extraction.pagetype.non_article_reason`).
    ``max_body_chars``: a longer body is cut after a whole paragraph (``truncated``)."""
    hints = hints or DiscoveryHints()
    if profile and article_url is None:
        article_url = identify(response.url, profile)
    # Not response.selector: that caches the tree on the response, which the scraper keeps
    # until the item is committed; this tree is freed when the page is parsed.
    sel = Selector(response=response)
    meta = read_metadata(sel)
    non_article = non_article_reason(
        sel,
        meta,
        response.url,
        og_types=profile.non_article_og_types if profile else ("video", "video.other", "gallery"),
        path_patterns=profile.non_article_paths if profile else (),
        found_by_pattern=bool(profile and profile.article_pattern is not None and article_url is not None),
        dated_by_discovery=bool(hints.published),
        require_evidence=require_evidence,
    )
    if non_article:
        return PageResult(skip=non_article)

    tz = profile.tz if profile else ZoneInfo("UTC")
    rules = BoilerplateRules.for_site(
        profile.boilerplate_lines if profile else (), profile.comments_start if profile else ()
    )
    loader = ArticleLoader(boilerplate=rules)

    # Site selectors (read everything before the body's boilerplate containers are dropped).
    site_headline: list[str] = []
    site_fields: dict[str, list[str]] = {"section": [], "authors": [], "tags": [], "main_image": [], "date": []}
    container = None
    if profile and profile.selectors:
        s = profile.selectors
        site_headline = [" ".join(h.xpath(".//text()").getall()) for h in sel.css(s.headline)] if s.headline else []
        for name in site_fields:
            query = getattr(s, name)
            if query and "::" not in query:  # an element: its text
                site_fields[name] = [" ".join(e.xpath(".//text()").getall()) for e in sel.css(query)]
            else:
                site_fields[name] = sel.css(query).getall() if query else []
        bodies = sel.css(s.body)
        container = bodies[0] if bodies else None

    h1_texts = [" ".join(h.xpath(".//text()").getall()) for h in sel.css("h1")]
    title = _first(sel.css("title::text").getall())
    headline = _first(site_headline)
    if not headline:
        headline = choose_headline(h1_texts, meta.headline, title, page_script(sel), shown_on(sel)) or hints.headline
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

    kept, truncated = cut_body(structure.kept, max_body_chars)
    loader.add_value("articleBody", kept)
    removed = [*structure.removed, *loader.context.get("removed", [])]
    body = loader.get_output_value("articleBody")
    if not body:
        return PageResult(skip="empty_body", fallback=fallback, removed=removed, body_from=body_from)
    if len(body.split()) < min_body_words or not _has_running_text(body):
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
    rejections: list[str] = []
    raw, iso = _date([*meta.published, *discovered], tz, rejections)
    if iso is None:
        visible = [*site_fields["date"], *_visible_dates(sel, headline)]
        raw, iso = _date(visible, tz, rejections, response_time(response, downloaded_at))
    if iso is None and hints.published_at:
        raw, iso = hints.published, to_iso(hints.published_at)
    loader.add_value("datePublishedRaw", raw)
    loader.add_value("datePublished", iso)
    raw, iso = _date(meta.modified, tz, rejections)
    loader.add_value("dateModifiedRaw", raw)
    loader.add_value("dateModified", iso)

    authors = [a for a in [*meta.authors, *site_fields["authors"]] if a.strip() != meta.site_name]
    loader.add_value("authors", authors or structure.authors)
    section = _first(site_fields["section"]) or _first(meta.section)
    if not section and profile and article_url and article_url.section:
        section = profile.section_names.get(article_url.section)
    loader.add_value("section", section)
    loader.add_value("breadcrumbs", _web_breadcrumbs(response, meta.breadcrumbs))
    loader.add_value("tags", [*meta.tags, *site_fields["tags"]])
    images = [u for u in (web_url(response, v) for v in [*site_fields["main_image"], *meta.images]) if u]
    loader.add_value("mainImage", images)
    loader.add_value("images", images)
    language = (meta.language or (profile.language if profile else None) or "").split("-")[0].lower()
    loader.add_value("inLanguage", language or None)
    loader.add_value("dateDownloaded", to_iso(downloaded_at))
    return PageResult(
        article=loader.load_item(),
        fallback=fallback,
        removed=removed,
        date_rejections=rejections,
        body_from=body_from,
        truncated=truncated,
    )


def cut_body(paragraphs: list[str], max_chars: int) -> tuple[list[str], bool]:
    """The paragraphs up to ``max_chars`` characters in all (whole paragraphs; 0: no limit),
    and whether any was left out.

    >>> cut_body(["aa", "bb", "cc"], 5)
    (['aa', 'bb'], True)
    """
    if not max_chars:
        return paragraphs, False
    total = 0
    for index, paragraph in enumerate(paragraphs):
        total += len(paragraph) + 1
        if total > max_chars + 1:
            return paragraphs[: max(index, 1)], True
    return paragraphs, False


def _has_running_text(body: str) -> bool:
    """A body of at least :data:`SHORT_BODY_WORDS` words, or one holding a line of a
    sentence's length (a poem's many short lines pass by their number)."""
    lines = body.split("\n")
    return sum(len(line.split()) for line in lines) >= SHORT_BODY_WORDS or any(
        len(line.split()) >= SENTENCE_WORDS for line in lines
    )


def shown_on(sel: Selector) -> Callable[[str], bool]:
    """Whether a text is the whole visible text of some element of the page."""

    def shown(text: str) -> bool:
        found = sel.xpath("//body//*[normalize-space(.) = $text]", text=text)
        return bool(found)

    return shown


def web_url(response: TextResponse, value: str) -> str | None:
    """``value`` as an absolute http(s) URL, or ``None`` (``javascript:``, ``data:``, a
    malformed address): only web addresses go into a record's URL fields."""
    try:
        url = response.urljoin(value.strip())
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return None
    return url if valid and not any(ch.isspace() for ch in url) else None


def _web_breadcrumbs(response: TextResponse, crumbs: list[dict[str, str]]) -> list[dict[str, str]]:
    """Breadcrumbs with their URL only when it is a web address."""
    kept = []
    for crumb in crumbs:
        url = web_url(response, crumb["url"]) if crumb.get("url") else None
        kept.append({"name": crumb["name"], **({"url": url} if url else {})})
    return kept


def _canonical(
    response: TextResponse, meta: PageMetadata, profile: SiteProfile | None, article_url: ArticleIdentity | None
) -> tuple[str, str | None]:
    """``canonicalUrl`` and ``articleId``. With an article-id pattern: the page's own
    canonical link when it names the same article, else the downloaded article, on the
    site's own base URL. Without one: the canonical link when it is on the site, else the
    downloaded URL, either without tracking, AMP and print variants."""
    declared = identify(response.urljoin(meta.canonical), profile) if meta.canonical and profile else None
    if profile is None:
        return normalize_url(response.urljoin(meta.canonical) if meta.canonical else response.url), None
    if profile.article_pattern is None:
        if declared is not None:
            return normalize_url(response.urljoin(meta.canonical)), None
        return normalize_url(response.url), None
    if declared and (article_url is None or declared.article_id == article_url.article_id):
        article_url = declared
    if article_url is None:
        return normalize_url(response.url), None
    return article_url.canonical_url(profile), article_url.article_id
