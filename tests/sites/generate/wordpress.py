"""The WordPress replica (``tests/sites/wordpress/``): صدى الواحة, a Jordanian news site on
WordPress 6 with Yoast SEO, Jetpack (related posts), the AMP plugin's reader mode and a
news theme.

What a crawler meets there, as on such sites: core's ``wp-sitemap.xml`` index whose
taxonomy, user and page sitemaps list pages that are not articles; ``/feed/`` (the 10 newest
posts, full content, ``+0300`` dates) and category feeds (``GMT`` dates); permalinks
``/YYYY/MM/DD/<slug>/`` whose Arabic slug is percent-encoded in lowercase and cut at 200
characters, with no numeric id; ``?amp=1`` copies; ``/?p=ID`` short links answering 301;
Jetpack's related-posts links with ``relatedposts_*`` parameters inside ``.entry-content``;
comments, the "أضف تعليقاً" form, author boxes, widgets; archives (category, tag, author,
month, home pages) whose ``<article>`` excerpts are not articles.
"""

from __future__ import annotations

import random
import re
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
    rfc822,
    words,
    xml_text,
)

NAME = "صدى الواحة"
HOST = "www.sada-alwaha.com"
ZONE = "Asia/Amman"
BASE = "{{BASE}}"
NOW = datetime(2025, 11, 28, 12, 0, tzinfo=ZoneInfo(ZONE))
PER_PAGE = 10  # Settings → Reading: "Blog pages show at most"
FEED_ITEMS = 10
CLOUD_TAGS = 12  # the tag cloud widget's "number"
CATEGORIES = {
    "local": ("محليات", "أخبار المحافظات والخدمات والشأن المحلي."),
    "economy": ("اقتصاد", "الأسواق والأعمال والمال والطاقة."),
    "sports": ("رياضة", "كرة القدم والسلة وسائر الألعاب محلياً وعربياً."),
    "culture": ("ثقافة وفن", "المسرح والسينما والكتب والتراث."),
    "opinion": ("مقالات", "آراء كتّاب الموقع، ولا تعبر بالضرورة عن رأي التحرير."),
}
AUTHORS = {
    "رنا الخطيب": ("rana-alkhatib", "صحافية متخصصة في الشأن الاقتصادي، تكتب عن الموازنة والأسواق والطاقة."),
    "خالد المومني": ("khaled-almomani", "مراسل الموقع في إربد ومحافظات الشمال."),
    "هبة الطراونة": ("heba-altarawneh", "محررة الشؤون المحلية، تتابع ملفات المياه والصحة والخدمات."),
    "سامر الحديدي": ("samer-alhadidi", "محرر القسم الرياضي ومعلق على الدوري المحلي منذ عشر سنوات."),
    "لينا حداد": ("lina-haddad", "كاتبة ومحررة ثقافية، مهتمة بالمسرح والسينما المستقلة."),
    "عمر الرواشدة": ("omar-alrawashdeh", "كاتب مقال أسبوعي في الشأن العام، أستاذ جامعي متقاعد."),
}
PAGES = {
    "من نحن": [
        "صدى الواحة موقع إخباري مستقل انطلق عام 2012، يغطي أخبار الأردن والمنطقة بفريق من المحررين والمراسلين في المحافظات.",
        "نلتزم بمعايير الدقة والتوازن، ونصحح أخطاءنا علناً متى وقعت، ونفصل بين الخبر والرأي.",
    ],
    "اتصل بنا": [
        "للتواصل مع هيئة التحرير أو إرسال الأخبار والصور، يمكنكم مراسلتنا عبر البريد الإلكتروني أو الاتصال بمكتبنا في عمّان خلال ساعات الدوام.",
    ],
    "سياسة الخصوصية": [
        "يحترم صدى الواحة خصوصية زواره، ولا يجمع من البيانات إلا ما يلزم لتشغيل الموقع وقياس عدد الزيارات.",
        "قد يستخدم الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح، ويمكنكم تعطيلها من إعدادات المتصفح.",
        "لا نبيع بيانات الزوار لأي طرف ثالث، ونحذف بيانات التعليقات غير المنشورة بعد ثلاثين يوماً.",
    ],
}
COMMENTS = [
    ("أبو محمد", "كلام جميل لكن العبرة في التطبيق على أرض الواقع."),
    ("سلمى", "شكراً على التغطية المفصلة، نتمنى متابعة الموضوع في الأيام القادمة."),
    ("مواطن من الزرقاء", "نسمع هذه الوعود كل سنة وما في شي بتغير."),
    ("د. فراس", "الأرقام المذكورة تحتاج إلى مصدر أوضح، مع الاحترام."),
    ("أم يزن", "الله يعطيكم العافية على هالخبر."),
    ("محمد العلي", "خطوة بالاتجاه الصحيح إذا استمرت."),
    ("نور", "وين دور البلديات من كل هذا؟"),
    ("ابن الشمال", "نتمنى أن تشمل المحافظات وليس العاصمة فقط."),
    ("رامي", "مقال رائع ويستحق القراءة أكثر من مرة."),
    ("زائر", "أين يمكن الاطلاع على التفاصيل الكاملة للقرار؟"),
]
COMMENT_NOTES = (
    "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
    "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.",
)
NEWSLETTER = "اشترك في نشرتنا البريدية ليصلك ملخص أهم الأخبار كل صباح."
FOOTER_ABOUT = "صدى الواحة موقع إخباري مستقل يغطي أخبار الأردن والمنطقة منذ عام 2012."
COPYRIGHT = "جميع الحقوق محفوظة © 2025 صدى الواحة."


def wp_slug(title: str) -> tuple[str, str]:
    """WordPress's ``sanitize_title``: punctuation removed, at most 200 characters once
    percent-encoded (lowercase), spaces to hyphens. Returns (encoded, decoded)."""
    cleaned = re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", "", title.replace("ـ", ""))).strip().lower()
    encoded, decoded, length = [], [], 0
    for char in cleaned:
        piece = char if char in " -" else quote(char, safe="").lower()
        if length + len(piece) > 200:
            break
        encoded.append(piece)
        decoded.append(char)
        length += len(piece)

    def dashes(text: str) -> str:
        return re.sub("-+", "-", text.replace(" ", "-")).strip("-")

    return dashes("".join(encoded)), dashes("".join(decoded))


