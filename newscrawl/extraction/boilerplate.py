"""Boilerplate removal: whole blocks and whole paragraphs, never substrings.

Structure first (:func:`structural_filter`, on the blocks of :mod:`newscrawl.extraction.blocks`),
each removal with its reason:

1. roles: hidden elements (``hidden``) and navigation/footers (``chrome``) are never read;
   a block inside a figure, caption or image box (``caption``), a social post or player
   (``embed``), a form box (``newsletter``), an author box (``byline``), share, comment, ad,
   tag or page-chrome elements (``share``, ``comments``, ``ad``, ``tags``, ``chrome``), a box
   of links (``related``) or a site profile's ``drop_selectors`` (``site_selector``);
2. links (``related``): a block whose visible text is (nearly) all anchor text — a related
   headline, wherever it sits — and a short non-sentence line directly before such blocks
   (the label that introduces them, in any wording); a short non-sentence line that links to
   social networks or app stores (``share``: follow, share and app prompts);
3. captions (``caption``): a short line right after an image in its own element, a credit
   right after one in the element before;
4. by position and shape in the body: short lines before the headline (``kicker``); a short
   byline line "<byline word><separator><name>", usually the body's first (``byline``: the
   name goes to ``authors`` when it is a person's); a short "continued" marker as the last
   line (``continued``).

Then text rules on the paragraphs left (:func:`filter_paragraphs`), on their *match key*:

5. whole short paragraphs that equal a site's exact boilerplate line (``site_line``) or match
   an anchored pattern (``pattern``), have no word at all (``empty``, e.g. a lone ``-``),
   repeat the headline (``headline``) or are nothing but a date (``date``);
6. the body is cut at a comments heading or comments disclaimer once at least one real
   paragraph was kept (``comments``: that paragraph and everything after it; before any
   kept paragraph only the heading line itself is removed).

A sentence that merely *contains* ``إعلان``, ``تابع`` or ``مشاركة``, or a link, is never
touched: patterns are anchored and apply only to paragraphs of at most
:data:`SHORT_PARAGRAPH_WORDS` words; link blocks are blocks that are links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from newscrawl.extraction.blocks import SENTENCE_END, SOCIAL_LINE_WORDS, Block, Region
from newscrawl.text.arabic import clean_display, display_match_key, display_match_keys, match_key
from newscrawl.text.dates import is_date_line

SHORT_PARAGRAPH_WORDS = 14
DATE_LINE_MAX_WORDS = 10

# Anchored patterns on the match key of a short paragraph (alef/ة/ى already folded).
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"^(جميع|كل) الحقوق محفوظه",
    r"^حقوق النشر محفوظه",
    r"^للاعلان",
    # A row of page tools: "أرسل إلى صديق | طباعة | حفظ".
    r"^(ارسل الي صديق|ارسال|طباعه|حفظ|مشاركه|تعليق)( (ارسل الي صديق|ارسال|طباعه|حفظ|مشاركه|تعليق))*$",
)
COMMENTS_PATTERNS: tuple[str, ...] = (
    r"^التعليقات$",
    r"^(كل|جميع) التعليقات",
    r"^(اضافه|اضف|اكتب) تعليق",
    r"^اترك تعليقا",
    r"^التعليقات المنشوره",
    r"تعليقك",
    r"(اظهار|اخفاء) التعليق",
    r"(مراجعه|نشر) التعليقات",
    r"(ارشادات|شروط|سياسه) (الاستخدام|النشر|التعليق)",
    r"(التعليقات|الاراء الوارده|المشاركات|التعليق).* (لا )?تعبر (بالضروره )?عن (راي|وجهه نظر)",
    r"لا تعبر (بالضروره )?عن (راي|وجهه نظر) .*(كتابها|اصحابها)",
    r"^(نظر شما|نظرات|ارسال نظر|ديدگاه)",
)
# Sign-off markers that end an article ("انتهای پیام", end of message).
END_PATTERNS: tuple[str, ...] = (r"^انتهاي پيام",)
COMMENTS_MAX_WORDS = 80
BOILERPLATE_RES = tuple(re.compile(p) for p in BOILERPLATE_PATTERNS)
COMMENTS_RES = tuple(re.compile(p) for p in (*COMMENTS_PATTERNS, *END_PATTERNS))


@dataclass(frozen=True)
class BoilerplateRules:
    """Paragraph rules for one site: generic patterns plus the site's own exact lines."""

    site_lines: frozenset[str] = frozenset()
    comment_lines: frozenset[str] = frozenset()
    # One pattern each, not one alternation of them all: an alternation is scanned at every
    # position of the key, while an anchored pattern fails at the first (2.5× slower).
    patterns: tuple[re.Pattern[str], ...] = BOILERPLATE_RES
    comment_patterns: tuple[re.Pattern[str], ...] = COMMENTS_RES

    @classmethod
    @cache  # one set of rules per site, not per page
    def for_site(cls, lines: tuple[str, ...] = (), comments_start: tuple[str, ...] = ()) -> BoilerplateRules:
        return cls(
            site_lines=frozenset(match_key(line) for line in lines),
            comment_lines=frozenset(match_key(line) for line in comments_start),
        )

    def reason(self, paragraph: str, headline_key: str = "", key: str | None = None) -> str | None:
        """Why ``paragraph`` (display text) is boilerplate, or ``None`` when it is text
        (``key``: its :func:`display_match_key`, when the caller has it)."""
        key = display_match_key(paragraph) if key is None else key
        if not key:
            return "empty"
        if not any(ch.isalpha() for ch in key):
            return "no_letters"  # "17302", "0)", "-->": codes and markup debris
        if key in self.site_lines:
            return "site_line"
        if key == headline_key:
            return "headline"
        words = key.count(" ") + 1  # a key's words are split by single spaces
        if words <= SHORT_PARAGRAPH_WORDS and any(p.search(key) for p in self.patterns):
            return "pattern"
        if words <= DATE_LINE_MAX_WORDS and is_date_line(paragraph):
            return "date"
        return None

    def starts_comments(self, paragraph: str, key: str | None = None) -> bool:
        """Whether ``paragraph`` (display text) opens the reader comments."""
        key = display_match_key(paragraph) if key is None else key
        if key in self.comment_lines:
            return True
        return key.count(" ") < COMMENTS_MAX_WORDS and any(p.search(key) for p in self.comment_patterns)


