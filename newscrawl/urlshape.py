"""Does a URL look like an article's, by its structure alone (no site pattern)?

Shared by discovery (which links of a listing page to follow as articles) and extraction
(is a page found without a site's article pattern an article, or an index page?). The
rules are named and their tokens are data, in the style of trafilatura's ``xpaths.py``.

:func:`article_rule` names the rule an article URL matches:

1. never a path of :data:`NON_ARTICLE_SEGMENTS` (tag, author, search, page, video, gallery,
   live-blog indexes…), a static file (:data:`STATIC_EXTENSIONS`) or the home page;
2. ``numeric_id``: a run of at least :data:`MIN_ID_DIGITS` digits in the path that is not a
   year (``/123456``, ``-123456.html``), or in the query under a key that is no page,
   category or date key (``?id=123456``, ``details.aspx?id=…&print=1``);
3. ``dated_path``: a date in the path with more after it (``/2025/11/28/slug``);
4. ``long_slug``: a segment of at least :data:`MIN_SLUG_WORDS` words joined by ``-``
   (percent-encoded Arabic read as Arabic);
5. ``opaque_id``: a last segment that is a long token of letters and digits (``cx2k5ynwz1go``).

:func:`index_kind` names the kind of index page a URL is (``/tag/x`` → ``tag``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

NON_ARTICLE_SEGMENTS = (
    # indexes of tags, topics, authors, sections
    "tag", "tags", "keyword", "keywords", "topic", "topics", "hashtag",
    "category", "categories", "cat", "section", "sections",
    "author", "authors", "writer", "writers", "columnist", "columnists", "profile", "user", "users",
    # searches and pages of a listing
    "search", "page", "pages", "archive", "archives",
    # media and live-blog indexes
    "video", "videos", "gallery", "galleries", "photo", "photos", "album", "albums",
    "multimedia", "podcast", "podcasts", "live", "liveblog", "live-blog", "tv",
    # the site about itself, accounts, machinery
    "about", "about-us", "contact", "contact-us", "privacy", "privacy-policy", "terms", "advertise",
    "login", "signin", "register", "signup", "account", "subscribe", "newsletter",
    "rss", "feed", "feeds", "sitemap", "amp-sitemap", "cdn-cgi",
    "wp-admin", "wp-content", "wp-includes", "wp-json", "wp-login.php", "xmlrpc.php",
)  # fmt: skip
STATIC_EXTENSIONS = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".gz",
    ".mp3", ".m4a", ".ogg", ".wav", ".mp4", ".m4v", ".webm", ".avi", ".mov", ".m3u8",
    ".css", ".js", ".json", ".xml", ".rss", ".atom", ".txt", ".csv",
    ".woff", ".woff2", ".ttf", ".eot", ".apk", ".exe", ".dmg",
)  # fmt: skip
MIN_ID_DIGITS = 4
MIN_SLUG_WORDS = 4
MIN_OPAQUE_ID_CHARS = 10
# Query keys whose number is no article id: pages, categories, sections, dates, sizes,
# tracking (a key holding one of these tokens; "sectionid" holds "section").
NON_ID_QUERY_TOKENS = (
    "page", "cat", "sec", "tag", "author", "writer", "topic", "year", "month", "date", "time",
    "offset", "start", "limit", "count", "size", "width", "height", "utm", "zone", "region", "lang",
)  # fmt: skip
NON_ID_QUERY_KEYS = ("t", "ts", "v", "w", "h", "day", "_")

_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_DIGIT_RUN = re.compile(r"[0-9]+")
_DATED_PATH = re.compile(
    r"/((?:19|20)[0-9]{2})(?:/|-|_)(0?[1-9]|1[0-2])(?:(?:/|-|_)(0?[1-9]|[12][0-9]|3[01]))?(?=/|-|_)(?P<rest>.*)$"
)
_SLUG_SEPARATOR = re.compile(r"[-_+]")
_OPAQUE_ID = re.compile(r"[a-z0-9]+", re.IGNORECASE)
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$", re.IGNORECASE)
# Path segments that name an index page, and the kind of page they name.
INDEX_SEGMENTS = {
    "tag": "tag", "tags": "tag", "topic": "tag", "topics": "tag", "keyword": "tag", "keywords": "tag",
    "hashtag": "tag", "category": "section", "categories": "section", "cat": "section", "section": "section",
    "sections": "section", "author": "author", "authors": "author", "writer": "author", "writers": "author",
    "columnist": "author", "columnists": "author", "profile": "author", "search": "search", "live": "live",
    "liveblog": "live", "live-blog": "live", "video": "video", "videos": "video", "gallery": "gallery",
    "galleries": "gallery", "photos": "gallery", "photo": "gallery", "album": "gallery", "albums": "gallery",
    "page": "listing", "archive": "listing", "archives": "listing", "feed": "feed", "rss": "feed",
}  # fmt: skip
SEARCH_PARAMS = ("s", "q", "query", "search", "keyword")


def article_rule(url: str) -> str | None:
    """The name of the rule by which ``url`` looks like an article, or ``None``.

    >>> [article_rule(u) for u in ("https://x.com/news/123456", "https://x.com/a/2025/11/28/b",
    ...  "https://x.com/tag/gaza-war-news-today", "https://x.com/x.aspx?id=12345&print=1", "https://x.com/2025/")]
    ['numeric_id', 'dated_path', None, 'numeric_id', None]
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = unquote(parts.path)
    segments = [s for s in path.lower().split("/") if s]
    if not segments and not parts.query:
        return None
    if any(s in NON_ARTICLE_SEGMENTS for s in segments) or path.lower().endswith(STATIC_EXTENSIONS):
        return None
    if _has_numeric_id(segments) or _has_query_id(parts.query):
        return "numeric_id"
    dated = _DATED_PATH.search(path)
    if dated and dated["rest"].strip("/-_"):
        return "dated_path"
    last = _EXTENSION.sub("", segments[-1]) if segments else ""
    if any(_slug_words(s) >= MIN_SLUG_WORDS for s in segments):
        return "long_slug"
    if len(last) >= MIN_OPAQUE_ID_CHARS and _OPAQUE_ID.fullmatch(last) and not last.isalpha() and not last.isdigit():
        return "opaque_id"
    return None


