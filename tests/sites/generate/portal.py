"""The portal replica (``tests/sites/portal/``): منصة الأفق, a large Gulf news portal built
with Next.js.

What a crawler meets there, as on such sites: robots.txt naming a sitemap index of DAILY
sitemaps (``/sitemaps/2025/11/27.xml``, with image entries) and a Google News sitemap
(``news:publication_date`` in UTC, ``news:title``); extension-less article URLs
``/<section>/YYYY/MM/DD/<id>-<Arabic slug>`` with a numeric id; the old short form
``/news/<id>`` answering 301; ``?outputType=amp`` copies; pages whose text is in the HTML
and again in the ``__NEXT_DATA__`` JSON; JSON-LD ``NewsArticle``; a kicker above the h1 and a
summary under it; "اقرأ أيضاً" boxes, photos with captions and a newsletter prompt inside
the body; a most-read box whose links carry ``utm_*``; a live blog (``LiveBlogPosting``),
a video page (``og:type`` video) and a photo gallery (``ImageGallery``), all listed in the
sitemaps and none an article; a deleted article answering 410; a daily sitemap that fails
once (500).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from tests.sites.generate.common import (
    Output,
    Story,
    arabic_date,
    compact,
    esc,
    gold_article,
    iso,
    link_target,
    linked,
    read_stories,
    slug_words,
    utc_z,
    words,
    xml_text,
)

NAME = "منصة الأفق"
HOST = "www.ofoq-news.com"
ZONE = "Asia/Dubai"
BASE = "{{BASE}}"
NOW = datetime(2025, 11, 28, 12, 0, tzinfo=ZoneInfo(ZONE))
BUILD_ID = "k3Jd8sLq2mZpXw7"
SECTIONS = {"news": "أخبار", "economy": "اقتصاد", "sport": "رياضة", "tech": "تكنولوجيا", "culture": "ثقافة"}
KIND_PATHS = {"live": "live", "video": "video", "gallery": "gallery"}
AUTHORS = {
    "ياسمين الحمادي": ("yasmin-alhammadi", "محررة الشؤون السياسية في منصة الأفق."),
    "فيصل البلوشي": ("faisal-albalushi", "محرر اقتصادي يتابع أسواق الطاقة والعقارات والطيران."),
    "مروان الكعبي": ("marwan-alkaabi", "صحافي رياضي يغطي كرة القدم الآسيوية ورياضة المحركات."),
    "هند السويدي": ("hind-alsuwaidi", "محررة التكنولوجيا والأمن الرقمي."),
    "سلطان المري": ("sultan-almarri", "مراسل الشؤون المحلية والإنسانية."),
    "نورة الشامسي": ("noura-alshamsi", "محررة ثقافية مهتمة بالسينما والنشر والتراث."),
    "غرفة الأخبار": ("newsroom", "فريق التغطية المباشرة في منصة الأفق."),
}
ORGANIZATION_AUTHORS = {NAME}
NEWSLETTER = ("النشرة اليومية من منصة الأفق", "أهم أخبار اليوم وتحليلاتها في بريدك كل صباح.")
FOOTER = "منصة الأفق منصة إخبارية عربية مستقلة تصدر من دبي."
COPYRIGHT = "© 2025 منصة الأفق. جميع الحقوق محفوظة."
CREDITS = ("المصدر: منصة الأفق", "تصوير: فريق الأفق", "أرشيفية")
GONE = (
    1204301,
    datetime(2025, 11, 24, 7, 45, tzinfo=ZoneInfo(ZONE)),
    "news",
    "إغلاق مؤقت لشارع رئيسي بسبب أعمال صيانة",
)
FAIL_ONCE_SITEMAP = "/sitemaps/2025/11/24.xml"
PAGES = {
    "about": (
        "من نحن",
        [
            "منصة الأفق منصة إخبارية عربية انطلقت عام 2019 من دبي، تقدم الأخبار والتحليلات على مدار الساعة.",
            "يعمل في المنصة فريق من المحررين والمراسلين في عواصم عربية عدة.",
        ],
    ),
    "newsletter": (
        "النشرة البريدية",
        ["اشترك في النشرة اليومية لتصلك أهم الأخبار كل صباح، ويمكنك إلغاء الاشتراك في أي وقت."],
    ),
    "privacy": (
        "سياسة الخصوصية",
        [
            "نحترم خصوصية قرائنا ولا نشارك بياناتهم مع أي طرف ثالث دون موافقتهم.",
            "نستخدم ملفات تعريف الارتباط لقياس الزيارات وتحسين المحتوى.",
        ],
    ),
}


def next_json(data: Any) -> str:
    """JSON as Next.js writes it into ``__NEXT_DATA__`` (``<``, ``>``, ``&`` escaped)."""
    return compact(data).replace("<\\/", "</").replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


class Item:
    """An article or one of the non-article story pages (live, video, gallery)."""

    def __init__(self, story: Story):
        self.story = story
        self.id = story.id
        self.kind = story.kind
        slug = "-".join(slug_words(story.headline, 6))
        top = KIND_PATHS.get(story.kind, story.section)
        self.text_path = f"/{top}/{story.date:%Y/%m/%d}/{self.id}-{slug}"
        self.path = f"/{top}/{story.date:%Y/%m/%d}/{self.id}-{quote(slug, safe='-')}"
        self.url = BASE + self.path
        self.modified = story.date + timedelta(minutes=random.Random(f"mod-{self.id}").choice((0, 0, 9, 35, 140)))
        self.spellings = {self.path, f"{self.path}?outputType=amp", f"/news/{self.id}"}
        self.boilerplate: list[str] = []
        self.caption = f"{story.kicker}: صورة تعبيرية" if story.kicker else "صورة تعبيرية"
        self.credit = random.Random(f"credit-{self.id}").choice(CREDITS)

    @property
    def headline(self) -> str:
        return self.story.headline

    @property
    def description(self) -> str:
        return self.story.summary or words(self.story.paragraphs[0], 25)


class Site(Output):
    def __init__(self, stories: list[Story]):
        super().__init__()
        self.items = [Item(s) for s in stories]
        self.articles = [i for i in self.items if i.kind == "article"]
        self.by_id = {i.id: i for i in self.items}
        views = {a.id: random.Random(f"views-{a.id}").randint(3000, 90000) for a in self.articles}
        self.most_read = sorted(self.articles, key=lambda a: -views[a.id])[:5]
        self.tags = sorted({t for i in self.items for t in i.story.tags})


def tag_path(tag: str) -> str:
    return "/tag/" + quote(tag.replace(" ", "-"), safe="-")


def tag_file(tag: str) -> str:
    return "tag/" + tag.replace(" ", "-") + ".html"


def author_path(name: str) -> str:
    return f"/author/{AUTHORS[name][0]}"


def head(title: str, description: str, canonical: str, og_type: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>{esc(title)}</title><meta name="description" content="{esc(description)}"/><meta name="robots" content="index, follow, max-image-preview:large"/><link rel="canonical" href="{canonical}"/><meta property="og:site_name" content="{NAME}"/><meta property="og:locale" content="ar_AE"/><meta property="og:type" content="{og_type}"/><meta property="og:title" content="{esc(title)}"/><meta property="og:description" content="{esc(description)}"/><meta property="og:url" content="{canonical}"/><meta name="twitter:card" content="summary_large_image"/><meta name="twitter:site" content="@ofoqnews"/>{extra}<link rel="icon" href="/favicon.ico"/><link rel="preload" href="/_next/static/css/8f2c1a7e0b9d4c3a.css" as="style"/><link rel="stylesheet" href="/_next/static/css/8f2c1a7e0b9d4c3a.css" data-n-g=""/><noscript data-n-css=""></noscript><script defer="" nomodule="" src="/_next/static/chunks/polyfills-42372ed130431b0a.js"></script><script src="/_next/static/chunks/webpack-59c5c889f52620d6.js" defer=""></script><script src="/_next/static/chunks/framework-ecc4130bc7a58a64.js" defer=""></script><script src="/_next/static/chunks/main-8e2a7a7e3f1b4d6c.js" defer=""></script><script src="/_next/static/chunks/pages/_app-3b1f2e9c8a7d6e5f.js" defer=""></script><script src="/_next/static/{BUILD_ID}/_buildManifest.js" defer=""></script><script src="/_next/static/{BUILD_ID}/_ssgManifest.js" defer=""></script></head>"""


