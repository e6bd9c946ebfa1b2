"""Tests for :mod:`newscrawl.discovery.sitemaps`: every sitemap shape, hostile and broken
documents (bad locations skipped and counted with the entries after them kept, entities never
expanded, gzip bombs and huge documents bounded in bytes and memory, broken XML read up to
the break and reported), and the dates in a sitemap's name."""

from __future__ import annotations

import functools
import gzip
import json
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import date

import pytest

from newscrawl.discovery.links import Link
from newscrawl.discovery.sitemaps import SitemapPage, read_sitemap, sitemap_date_range
from tests.conftest import PROJECT

URL = "https://example.com/sitemaps/sitemap.xml"
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
IMAGE_NS = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'

SITEMAP_INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex {SITEMAP_NS}>
  <sitemap>
    <loc>https://example.com/sitemaps/articles-2025-11.xml</loc>
    <lastmod>2025-11-28T14:00:00+00:00</lastmod>
  </sitemap>
  <sitemap>
    <loc>
      /sitemaps/articles-older.xml.gz
    </loc>
  </sitemap>
</sitemapindex>
""".encode()

URLSET = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {SITEMAP_NS}>
  <url>
    <loc>https://example.com/news/2025/11/1578701.html</loc>
    <lastmod>2025-11-28T12:40:00+00:00</lastmod>
  </url>
  <!-- a comment between entries -->
  <url>
    <loc>https://example.com/economy/2025/11/1578702.html</loc>
    <lastmod>2025-11-27T08:05:00+00:00</lastmod>
    <changefreq>daily</changefreq>
  </url>
  <url>
    <loc>https://example.com/culture/2025/09/1578705.html</loc>
  </url>
  <url>
    <lastmod>2025-11-01</lastmod>
  </url>
</urlset>
""".encode()

GOOGLE_NEWS = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset {SITEMAP_NS} {NEWS_NS} {IMAGE_NS}>
  <url>
    <loc>https://example.com/amp/news/2025/11/1578707.html?utm_source=gn</loc>
    <image:image>
      <image:loc>https://example.com/images/1578707.jpg</image:loc>
      <image:title>صورة من مخيم للنازحين</image:title>
    </image:image>
    <news:news>
      <news:publication>
        <news:name>الموقع</news:name>
        <news:language>ar</news:language>
      </news:publication>
      <news:publication_date>2025-11-27T19:30:00+03:00</news:publication_date>
      <news:title><![CDATA[الأمم المتحدة تحذر من تفاقم أزمة الجوع في السودان]]></news:title>
    </news:news>
  </url>
  <url>
    <loc>https://example.com/news/2025/11/1578701.html</loc>
    <image:image>
      <image:loc>https://example.com/images/1578701.jpg</image:loc>
      <image:title>وزراء الدفاع في باريس</image:title>
    </image:image>
    <news:news>
      <news:publication><news:name>الموقع</news:name></news:publication>
      <news:publication_date>2025-11-28</news:publication_date>
    </news:news>
  </url>
  <url>
    <loc>https://example.com/sports/2025/11/1578703.html</loc>
    <lastmod>2025-11-26T19:00:00+00:00</lastmod>
    <image:image><image:title>ملعب الرياض</image:title></image:image>
  </url>
