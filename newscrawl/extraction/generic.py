"""Generic extraction: the article's paragraphs from any page, without site selectors.

Used when a site's selectors do not match (a layout change, a legacy page) and for sites
without a profile. Every vote is read on the page's blocks (:mod:`newscrawl.extraction.blocks`),
after the structural rules have marked furniture (:func:`~newscrawl.extraction.boilerplate.mark_furniture`):

1. the *container*: the element whose paragraphs hold the most clean text — text written
   directly in a ``div``/``td`` or between empty ``<p>`` counts as paragraphs
   (:func:`best_container`);
2. *trafilatura* (``favor_precision``) on the page's decoded HTML, ZWNJ protected from its
   whitespace cleaning (:func:`trafilatura_paragraphs`): each of its lines is placed on the
   block it came from, and lines on furniture blocks are dropped;
3. the cross-check: when trafilatura's lines cover at least :data:`AGREEMENT` of the
   container's clean words, its answer stands (it also finds bodies split over several
   containers), plus the container's long paragraphs and subheadings it left out; when they
   do not, it lost the text and the container's blocks are the body;
4. structured data: when the page carries its body as text (JSON-LD ``articleBody``, else
   a JavaScript app's state: :func:`~newscrawl.extraction.metadata.app_state_body`) and the
   answer holds less than :data:`STRUCTURED_AGREEMENT` of its words, the page blocks that
   hold that text are the body — or the structured text itself, when no block does
   (:func:`recover_structured`);
5. the lead: a page element whose text is the page's description, placed before the first
   paragraph found, when the body does not already hold it (:func:`with_lead`);
6. position rules on the result: short lines above the headline in the page (kicker), byline
   lines, a "continued" marker.

The loader then cleans the paragraphs and applies the text rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement
from parsel import Selector

from newscrawl.extraction.blocks import Block, region_blocks
from newscrawl.extraction.boilerplate import (
    KICKER_MAX_WORDS,
    StructureResult,
    byline_names,
    mark_furniture,
    mark_positions,
)
from newscrawl.extraction.metadata import app_state_body, markup_text, writing_system
from newscrawl.text.arabic import match_key

_NOT_ALNUM = re.compile(r"[\W_]+")
_BREAK = re.compile(r"\n|<br\s*/?>|</?p[^>]*>", re.I)
TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»«]+\s+|\s*\|\s*")
# Trafilatura's answer stands when it covers this share of the container's clean words…
AGREEMENT = 0.6
# …and the answer stands when it holds this share of a structured body's distinct words.
STRUCTURED_AGREEMENT = 0.5
# A clean container block this long is text even when trafilatura left it out (and so is a
# subheading between two of its lines).
LONG_PARAGRAPH_WORDS = 20
# A line that runs blocks together is looked for among this many blocks after the last one placed.
RUN_TOGETHER_BLOCKS = 200
# A block counts for the container search from this many words.
CONTAINER_BLOCK_WORDS = 8
PARAGRAPH_TAGS = frozenset(["p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "pre"])


@dataclass
class GenericResult(StructureResult):
    """:class:`StructureResult` plus which vote gave the body (for ``--explain``)."""

    path: str = "trafilatura"


def best_container(blocks: list[Block]) -> HtmlElement | None:
    """The element whose paragraphs hold the most clean text: each clean block of
    :data:`CONTAINER_BLOCK_WORDS` or more credits its length to the element holding the
    paragraph (the parent of a ``<p>``, or the ``div``/``td`` its text sits in directly), and
    half of it to that element's parent."""
    score: Counter[HtmlElement] = Counter()
    for block in blocks:
        if block.reason or block.words < CONTAINER_BLOCK_WORDS:
            continue
        size = len(block.text)
        holder = block.holder
        owner = holder.getparent() if holder.tag in PARAGRAPH_TAGS else holder
        if owner is None:
            continue
        score[owner] += size
        parent = owner.getparent()
        if parent is not None:
            score[parent] += size // 2
    return score.most_common(1)[0][0] if score else None


def _squeeze(text: str) -> str:
    """``text`` reduced to its letters and digits: trafilatura's line and the page's block
    compare equal whatever spaces, invisible marks (a ZWNJ written as an entity) or
    punctuation (a "- " before a link) either of them dropped."""
    return _NOT_ALNUM.sub("", text)