def document(site: Site, head_html: str, main: str, data: dict[str, Any], chunk: str) -> str:
    """A whole page: head, the site header, ``main``, the footer with the Next.js data."""
    return head_html + "<body>" + header(site) + main + footer(site, data, chunk)


def item_document(site: Site, item: Item, og_type: str, extra: str, main: str, data: dict[str, Any], chunk: str) -> str:
    head_html = head(f"{item.headline} | {NAME}", item.description, item.url, og_type, extra)
    return document(site, head_html, main, data, chunk)


def header(site: Site) -> str:
    nav = "".join(
        f'<li class="Nav_item__4fGhT"><a href="/{slug}">{esc(name)}</a></li>' for slug, name in SECTIONS.items()
    )
    live = next((i for i in site.items if i.kind == "live"), None)
    live_link = f'<li class="Nav_item__4fGhT Nav_live__Q2wEr"><a href="{live.path}">مباشر</a></li>' if live else ""
    ticker = "".join(f'<li><a href="{a.path}">{esc(a.headline)}</a></li>' for a in site.articles[:3])
    return (
        '<div id="__next"><header class="Header_header__x1Y2z"><div class="Header_top__aB3cD">'
        f'<a class="Header_logo__Lm9Np" href="/" aria-label="{NAME}"><img src="/images/logo.svg" alt="{NAME}" width="160" height="40"/></a>'
        '<a class="Header_search__Zx8Cv" href="/search" aria-label="بحث"><svg width="20" height="20" viewBox="0 0 24 24"><path d="M10 2a8 8 0 1 0 4.9 14.3l5.4 5.4 1.4-1.4-5.4-5.4A8 8 0 0 0 10 2z"></path></svg></a></div>'
        f'<nav class="Nav_nav__Rt5Yu"><ul class="Nav_list__Kp0Oi"><li class="Nav_item__4fGhT"><a href="/">الرئيسية</a></li>{nav}{live_link}'
        '<li class="Nav_item__4fGhT"><a href="/video">فيديو</a></li><li class="Nav_item__4fGhT"><a href="/gallery">صور</a></li></ul></nav>'
        f'<div class="Breaking_bar__Wq1Er"><span class="Breaking_label__Ty6Ui">عاجل</span><ul class="Breaking_list__Op9As">{ticker}</ul></div></header>'
    )


