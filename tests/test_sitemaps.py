"""Tests for :mod:`newscrawl.discovery.sitemaps`.

Covers ``parse_sitemap`` on a sitemap index, a URL set with ``lastmod``, a Google News sitemap
(``news:title`` and ``news:publication_date`` kept, an ``image:title`` never taken for the news
title), gzip bodies through ``sitemap_body`` (and its size limit against gzip bombs), broken
XML, DOCTYPEs with entities (never expanded) and XML that is not a sitemap.
"""

from __future__ import annotations

import gzip

import pytest

from newscrawl.discovery.sitemaps import Sitemap, SitemapEntry, parse_sitemap, sitemap_body

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
IMAGE_NS = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'

SITEMAP_INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex {SITEMAP_NS}>
  <sitemap>
    <loc>https://elaph.com/sitemaps/articles-2025-11.xml</loc>
    <lastmod>2025-11-28T14:00:00+00:00</lastmod>
  </sitemap>
  <sitemap>
    <loc>
      https://elaph.com/sitemaps/articles-older.xml
    </loc>
  </sitemap>
</sitemapindex>
""".encode()

URLSET = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {SITEMAP_NS}>
  <url>
    <loc>https://elaph.com/Web/News/2025/11/1578701.html</loc>
    <lastmod>2025-11-28T12:40:00+00:00</lastmod>
  </url>
  <!-- a comment between entries -->
  <url>
    <loc>https://elaph.com/Web/Economics/2025/11/1578702.html</loc>
    <lastmod>2025-11-27T08:05:00+00:00</lastmod>
    <changefreq>daily</changefreq>
  </url>
  <url>
    <loc>https://elaph.com/Web/Culture/2025/09/1578705.html</loc>
  </url>
  <url>
    <lastmod>2025-11-01</lastmod>
  </url>
</urlset>
""".encode()

GOOGLE_NEWS = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {SITEMAP_NS} {NEWS_NS} {IMAGE_NS}>
  <url>
    <loc>https://elaph.com/amp/Web/News/2025/11/1578707.html?utm_source=gn</loc>
    <image:image>
      <image:loc>https://elaph.com/images/1578707.jpg</image:loc>
      <image:title>صورة من مخيم للنازحين</image:title>
    </image:image>
    <news:news>
      <news:publication>
        <news:name>إيلاف</news:name>
        <news:language>ar</news:language>
      </news:publication>
      <news:publication_date>2025-11-27T19:30:00+00:00</news:publication_date>
      <news:title>الأمم المتحدة تحذر من تفاقم أزمة الجوع في السودان</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://elaph.com/Web/News/2025/11/1578701.html</loc>
    <image:image>
      <image:loc>https://elaph.com/images/1578701.jpg</image:loc>
      <image:title>وزراء الدفاع في باريس</image:title>
    </image:image>
    <news:news>
      <news:publication><news:name>إيلاف</news:name></news:publication>
      <news:publication_date>2025-11-28T10:15:00+00:00</news:publication_date>
    </news:news>
  </url>
  <url>
    <loc>https://elaph.com/Web/Sports/2025/11/1578703.html</loc>
    <lastmod>2025-11-26T19:00:00+00:00</lastmod>
    <image:image>
      <image:title>ملعب الرياض</image:title>
    </image:image>
  </url>
