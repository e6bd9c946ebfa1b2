"""Tests for :mod:`newscrawl.discovery.feeds`: RSS 0.9x/2.0, RDF (RSS 1.0) and Atom 0.3/1.0
samples written for these tests, broken and hostile feeds, and the feeds an HTML page
advertises."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.discovery.feeds import FeedPage, advertised_feeds, read_feed
from newscrawl.discovery.links import Link

URL = "https://example.com/feed/"

RSS_20 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>أخبار الموقع</title>
  <link>https://example.com/</link>
  <atom:link href="https://example.com/feed/" rel="self" type="application/rss+xml"/>
  <item>
    <title><![CDATA[وزراء الدفاع يجتمعون في باريس <b>لبحث</b> الحرب]]></title>
    <link>https://example.com/news/2025/11/28/%D9%88%D8%B2%D8%B1%D8%A7%D8%A1-%D8%A7%D9%84%D8%AF%D9%81%D8%A7%D8%B9</link>
    <guid isPermaLink="false">post-1578701</guid>
    <pubDate>Fri, 28 Nov 2025 10:15:00 +0300</pubDate>
    <media:title>صورة الاجتماع</media:title>
  </item>
  <item>
    <media:title>صورة من السوق</media:title>
    <title>أسعار الذهب &amp; النفط</title>
    <link>/economy/1578702.html</link>
    <pubDate>Thu, 27 Nov 2025 08:05:00 GMT</pubDate>
  </item>
  <item>
    <title>رابط بعلامات مهربة</title>
    <link>https://example.com/details.aspx?id=1578703&amp;amp;print=1</link>
    <dc:date>2025-11-26T19:00:00+02:00</dc:date>
  </item>
  <item>
    <title>بلا رابط سوى المعرّف</title>
    <guid>https://example.com/culture/1578704.html</guid>
  </item>
  <item>
    <title>معرّف ليس رابطا</title>
    <guid>1578705</guid>
  </item>
</channel>
</rss>
""".encode()

RSS_091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Le site</title>
<item><title>Caf&eacute; \xe0 Beyrouth&nbsp;: reportage</title><link>https://example.com/fr/12345-cafe.html</link></item>
</channel></rss>
"""

RDF_10 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.com/">
    <title>الموقع</title>
    <items><rdf:Seq><rdf:li resource="https://example.com/news/123456"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://example.com/news/123456">
    <title>عنوان الخبر</title>
    <link>https://example.com/news/123456</link>
    <dc:date>2025-11-28T10:15:00+03:00</dc:date>
  </item>
</rdf:RDF>
""".encode()

ATOM_10 = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/ar/">
  <title>الموقع</title>
  <link rel="self" href="https://example.com/atom.xml"/>
  <entry>
    <title type="html">&lt;em&gt;قمة&lt;/em&gt; المناخ</title>
    <link rel="self" href="https://api.example.com/entries/1"/>
    <link rel="alternate" type="application/json" href="https://api.example.com/1.json"/>
    <link rel="alternate" type="text/html" href="climate/2025/11/28/summit-opens-in-belem"/>
    <id>tag:example.com,2025:1</id>
    <published>2025-11-28T10:15:00+03:00</published>
    <updated>2025-11-28T12:00:00Z</updated>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">عنوان <b>ثان</b></div></title>
    <link href="https://example.com/ar/news/654321"/>
    <id>https://example.com/ar/news/654321</id>
    <updated>2025-11-27T08:00:00Z</updated>
  </entry>
  <entry>
    <title>بلا رابط</title>
    <id>https://example.com/ar/news/777777</id>
  </entry>
  <entry>
    <title>لا شيء</title>
    <link rel="enclosure" href="https://example.com/audio.mp3"/>
  </entry>
</feed>
""".encode()

ATOM_03 = b"""<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <entry>
    <title mode="escaped">Old entry</title>
    <link rel="alternate" type="text/html" href="https://example.com/2005/01/02/old-entry-from-the-archive"/>
    <issued>2005-01-02T10:00:00+01:00</issued>
    <modified>2005-01-03T10:00:00Z</modified>
  </entry>
