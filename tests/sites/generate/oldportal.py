"""The old-portal replica (``tests/sites/oldportal/``): الميزان اليومي, an Egyptian daily
on an ASP.NET site of 2008, never redesigned.

What a crawler meets there, as on such sites: no sitemap at all (robots.txt has no
``Sitemap:`` line, ``/sitemap.xml`` and the other usual places answer 404); an RSS feed at
``/rss.aspx``, advertised by ``<link rel=alternate>``, in windows-1256, with the 5 newest
articles only; section listings ``/section.aspx?id=N`` linked from the menu, 2 articles a
page, followed with "التالي" (``&page=2``) and linking articles with an extra ``&secid=N``;
articles at ``/details.aspx?id=N`` with a print copy ``&print=1``; pages in windows-1256
declared by ``<meta http-equiv>`` (one article's HTTP header says utf-8, another's and a
listing's give no charset); table layout, the body in a ``<td>`` split by ``<br>`` with no
``<p>``; dates only as Arabic text, without offset (Cairo time), and the day's date (Gregorian
and Hijri) in the header of every page; "طباعة | أرسل لصديق" tools, "كلمات دالة" linking the
search page (disallowed), related-links table, reader comments, a visitor counter; an
unknown id answers 200 with "الخبر غير موجود" (a soft 404).
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from hijridate import Gregorian

from tests.sites.generate.common import (
    Output,
    Story,
    arabic_date,
    esc,
    gold_article,
    link_target,
    linked,
    read_stories,
    rfc822,
    words,
    xml_text,
)

NAME = "الميزان اليومي"
HOST = "www.almizan-daily.net"
ZONE = "Africa/Cairo"
BASE = "{{BASE}}"
ENCODING = "windows-1256"
NOW = datetime(2025, 11, 27, 12, 0, tzinfo=ZoneInfo(ZONE))
PAGE_SIZE = 2
RSS_ITEMS = 5
SECTIONS = {"1": "محليات", "2": "عربي ودولي", "3": "اقتصاد", "4": "رياضة", "5": "فن وثقافة", "6": "مقالات الرأي"}
LYING_UTF8 = "48187"  # served with charset=utf-8
NO_CHARSET = ("48157",)  # served as text/html
NO_CHARSET_LISTING = "2-1"
SOFT_404_ID = "47012"  # a related link to an article deleted long ago
BREAKS = ("<br><br>\r\n", "<br />\r\n<br />\r\n", "<br>\r\n")  # the body's paragraph separators, by article
COMMENTS = [
    ("محمد السيد", "ربنا يوفق الجميع، بس المهم التنفيذ."),
    ("أحمد - الإسكندرية", "خبر جميل ونتمنى المتابعة."),
    ("مواطن مصري", "فين الكلام ده من الواقع؟"),
    ("د. هالة", "شكراً للجريدة على المتابعة المستمرة."),
    ("عمرو", "الموضوع محتاج دراسة أكتر من كده."),
    ("أم كريم", "ربنا يستر ويعدي الموضوع على خير."),
]
COMMENTS_NOTE = "التعليقات المنشورة لا تعبر عن رأي الجريدة وإنما تعبر عن رأي أصحابها"
POLL = ("ما رأيك في الخدمات الحكومية الإلكترونية؟", ("ممتازة", "جيدة", "تحتاج إلى تطوير"))
FOOTER = "جميع الحقوق محفوظة © الميزان اليومي 2008 - 2025"
COUNTER = "عدد زوار الموقع: 4,582,113"
PAGES = {
    "about": ("من نحن", "الميزان اليومي جريدة إلكترونية مصرية مستقلة تصدر منذ عام 2008، وتهتم بالشأن المحلي والعربي."),
    "contact": ("اتصل بنا", "للتواصل مع أسرة التحرير: 15 شارع الجمهورية - وسط البلد - القاهرة."),
    "advertise": ("أعلن معنا", "للإعلان في الميزان اليومي يرجى التواصل مع إدارة الإعلانات."),
}


class Article:
    def __init__(self, story: Story):
        self.story = story
        self.id = story.id
        self.section = story.section
        self.path = f"/details.aspx?id={self.id}"
        self.href = f"details.aspx?id={self.id}"  # as the pages write it: relative
        self.print_href = f"details.aspx?id={self.id}&print=1"
        self.listing_href = f"details.aspx?id={self.id}&secid={self.section}"
        rng = random.Random(f"old-{self.id}")
        self.views = rng.randint(300, 9000)
        self.breaks = BREAKS[rng.randrange(len(BREAKS))]
        self.comments = rng.sample(COMMENTS, rng.choice((0, 0, 1, 2)))
        self.spellings = {self.path, f"/{self.print_href}", f"/{self.listing_href}"}
        self.boilerplate: list[str] = []

    @property
    def headline(self) -> str:
        return self.story.headline


class Site(Output):
    def __init__(self, stories: list[Story]):
        super().__init__()
        self.articles = [Article(s) for s in stories]
        self.by_id = {a.id: a for a in self.articles}
        self.most_read = sorted(self.articles, key=lambda a: -a.views)[:5]

    def add(self, path: str, text: str) -> None:
        """In the site's charset, with CRLF line ends as IIS serves them."""
        self.files[path] = text.replace("\r\n", "\n").replace("\n", "\r\n").encode(ENCODING)

    def href(self, words: str, target: str) -> str:
        kind, value = link_target(words, target)
        if kind != "article":
            raise ValueError(f"the old portal has no tag pages ({target})")
        return self.by_id[value].href


