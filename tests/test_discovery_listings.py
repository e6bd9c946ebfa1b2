"""Tests for :mod:`newscrawl.discovery.listings`: article links told from section and other
pages by URL structure, pagination in its usual forms, navigation links as sections."""

from __future__ import annotations

import pytest

from newscrawl.discovery.links import Link
from newscrawl.discovery.listings import MAX_NEXT_PAGES, article_rule, is_section_url, read_listing

HOSTS = ["example.com"]
SLUG = "%D9%88%D8%B2%D8%B1%D8%A7%D8%A1-%D8%A7%D9%84%D8%AF%D9%81%D8%A7%D8%B9-%D9%8A%D8%AC%D8%AA%D9%85%D8%B9%D9%88%D9%86-%D9%81%D9%8A-%D8%A8%D8%A7%D8%B1%D9%8A%D8%B3"  # وزراء-الدفاع-يجتمعون-في-باريس  # noqa: E501


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        # articles, by structure
        ("https://example.com/news/1578701.html", "numeric_id"),
        ("https://example.com/world/1578701-gaza-truce", "numeric_id"),
        ("https://example.com/story/2025/11/28/slug/7212345", "numeric_id"),
        ("https://example.com/node/123456/some-title", "numeric_id"),
        ("https://example.com/details.aspx?id=123456", "numeric_id"),
        ("https://example.com/details.aspx?id=123456&print=1", "numeric_id"),
        ("https://example.com/NewsDetails.aspx?NewsID=98765&CatID=3", "numeric_id"),
        ("https://example.com/?p=12345", "numeric_id"),
        ("https://example.com/ar/gaza-talks-20251128", "numeric_id"),
        ("https://example.com/news/2025/11/28/gaza-truce", "dated_path"),
        ("https://example.com/2025/11/28/حرب-غزة", "dated_path"),
        ("https://example.com/2025-11-28/gaza", "dated_path"),
        (f"https://example.com/{SLUG}/", "long_slug"),
        (f"https://example.com/politics/{SLUG}", "long_slug"),
        ("https://example.com/world/ministers-meet-in-paris-today", "long_slug"),
        ("https://example.com/arabic/articles/cx2k5ynwz1go", "opaque_id"),
        # not articles
        ("https://example.com/", None),
        ("https://example.com/news/", None),
        ("https://example.com/economy", None),
        ("https://example.com/ar/news/", None),
        ("https://example.com/2025/", None),
        ("https://example.com/2025/11/28/", None),  # a day's archive
        ("https://example.com/news/2025", None),
        ("https://example.com/tag/gaza-war-news-today", None),
        ("https://example.com/tags/%D8%BA%D8%B2%D8%A9", None),
        ("https://example.com/category/world-news-and-politics", None),
        ("https://example.com/author/john-smith-the-writer", None),
        ("https://example.com/search?q=gaza-war-news-today", None),
        ("https://example.com/news/page/12345", None),
        ("https://example.com/video/2025/11/28/gaza-truce-talks", None),
        ("https://example.com/gallery/123456", None),
        ("https://example.com/live/", None),
        ("https://example.com/images/2025/11/123456.jpg", None),
        ("https://example.com/wp-content/uploads/2025/11/photo-of-the-day.png", None),
        ("https://example.com/files/report-on-the-economy-2025.pdf", None),
        ("https://example.com/sitemap-2025-11-28.xml", None),
        ("https://example.com/section.aspx?sectionid=12345", None),
        ("https://example.com/list.aspx?CatID=12345", None),
        ("https://example.com/news?page=12345", None),
        ("https://example.com/archive?year=2025&month=11", None),
        ("https://example.com/about-us", None),
        ("https://example.com/feed/", None),
        ("https://example.com/contact", None),
        ("https://example.com/economy?utm_source=12345678", None),
        ("https://example.com/world/middle-east", None),
        ("https://example.com/sections/abcdefghijkl", None),
        ("https://example.com/news/abcdefghijkl", None),  # letters only: a word, not an id
    ],
)
def test_article_rule(url: str, rule: str | None) -> None:
    assert article_rule(url) == rule


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://example.com/economy/", True),
        ("https://example.com/ar/news/politics", True),
        ("https://example.com/category/sport", True),
        ("https://example.com/section.aspx?id=5", True),
        ("https://example.com/", False),
        ("https://example.com/tag/gaza", False),
        ("https://example.com/author/someone", False),
        ("https://example.com/search", False),
        ("https://example.com/contact-us", False),
        ("https://example.com/news/page/2/", False),
        ("https://example.com/news/2025/11/28/gaza-truce", False),
        ("https://example.com/a/b/c/d", False),
        ("https://example.com/logo.png", False),
    ],
)
def test_is_section_url(url: str, section: bool) -> None:
    assert is_section_url(url) is section