class Post:
    def __init__(self, story: Story):
        self.story = story
        self.id = story.id
        self.slug, self.slug_text = wp_slug(story.headline)
        d = story.date
        self.path = f"/{d:%Y/%m/%d}/{self.slug}/"
        self.folder = f"{d:%Y/%m/%d}/{self.slug_text}"
        self.url = BASE + self.path
        self.category = story.section
        self.modified = d + timedelta(minutes=random.Random(self.id).choice((0, 0, 12, 47, 95)))
        self.spellings: set[str] = {self.path, f"{self.path}?amp=1", f"/?p={self.id}"}
        self.boilerplate: list[str] = []

    @property
    def headline(self) -> str:
        return self.story.headline

    def excerpt(self, n: int = 55) -> str:
        return words(self.story.paragraphs[0], n)


class Site(Output):
    """Everything the pages need to know about the other pages."""

    def __init__(self, stories: list[Story]):
        super().__init__()
        self.posts = [Post(s) for s in stories]  # newest first
        self.by_id = {p.id: p for p in self.posts}
        self.tags: dict[str, str] = {}  # tag name -> encoded slug
        for post in self.posts:
            for tag in post.story.tags:
                self.tags.setdefault(tag, wp_slug(tag)[0])
        self.comment_ids = iter(range(812, 10_000, 3))
        self.comments: dict[str, list[tuple[int, str, str, datetime]]] = {}
        for post in reversed(self.posts):
            rng = random.Random(f"comments-{post.id}")
            picked = rng.sample(COMMENTS, rng.choice((0, 0, 1, 2, 3)))
            when = post.story.date
            self.comments[post.id] = []
            for name, text in picked:
                when += timedelta(minutes=rng.randint(10, 150))
                if when < NOW:
                    self.comments[post.id].append((next(self.comment_ids), name, text, when))

    def tag_path(self, tag: str) -> str:
        return f"/tag/{self.tags.setdefault(tag, wp_slug(tag)[0])}/"

    def href(self, words: str, target: str) -> str:
        """The link of a ``[words](target)`` mark in a story."""
        kind, value = link_target(words, target)
        return BASE + (self.tag_path(value) if kind == "tag" else self.by_id[value].path)

    def author_path(self, name: str) -> str:
        return f"/author/{AUTHORS[name][0]}/"


