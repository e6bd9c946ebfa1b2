"""Tests for :mod:`newscrawl.urls` with the Elaph site profile.

Covers ``parse_article_url`` (AMP copies, tracking parameters, http/www variants, padded
months, relative links, non-article links), ``ArticleUrl.canonical_url`` /
``ArticleUrl.fetch_url`` and ``rebase`` (site hosts moved to a mirror, other hosts untouched).
"""

from __future__ import annotations

import pytest

from newscrawl.sites import SiteProfile, load_profile, parse_profile
from newscrawl.urls import ArticleUrl, parse_article_url, rebase

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def profile() -> SiteProfile:
    return load_profile("elaph")


@pytest.mark.parametrize(
    ("url", "article_id", "path", "section"),
    [
        pytest.param(
            "https://elaph.com/amp/Web/News/2025/11/1578707.html?utm_source=gn",
            "1578707",
            "/Web/News/2025/11/1578707.html",
            "News",
            id="amp-with-utm",
        ),
        pytest.param(
            "https://elaph.com/Web/Economics/2025/11/1578702.html?utm_source=newsletter&utm_medium=email&fbclid=IwAR0x",
            "1578702",
            "/Web/Economics/2025/11/1578702.html",
            "Economics",
            id="utm-and-fbclid-dropped",
        ),
        pytest.param(
            "https://elaph.com/Web/News/2025/11/1578701.html#comments",
            "1578701",
            "/Web/News/2025/11/1578701.html",
            "News",
            id="fragment-dropped",
        ),
        pytest.param(
            "http://www.elaph.com/Web/News/2025/11/1578701.html",
            "1578701",
            "/Web/News/2025/11/1578701.html",
            "News",
            id="http-www",
        ),
        pytest.param(
            "https://elaph.com/Web/News/2025/11/1578701.html",
            "1578701",
            "/Web/News/2025/11/1578701.html",
            "News",
            id="https-bare-host",
        ),
        pytest.param(
            "https://elaph.com/Web/Culture/2025/09/1578705.html",
            "1578705",
            "/Web/Culture/2025/09/1578705.html",
            "Culture",
            id="padded-month-kept-in-path",
        ),
        pytest.param(
            "https://elaph.com/Web/Culture/2025/9/1578705.html",
            "1578705",
            "/Web/Culture/2025/9/1578705.html",
            "Culture",
            id="unpadded-month",
        ),
        pytest.param(
            "http://www.elaph.com/Web/News/2010/3/546546.html",
            "546546",
            "/Web/News/2010/3/546546.html",
            "News",
            id="legacy-2010",
        ),
        pytest.param(
            f"{LOCAL}/amp/Web/News/2025/11/1578707.html",
            "1578707",
            "/Web/News/2025/11/1578707.html",
            "News",
            id="amp-on-local-replica",
        ),
    ],
)
def test_parse_article_url(profile: SiteProfile, url: str, article_id: str, path: str, section: str) -> None:
    article = parse_article_url(url, profile)
    assert article == ArticleUrl(article_id=article_id, path=path, section=section)
    assert "?" not in article.fetch_url(LOCAL)
    assert "/amp/" not in article.canonical_url(profile)


@pytest.mark.parametrize(
    "variants",
    [
        pytest.param(
            [
                "http://www.elaph.com/Web/News/2025/11/1578701.html",
                "https://elaph.com/Web/News/2025/11/1578701.html",
                "https://www.elaph.com/Web/News/2025/11/1578701.html?utm_source=twitter",
                "https://elaph.com/amp/Web/News/2025/11/1578701.html",
            ],
            id="scheme-host-query-amp",
        ),
        pytest.param(
            [
                "https://elaph.com/Web/Culture/2025/09/1578705.html",
                "https://elaph.com/Web/Culture/2025/9/1578705.html",
            ],
            id="padded-vs-unpadded-month",
        ),
    ],
)
def test_variants_share_one_id(profile: SiteProfile, variants: list[str]) -> None:
    articles = [parse_article_url(url, profile) for url in variants]
    assert all(article is not None for article in articles), articles
    assert len({article.article_id for article in articles if article}) == 1