</feed>
"""

FEEDBURNER = b"""<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
<item><title>t</title><link>https://feeds.feedburner.com/~r/example/~3/abc/</link>
<feedburner:origLink>https://example.com/news/2025/11/28/story</feedburner:origLink></item>
</channel></rss>"""


def test_rss_20() -> None:
    page = read_feed(RSS_20, URL)
    assert page == FeedPage(
        "rss",
        links=(
            Link(
                "https://example.com/news/2025/11/28/%D9%88%D8%B2%D8%B1%D8%A7%D8%A1-%D8%A7%D9%84%D8%AF%D9%81%D8%A7%D8%B9",
                "feed",
                title="وزراء الدفاع يجتمعون في باريس لبحث الحرب",  # CDATA, markup removed
                published="Fri, 28 Nov 2025 10:15:00 +0300",
            ),
            Link(
                "https://example.com/economy/1578702.html",  # relative, resolved
                "feed",
                title="أسعار الذهب & النفط",  # the item's title, not media:title before it
                published="Thu, 27 Nov 2025 08:05:00 GMT",
            ),
            Link(
                "https://example.com/details.aspx?id=1578703&print=1",  # escaped twice, undone
                "feed",
                title="رابط بعلامات مهربة",
                published="2025-11-26T19:00:00+02:00",  # dc:date
            ),
            Link("https://example.com/culture/1578704.html", "feed", title="بلا رابط سوى المعرّف"),  # permalink guid
        ),
        bad_urls=1,  # a guid that is no URL is no link
    )


def test_rss_091_with_its_netscape_doctype_and_html_entities() -> None:
    page = read_feed(RSS_091, URL)
    assert page.kind == "rss"
    assert page.links == (Link("https://example.com/fr/12345-cafe.html", "feed", title="Café à Beyrouth : reportage"),)
    assert page.error is None


def test_rdf_rss_10() -> None:
    assert read_feed(RDF_10, URL) == FeedPage(
        "rdf",
        links=(
            Link("https://example.com/news/123456", "feed", title="عنوان الخبر", published="2025-11-28T10:15:00+03:00"),
        ),
    )


def test_atom_10() -> None:
    page = read_feed(ATOM_10, "https://example.com/atom.xml")
    assert page == FeedPage(
        "atom",
        links=(
            Link(
                "https://example.com/ar/climate/2025/11/28/summit-opens-in-belem",  # the HTML alternate, xml:base
                "feed",
                title="قمة المناخ",
                published="2025-11-28T10:15:00+03:00",
                modified="2025-11-28T12:00:00Z",
            ),
            Link("https://example.com/ar/news/654321", "feed", title="عنوان ثان", modified="2025-11-27T08:00:00Z"),
            Link("https://example.com/ar/news/777777", "feed", title="بلا رابط"),  # an id that is a URL
        ),
        bad_urls=1,  # only an enclosure
    )


def test_atom_03() -> None:
    assert read_feed(ATOM_03, URL).links == (
        Link(
            "https://example.com/2005/01/02/old-entry-from-the-archive",
            "feed",
            title="Old entry",
            published="2005-01-02T10:00:00+01:00",
            modified="2005-01-03T10:00:00Z",
        ),
    )


def test_feedburner_original_link_wins() -> None:
    assert [link.url for link in read_feed(FEEDBURNER, URL).links] == ["https://example.com/news/2025/11/28/story"]


def test_gzipped_feed() -> None:
    assert read_feed(gzip.compress(RSS_20), URL) == read_feed(RSS_20, URL)


def test_broken_feed_ending_mid_item_keeps_the_items_before() -> None:
    cut = RSS_20[: RSS_20.index(b"<link>https://example.com/details.aspx") + 30]
    page = read_feed(cut, URL)
    assert [link.url for link in page.links] == [
        "https://example.com/news/2025/11/28/%D9%88%D8%B2%D8%B1%D8%A7%D8%A1-%D8%A7%D9%84%D8%AF%D9%81%D8%A7%D8%B9",
        "https://example.com/economy/1578702.html",
    ]
    assert page.error and "Premature end" in page.error


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("ftp://example.com/a", None),
        ("javascript:alert(1)", None),
        ("http://[::1/a", None),
        ("  https://example.com/a/1  ", "https://example.com/a/1"),
        ("https://example.com/a?x=1&y=2", "https://example.com/a?x=1&y=2"),  # a bare ampersand
    ],
)
def test_item_links_go_through_resolve(link: str, expected: str | None) -> None:
    body = f"<rss><channel><item><link>{link}</link></item><item><link>/a/2</link></item></channel></rss>".encode()
    page = read_feed(body, URL)
    assert [link.url for link in page.links] == ([expected] if expected else []) + ["https://example.com/a/2"]
    assert page.bad_urls == (0 if expected else 1)


def test_entities_in_a_feed_are_never_expanded() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "INJECTED">]>
    <rss><channel><item><title>&x;&y;t</title><link>https://example.com/a/1</link></item></channel></rss>"""
    assert read_feed(body, URL).links == (Link("https://example.com/a/1", "feed", title="t"),)


def test_max_entries() -> None:
    items = "".join(f"<item><link>https://example.com/a/{i}</link></item>" for i in range(30))
    page = read_feed(f"<rss><channel>{items}</channel></rss>".encode(), URL, max_entries=10)
    assert (len(page.links), page.dropped, page.truncated) == (10, 20, True)


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Not found</body></html>", b"<urlset><url><loc>https://example.com/a</loc></url></urlset>"],
    ids=["empty", "html", "sitemap"],
)
def test_not_a_feed(body: bytes) -> None:
    assert read_feed(body, URL).kind == "unknown"
    assert read_feed(body, URL).links == ()


# --- feeds advertised by a page --------------------------------------------------------------

HOME = """<!DOCTYPE html><html lang="ar" dir="rtl"><head>
<meta charset="utf-8">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://example.com/atom.xml">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" hreflang="en" href="https://example.com/en/">
<link rel="alternate" type="application/rss+xml" href="ftp://example.com/rss">
<link rel="alternate feed" type="application/rdf+xml" href="rdf">
</head><body><a href="/feed/">RSS</a></body></html>"""


def test_advertised_feeds() -> None:
    assert advertised_feeds(HOME, "https://example.com/ar/") == [
        "https://example.com/rss.xml",
        "https://example.com/atom.xml",
        "https://example.com/ar/rdf",
    ]


def test_advertised_feeds_honour_base_and_bytes() -> None:
    html = '<head><base href="https://example.com/x/"><link rel=alternate type=application/rss+xml href=feed></head>'
    assert advertised_feeds(html.encode(), "https://example.com/") == ["https://example.com/x/feed"]


@pytest.mark.parametrize("html", ["", b"", "plain text", b"\x00\x01\x02"])
def test_no_feeds_in_nothing(html: str | bytes) -> None:
    assert advertised_feeds(html, "https://example.com/") == []