</urlset>
""".encode()


def urlset(*locs: str) -> bytes:
    return f"<urlset {SITEMAP_NS}>{''.join(f'<url><loc>{loc}</loc></url>' for loc in locs)}</urlset>".encode()


def urls(page: SitemapPage) -> list[str]:
    return [link.url for link in page.links]


# --- the shapes ---------------------------------------------------------------------------


def test_sitemap_index_gives_children_with_lastmod() -> None:
    page = read_sitemap(SITEMAP_INDEX, URL)
    assert page == SitemapPage(
        "sitemapindex",
        children=(
            Link("https://example.com/sitemaps/articles-2025-11.xml", "sitemap", modified="2025-11-28T14:00:00+00:00"),
            Link("https://example.com/sitemaps/articles-older.xml.gz", "sitemap"),  # relative, resolved
        ),
    )


def test_urlset_with_lastmod() -> None:
    """Entries in order, ``lastmod`` kept where given, an entry without ``loc`` counted."""
    assert read_sitemap(URLSET, URL) == SitemapPage(
        "urlset",
        links=(
            Link("https://example.com/news/2025/11/1578701.html", "sitemap", modified="2025-11-28T12:40:00+00:00"),
            Link("https://example.com/economy/2025/11/1578702.html", "sitemap", modified="2025-11-27T08:05:00+00:00"),
            Link("https://example.com/culture/2025/09/1578705.html", "sitemap"),
        ),
        bad_urls=1,
    )


def test_google_news_fields_per_entry() -> None:
    page = read_sitemap(GOOGLE_NEWS, URL)
    assert page.links == (
        Link(
            "https://example.com/amp/news/2025/11/1578707.html?utm_source=gn",
            "news_sitemap",
            title="الأمم المتحدة تحذر من تفاقم أزمة الجوع في السودان",
            published="2025-11-27T19:30:00+03:00",
        ),
        # no news:title: the image:title is not a substitute
        Link("https://example.com/news/2025/11/1578701.html", "news_sitemap", published="2025-11-28"),
        # no news:news at all: a plain sitemap entry
        Link("https://example.com/sports/2025/11/1578703.html", "sitemap", modified="2025-11-26T19:00:00+00:00"),
    )


def test_loc_not_taken_from_an_image_before_it() -> None:
    body = f"""<urlset {SITEMAP_NS} {IMAGE_NS}><url>
        <image:image><image:loc>https://example.com/images/1.jpg</image:loc></image:image>
        <loc>https://example.com/news/2025/11/1578701.html</loc>
    </url></urlset>""".encode()
    assert urls(read_sitemap(body, URL)) == ["https://example.com/news/2025/11/1578701.html"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"<URLSET><URL><LOC>https://example.com/a/12345</LOC></URL></URLSET>", id="upper-case"),
        pytest.param(
            b"<urlset xmlns='urn:wrong'><url><loc>https://example.com/a/12345</loc></url></urlset>", id="wrong-ns"
        ),
        pytest.param(
            b"<s:urlset xmlns:s='urn:x'><s:url><s:loc>https://example.com/a/12345</s:loc></s:url></s:urlset>",
            id="prefixed",
        ),
        pytest.param(b"\xef\xbb\xbf<urlset><url><loc>https://example.com/a/12345</loc></url></urlset>", id="bom"),
        pytest.param(
            b"Warning: Cannot modify header information in functions.php on line 12\n"
            b"<?xml version='1.0'?><urlset><url><loc>https://example.com/a/12345</loc></url></urlset>",
            id="php-warning-first",
        ),
        pytest.param(
            "<urlset><url><loc>https://example.com/a/12345</loc></url></urlset>".encode("utf-16"), id="utf-16"
        ),
    ],
)
def test_namespace_case_and_prolog_ignored(body: bytes) -> None:
    page = read_sitemap(body, URL)
    assert (page.kind, urls(page), page.error) == ("urlset", ["https://example.com/a/12345"], None)


def test_undeclared_news_prefix_still_read() -> None:
    """Sites write ``<news:news>`` and forget ``xmlns:news``: a strict parser stops there."""
    body = (
        b"<urlset><url><loc>https://example.com/a/1</loc><news:news><news:title>t1</news:title></news:news></url>"
        b"<url><loc>https://example.com/a/2</loc><news:news><news:title>t2</news:title></news:news></url></urlset>"
    )
    page = read_sitemap(body, URL)
    assert [(link.url, link.title, link.source) for link in page.links] == [
        ("https://example.com/a/1", "t1", "news_sitemap"),
        ("https://example.com/a/2", "t2", "news_sitemap"),
    ]
    assert page.error is None


def test_declared_encoding_is_used() -> None:
    body = '<?xml version="1.0" encoding="windows-1256"?><urlset><url><loc>https://example.com/غزة-اليوم</loc></url></urlset>'
    assert urls(read_sitemap(body.encode("cp1256"), URL)) == ["https://example.com/غزة-اليوم"]


def test_plain_text_sitemap() -> None:
    body = b"https://example.com/a/1\r\n\r\n  https://example.com/a/2  \nftp://example.com/x\nhttps://example.com/a/3"
    page = read_sitemap(body, URL)
    assert (page.kind, urls(page), page.bad_urls) == (
        "text",
        ["https://example.com/a/1", "https://example.com/a/2", "https://example.com/a/3"],
        1,
    )


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        pytest.param(
            b"<rss version='2.0'><channel><title>x</title><item><title>t</title>"
            b"<link>https://example.com/a/12345</link><pubDate>Fri, 28 Nov 2025 10:15:00 GMT</pubDate>"
            b"</item></channel></rss>",
            "rss",
            id="rss",
        ),
        pytest.param(
            b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>t</title>"
            b"<link href='https://example.com/a/12345'/><published>Fri, 28 Nov 2025 10:15:00 GMT</published>"
            b"</entry></feed>",
            "atom",
            id="atom",
        ),
    ],
)
def test_feed_served_as_a_sitemap_is_read_as_a_feed(body: bytes, kind: str) -> None:
    page = read_sitemap(gzip.compress(body), URL)
    assert page.kind == kind
    assert page.links == (
        Link("https://example.com/a/12345", "feed", title="t", published="Fri, 28 Nov 2025 10:15:00 GMT"),
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not xml at all", id="text"),
        pytest.param(b"<<<>>>", id="angle-brackets"),
        pytest.param(b"<?xml version='1.0'?>", id="declaration-only"),
        pytest.param(b"<!DOCTYPE html><html><body><a href='https://example.com/'>x</a></body></html>", id="html"),
        pytest.param(b"<root><url><loc>https://example.com/a/12345</loc></url></root>", id="url-under-other-root"),
        pytest.param(b"\x1f\x8b\x08\x00garbage", id="bad-gzip"),
    ],
)
def test_not_a_sitemap_is_unknown(body: bytes) -> None:
    page = read_sitemap(body, URL)
    assert (page.kind, page.links, page.children) == ("unknown", (), ())


# --- bad locations: skipped, counted, and the entries after them read ----------------------


@pytest.mark.parametrize(
    "bad",
    [
        "http://[::1/admin",
        "ftp://example.com/sitemap.xml",
        "file:///etc/passwd",
        "data:text/xml,&lt;urlset/&gt;",
        "javascript:alert(1)",
        "http:///no-host",
        "https://example.com:99999/a",
        "https://example.com/" + "x" * 2100,
        "",
    ],
)
def test_bad_location_is_skipped_and_counted_and_the_rest_read(bad: str) -> None:
    page = read_sitemap(urlset("https://example.com/a/1", bad, "/a/2", "https://example.com/a/3"), URL)
    assert urls(page) == ["https://example.com/a/1", "https://example.com/a/2", "https://example.com/a/3"]
    assert page.bad_urls == 1


def test_bad_child_sitemap_is_skipped_and_counted() -> None:
    body = (
        b"<sitemapindex><sitemap><loc>ftp://example.com/s1.xml</loc></sitemap>"
        b"<sitemap><loc>http://[::1/s2.xml</loc></sitemap><sitemap><loc>s3.xml</loc></sitemap></sitemapindex>"
    )
    page = read_sitemap(body, URL)
    assert [child.url for child in page.children] == ["https://example.com/sitemaps/s3.xml"]
    assert page.bad_urls == 2


def test_bare_ampersands_and_html_entities_in_locations() -> None:
    body = urlset("https://example.com/x.aspx?id=12345&print=1", "https://example.com/y?a=1&amp;b=2&nbsp;")
    page = read_sitemap(body, URL)
    assert urls(page) == ["https://example.com/x.aspx?id=12345&print=1", "https://example.com/y?a=1&b=2"]
    assert page.error is None


# --- hostile documents --------------------------------------------------------------------

ENTITY_SITEMAP = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY internal "EXPANDED">
  <!ENTITY external SYSTEM "file:///etc/passwd">
]>
<urlset>
  <url><loc>https://example.com/a/1.html&internal;</loc><lastmod>&internal;</lastmod></url>
  <url><loc>&external;</loc></url>
  <url><loc>https://example.com/a/2.html</loc></url>
</urlset>
"""