def head_common(title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{extra}<link rel="alternate" type="application/rss+xml" title="{NAME} &laquo; الخلاصة" href="{BASE}/feed/" />
<link rel="alternate" type="application/rss+xml" title="{NAME} &laquo; خلاصة التعليقات" href="{BASE}/comments/feed/" />
<link rel='stylesheet' id='wp-block-library-rtl-css' href='{BASE}/wp-includes/css/dist/block-library/style-rtl.min.css?ver=6.8.1' media='all' />
<link rel='stylesheet' id='sada-style-css' href='{BASE}/wp-content/themes/sada-news/style.css?ver=2.3.1' media='all' />
<link rel='stylesheet' id='sada-rtl-css' href='{BASE}/wp-content/themes/sada-news/rtl.css?ver=2.3.1' media='all' />
<script src="{BASE}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{BASE}/wp-json/" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{BASE}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.8.1" />
</head>
"""


def header(site: Site) -> str:
    menu = "".join(
        f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category"><a href="{BASE}/category/{slug}/">{esc(name)}</a></li>'
        for slug, (name, _) in CATEGORIES.items()
    )
    ticker = "".join(f'<li><a href="{p.url}">{esc(p.headline)}</a></li>' for p in site.posts[:4])
    return f"""<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">تخطي إلى المحتوى</a>
<div class="top-bar"><div class="container"><span class="top-date">{arabic_date(NOW, comma=True)}</span>
<ul class="top-social"><li><a href="https://www.facebook.com/sadaalwaha" target="_blank" rel="noopener">فيسبوك</a></li><li><a href="https://x.com/sadaalwaha" target="_blank" rel="noopener">إكس</a></li><li><a href="https://www.youtube.com/@sadaalwaha" target="_blank" rel="noopener">يوتيوب</a></li></ul></div></div>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{BASE}/" rel="home">{NAME}</a></p><p class="site-description">أخبار الأردن والعالم على مدار الساعة</p></div>
<nav id="site-navigation" class="main-navigation" aria-label="القائمة الرئيسية"><button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">القائمة</button>
<ul id="primary-menu" class="menu"><li class="menu-item menu-item-home"><a href="{BASE}/">الرئيسية</a></li>{menu}</ul></nav>
</header>
<div class="breaking-news"><span class="breaking-title">عاجل</span><ul class="breaking-list">{ticker}</ul></div>
<div id="content" class="site-content">
"""


def sidebar(site: Site) -> str:
    popular_posts = sorted(site.posts, key=lambda p: random.Random(f"views-{p.id}").randint(500, 9000), reverse=True)
    popular = "".join(
        f'<li><a href="{p.url}" class="wpp-post-title">{esc(p.headline)}</a> <span class="wpp-views">'
        f"{random.Random(f'views-{p.id}').randint(500, 9000)} مشاهدة</span></li>"
        for p in popular_posts[:5]
    )
    counts: dict[str, int] = {}
    for post in site.posts:
        for tag in post.story.tags:
            counts[tag] = counts.get(tag, 0) + 1
    shown = sorted(sorted(counts), key=lambda tag: -counts[tag])[:CLOUD_TAGS]
    cloud = " ".join(
        f'<a href="{BASE}{site.tag_path(tag)}" class="tag-cloud-link tag-link-{n + 11} tag-link-position-{n + 1}" '
        f'style="font-size: {8 + 4 * min(counts[tag], 4)}pt;" aria-label="{esc(tag)} ({counts[tag]} عناصر)">{esc(tag)}</a>'
        for n, tag in enumerate(sorted(shown))
    )
    return f"""<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{BASE}/"><label><span class="screen-reader-text">البحث عن:</span><input type="search" class="search-field" placeholder="بحث &hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="بحث" /></form></section>
<section id="wpp-2" class="widget popular-posts"><h2 class="widget-title">الأكثر قراءة</h2><ul class="wpp-list">{popular}</ul></section>
<section id="newsletter-2" class="widget widget_newsletter"><h2 class="widget-title">النشرة البريدية</h2><p>{NEWSLETTER}</p><form class="newsletter-form" action="#" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني"><button type="submit">اشترك</button></form></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">الأرشيف</h2><ul><li><a href='{BASE}/2025/11/'>نوفمبر 2025</a></li></ul></section>
<section id="tag_cloud-2" class="widget widget_tag_cloud"><h2 class="widget-title">وسوم</h2><div class="tagcloud">{cloud}</div></section>
<section id="meta-2" class="widget widget_meta"><h2 class="widget-title">تصفح</h2><ul><li><a href="{BASE}/wp-login.php">تسجيل الدخول</a></li><li><a href="{BASE}/feed/">خلاصة المدخلات</a></li><li><a href="{BASE}/comments/feed/">خلاصة التعليقات</a></li><li><a href="https://ar.wordpress.org/">WordPress.org</a></li></ul></section>
</aside>
"""


def footer() -> str:
    pages = "".join(f'<li><a href="{BASE}/{wp_slug(title)[0]}/">{esc(title)}</a></li>' for title in PAGES)
    return f"""</div><!-- #content -->
<footer id="colophon" class="site-footer">
<div class="footer-widgets"><div class="footer-about"><p>{FOOTER_ABOUT}</p></div>
<nav class="footer-navigation"><ul class="footer-menu">{pages}</ul></nav></div>
<div class="site-info">{COPYRIGHT} <span class="sep"> | </span>مدعوم من <a href="https://ar.wordpress.org/">ووردبريس</a></div>
</footer>
</div><!-- #page -->
<script src="{BASE}/wp-content/themes/sada-news/js/navigation.js?ver=2.3.1" id="sada-navigation-js"></script>
<script src="{BASE}/wp-content/plugins/jetpack/_inc/build/related-posts/related-posts.min.js?ver=20240116" id="jetpack_related-posts-js"></script>
</body>
</html>
"""


def yoast_graph(post: Post, comment_count: int) -> dict[str, Any]:
    canon = post.url
    people = [
        {
            "@type": "Person",
            "@id": f"{BASE}/#/schema/person/{AUTHORS[a][0]}",
            "name": a,
            "url": f"{BASE}/author/{AUTHORS[a][0]}/",
        }
        for a in post.story.authors
    ]
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": f"{canon}#article",
                "isPartOf": {"@id": canon},
                "author": [{"name": p["name"], "@id": p["@id"]} for p in people],
                "headline": post.headline,
                "datePublished": iso(post.story.date.astimezone(ZoneInfo("UTC"))),
                "dateModified": iso(post.modified.astimezone(ZoneInfo("UTC"))),
                "mainEntityOfPage": {"@id": canon},
                "wordCount": sum(len(p.split()) for p in post.story.paragraphs),
                "commentCount": comment_count,
                "publisher": {"@id": f"{BASE}/#organization"},
                "image": {"@id": f"{canon}#primaryimage"},
                "thumbnailUrl": f"{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg",
                "keywords": post.story.tags,
                "articleSection": [CATEGORIES[post.category][0]],
                "inLanguage": "ar",
                "potentialAction": [{"@type": "CommentAction", "name": "Comment", "target": [f"{canon}#respond"]}],
            },
            {
                "@type": "WebPage",
                "@id": canon,
                "url": canon,
                "name": f"{post.headline} - {NAME}",
                "isPartOf": {"@id": f"{BASE}/#website"},
                "primaryImageOfPage": {"@id": f"{canon}#primaryimage"},
                "datePublished": iso(post.story.date.astimezone(ZoneInfo("UTC"))),
                "dateModified": iso(post.modified.astimezone(ZoneInfo("UTC"))),
                "breadcrumb": {"@id": f"{canon}#breadcrumb"},
                "inLanguage": "ar",
                "potentialAction": [{"@type": "ReadAction", "target": [canon]}],
            },
            {
                "@type": "ImageObject",
                "inLanguage": "ar",
                "@id": f"{canon}#primaryimage",
                "url": f"{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg",
                "contentUrl": f"{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg",
                "width": 1200,
                "height": 675,
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{canon}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": f"{BASE}/"},
                    {"@type": "ListItem", "position": 2, "name": post.headline},
                ],
            },
            {
                "@type": "WebSite",
                "@id": f"{BASE}/#website",
                "url": f"{BASE}/",
                "name": NAME,
                "description": "أخبار الأردن والعالم على مدار الساعة",
                "publisher": {"@id": f"{BASE}/#organization"},
                "potentialAction": [
                    {
                        "@type": "SearchAction",
                        "target": {"@type": "EntryPoint", "urlTemplate": f"{BASE}/?s={{search_term_string}}"},
                        "query-input": {
                            "@type": "PropertyValueSpecification",
                            "valueRequired": True,
                            "valueName": "search_term_string",
                        },
                    }
                ],
                "inLanguage": "ar",
            },
            {
                "@type": "Organization",
                "@id": f"{BASE}/#organization",
                "name": NAME,
                "url": f"{BASE}/",
                "logo": {
                    "@type": "ImageObject",
                    "url": f"{BASE}/wp-content/uploads/2023/01/logo.png",
                    "width": 512,
                    "height": 512,
                },
                "sameAs": ["https://www.facebook.com/sadaalwaha", "https://x.com/sadaalwaha"],
            },
            *people,
        ],
    }


def content_html(site: Site, post: Post) -> str:
    """``.entry-content``: the paragraphs as the editor wrote them (an "اقرأ أيضاً" line in
    longer posts), then what Jetpack appends: the related posts."""
    rng = random.Random(f"content-{post.id}")

    parts = []
    older = [p for p in site.posts if p.story.date < post.story.date]
    for n, block in enumerate(post.story.blocks):
        if block.kind == "quote":
            parts.append(f'<blockquote class="wp-block-quote"><p>{linked(block.text, site.href)}</p></blockquote>')
        else:
            parts.append(f"<p>{linked(block.text, site.href)}</p>")
        if n == 1 and len(post.story.blocks) >= 6 and older and rng.random() < 0.7:
            other = rng.choice(older)
            parts.append(f'<p><strong>اقرأ أيضاً:</strong> <a href="{other.url}">{esc(other.headline)}</a></p>')
            post.boilerplate.append(f"اقرأ أيضاً: {other.headline}")
    return "\n".join(parts)


def related_html(site: Site, post: Post) -> str:
    same = [p for p in site.posts if p.category == post.category and p is not post]
    others = [p for p in site.posts if p.category != post.category and p is not post]
    related = (same + others)[:3]
    items = []
    for position, other in enumerate(related):
        spelling = f"{other.path}?relatedposts_hit=1&relatedposts_origin={post.id}&relatedposts_position={position}"
        other.spellings.add(spelling)
        post.boilerplate.append(other.headline)
        items.append(
            f'<div class="jp-relatedposts-post jp-relatedposts-post{position} jp-relatedposts-post-thumbs" data-post-id="{other.id}" data-post-format="false">'
            f'<a class="jp-relatedposts-post-a" href="{esc(BASE + spelling)}" title="{esc(other.headline)}" rel="nofollow" data-origin="{post.id}" data-position="{position}">'
            f'<img loading="lazy" class="jp-relatedposts-post-img" src="{BASE}/wp-content/uploads/2025/11/post-{other.id}.jpg?resize=350%2C200&amp;ssl=1" width="350" height="200" alt="{esc(other.headline)}" /></a>'
            f'<h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{esc(BASE + spelling)}" rel="nofollow" data-origin="{post.id}" data-position="{position}">{esc(other.headline)}</a></h4>'
            f'<p class="jp-relatedposts-post-date">{arabic_date(other.story.date, weekday=False, comma=True)}</p>'
            f'<p class="jp-relatedposts-post-context">في &quot;{esc(CATEGORIES[other.category][0])}&quot;</p></div>'
        )
    return (
        "<div id='jp-relatedposts' class='jp-relatedposts' >\n"
        '<h3 class="jp-relatedposts-headline"><em>ذات صلة</em></h3>\n'
        f'<div class="jp-relatedposts-items jp-relatedposts-items-visual">{"".join(items)}</div></div>'
    )


def comments_html(site: Site, post: Post) -> str:
    comments = site.comments[post.id]
    items = []
    for cid, name, text, when in comments:
        post.boilerplate.append(text)
        items.append(
            f'<li id="comment-{cid}" class="comment even thread-even depth-1">\n<article id="div-comment-{cid}" class="comment-body">\n'
            f"<footer class=\"comment-meta\"><div class=\"comment-author vcard\"><img alt='' src='https://secure.gravatar.com/avatar/{cid:032x}?s=50&#038;d=mm&#038;r=g' class='avatar avatar-50 photo' height='50' width='50' decoding='async'/>"
            f'<b class="fn">{esc(name)}</b> <span class="says">قال:</span></div>\n'
            f'<div class="comment-metadata"><a href="{post.url}#comment-{cid}"><time datetime="{iso(when)}">{arabic_date(when, weekday=False, comma=True)} في {when:%H:%M}</time></a></div></footer>\n'
            f'<div class="comment-content"><p>{esc(text)}</p></div>\n'
            f'<div class="reply"><a rel=\'nofollow\' class=\'comment-reply-link\' href=\'{post.url}?replytocom={cid}#respond\' data-commentid="{cid}" data-postid="{post.id}" data-belowelement="div-comment-{cid}" data-respondelement="respond" aria-label=\'الرد على {esc(name)}\'>رد</a></div>\n'
            "</article>\n</li>"
        )
    title = ""
    if comments:
        count = {1: "تعليق واحد", 2: "تعليقان"}.get(len(comments), f"{len(comments)} تعليقات")
        title = f'<h2 class="comments-title">{count} على &ldquo;{esc(post.headline)}&rdquo;</h2>\n<ol class="comment-list">\n{chr(10).join(items)}\n</ol>\n'
    return f"""<div id="comments" class="comments-area">
{title}<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">أضف تعليقاً <small><a rel="nofollow" id="cancel-comment-reply-link" href="{post.url}#respond" style="display:none;">إلغاء الرد</a></small></h3>
<form action="{BASE}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان بريدك الإلكتروني.</span> <span class="required-field-message">الحقول الإلزامية مشار إليها بـ <span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">التعليق <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">الاسم <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">البريد الإلكتروني <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
<p class="comment-form-url"><label for="url">الموقع الإلكتروني</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">{COMMENT_NOTES[1]}</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق" /> <input type='hidden' name='comment_post_ID' value='{post.id}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' /></p></form>
</div><!-- #respond -->
</div><!-- #comments -->
"""


def byline(post: Post) -> str:
    names = [
        f'<span class="author vcard"><a class="url fn n" href="{BASE}/author/{AUTHORS[a][0]}/">{esc(a)}</a></span>'
        for a in post.story.authors
    ]
    return " و".join(names)


def single(site: Site, post: Post, previous: Post | None, following: Post | None) -> str:
    story, canon = post.story, post.url
    cat_name = CATEGORIES[post.category][0]
    description = words(story.paragraphs[0], 25)
    head = f"""<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />
<meta name="description" content="{esc(description)}" />
<link rel="canonical" href="{canon}" />
<meta property="og:locale" content="ar_AR" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(post.headline)} - {NAME}" />
<meta property="og:description" content="{esc(description)}" />
<meta property="og:url" content="{canon}" />
<meta property="og:site_name" content="{NAME}" />
<meta property="article:publisher" content="https://www.facebook.com/sadaalwaha" />
<meta property="article:published_time" content="{iso(story.date.astimezone(ZoneInfo("UTC")))}" />
<meta property="article:modified_time" content="{iso(post.modified.astimezone(ZoneInfo("UTC")))}" />
<meta property="og:image" content="{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg" />
<meta property="og:image:width" content="1200" />
<meta property="og:image:height" content="675" />
<meta name="author" content="{esc("، ".join(story.authors))}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:label1" content="كُتب بواسطة" />
<meta name="twitter:data1" content="{esc(story.authors[0])}" />
<meta name="twitter:label2" content="وقت القراءة المُقدّر" />
<meta name="twitter:data2" content="{max(1, sum(len(p.split()) for p in story.paragraphs) // 200)} دقائق" />
<script type="application/ld+json" class="yoast-schema-graph">{compact(yoast_graph(post, len(site.comments[post.id])))}</script>
<link rel="alternate" type="application/rss+xml" title="{NAME} &laquo; {esc(post.headline)} خلاصة التعليقات" href="{canon}feed/" />
<link rel="alternate" title="JSON" type="application/json" href="{BASE}/wp-json/wp/v2/posts/{post.id}" />
<link rel='shortlink' href='{BASE}/?p={post.id}' />
<link rel="amphtml" href="{canon}?amp=1">
"""
    tags = "، ".join(f'<a href="{BASE}{site.tag_path(t)}" rel="tag">{esc(t)}</a>' for t in story.tags)
    tag_classes = " ".join(f"tag-{site.tags[t]}" for t in story.tags)
    bios = "".join(
        f'<div class="author-box"><img alt="" src="https://secure.gravatar.com/avatar/{AUTHORS[a][0]}?s=96&#038;d=mm&#038;r=g" class="avatar avatar-96 photo" height="96" width="96" loading="lazy"/>'
        f'<div class="author-info"><h4 class="author-title">عن الكاتب: <a href="{BASE}/author/{AUTHORS[a][0]}/">{esc(a)}</a></h4>'
        f'<p class="author-bio">{esc(AUTHORS[a][1])}</p><a class="author-link" href="{BASE}/author/{AUTHORS[a][0]}/" rel="author">عرض كل المقالات</a></div></div>'
        for a in story.authors
    )
    post.boilerplate += [AUTHORS[a][1] for a in story.authors]
    nav = []
    if previous:
        nav.append(
            f'<div class="nav-previous"><a href="{previous.url}" rel="prev"><span class="meta-nav">المقالة السابقة</span> <span class="post-title">{esc(previous.headline)}</span></a></div>'
        )
        post.boilerplate.append(previous.headline)
    if following:
        nav.append(
            f'<div class="nav-next"><a href="{following.url}" rel="next"><span class="meta-nav">المقالة التالية</span> <span class="post-title">{esc(following.headline)}</span></a></div>'
        )
        post.boilerplate.append(following.headline)
    count = len(site.comments[post.id])
    comment_link = f"{count} تعليقات" if count else "لا توجد تعليقات"
    shared = f"{canon}"
    main = f"""<div id="primary" class="content-area"><main id="main" class="site-main">