def today() -> str:
    hijri = Gregorian(NOW.year, NOW.month, NOW.day).to_hijri()
    return f"{arabic_date(NOW)} - {hijri.day} {hijri.month_name('ar')} {hijri.year} هـ"


def page(site: Site, title: str, description: str, main: str, form_action: str) -> str:
    menu = " | ".join(
        f'<a href="section.aspx?id={sid}" class="menulink">{esc(name)}</a>' for sid, name in SECTIONS.items()
    )
    ticker = " &nbsp;&nbsp;&bull;&nbsp;&nbsp; ".join(
        f'<a href="{a.href}">{esc(a.headline)}</a>' for a in site.articles[:4]
    )
    sections = "".join(
        f'<tr><td class="sidelink">&raquo; <a href="section.aspx?id={sid}">{esc(name)}</a></td></tr>'
        for sid, name in SECTIONS.items()
    )
    most = "".join(
        f'<tr><td class="mostread">{n}. <a href="{a.href}">{esc(a.headline)}</a></td></tr>'
        for n, a in enumerate(site.most_read, 1)
    )
    poll = "".join(
        f'<input type="radio" name="poll" value="{n}"> {esc(choice)}<br>' for n, choice in enumerate(POLL[1], 1)
    )
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html dir="rtl">
<head>
<title>{NAME} - {esc(title)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<meta name="keywords" content="الميزان, الميزان اليومي, أخبار مصر, أخبار, جريدة">
<meta name="description" content="{esc(description)}">
<link href="css/style.css" rel="stylesheet" type="text/css">
<link rel=alternate type=application/rss+xml title="{NAME} - آخر الأخبار" href="/rss.aspx">
<script language="javascript" type="text/javascript" src="js/menu.js"></script>
</head>
<body topmargin="0" leftmargin="0" rightmargin="0" bgcolor="#FFFFFF">
<form name="aspnetForm" method="post" action="{form_action}" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIBDw8WAh4EVGV4dAUKMjAyNS0xMS0yN2RkAgMPZBYCZg9kFgJmDxYCHgtfIUl0ZW1Db3VudAIFZGRk">
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td colspan="3" class="header"><a href="default.aspx"><img src="images/logo.gif" width="300" height="90" border="0" alt="{NAME}"></a>
<span class="date">{today()}</span></td>
</tr>
<tr>
<td colspan="3" class="menu" bgcolor="#003366"><a href="default.aspx" class="menulink">الرئيسية</a> | {menu} | <a href="rss.aspx" class="menulink"><img src="images/rss.gif" border="0" align="absmiddle"> RSS</a> | <a href="search.aspx" class="menulink">بحث متقدم</a></td>
</tr>
<tr>
<td colspan="3" class="ticker"><b>آخر الأخبار:</b> <marquee direction="right" scrollamount="3" onmouseover="this.stop()" onmouseout="this.start()">{ticker}</marquee></td>
</tr>
<tr>
<td width="180" valign="top" class="rightcol">
<table width="100%" cellpadding="3" cellspacing="0" border="0">
<tr><td class="boxtitle">الأقسام</td></tr>
{sections}
</table>
<table width="100%" cellpadding="3" cellspacing="0" border="0" class="poll">
<tr><td class="boxtitle">استطلاع الرأي</td></tr>
<tr><td>{esc(POLL[0])}<br>{poll}<input type="button" value="تصويت" class="btn"></td></tr>
</table>
<table width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" class="ad">مساحة إعلانية<br><img src="images/banners/side1.gif" width="160" height="600" border="0"></td></tr></table>
</td>
<td width="620" valign="top" class="maincol">
{main}
</td>
<td width="180" valign="top" class="leftcol">
<table width="100%" cellpadding="3" cellspacing="0" border="0">
<tr><td class="boxtitle">الأكثر قراءة</td></tr>
{most}
</table>
<table width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" class="ad">مساحة إعلانية<br><img src="images/banners/side2.gif" width="160" height="600" border="0"></td></tr></table>
</td>
</tr>
<tr>
<td colspan="3" class="footer" align="center">{FOOTER}<br>{COUNTER}<br><a href="about.aspx">من نحن</a> | <a href="contact.aspx">اتصل بنا</a> | <a href="advertise.aspx">أعلن معنا</a></td>
</tr>
</table>
</form>
</body>
</html>
"""


def body(site: Site, article: Article) -> str:
    return article.breaks.join(
        linked(p, site.href) for p in [b.text for b in article.story.blocks if b.kind != "figure"]
    )


def details(site: Site, article: Article) -> str:
    story = article.story
    section = SECTIONS[article.section]
    same = [a for a in site.articles if a.section == article.section and a is not article]
    related = same[:3]
    rows = "".join(
        f'<tr><td class="relatedlink">&raquo; <a href="{a.href}">{esc(a.headline)}</a></td></tr>' for a in related
    )
    if article.id == site.articles[3].id:  # one related link goes to an article deleted long ago
        rows += f'<tr><td class="relatedlink">&raquo; <a href="details.aspx?id={SOFT_404_ID}">تفاصيل خطة تطوير الطرق الداخلية بالمحافظات</a></td></tr>'
    keywords = " - ".join(f'<a href="search.aspx?q={t}">{esc(t)}</a>' for t in story.tags)
    comments = "".join(
        f'<tr><td class="commentname"><b>{esc(name)}</b></td></tr><tr><td class="commenttext">{esc(text)}</td></tr>'
        for name, text in article.comments
    )
    article.boilerplate += (
        [a.headline for a in related]
        + [t for _, t in article.comments]
        + [COMMENTS_NOTE, FOOTER, COUNTER, "أخبار ذات صلة", "طباعة", "أرسل لصديق"]
    )
    writers = " و ".join(f'<span class="writername">{esc(a)}</span>' for a in story.authors)
    main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="4">
<tr><td class="path"><a href="default.aspx">الرئيسية</a> &gt; <a href="section.aspx?id={article.section}">{esc(section)}</a></td></tr>
<tr><td class="title"><font size="4" color="#003366"><b>{esc(story.headline)}</b></font></td></tr>
<tr><td class="writer">كتب: {writers} &nbsp;&nbsp;&nbsp; <span class="newsdate">{arabic_date(story.date, time=True)}</span></td></tr>
<tr><td class="tools"><a href="{article.print_href}" target="_blank"><img src="images/print.gif" border="0" align="absmiddle"> طباعة</a> | <a href="sendtofriend.aspx?id={article.id}"><img src="images/mail.gif" border="0" align="absmiddle"> أرسل لصديق</a> | <a href="javascript:void(0)" onclick="fontSize(1)">تكبير الخط</a></td></tr>
<tr><td align="center"><img src="UploadedImages/News/{article.id}.jpg" width="400" height="280" border="0"></td></tr>
<tr><td class="text" style="font-size:13pt; line-height:170%">{body(site, article)}</td></tr>
<tr><td class="keywords">كلمات دالة: {keywords}</td></tr>
<tr><td class="visits">عدد القراءات: {article.views}</td></tr>
<tr><td>
<table width="100%" border="0" cellspacing="0" cellpadding="2" class="related">
<tr><td class="relatedtitle">أخبار ذات صلة</td></tr>
{rows}
</table>
</td></tr>
<tr><td>
<table width="100%" border="0" cellspacing="0" cellpadding="2" class="comments">
<tr><td class="commentstitle">تعليقات القراء ({len(article.comments)})</td></tr>
{comments}
<tr><td class="commentsnote">{COMMENTS_NOTE}</td></tr>
<tr><td class="addcomment"><b>أضف تعليقك</b><br>الاسم: <input type="text" name="txtName" size="30"><br>البريد الإلكتروني: <input type="text" name="txtEmail" size="30"><br>التعليق:<br><textarea name="txtComment" rows="5" cols="50"></textarea><br><input type="submit" name="btnSend" value="إرسال" class="btn"></td></tr>
</table>
</td></tr>
</table>"""
    return page(site, story.headline, words(story.paragraphs[0], 20), main, article.href)


def print_copy(article: Article, site: Site) -> str:
    story = article.story
    return f"""<html dir="rtl">
<head>
<title>{NAME} - {esc(story.headline)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<link href="css/print.css" rel="stylesheet" type="text/css">
</head>
<body onload="window.print();">
<table width="600" border="0" cellspacing="0" cellpadding="5" align="center">
<tr><td><img src="images/logo_print.gif" border="0"></td></tr>
<tr><td class="title"><b>{esc(story.headline)}</b></td></tr>
<tr><td class="newsdate">{arabic_date(story.date, time=True)}</td></tr>
<tr><td class="writer">كتب: {" و ".join(esc(a) for a in story.authors)}</td></tr>
<tr><td class="text">{body(site, article)}</td></tr>
<tr><td class="printfooter">طبع من موقع {NAME}<br>رابط الخبر: http://{HOST}/details.aspx?id={article.id}<br>{FOOTER}</td></tr>
</table>
</body>
</html>
"""


def listing(site: Site, sid: str, number: int, chunk: list[Article], pages: int) -> str:
    name = SECTIONS[sid]
    rows = "".join(
        f'<tr><td class="newstitle"><a href="{a.listing_href}">{esc(a.headline)}</a></td></tr>'
        f'<tr><td class="newsbrief">{esc(words(a.story.paragraphs[0], 25))}</td></tr>'
        f'<tr><td class="newsdate">{arabic_date(a.story.date)}</td></tr><tr><td><hr size="1" color="#CCCCCC"></td></tr>'
        for a in chunk
    )
    pager = []
    if number > 1:
        pager.append(f'<a href="section.aspx?id={sid}&amp;page={number - 1}">&lt;&lt; السابق</a>')
    pager += [
        str(n) if n == number else f'<a href="section.aspx?id={sid}&amp;page={n}">{n}</a>' for n in range(1, pages + 1)
    ]
    if number < pages:
        pager.append(f'<a href="section.aspx?id={sid}&amp;page={number + 1}">التالي &gt;&gt;</a>')
    main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="4">
<tr><td class="path"><a href="default.aspx">الرئيسية</a> &gt; {esc(name)}</td></tr>
<tr><td class="sectiontitle">{esc(name)}</td></tr>
{rows}
<tr><td class="pager" align="center">الصفحة {number} من {pages} &nbsp; {" ".join(pager)}</td></tr>
</table>"""
    return page(site, name, f"أخبار {name}", main, f"section.aspx?id={sid}")


def home(site: Site) -> str:
    top, latest = site.articles[0], site.articles[1:6]
    opinion = next(a for a in site.articles if a.section == "6")
    rows = "".join(
        f'<tr><td class="latest">&raquo; <a href="{a.href}">{esc(a.headline)}</a> <span class="time">{a.story.date:%H:%M}</span></td></tr>'
        for a in latest
    )
    main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="4">
<tr><td class="topnews"><a href="{top.href}"><img src="UploadedImages/News/{top.id}.jpg" width="300" height="210" border="0" align="right" hspace="8"></a>
<a href="{top.href}" class="toptitle">{esc(top.headline)}</a><br><span class="brief">{esc(words(top.story.paragraphs[0], 30))}</span> <a href="{top.href}" class="more">التفاصيل &raquo;</a></td></tr>
<tr><td class="boxtitle">آخر الأخبار</td></tr>
{rows}
<tr><td class="boxtitle">مقالات الرأي</td></tr>
<tr><td class="latest">&raquo; <a href="{opinion.href}">{esc(opinion.headline)}</a> - <span class="writername">{esc(opinion.story.authors[0])}</span></td></tr>
</table>"""
    return page(site, "الصفحة الرئيسية", "الميزان اليومي جريدة إلكترونية مصرية", main, "default.aspx")


def simple(site: Site, title: str, text: str, action: str) -> str:
    main = f'<table width="100%" border="0" cellspacing="0" cellpadding="4"><tr><td class="sectiontitle">{esc(title)}</td></tr><tr><td class="text">{esc(text)}</td></tr></table>'
    return page(site, title, title, main, action)


def rss(site: Site) -> str:
    items = "".join(
        f"<item><title>{xml_text(a.headline)}</title><link>{BASE}/{xml_text(a.href)}</link><description>{xml_text(words(a.story.paragraphs[0], 30))}</description>"
        f"<pubDate>{rfc822(a.story.date, gmt=True)}</pubDate><guid>{BASE}/{xml_text(a.href)}</guid></item>\n"
        for a in site.articles[:RSS_ITEMS]
    )
    return f"""<?xml version="1.0" encoding="windows-1256"?>
<rss version="2.0">
<channel>
<title>{NAME}</title>
<link>{BASE}/</link>
<description>آخر الأخبار من {NAME}</description>
<language>ar-eg</language>
<lastBuildDate>{rfc822(site.articles[0].story.date, gmt=True)}</lastBuildDate>
{items}</channel>
</rss>
"""


def build() -> tuple[dict[str, bytes], dict[str, Any], dict[str, Any]]:
    """(files, server.json, gold.json) of the old-portal replica."""
    site = Site(read_stories("oldportal", ZONE))
    for article in site.articles:
        site.add(f"details/{article.id}.html", details(site, article))
        site.add(f"details/print/{article.id}.html", print_copy(article, site))
    main = '<table width="100%" border="0" cellspacing="0" cellpadding="4"><tr><td class="error" align="center"><b>عفواً .. الخبر المطلوب غير موجود أو تم حذفه</b><br><a href="default.aspx">العودة إلى الصفحة الرئيسية</a></td></tr></table>'
    site.add("details/notfound.html", page(site, "الخبر غير موجود", "الخبر غير موجود", main, "details.aspx"))
    site.non_article(f"/details.aspx?id={SOFT_404_ID}", "soft404")
    site.add("index.html", home(site))
    site.non_article("/", "home")
    site.non_article("/default.aspx", "home")
    for sid in SECTIONS:
        in_section = [a for a in site.articles if a.section == sid]
        chunks = [in_section[i : i + PAGE_SIZE] for i in range(0, len(in_section), PAGE_SIZE)]
        for number, chunk in enumerate(chunks, 1):
            site.add(f"section/{sid}-{number}.html", listing(site, sid, number, chunk, len(chunks)))
            site.non_article(f"/section.aspx?id={sid}" + (f"&page={number}" if number > 1 else ""), "section")
    for slug, (title, text) in PAGES.items():
        site.add(f"{slug}.html", simple(site, title, text, f"{slug}.aspx"))
        site.non_article(f"/{slug}.aspx", "page")
    site.add("search.html", simple(site, "بحث متقدم", "اكتب كلمة البحث واختر القسم والتاريخ.", "search.aspx"))
    site.non_article("/search.aspx", "search", disallowed=True)
    site.add(
        "sendtofriend.html",
        simple(site, "أرسل لصديق", "أرسل هذا الخبر إلى صديقك: اكتب اسمك وبريد صديقك الإلكتروني.", "sendtofriend.aspx"),
    )
    for article in site.articles:
        site.non_article(f"/sendtofriend.aspx?id={article.id}", "form", disallowed=True)
    site.add("rss.aspx.xml", rss(site))
    site.add("robots.txt", "User-agent: *\nDisallow: /admin/\nDisallow: /search.aspx\nDisallow: /sendtofriend.aspx\n")

    html = "text/html; charset=windows-1256"
    server = {
        "templated": [".xml", ".txt"],
        "content_types": {
            ".html": html,
            ".xml": "text/xml",
            ".txt": "text/plain",
            f"/details/{LYING_UTF8}.html": "text/html; charset=utf-8",
            **{f"/details/{i}.html": "text/html" for i in NO_CHARSET},
            f"/section/{NO_CHARSET_LISTING}.html": "text/html",
        },
        "routes": [
            {"path": "/details\\.aspx", "query": {"id": "\\d+", "print": "1"}, "file": "/details/print/{id}.html"},
            {"path": "/details\\.aspx", "query": {"id": "\\d+"}, "file": "/details/{id}.html"},
            {"path": "/details\\.aspx", "file": "/details/notfound.html"},
            {"path": "/section\\.aspx", "query": {"id": "\\d+", "page": "\\d+"}, "file": "/section/{id}-{page}.html"},
            {"path": "/section\\.aspx", "query": {"id": "\\d+"}, "file": "/section/{id}-1.html"},
            {"path": "/sendtofriend\\.aspx", "file": "/sendtofriend.html"},
            {"path": "/(?P<name>about|contact|advertise|search)\\.aspx", "file": "/{name}.html"},
            {"path": "/default\\.aspx", "file": "/index.html"},
            {"path": "/rss\\.aspx", "file": "/rss.aspx.xml"},
        ],
    }
    articles = [
        gold_article(a.story, a.path, a.spellings, a.id, SECTIONS[a.section], [*a.boilerplate, today()])
        for a in site.articles
    ]
    gold = {
        "shape": "oldportal",
        "site": NAME,
        "host": HOST,
        "timezone": ZONE,
        "dates_have_offset": False,
        "articles": articles,
        "non_articles": site.non_articles,
        "disallowed": [
            "/search.aspx",
            *(f"/sendtofriend.aspx?id={a.id}" for a in site.articles),
            *(f"/search.aspx?q={quote(t, encoding=ENCODING)}" for a in site.articles for t in a.story.tags),
        ],
    }
    return site.files, server, gold
