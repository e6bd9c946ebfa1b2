"""Tests for :mod:`newscrawl.discovery.robots`: the ``Sitemap:`` lines of a robots.txt."""

from __future__ import annotations

import pytest

from newscrawl.discovery.robots import MAX_SITEMAPS, RobotsInfo, read_robots

URL = "https://example.com/robots.txt"


@pytest.mark.parametrize(
    ("text", "sitemaps", "bad_urls"),
    [
        pytest.param(
            "User-agent: *\nDisallow: /search\nSitemap: https://example.com/sitemap.xml\n",
            ("https://example.com/sitemap.xml",),
            0,
            id="plain",
        ),
        pytest.param(
            "Sitemap: /sitemaps/index.xml\nSitemap: news-sitemap.xml\n",
            ("https://example.com/sitemaps/index.xml", "https://example.com/news-sitemap.xml"),
            0,
            id="relative",
        ),
        pytest.param(
            "SITEMAP:https://example.com/a.xml\r\n  sitemap :  https://example.com/b.xml  # the news one\r\n",
            ("https://example.com/a.xml", "https://example.com/b.xml"),
            0,
            id="case-spacing-comment-crlf",
        ),
        pytest.param(
            "\ufeffSitemap: https://example.com/a.xml\nSitemap: https://example.com/a.xml\nSitemap: /a.xml\n",
            ("https://example.com/a.xml",),
            0,
            id="bom-and-duplicates",
        ),
        pytest.param(
            "Sitemap: http://[::1/sitemap.xml\nSitemap: ftp://example.com/s.xml\nSitemap:\n"
            "Sitemap: file:///etc/passwd\nSitemap: https://example.com/after.xml\n",
            ("https://example.com/after.xml",),
            4,
            id="bad-lines-skipped-and-counted",
        ),
        pytest.param(
            "# Sitemap: https://example.com/commented.xml\nUser-agent: *\nCrawl-delay: 5\n"
            "Disallow: /a:b\nSitemaps: https://example.com/typo.xml\nsite map: https://example.com/x.xml\n"
            "<html><body>Not found</body></html>\n\x00\x01junk",
            (),
            0,
            id="junk-and-other-fields",
        ),
        pytest.param(
            "User-agent: Googlebot\nDisallow: /\nSitemap: https://cdn.example.net/sitemap.xml\n",
            ("https://cdn.example.net/sitemap.xml",),
            0,
            id="other-host-kept",  # whether to follow it is the spider's call
        ),
        pytest.param("", (), 0, id="empty"),
    ],
)
def test_read_robots(text: str, sitemaps: tuple[str, ...], bad_urls: int) -> None:
    assert read_robots(text, URL) == RobotsInfo(sitemaps, bad_urls)


def test_many_sitemaps_are_bounded() -> None:
    text = "".join(f"Sitemap: /s{i}.xml\n" for i in range(MAX_SITEMAPS + 5))
    info = read_robots(text, URL)
    assert len(info.sitemaps) == MAX_SITEMAPS and info.truncated


def test_huge_file_is_read_to_its_bound() -> None:
    text = "Sitemap: /first.xml\n" + "Disallow: /x\n" * 100_000 + "Sitemap: /last.xml\n"
    info = read_robots(text, URL)
    assert info.sitemaps == ("https://example.com/first.xml",) and info.truncated
