"""Structured metadata of a page: JSON-LD, ``og:``/``article:*`` meta, ``<link rel=canonical>``.

:func:`read_metadata` collects what the page states about itself, without cleaning: the
loader cleans, the parser decides precedence (JSON-LD first, then meta tags). Also what
generic extraction checks its answer against: the script the page is written in
(:func:`page_script`, so that a headline in another script loses to the page's own ``<h1>``)
and the article text a JavaScript app carries in its state (:func:`app_state_body`).
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "blogposting", "webpage", "reviewnewsarticle", "liveblogposting",
}  # fmt: skip


@dataclass
class PageMetadata:
    """What a page says about itself. Lists keep page order; strings are raw."""

    canonical: str | None = None
    og_type: str | None = None
    site_name: str | None = None
    headline: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    body: str | None = None  # JSON-LD articleBody
    published: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    breadcrumbs: list[dict[str, str]] = field(default_factory=list)
    language: str | None = None
    schema_types: set[str] = field(default_factory=set)  # every JSON-LD node's @type, lowercased


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {str(t).lower() for t in _as_list(node.get("@type"))}


def json_ld_nodes(sel: Selector) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page, ``@graph`` members flattened. Broken blocks are
    skipped (logged at DEBUG)."""
    nodes: list[dict[str, Any]] = []
    for raw in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            logger.debug("Skipping unparsable JSON-LD block: %.80r", raw)
            continue
        stack = _as_list(data)
        while stack:
            node = stack.pop(0)
            if isinstance(node, dict):
                nodes.append(node)
                stack.extend(_as_list(node.get("@graph")))
    return nodes


def _names(value: Any, *, persons_only: bool) -> list[str]:
    names = []
    for entry in _as_list(value):
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            if persons_only and _types(entry) & {"organization", "newsmediaorganization"}:
                continue
            if entry.get("name"):
                names.append(str(entry["name"]))
    return names


def _image_urls(value: Any) -> list[str]:
    urls = []
    for entry in _as_list(value):
        if isinstance(entry, str):
            urls.append(entry)
        elif isinstance(entry, dict) and (entry.get("url") or entry.get("contentUrl")):
            urls.append(str(entry.get("url") or entry.get("contentUrl")))
    return urls


def _keywords(value: Any) -> list[str]:
    words: list[str] = []
    for entry in _as_list(value):
        if isinstance(entry, str):
            words.extend(w.strip() for w in entry.split(",") if w.strip())
    return words


def read_metadata(sel: Selector) -> PageMetadata:
    """Collect JSON-LD article fields first, then ``og:``/``article:*``/``name`` meta tags."""
    meta = PageMetadata()
    for node in json_ld_nodes(sel):
        types = _types(node)
        meta.schema_types.update(t.lower() for t in _as_list(node.get("@type")) if isinstance(t, str))
        if "breadcrumblist" in types:
            for item in sorted(
                _as_list(node.get("itemListElement")), key=lambda i: i.get("position", 0) if isinstance(i, dict) else 0
            ):
                if not isinstance(item, dict):
                    continue
                target = item.get("item")
                name = item.get("name") or (target.get("name") if isinstance(target, dict) else None)
                url = target.get("@id") if isinstance(target, dict) else target
                if name:
                    meta.breadcrumbs.append({"name": str(name), **({"url": str(url)} if url else {})})
        if not types & ARTICLE_TYPES:
            continue
        meta.headline += [str(v) for v in _as_list(node.get("headline")) if isinstance(v, str)]
        meta.description += [str(v) for v in _as_list(node.get("description")) if isinstance(v, str)]
        if isinstance(node.get("articleBody"), str) and not meta.body:
            meta.body = node["articleBody"]
        meta.published += [str(v) for v in _as_list(node.get("datePublished"))]
        meta.modified += [str(v) for v in _as_list(node.get("dateModified"))]
        meta.authors += _names(node.get("author"), persons_only=True)
        meta.section += [str(v) for v in _as_list(node.get("articleSection")) if isinstance(v, str)]
        meta.tags += _keywords(node.get("keywords"))
        meta.images += _image_urls(node.get("image"))
        meta.language = meta.language or (node.get("inLanguage") if isinstance(node.get("inLanguage"), str) else None)

    # One pass over <meta> and <link>: property/name/itemprop -> contents, in page order.
    tags: dict[str, list[str]] = {}
    for element in sel.root.iter("meta", "link"):
        if element.tag == "link":
            if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
                tags.setdefault("link:canonical", []).append(element.get("href").strip())
            continue
        value = (element.get("content") or "").strip()
        if not value:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key:
                tags.setdefault(key.strip().lower(), []).append(value)

    def content(*keys: str) -> list[str]:
        return [value for key in keys for value in tags.get(key, [])]

    meta.canonical = (content("link:canonical") or [None])[0]
    meta.og_type = (content("og:type") or [None])[0]
    meta.site_name = (content("og:site_name") or [None])[0]
    meta.headline += content("og:title")
    meta.description += content("og:description", "description")
    meta.published += content("article:published_time", "datepublished")
    # Through the attribute, not //*[@itemprop=…]: that builds the set of all elements first (4× slower).
    meta.published += [v.strip() for v in sel.xpath('//@itemprop[.="datePublished"]/../@datetime').getall()]
    meta.modified += content("article:modified_time", "og:updated_time", "datemodified")
    meta.authors += content("author")
    meta.section += content("article:section")
    meta.tags += content("article:tag")
    meta.images += content("og:image")
    meta.language = meta.language or sel.root.get("lang") or None
    return meta