def most_read_box(site: Site, exclude: Item | None = None) -> str:
    items = []
    for n, article in enumerate(site.most_read, 1):
        spelling = f"{article.path}?utm_source=mostread&utm_medium=referral"
        article.spellings.add(spelling)
        if exclude is not None:
            exclude.boilerplate.append(article.headline)
        items.append(
            f'<li class="MostRead_item__Df4Gh"><span class="MostRead_rank__Jk5Lz">{n}</span><a href="{esc(spelling)}">{esc(article.headline)}</a></li>'
        )
    return f'<aside class="MostRead_box__Vb7Nm"><h2 class="MostRead_title__Xc8Vb">الأكثر قراءة</h2><ol class="MostRead_list__Qw2Er">{"".join(items)}</ol></aside>'


def footer(site: Site, next_data: dict[str, Any], page_chunk: str) -> str:
    sections = "".join(f'<li><a href="/{slug}">{esc(name)}</a></li>' for slug, name in SECTIONS.items())
    pages = "".join(f'<li><a href="/{slug}">{esc(title)}</a></li>' for slug, (title, _) in PAGES.items())
    return (
        f'<footer class="Footer_footer__Nm3Kl"><div class="Footer_about__Ui8Op"><img src="/images/logo-white.svg" alt="{NAME}" width="140" height="36"/><p>{FOOTER}</p></div>'
        f'<ul class="Footer_links__As2Df">{sections}</ul><ul class="Footer_links__As2Df">{pages}</ul>'
        '<div class="Footer_apps__Gh4Jk"><a href="https://apps.apple.com/app/ofoq-news/id1500000000">App Store</a><a href="https://play.google.com/store/apps/details?id=com.ofoqnews.app">Google Play</a></div>'
        '<div class="Footer_social__Zx5Cv"><a href="https://x.com/ofoqnews" rel="noopener">إكس</a><a href="https://www.instagram.com/ofoqnews" rel="noopener">إنستغرام</a><a href="https://www.youtube.com/@ofoqnews" rel="noopener">يوتيوب</a></div>'
        f'<p class="Footer_copy__Bn6Mq">{COPYRIGHT}</p></footer></div>'
        f'<script id="__NEXT_DATA__" type="application/json">{next_json(next_data)}</script>'
        f'<script src="/_next/static/chunks/pages/{page_chunk}" defer=""></script></body></html>\n'
    )


def card(item: Item, tag: str = "article") -> str:
    section = SECTIONS.get(item.story.section, "")
    return (
        f'<{tag} class="Card_card__Hj7Kl"><a class="Card_link__Pq9Rs" href="{item.path}"><img class="Card_image__Tu1Vw" src="https://media.ofoq-news.com/images/{item.id}-640x360.jpg" alt="" loading="lazy" width="640" height="360"/>'
        f'<span class="Card_kicker__Yz3Ab">{esc(item.story.kicker or section)}</span><h3 class="Card_title__Cd5Ef">{esc(item.headline)}</h3></a>'
        f'<p class="Card_summary__Gh7Ij">{esc(item.description)}</p><time class="Card_time__Kl9Mn" dateTime="{utc_z(item.story.date)}">{arabic_date(item.story.date, weekday=False)}</time></{tag}>'
    )


def page_data(page: str, query: dict[str, str], props: dict[str, Any]) -> dict[str, Any]:
    return {
        "props": {"pageProps": {**props, "__N_SSP": True}, "__N_SSP": True},
        "page": page,
        "query": query,
        "buildId": BUILD_ID,
        "isFallback": False,
        "gssp": True,
        "scriptLoader": [],
    }


def person(name: str) -> dict[str, str]:
    if name in ORGANIZATION_AUTHORS:
        return {"@type": "Organization", "name": name, "url": BASE + "/"}
    return {"@type": "Person", "name": name, "url": BASE + author_path(name)}


def publisher() -> dict[str, Any]:
    return {
        "@type": "NewsMediaOrganization",
        "name": NAME,
        "url": BASE + "/",
        "logo": {"@type": "ImageObject", "url": BASE + "/images/logo-600x60.png", "width": 600, "height": 60},
    }


def href_for(site: Site) -> Any:
    def href(words: str, target: str) -> str:
        kind, value = link_target(words, target)
        return tag_path(value) if kind == "tag" else site.by_id[value].path

    return href


