"""Generic extraction: the article's paragraphs from any page, without site selectors.

Used when a site's selectors do not match (a layout change, a legacy page) and for sites
without a profile. Cascade (:func:`generic_paragraphs`):

1. trafilatura (``favor_precision``) on the page's decoded HTML, ZWNJ protected from its
   whitespace cleaning (:func:`trafilatura_paragraphs`);
2. if it finds fewer than :data:`MIN_TRAFILATURA_WORDS` words, the main-content container
   instead — the element whose direct text blocks hold the most text once
   :data:`GENERIC_DROP_SELECTORS` are dropped (:func:`best_container`) — split into text
   blocks (:func:`paragraphs_of`), when it holds more;
3. in that case also JSON-LD ``articleBody``, when it is longer than both;
4. the lead: a page element whose text is the page's description, placed before the first
   paragraph found, when the body does not already hold it (:func:`with_lead`).

The loader then cleans the paragraphs and applies the boilerplate rules.

The headline of such a page comes from ``og:title``/JSON-LD, else ``<h1>``, else the
``<title>`` without its site-name part (:func:`headline_from_title`).
"""

from __future__ import annotations

import copy
import re

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from newscrawl.extraction.boilerplate import GENERIC_DROP_SELECTORS
from newscrawl.text.arabic import match_key

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "center",
    ]
)
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»«]+\s+|\s*\|\s*")
# Below this many words, trafilatura's answer is checked against the main-content container.
MIN_TRAFILATURA_WORDS = 40
# A container must hold at least this many characters of paragraph text to be the body.
MIN_CONTAINER_CHARS = 200


def paragraphs_of(element: HtmlElement) -> list[str]:
    """Text blocks of ``element`` in page order: each block element and each run of inline
    content between ``<br>``s or blocks is one paragraph (raw text, whitespace as is)."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(node: HtmlElement) -> None:
        if node.text:
            current.append(node.text)
        for child in node:
            if isinstance(child, etree._Comment | etree._ProcessingInstruction) or not isinstance(child.tag, str):
                if child.tail:
                    current.append(child.tail)
                continue
            tag = child.tag.lower()
            if tag == "br":
                flush()
            elif tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            if child.tail:
                current.append(child.tail)

    walk(element)
    flush()
    return paragraphs


def _direct_text_length(element: HtmlElement) -> int:
    """Characters of text in the element's own inline content and its ``<p>`` children."""
    size = len((element.text or "").strip())
    for child in element:
        if not isinstance(child.tag, str):
            size += len((child.tail or "").strip())
            continue
        tag = child.tag.lower()
        if tag == "p":
            size += len(child.text_content().strip())
        elif tag in ("br", "a", "b", "strong", "em", "i", "span", "font", "u"):
            size += len(child.text_content().strip()) if tag != "br" else 0
        size += len((child.tail or "").strip())
    return size