# --- pagination -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_url", "anchor", "expected"),
    [
        ("https://example.com/news/", '<a href="/news/page/2/">2</a>', "https://example.com/news/page/2/"),
        ("https://example.com/news/page/2/", '<a href="/news/page/3/">3</a>', "https://example.com/news/page/3/"),
        ("https://example.com/news?page=3", '<a href="?page=4">4</a>', "https://example.com/news?page=4"),
        ("https://example.com/news", '<a href="/news?p=2">2</a>', "https://example.com/news?p=2"),
        (
            "https://example.com/list.aspx?cat=5",
            '<a href="list.aspx?cat=5&amp;pg=2">2</a>',
            "https://example.com/list.aspx?cat=5&pg=2",
        ),
        ("https://example.com/news/", '<a rel="next" href="/news/older">أقدم</a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older">التالي</a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older"> الصفحة التالية </a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older">التالي «</a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older">»</a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older">›</a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older">Next</a>', "https://example.com/news/older"),
        ("https://example.com/news/", '<a href="/news/older">Suivant</a>', "https://example.com/news/older"),
        (
            "https://example.com/news/",
            '<a href="/news/older" aria-label="Next page"><i></i></a>',
            "https://example.com/news/older",
        ),
        # not the next page
        ("https://example.com/news/", '<a href="/news/older">السابق</a>', None),
        ("https://example.com/news?page=3", '<a href="?page=2">»</a>', None),  # an arrow back in a RTL page
        ("https://example.com/news?page=3", '<a href="?page=5">5</a>', None),
        ("https://example.com/news/", '<a href="/sport/page/2/">2</a>', None),  # another listing
        ("https://example.com/news/", '<a href="https://other.org/news/page/2/">التالي</a>', None),
        ("https://example.com/news/2025/11/28/a-story", '<a href="/news/2025/11/28/next-story">التالي</a>', None),
    ],
)
def test_next_page(page_url: str, anchor: str, expected: str | None) -> None:
    page = read_listing(f"<html><body>{anchor}</body></html>", page_url, HOSTS)
    assert page.next_pages == ((expected,) if expected else ())


def test_link_rel_next_in_head() -> None:
    html = '<html><head><link rel="next" href="/news/page/2/"></head><body></body></html>'
    assert read_listing(html, "https://example.com/news/", HOSTS).next_pages == ("https://example.com/news/page/2/",)


def test_next_pages_are_bounded_and_unique() -> None:
    anchors = "".join(f'<a href="/news/more-{i}">التالي</a><a href="/news/more-{i}">Next</a>' for i in range(10))
    page = read_listing(anchors, "https://example.com/news/", HOSTS)
    assert len(page.next_pages) == MAX_NEXT_PAGES
    assert len(set(page.next_pages)) == MAX_NEXT_PAGES


# --- a whole page -------------------------------------------------------------------------

HOME = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الموقع</title></head>
<body>
<header class="site-header">
  <a href="/"><img src="/logo.png" alt="الموقع"></a>
  <ul class="main-menu">
    <li><a href="/politics/">سياسة</a></li>
    <li><a href="https://www.example.com/economy">اقتصاد</a></li>
    <li><a href="/category/sport">رياضة</a></li>
    <li><a href="/section.aspx?id=7">ثقافة</a></li>
    <li><a href="/tag/gaza">غزة</a></li>
    <li><a href="/search">بحث</a></li>
    <li><a href="https://other.org/news/">شريك</a></li>
    <li><a href="javascript:void(0)">المزيد</a></li>
  </ul>