def body_parts(site: Site, item: Item, amp: bool = False) -> tuple[str, list[dict[str, Any]]]:
    """The body container's HTML and the same content as Next.js data blocks."""
    story, rng = item.story, random.Random(f"body-{item.id}")
    href = href_for(site)
    html_parts, blocks = [], []
    paragraphs = [b for b in story.blocks if b.kind != "figure"]
    older = [a for a in site.articles if a.story.date < story.date]
    newsletter_at = (len(story.blocks) * 2) // 3 if len(paragraphs) >= 8 else None
    for n, block in enumerate(story.blocks):
        if block.kind == "figure":
            img = (
                f'<amp-img src="https://media.ofoq-news.com/images/{item.id}-{n}.jpg" width="1200" height="675" layout="responsive" alt=""></amp-img>'
                if amp
                else f'<img src="https://media.ofoq-news.com/images/{item.id}-{n}.jpg" alt="" loading="lazy" width="1200" height="675"/>'
            )
            html_parts.append(
                f'<figure class="ArticleBody_figure__Mn2Op">{img}<figcaption class="ArticleBody_caption__Qr4St">{esc(block.text)}</figcaption></figure>'
            )
            blocks.append(
                {"type": "image", "url": f"https://media.ofoq-news.com/images/{item.id}-{n}.jpg", "caption": block.text}
            )
            item.boilerplate.append(block.text)
            continue
        text = linked(block.text, href)
        html_parts.append(f"<p>{text}</p>")
        blocks.append({"type": "paragraph", "html": f"<p>{text}</p>"})
        if n == 1 and len(paragraphs) >= 4 and older:
            picked = rng.sample(older, min(len(older), rng.choice((1, 2))))
            links = []
            for other in picked:
                target = f"/news/{other.id}" if rng.random() < 0.4 else other.path
                links.append(f'<li><a href="{target}">{esc(other.headline)}</a></li>')
                item.boilerplate.append(other.headline)
            html_parts.append(
                f'<div class="ReadAlso_box__Jk3s1"><span class="ReadAlso_label__b7Xy2">اقرأ أيضاً</span><ul>{"".join(links)}</ul></div>'
            )
            blocks.append(
                {
                    "type": "readAlso",
                    "title": "اقرأ أيضاً",
                    "items": [{"title": o.headline, "url": o.path} for o in picked],
                }
            )
        if newsletter_at is not None and n == newsletter_at and not amp:
            html_parts.append(newsletter_box())
            blocks.append({"type": "newsletter"})
    return "".join(html_parts), blocks


def newsletter_box() -> str:
    return (
        f'<div class="NewsletterPrompt_box__Fg3Hj"><p class="NewsletterPrompt_title__Kl4Mn">{NEWSLETTER[0]}</p>'
        f'<p class="NewsletterPrompt_text__Op5Qr">{NEWSLETTER[1]}</p><a class="NewsletterPrompt_button__St6Uv" href="/newsletter">اشترك الآن</a></div>'
    )


def byline(item: Item) -> str:
    return "، ".join(
        f'<a class="ArticleHeader_author__Wx7Yz" href="{author_path(a)}">{esc(a)}</a>'
        if a in AUTHORS
        else f'<span class="ArticleHeader_author__Wx7Yz">{esc(a)}</span>'
        for a in item.story.authors
    )


