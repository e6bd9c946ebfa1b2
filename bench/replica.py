"""Generate a large local replica of elaph.com for crawl benchmarks.

    python bench/replica.py [--articles 20000] [--out DIR] [--page-kb 80 150] [--seed 1] [--now ISO] [--force]

The folder (default ``/tmp/newscrawl-replica-<N>``; a ``-<MIN>-<MAX>kb`` suffix for other
page sizes) is laid out like ``tests/sites/elaph/`` and served by ``tests/mockserver.py --root DIR``:

* ``Web/<Section>/<YYYY>/<M>/<id>.html`` — N article pages with the structure of
  ``tests/sites/elaph/Web/News/2025/11/1578701.html`` (JSON-LD, ``og:``/``article:*`` meta,
  ``h1.article-title``, ``div.content-body`` with the ``-``/Instagram/banner lines, a
  related-articles block, an ad slot, an "اقرأ أيضاً" line, comments and the disclaimer), of
  realistic size (``--page-kb``, default 80–150 KB each): the rest of the page is the kind of
  markup real Elaph pages carry — inline critical CSS, an SVG sprite, a mega menu, a
  breaking-news ticker, most-read/latest lists, a grid of "more from the section" cards, a
  footer, an ad-slot script, a minified inline bundle and a ``__NEXT_DATA__`` JSON state.
  Site-wide parts (CSS, sprite, menu, footer, bundle) are identical on every page, as on a
  real site; lists and cards are drawn per page from pools;
* bodies of 300–900 words drawn from ``tests/wirestories.py``'s vocabulary (each page its
  own random text: no accidental exact or near duplicates), paragraphs of 20–60 words;
* five sections (News 35 %, Economics, Sports 20 % each, Culture 15 %, NewsPapers 10 %),
  publication dates spread over the 28 days before ``--now`` (so the 30-day near-duplicate
  window applies to every article), ids increasing with time;
* ``robots.txt`` → ``sitemaps/allsitemaps.xml`` (index) → monthly URL sets of at most 50,000
  URLs, plus ``sitemaps/google_news.xml`` (the last 48 hours, at most 1,000 URLs, also in
  the monthly sets, as on the real site);
* ``api/<section>/<page>.json`` — the listing API, newest first, ``--api-page-size`` rows a
  page (default 50), at most 500 pages a section (the profile's ``max_pages``), and
  ``server.json`` — the mock server's routes of ``tests/sites/elaph/server.json`` (the API's
  URL form, zero-padded months);
* ``manifest.json`` (parameters and totals) and ``articles.tsv`` (id, path, body words,
  datePublished) for the benchmarks' checks.

Deterministic for a given ``--seed``, ``--articles``, ``--page-kb``, ``--api-page-size`` and
``--now`` (default: the current hour, UTC). A folder holding a replica made with the same
parameters less than a day ago is reused (``--force`` regenerates it). Pages are written
to ``DIR.partial`` and renamed when complete. The first ``--check`` pages (default 20) are
extracted with ``newscrawl.extract`` afterwards: their headline and body word count must
be what was generated, so that a layout drift cannot go unnoticed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.extraction.boilerplate import BOILERPLATE_PATTERNS, COMMENTS_PATTERNS  # noqa: E402
from newscrawl.text.arabic import match_key  # noqa: E402
from tests.wirestories import vocabulary  # noqa: E402

FORMAT = 2  # 2: server.json
FIRST_ID = 1_600_000
SPAN_DAYS = 28
REUSE_HOURS = 24
MAX_SITEMAP_URLS = 50_000
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_MAX = 1_000
API_MAX_PAGES = 500
BODY_WORDS = (300, 900)
PARAGRAPH_WORDS = (20, 60)
SITE = "https://elaph.com"
IMAGES = "https://s1.elaph.com/resources/images"
ELAPH_SERVER = ROOT / "tests" / "sites" / "elaph" / "server.json"
# The Elaph promo and banner lines of tests/sites/elaph (the profile's boilerplate_lines).
PROMO = (
    "    <p>-</p>\n    <p>قراؤنا من مستخدمي إنستجرام</p>\n"
    "    <p>يمكنكم الآن متابعة آخر الأخبار مجاناً من خلال حسابنا على إنستجرام</p>\n"
    '    <p><a href="https://www.instagram.com/elaph" target="_blank">إضغط هنا للإشتراك</a></p>\n'
    "    <p>إيلاف .. تجربة فريدة واحترافية بتميزها وتنوعها وتصميمها الجديد</p>\n"
)
DISCLAIMER = "جميع التعليقات المنشورة تعبر عن رأي كتّابها ولا تعبر بالضرورة عن رأي إيلاف"
CITIES = ("لندن", "بيروت", "القاهرة", "الرياض", "دبي", "باريس", "واشنطن", "بغداد", "الرباط", "عمّان")
FIRST_NAMES = ("محمد", "أحمد", "سارة", "ليلى", "خالد", "عمر", "نادية", "يوسف", "رانيا", "كريم", "هدى", "سامي")
FAMILY_NAMES = ("الحسيني", "العلي", "المصري", "الخطيب", "النجار", "الشامي", "الحداد", "السعدي", "العمري", "القاسم")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")


@dataclass(frozen=True)
class Section:
    path: str  # URL segment
    slug: str  # API slug
    name: str  # Arabic name (profile section_names)
    weight: float


SECTIONS = (
    Section("News", "news", "أخبار", 0.35),
    Section("Economics", "economics", "اقتصاد", 0.20),
    Section("Sports", "sports", "رياضة", 0.20),
    Section("Culture", "culture", "ثقافة", 0.15),
    Section("NewsPapers", "newspapers", "صحف", 0.10),
)


@dataclass(frozen=True)
class Params:
    articles: int
    seed: int
    page_kb: tuple[int, int]
    api_page_size: int
    now: str  # ISO 8601, UTC


@dataclass
class ArticleMeta:
    article_id: int
    section: Section
    published: datetime
    modified: datetime
    headline: str = ""
    words: int = 0

    @property
    def path(self) -> str:
        return f"/Web/{self.section.path}/{self.published.year}/{self.published.month}/{self.article_id}.html"


def default_out(articles: int, page_kb: tuple[int, int] = (80, 150)) -> Path:
    suffix = "" if tuple(page_kb) == (80, 150) else f"-{page_kb[0]}-{page_kb[1]}kb"
    return Path(f"/tmp/newscrawl-replica-{articles}{suffix}")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def arabic_date(moment: datetime) -> str:
    """``الجمعة 28 نوفمبر 2025 - 10:15 GMT``, as Elaph writes it under the headline."""
    m = moment.astimezone(UTC)
    return f"{WEEKDAYS[m.weekday()]} {m.day} {MONTHS[m.month - 1]} {m.year} - {m:%H:%M} GMT"


def body_vocabulary() -> tuple[str, ...]:
    """The wire-story vocabulary minus any word that a boilerplate or comments pattern
    names, so that no random paragraph is mistaken for a promo line or a comments heading."""
    pattern_words = {w for p in (*BOILERPLATE_PATTERNS, *COMMENTS_PATTERNS) for w in match_key(p).split()}
    return tuple(w for w in vocabulary() if match_key(w) not in pattern_words)


class Text:
    """Seeded random Arabic text from the body vocabulary."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.vocab = body_vocabulary()

    def words(self, n: int) -> str:
        return " ".join(self.rng.choices(self.vocab, k=n))

    def paragraphs(self, total: int) -> list[str]:
        """``total`` words in paragraphs of 20–60 words, with commas and a final full stop."""
        sizes: list[int] = []
        left = total
        while left > 0:
            size = min(left, self.rng.randint(*PARAGRAPH_WORDS))
            if left - size < PARAGRAPH_WORDS[0]:
                size = left
            sizes.append(size)
            left -= size
        paragraphs = []
        for size in sizes:
            words = self.rng.choices(self.vocab, k=size)
            for i in range(5, size - 3, self.rng.randint(7, 14)):
                words[i] += "،"
            paragraphs.append(" ".join(words) + ".")
        return paragraphs