</header>
<main>
  <div class="card">
    <a href="/politics/2025/11/28/{SLUG}"><img src="/i/1.jpg" alt="صورة"></a>
    <h2><a href="/politics/2025/11/28/{SLUG}">وزراء الدفاع يجتمعون في باريس</a></h2>
    <time datetime="2025-11-28T10:15:00+03:00">منذ ساعتين</time>
  </div>
  <div class="card">
    <h2><a href="details.aspx?id=1578702&amp;print=1#comments">أسعار <b>الذهب</b></a></h2>
  </div>
  <ul class="latest">
    <li><a href="/economy/1578703.html">خبر أول</a></li>
    <li><a href="/economy/1578704.html"><img src="/i/4.jpg" alt="صورة الخبر الثاني"></a></li>
    <li><time>2025-11-27</time></li>
  </ul>
  <a href="http://[::1/bad">رابط مكسور</a>
  <a href="mailto:desk@example.com">راسلنا</a>
  <a href="#top">للأعلى</a>
  <a href="/economy/logo-of-the-newspaper-big.png">شعار</a>
  <a href="https://other.org/news/2025/11/28/some-story">خبر من موقع آخر</a>
  <a href="/news/page/2/">التالي</a>
</main>
<footer><a href="/about-us">من نحن</a><a href="/culture/">ثقافة</a></footer>
</body></html>"""


def test_home_page() -> None:
    page = read_listing(HOME, "https://example.com/news/", HOSTS)
    assert page.article_links == (
        Link(
            f"https://example.com/politics/2025/11/28/{SLUG}",
            "listing",
            title="وزراء الدفاع يجتمعون في باريس",  # the text link's, after the image link
            published="2025-11-28T10:15:00+03:00",  # the card's <time>
        ),
        Link("https://example.com/news/details.aspx?id=1578702&print=1", "listing", title="أسعار الذهب"),
        Link("https://example.com/economy/1578703.html", "listing", title="خبر أول"),  # a list: no one time
        Link("https://example.com/economy/1578704.html", "listing", title="صورة الخبر الثاني"),  # image alt
    )
    assert page.next_pages == ("https://example.com/news/page/2/",)
    assert page.section_pages == (
        "https://example.com/politics/",
        "https://www.example.com/economy",
        "https://example.com/category/sport",
        "https://example.com/section.aspx?id=7",
        "https://example.com/culture/",
    )
    assert page.bad_urls == 1  # http://[::1/bad; mailto:, javascript: and #top are no web links


def test_only_the_sites_hosts() -> None:
    page = read_listing(HOME, "https://example.com/news/", ["other.org"])
    assert [link.url for link in page.article_links] == ["https://other.org/news/2025/11/28/some-story"]
    assert page.section_pages == ("https://other.org/news/",)


def test_hosts_given_with_a_port() -> None:
    html = '<a href="http://127.0.0.1:8080/news/1578701.html">x</a><a href="http://127.0.0.2/news/1578702.html">y</a>'
    page = read_listing(html, "http://127.0.0.1:8080/", ["127.0.0.1:8080"])
    assert [link.url for link in page.article_links] == ["http://127.0.0.1:8080/news/1578701.html"]


def test_base_href() -> None:
    html = '<head><base href="https://example.com/ar/"></head><a href="news/1578701.html">x</a>'
    page = read_listing(html, "https://example.com/", HOSTS)
    assert [link.url for link in page.article_links] == ["https://example.com/ar/news/1578701.html"]


def test_windows_1256_bytes() -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head>'
    html += '<body><a href="details.aspx?id=123456">عنوان الخبر</a></body></html>'
    page = read_listing(html.encode("cp1256"), "http://example.com/", HOSTS)
    assert page.article_links == (Link("http://example.com/details.aspx?id=123456", "listing", title="عنوان الخبر"),)


def test_links_are_bounded() -> None:
    html = "".join(f'<a href="/news/{100000 + i}.html">{i}</a>' for i in range(2000))
    page = read_listing(html, "https://example.com/", HOSTS, max_links=100)
    assert len(page.article_links) == 100
    assert page.article_links[-1].url == "https://example.com/news/100099.html"


@pytest.mark.parametrize("html", ["", b"", "plain text", b"\x00\x01", "<html></html>"])
def test_nothing_in_an_empty_page(html: str | bytes) -> None:
    assert read_listing(html, "https://example.com/", HOSTS) == read_listing("<p></p>", "https://example.com/", HOSTS)
