"""Boilerplate removal: whole containers and whole paragraphs, never substrings.

Order (see the project's Arabic notes):

1. structure — containers dropped before text is read: :data:`GENERIC_DROP_SELECTORS` plus
   the site profile's ``drop_selectors`` (share/related/ad/comments blocks);
2. whole short paragraphs whose *match key* equals a site's exact boilerplate line
   (``site_line``) or matches an anchored pattern (``pattern``), has no word at all
   (``empty``, e.g. a lone ``-``), repeats the headline (``headline``) or is nothing but a
   date (``date``);
3. the body is cut at a comments heading or comments disclaimer once at least one real
   paragraph was kept (``comments``: that paragraph and everything after it; before any
   kept paragraph only the heading line itself is removed).

A sentence that merely *contains* ``إعلان``, ``تابع`` or ``مشاركة`` is never touched: patterns
are anchored and apply only to paragraphs of at most :data:`SHORT_PARAGRAPH_WORDS` words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from newscrawl.text.arabic import display_match_key, match_key
from newscrawl.text.dates import is_date_line

SHORT_PARAGRAPH_WORDS = 14
DATE_LINE_MAX_WORDS = 10

GENERIC_DROP_SELECTORS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "iframe", "ins", "object", "embed", "svg",
    "form", "button", "select", "nav", "header", "footer", "aside", "figure", "figcaption",
    "[role=navigation]", "[role=complementary]", "[aria-hidden=true]",
    "[class*=comment]", "[id*=comment]", "[class*=share]", "[class*=social]", "[class*=related]",
    "[class*=newsletter]", "[class*=breadcrumb]", "[class*=most-read]", "[class*=mostread]",
    "[class*=advert]", "[class*=ad-slot]", "[class*=banner]", "[class*=promo]", "[class*=tags]",
)  # fmt: skip

# Anchored patterns on the match key of a short paragraph (alef/ة/ى already folded).
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"^اقرا (ايضا|المزيد)",
    r"^(مقالات|مواضيع|اخبار) ذات صله",
    r"^الموضوعات المتعلقه",
    r"^الاكثر (قراءه|مشاهده|تداولا)$",
    r"^تابعونا( علي| عبر| في)?",
    r"^تابعنا (علي|عبر)",
    r"عبر (غوغل|جوجل|google) (نيوز|news)$",
    r"^(شارك|مشاركه) (هذا )?(الخبر|المقال)",
    r"^(جميع|كل) الحقوق محفوظه",
    r"^حقوق النشر محفوظه",
    r"^للاعلان",
    r"^الكلمات الداله",
    r"^اعلان$",
    # Bylines on a line of their own: "حوار: آسيا العتروس", "كتب - محمد علي".
    r"^(حوار|كتب|كتبت|بقلم|اعداد|اعدت|تقرير|ترجمه|متابعه|تصوير)( |$)(\S+ ?){0,4}$",
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


@dataclass(frozen=True)
class BoilerplateRules:
    """Paragraph rules for one site: generic patterns plus the site's own exact lines."""

    site_lines: frozenset[str] = frozenset()
    comment_lines: frozenset[str] = frozenset()
    patterns: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in BOILERPLATE_PATTERNS)
    comment_patterns: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (*COMMENTS_PATTERNS, *END_PATTERNS))

    @classmethod
    @cache  # one set of rules per site, not per page
    def for_site(cls, lines: tuple[str, ...] = (), comments_start: tuple[str, ...] = ()) -> BoilerplateRules:
        return cls(
            site_lines=frozenset(match_key(line) for line in lines),
            comment_lines=frozenset(match_key(line) for line in comments_start),
        )

    def reason(self, paragraph: str, headline_key: str = "") -> str | None:
        """Why ``paragraph`` (display text) is boilerplate, or ``None`` when it is text."""
        key = display_match_key(paragraph)
        if not key:
            return "empty"
        if not any(ch.isalpha() for ch in key):
            return "no_letters"  # "17302", "0)", "-->": codes and markup debris
        if key in self.site_lines:
            return "site_line"
        if key == headline_key:
            return "headline"
        words = len(key.split())
        if words <= SHORT_PARAGRAPH_WORDS and any(p.search(key) for p in self.patterns):
            return "pattern"
        if words <= DATE_LINE_MAX_WORDS and is_date_line(paragraph):
            return "date"
        return None

    def starts_comments(self, paragraph: str) -> bool:
        """Whether ``paragraph`` (display text) opens the reader comments."""
        key = display_match_key(paragraph)
        if key in self.comment_lines:
            return True
        return len(key.split()) <= COMMENTS_MAX_WORDS and any(p.search(key) for p in self.comment_patterns)


@dataclass
class FilterResult:
    kept: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, paragraph)


def filter_paragraphs(paragraphs: list[str], rules: BoilerplateRules, headline: str | None = None) -> FilterResult:
    """Keep the article's paragraphs (display text, :func:`newscrawl.text.arabic.clean_display`);
    say why each other one was removed."""
    result = FilterResult()
    headline_key = match_key(headline) if headline else ""
    for index, paragraph in enumerate(paragraphs):
        if rules.starts_comments(paragraph):
            if result.kept:
                result.removed += [("comments", p) for p in paragraphs[index:]]
                break
            result.removed.append(("comments", paragraph))
            continue
        reason = rules.reason(paragraph, headline_key)
        if reason:
            result.removed.append((reason, paragraph))
        else:
            result.kept.append(paragraph)
    return result