def test_entities_are_never_expanded() -> None:
    page = read_sitemap(ENTITY_SITEMAP, URL)
    assert "EXPANDED" not in repr(page)
    assert "root:" not in repr(page)  # nothing read from /etc/passwd
    assert urls(page) == ["https://example.com/a/1.html", "https://example.com/a/2.html"]
    assert page.links[0].modified is None
    assert page.bad_urls == 1  # the entry that was only an entity


def billion_laughs(levels: int = 9) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return (
        f'<?xml version="1.0"?><!DOCTYPE urlset [{"".join(entities)}]>'
        f"<urlset><url><loc>https://example.com/a/1</loc></url>"
        f"<url><loc>https://example.com/&lol{levels};</loc><lastmod>&lol{levels};</lastmod></url>"
        f"<url><loc>https://example.com/a/2</loc></url></urlset>"
    ).encode()


def test_billion_laughs_neither_expands_nor_loses_the_urls_after_it() -> None:
    """Before: libxml2 stopped at "Maximum entity amplification factor exceeded" and the URLs
    after the entity vanished with no stat."""
    started = time.perf_counter()
    page = read_sitemap(billion_laughs(), URL)
    assert time.perf_counter() - started < 1
    assert urls(page) == ["https://example.com/a/1", "https://example.com/", "https://example.com/a/2"]
    assert page.error is None
    assert "lol" not in repr(page)


