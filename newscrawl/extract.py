"""Generic extraction: the article's paragraphs from any page, without site selectors.

Used when a site's selectors do not match (a layout change, a legacy page) and for sites
without a profile. Cascade:

1. JSON-LD ``articleBody`` when it is long enough and the page has no better text;
2. the main-content container: after dropping :data:`GENERIC_DROP_SELECTORS`, the element
   whose direct text blocks hold the most text (:func:`best_container`);
3. its text blocks in page order (:func:`paragraphs_of`), for the loader to clean.

The headline of such a page comes from ``og:title``/JSON-LD, else ``<h1>``, else the
``<title>`` without its site-name part (:func:`headline_from_title`).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from newscrawl.boilerplate import GENERIC_DROP_SELECTORS

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


def generic_paragraphs(sel: Selector, json_ld_body: str | None = None) -> list[str]:
    """The article's raw paragraphs found without site selectors (the cascade above).
    Mutates ``sel``: noise containers are dropped."""
    drop_generic_noise(sel)
    body = sel.css("body")
    container = best_container(body[0].root if body else sel.root)
    found = paragraphs_of(container) if container is not None else []
    if json_ld_body and len(json_ld_body) > sum(map(len, found)):
        return [line for line in json_ld_body.splitlines() if line.strip()]
    return found


def headline_from_title(title: str) -> str:
    """``"وزراء … الأعمال - إيلاف"`` → ``"وزراء … الأعمال"``: the longest part of a
    ``<title>`` split at `` - `` / `` | `` separators (the site name is the short part)."""
    parts = [part.strip() for part in TITLE_SEPARATORS.split(title) if part.strip()]
    return max(parts, key=len) if parts else title.strip()