# -- site-wide markup -----------------------------------------------------------------------

CSS_BLOCKS = (
    "site-header", "main-menu", "mega-menu", "ticker", "card", "article-page", "content-body", "most-read",
    "latest-news", "site-footer", "share-buttons", "article-tags", "breadcrumb", "ad-slot", "video-box",
    "opinion", "newsletter", "search-box", "logo", "social", "weather", "prayer-times", "markets",
)  # fmt: skip
CSS_PARTS = ("", "__title", "__item", "__link", "__image", "__body", "--active", ":hover", " a", " img", " li")
CSS_PROPS = (
    "display:flex", "display:block", "display:none", "margin:0 auto", "padding:8px 12px", "padding:0",
    "color:#222", "color:#c4161c", "color:#fff", "background:#f5f5f5", "background:#0b2545", "font-size:14px",
    "font-size:1.125rem", "font-weight:700", "line-height:1.7", "border-bottom:1px solid #e5e5e5",
    "text-align:right", "position:relative", "position:absolute", "top:0", "right:0", "overflow:hidden",
    "width:100%", "max-width:1200px", "gap:16px", "justify-content:space-between", "align-items:center",
    "font-family:'Noto Kufi Arabic',Tahoma,sans-serif", "transition:color .2s ease-in-out", "border-radius:4px",
    "grid-template-columns:repeat(4,1fr)", "white-space:nowrap", "text-overflow:ellipsis", "z-index:10",
    "box-shadow:0 2px 6px rgba(0,0,0,.08)", "aspect-ratio:16/9", "object-fit:cover", "list-style:none",
)  # fmt: skip
JS_STRINGS = ("article_view", "menu_open", "share_click", "ticker_next", "card_click", "scroll_depth", "ad_loaded")
JS_TEMPLATES = (
    "function {f}({a},{b}){{return {a}&&{a}[{b}]!==void 0?{a}[{b}]:null}}",
    'var {f}=document.querySelectorAll(".{c}");for(var {a}=0;{a}<{f}.length;{a}++){f}[{a}].addEventListener('
    '"click",function({b}){{window.dataLayer.push({{event:"{s}",index:{a}}})}});',
    "function {f}({a}){{var {b}={a}.getBoundingClientRect();return {b}.top<window.innerHeight+{n}&&{b}.bottom>-{n}}}",
    '{f}.prototype.{a}=function({b}){{this.{c}=({b}||"").split(",").map(function(x){{return x.trim()}});return this}};',
    'try{{var {f}=JSON.parse(localStorage.getItem("{c}")||"{{}}");{f}.{a}=Date.now()-{n};'
    'localStorage.setItem("{c}",JSON.stringify({f}))}}catch({b}){{}}',
    "var {f}=function({a},{b}){{clearTimeout({a}.{c});{a}.{c}=setTimeout({b},{n})}};",
)


