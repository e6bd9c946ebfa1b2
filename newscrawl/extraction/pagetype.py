"""Is this page an article? Section, tag, author, search, video, gallery and live-blog pages
give no record; each is a skip with a reason (``non_article/<kind>``).

Decided from what the page says about itself first, then from its address, then from its
structure (:func:`non_article_reason`):

1. the site profile's non-article ``og:type`` values and path patterns;
2. structured data: JSON-LD ``LiveBlogPosting`` is a live blog; an article type
   (``NewsArticle``, ``Article``, ``Report``…) or ``og:type = article`` makes the page an
   article whatever follows; ``VideoObject``/``ImageGallery``/``CollectionPage``/
   ``SearchResultsPage``/``ProfilePage`` without one make it a video, gallery, listing,
   search or author page; so do the ``og:type`` values ``video.*``, ``gallery``, ``profile``;
3. the address: a path segment that names an index (``tag``, ``category``, ``author``,
   ``search``, ``live``, ``video``, ``gallery``, ``page``…) with nothing article-like
   after it;
4. the structure: a page whose text is mostly headline links (many links with headline-long
   anchor text, little running text outside links) is a listing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from newscrawl.extraction.metadata import PageMetadata, json_ld_nodes

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
# Path segments that name an index page, and the kind of page they name.
INDEX_SEGMENTS = {
    "tag": "tag", "tags": "tag", "topic": "tag", "topics": "tag", "keyword": "tag", "keywords": "tag",
    "category": "section", "categories": "section", "section": "section", "sections": "section",
    "author": "author", "authors": "author", "writer": "author", "writers": "author", "profile": "author",
    "search": "search", "live": "live", "liveblog": "live", "live-blog": "live", "video": "video",
    "videos": "video", "gallery": "gallery", "galleries": "gallery", "photos": "gallery", "photo": "gallery",
    "page": "listing", "archive": "listing", "feed": "feed", "rss": "feed",
}  # fmt: skip
SEARCH_PARAMS = ("s", "q", "query", "search", "keyword")
# A listing: at least this many headline links, and no one container holding the page's
# running text (teasers spread over many small blocks; an article's text sits in one).
LISTING_MIN_LINKS = 8
LISTING_CONTAINER_SHARE = 0.5
LISTING_MIN_CONTAINER_WORDS = 60
HEADLINE_LINK_WORDS = 4
RUNNING_TEXT_WORDS = 12
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


def address_kind(url: str) -> str | None:
    """The kind of index page a URL names by its path (``/tag/x`` → ``tag``), if any: an
    index segment as the last or second-to-last segment, or a search query."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if any(name in query for name in SEARCH_PARAMS):
        return "search"
    segments = [s.lower() for s in parts.path.split("/") if s]
    for position, segment in enumerate(segments):
        kind = INDEX_SEGMENTS.get(segment.rsplit(".", 1)[0])
        if kind is None:
            continue
        rest = segments[position + 1 :]
        # /tag/, /tag/economy, /page/2: nothing article-like after the index segment.
        if len(rest) <= 1 and not any(sum(ch.isdigit() for ch in s) >= 4 or s.count("-") >= 3 for s in rest):
            return kind
    return None


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
    path_patterns: tuple = (),
    check_structure: bool = True,
) -> str | None:
    """``non_article/<kind>`` for a page that is not an article, else ``None``."""
    og_type = (meta.og_type or "").lower().strip()
    if og_type and og_type in og_types:
        return f"non_article/{og_type.split('.')[0]}"
    path = urlsplit(url).path
    if any(pattern.search(path) for pattern in path_patterns):
        return "non_article/path"
    types = _types(sel)
    if "liveblogposting" in types:
        return "non_article/live"
    if og_type == "article" or types & ARTICLE_TYPES:
        return None
    for name, kind in TYPE_KINDS.items():
        if name in types:
            return f"non_article/{kind}"
    if og_type.split(".")[0] in OG_KINDS:
        return f"non_article/{OG_KINDS[og_type.split('.')[0]]}"
    kind = address_kind(url)
    if kind:
        return f"non_article/{kind}"
    if check_structure and looks_like_listing(sel):
        return "non_article/listing"
    return None