def test_deeply_nested_document_keeps_what_came_before_and_reports_it() -> None:
    body = (
        b"<urlset><url><loc>https://example.com/a/1</loc></url>"
        + b"<x>" * 100_000
        + b"</x>" * 100_000
        + b"<url><loc>https://example.com/a/2</loc></url></urlset>"
    )
    page = read_sitemap(body, URL)
    assert urls(page) == ["https://example.com/a/1"]
    assert page.error and "depth" in page.error


def test_an_entry_with_too_many_elements_stops_the_reading() -> None:
    body = b"<urlset><url><loc>https://example.com/a/1</loc></url><url>" + b"<x/>" * 100_000 + b"</url></urlset>"
    page = read_sitemap(body, URL)
    assert urls(page) == ["https://example.com/a/1"]
    assert page.error and "elements" in page.error


# --- broken XML: read up to the break, reported ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            b"<urlset><url><loc>https://example.com/a/1</loc></url><url><loc>https://example.com/a/2</loc></url>"
            b"<url><loc>https://example.com/a/3-cut-he",
            ["https://example.com/a/1", "https://example.com/a/2"],
            id="cut-mid-url",
        ),
        pytest.param(
            b"<urlset><url><loc>https://example.com/a/1</loc><lastmod>2025</url><url><loc>https://example.com/a/2</loc>",
            [],
            id="unclosed-lastmod",
        ),
        pytest.param(
            b"<urlset><url><loc>https://example.com/a/1</loc></url><url><loc>a < b</loc></url></urlset>",
            ["https://example.com/a/1"],
            id="bare-less-than",
        ),
        pytest.param(
            b"<urlset><url><loc>https://example.com/a/1</loc></url></urlset><urlset>",
            ["https://example.com/a/1"],
            id="junk-after-root",
        ),
    ],
)
def test_broken_xml_is_read_up_to_the_break(body: bytes, expected: list[str]) -> None:
    """A recovering parser would close the cut entry and invent ``https://example.com/a/3-cut-he``."""
    page = read_sitemap(body, URL)
    assert urls(page) == expected
    assert page.error