def writing_system(text: str) -> str | None:
    """The script most letters of ``text`` are written in (``"ARABIC"`` — Persian and Urdu
    too —, ``"LATIN"``, ``"CYRILLIC"``…), ``None`` without letters."""
    counts = Counter(unicodedata.name(ch, "?").split(" ", 1)[0] for ch in text if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def page_script(sel: Selector, sample: int = 2000) -> str | None:
    """The script of the page's running text: its paragraphs' first ``sample`` characters."""
    text = ""
    for paragraph in sel.root.iter("p"):
        text += " ".join(paragraph.itertext())
        if len(text) >= sample:
            break
    return writing_system(text)


# JavaScript apps (Next.js, Nuxt, stores serialised into the page) carry the article's text in
# their state; the body is the family of strings (same place in the state) with the most words.
APP_STATE_SCRIPTS = '//script[@id="__NEXT_DATA__" or @id="__NUXT_DATA__"]/text()'
APP_STATE_GLOBALS = '//script[not(@src)][starts-with(normalize-space(.), "window.__")]/text()'
APP_TEXT_MIN_WORDS = 8
APP_BODY_MIN_WORDS = 50
_TAG = re.compile(r"<[^>]+>")
_INDEX = re.compile(r"\[\d+\]")


def markup_text(value: str) -> str:
    """The text of a string that may hold markup, its entities decoded (structured data
    sometimes escapes them twice)."""
    return _TAG.sub(" ", html.unescape(html.unescape(value)))


def app_state_body(sel: Selector) -> str | None:
    """The article text of a JavaScript app's state (``__NEXT_DATA__``, ``__NUXT_DATA__``,
    ``window.__INITIAL_STATE__ = {…}``): the strings of :data:`APP_TEXT_MIN_WORDS` or more words found at
    the same place in the state (list positions ignored) with the most words in all, one per
    line — or ``None`` below :data:`APP_BODY_MIN_WORDS`."""
    families: dict[str, list[str]] = {}
    for raw in sel.xpath(APP_STATE_SCRIPTS).getall():
        try:
            _collect(json.loads(raw), families)
        except ValueError:
            continue
    for raw in sel.xpath(APP_STATE_GLOBALS).getall():
        try:  # "window.__INITIAL_STATE__ = {…};" (not a function call, such as Nuxt 2's)
            _collect(json.loads(raw[raw.find("{") : raw.rfind("}") + 1]), families)
        except ValueError:
            continue
    best = max(families.values(), key=lambda texts: sum(len(t.split()) for t in texts), default=[])
    return "\n".join(best) if sum(len(t.split()) for t in best) >= APP_BODY_MIN_WORDS else None


def _collect(data: Any, families: dict[str, list[str]]) -> None:
    """Add the long strings of ``data`` to ``families``, keyed by where they sit (iterative)."""
    stack = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{where}.{key}", item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[]", item) for item in reversed(value))
        elif isinstance(value, str) and value.count(" ") + 1 >= APP_TEXT_MIN_WORDS:
            text = " ".join(markup_text(value).split())
            if len(text.split()) >= APP_TEXT_MIN_WORDS:
                families.setdefault(_INDEX.sub("[]", where), []).append(text)
