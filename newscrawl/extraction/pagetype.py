"""Is this page an article? Section, tag, author, search, video, gallery and live-blog pages
give no record; each is a skip with a reason (``non_article/<kind>``).

Decided from what the page says about itself first, then from its address, then from its
structure (:func:`non_article_reason`):

1. the site profile's non-article ``og:type`` values and path patterns;
2. structured data: JSON-LD ``LiveBlogPosting`` is a live blog; an article type
   (``NewsArticle``, ``Article``, ``Report``…) — or a URL the profile's article pattern
   matched — makes the page an article whatever follows;
3. the address: a path segment that names an index (``tag``, ``category``, ``author``,
   ``search``, ``live``, ``video``, ``gallery``, ``page``…) with nothing article-like
   after it (:func:`newscrawl.urlshape.index_kind`; such archives often say
   ``og:type = article`` too);
4. ``VideoObject``/``ImageGallery``/``CollectionPage``/``SearchResultsPage``/``ProfilePage``
   and the ``og:type`` values ``video.*``, ``gallery``, ``profile``;
5. the structure: many headline links and no one container holding the running text is a
   listing;
6. evidence: an article has a publication time (meta, JSON-LD), an article's address
   (:func:`newscrawl.urlshape.article_rule`), a date from its feed or news sitemap or a
   date line under its ``<h1>``; a page with none is a site page (about, contact, privacy).
"""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extraction.metadata import PageMetadata, json_ld_nodes
from newscrawl.text.dates import DAY_OR_FINER, read_date
from newscrawl.urlshape import article_rule, index_kind

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "report", "blogposting", "scholarlyarticle",
        "askpublicnewsarticle", "satiricalarticle", "techarticle",
    }
)  # fmt: skip
TYPE_KINDS = {
    "liveblogposting": "live",
    "videoobject": "video",
    "imagegallery": "gallery",
    "mediagallery": "gallery",
    "collectionpage": "listing",
    "itemlist": "listing",
    "searchresultspage": "search",
    "profilepage": "author",
}
OG_KINDS = {"video": "video", "gallery": "gallery", "profile": "author", "music": "media", "book": "media"}
# A listing: at least this many headline links, and no one container holding the page's
# running text (teasers spread over many small blocks; an article's text sits in one).
LISTING_MIN_LINKS = 8
LISTING_CONTAINER_SHARE = 0.5
LISTING_MIN_CONTAINER_WORDS = 60
HEADLINE_LINK_WORDS = 4
RUNNING_TEXT_WORDS = 12
UNDER_HEADLINE = "(//h1)[1]/following::text()[not(ancestor::script or ancestor::style)][position() <= 40]"
RUNNING_TEXT = (
    "//body//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)"
    " and not(ancestor::noscript) and not(ancestor::template)]"
)
INLINE_TAGS = frozenset({"b", "strong", "em", "i", "span", "font", "u", "br", "small", "sup", "sub", "mark", "q"})
TEXT_CHILD_TAGS = frozenset({"p", *INLINE_TAGS})
NOT_TEXT = frozenset({"script", "style", "noscript", "template", "a", "nav", "header", "footer", "button", "select"})


def _types(sel: Selector) -> set[str]:
    types: set[str] = set()
    for node in json_ld_nodes(sel):
        value = node.get("@type")
        for entry in value if isinstance(value, list) else [value]:
            if isinstance(entry, str):
                types.add(entry.lower())
    return types


def _own_words(element: Any) -> int:
    """Words of an element's own running text: its text, its ``<p>`` and inline children
    (links excluded) and their tails — what a body container holds directly."""
    words = len((element.text or "").split())
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in TEXT_CHILD_TAGS:
            words += sum(len(t.split()) for t in child.xpath(".//text()[not(ancestor::a) and not(ancestor::script)]"))
        words += len((child.tail or "").split())
    return words


def looks_like_listing(sel: Selector) -> bool:
    """Many headline links, and the page's running text spread over many small blocks
    (teasers) rather than held by one container (an article's body)."""
    links = sum(
        1
        for anchor in sel.xpath("//body//a[@href]")
        if len(" ".join(anchor.xpath(".//text()").getall()).split()) >= HEADLINE_LINK_WORDS
    )
    if links < LISTING_MIN_LINKS:
        return False
    running = sum(n for n in (len(t.split()) for t in sel.xpath(RUNNING_TEXT).getall()) if n >= RUNNING_TEXT_WORDS)
    body = sel.xpath("//body")
    if not body or not running:
        return True
    largest = 0
    for element in body[0].root.iter():
        if isinstance(element.tag, str) and element.tag.lower() not in NOT_TEXT:
            largest = max(largest, _own_words(element))
    return largest < max(LISTING_MIN_CONTAINER_WORDS, LISTING_CONTAINER_SHARE * running) and largest < running


def non_article_reason(
    sel: Selector,
    meta: PageMetadata,
    url: str,
    *,
    og_types: tuple[str, ...] = (),
    path_patterns: tuple[re.Pattern[str], ...] = (),
    found_by_pattern: bool = False,
    dated_by_discovery: bool = False,
) -> str | None:
    """``non_article/<kind>`` for a page that is not an article, else ``None``.

    ``found_by_pattern``: the URL matched the site profile's article pattern (an article
    unless the page says otherwise: no address or structure test). ``dated_by_discovery``:
    a feed or news sitemap gave the page a publication date (evidence of an article).
    """
    og_type = (meta.og_type or "").lower().strip()
    if og_type and og_type in og_types:
        return f"non_article/{og_type.split('.')[0]}"
    path = urlsplit(url).path
    if any(pattern.search(path) for pattern in path_patterns):
        return "non_article/path"
    types = _types(sel)
    if "liveblogposting" in types:
        return "non_article/live"
    typed_article = bool(types & ARTICLE_TYPES)
    if typed_article or found_by_pattern:
        return None
    # A tag or author archive often says og:type=article too: its address tells.
    kind = index_kind(url)
    if kind:
        return f"non_article/{kind}"
    for name, type_kind in TYPE_KINDS.items():
        if name in types:
            return f"non_article/{type_kind}"
    if og_type.split(".")[0] in OG_KINDS:
        return f"non_article/{OG_KINDS[og_type.split('.')[0]]}"
    if looks_like_listing(sel):
        return "non_article/listing"
    # An article has a publication time, an article's address or a date from discovery;
    # an "about", "contact" or "privacy" page (og:type=article on many sites) has none.
    if not (meta.published or dated_by_discovery or article_rule(url) or dated_under_headline(sel)):
        return "non_article/page"
    return None


def dated_under_headline(sel: Selector) -> bool:
    """A short line right under the first ``<h1>`` reads as a date to the day (an
    article's dateline; a header clock above the headline does not count)."""
    for text in sel.xpath(UNDER_HEADLINE).getall():
        short = len(text.split()) <= 25 and any(ch.isdigit() for ch in text)
        if short and read_date(text, UTC).precision in DAY_OR_FINER:
            return True
    return False