@pytest.mark.parametrize(
    ("url", "base_url"),
    [
        pytest.param("/Web/News/2025/11/1578701.html", LOCAL, id="root-relative-local"),
        pytest.param("/Web/News/2025/11/1578701.html", LOCAL + "/", id="root-relative-base-with-slash"),
        pytest.param("/Web/News/2025/11/1578701.html?utm_source=gn", "https://elaph.com", id="root-relative-site"),
        pytest.param("Web/News/2025/11/1578701.html", LOCAL, id="path-relative"),
        pytest.param("//www.elaph.com/Web/News/2025/11/1578701.html", LOCAL, id="scheme-relative"),
    ],
)
def test_relative_url_resolved_against_base(profile: SiteProfile, url: str, base_url: str) -> None:
    article = parse_article_url(url, profile, base_url=base_url)
    assert article == ArticleUrl(article_id="1578701", path="/Web/News/2025/11/1578701.html", section="News")


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://elaph.com/Web/Video/", id="video-section"),
        pytest.param("https://elaph.com/Web/News/", id="news-section"),
        pytest.param("https://elaph.com/sitemaps/x.xml", id="sitemap"),
        pytest.param("https://elaph.com/sitemaps/google_news.xml", id="news-sitemap"),
        pytest.param("https://elaph.com/", id="home-page"),
        pytest.param("https://elaph.com", id="home-page-no-slash"),
        pytest.param("https://elaph.com/Web/News/2025/11/1578707.jpg", id="image-article-shape"),
        pytest.param("https://elaph.com/images/2025/11/1578707.jpg", id="image"),
        pytest.param("https://elaph.com/Web/News/2025/11/article.html", id="non-numeric-id"),
        pytest.param("https://elaph.com/Web/News/11/1578707.html", id="year-missing"),
        pytest.param("https://elaph.com/Web/News/2025/11/1578707.html/extra", id="trailing-segment"),
        pytest.param("https://elaph.com/search?q=/Web/News/2025/11/1578707.html", id="path-in-query"),
        pytest.param("mailto:info@elaph.com", id="mailto"),
        pytest.param("", id="empty"),
    ],
)
def test_non_article_urls(profile: SiteProfile, url: str) -> None:
    assert parse_article_url(url, profile) is None


def test_canonical_url_is_site_https_even_from_local_replica(profile: SiteProfile) -> None:
    article = parse_article_url(f"{LOCAL}/amp/Web/News/2025/11/1578707.html?utm_source=gn", profile)
    assert article is not None
    assert article.canonical_url(profile) == "https://elaph.com/Web/News/2025/11/1578707.html"


def test_canonical_url_from_http_www(profile: SiteProfile) -> None:
    article = parse_article_url("http://www.elaph.com/Web/Culture/2025/09/1578705.html", profile)
    assert article is not None
    assert article.canonical_url(profile) == "https://elaph.com/Web/Culture/2025/09/1578705.html"


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        pytest.param(LOCAL, f"{LOCAL}/Web/News/2025/11/1578707.html", id="local"),
        pytest.param(LOCAL + "/", f"{LOCAL}/Web/News/2025/11/1578707.html", id="local-trailing-slash"),
        pytest.param("https://elaph.com", "https://elaph.com/Web/News/2025/11/1578707.html", id="site"),
    ],
)
def test_fetch_url(profile: SiteProfile, base_url: str, expected: str) -> None:
    article = parse_article_url("https://elaph.com/amp/Web/News/2025/11/1578707.html?utm_source=gn", profile)
    assert article is not None
    assert article.fetch_url(base_url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "https://elaph.com/Web/News/2025/11/1578701.html",
            f"{LOCAL}/Web/News/2025/11/1578701.html",
            id="bare-host",
        ),
        pytest.param(
            "http://www.elaph.com/sitemaps/google_news.xml",
            f"{LOCAL}/sitemaps/google_news.xml",
            id="www-host-http",
        ),
        pytest.param(
            "https://WWW.Elaph.com/Web/News/2025/11/1578701.html",
            f"{LOCAL}/Web/News/2025/11/1578701.html",
            id="host-case-insensitive",
        ),
        pytest.param(
            "https://elaph.com/Web/News/2025/11/1578701.html?utm_source=gn",
            f"{LOCAL}/Web/News/2025/11/1578701.html?utm_source=gn",
            id="query-kept",
        ),
        pytest.param(
            "https://elaph.com/Web/News/2025/11/1578701.html#top",
            f"{LOCAL}/Web/News/2025/11/1578701.html",
            id="fragment-dropped",
        ),
        pytest.param("https://api.elaph.com/v2/web/com/x", "https://api.elaph.com/v2/web/com/x", id="api-subdomain"),
        pytest.param("https://twitter.com/elaph", "https://twitter.com/elaph", id="other-host"),
        pytest.param("https://notelaph.com/Web/x", "https://notelaph.com/Web/x", id="lookalike-host"),
        pytest.param("/Web/News/2025/11/1578701.html", "/Web/News/2025/11/1578701.html", id="relative"),
    ],
)
def test_rebase(profile: SiteProfile, url: str, expected: str) -> None:
    assert rebase(url, profile, LOCAL) == expected


@pytest.mark.parametrize(
    ("pattern", "path", "article_id", "section"),
    [
        pytest.param("^/news/details/(?P<id>\\d+)/?$", "/news/details/4353542", "4353542", "", id="no-section-group"),
        pytest.param("-(?P<id>\\d+)\\.html$", "/some-slug-1571793.html", "1571793", "", id="searched-not-matched"),
        pytest.param(
            "^/(?P<section>[a-z]+)/(?P<id>\\d+)-", "/world/1348070-slug", "1348070", "world", id="with-section"
        ),
    ],
)
def test_pattern_without_section_group(pattern: str, path: str, article_id: str, section: str) -> None:
    """A profile's pattern is searched in the path; its ``section`` group is optional."""
    profile = parse_profile(
        {
            "site": "example.com",
            "hosts": ["example.com"],
            "base_url": "https://example.com",
            "article": {"url_pattern": pattern},
        },
        "test",
    )
    article = parse_article_url("https://example.com" + path, profile)
    assert article == ArticleUrl(article_id=article_id, path=path, section=section)