def article_page(site: Site, item: Item) -> str:
    story = item.story
    section = SECTIONS[story.section]
    body, blocks = body_parts(site, item)
    has_inline_newsletter = any(b["type"] == "newsletter" for b in blocks)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": item.url},
        "headline": item.headline,
        "description": item.description,
        "image": [f"https://media.ofoq-news.com/images/{item.id}-1200x675.jpg"],
        "datePublished": iso(story.date),
        "dateModified": iso(item.modified),
        "author": [person(a) for a in story.authors],
        "publisher": publisher(),
        "articleSection": section,
        "keywords": story.tags,
        "inLanguage": "ar",
        "isAccessibleForFree": True,
    }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": BASE + "/"},
            {"@type": "ListItem", "position": 2, "name": section, "item": f"{BASE}/{story.section}"},
            {"@type": "ListItem", "position": 3, "name": item.headline, "item": item.url},
        ],
    }
    tags_meta = "".join(f'<meta property="article:tag" content="{esc(t)}"/>' for t in story.tags)
    extra = (
        f'<meta property="og:image" content="https://media.ofoq-news.com/images/{item.id}-1200x675.jpg"/><meta property="article:published_time" content="{iso(story.date)}"/>'
        f'<meta property="article:modified_time" content="{iso(item.modified)}"/><meta property="article:section" content="{esc(section)}"/>{tags_meta}'
        f'<link rel="amphtml" href="{item.url}?outputType=amp"/><script type="application/ld+json">{compact(ld)}</script><script type="application/ld+json">{compact(crumbs)}</script>'
    )
    summary = f'<p class="ArticleHeader_summary__Ef1Gh">{esc(story.summary)}</p>' if story.summary else ""
    updated = (
        f'<time class="ArticleHeader_updated__Ij2Kl" dateTime="{utc_z(item.modified)}">آخر تحديث: {arabic_date(item.modified, weekday=False, time=True)}</time>'
        if item.modified != story.date
        else ""
    )
    tags = "".join(f'<a class="Tags_tag__Mn3Op" href="{tag_path(t)}">{esc(t)}</a>' for t in story.tags)
    more = [a for a in site.articles if a.story.section == story.section and a is not item][:4]
    item.boilerplate += [a.headline for a in more] + [
        item.caption,
        NEWSLETTER[0],
        NEWSLETTER[1],
        FOOTER,
        "شارك",
        "المزيد من " + section,
    ]
    share = (
        '<div class="Share_share__Qr4St"><span class="Share_label__Uv5Wx">شارك</span>'
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={item.url}" target="_blank" rel="noopener noreferrer" aria-label="فيسبوك">فيسبوك</a>'
        f'<a href="https://x.com/intent/post?url={item.url}" target="_blank" rel="noopener noreferrer" aria-label="إكس">إكس</a>'
        f'<a href="https://wa.me/?text={item.url}" target="_blank" rel="noopener noreferrer" aria-label="واتساب">واتساب</a>'
        '<button type="button" class="Share_copy__Yz6Ab">نسخ الرابط</button></div>'
    )
    main = (
        '<main class="ArticlePage_main__3kLmN"><div class="ArticlePage_layout__Pq8Rs"><article class="ArticlePage_article__9aB1c">'
        f'<nav class="Breadcrumbs_nav__Tu9Vw" aria-label="breadcrumb"><a href="/">الرئيسية</a><span> / </span><a href="/{story.section}">{esc(section)}</a></nav>'
        f'<header class="ArticleHeader_header__Xy0Za"><div class="ArticleHeader_kicker__2pQrS">{esc(story.kicker)}</div><h1 class="ArticleHeader_title__7hJkL">{esc(item.headline)}</h1>{summary}'
        f'<div class="ArticleHeader_meta__Mn8Op"><div class="ArticleHeader_authors__Ab1Cd">{byline(item)}</div>'
        f'<time class="ArticleHeader_date__Cd3Ef" dateTime="{utc_z(story.date)}">{arabic_date(story.date, weekday=False, time=True)}</time>{updated}</div>'
        f'<figure class="ArticleHeader_image__Gh5Ij"><img src="https://media.ofoq-news.com/images/{item.id}-1200x675.jpg" alt="{esc(item.headline)}" width="1200" height="675" fetchpriority="high"/>'
        f'<figcaption class="ArticleHeader_caption__Kl7Mn"><span>{esc(item.caption)}</span> <span class="ArticleHeader_credit__Op9Qr">{esc(item.credit)}</span></figcaption></figure></header>'
        f'<div class="ArticleBody_body__q8Wx2">{body}</div>'
        f"{'' if has_inline_newsletter else newsletter_box()}"
        f'<div class="Tags_tags__Kl2Mn">{tags}</div>{share}</article>'
        f"{most_read_box(site, item)}</div>"
        f'<section class="More_section__Rs1Tu"><h2 class="More_title__Vw2Xy">المزيد من {esc(section)}</h2><div class="More_grid__Za3Bc">{"".join(card(a, "div") for a in more)}</div></section></main>'
    )
    props = {
        "article": {
            "id": int(item.id),
            "title": item.headline,
            "kicker": story.kicker,
            "summary": story.summary,
            "url": item.path,
            "publishedAt": utc_z(story.date),
            "updatedAt": utc_z(item.modified),
            "section": {"slug": story.section, "name": section},
            "authors": [{"name": a, "slug": AUTHORS.get(a, ("", ""))[0]} for a in story.authors],
            "tags": [{"name": t, "slug": t.replace(" ", "-")} for t in story.tags],
            "image": {
                "url": f"https://media.ofoq-news.com/images/{item.id}-1200x675.jpg",
                "caption": item.caption,
                "credit": item.credit,
            },
            "body": blocks,
        },
        "mostRead": [{"id": int(a.id), "title": a.headline, "url": a.path} for a in site.most_read],
    }
    query = {
        "section": story.section,
        "year": f"{story.date:%Y}",
        "month": f"{story.date:%m}",
        "day": f"{story.date:%d}",
        "slug": item.path.rsplit("/", 1)[1],
    }
    data = page_data("/[section]/[year]/[month]/[day]/[slug]", query, props)
    return item_document(site, item, "article", extra, main, data, "[section]/[year]/[month]/[day]/[slug]-4a8b2c1d.js")


def amp_page(site: Site, item: Item) -> str:
    story = item.story
    body, _ = body_parts(site, item, amp=True)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.headline,
        "datePublished": iso(story.date),
        "dateModified": iso(item.modified),
        "author": [person(a) for a in story.authors],
        "publisher": publisher(),
        "mainEntityOfPage": item.url,
    }
    tags = "".join(f'<a href="{tag_path(t)}">{esc(t)}</a>' for t in story.tags)
    return f"""<!doctype html><html ⚡ lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(item.headline)} | {NAME}</title><link rel="canonical" href="{item.url}"><meta name="viewport" content="width=device-width"><script async src="https://cdn.ampproject.org/v0.js"></script><script async custom-element="amp-analytics" src="https://cdn.ampproject.org/v0/amp-analytics-0.1.js"></script><style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript><style amp-custom>body{{font-family:sans-serif}}.kicker{{color:#c8102e}}</style><script type="application/ld+json">{compact(ld)}</script></head>
<body><header class="amp-header"><a href="/"><amp-img src="/images/logo.svg" width="160" height="40" alt="{NAME}"></amp-img></a></header>
<article class="amp-article"><div class="kicker">{esc(story.kicker)}</div><h1 class="headline">{esc(item.headline)}</h1><div class="byline">{"، ".join(esc(a) for a in story.authors)}</div><time datetime="{iso(story.date)}">{arabic_date(story.date, weekday=False, time=True)}</time>
<amp-img src="https://media.ofoq-news.com/images/{item.id}-1200x675.jpg" width="1200" height="675" layout="responsive" alt=""></amp-img>
<div class="article-body">{body}</div>
<div class="tags">{tags}</div></article>
<footer class="amp-footer"><a href="{item.url}">عرض النسخة الكاملة</a><p>{COPYRIGHT}</p></footer>
<amp-analytics type="gtag" data-credentials="include"><script type="application/json">{{"vars":{{"gtag_id":"G-OFOQ0000"}}}}</script></amp-analytics></body></html>
"""


