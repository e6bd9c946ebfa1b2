"""A region of a page as text blocks that keep their structure.

A *block* is a paragraph as a reader sees it: the inline content of a block element, or a
run of inline content between ``<br>``s and block boundaries — so text written directly in
a ``<div>`` or ``<td>``, or between empty ``<p>``s, is paragraphs too. Each block keeps what
the boilerplate rules (:mod:`newscrawl.extraction.boilerplate`) decide on:

- how much of its text is anchor text, and where the rest sits (a label before the links, a
  date after them, or words around a link inside a sentence), and whether it links to a
  social network or an app store;
- the *role* an element around it gives it, from the element's tag and the words of its
  class/id (:data:`ROLE_TAGS`, :data:`ROLE_CLASS_WORDS`; ``rel``/``itemprop`` author and links
  to author pages make a byline), for an element of furniture size (:data:`ROLE_MAX_WORDS`),
  or from a site profile's ``drop_selectors`` at any size;
- the role of a *box* found on the way out of an element: a small element around a player,
  a form, an ad slot or an image that comes before its text, with a few short lines; a
  blockquote that links to a social network; short lines linking to social networks; a box
  whose lines are links and short labels;
- whether an image comes right before it (a caption or a credit line), whether it is all
  bold (a subheading).

Hidden elements (``hidden``, ``aria-hidden``, inline ``display:none``/``visibility:hidden``,
always-hidden utility classes) and navigation/footers of furniture size are not read at all;
their text is kept apart (:attr:`Region.unread`). The walk is iterative
(``lxml.etree.iterwalk``): any depth of nesting is fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

BLOCK_TAGS = frozenset([
    "p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
    "h4", "h5", "h6", "pre", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "center", "figure",
    "figcaption", "header", "footer", "nav", "aside", "form", "fieldset", "legend", "address", "hr", "details",
    "summary", "body", "html",
])  # fmt: skip
# Elements whose content is never article text (no block, no removal record).
SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas", "math", "map"]
)
# Navigation and footers are not read at all (when of furniture size, see ROLE_MAX_WORDS).
UNREAD_CHROME = frozenset(["nav", "footer"])
MEDIA_TAGS = frozenset(["iframe", "video", "audio", "object", "embed"])
AD_TAGS = frozenset(["ins"])  # an ad slot (AdSense and the like)
CONTROL_TAGS = frozenset(["input", "button", "select", "textarea"])
FORM_TAGS = frozenset(["form", "fieldset"])  # a form box, when small (a page may sit in one <form>)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
BOLD_TAGS = frozenset(["b", "strong"])

# Element roles by tag and by the words of class/id (whole words, as trafilatura's class
# tokens: "wp-caption-text" and "author-card" have one, "node-not-promoted" has none).
ROLE_TAGS = {
    "figure": "caption", "figcaption": "caption", "caption": "caption",
    "nav": "chrome", "header": "chrome", "footer": "chrome", "aside": "chrome",
}  # fmt: skip
ROLE_CLASS_WORDS: dict[str, tuple[str, ...]] = {
    "caption": ("caption", "captions", "credit", "credits"),
    "embed": ("twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "fb-video", "fb-xfbml-parse-ignore",
              "embed", "video-player", "jwplayer", "youtube-player"),
    "newsletter": ("newsletter", "subscribe", "subscription", "signup"),
    "byline": ("author", "authors", "byline", "writer", "writers"),
    "comments": ("comment", "comments"),
    "share": ("share", "sharing", "social"),
    "related": ("related", "most-read", "mostread"),
    "ad": ("advert", "advertisement", "ad-slot", "banner", "promo"),
    "tags": ("tags",),
    "chrome": ("breadcrumb", "breadcrumbs"),
}  # fmt: skip
ROLE_ATTRIBUTES = {"navigation": "chrome", "complementary": "chrome"}  # role="…"
# A role from a tag or class covers an element of at most this many words: a page wrapped in
# one <form>, or an article whose class says "author-…", is not one piece of furniture.
ROLE_MAX_WORDS = 200
# Always-hidden utility classes (whole class tokens).
HIDDEN_CLASSES = frozenset([
    "hidden", "d-none", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "element-invisible",
    "u-hide",
])  # fmt: skip
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
RESPONSIVE_SHOW = re.compile(r"\bd-(?:sm|md|lg|xl|xxl)-(?:block|inline|flex|grid|table)")
# Social networks and app stores: a short line linking to them is a follow/share/app prompt.
SOCIAL_HOSTS = (
    "twitter.com", "x.com", "t.co", "instagram.com", "facebook.com", "fb.com", "tiktok.com", "youtube.com",
    "youtu.be", "vimeo.com", "dailymotion.com", "snapchat.com", "threads.net", "telegram.me", "t.me",
    "news.google.com", "whatsapp.com", "wa.me", "linkedin.com", "pinterest.com",
    "play.google.com", "apps.apple.com", "itunes.apple.com", "appgallery.huawei.com",
)  # fmt: skip
AUTHOR_PATH = re.compile(r"/(?:authors?|writers?|columnists?|kottab|kuttab|byline)(?:/|$|[-_?.])", re.I)

_CLASS_ROLE = re.compile(
    r"(?<![a-z0-9])(?<!no-)(?<!not-)(?<!has-)(?:"
    + "|".join(f"(?P<{role}>{'|'.join(map(re.escape, words))})" for role, words in ROLE_CLASS_WORDS.items())
    + r")(?![a-z])"
)

# Boxes: small elements that are one piece of furniture as a whole.
BOX_MAX_WORDS = 40
BOX_MAX_BLOCKS = 4
BOX_LABEL_WORDS = 6  # the other lines of a box of links: a label, a date
BOX_LINE_WORDS = 20  # each line of a player or form box (a title, a prompt)
CAPTION_BOX_WORDS = 30  # each line of an image box
SOCIAL_LINE_WORDS = 12  # each line of a box with links to social networks ("follow us on …")
SENTENCE_END = re.compile(r"[.!?؟…]\W*$")
# A link block: anchors cover at least this share of its text…
LINK_SHARE = 0.5
# …and its other words, all on one side of the links (a label before them, a date after), are this few.
LINK_BLOCK_OTHER_WORDS = 4
SEPARATOR = re.compile(r"^[\W_]*$")  # no letter or digit: "|", "-", "•"


@dataclass(slots=True, eq=False)
class Block:
    """One paragraph of the region, with its structure. ``reason`` is set by the rules."""

    text: str
    holder: HtmlElement  # the innermost block element around it
    link_chars: int = 0
    link_texts: list[str] = field(default_factory=list)
    other_words: int = 0  # words outside anchors
    other_sides: int = 0  # 0, 1 or 2: non-link words before the first and/or after the last link
    role: str | None = None
    image: str | None = None  # "same": an image right before it in its own element; "near": in the one before
    bold: bool = False  # all its text is in <b>/<strong>
    social: bool = False  # it links to a social network or an app store
    reason: str | None = None
    words: int = field(init=False)

    def __post_init__(self) -> None:
        self.words = len(self.text.split())

    @property
    def links(self) -> bool:
        """A line of a box of links: :attr:`is_links` or :attr:`all_links`."""
        return self.is_links or self.all_links

    @property
    def all_links(self) -> bool:
        """Its text is anchor text, but for separators and a word or two."""
        return bool(self.link_texts) and self.link_chars >= 0.9 * len(self.text)

    @property
    def is_links(self) -> bool:
        """Its visible text is (nearly) all anchor text — links and at most a short label or
        date on one side of them, not a sentence that contains a link — and more than one word
        (a lone linked word such as an agency's name ends a paragraph; menus of single words
        are boxes of links)."""
        if not self.link_texts or self.words < 2:
            return False
        if self.all_links:
            return True
        return (
            self.link_chars >= LINK_SHARE * len(self.text)
            and self.other_words <= LINK_BLOCK_OTHER_WORDS
            and self.other_sides <= 1
        )

    @property
    def heading(self) -> bool:
        """A heading by its markup: in ``<h2>``…``<h6>``, or all bold."""
        return self.bold or self.holder.tag in HEADING_TAGS


@dataclass
class Region:
    """The blocks of a region in page order, and the elements that were not read: hidden ones
    and navigation/footer chrome, as ``(element, reason, text)``."""

    blocks: list[Block]
    unread: list[tuple[HtmlElement, str, str]]


def element_traits(element: HtmlElement, tag: str) -> tuple[bool, str | None]:
    """(hidden, role): whether the element is hidden from readers, and the role it gives
    everything inside it, from its tag and attributes (read once)."""
    items = element.items()
    if not items:
        return False, ROLE_TAGS.get(tag)
    attributes = dict(items)
    get = attributes.get
    if "hidden" in attributes or get("aria-hidden", "").strip().lower() == "true":
        return True, None
    style = get("style")
    if style and HIDDEN_STYLE.search(style):
        return True, None
    names = get("class", "").lower()
    if names:
        tokens = names.split()
        if HIDDEN_CLASSES.intersection(tokens) and not ("d-none" in tokens and RESPONSIVE_SHOW.search(names)):
            return True, None
    role = ROLE_TAGS.get(tag)
    if role:
        return False, role
    if tag == "blockquote" and (get("data-instgrm-permalink") or get("cite", "").startswith("https://www.tiktok")):
        return False, "embed"
    if get("itemprop") == "author" or "author" in get("rel", ""):
        return False, "byline"
    if tag == "a" and AUTHOR_PATH.search(get("href", "")):
        return False, "byline"
    aria = ROLE_ATTRIBUTES.get(get("role", "").lower())
    if aria:
        return False, aria
    ident = get("id", "")
    if names or ident:
        found = _CLASS_ROLE.search(f"{names} {ident.lower()}")
        if found:
            return False, found.lastgroup
    return False, None


def _social(href: str | None) -> bool:
    if not href or not href.startswith("http"):
        return False
    host = (urlsplit(href).hostname or "").removeprefix("www.").removeprefix("m.")
    return host in SOCIAL_HOSTS


@dataclass(slots=True)
class _Open:
    """An element being walked: where its blocks start and what it holds."""

    element: HtmlElement
    tag: str
    block: bool
    first_block: int
    chars_at_start: int
    words_at_start: int  # words of the blocks before it
    lines_at_start: int  # link lines before it (see _Builder.box_lines)
    long_at_start: int  # long lines before it (see _Builder.long_lines)
    role: str | None = None  # given to its blocks on the way out (block elements)
    forced: bool = False  # a site's drop selector: no size limit
    walked: bool = False  # its content is read (not skipped)
    media: bool = False
    control: bool = False
    social: bool = False  # a link to a social network inside
    social_link: bool = False  # it is such a link
    ad: bool = False
    image_first: bool | None = None  # an image came before any text in it


class _Builder:
    """Collects the inline pieces of the current block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[tuple[str, bool, str | None]] = []  # (text, in a link, role)
        self.chars = 0  # text characters added so far (all blocks)
        self.holder: HtmlElement | None = None
        self.image: str | None = None
        self.pending_image: HtmlElement | None = None  # holder of an image not yet followed by text
        self.brs_since_image = 0
        self.chars_in_block = 0
        self.bold = 0  # depth of <b>/<strong> around the text being added
        self.social = 0  # depth of links to social networks / app stores around it
        self.social_in_block = False
        self.plain = False  # the current block has text outside <b>/<strong>
        self.words = 0  # words of all blocks so far
        self.box_lines = 0  # blocks so far that are links (is_links or all_links)
        self.long_lines = 0  # blocks so far that are neither links nor short enough to label a box

    def add(self, text: str | None, in_link: bool, role: str | None, holder: HtmlElement) -> None:
        if not text:
            return
        if not self.pieces:
            if not text.strip():
                return
            self.holder = holder
        if text.strip():
            if self.pending_image is not None and not self.chars_in_block:
                self.image = _after_image(self.pending_image, holder, self.brs_since_image)
            self.pending_image = None
            self.chars_in_block += len(text.strip())
            self.plain = self.plain or not self.bold
            self.social_in_block = self.social_in_block or self.social > 0
        self.pieces.append((text, in_link, role))
        self.chars += len(text.strip())

    def flush(self) -> None:
        if not self.pieces:
            return
        count = len(self.blocks)
        self._flush()
        if len(self.blocks) > count:
            block = self.blocks[-1]
            self.words += block.words
            if block.links:
                self.box_lines += 1
            elif block.words > BOX_LABEL_WORDS:
                self.long_lines += 1

    def _flush(self) -> None:
        pieces, self.pieces = self.pieces, []
        self.chars_in_block = 0
        bold, self.plain = not self.plain, False
        social, self.social_in_block = self.social_in_block, False
        text = " ".join("".join(p[0] for p in pieces).split())
        image, self.image = self.image, None
        if not text:
            return
        assert self.holder is not None
        block = Block(text, self.holder, image=image, bold=bold, social=social)
        if len(pieces) == 1:  # the common case: one run of text
            _, in_link, role = pieces[0]
            block.role = role
            if in_link:
                block.link_chars = len(text)
                block.link_texts = [text]
            self.blocks.append(block)
            return
        role_chars: dict[str | None, int] = {}
        for piece, in_link, role in pieces:
            role_chars[role] = role_chars.get(role, 0) + len(piece.strip())
            if in_link:
                block.link_chars += len(piece.strip())
        top = max(role_chars, key=role_chars.__getitem__)
        block.role = top if role_chars[top] * 2 >= sum(role_chars.values()) else None
        if block.link_chars:
            block.link_chars = min(block.link_chars, len(text))
            block.link_texts = _link_texts(pieces)
            block.other_words, block.other_sides = _around_links(pieces)
        self.blocks.append(block)