def _ident(rng: random.Random) -> str:
    return rng.choice("abcdefghijklmnopqrstuvwxyz") + "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=2))


def inline_css(rng: random.Random, size: int) -> str:
    rules: list[str] = []
    length = 0
    while length < size:
        selector = "." + rng.choice(CSS_BLOCKS) + rng.choice(CSS_PARTS)
        rule = selector + "{" + ";".join(rng.sample(CSS_PROPS, rng.randint(3, 8))) + "}"
        if rng.random() < 0.08:
            rule = f"@media (max-width:{rng.choice((480, 768, 1024))}px){{{rule}}}"
        rules.append(rule)
        length += len(rule)
    return "".join(rules)


def inline_js(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        part = rng.choice(JS_TEMPLATES).format(
            f=_ident(rng), a=_ident(rng), b=_ident(rng), c=rng.choice(CSS_BLOCKS).replace("-", "_"),
            s=rng.choice(JS_STRINGS), n=rng.randint(50, 5000),
        )  # fmt: skip
        parts.append(part)
        length += len(part)
    return "!function(){" + "".join(parts) + "}();"


def svg_sprite(rng: random.Random, size: int) -> str:
    symbols: list[str] = []
    length = 0
    while length < size:
        points = " ".join(f"{rng.uniform(0, 24):.2f} {rng.uniform(0, 24):.2f}" for _ in range(rng.randint(8, 30)))
        symbol = f'<symbol id="icon-{_ident(rng)}" viewBox="0 0 24 24"><path d="M{points}Z"/></symbol>'
        symbols.append(symbol)
        length += len(symbol)
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{"".join(symbols)}</svg>\n'


def mega_menu(text: Text, size: int) -> str:
    rng = text.rng
    items = ['<li><a href="/">الرئيسية</a></li>']
    length = 0
    n = 0
    while length < size:
        section = SECTIONS[n % len(SECTIONS)]
        subs = "".join(
            f'<li class="mega-menu__item"><a href="/Web/{section.path}/{_ident(rng)}/">'
            f"{text.words(rng.randint(1, 3))}</a></li>"
            for _ in range(rng.randint(10, 20))
        )
        item = (
            f'<li class="main-menu__item"><a href="/Web/{section.path}/">{section.name}</a>'
            f'<div class="mega-menu"><ul class="mega-menu__list">{subs}</ul></div></li>'
        )
        items.append(item)
        length += len(item) * 2  # Arabic letters are two bytes
        n += 1
    items.append('<li><a href="/Web/Opinion/">آراء</a></li>')
    return f'  <nav class="main-menu">\n    <ul>{"".join(items)}</ul>\n  </nav>\n'


def footer(text: Text, size: int) -> str:
    rng = text.rng
    columns = []
    length = 0
    while length < size:
        links = "".join(f'<li><a href="/{_ident(rng)}/">{text.words(rng.randint(1, 3))}</a></li>' for _ in range(12))
        column = f'<div class="site-footer__column"><h4>{text.words(2)}</h4><ul>{links}</ul></div>'
        columns.append(column)
        length += len(column) * 2
    about = f'<p class="site-footer__about">{text.words(40)}</p>'
    return (
        f'<footer class="site-footer">\n  <div class="site-footer__columns">{"".join(columns)}</div>\n  {about}\n'
        '  <p><a href="/privacy">سياسة الخصوصية</a> | <a href="/contact">اتصل بنا</a></p>\n'
        "  <p>جميع الحقوق محفوظة © 2025 إيلاف</p>\n</footer>\n"
    )


def ad_script(rng: random.Random) -> str:
    slots = "".join(
        f'googletag.defineSlot("/2145/elaph/{section.slug}/{_ident(rng)}",[[728,90],[300,250],[320,50]],'
        f'"div-gpt-ad-{rng.randint(10**12, 10**13)}-{i}").addService(googletag.pubads());'
        for i, section in enumerate(rng.choices(SECTIONS, k=16))
    )
    return (
        "<script>window.googletag=window.googletag||{cmd:[]};googletag.cmd.push(function(){"
        f"{slots}googletag.pubads().enableSingleRequest();googletag.pubads().collapseEmptyDivs();"
        "googletag.enableServices()});</script>\n"
    )


@dataclass
class Fragment:
    text: bytes

    def __len__(self) -> int:
        return len(self.text)


class Chrome:
    """The site-wide markup (the same bytes on every page, ``shared_bytes`` in all) and pools
    of per-page fragments (headlines of other articles as cards, list items, JSON state)."""

    POOL = 2_000

    def __init__(self, text: Text, shared_bytes: int, id_range: tuple[int, int], now: datetime):
        rng = text.rng
        self.text = text
        self.css = inline_css(rng, int(shared_bytes * 0.30))
        self.js = inline_js(rng, int(shared_bytes * 0.20))
        self.sprite = svg_sprite(rng, int(shared_bytes * 0.10))
        self.menu = mega_menu(text, int(shared_bytes * 0.25))
        self.footer = footer(text, int(shared_bytes * 0.15))
        self.ads = ad_script(rng)
        self.list_items: list[bytes] = []
        self.cards: list[Fragment] = []
        self.states: list[Fragment] = []
        for _ in range(self.POOL):
            section = rng.choices(SECTIONS, weights=[s.weight for s in SECTIONS])[0]
            moment = now - timedelta(seconds=rng.randint(0, SPAN_DAYS * 86400))
            path = f"/Web/{section.path}/{moment.year}/{moment.month}/{rng.randint(*id_range)}.html"
            title = text.words(rng.randint(7, 12))
            image = f"{IMAGES}/{section.path}/{moment.year}/{moment.month}/{_ident(rng)}{_ident(rng)}.jpg"
            teaser = text.words(rng.randint(15, 25))
            self.list_items.append(f'<li><a href="{path}">{title}</a></li>'.encode())
            card = (
                f'<div class="card"><a class="card__image" href="{path}"><img src="{image}" alt="{title}" '
                f'loading="lazy" width="300" height="169"></a><div class="card__body"><span class="card__section">'
                f'{section.name}</span><h3 class="card__title"><a href="{path}">{title}</a></h3>'
                f'<p class="card__teaser">{teaser}</p><span class="card__time">{arabic_date(moment)}</span>'
                "</div></div>\n"
            )
            self.cards.append(Fragment(card.encode()))
            state = {"id": int(path.rsplit("/", 1)[1][:-5]), "title": title, "url": SITE + path, "image": image,
                     "section": section.name, "sectionSlug": section.slug, "publishedAt": int(moment.timestamp()),
                     "teaser": teaser, "views": rng.randint(100, 90000)}  # fmt: skip
            self.states.append(Fragment(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()))

    def pick_list(self, n: int) -> bytes:
        return b"".join(self.text.rng.choices(self.list_items, k=n))


# -- one article page -----------------------------------------------------------------------


def article_page(article: ArticleMeta, text: Text, chrome: Chrome, target_bytes: int) -> bytes:
    """The page of ``article``, padded with per-page cards and JSON state to ``target_bytes``."""
    rng = text.rng
    section = article.section
    url = SITE + article.path
    headline = article.headline
    paragraphs = text.paragraphs(article.words - 3)
    paragraphs[0] = f"إيلاف من {rng.choice(CITIES)}: {paragraphs[0]}"
    description = " ".join(paragraphs[0].split()[3:28])
    person = rng.random() < 0.85
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}" if person else "إيلاف"
    tags = [text.words(rng.randint(1, 2)) for _ in range(rng.randint(3, 5))]
    image = f"{IMAGES}/{section.path}/{article.published.year}/{article.published.month}/{article.article_id}.jpg"
    published, modified = iso(article.published), iso(article.modified)
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": headline, "description": description,
        "url": url, "datePublished": published, "dateModified": modified,
        "author": [{"@type": "Person", "name": author}] if person else {"@type": "Organization", "name": author},
        "publisher": {"@type": "Organization", "name": "إيلاف",
                      "logo": {"@type": "ImageObject", "url": f"{IMAGES}/logo.png"}},
        "image": {"@type": "ImageObject", "url": image, "width": 1200, "height": 675},
        "articleSection": section.name, "keywords": tags, "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "ar",
    }  # fmt: skip
    crumbs = {
        "@context": "https://schema.org", "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": f"{SITE}/"},
                            {"@type": "ListItem", "position": 2, "name": section.name,
                             "item": f"{SITE}/Web/{section.path}/"}],
    }  # fmt: skip
    tag_meta = "".join(f'<meta property="article:tag" content="{t}">\n' for t in tags)
    tag_links = " ".join(f'<a href="/tags/{t.replace(" ", "-")}">{t}</a>' for t in tags)
    share = (
        '<div class="share-buttons"><span>مشاركة</span> <a class="fb" href="#">فيسبوك</a> '
        '<a class="tw" href="#">تويتر</a> <a class="wa" href="#">واتساب</a></div>'
    )
    body = [PROMO]
    for i, paragraph in enumerate(paragraphs):
        body.append(f"    <p>{paragraph}</p>\n")
        if i == 2:
            related = chrome.pick_list(3).decode()
            body.append(f'    <div class="related-articles"><h3>اقرأ أيضاً</h3><ul>{related}</ul></div>\n')
        elif i == 4:
            body.append(
                '    <div class="ad-slot"><span>إعلان</span><ins class="adsbygoogle" data-ad-client='
                '"ca-pub-0000000000000000" data-ad-slot="1234567890"></ins>'
                "<script>(adsbygoogle=window.adsbygoogle||[]).push({});</script></div>\n"
            )
        elif i == 6:
            other = rng.choice(chrome.list_items).decode()[4:-5]  # '<a href=…>title</a>'
            body.append(f"    <p><strong>اقرأ أيضاً:</strong> {other}</p>\n")
    comments = "".join(f"    <p>{text.words(rng.randint(8, 20))}.</p>\n" for _ in range(rng.randint(1, 3)))
    body.append(f"    <p>التعليقات</p>\n{comments}    <p>{DISCLAIMER}</p>\n")
    head = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{headline} | إيلاف</title>