def best_container(root: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs hold the most text, or ``None`` below
    :data:`MIN_CONTAINER_CHARS`."""
    best, best_size = None, MIN_CONTAINER_CHARS - 1
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.lower() in ("html", "head", "script", "style"):
            continue
        size = _direct_text_length(element)
        if size > best_size:
            best, best_size = element, size
    return best


def drop_generic_noise(sel: Selector) -> None:
    """Remove navigation, share, comment, ad… containers from ``sel`` (in place)."""
    for query in GENERIC_DROP_SELECTORS:
        sel.css(query).drop()


# Trafilatura deletes ZWNJ (U+200C), which fuses Persian words; a letter that never occurs
# in news text stands in for it while trafilatura runs.
_ZWNJ = "\u200c"
_ZWNJ_STANDIN = "\u16dd"


def trafilatura_paragraphs(html: str, url: str | None = None) -> list[str]:
    """Paragraphs trafilatura finds in the page's decoded HTML. Trafilatura parses the text
    itself: its own parser settings find more of some pages than a tree parsed elsewhere."""
    protected = _ZWNJ in html and _ZWNJ_STANDIN not in html
    text = trafilatura.extract(
        html.replace(_ZWNJ, _ZWNJ_STANDIN) if protected else html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    if not text:
        return []
    if protected:
        text = text.replace(_ZWNJ_STANDIN, _ZWNJ)
    return [line for line in (" ".join(line.split()) for line in text.split("\n")) if line]


def container_paragraphs(sel: Selector) -> list[str]:
    """Text blocks of the main-content container (mutates ``sel``: noise is dropped)."""
    drop_generic_noise(sel)
    body = sel.css("body")
    container = best_container(body[0].root if body else sel.root)
    return paragraphs_of(container) if container is not None else []


def with_lead(paragraphs: list[str], root: HtmlElement, description: str | None) -> list[str]:
    """Put the page's lead first when the paragraphs lack it: the text of the innermost
    element that starts with the page's description (≥ 8 words)."""
    if not paragraphs or not description or len(description.split()) < 8:
        return paragraphs
    lead_key = match_key(description)
    head = lead_key[: min(len(lead_key), 120)]
    body_keys = [match_key(p) for p in paragraphs[:3]]
    if any(head[:60] in key for key in body_keys):
        return paragraphs
    start = " ".join(description.split()[:2])
    for text_node in root.xpath(".//text()[contains(., $start)]", start=start):
        element = text_node.getparent()
        for _ in range(4):  # the text node's element or a close ancestor holds the lead
            if element is None:
                break
            text = " ".join(element.text_content().split())
            key = match_key(text)
            if key.startswith(head) and len(key) <= 2 * len(lead_key) + 40:
                return [text, *paragraphs]
            if len(key) > 2 * len(lead_key) + 40:
                break
            element = element.getparent()
    return paragraphs


def generic_paragraphs(
    sel: Selector,
    json_ld_body: str | None = None,
    *,
    html: str | None = None,
    url: str | None = None,
    description: str | None = None,
) -> list[str]:
    """The article's raw paragraphs found without site selectors (the cascade above), from
    the page's tree ``sel`` and its decoded ``html``. Mutates ``sel``: noise is dropped."""
    root = sel.root
    found = trafilatura_paragraphs(html if html is not None else sel.get(), url)
    if sum(len(p.split()) for p in found) < MIN_TRAFILATURA_WORDS:
        root = copy.deepcopy(root)  # the container search drops noise from the page tree
        fallback = container_paragraphs(sel)
        if sum(map(len, fallback)) > sum(map(len, found)):
            found = fallback
        if json_ld_body and len(json_ld_body) > sum(map(len, found)):
            found = [line for line in json_ld_body.splitlines() if line.strip()]
    return with_lead(found, root, description)


def headline_from_title(title: str) -> str:
    """``"وزراء … الأعمال - إيلاف"`` → ``"وزراء … الأعمال"``: the longest part of a
    ``<title>`` split at `` - `` / `` | `` separators (the site name is the short part)."""
    parts = [part.strip() for part in TITLE_SEPARATORS.split(title) if part.strip()]
    return max(parts, key=len) if parts else title.strip()


def choose_headline(h1_texts: list[str], meta_headlines: list[str], title: str | None) -> str | None:
    """The page's headline: the ``<h1>`` that agrees with the page's metadata headline
    (JSON-LD/``og:title``, which may carry a site-name suffix), else that metadata headline,
    else a lone ``<h1>``, else the ``<title>`` without its site-name part."""
    h1s = [" ".join(t.split()) for t in h1_texts if 2 <= len(t.split()) <= 40]
    meta = next((m for m in meta_headlines if m.strip()), None)
    if meta:
        meta_words = set(match_key(meta).split())
        for h1 in h1s:
            words = set(match_key(h1).split())
            shared = len(words & meta_words)
            if words and shared >= 0.6 * len(words) and shared >= 0.4 * len(meta_words):
                return h1
        return meta
    if h1s:
        return h1s[0]
    return headline_from_title(title) if title else None
