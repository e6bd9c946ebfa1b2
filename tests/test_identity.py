"""Tests for :mod:`newscrawl.identity`: URL normalisation for any site (each AMP, print and
tracking form), and article identity with the Elaph profile (AMP copies, tracking
parameters, http/www variants, padded months, non-article links), with a pattern that takes
its id from the query string or a slug, and without any pattern (a site known only by its
address); ``canonical_url`` / ``fetch_url`` and ``rebase`` (site hosts moved to a mirror)."""

from __future__ import annotations

import pytest

from newscrawl.identity import ArticleIdentity, identify, identity_key, normalize_url, rebase
from newscrawl.sites import SiteProfile, generic_profile, load_profile, parse_profile

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def profile() -> SiteProfile:
    return load_profile("elaph").with_mirror(LOCAL)


def parse_article_url(url: str, profile: SiteProfile, base_url: str | None = None) -> ArticleIdentity | None:
    from urllib.parse import urljoin

    return identify(urljoin((base_url or LOCAL).rstrip("/") + "/", url), profile)


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
    assert article == ArticleIdentity("elaph.com", f"elaph.com:{article_id}", article_id, path, section)
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
    assert article == ArticleIdentity(
        "elaph.com", "elaph.com:1578701", "1578701", "/Web/News/2025/11/1578701.html", "News"
    )


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
    ("variant", "clean"),
    [
        ("https://news.example/a/1.html?utm_source=x&utm_medium=y", "https://news.example/a/1.html"),
        ("https://news.example/a/1.html?fbclid=IwAR0&gclid=z", "https://news.example/a/1.html"),
        ("https://news.example/amp/a/1.html", "https://news.example/a/1.html"),
        ("https://news.example/a/1/amp", "https://news.example/a/1"),
        ("https://news.example/a/1/amp/", "https://news.example/a/1"),
        ("https://news.example/a/1.amp.html", "https://news.example/a/1.html"),
        ("https://news.example/a/1.amp", "https://news.example/a/1"),
        ("https://amp.news.example/a/1.html", "https://news.example/a/1.html"),
        ("https://m.news.example/a/1.html", "https://news.example/a/1.html"),
        ("https://news.example/a/1.html?amp=1", "https://news.example/a/1.html"),
        ("https://news.example/a/1.html?amp", "https://news.example/a/1.html"),
        ("https://news.example/a/1.html?outputType=amp", "https://news.example/a/1.html"),
        ("https://news.example/details.aspx?id=7&print=1", "https://news.example/details.aspx?id=7"),
        ("https://news.example/details.aspx?print=yes&id=7", "https://news.example/details.aspx?id=7"),
        ("https://news.example/print/a/1.html", "https://news.example/a/1.html"),
        ("https://news.example/a/1.html?view=print", "https://news.example/a/1.html"),
        ("https://NEWS.example:443/a/1.html#comments", "https://news.example/a/1.html"),
        ("http://news.example:80/a/1.html", "http://news.example/a/1.html"),
        ("https://news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2"),
        ("https://news.example/%d8%a7%d9%84", "https://news.example/%D8%A7%D9%84"),
        ("https://news.example/الخبر", "https://news.example/%D8%A7%D9%84%D8%AE%D8%A8%D8%B1"),
    ],
)
def test_normalize_url_removes_every_variant(variant: str, clean: str) -> None:
    assert normalize_url(variant) == clean


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/news?cid=1",  # a parameter that may name the article is kept
        "https://news.example/show.php?source=2",
        "https://news.example/amp",  # a page named amp is not a rendering of another
        "https://news.example/mobile/123-phones",
    ],
)
def test_normalize_url_keeps_what_may_name_the_page(url: str) -> None:
    assert normalize_url(url) == url


def test_spellings_of_one_article_share_one_key() -> None:
    site = generic_profile("https://www.news.example")
    spellings = [
        "https://www.news.example/2025/11/28/%D8%A7%D9%84%D8%AE%D8%A8%D8%B1/",
        "http://news.example/2025/11/28/الخبر/?amp=1",
        "https://www.news.example/2025/11/28/الخبر/amp/",
        "https://news.example/2025/11/28/%d8%a7%d9%84%d8%ae%d8%a8%d8%b1?utm_campaign=x",
    ]
    identities = [identify(url, site) for url in spellings]
    assert all(identities)
    assert len({i.key for i in identities if i}) == 1
    assert identity_key(normalize_url(spellings[0])) == identities[0].key  # type: ignore[union-attr]


def test_generic_profile_never_owns_another_host() -> None:
    site = generic_profile("http://127.0.0.1:8080")
    assert identify("http://127.0.0.1:8080/news/1", site) is not None
    assert identify("http://127.0.0.2:8080/news/1", site) is None
    assert identify("ftp://127.0.0.1/news/1", site) is None


def query_id_profile() -> SiteProfile:
    return parse_profile(
        {
            "site": "oldportal.example",
            "hosts": ["oldportal.example", "www.oldportal.example"],
            "base_url": "https://www.oldportal.example",
            "article": {"url_pattern": r"^/details\.aspx\?id=(?P<id>\d+)$", "keep_params": ["id"]},
        },
        "test",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.oldportal.example/details.aspx?id=123",
        "http://oldportal.example/details.aspx?id=123&print=1",
        "https://www.oldportal.example/details.aspx?print=1&id=123&utm_source=fb",
        "https://www.oldportal.example/details.aspx?sec=4&id=123",
    ],
)
def test_id_from_the_query_string(url: str) -> None:
    article = identify(url, query_id_profile())
    assert article is not None
    assert (article.key, article.article_id, article.path) == (
        "oldportal.example:123",
        "123",
        "/details.aspx?id=123",
    )
    assert article.canonical_url(query_id_profile()) == "https://www.oldportal.example/details.aspx?id=123"


def test_pattern_without_section_group() -> None:
    article = identify("https://www.oldportal.example/details.aspx?id=9", query_id_profile())
    assert article is not None and article.section is None


def test_id_from_a_slug() -> None:
    profile = parse_profile(
        {
            "site": "wp.example",
            "hosts": ["wp.example"],
            "base_url": "https://wp.example",
            "article": {"url_pattern": r"^/\d{4}/\d{2}/\d{2}/(?P<id>[^/]+)/?$"},
        },
        "test",
    )
    spellings = ["https://wp.example/2025/11/28/%D8%AE%D8%A8%D8%B1/", "https://wp.example/2025/11/28/خبر/?amp=1"]
    keys = {identify(url, profile).key for url in spellings}  # type: ignore[union-attr]
    assert keys == {"wp.example:خبر"}