<link rel="canonical" href="{url}">
<link rel="amphtml" href="{SITE}/amp{article.path}">
<meta name="description" content="{description}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="إيلاف">
<meta property="og:locale" content="ar_AR">
<meta property="og:title" content="{headline}">
<meta property="og:description" content="{description}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@elaph">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<meta property="article:section" content="{section.name}">
{tag_meta}<link rel="preconnect" href="https://s1.elaph.com">
<link rel="preconnect" href="https://www.googletagmanager.com">
<link rel="preload" as="font" href="/resources/fonts/NotoKufiArabic-Regular.woff2" crossorigin>
<link rel="stylesheet" href="/resources/css/main.css">
<style>{chrome.css}</style>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script type="application/ld+json">{json.dumps(crumbs, ensure_ascii=False)}</script>
<script>window.dataLayer=window.dataLayer||[];window.dataLayer.push({{"pageType":"article","articleId":{article.article_id},"section":"{section.slug}","author":"{author}","published":"{published}"}});</script>
{chrome.ads}<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>
</head>
<body class="article">
{chrome.sprite}<header class="site-header">
  <div class="logo"><a href="/">إيلاف</a></div>
{chrome.menu}</header>
<div class="breaking-news"><span>عاجل</span><ul>"""
    article_html = f"""</ul></div>