def live_page(site: Site, item: Item) -> str:
    story = item.story
    updates = []
    entries = []
    for paragraph in story.paragraphs:
        clock, text = (part.strip() for part in paragraph.split("|", 1))
        hour, minute = (int(x) for x in clock.split(":"))
        moment = story.date.replace(hour=hour, minute=minute)
        updates.append({"@type": "BlogPosting", "headline": text, "datePublished": iso(moment), "articleBody": text})
        entries.append(
            f'<div class="LiveBlog_entry__Ab2Cd"><time class="LiveBlog_time__Ef3Gh" dateTime="{utc_z(moment)}">{clock}</time><p class="LiveBlog_text__Ij4Kl">{esc(text)}</p></div>'
        )
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": item.headline,
        "description": item.description,
        "url": item.url,
        "datePublished": iso(story.date),
        "dateModified": iso(story.date.replace(hour=15, minute=30)),
        "coverageStartTime": iso(story.date),
        "coverageEndTime": iso(story.date.replace(hour=18)),
        "author": [person(a) for a in story.authors],
        "publisher": publisher(),
        "liveBlogUpdate": list(reversed(updates)),
    }
    extra = f'<meta property="article:published_time" content="{iso(story.date)}"/><script type="application/ld+json">{compact(ld)}</script>'
    main = (
        '<main class="LivePage_main__Mn5Op"><article class="LiveBlog_blog__Qr6St">'
        f'<div class="ArticleHeader_kicker__2pQrS LiveBlog_badge__Uv7Wx">{esc(story.kicker)}</div><h1 class="ArticleHeader_title__7hJkL">{esc(item.headline)}</h1>'
        f'<p class="ArticleHeader_summary__Ef1Gh">{esc(story.summary)}</p><div class="LiveBlog_entries__Yz8Ab">{"".join(reversed(entries))}</div></article>{most_read_box(site)}</main>'
    )
    data = page_data(
        "/live/[year]/[month]/[day]/[slug]",
        {"slug": item.path.rsplit("/", 1)[1]},
        {"liveBlog": {"id": int(item.id), "title": item.headline, "entries": [u["articleBody"] for u in updates]}},
    )
    return item_document(site, item, "article", extra, main, data, "live/[year]/[month]/[day]/[slug]-5c6d7e8f.js")


def video_page(site: Site, item: Item) -> str:
    story = item.story
    ld = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": item.headline,
        "description": item.description,
        "thumbnailUrl": [f"https://media.ofoq-news.com/images/{item.id}-1280x720.jpg"],
        "uploadDate": iso(story.date),
        "duration": "PT2M20S",
        "contentUrl": f"https://media.ofoq-news.com/video/{item.id}.mp4",
        "embedUrl": f"https://media.ofoq-news.com/embed/{item.id}",
        "publisher": publisher(),
    }
    extra = (
        f'<meta property="og:video" content="https://media.ofoq-news.com/video/{item.id}.mp4"/><meta property="og:video:type" content="video/mp4"/>'
        f'<meta property="og:image" content="https://media.ofoq-news.com/images/{item.id}-1280x720.jpg"/><script type="application/ld+json">{compact(ld)}</script>'
    )
    main = (
        f'<main class="VideoPage_main__Cd9Ef"><div class="VideoPage_player__Gh0Ij"><video controls preload="none" poster="https://media.ofoq-news.com/images/{item.id}-1280x720.jpg" src="https://media.ofoq-news.com/video/{item.id}.mp4"></video></div>'
        f'<div class="ArticleHeader_kicker__2pQrS">{esc(story.kicker)}</div><h1 class="VideoPage_title__Kl1Mn">{esc(item.headline)}</h1>'
        f'<p class="VideoPage_description__Op2Qr">{esc(story.summary)}</p><p class="VideoPage_duration__St3Uv">{esc(story.paragraphs[0])}</p>'
        f'<time dateTime="{utc_z(story.date)}">{arabic_date(story.date, weekday=False, time=True)}</time>{most_read_box(site)}</main>'
    )
    data = page_data(
        "/video/[year]/[month]/[day]/[slug]",
        {"slug": item.path.rsplit("/", 1)[1]},
        {"video": {"id": int(item.id), "title": item.headline, "duration": 140}},
    )
    return item_document(site, item, "video.other", extra, main, data, "video/[year]/[month]/[day]/[slug]-9a0b1c2d.js")