def _after_image(image_holder: HtmlElement, holder: HtmlElement, brs: int) -> str | None:
    """Where text starting ``holder``'s block stands to the image just before it: ``"same"``
    (its own element, at most one ``<br>`` between), ``"near"`` (the element before), else
    ``None``."""
    if image_holder is holder:
        return "same" if brs <= 1 else None
    previous = holder.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is not None and (previous is image_holder or previous in image_holder.iterancestors()):
        return "near"
    return None


def _around_links(pieces: list[tuple[str, bool, str | None]]) -> tuple[int, int]:
    """Words outside the anchors (separators such as "|" or "-" are not words), and on how many
    sides of them: a label before the links or a date after them is one side; words on both
    sides, or more than a conjunction between two links, are a sentence around its links (2)."""
    lead = gap = since_link = 0  # words before the first link, between links, after the latest
    seen_link = False
    for piece, in_link, _ in pieces:
        if in_link:
            seen_link = True
            gap, since_link = gap + since_link, 0
            continue
        words = sum(1 for w in piece.split() if not SEPARATOR.match(w))
        if seen_link:
            since_link += words
        else:
            lead += words
    return lead + gap + since_link, (lead > 0) + (since_link > 0) + (2 if gap > 2 else 0)


def _link_texts(pieces: list[tuple[str, bool, str | None]]) -> list[str]:
    texts, current = [], []
    for piece, in_link, _ in pieces:
        if in_link:
            current.append(piece)
        elif current and piece.strip():
            texts.append(" ".join("".join(current).split()))
            current = []
    if current:
        texts.append(" ".join("".join(current).split()))
    return [t for t in texts if t]