def place_lines(
    lines: list[str], blocks: list[Block], unread: list[tuple[str, str]]
) -> tuple[list[int | str], list[tuple[str, str]]]:
    """Trafilatura's lines as the page blocks they came from, in its order — the block with the
    same text or the block that holds the line (once), else the blocks the line runs together,
    in page order (it does not split at an empty ``<p>``, and may join a paragraph to
    furniture), else the line itself (a ``str``) — and, with their reason, the lines that are
    text the page does not show or chrome that was not read (``unread``: reason, text): it
    reads no style, and hidden text is cut out of a line before it is placed."""
    squeezed = [_squeeze(b.text) for b in blocks]
    by_text: dict[str, list[int]] = {}
    for index, text in enumerate(squeezed):
        by_text.setdefault(text, []).append(index)
    hidden = [key for reason, key in ((r, _squeeze(t)) for r, t in unread) if reason == "hidden" and key]
    chrome = [key for reason, key in ((r, _squeeze(t)) for r, t in unread) if reason != "hidden" and key]
    placed: list[int | str] = []
    dropped: list[tuple[str, str]] = []
    after = -1
    for line in lines:
        key = _squeeze(line)
        for text in hidden:
            if text in key:
                key = key.replace(text, "")
        if not key:
            dropped.append(("hidden", line))
            continue
        candidates = by_text.get(key) or [i for i, t in enumerate(squeezed) if key in t]
        if not candidates and any(key in text for text in chrome):
            dropped.append(("chrome", line))
            continue
        if candidates:
            index = next((i for i in candidates if i > after), candidates[0])
            if index not in placed:
                placed.append(index)
            after = max(after, index)
            continue
        parts, rest = _run_together(key, squeezed, after + 1)
        furniture = not rest or any(rest in t for i, t in enumerate(squeezed) if blocks[i].reason)
        if parts and (len(rest) <= 0.2 * len(key) or furniture):
            placed += [i for i in parts if i not in placed]
            after = max(after, parts[-1])
        else:
            placed.append(line)
    return placed, dropped


def _run_together(key: str, squeezed: list[str], start: int) -> tuple[list[int], str]:
    """The blocks from ``start`` on whose texts follow one another in ``key`` (a line that runs
    several blocks together, maybe skipping some), and what of ``key`` they leave."""
    parts: list[int] = []
    rest, position = key, 0
    for index in range(start, min(len(squeezed), start + RUN_TOGETHER_BLOCKS)):
        text = squeezed[index]
        found = key.find(text, position) if len(text) >= 4 else -1
        if found < 0:  # a block the line skips (furniture trafilatura dropped)
            continue
        parts.append(index)
        position = found + len(text)
        rest = rest.replace(text, "", 1)
        if position >= len(key):
            break
    return parts, rest


# Trafilatura deletes ZWNJ (U+200C), which fuses Persian words; a letter that never occurs
# in news text stands in for it while trafilatura runs.
_ZWNJ = "\u200c"
_ZWNJ_STANDIN = "\u16dd"