<nav class="breadcrumbs" aria-label="breadcrumbs"><a href="{BASE}/">الرئيسية</a> &raquo; <a href="{BASE}/category/{post.category}/">{esc(cat_name)}</a> &raquo; <span class="breadcrumb_last" aria-current="page">{esc(post.headline)}</span></nav>
<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard has-post-thumbnail hentry category-{post.category} {tag_classes}">
<header class="entry-header">
<span class="cat-links"><a href="{BASE}/category/{post.category}/" rel="category tag">{esc(cat_name)}</a></span>
<h1 class="entry-title">{esc(post.headline)}</h1>
<div class="entry-meta"><span class="posted-on">نُشر في <a href="{canon}" rel="bookmark"><time class="entry-date published" datetime="{iso(story.date)}">{arabic_date(story.date, weekday=False, comma=True)}</time><time class="updated" datetime="{iso(post.modified)}">{arabic_date(post.modified, weekday=False, comma=True)}</time></a></span>
<span class="byline"> بواسطة {byline(post)}</span> <span class="comments-link"><a href="{canon}#comments">{comment_link}</a></span></div>
</header>
<div class="post-thumbnail"><img width="1200" height="675" src="{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="{esc(post.headline)}" decoding="async" fetchpriority="high" /></div>
<div class="entry-content">
{content_html(site, post)}
{related_html(site, post)}
</div><!-- .entry-content -->
<footer class="entry-footer"><span class="tags-links">الوسوم: {tags}</span></footer>
</article><!-- #post-{post.id} -->
<div class="share-buttons"><span class="share-title">شارك الخبر:</span>
<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={shared}" target="_blank" rel="nofollow noopener">فيسبوك</a>
<a class="share-x" href="https://x.com/intent/tweet?text={esc(post.headline)}&amp;url={shared}" target="_blank" rel="nofollow noopener">إكس</a>
<a class="share-whatsapp" href="https://api.whatsapp.com/send?text={shared}" target="_blank" rel="nofollow noopener">واتساب</a>
<a class="share-telegram" href="https://t.me/share/url?url={shared}" target="_blank" rel="nofollow noopener">تيليجرام</a>
<a class="share-copy" href="#" data-url="{shared}">نسخ الرابط</a></div>
{bios}
<nav class="navigation post-navigation" aria-label="مقالات"><h2 class="screen-reader-text">تصفّح المقالات</h2><div class="nav-links">{"".join(nav)}</div></nav>
{comments_html(site, post)}</main></div>
"""
    body_class = f"rtl post-template-default single single-post postid-{post.id} single-format-standard"
    return (
        head_common(f"{post.headline} – {NAME}", head)
        + f'<body class="{body_class}">\n'
        + header(site)
        + main
        + sidebar(site)
        + footer()
    )


def amp(site: Site, post: Post) -> str:
    story = post.story

    body = "\n".join(
        f'<blockquote class="wp-block-quote"><p>{linked(b.text, site.href)}</p></blockquote>'
        if b.kind == "quote"
        else f"<p>{linked(b.text, site.href)}</p>"
        for b in story.blocks
    )
    ld = {
        "@context": "http://schema.org",
        "publisher": {
            "@type": "Organization",
            "name": NAME,
            "logo": {"@type": "ImageObject", "url": f"{BASE}/wp-content/uploads/2023/01/logo.png"},
        },
        "@type": "BlogPosting",
        "mainEntityOfPage": post.url,
        "headline": post.headline,
        "datePublished": iso(story.date.astimezone(ZoneInfo("UTC"))),
        "dateModified": iso(post.modified.astimezone(ZoneInfo("UTC"))),
        "author": {"@type": "Person", "name": story.authors[0]},
        "image": f"{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg",
    }
    hours = max(1, int((NOW - story.date).total_seconds() // 3600))
    ago = f"منذ {hours} ساعات" if hours < 24 else f"منذ {hours // 24} أيام"
    tags = "، ".join(f'<a href="{BASE}{site.tag_path(t)}" rel="tag">{esc(t)}</a>' for t in story.tags)
    return f"""<!doctype html>