<div class="top-banner">إيلاف .. تجربة فريدة واحترافية بتميزها وتنوعها وتصميمها الجديد</div>
<main class="container">
  <nav class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/Web/{section.path}/">{section.name}</a></nav>
  <article class="article-page">
    <div class="article-section"><a href="/Web/{section.path}/">{section.name}</a></div>
    <h1 class="article-title">{headline}</h1>
    <div class="article-meta"><span class="article-author">{author}</span> <time class="article-date" datetime="{published}">نشر في: {arabic_date(article.published)}</time></div>
    <figure class="article-image"><img src="{image}" alt="{headline}"><figcaption>{text.words(8)}</figcaption></figure>
    {share}
    <div class="content-body">
{"".join(body)}    </div>
    <div class="article-tags"><span>الكلمات الدالة :</span> {tag_links}</div>
    {share}
  </article>
  <aside class="most-read">
    <h3>الأكثر قراءة</h3>
    <ul>"""  # noqa: E501
    parts = [head.encode(), chrome.pick_list(12), article_html.encode(), chrome.pick_list(10)]
    parts.append('</ul>\n  </aside>\n  <aside class="latest-news">\n    <h3>آخر الأخبار</h3>\n    <ul>'.encode())
    parts.append(chrome.pick_list(15))
    parts.append(
        f'</ul>\n  </aside>\n  <section class="more-from-section"><h3>المزيد من {section.name}</h3>\n'.encode()
    )
    tail_open = b'<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"articleId":'
    tail_open += f'{article.article_id},"section":"{section.slug}","related":['.encode()
    tail_close = (
        b']}},"page":"/Web/[section]/[year]/[month]/[id]","buildId":"elaph-2025-11-3f9c2a"}</script>\n<script>'
        + chrome.js.encode()
        + b"</script>\n</body>\n</html>\n"
    )
    footer_bytes = chrome.footer.encode()
    size = sum(map(len, parts)) + len(tail_open) + len(tail_close) + len(footer_bytes) + 20
    cards: list[bytes] = []
    states: list[bytes] = []
    while size < target_bytes:  # alternate cards and state entries until the page has its size
        fragment = rng.choice(chrome.cards if len(cards) <= len(states) else chrome.states)
        (cards if fragment.text.startswith(b"<") else states).append(fragment.text)
        size += len(fragment) + 1
    parts += [b"".join(cards), b"</section>\n</main>\n", footer_bytes, tail_open, b",".join(states), tail_close]
    return b"".join(parts)


# -- the whole replica ------------------------------------------------------------------------


def timeline(rng: random.Random, n: int, now: datetime) -> list[ArticleMeta]:
    """``n`` articles published over the :data:`SPAN_DAYS` days before ``now``, ids rising with time."""
    span = SPAN_DAYS * 86400
    moments = sorted(now - timedelta(seconds=rng.randint(300, span)) for _ in range(n))
    weights = [s.weight for s in SECTIONS]
    articles = []
    article_id = FIRST_ID
    for moment in moments:
        article_id += rng.randint(1, 3)
        modified = min(now, moment + timedelta(seconds=rng.choice((0, rng.randint(60, 6 * 3600)))))
        articles.append(ArticleMeta(article_id, rng.choices(SECTIONS, weights=weights)[0], moment, modified))
    return articles


def sitemap_files(articles: list[ArticleMeta]) -> Iterator[tuple[str, list[ArticleMeta]]]:
    """Monthly URL sets, newest first, split at :data:`MAX_SITEMAP_URLS`."""
    by_month: dict[str, list[ArticleMeta]] = defaultdict(list)
    for article in articles:
        by_month[f"{article.published:%Y-%m}"].append(article)
    for month in sorted(by_month, reverse=True):
        entries = sorted(by_month[month], key=lambda a: a.published, reverse=True)
        chunks = [entries[i : i + MAX_SITEMAP_URLS] for i in range(0, len(entries), MAX_SITEMAP_URLS)]
        for part, chunk in enumerate(chunks, 1):
            yield (f"articles-{month}.xml" if len(chunks) == 1 else f"articles-{month}-{part}.xml"), chunk


def write_discovery(folder: Path, articles: list[ArticleMeta], now: datetime, api_page_size: int) -> dict[str, int]:
    """robots.txt, the sitemaps and the API pages; returns their counts."""
    (folder / "robots.txt").write_text(
        "User-agent: *\nDisallow: /Web/Private/\nDisallow: /search\n"
        "Sitemap: {{BASE}}/sitemaps/allsitemaps.xml\nSitemap: {{BASE}}/sitemaps/google_news.xml\n",
        encoding="utf-8",
    )
    sitemaps = folder / "sitemaps"
    sitemaps.mkdir()
    index = []
    for name, chunk in sitemap_files(articles):
        urls = "".join(
            f"  <url>\n    <loc>{{{{BASE}}}}{a.path}</loc>\n    <lastmod>{iso(a.modified)}</lastmod>\n  </url>\n"
            for a in chunk
        )
        (sitemaps / name).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n',
            encoding="utf-8",
        )
        lastmod = max(a.modified for a in chunk)
        index.append(
            f"  <sitemap>\n    <loc>{{{{BASE}}}}/sitemaps/{name}</loc>\n"
            f"    <lastmod>{iso(lastmod)}</lastmod>\n  </sitemap>\n"
        )
    (sitemaps / "allsitemaps.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{"".join(index)}</sitemapindex>\n',
        encoding="utf-8",
    )
    recent = [a for a in articles if a.published >= now - timedelta(hours=NEWS_SITEMAP_HOURS)]
    recent = sorted(recent, key=lambda a: a.published, reverse=True)[:NEWS_SITEMAP_MAX]
    news = "".join(
        f"  <url>\n    <loc>{{{{BASE}}}}{a.path}</loc>\n    <news:news>\n      <news:publication>\n"
        "        <news:name>إيلاف</news:name>\n        <news:language>ar</news:language>\n"
        f"      </news:publication>\n      <news:publication_date>{iso(a.published)}</news:publication_date>\n"
        f"      <news:title>{a.headline}</news:title>\n    </news:news>\n  </url>\n"
        for a in recent
    )
    (sitemaps / "google_news.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\n'
        f'        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{news}</urlset>\n',
        encoding="utf-8",
    )
    api_pages = api_rows = 0
    for section in SECTIONS:
        rows = [a for a in reversed(articles) if a.section == section][: api_page_size * API_MAX_PAGES]
        (folder / "api" / section.slug).mkdir(parents=True)
        for page, start in enumerate(range(0, len(rows), api_page_size), 1):
            data = [
                {"ArticleID": a.article_id, "Title": a.headline, "PostingURL": a.path,
                 "RelativeTime": int(a.published.timestamp()),
                 "Image": f"{IMAGES}/{section.path}/{a.published.year}/{a.published.month}/{a.article_id}.jpg",
                 "SectionName": section.name}
                for a in rows[start : start + api_page_size]
            ]  # fmt: skip
            (folder / "api" / section.slug / f"{page}.json").write_text(
                json.dumps({"data": data}, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            api_pages += 1
            api_rows += len(data)
    return {
        "sitemap_files": len(index),
        "news_sitemap_urls": len(recent),
        "api_pages": api_pages,
        "api_rows": api_rows,
    }


def generate(params: Params, out: Path, progress: bool = True) -> dict[str, object]:
    """Write the replica of ``params`` to ``out`` (via ``out.partial``); returns the manifest."""
    started = time.perf_counter()
    now = datetime.fromisoformat(params.now)
    rng = random.Random(params.seed)
    text = Text(rng)
    articles = timeline(rng, params.articles, now)
    low, high = (kb * 1024 for kb in params.page_kb)
    chrome = Chrome(text, shared_bytes=low // 2, id_range=(FIRST_ID - 50_000, articles[-1].article_id), now=now)
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    folders: set[Path] = set()
    total_bytes = 0
    with (partial / "articles.tsv").open("w", encoding="utf-8") as index:
        index.write("id\tpath\twords\tdatePublished\n")
        for n, article in enumerate(articles, 1):
            article.headline = text.words(rng.randint(8, 12))
            article.words = rng.randint(*BODY_WORDS)
            page = article_page(article, text, chrome, rng.randint(low, high))
            file = partial / article.path.lstrip("/")
            if file.parent not in folders:
                file.parent.mkdir(parents=True, exist_ok=True)
                folders.add(file.parent)
            file.write_bytes(page)
            total_bytes += len(page)
            index.write(f"{article.article_id}\t{article.path}\t{article.words}\t{iso(article.published)}\n")
            if progress and n % 5000 == 0:
                print(f"  {n:,} pages ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    counts = write_discovery(partial, articles, now, params.api_page_size)
    routes = json.loads(ELAPH_SERVER.read_text(encoding="utf-8"))["routes"]
    (partial / "server.json").write_text(json.dumps({"routes": routes}, indent=2), encoding="utf-8")
    manifest: dict[str, object] = {
        "format": FORMAT,
        "params": asdict(params),
        "generated_at": iso(datetime.now(UTC)),
        "articles": len(articles),
        "sections": dict(Counter(a.section.path for a in articles)),
        "body_words": sum(a.words for a in articles),
        "html_bytes": total_bytes,
        "oldest": iso(articles[0].published),
        "newest": iso(articles[-1].published),
        **counts,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (partial / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    return manifest


def read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check_pages(folder: Path, count: int) -> None:
    """Extract the first ``count`` pages as a crawl would; raise when one is not what was generated."""
    from newscrawl.extract import extract

    with (folder / "articles.tsv").open(encoding="utf-8") as index:
        next(index)
        for _, line in zip(range(count), index, strict=False):
            article_id, path, words, published = line.rstrip("\n").split("\t")
            body = (folder / path.lstrip("/")).read_bytes()
            result = extract(body, SITE + path)
            article = result.article
            problems = []
            if article is None:
                problems.append(f"no article ({result.skip})")
            else:
                if len((article.articleBody or "").split()) != int(words):
                    problems.append(f"body has {len((article.articleBody or '').split())} words, not {words}")
                if article.datePublished != published:
                    problems.append(f"datePublished {article.datePublished}, not {published}")
                if article.articleId != article_id or result.fallback:
                    problems.append(f"articleId {article.articleId}, fallback {result.fallback}")
            if problems:
                raise SystemExit(f"replica check failed for {path}: {'; '.join(problems)}")


def ensure_replica(
    articles: int,
    out: Path | None = None,
    *,
    page_kb: tuple[int, int] = (80, 150),
    seed: int = 1,
    api_page_size: int = 50,
    now: str | None = None,
    force: bool = False,
    check: int = 20,
) -> tuple[Path, dict[str, object]]:
    """The replica folder for these parameters, generated unless a fresh one is there."""
    out = out or default_out(articles, page_kb)
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    params = Params(articles, seed, (page_kb[0], page_kb[1]), api_page_size, now or iso(hour))
    manifest = read_manifest(out)
    if manifest and not force and manifest.get("format") == FORMAT:
        old: dict[str, Any] = manifest["params"]  # type: ignore[assignment]
        wanted = json.loads(json.dumps(asdict(params)))  # tuples as lists, as in the manifest
        if now is None:  # any replica of the last day will do
            fresh = hour - datetime.fromisoformat(old["now"]) < timedelta(hours=REUSE_HOURS)
            old, wanted = {**old, "now": None}, {**wanted, "now": None}
        else:
            fresh = True
        if fresh and old == wanted:
            print(f"Reusing the replica in {out} (dates count back from {manifest['params']['now']})", file=sys.stderr)  # type: ignore[index]
            return out, manifest
    if out.exists() and any(out.iterdir()) and manifest is None:
        raise SystemExit(f"{out} exists and is not a replica made by bench/replica.py; choose another --out")
    print(f"Generating {articles:,} pages of {page_kb[0]}-{page_kb[1]} KB in {out} ...", file=sys.stderr)
    manifest = generate(params, out)
    print(
        f"Generated {manifest['articles']:,} pages, {int(manifest['html_bytes']) / 2**20:,.0f} MB "  # type: ignore[call-overload]
        f"in {manifest['seconds']} s",
        file=sys.stderr,
    )
    if check:
        check_pages(out, check)
    return out, manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="article pages (default 20,000)")
    parser.add_argument("--out", type=Path, help="folder (default /tmp/newscrawl-replica-<N>)")
    parser.add_argument("--page-kb", type=int, nargs=2, default=[80, 150], metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--api-page-size", type=int, default=50)
    parser.add_argument("--now", help="ISO 8601 moment the dates count back from (default: this hour, UTC)")
    parser.add_argument("--check", type=int, default=20, help="pages to extract as a self-check (0: none)")
    parser.add_argument("--force", action="store_true", help="regenerate even if a fresh replica is there")
    args = parser.parse_args()
    if args.articles < 1 or not 1 <= args.page_kb[0] <= args.page_kb[1]:
        parser.error("--articles must be positive and --page-kb MIN <= MAX")
    now = iso(datetime.fromisoformat(args.now)) if args.now else None
    out, manifest = ensure_replica(
        args.articles, args.out, page_kb=tuple(args.page_kb), seed=args.seed, api_page_size=args.api_page_size,
        now=now, force=args.force, check=args.check,
    )  # fmt: skip
    print(json.dumps({"folder": str(out), **manifest}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
