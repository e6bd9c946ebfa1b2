"""Listing pages, for sites with neither sitemap nor feed: one home, section or archive page →
:class:`ListingPage` (:func:`read_listing`): the article links on it, the next page of this
listing, and (on a home page) the section listings to read next.

Links are judged by the STRUCTURE of their URL, never by a site's pattern (a site's pattern
is profile data): an article link is one :func:`newscrawl.urlshape.article_rule` names a
rule for (an id, a date or a long slug in the URL). Only links on the site's own hosts count.

A next page: ``rel="next"``; an anchor whose text (or ``title``/``aria-label``) is a "next"
label (:data:`NEXT_LABELS`, :data:`NEXT_ARROWS`); or a link to this listing with its page
number plus one (``/page/2/``, ``?page=2``, ``?p=2``, ``&pg=2``).

A section page: a link inside navigation (``nav``, ``header``, ``footer``, or an element whose
class or id holds a :data:`NAVIGATION_TOKENS` token), with a short path, not article-looking.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from lxml import etree

from newscrawl.discovery.links import Link, host_key, host_keys, resolve
from newscrawl.discovery.markup import display_text, document_base, parse_html
from newscrawl.urlshape import MIN_ID_DIGITS, NON_ARTICLE_SEGMENTS, STATIC_EXTENSIONS, article_rule

# -- article links -----------------------------------------------------------------------

# -- pagination ----------------------------------------------------------------------------

# Anchor texts of a "next page" link, lower case, arrows and punctuation removed.
NEXT_LABELS = (
    "التالي", "التالى", "التالية", "الصفحة التالية", "الصفحه التاليه", "المزيد من الأخبار",
    "next", "next page", "older", "older posts", "older entries",
    "suivant", "suivante", "page suivante",
)  # fmt: skip
# Anchors made only of these are "next" too (unless their page number says otherwise).
NEXT_ARROWS = ("»", "›", ">", ">>", "→", "⟩", "❯")
_LABEL_PUNCTUATION = re.compile(r"[«»‹›<>→←⟩⟨❯❮|:.…\-–—\s]+")
PAGE_QUERY_KEYS = ("page", "p", "pg", "paged", "pagenum", "pageno", "page_no", "pn", "pagenumber", "currentpage")
PAGE_PATH_SEGMENTS = ("page", "pages")

# -- sections --------------------------------------------------------------------------------

NAVIGATION_TAGS = ("nav", "header", "footer")
# Tokens of a class or id of a navigation block ("main-menu", "navbar", "site-header").
NAVIGATION_TOKENS = ("nav", "menu", "header", "footer", "sections", "categories", "topbar", "sidebar-links")
# Path segments a section listing may have that NON_ARTICLE_SEGMENTS holds.
SECTION_SEGMENTS = ("category", "categories", "cat", "section", "sections")
MAX_SECTION_SEGMENTS = 3
MAX_NAVIGATION_DEPTH = 12

# -- bounds ----------------------------------------------------------------------------------

MAX_LINKS = 500
MAX_NEXT_PAGES = 3
MAX_SECTIONS = 100
MAX_ANCHORS = 10_000
MAX_CARD_DEPTH = 3
# hrefs that are no web link: skipped without counting them as bad URLs.
NON_WEB_SCHEMES = ("javascript:", "mailto:", "tel:", "sms:", "whatsapp:", "data:", "viber:", "geo:", "fb-messenger:")


@dataclass(frozen=True, slots=True)
class ListingPage:
    """What one listing page gave: ``article_links`` (source ``"listing"``, the anchor text as
    title, a ``<time>`` of the link's card as published), ``next_pages`` of this listing,
    ``section_pages`` (navigation links to other listings), ``bad_urls`` (links that are no
    usable URL; ``javascript:``, ``mailto:`` and the like are not counted)."""

    article_links: tuple[Link, ...] = ()
    next_pages: tuple[str, ...] = ()
    section_pages: tuple[str, ...] = ()
    bad_urls: int = 0


def read_listing(
    html: bytes | str, page_url: str, hosts: Collection[str], *, max_links: int = MAX_LINKS
) -> ListingPage:
    """Read one listing page fetched from ``page_url``; only links on ``hosts`` (names or
    ``host:port``, ``www.`` ignored) count.

    >>> page = read_listing('<nav><a href="/economy/">Economy</a></nav><a href="/economy/2025/11/28/gold-up">Gold'
    ...                     ' up</a><a href="?page=2">التالي</a>', "https://example.com/economy/", ["example.com"])
    >>> [link.url for link in page.article_links], page.next_pages, page.section_pages
    (['https://example.com/economy/2025/11/28/gold-up'], ('https://example.com/economy/?page=2',), ())
    """
    root = parse_html(html)
    if root is None:
        return ListingPage()
    base = document_base(root, page_url)
    allowed = host_keys(hosts)
    here = _page_of(page_url)
    articles: dict[str, _Found] = {}
    next_pages: list[str] = []
    sections: list[str] = []
    bad_urls = 0
    for link in _rel_next(root):
        url = resolve(link, base)
        if url and _on(url, allowed) and url not in next_pages:
            next_pages.append(url)
    for count, anchor in enumerate(root.iter("a", "area")):
        if count >= MAX_ANCHORS:
            break
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith(NON_WEB_SCHEMES):
            continue
        url = resolve(href, base)
        if url is None:
            bad_urls += 1
            continue
        if not _on(url, allowed) or url == page_url:
            continue
        if _is_next(anchor, url, here):
            if url not in next_pages and len(next_pages) < MAX_NEXT_PAGES:
                next_pages.append(url)
        elif article_rule(url):
            _add_article(articles, url, anchor, base, max_links)
        elif _in_navigation(anchor) and is_section_url(url) and url not in sections and len(sections) < MAX_SECTIONS:
            sections.append(url)
    return ListingPage(
        article_links=tuple(Link(url, "listing", title=f.title, published=f.published) for url, f in articles.items()),
        next_pages=tuple(next_pages[:MAX_NEXT_PAGES]),
        section_pages=tuple(s for s in sections if s not in next_pages),
        bad_urls=bad_urls,
    )


def _on(url: str, allowed: frozenset[str]) -> bool:
    host = urlsplit(url).hostname
    return bool(host) and host_key(host) in allowed


def _add_article(articles: dict[str, _Found], url: str, anchor: etree._Element, base: str, max_links: int) -> None:
    """Keep the best title (an anchor's text before an image's alt text; an image link often
    comes first) and the first date found for the URL."""
    found = articles.get(url)
    if found is None:
        if len(articles) >= max_links:
            return
        found = articles[url] = _Found()
    if not found.title_is_text:
        text = display_text(anchor.text_content())
        if text:
            found.title, found.title_is_text = text, True
        elif found.title is None:
            alts = anchor.xpath(".//img/@alt")
            found.title = display_text(anchor.get("title")) or (display_text(str(alts[0])) if alts else None)
    if found.published is None:
        found.published = _card_time(anchor, base)


@dataclass(slots=True)
class _Found:
    title: str | None = None
    title_is_text: bool = False
    published: str | None = None


def _card_time(anchor: etree._Element, base: str) -> str | None:
    """The ``<time>`` of the smallest block around the link that holds one, when that block
    links to one article only (a card, not a list of articles)."""
    block = anchor
    for _ in range(MAX_CARD_DEPTH):
        block = block.getparent()
        if block is None:
            return None
        times = block.xpath(".//time")
        if not times:
            continue
        linked = {resolve(str(href), base) for href in block.xpath(".//a/@href")}
        if len({url for url in linked if url and article_rule(url)}) > 1:
            return None
        return (times[0].get("datetime") or "").strip() or display_text(times[0].text_content())
    return None


# -- article rules ---------------------------------------------------------------------------


def is_section_url(url: str) -> bool:
    """A short same-site path that may be a section listing: not the home page, no article,
    no static file, no tag/author/search/account page, at most :data:`MAX_SECTION_SEGMENTS`
    segments.

    >>> [is_section_url(u) for u in ("https://x.com/economy/", "https://x.com/category/sport", "https://x.com/tag/a")]
    [True, True, False]
    """
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).lower().split("/") if s]
    if not segments and not parts.query:
        return False
    if len(segments) > MAX_SECTION_SEGMENTS or article_rule(url) or _page_number(url):
        return False
    if parts.path.lower().endswith(STATIC_EXTENSIONS):
        return False
    return not any(s in NON_ARTICLE_SEGMENTS and s not in SECTION_SEGMENTS for s in segments)


def _in_navigation(element: etree._Element) -> bool:
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth >= MAX_NAVIGATION_DEPTH:
            return False
        if ancestor.tag in NAVIGATION_TAGS or (ancestor.get("role") or "").lower() == "navigation":
            return True
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if names.strip() and any(token in names for token in NAVIGATION_TOKENS):
            return True
    return False


# -- pagination ------------------------------------------------------------------------------


def _rel_next(root: etree._Element) -> list[str]:
    hrefs = root.xpath("//link[@href][contains(concat(' ', translate(@rel, 'NEXT', 'next'), ' '), ' next ')]/@href")
    return [str(h) for h in hrefs[:MAX_NEXT_PAGES]]


def _is_next(anchor: etree._Element, url: str, here: tuple[str, int]) -> bool:
    number = _page_number(url)
    if number is not None:
        if number[0] == here[0] and number[1] == here[1] + 1:
            return True
        if number[0] != here[0] or number[1] <= here[1]:
            return False  # another listing, or a page before this one
    if "next" in (anchor.get("rel") or "").lower().split():
        return True
    if number is None and article_rule(url):
        return False  # "next article" on an article page
    for text in (anchor.text_content(), anchor.get("title"), anchor.get("aria-label")):
        if text and _is_next_label(text):
            return True
    return False


def _is_next_label(text: str) -> bool:
    """
    >>> [_is_next_label(t) for t in ("التالي »", " Next page ", "›", "Suivant", "السابق", "2")]
    [True, True, True, True, False, False]
    """
    text = " ".join(text.split()).casefold()
    if len(text) > 40:
        return False
    words = _LABEL_PUNCTUATION.sub(" ", text).strip()
    return words in NEXT_LABELS if words else text.replace(" ", "") in NEXT_ARROWS


def _page_of(url: str) -> tuple[str, int]:
    """This listing and its page number (1 when the URL names none)."""
    return _page_number(url) or (_listing_key(urlsplit(url), urlsplit(url).query), 1)


def _page_number(url: str) -> tuple[str, int] | None:
    """The listing ``url`` is a page of (a key without the page number) and the number, or
    ``None`` when the URL names no page number.

    >>> _page_number("https://x.com/news/page/3/") == _page_number("https://x.com/news?page=3")
    True
    """
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    for index, (key, value) in enumerate(pairs):
        if key.lower() in PAGE_QUERY_KEYS and value.isdigit() and len(value) < MIN_ID_DIGITS:
            rest = pairs[:index] + pairs[index + 1 :]
            return _listing_key(parts, urlencode(rest)), int(value)
    segments = parts.path.split("/")
    for index in range(len(segments) - 2, -1, -1):
        number = segments[index + 1]
        if segments[index].lower() in PAGE_PATH_SEGMENTS and number.isdigit() and len(number) < MIN_ID_DIGITS:
            path = "/".join(segments[:index] + segments[index + 2 :])
            return _listing_key(parts._replace(path=path), parts.query), int(number)
    return None


def _listing_key(parts: SplitResult, query: str) -> str:
    path = parts.path.rstrip("/") or "/"
    ordered = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    return urlunsplit(("", host_key(parts.hostname or ""), path, ordered, ""))