<html amp lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<title>{esc(post.headline)} – {NAME}</title>
<link rel="canonical" href="{post.url}">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript>
<style amp-custom>.amp-wp-header{{background:#0a4b78}}.amp-wp-header a{{color:#fff}}.amp-wp-article{{color:#353535;font-weight:400;margin:1.5em auto;max-width:840px}}</style>
<script type="application/ld+json">{compact(ld)}</script>
</head>
<body class="">
<header id="top" class="amp-wp-header"><div><a href="{BASE}/"><span class="amp-site-title">{NAME}</span></a></div></header>
<article class="amp-wp-article">
<header class="amp-wp-article-header">
<h1 class="amp-wp-title">{esc(post.headline)}</h1>
<div class="amp-wp-meta amp-wp-byline"><amp-img src="https://secure.gravatar.com/avatar/{AUTHORS[story.authors[0]][0]}?s=72&#038;d=mm&#038;r=g" alt="{esc(story.authors[0])}" width="24" height="24" layout="fixed"></amp-img><span class="amp-wp-author author vcard">{esc(story.authors[0])}</span></div>
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{iso(story.date.astimezone(ZoneInfo("UTC")))}">{ago}</time></div>
</header>
<figure class="amp-wp-article-featured-image wp-caption"><amp-img width="1200" height="675" src="{BASE}/wp-content/uploads/2025/11/post-{post.id}.jpg" class="attachment-large size-large wp-post-image" alt="" layout="intrinsic"></amp-img></figure>
<div class="amp-wp-article-content">
{body}
</div>
<footer class="amp-wp-article-footer">
<div class="amp-wp-meta amp-wp-tax-category">التصنيفات: <a href="{BASE}/category/{post.category}/" rel="category tag">{esc(CATEGORIES[post.category][0])}</a></div>
<div class="amp-wp-meta amp-wp-tax-tag">الوسوم: {tags}</div>
<div class="amp-wp-meta amp-wp-comments-link"><a href="{post.url}#respond">اترك تعليقاً</a></div>
</footer>
</article>
<footer class="amp-wp-footer"><div><h2>{NAME}</h2><a href="#top" class="back-to-top">العودة للأعلى</a></div></footer>
</body>
</html>
"""


def listing(
    site: Site, path: str, title: str, heading: str, description: str, posts: list[Post], kind: str, feed: str = ""
) -> None:
    """An archive (home, category, tag, author, month) and its following pages."""
    pages = [posts[i : i + PER_PAGE] for i in range(0, len(posts), PER_PAGE)] or [[]]
    link = encoded(path)  # as the site writes it in links

    def page_path(number: int) -> str:
        return link if number == 1 else f"{link}page/{number}/"

    for number, chunk in enumerate(pages, 1):
        url_path = page_path(number)
        links = []
        if number < len(pages):
            links.append(f'<link rel="next" href="{BASE}{page_path(number + 1)}" />')
        if number > 1:
            links.append(f'<link rel="prev" href="{BASE}{page_path(number - 1)}" />')
        head = f"""<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />
<link rel="canonical" href="{BASE}{url_path}" />
{chr(10).join(links)}
<meta property="og:locale" content="ar_AR" />
<meta property="og:type" content="{"website" if kind == "home" else "article"}" />
<meta property="og:title" content="{esc(title)}" />
<meta property="og:url" content="{BASE}{url_path}" />
<meta property="og:site_name" content="{NAME}" />
{feed}"""
        articles = []
        for post in chunk:
            cat = CATEGORIES[post.category][0]
            articles.append(
                f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish format-standard has-post-thumbnail hentry category-{post.category}">\n'
                f'<div class="post-thumbnail"><a href="{post.url}" aria-hidden="true" tabindex="-1"><img width="350" height="200" src="{BASE}/wp-content/uploads/2025/11/post-{post.id}-350x200.jpg" class="attachment-medium size-medium wp-post-image" alt="{esc(post.headline)}" decoding="async" loading="lazy" /></a></div>\n'
                f'<header class="entry-header"><span class="cat-links"><a href="{BASE}/category/{post.category}/" rel="category tag">{esc(cat)}</a></span>'
                f'<h2 class="entry-title"><a href="{post.url}" rel="bookmark">{esc(post.headline)}</a></h2>\n'
                f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{iso(post.story.date)}">{arabic_date(post.story.date, weekday=False, comma=True)}</time></span>'
                f'<span class="byline"> بواسطة {byline(post)}</span></div></header>\n'
                f'<div class="entry-summary"><p>{esc(post.excerpt())} [&hellip;]</p></div>\n'
                f'<footer class="entry-footer"><a class="more-link" href="{post.url}">اقرأ المزيد<span class="screen-reader-text"> &#8220;{esc(post.headline)}&#8221;</span></a></footer>\n</article>'
            )
        nav = []
        if number < len(pages):
            nav.append(f'<div class="nav-previous"><a href="{BASE}{page_path(number + 1)}">المقالات الأقدم</a></div>')
        if number > 1:
            nav.append(f'<div class="nav-next"><a href="{BASE}{page_path(number - 1)}">المقالات الأحدث</a></div>')
        page_header = (
            f'<header class="page-header"><h1 class="page-title">{heading}</h1><div class="archive-description"><p>{esc(description)}</p></div></header>\n'
            if heading
            else ""
        )
        main = f"""<div id="primary" class="content-area"><main id="main" class="site-main">
{page_header}{chr(10).join(articles)}
<nav class="navigation posts-navigation" aria-label="مقالات"><h2 class="screen-reader-text">تصفّح المقالات</h2><div class="nav-links">{"".join(nav)}</div></nav>
</main></div>
"""
        page_title = title if number == 1 else f"{title} - الصفحة {number}"
        body_class = "rtl home blog" if kind == "home" else f"rtl archive {kind}"
        file = (path if number == 1 else f"{path}page/{number}/").lstrip("/") + "index.html"
        site.add(
            file,
            head_common(page_title, head)
            + f'<body class="{body_class}">\n'
            + header(site)
            + main
            + sidebar(site)
            + footer(),
        )
        site.non_article(url_path, kind)


def encoded(path: str) -> str:
    """A path as the site writes it in links (Arabic percent-encoded, lowercase)."""
    return "/".join(wp_slug(part)[0] if re.search(r"[^\x00-\x7f]", part) else part for part in path.split("/"))


def static_page(site: Site, title: str, paragraphs: list[str]) -> None:
    slug, text = wp_slug(title)
    path = f"/{slug}/"
    head = f"""<meta name='robots' content='index, follow' />
<link rel="canonical" href="{BASE}{path}" />
<meta property="og:locale" content="ar_AR" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(title)} - {NAME}" />
<meta property="og:url" content="{BASE}{path}" />
<meta property="og:site_name" content="{NAME}" />
<meta property="article:modified_time" content="2024-03-02T09:12:40+00:00" />
"""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    main = f"""<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{len(title) + 2}" class="page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{esc(title)}</h1></header>
<div class="entry-content">
{body}
</div>
</article>
</main></div>
"""
    site.add(
        f"{text}/index.html",
        head_common(f"{title} – {NAME}", head)
        + '<body class="rtl page-template-default page">\n'
        + header(site)
        + main
        + sidebar(site)
        + footer(),
    )
    site.non_article(path, "page")


def login_page() -> str:
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="robots" content="noindex, nofollow" />
<title>تسجيل الدخول &lsaquo; {NAME} &#8212; ووردبريس</title>
<link rel='stylesheet' id='login-css' href='{BASE}/wp-admin/css/login-rtl.min.css?ver=6.8.1' media='all' />
</head>
<body class="login no-js login-action-login wp-core-ui rtl">
<div id="login"><h1><a href="https://ar.wordpress.org/">مدعوم من ووردبريس</a></h1>
<form name="loginform" id="loginform" action="{BASE}/wp-login.php" method="post">
<p><label for="user_login">اسم المستخدم أو البريد الإلكتروني</label><input type="text" name="log" id="user_login" class="input" size="20" /></p>
<p><label for="user_pass">كلمة المرور</label><input type="password" name="pwd" id="user_pass" class="input" size="20" /></p>
<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary button-large" value="تسجيل الدخول" /></p>
</form>
<p id="nav"><a href="{BASE}/wp-login.php?action=lostpassword">نسيت كلمة المرور؟</a></p>
<p id="backtoblog"><a href="{BASE}/">&larr; الذهاب إلى {NAME}</a></p></div>
</body>
</html>
"""


def channel(path: str, title: str, newest: datetime, gmt: bool, items: list[str]) -> str:
    """A WordPress RSS 2.0 document: the channel around ``items``."""
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{xml_text(title)}</title>
	<atom:link href="{BASE}{path}" rel="self" type="application/rss+xml" />
	<link>{BASE}/</link>
	<description>أخبار الأردن والعالم على مدار الساعة</description>
	<lastBuildDate>{rfc822(newest, gmt=gmt)}</lastBuildDate>
	<language>ar</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.8.1</generator>
{chr(10).join(items)}
	</channel>
</rss>
"""


def feed(site: Site, path: str, title: str, posts: list[Post], gmt: bool) -> str:
    """A feed of posts (full content), dates in ``+0300`` or, with ``gmt``, the GMT form."""
    items = []
    for post in posts:
        story = post.story
        categories = "".join(
            f"<category><![CDATA[{t}]]></category>" for t in [CATEGORIES[post.category][0], *story.tags]
        )
        content = "\n".join(f"<p>{esc(p)}</p>" for p in story.paragraphs)
        items.append(f"""	<item>
		<title>{xml_text(post.headline)}</title>
		<link>{post.url}</link>
		<comments>{post.url}#respond</comments>
		<dc:creator><![CDATA[{story.authors[0]}]]></dc:creator>
		<pubDate>{rfc822(story.date, gmt=gmt)}</pubDate>
		{categories}
		<guid isPermaLink="false">{BASE}/?p={post.id}</guid>
		<description><![CDATA[{post.excerpt()} [&#8230;]]]></description>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<wfw:commentRss>{post.url}feed/</wfw:commentRss>
		<slash:comments>{len(site.comments[post.id])}</slash:comments>
	</item>""")
    return channel(path, title, posts[0].story.date if posts else NOW, gmt, items)


def comments_feed(path: str, title: str, comments: list[tuple[Post, int, str, str, datetime]], site_wide: bool) -> str:
    """The comments of the whole site (items titled with their post) or of one post."""
    items = [
        f"""	<item>
		<title>{xml_text(f"تعليق على {post.headline} بواسطة {name}" if site_wide else f"بواسطة: {name}")}</title>
		<link>{post.url}#comment-{cid}</link>
		<dc:creator><![CDATA[{name}]]></dc:creator>
		<pubDate>{rfc822(when, gmt=True)}</pubDate>
		<guid isPermaLink="false">{post.url}#comment-{cid}</guid>
		<description><![CDATA[{text}]]></description>
		<content:encoded><![CDATA[<p>{esc(text)}</p>
]]></content:encoded>
	</item>"""
        for post, cid, name, text, when in comments
    ]
    return channel(path, title, max((c[4] for c in comments), default=NOW), True, items)


def urlset(entries: list[tuple[str, str | None]]) -> str:
    rows = "".join(
        f"<url><loc>{xml_text(loc)}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}</url>"
        for loc, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{BASE}/wp-sitemap.xsl" ?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>\n'
    )


GONE_TITLE = "تأجيل افتتاح سوق الخضار المركزي الجديد"
GONE_DATE = datetime(2025, 11, 18, 9, 30, tzinfo=ZoneInfo(ZONE))


def build() -> tuple[dict[str, bytes], dict[str, Any], dict[str, Any]]:
    """(files, server.json, gold.json) of the WordPress replica."""
    site = Site(read_stories("wordpress", ZONE))
    posts = site.posts
    for n, post in enumerate(posts):
        following = posts[n - 1] if n > 0 else None
        previous = posts[n + 1] if n + 1 < len(posts) else None
        site.add(f"{post.folder}/index.html", single(site, post, previous, following))
    for post in posts:  # after every page is written: the related-posts spellings are known
        site.add(f"{post.folder}/amp.html", amp(site, post))

    listing(site, "/", f"{NAME} – أخبار الأردن والعالم على مدار الساعة", "", "", posts, "home")
    for slug, (name, description) in CATEGORIES.items():
        in_cat = [p for p in posts if p.category == slug]
        link = f'<link rel="alternate" type="application/rss+xml" title="{NAME} &laquo; {esc(name)} خلاصة التصنيف" href="{BASE}/category/{slug}/feed/" />\n'
        listing(
            site,
            f"/category/{slug}/",
            f"{name} – {NAME}",
            f"التصنيف: <span>{esc(name)}</span>",
            description,
            in_cat,
            "category",
            link,
        )
        site.add(
            f"category/{slug}/feed/index.rss",
            feed(site, f"/category/{slug}/feed/", f"{name} – {NAME}", in_cat, gmt=True),
        )
    for tag in sorted(site.tags):
        tagged = [p for p in posts if tag in p.story.tags]
        text = wp_slug(tag)[1]
        listing(
            site,
            f"/tag/{text}/",
            f"{tag} – {NAME}",
            f"الوسم: <span>{esc(tag)}</span>",
            f"كل ما نشر عن {tag}.",
            tagged,
            "tag",
        )
    for name, (login, bio) in AUTHORS.items():
        by = [p for p in posts if name in p.story.authors]
        listing(
            site, f"/author/{login}/", f"{name} – {NAME}", f"أرشيف الكاتب: <span>{esc(name)}</span>", bio, by, "author"
        )
    listing(site, "/2025/11/", f"نوفمبر 2025 – {NAME}", "الشهر: <span>نوفمبر 2025</span>", "", posts, "archive")
    for title, paragraphs in PAGES.items():
        static_page(site, title, paragraphs)
    site.add("wp-login.php", login_page())
    site.non_article("/wp-login.php", "form")

    site.add("feed/index.rss", feed(site, "/feed/", NAME, posts[:FEED_ITEMS], gmt=False))
    every_comment = sorted(
        ((site.by_id[pid], *c) for pid, comments in site.comments.items() for c in comments),
        key=lambda c: c[4],
        reverse=True,
    )
    site.add(
        "comments/feed/index.rss",
        comments_feed("/comments/feed/", f"التعليقات على: {NAME}", every_comment[:FEED_ITEMS], site_wide=True),
    )
    for post in posts:
        mine = [(post, *c) for c in site.comments[post.id]]
        site.add(
            f"{post.folder}/feed/index.rss",
            comments_feed(f"{post.path}feed/", f"تعليقات على: {post.headline}", mine, site_wide=False),
        )

    gone_slug, _ = wp_slug(GONE_TITLE)
    gone_path = f"/2025/11/18/{gone_slug}/"
    site.non_article(gone_path, "gone", status=404)
    site.add(
        "robots.txt",
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /*?replytocom=\nDisallow: /?s=\nDisallow: /search/\n\nSitemap: {{BASE}}/wp-sitemap.xml\n",
    )
    sitemaps = ["posts-post-1", "posts-page-1", "taxonomies-category-1", "taxonomies-post_tag-1", "users-1"]
    index_rows = "".join(f"<sitemap><loc>{BASE}/wp-sitemap-{name}.xml</loc></sitemap>" for name in sitemaps)
    site.add("wp-sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
             f'<?xml-stylesheet type="text/xsl" href="{BASE}/wp-sitemap-index.xsl" ?>\n'
             f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index_rows}</sitemapindex>\n')  # fmt: skip
    post_rows = [(post.url, iso(post.modified.astimezone(ZoneInfo("UTC")))) for post in posts]
    post_rows.insert(len(post_rows) - 1, (BASE + gone_path, iso(GONE_DATE.astimezone(ZoneInfo("UTC")))))
    site.add("wp-sitemap-posts-post-1.xml", urlset(post_rows))
    site.add(
        "wp-sitemap-posts-page-1.xml",
        urlset([(f"{BASE}/{wp_slug(t)[0]}/", "2024-03-02T09:12:40+00:00") for t in PAGES]),
    )
    site.add(
        "wp-sitemap-taxonomies-category-1.xml", urlset([(f"{BASE}/category/{slug}/", None) for slug in CATEGORIES])
    )
    site.add(
        "wp-sitemap-taxonomies-post_tag-1.xml",
        urlset([(f"{BASE}/tag/{slug}/", None) for _, slug in sorted(site.tags.items())]),
    )
    site.add("wp-sitemap-users-1.xml", urlset([(f"{BASE}/author/{login}/", None) for login, _ in AUTHORS.values()]))

    server = {
        "templated": [".xml", ".txt", ".json", ".html", ".rss", ".php"],
        "content_types": {
            ".rss": "application/rss+xml; charset=UTF-8",
            ".xml": "application/xml; charset=UTF-8",
            ".html": "text/html; charset=UTF-8",
            ".php": "text/html; charset=UTF-8",
        },
        "status": {gone_path: 404},
        "redirects": {f"/?p={post.id}": {"status": 301, "location": post.path} for post in posts},
        "routes": [
            {"path": "/(?P<post>\\d{4}/\\d{2}/\\d{2}/[^/]+)/", "query": {"amp": "1"}, "file": "/{post}/amp.html"},
            {"path": "/(?P<feed>(?:.+/)?feed)/", "file": "/{feed}/index.rss"},
        ],
    }
    articles = []
    for post in posts:
        common = [NEWSLETTER, FOOTER_ABOUT, COPYRIGHT, *COMMENT_NOTES, "أضف تعليقاً", "ذات صلة", "شارك الخبر:"]
        articles.append(
            gold_article(
                post.story,
                post.path,
                post.spellings,
                post.slug,
                CATEGORIES[post.category][0],
                [*post.boilerplate, *common],
            )
        )
    gold = {
        "shape": "wordpress",
        "site": NAME,
        "host": HOST,
        "timezone": ZONE,
        "dates_have_offset": True,
        "articles": articles,
        "non_articles": site.non_articles,
        "disallowed": sorted({f"{post.path}?replytocom={c[0]}" for post in posts for c in site.comments[post.id]}),
    }
    return site.files, server, gold