def gallery_page(site: Site, item: Item) -> str:
    story = item.story
    images = [
        (f"https://media.ofoq-news.com/images/{item.id}-{n}.jpg", caption)
        for n, caption in enumerate(story.paragraphs, 1)
    ]
    ld = {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "name": item.headline,
        "description": item.description,
        "url": item.url,
        "datePublished": iso(story.date),
        "publisher": publisher(),
        "associatedMedia": [{"@type": "ImageObject", "contentUrl": url, "caption": caption} for url, caption in images],
    }
    extra = f'<meta property="og:image" content="{images[0][0]}"/><meta property="article:published_time" content="{iso(story.date)}"/><script type="application/ld+json">{compact(ld)}</script>'
    slides = "".join(
        f'<figure class="Gallery_slide__Wx4Yz"><img src="{url}" alt="" loading="lazy" width="1200" height="800"/><figcaption class="Gallery_caption__Ab5Cd">{esc(caption)}</figcaption></figure>'
        for url, caption in images
    )
    main = (
        f'<main class="GalleryPage_main__Ef6Gh"><article class="Gallery_gallery__Ij7Kl"><div class="ArticleHeader_kicker__2pQrS">{esc(story.kicker)}</div>'
        f'<h1 class="ArticleHeader_title__7hJkL">{esc(item.headline)}</h1><p class="ArticleHeader_summary__Ef1Gh">{esc(story.summary)}</p>'
        f'<time dateTime="{utc_z(story.date)}">{arabic_date(story.date, weekday=False, time=True)}</time><div class="Gallery_slides__Mn8Op">{slides}</div></article>{most_read_box(site)}</main>'
    )
    data = page_data(
        "/gallery/[year]/[month]/[day]/[slug]",
        {"slug": item.path.rsplit("/", 1)[1]},
        {
            "gallery": {
                "id": int(item.id),
                "title": item.headline,
                "images": [{"url": u, "caption": c} for u, c in images],
            }
        },
    )
    return item_document(site, item, "article", extra, main, data, "gallery/[year]/[month]/[day]/[slug]-3e4f5a6b.js")


def list_page(
    site: Site, path: str, title: str, heading: str, intro: str, items: list[Item], page: str, kind: str
) -> str:
    cards = "".join(card(i) for i in items)
    intro_html = f'<p class="ListPage_intro__Qr9St">{esc(intro)}</p>' if intro else ""
    main = (
        f'<main class="ListPage_main__Uv0Wx"><h1 class="ListPage_title__Yz1Ab">{esc(heading)}</h1>{intro_html}'
        f'<div class="ListPage_grid__Cd2Ef">{cards}</div>{most_read_box(site)}</main>'
    )
    data = page_data(page, {}, {"items": [{"id": int(i.id), "title": i.headline, "url": i.path} for i in items]})
    site.non_article(path, kind)
    chunk = page.strip("/").replace("/", "-") + "-7f8e9d0c.js"
    return document(site, head(title, intro or title, BASE + path, "website"), main, data, chunk)