@dataclass
class FilterResult:
    kept: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, paragraph)


def filter_paragraphs(paragraphs: list[str], rules: BoilerplateRules, headline: str | None = None) -> FilterResult:
    """Keep the article's paragraphs (display text, :func:`newscrawl.text.arabic.clean_display`);
    say why each other one was removed."""
    result = FilterResult()
    headline_key = match_key(headline) if headline else ""
    for index, (paragraph, key) in enumerate(zip(paragraphs, display_match_keys(paragraphs), strict=True)):
        if rules.starts_comments(paragraph, key):
            if result.kept:
                result.removed += [("comments", p) for p in paragraphs[index:]]
                break
            result.removed.append(("comments", paragraph))
            continue
        reason = rules.reason(paragraph, headline_key, key)
        if reason:
            result.removed.append((reason, paragraph))
        else:
            result.kept.append(paragraph)
    return result


# --- Structure -------------------------------------------------------------------------

CAPTION_MAX_WORDS = 25  # a line right after an image in its own element
CREDIT_MAX_WORDS = 6  # a line right after an image in the element before
LABEL_MAX_WORDS = 6  # a label that introduces links
KICKER_MAX_WORDS = 12
BYLINE_LINE_MAX_WORDS = 10  # a byline line: its word, a name, a city or a title
CONTINUED_MAX_WORDS = 4
BYLINE_NAME_MAX_WORDS = 5
# Words that open a byline: "كتب - …", "بقلم …", "حوار: …", "By …" (language data, not a site's).
BYLINE_WORDS = (
    "كتب", "كتبت", "بقلم", "حوار", "إعداد", "اعداد", "أعد", "أعدت", "اعدت", "تقرير", "ترجمة", "متابعة",
    "تصوير", "تحرير", "عرض", "إشراف", "by", "par", "por", "di", "von", "نوشته", "گزارش", "ترجمه",
)  # fmt: skip
BYLINE_LINE = re.compile(
    r"^(?P<word>" + "|".join(BYLINE_WORDS) + r")(?P<sep>\s*[:\-–—ـ|/]+\s*|\s+)(?P<name>\S.*)$", re.I
)
NAME_SEPARATORS = re.compile(r"\s+[-–—ـ|/]\s+|\s*[،,(]\s*|\s+من\s+")
# A name with one of these words is a desk, an agency or a site: not a person (``authors``).
NOT_PERSON_WORDS = frozenset(
    match_key(w)
    for w in (
        "وكالة", "وكالات", "الوكالات", "قسم", "فريق", "محرر", "المحرر", "التحرير", "مراسل", "مراسلو",
        "مراسلنا", "الأخبار", "موقع", "صحيفة", "جريدة", "مكتب", "خدمة", "وحدة", "staff", "desk", "agency",
        "agencies", "news", "editor", "editors", "team", "reporters",
    )
)  # fmt: skip
# "To be continued" markers, as the last line of a body (match keys).
CONTINUED_KEYS = frozenset(
    match_key(w)
    for w in (
        "يتبع", "للمقال بقية", "للحديث بقية", "البقية تأتي", "يتبع غدا", "continued", "to be continued",
        "à suivre", "continuará", "devam edecek", "продолжение следует", "ادامه دارد",
    )
)  # fmt: skip