def _has_numeric_id(segments: list[str]) -> bool:
    for segment in segments:
        for run in _DIGIT_RUN.findall(segment):
            if len(run) >= MIN_ID_DIGITS and not (len(run) == 4 and _YEAR.fullmatch(run)):
                return True
    return False


def _has_query_id(query: str) -> bool:
    for key, value in parse_qsl(query):
        key = key.lower()
        if key in NON_ID_QUERY_KEYS or any(token in key for token in NON_ID_QUERY_TOKENS):
            continue
        value = value.strip()
        if value.isdigit() and len(value) >= MIN_ID_DIGITS and not (len(value) == 4 and _YEAR.fullmatch(value)):
            return True
    return False


def _slug_words(segment: str) -> int:
    """Words of a slug: parts between ``-`` holding a letter (Arabic included)."""
    return sum(any(c.isalpha() for c in part) for part in _SLUG_SEPARATOR.split(_EXTENSION.sub("", segment)))


def index_kind(url: str) -> str | None:
    """The kind of index page a URL names by its path (``/tag/x`` → ``tag``), if any: an
    index segment with at most one segment after it that holds no article id, or a search
    query.

    >>> [index_kind(u) for u in ("https://x.com/tag/gaza/", "https://x.com/video/2025/11/1/x-1234", "https://x.com/?s=a")]
    ['tag', None, 'search']
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if any(name in query for name in SEARCH_PARAMS):
        return "search"
    segments = [s.lower() for s in unquote(parts.path).split("/") if s]
    for position, segment in enumerate(segments):
        kind = INDEX_SEGMENTS.get(segment.rsplit(".", 1)[0])
        if kind is None:
            continue
        rest = segments[position + 1 :]
        if len(rest) <= 1 and not any(_has_numeric_id([s]) or _slug_words(s) >= MIN_SLUG_WORDS for s in rest):
            return kind
    return None