def test_cut_gzip_data_keeps_the_complete_entries() -> None:
    body = gzip.compress(urlset(*(f"https://example.com/a/{i}" for i in range(1000))))
    page = read_sitemap(body[: len(body) // 2], URL)
    assert 0 < len(page.links) < 1000
    assert urls(page) == [f"https://example.com/a/{i}" for i in range(len(page.links))]
    assert page.error


@pytest.mark.parametrize(
    "body",
    [
        b"<urlset><url><loc>https://example.com/a/1\x01\x0b</loc></url></urlset>",
        b"<urlset><url><loc>https://example.com/a/1&#1;</loc></url></urlset>",
    ],
    ids=["control-characters", "control-character-reference"],
)
def test_characters_xml_forbids_are_dropped(body: bytes) -> None:
    page = read_sitemap(body, URL)
    assert (urls(page), page.error) == (["https://example.com/a/1"], None)


# --- bounds ---------------------------------------------------------------------------------


def gzip_stream(parts: Iterator[bytes]) -> bytes:
    """gzip data of the concatenated parts, compressed as they come (never all in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(compressor.compress(part) for part in parts) + compressor.flush()


def test_gzip_bomb_stops_at_max_bytes() -> None:
    head = gzip.compress(urlset("https://example.com/a/1", "https://example.com/a/2")[: -len(b"</urlset>")])
    blanks = gzip_stream(b" " * (1024 * 1024) for _ in range(64))  # one 64 MiB gzip member…
    tail = gzip.compress(b"<url><loc>https://example.com/a/3</loc></url></urlset>")
    body = head + blanks * 16 + tail  # …sixteen times: 1 GiB once decompressed, 1 MiB on the wire
    assert len(body) < 2 * 1024 * 1024
    started = time.perf_counter()
    page = read_sitemap(body, URL, max_bytes=8 * 1024 * 1024)
    assert time.perf_counter() - started < 5
    assert urls(page) == ["https://example.com/a/1", "https://example.com/a/2"]
    assert page.truncated and page.error is None


def test_gzip_members_are_all_read() -> None:
    body = gzip.compress(urlset("https://example.com/a/1")[:-9]) + gzip.compress(b"<url><loc>/a/2</loc></url></urlset>")
    assert urls(read_sitemap(body, URL)) == ["https://example.com/a/1", "https://example.com/a/2"]


def test_plain_body_past_max_bytes_is_truncated() -> None:
    body = urlset(*(f"https://example.com/a/{i}" for i in range(1000)))
    page = read_sitemap(body, URL, max_bytes=len(body) // 2)
    assert 0 < len(page.links) < 1000 and page.truncated


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_gzip_and_plain_give_the_same_page(compress: bool) -> None:
    for body in (SITEMAP_INDEX, URLSET, GOOGLE_NEWS):
        assert read_sitemap(gzip.compress(body) if compress else body, URL) == read_sitemap(body, URL)


@functools.cache
def hundred_thousand_entries(count: int = 100_000) -> bytes:
    return gzip_stream(
        part
        for part in (
            b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>",
            *(
                b"<url><loc>https://example.com/news/2025/11/%d.html</loc><lastmod>2025-11-28</lastmod></url>" % i
                for i in range(count)
            ),
            b"</urlset>",
        )
    )


def test_entries_past_max_entries_are_counted_not_kept() -> None:
    page = read_sitemap(hundred_thousand_entries(), URL)
    assert len(page.links) == 50_000
    assert page.links[-1].url == "https://example.com/news/2025/11/49999.html"
    assert (page.truncated, page.dropped, page.error) == (True, 50_000, None)


def test_hundred_thousand_entries_in_bounded_python_memory() -> None:
    body = hundred_thousand_entries()
    tracemalloc.start()
    try:
        page = read_sitemap(body, URL, max_entries=1_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (len(page.links), page.dropped) == (1_000, 99_000)
    assert peak < 4 * 1024 * 1024, peak


MEASURE_RSS = """
import gzip, json, resource, sys, zlib
from newscrawl.discovery.sitemaps import read_sitemap
count = int(sys.argv[1])
compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
parts = [compressor.compress(b"<urlset>")]
for i in range(count):
    parts.append(compressor.compress(b"<url><loc>https://example.com/news/2025/11/%d.html</loc>"
                                     b"<lastmod>2025-11-28</lastmod></url>" % i))
body = b"".join(parts) + compressor.compress(b"</urlset>") + compressor.flush()
del parts
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
page = read_sitemap(body, "https://example.com/s.xml", max_entries=1000, max_bytes=1 << 30)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"kb": after - before, "dropped": page.dropped}))
"""


def test_parser_memory_does_not_grow_with_the_document() -> None:
    """The XML tree lives in libxml2, out of tracemalloc's sight: measure the process. A
    tree kept whole would take hundreds of MB for 400,000 entries."""

    def growth(count: int) -> int:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE_RSS, str(count)], cwd=PROJECT, capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout)
        assert result["dropped"] == count - 1000
        return result["kb"]

    assert growth(400_000) < 32 * 1024  # KiB


# --- the dates in a sitemap's name ----------------------------------------------------------

NOV = (date(2025, 11, 1), date(2025, 11, 30))
DAY = (date(2025, 11, 28), date(2025, 11, 28))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/sitemap-2025-11.xml", NOV),
        ("https://example.com/post-sitemap-2025-11-28.xml", DAY),
        ("https://example.com/sitemaps/2025/11/28.xml", DAY),
        ("https://example.com/sitemap/2025/11.xml", NOV),
        ("https://example.com/sitemap.xml?yyyy=2025&mm=11&dd=28", DAY),
        ("https://example.com/sitemap.xml?yyyy=2025&mm=11", NOV),
        ("https://example.com/sitemap.xml?year=2025&month=2", (date(2025, 2, 1), date(2025, 2, 28))),
        ("https://example.com/sitemap.xml?year=2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("https://example.com/sitemap.xml?date=2025-11-28", DAY),
        ("https://example.com/sitemap_2025_11_28.xml.gz", DAY),
        ("https://example.com/sitemap-20251128.xml", DAY),
        ("https://example.com/sitemap-2025-11-28-2.xml", DAY),  # page 2 of that day
        ("https://example.com/sitemap-2025-11-1000.xml", NOV),  # page 1000 of that month
        ("https://example.com/sitemaps/2025/11/sitemap-2025-11-28.xml", DAY),  # the most precise, last
        ("https://example.com/sitemap-2024-02.xml", (date(2024, 2, 1), date(2024, 2, 29))),
        # no date
        ("https://example.com/sitemap.xml", None),
        ("https://example.com/post-sitemap2.xml", None),
        ("https://example.com/sitemap-2021.xml", None),  # a year alone may be a page number
        ("https://example.com/sitemap-2025-13.xml", None),
        ("https://example.com/sitemap-2025-02-30.xml", None),  # no such day: not a date
        ("https://example.com/wp-sitemap-posts-post-12.xml", None),
        ("https://example.com/sitemap-1578701.xml", None),
        ("http://[::1/sitemap-2025-11.xml", None),
    ],
)
def test_sitemap_date_range(url: str, expected: tuple[date, date] | None) -> None:
    assert sitemap_date_range(url) == expected