def region_blocks(root: HtmlElement, drop: frozenset[HtmlElement] = frozenset()) -> Region:
    """The blocks of ``root`` in page order. ``drop``: elements of a site's drop selectors
    (their blocks get the role ``site_selector``)."""
    build = _Builder()
    unread: list[tuple[HtmlElement, str, str]] = []
    stack: list[_Open] = []
    inline_role: list[str | None] = [None]  # the role of inline elements around the text
    holders: list[HtmlElement] = [root]  # the block elements around the text
    link_depth = 0
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        if event in ("comment", "pi"):
            if stack:
                build.add(element.tail, link_depth > 0, inline_role[-1], holders[-1])
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                build.flush()  # before the element's blocks start
            entry = _Open(
                element, tag, False, len(build.blocks), build.chars, build.words, build.box_lines, build.long_lines
            )
            stack.append(entry)
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                continue
            is_hidden, role = element_traits(element, tag)
            if is_hidden or (tag in UNREAD_CHROME and element is not root):
                text = " ".join(element.text_content().split())
                if is_hidden or len(text.split()) <= ROLE_MAX_WORDS:
                    if text:
                        unread.append((element, "hidden" if is_hidden else "chrome", text))
                    walker.skip_subtree()
                    continue
            if tag in MEDIA_TAGS or tag in AD_TAGS or tag in CONTROL_TAGS or tag == "img" or tag == "br":
                parent = stack[-2] if len(stack) > 1 else entry
                if tag in MEDIA_TAGS:
                    parent.media = True
                elif tag in AD_TAGS:
                    parent.ad = True
                elif tag in CONTROL_TAGS:
                    parent.control = True
                elif tag == "br":
                    build.brs_since_image += build.pending_image is not None
                else:  # img
                    if parent.image_first is None:
                        parent.image_first = build.chars == parent.chars_at_start
                    if _shown_image(element):
                        build.pending_image = holders[-1]
                        build.brs_since_image = 0
                walker.skip_subtree()
                continue
            entry.block, entry.walked = tag in BLOCK_TAGS, True
            entry.control = tag in FORM_TAGS
            if element is not root:
                if drop and element in drop:
                    entry.role, entry.forced = "site_selector", True
                else:
                    entry.role = role
            if entry.block:
                inline_role.append(inline_role[-1])
                holders.append(element)
            else:
                inline_role.append(inline_role[-1] or entry.role)
            if tag in BOLD_TAGS:
                build.bold += 1
            if tag == "a" and not (element.get("href") or "#").startswith("#"):
                link_depth += 1
                if _social(element.get("href")):
                    entry.social_link = True
                    build.social += 1
                    if len(stack) > 1:
                        stack[-2].social = True
            build.add(element.text, link_depth > 0, inline_role[-1], holders[-1])
            continue
        # end
        current = stack.pop()
        if current.walked:
            inline_role.pop()
            if current.block:
                holders.pop()
            if current.tag in BOLD_TAGS:
                build.bold -= 1
        if current.tag == "a" and link_depth and not (element.get("href") or "#").startswith("#"):
            link_depth -= 1
            build.social -= current.social_link
        claimed = False
        if current.block:
            build.flush()
            claimed = _close(current, build, is_root=not stack)
            if claimed:
                build.pending_image = None  # its image belongs to it
        if stack:
            parent = stack[-1]
            if not claimed:  # a media, form or image box passes nothing up
                parent.media |= current.media
                parent.control |= current.control
                parent.social |= current.social
                parent.ad |= current.ad
                if parent.image_first is None and current.image_first is not None:
                    parent.image_first = current.image_first and current.chars_at_start == parent.chars_at_start
            if element is not root:
                build.add(element.tail, link_depth > 0, inline_role[-1], holders[-1])
    build.flush()
    return Region(build.blocks, unread)


