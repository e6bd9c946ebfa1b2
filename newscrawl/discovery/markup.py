"""HTML for the discovery readers that take a page (feed links, listings): bytes or text →
an lxml tree, bounded and tolerant; the document's base URL; display text of an element."""

from __future__ import annotations

import re
from html import unescape

import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode

from newscrawl.discovery.links import resolve

# A listing or home page is read up to this many characters (the links of a page come early).
MAX_HTML_CHARS = 4 * 1024 * 1024
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_WHITESPACE = re.compile(r"\s+")


def parse_html(html: bytes | str, max_chars: int = MAX_HTML_CHARS) -> etree._Element | None:
    """The page as an lxml tree (``None`` when it holds no markup). Bytes are decoded with
    their byte-order mark or ``<meta charset>``, else UTF-8."""
    if isinstance(html, bytes):
        html = html_to_unicode(None, html[: max_chars * 2])[1]
    text = _XML_DECLARATION.sub("", html[:max_chars], count=1)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def document_base(root: etree._Element, page_url: str) -> str:
    """The URL relative links of the page resolve against: its ``<base href>``, else its URL."""
    base = next(root.iter("base"), None)
    href = resolve(base.get("href") or "", page_url) if base is not None else None
    return href or page_url


def display_text(text: str | None) -> str | None:
    """Text as a title is shown: tags removed, entities decoded, whitespace collapsed.

    >>> display_text(" <b>Gaza</b> &amp;\\n truce ")
    'Gaza & truce'
    """
    if not text:
        return None
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    return _WHITESPACE.sub(" ", text).strip() or None
