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
4. ``CollectionPage``/``SearchResultsPage``/``ProfilePage``/``ImageGallery`` and the ``og:type`` values
   ``video.*``, ``gallery``, ``profile``;
5. a publication time (``article:published_time``, ``datePublished``) makes it an article;
   else many headline links with most running text in teaser cards is a listing;
6. evidence: an article without a publication time has an article's address
   (:func:`newscrawl.urlshape.article_rule`), a date from its feed or news sitemap or a
   date line under its ``<h1>``; a page with none is a site page (about, contact, privacy).
"""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector

from newscrawl.extraction.metadata import PageMetadata
from newscrawl.text.dates import DAY_OR_FINER, read_date
from newscrawl.urlshape import article_rule, index_kind

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "report", "blogposting", "scholarlyarticle",
        "askpublicnewsarticle", "satiricalarticle", "techarticle",
    }
)  # fmt: skip
# Page types of structured data that are no article (a VideoObject or an ItemList is often
# embedded in an article: it does not tell; a gallery is a page of its own).
TYPE_KINDS = {
    "collectionpage": "listing",
    "searchresultspage": "search",
    "profilepage": "author",
    "imagegallery": "gallery",
    "mediagallery": "gallery",
}
OG_KINDS = {"video": "video", "gallery": "gallery", "profile": "author", "music": "media", "book": "media"}
# A listing: at least this many headline links, and most running text in teaser cards.
LISTING_MIN_LINKS = 8
LISTING_TEASER_SHARE = 0.5
CARD_EXTRA_WORDS = 40
CARD_LEVELS = 4
HEADLINE_LINK_WORDS = 4
RUNNING_TEXT_WORDS = 12
UNDER_HEADLINE = "(//h1)[1]/following::text()[not(ancestor::script or ancestor::style)][position() <= 40]"
RUNNING_TEXT = (
    "//body//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)"
    " and not(ancestor::noscript) and not(ancestor::template)]"
)


def _headline_link(anchor: Any) -> bool:
    return len(" ".join(anchor.itertext()).split()) >= HEADLINE_LINK_WORDS


def _in_teaser(node: Any, words: int) -> bool:
    """Whether a run of text sits in a teaser card: a small block (at most
    :data:`CARD_EXTRA_WORDS` more words than the text) that also holds a headline link
    outside the text's own element. An article's paragraph sits in its body container,
    which is far larger than the paragraph."""
    inner = node
    for _ in range(CARD_LEVELS):
        parent = inner.getparent()
        if parent is None or not isinstance(parent.tag, str) or parent.tag.lower() == "body":
            return False
        if len(" ".join(parent.itertext()).split()) > words + CARD_EXTRA_WORDS:
            return False
        for anchor in parent.iter("a"):
            if _headline_link(anchor) and inner not in anchor.iterancestors() and anchor is not inner:
                inside = any(a is inner for a in anchor.iterancestors()) or any(
                    a is anchor for a in inner.iterdescendants()
                )
                if not inside:
                    return True
        inner = parent
    return False


def looks_like_listing(sel: Selector) -> bool:
    """Many headline links, and most of the page's running text in teaser cards (a headline
    link with a short text beside it) rather than in an article's body."""
    body = sel.xpath("//body")
    if not body:
        return False
    links = sum(1 for anchor in body[0].root.iter("a") if anchor.get("href") and _headline_link(anchor))
    if links < LISTING_MIN_LINKS:
        return False
    running = teasers = 0
    for text in body[0].root.xpath("." + RUNNING_TEXT.removeprefix("//body")):
        words = len(text.split())
        if words < RUNNING_TEXT_WORDS:
            continue
        running += words
        holder = text.getparent()
        if holder is not None and text.is_tail:
            holder = holder.getparent()
        if holder is not None and _in_teaser(holder, words):
            teasers += words
    return running == 0 or teasers >= LISTING_TEASER_SHARE * running


def non_article_reason(
    sel: Selector,
    meta: PageMetadata,
    url: str,
    *,
    og_types: tuple[str, ...] = (),
    path_patterns: tuple[re.Pattern[str], ...] = (),
    found_by_pattern: bool = False,
    dated_by_discovery: bool = False,
    require_evidence: bool = False,
) -> str | None:
    """``non_article/<kind>`` for a page that is not an article, else ``None``.

    ``found_by_pattern``: the URL matched the site profile's article pattern (an article
    unless the page says otherwise: no address or structure test). ``dated_by_discovery``:
    a feed or news sitemap gave the page a publication date (evidence of an article).
    ``require_evidence``: a crawl that found the page by following every link of a site
    asks for step 6; one page handed over for extraction does not.
    """
    og_type = (meta.og_type or "").lower().strip()
    if og_type and og_type in og_types:
        return f"non_article/{og_type.split('.')[0]}"
    path = urlsplit(url).path
    if any(pattern.search(path) for pattern in path_patterns):
        return "non_article/path"
    types = meta.schema_types
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
    if meta.published:  # a publication time: an article, however many links it carries
        return None
    if looks_like_listing(sel):
        return "non_article/listing"
    # An article has a publication time, an article's address or a date from discovery;
    # an "about", "contact" or "privacy" page (og:type=article on many sites) has none.
    if require_evidence and not (dated_by_discovery or article_rule(url) or dated_under_headline(sel)):
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