def _shown_image(element: HtmlElement) -> bool:
    """An image a reader sees (not a tracking pixel or a spacer)."""
    for name in ("width", "height"):
        value = (element.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= 2:
            return False
    return True


def _close(current: _Open, build: _Builder, *, is_root: bool) -> bool:
    """On leaving a block element: give its blocks the element's role (a site's drop selector
    at any size, a tag or class role up to :data:`ROLE_MAX_WORDS`), or a role of its own when
    the element as a whole is one piece of furniture: a social post; a small box of short
    lines around a player, a form, an ad slot or an image that comes first; short lines (not
    sentences) with links to social networks; a box of links and labels.
    Returns whether the element is such a piece (its media, form and image are accounted for)."""
    inside = len(build.blocks) - current.first_block
    if is_root or not inside or current.tag in ("body", "html"):
        return False
    words = build.words - current.words_at_start
    role = current.role if current.forced or words <= ROLE_MAX_WORDS else None
    flags = current.media or current.control or current.ad or current.social or current.image_first
    if role is None and (flags or build.box_lines - current.lines_at_start >= 2):
        role = _box_role(current, build.blocks[current.first_block :], words)
        if role is None and build.box_lines - current.lines_at_start >= 2 and build.long_lines == current.long_at_start:
            role = "related"
    if role is None:  # it passes its flags up unless everything in it is furniture already
        return bool(flags) and all(b.role for b in build.blocks[current.first_block :])
    for block in build.blocks[current.first_block :]:
        if block.role is None:
            block.role = role
    return True


def _box_role(current: _Open, inside: list[Block], words: int) -> str | None:
    """The role of a small element around a player, a form, an ad slot, an image or social
    links, or of a blockquote that is a social post."""
    if current.tag == "blockquote" and current.social:
        return "embed"
    free = [b for b in inside if b.role is None]
    if not free:
        return None
    small = words <= BOX_MAX_WORDS and len(inside) <= BOX_MAX_BLOCKS
    lines = small and all(b.words <= BOX_LINE_WORDS for b in free)
    if lines and current.media:
        return "embed"
    if lines and current.control:
        return "newsletter"
    if lines and current.ad:
        return "ad"
    if small and current.image_first and all(b.words <= CAPTION_BOX_WORDS for b in free):
        return "caption"
    if current.social and all(b.words <= SOCIAL_LINE_WORDS and not SENTENCE_END.search(b.text) for b in free):
        return "share"  # "follow us on …", "share:" with links to social networks
    return None