def text_page(site: Site, slug: str, title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    form = (
        '<form class="Newsletter_form__Gh3Ij" action="/api/newsletter" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني"/><button type="submit">اشترك</button></form>'
        if slug == "newsletter"
        else ""
    )
    main = f'<main class="StaticPage_main__Kl4Mn"><h1 class="StaticPage_title__Op5Qr">{esc(title)}</h1><div class="StaticPage_body__St6Uv">{body}{form}</div></main>'
    site.non_article(f"/{slug}", "page")
    head_html = head(f"{title} | {NAME}", title, f"{BASE}/{slug}", "website")
    return document(site, head_html, main, page_data(f"/{slug}", {}, {}), f"{slug}-1a2b3c4d.js")


def sitemap_index(entries: list[tuple[str, datetime]]) -> str:
    rows = "".join(
        f"<sitemap><loc>{BASE}{loc}</loc><lastmod>{iso(lastmod)}</lastmod></sitemap>" for loc, lastmod in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>\n'


def daily_sitemap(rows: list[tuple[str, datetime, str | None]]) -> str:
    urls = "".join(
        f"<url><loc>{BASE}{xml_text(path)}</loc><lastmod>{iso(lastmod)}</lastmod>"
        + (f"<image:image><image:loc>{image}</image:loc></image:image>" if image else "")
        + "</url>"
        for path, lastmod, image in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">{urls}</urlset>\n'
    )


def news_sitemap(items: list[Item]) -> str:
    urls = "".join(
        f"<url><loc>{BASE}{xml_text(i.path)}</loc><news:news><news:publication><news:name>{NAME}</news:name><news:language>ar</news:language></news:publication>"
        f"<news:publication_date>{utc_z(i.story.date).replace('.000', '')}</news:publication_date><news:title>{xml_text(i.headline)}</news:title></news:news></url>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>\n'
    )


def build() -> tuple[dict[str, bytes], dict[str, Any], dict[str, Any]]:
    """(files, server.json, gold.json) of the portal replica."""
    site = Site(read_stories("portal", ZONE))
    renderers = {"article": article_page, "live": live_page, "video": video_page, "gallery": gallery_page}
    for item in site.items:
        site.add(item.text_path.lstrip("/") + ".html", renderers[item.kind](site, item))
        if item.kind == "article":
            site.add("amp" + item.text_path + ".html", amp_page(site, item))
        else:
            site.non_article(item.path, item.kind)

    site.add(
        "index.html",
        list_page(site, "/", f"{NAME} | أخبار العالم العربي على مدار الساعة", NAME, "", site.items[:12], "/", "home"),
    )
    for slug, name in SECTIONS.items():
        in_section = [a for a in site.articles if a.story.section == slug]
        site.add(
            f"{slug}.html",
            list_page(
                site,
                f"/{slug}",
                f"{name} | {NAME}",
                name,
                f"آخر أخبار {name} من منصة الأفق.",
                in_section,
                "/[section]",
                "section",
            ),
        )
    for kind, name in (("video", "فيديو"), ("gallery", "صور")):
        site.add(
            f"{kind}.html",
            list_page(
                site,
                f"/{kind}",
                f"{name} | {NAME}",
                name,
                "",
                [i for i in site.items if i.kind == kind],
                f"/{kind}",
                "section",
            ),
        )
    for tag in site.tags:
        tagged = [i for i in site.items if tag in i.story.tags]
        site.add(
            tag_file(tag), list_page(site, tag_path(tag), f"{tag} | {NAME}", tag, "", tagged, "/tag/[slug]", "tag")
        )
    for name, (slug, bio) in AUTHORS.items():
        by = [i for i in site.items if name in i.story.authors]
        if by:
            site.add(
                f"author/{slug}.html",
                list_page(site, f"/author/{slug}", f"{name} | {NAME}", name, bio, by, "/author/[slug]", "author"),
            )
    for slug, (title, paragraphs) in PAGES.items():
        site.add(f"{slug}.html", text_page(site, slug, title, paragraphs))
    site.add("search.html", text_page(site, "search", "بحث", ["اكتب كلمة للبحث في أرشيف منصة الأفق."]))
    site.non_articles[-1].update(kind="search", disallowed=True)

    gone_id, gone_date, gone_section, gone_title = GONE
    gone_path = f"/{gone_section}/{gone_date:%Y/%m/%d}/{gone_id}-{quote('-'.join(slug_words(gone_title, 6)), safe='-')}"
    site.non_article(gone_path, "gone", status=410)
    days: dict[str, list[tuple[str, datetime, str | None]]] = {}
    for item in site.items:
        image = f"https://media.ofoq-news.com/images/{item.id}-1200x675.jpg" if item.kind == "article" else None
        days.setdefault(f"{item.story.date:%Y/%m/%d}", []).append((item.path, item.modified, image))
    days.setdefault(f"{gone_date:%Y/%m/%d}", []).append((gone_path, gone_date, None))
    index = []
    for day, rows in sorted(days.items(), reverse=True):
        rows.sort(key=lambda r: r[1], reverse=True)
        site.add(f"sitemaps/{day}.xml", daily_sitemap(rows))
        index.append((f"/sitemaps/{day}.xml", rows[0][1]))
    sections = [(f"/{slug}", NOW, None) for slug in [*SECTIONS, "video", "gallery"]]
    site.add("sitemaps/sections.xml", daily_sitemap(sections))
    index.append(("/sitemaps/sections.xml", NOW))
    site.add("sitemaps/index.xml", sitemap_index(index))
    recent = [
        i for i in site.items if i.kind in ("article", "live", "video") and i.story.date >= NOW - timedelta(hours=48)
    ]
    site.add("sitemaps/news.xml", news_sitemap(recent))
    site.add(
        "robots.txt",
        "User-agent: *\nDisallow: /api/\nDisallow: /search\nDisallow: /_next/data/\nAllow: /_next/static/\n\nUser-agent: GPTBot\nDisallow: /\n\nSitemap: {{BASE}}/sitemaps/index.xml\nSitemap: {{BASE}}/sitemaps/news.xml\n",
    )

    server = {
        "templated": [".xml", ".txt", ".json", ".html"],
        "content_types": {".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8"},
        "status": {gone_path: 410, FAIL_ONCE_SITEMAP: {"status": 500, "times": 1}},
        "redirects": {f"/news/{a.id}": {"status": 301, "location": a.path} for a in site.articles},
        "routes": [
            {
                "path": "/(?P<page>(?:news|economy|sport|tech|culture)/\\d{4}/\\d{2}/\\d{2}/[^/]+)",
                "query": {"outputType": "amp"},
                "file": "/amp/{page}.html",
            },
        ],
    }
    articles = [
        gold_article(
            a.story,
            a.path,
            a.spellings,
            a.id,
            SECTIONS[a.story.section],
            [*a.boilerplate, a.story.kicker, a.story.summary, COPYRIGHT],
        )
        for a in site.articles
    ]
    gold = {
        "shape": "portal",
        "site": NAME,
        "host": HOST,
        "timezone": ZONE,
        "dates_have_offset": True,
        "articles": articles,
        "non_articles": site.non_articles,
        "disallowed": ["/search", "/api/newsletter"],
    }
    return site.files, server, gold