@dataclass
class StructureResult:
    """The body's paragraphs (raw text), the removed blocks with reasons, the byline names."""

    kept: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def mark_furniture(blocks: list[Block]) -> None:
    """Set ``reason`` on the blocks that are furniture by role, links or image (rules 1–3)."""
    for block in blocks:
        if block.role:
            block.reason = block.role
        elif block.is_links:
            block.reason = "related"
        elif block.social and block.words <= SOCIAL_LINE_WORDS and not SENTENCE_END.search(block.text):
            block.reason = "share"  # "follow us on …", "get our app: Google Play | App Store"
        elif (block.image == "same" and block.words <= CAPTION_MAX_WORDS) or (
            block.image == "near" and block.words <= CREDIT_MAX_WORDS
        ):
            block.reason = "caption"
    following: Block | None = None
    for block in reversed(blocks):  # a label goes with the links after it
        if (
            block.reason is None
            and following is not None
            and is_label(block)
            and _links(following)
            and not byline(clean_display(block.text))[0]  # a byline before related links is a byline
        ):
            block.reason = "related"
        following = block


def _links(block: Block) -> bool:
    return block.is_links or block.reason == "related"


def is_label(block: Block) -> bool:
    """A short line that is not a sentence: a heading or label, not a paragraph."""
    return block.words <= LABEL_MAX_WORDS and not SENTENCE_END.search(block.text)


def byline(text: str) -> tuple[bool, str | None]:
    """Whether ``text`` (display-cleaned) is a byline line — "<byline word><separator><name>"
    — and the person it names, if it names one ("كتب - سامر الخطيب - القاهرة" → the name
    without its city)."""
    found = BYLINE_LINE.match(text.strip())
    if not found:
        return False, None
    name = NAME_SEPARATORS.split(found["name"].strip(" :-–—"))[0].strip(" :-–—()")
    words = name.split()
    if not words or len(words) > BYLINE_NAME_MAX_WORDS or SENTENCE_END.search(name):
        return False, None
    if not found["sep"].strip() and len(words) > 3:
        return False, None  # "كتب الرئيس رسالة إلى نظيره": a sentence, not a byline
    if any(ch.isdigit() for ch in name) or NOT_PERSON_WORDS.intersection(match_key(name).split()):
        return True, None
    return True, name


def _author_names(block: Block) -> list[str]:
    """Person names in a byline box: its links to author pages, or the name of its byline line."""
    if block.link_texts and block.is_links:
        names = [" ".join(clean_display(t).split()) for t in block.link_texts]
        return [n for n in names if 0 < len(n.split()) <= BYLINE_NAME_MAX_WORDS]
    found, name = byline(clean_display(block.text))
    return [name] if found and name else []


def byline_names(blocks: list[Block]) -> list[str]:
    """The person names of the blocks removed as bylines, in page order."""
    names: list[str] = []
    for block in blocks:
        if block.reason == "byline":
            names += [n for n in _author_names(block) if n not in names]
    return names


def mark_positions(body: list[Block], headline: str | None) -> None:
    """Rule 4 on the body's blocks in order: kicker lines before the headline, byline lines, a
    "continued" marker at the end."""
    live = [b for b in body if b.reason is None]
    headline_key = match_key(headline) if headline else ""
    size = len(headline_key.split())
    for index, block in enumerate(live):
        # The headline's own words, give or take a site name or punctuation (cheap test first).
        if block.holder.tag == "h1" or (
            headline_key and abs(block.words - size) <= 3 and match_key(block.text) == headline_key
        ):
            for before in live[:index]:
                if before.words <= KICKER_MAX_WORDS:
                    before.reason = "kicker"
            live = live[index:]
            break
    for block in live:
        if block.reason is None and block.words <= BYLINE_LINE_MAX_WORDS and byline(clean_display(block.text))[0]:
            block.reason = "byline"
    rest = [b for b in live if b.reason is None]
    if rest and rest[-1].words <= CONTINUED_MAX_WORDS and match_key(rest[-1].text) in CONTINUED_KEYS:
        rest[-1].reason = "continued"


def structural_filter(region: Region, headline: str | None = None) -> StructureResult:
    """The body of ``region`` by structure: rules 1–4, removals in page order."""
    mark_furniture(region.blocks)
    result = StructureResult(removed=[(reason, text) for _, reason, text in region.unread])
    mark_positions(region.blocks, headline)
    result.authors = byline_names(region.blocks)
    for block in region.blocks:
        if block.reason:
            result.removed.append((block.reason, block.text))
        else:
            result.kept.append(block.text)
    return result