</urlset>
""".encode()


def test_sitemap_index() -> None:
    assert parse_sitemap(SITEMAP_INDEX) == Sitemap(
        "sitemapindex",
        (
            SitemapEntry(
                loc="https://elaph.com/sitemaps/articles-2025-11.xml",
                lastmod="2025-11-28T14:00:00+00:00",
            ),
            SitemapEntry(loc="https://elaph.com/sitemaps/articles-older.xml"),
        ),
    )


def test_urlset_with_lastmod() -> None:
    """Entries in order, ``lastmod`` kept where given, an entry without ``loc`` skipped."""
    assert parse_sitemap(URLSET) == Sitemap(
        "urlset",
        (
            SitemapEntry(
                loc="https://elaph.com/Web/News/2025/11/1578701.html",
                lastmod="2025-11-28T12:40:00+00:00",
            ),
            SitemapEntry(
                loc="https://elaph.com/Web/Economics/2025/11/1578702.html",
                lastmod="2025-11-27T08:05:00+00:00",
            ),
            SitemapEntry(loc="https://elaph.com/Web/Culture/2025/09/1578705.html"),
        ),
    )


def test_google_news_sitemap() -> None:
    sitemap = parse_sitemap(GOOGLE_NEWS)
    assert sitemap.kind == "urlset"
    assert sitemap.entries == (
        SitemapEntry(
            loc="https://elaph.com/amp/Web/News/2025/11/1578707.html?utm_source=gn",
            news_title="الأمم المتحدة تحذر من تفاقم أزمة الجوع في السودان",
            news_publication_date="2025-11-27T19:30:00+00:00",
        ),
        SitemapEntry(
            loc="https://elaph.com/Web/News/2025/11/1578701.html",
            news_title=None,  # no news:title: the image:title is not a substitute
            news_publication_date="2025-11-28T10:15:00+00:00",
        ),
        SitemapEntry(
            loc="https://elaph.com/Web/Sports/2025/11/1578703.html",
            lastmod="2025-11-26T19:00:00+00:00",
            news_title=None,  # no news:news at all
        ),
    )


def test_image_title_never_used() -> None:
    titles = {entry.news_title for entry in parse_sitemap(GOOGLE_NEWS).entries}
    assert not titles & {"صورة من مخيم للنازحين", "وزراء الدفاع في باريس", "ملعب الرياض"}


def test_loc_not_taken_from_image_before_it() -> None:
    body = f"""<urlset {SITEMAP_NS} {IMAGE_NS}>
      <url>
        <image:image><image:loc>https://elaph.com/images/1578701.jpg</image:loc></image:image>
        <loc>https://elaph.com/Web/News/2025/11/1578701.html</loc>
      </url>
    </urlset>""".encode()
    entries = parse_sitemap(body).entries
    assert [entry.loc for entry in entries] == ["https://elaph.com/Web/News/2025/11/1578701.html"]


def test_namespaces_and_case_ignored() -> None:
    body = b"<URLSET><URL><LOC>https://elaph.com/Web/News/2025/11/1578701.html</LOC></URL></URLSET>"
    assert parse_sitemap(body) == Sitemap(
        "urlset", (SitemapEntry(loc="https://elaph.com/Web/News/2025/11/1578701.html"),)
    )


def test_bom_accepted() -> None:
    body = b"\xef\xbb\xbf" + URLSET
    assert parse_sitemap(body) == parse_sitemap(URLSET)


# --- gzip -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "xml",
    [
        pytest.param(SITEMAP_INDEX, id="index"),
        pytest.param(URLSET, id="urlset"),
        pytest.param(GOOGLE_NEWS, id="google-news"),
    ],
)
def test_gzip_body(xml: bytes) -> None:
    compressed = gzip.compress(xml)
    assert sitemap_body(compressed) == xml
    assert sitemap_body(compressed, max_size=len(xml)) == xml
    assert parse_sitemap(sitemap_body(compressed)) == parse_sitemap(xml)
    assert parse_sitemap(sitemap_body(compressed)).entries  # something was read


def test_plain_body_passed_through() -> None:
    assert sitemap_body(URLSET, max_size=10) is URLSET


@pytest.mark.parametrize(
    ("size", "max_size"),
    [
        pytest.param(10 * 1024 * 1024, 1024 * 1024, id="10MB-bomb-1MB-limit"),
        pytest.param(1001, 1000, id="one-byte-over"),
    ],
)
def test_gzip_over_max_size(size: int, max_size: int) -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (size - len(b"<urlset></urlset>")) + b"</urlset>")
    assert len(bomb) < max_size  # small on the wire
    with pytest.raises(ValueError, match="larger than"):
        sitemap_body(bomb, max_size=max_size)


def test_gzip_exactly_max_size() -> None:
    data = b"x" * 1000
    assert sitemap_body(gzip.compress(data), max_size=1000) == data


# --- broken and hostile XML ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not xml at all", id="text"),
        pytest.param(b"\x1f\x8b\x08\x00garbage", id="gzip-not-gunzipped"),
        pytest.param(b"<<<>>>", id="angle-brackets"),
        pytest.param(b"<?xml version='1.0'?>", id="declaration-only"),
    ],
)
def test_garbage_is_unknown(body: bytes) -> None:
    assert parse_sitemap(body) == Sitemap("unknown", ())


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            b"<urlset><url><loc>https://elaph.com/Web/News/2025/11/1.html</loc></url><url><loc>https://elaph.com/Web/N",
            id="truncated",
        ),
        pytest.param(
            b"<urlset><url><loc>https://elaph.com/Web/News/2025/11/1.html</loc></url><url><loc>x & y</loc></urlset>",
            id="bare-ampersand-unclosed-url",
        ),
        pytest.param(
            b"<urlset><url><loc>https://elaph.com/Web/News/2025/11/1.html</loc><lastmod>2025</url></urlset>",
            id="unclosed-lastmod",
        ),
    ],
)
def test_broken_xml_does_not_crash(body: bytes) -> None:
    sitemap = parse_sitemap(body)
    assert sitemap.kind in ("urlset", "unknown")
    if sitemap.kind == "urlset":
        assert sitemap.entries[0].loc == "https://elaph.com/Web/News/2025/11/1.html"
    else:
        assert sitemap.entries == ()


def test_truncated_urlset_recovers_complete_entries() -> None:
    body = (
        b"<urlset><url><loc>https://elaph.com/Web/News/2025/11/1.html</loc></url>"
        b"<url><loc>https://elaph.com/Web/News/2025/11/2.html</loc></url><url><lo"
    )
    locs = [entry.loc for entry in parse_sitemap(body).entries]
    assert locs == ["https://elaph.com/Web/News/2025/11/1.html", "https://elaph.com/Web/News/2025/11/2.html"]


ENTITY_SITEMAP = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY internal "EXPANDED">
  <!ENTITY external SYSTEM "file:///etc/passwd">
]>
<urlset>
  <url><loc>https://elaph.com/Web/News/2025/11/1.html&internal;</loc><lastmod>&internal;</lastmod></url>
  <url><loc>&external;</loc></url>
  <url><loc>https://elaph.com/Web/News/2025/11/2.html</loc></url>
</urlset>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<urlset><url><loc>https://elaph.com/&lol4;</loc></url></urlset>
"""