def trafilatura_paragraphs(page_html: str, url: str | None = None) -> list[str]:
    """Paragraphs trafilatura finds in the page's decoded HTML. Trafilatura parses the text
    itself: its own parser settings find more of some pages than a tree parsed elsewhere."""
    protected = _ZWNJ in page_html and _ZWNJ_STANDIN not in page_html
    text = trafilatura.extract(
        page_html.replace(_ZWNJ, _ZWNJ_STANDIN) if protected else page_html,
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


def with_lead(chosen: list[Block], blocks: list[Block], description: str | None) -> list[Block]:
    """Put the page's lead first when the chosen blocks lack it: the page block that starts
    with the page's description (≥ 8 words), whatever the structural rules said of it (a
    standfirst often sits in the article's ``<header>``)."""
    if not chosen or not description or len(description.split()) < 8:
        return chosen
    lead_key = match_key(description)
    head = lead_key[: min(len(lead_key), 120)]
    if any(head[:60] in match_key(b.text) for b in chosen):
        return chosen
    start = " ".join(description.split()[:2])
    for block in blocks:
        if start in block.text:
            key = match_key(block.text)
            if key.startswith(head) and len(key) <= 2 * len(lead_key) + 40:
                return [Block(block.text, block.holder), *chosen]
    return chosen


def recover_structured(chosen: list[Block], blocks: list[Block], structured: str) -> list[int] | None:
    """The indexes of the page's blocks that hold the structured body's text — whatever the
    structural rules said of them: the page states they are its body — when the chosen blocks
    hold less than :data:`STRUCTURED_AGREEMENT` of its words (distinct words: some pages
    repeat the body in it); ``None`` when the answer stands."""
    key = match_key(markup_text(structured))
    wanted = set(key.split())
    if len(wanted) < CONTAINER_BLOCK_WORDS:
        return None
    have = {word for block in chosen for word in match_key(block.text).split()}
    if len(have & wanted) >= STRUCTURED_AGREEMENT * len(wanted):
        return None
    return [i for i, b in enumerate(blocks) if b.words >= 3 and match_key(b.text) in key]


def structured_lines(structured: str) -> list[str]:
    """A structured body as paragraphs: split at line breaks and paragraph or ``<br>`` tags,
    then :func:`~newscrawl.extraction.metadata.markup_text`."""
    return [line for line in (" ".join(markup_text(part).split()) for part in _BREAK.split(structured)) if line]


def headline_position(blocks: list[Block], headline: str | None) -> int:
    """The index of the block that is the page's headline (its text, else the first ``<h1>``),
    or ``-1``."""
    key = match_key(headline) if headline else ""
    size = len(key.split())
    first_h1 = -1
    for index, block in enumerate(blocks):
        if key and abs(block.words - size) <= 3 and match_key(block.text) == key:
            return index
        if first_h1 < 0 and block.holder.tag == "h1":
            first_h1 = index
    return first_h1


def trafilatura_answer(
    placed: list[int | str], blocks: list[Block], in_container: list[bool], root: HtmlElement
) -> list[tuple[float, Block]]:
    """Trafilatura's lines on their blocks (furniture dropped), with the container's long
    paragraphs it left out and the subheadings between its lines, by position in the page."""
    chosen: list[tuple[float, Block]] = []
    last = -1.0
    for index in placed:
        if isinstance(index, str):  # a line no block holds: kept where it came
            last += 0.001
            chosen.append((last, Block(index, root)))
        elif not blocks[index].reason:
            last = index
            chosen.append((index, blocks[index]))
    seen = {position for position, _ in chosen}
    texts = {_squeeze(block.text) for _, block in chosen}
    first, last = min(seen, default=0), max(seen, default=0)
    for i, block in enumerate(blocks):
        if not in_container[i] or i in seen or block.reason or _squeeze(block.text) in texts:
            continue
        if block.words >= LONG_PARAGRAPH_WORDS or (block.heading and first < i < last):
            chosen.append((i, block))
    return chosen


def generic_paragraphs(
    sel: Selector,
    structured_body: str | None = None,
    *,
    page_html: str | None = None,
    url: str | None = None,
    description: str | None = None,
    headline: str | None = None,
) -> GenericResult:
    """The article's paragraphs found without site selectors (the cascade above), from the
    page's tree ``sel`` and its decoded ``page_html``."""
    body = sel.css("body")
    root = body[0].root if body else sel.root
    region = region_blocks(root)
    blocks = region.blocks
    # 1. The container, on blocks whose furniture is marked.
    mark_furniture(blocks)
    container = best_container(blocks)
    inside = frozenset(container.iter()) if container is not None else frozenset()
    in_container = [b.holder in inside for b in blocks]
    mark_positions([b for b, inner in zip(blocks, in_container, strict=True) if inner], headline)
    # 2. Trafilatura's lines on the page's blocks.
    lines = trafilatura_paragraphs(page_html if page_html is not None else sel.get(), url)
    placed, dropped = place_lines(lines, blocks, [(reason, text) for _, reason, text in region.unread])
    voted = {index for index in placed if isinstance(index, int)}
    # 3. The cross-check.
    clean = sum(b.words for b, inner in zip(blocks, in_container, strict=True) if inner and not b.reason)
    covered = sum(blocks[i].words for i in voted if in_container[i] and not blocks[i].reason)
    if covered >= AGREEMENT * clean:
        path, chosen = "trafilatura", trafilatura_answer(placed, blocks, in_container, root)
    else:
        path = "container"
        chosen = [(i, b) for i, b in enumerate(blocks) if in_container[i] and not b.reason]
    # 4. Structured data.
    structured = structured_body or app_state_body(sel)
    if structured:
        recovered = recover_structured([b for _, b in chosen], blocks, structured)
        if recovered is not None:
            path = "structured data"
            for i in recovered:
                blocks[i].reason = None
            chosen = [(i, blocks[i]) for i in recovered] or [
                (i, Block(line, root)) for i, line in enumerate(structured_lines(structured))
            ]
    chosen.sort(key=lambda pair: pair[0])
    # 5. The lead; 6. position rules.
    above = headline_position(blocks, headline)
    for position, block in chosen:
        if position < above and block.words <= KICKER_MAX_WORDS:
            block.reason = "kicker"  # a short line above the headline, which trafilatura kept
    body_blocks = with_lead([b for _, b in chosen], blocks, description)
    mark_positions(body_blocks, headline)
    looked_at = [b for i, b in enumerate(blocks) if in_container[i] or i in voted]
    looked_at = list(dict.fromkeys([*looked_at, *body_blocks]))
    result = GenericResult(path=path, authors=byline_names(looked_at))
    result.kept = [b.text for b in body_blocks if not b.reason]
    result.removed = [(reason, text) for element, reason, text in region.unread if element in inside]
    result.removed += dropped
    result.removed += [(b.reason, b.text) for b in looked_at if b.reason]
    return result


def headline_from_title(title: str, shown: Callable[[str], bool] | None = None) -> str:
    """``"وزراء … الأعمال - إيلاف"`` → ``"وزراء … الأعمال"``: the ``<title>`` without its
    site-name part. The site name stands at one end, behind the first or the last separator
    (`` - ``, `` | ``…); of the two titles left, the one the page shows as an element's whole
    text (``shown``) wins — a headline may hold a separator itself (``مقال | …``); else the
    longest part between separators.

    >>> headline_from_title("الميزان - مقال | الرصيف حق للمشاة", lambda t: t == "مقال | الرصيف حق للمشاة")
    'مقال | الرصيف حق للمشاة'
    """
    separators = list(TITLE_SEPARATORS.finditer(title))
    if shown is not None and separators:
        first, last = separators[0], separators[-1]
        # (what is left, the site-name part it leaves out): the left part is the longer one
        for candidate, removed in (
            (title[first.end() :], title[: first.start()]),
            (title[: last.start()], title[last.end() :]),
        ):
            if len(candidate.strip()) > len(removed.strip()) and shown(" ".join(candidate.split())):
                return candidate.strip()
    parts = [part.strip() for part in TITLE_SEPARATORS.split(title) if part.strip()]
    return max(parts, key=len) if parts else title.strip()


def choose_headline(
    h1_texts: list[str],
    meta_headlines: list[str],
    title: str | None,
    page_script: str | None = None,
    shown: Callable[[str], bool] | None = None,
) -> str | None:
    """The page's headline: the ``<h1>`` that agrees with the page's metadata headline
    (JSON-LD/``og:title``, which may carry a site-name suffix); else, when that headline is
    written in another script than the page (an English or transliterated JSON-LD headline on
    an Arabic page), the first ``<h1>`` in the page's script; else that metadata headline, else
    a lone ``<h1>``, else the ``<title>`` without its site-name part."""
    h1s = [" ".join(t.split()) for t in h1_texts if 2 <= len(t.split()) <= 40]
    meta = next((m for m in meta_headlines if m.strip()), None)
    if meta:
        meta_words = set(match_key(meta).split())
        for h1 in h1s:
            words = set(match_key(h1).split())
            shared = len(words & meta_words)
            if words and shared >= 0.6 * len(words) and shared >= 0.4 * len(meta_words):
                return h1
        if page_script and writing_system(meta) != page_script:
            return next((h1 for h1 in h1s if writing_system(h1) == page_script), meta)
        return meta
    if h1s:
        return h1s[0]
    return headline_from_title(title, shown) if title else None