def test_entities_not_expanded() -> None:
    sitemap = parse_sitemap(ENTITY_SITEMAP)
    assert sitemap.kind == "urlset"
    text = repr(sitemap)
    assert "EXPANDED" not in text
    assert "root:" not in text  # nothing read from /etc/passwd
    assert [entry.loc for entry in sitemap.entries] == [
        "https://elaph.com/Web/News/2025/11/1.html",
        "https://elaph.com/Web/News/2025/11/2.html",
    ]
    assert sitemap.entries[0].lastmod is None


def test_billion_laughs_not_expanded() -> None:
    sitemap = parse_sitemap(BILLION_LAUGHS)
    assert sitemap.kind == "urlset"
    assert [entry.loc for entry in sitemap.entries] == ["https://elaph.com/"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"<html><body><a href='https://elaph.com/'>x</a></body></html>", id="html"),
        pytest.param(
            b"<rss version='2.0'><channel><item><link>https://elaph.com/Web/News/2025/11/1.html</link>"
            b"<loc>https://elaph.com/Web/News/2025/11/1.html</loc></item></channel></rss>",
            id="rss",
        ),
        pytest.param(b"<feed xmlns='http://www.w3.org/2005/Atom'><entry/></feed>", id="atom"),
        pytest.param(
            b"<root><url><loc>https://elaph.com/Web/News/2025/11/1.html</loc></url></root>",
            id="url-elements-under-other-root",
        ),
    ],
)
def test_non_sitemap_root_is_unknown(body: bytes) -> None:
    assert parse_sitemap(body) == Sitemap("unknown", ())
