"""Tests for the packaged site profiles (``newscrawl/sites/*.json``) and profile validation.

Every packaged profile validates, says where its facts came from and that it is unverified,
and its article pattern does what its sources say: the example URLs of each site (shapes
taken from the profile's sources) match and yield the article id; home, section, tag, video
and live pages do not match or are non-article paths; no two profiles claim the same
article URL. A bad profile file is a :class:`ProfileError` naming the file and the field.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from itemadapter import ItemAdapter
from parsel import Selector

from newscrawl.extract import extract
from newscrawl.identity import identify, profile_for_url
from newscrawl.sites import ProfileError, SiteProfile, packaged_profiles, parse_profile, read_profile_file

PROFILES = {p.name: p for p in packaged_profiles()}

# profile name -> (article URL, the id its pattern must yield). Shapes from each profile's sources.
ARTICLES: dict[str, list[tuple[str, str]]] = {
    "elaph.com": [
        ("https://elaph.com/Web/News/2025/11/1578701.html", "1578701"),
        ("https://elaph.com/amp/Web/Economics/2025/11/1578702.html", "1578702"),
    ],
    "aljazeera.net": [
        (
            "https://www.aljazeera.net/politics/2024/10/21/%D8%A7%D9%84%D9%85%D8%AC%D8%A7%D8%B9%D8%A9-%D8%AA%D8%B4%D8%AA%D8%AF",
            "2024/10/21/%D8%A7%D9%84%D9%85%D8%AC%D8%A7%D8%B9%D8%A9-%D8%AA%D8%B4%D8%AA%D8%AF",
        ),
        ("https://www.aljazeera.net/sport/2026/10/3/ذهبوا-لتوديع-فريقهم", "2026/10/3/ذهبوا-لتوديع-فريقهم"),
        ("https://aljazeera.net/ebusiness/2023/1/5/slug-2/", "2023/1/5/slug-2"),
    ],
    "bbc.com-arabic": [
        ("https://www.bbc.com/arabic/articles/cq5yjz0512ryo", "cq5yjz0512ryo"),
        ("https://www.bbc.com/arabic/articles/c8g5yzz3pgvo.amp", "c8g5yzz3pgvo"),
        ("https://www.bbc.com/arabic/middleeast-57991039", "57991039"),
        ("https://www.bbc.com/arabic/science-and-tech-61234567.amp", "61234567"),
    ],
    "youm7.com": [
        ("https://www.youm7.com/story/2022/1/28/خبير-أرصاد-يكشف-موعد-تحسن-حالة-الجو/5635112", "5635112"),
        ("https://www.youm7.com/story/2025/10/20/-/7165289", "7165289"),
        ("https://www.youm7.com/story/2026/8/1/7499145", "7499145"),
    ],
    "hespress.com": [
        (
            "https://www.hespress.com/%d8%b2%d9%8a%d8%a7%d8%b1%d8%a7%d8%aa-%d9%85%d9%8a%d8%af%d8%a7%d9%86%d9%8a%d8%a9-1571793.html",
            "1571793",
        ),
        ("https://www.hespress.com/%d8%ac%d8%af%d9%84-%d8%a7%d9%84%d9%85%d9%88%d8%aa%d9%89-1283197.html", "1283197"),
        ("https://hespress.com/عدد-الملقحين-يتجاوز-عتبة-9-ملايين-843790.html", "843790"),
    ],
    "aawsat.com": [
        (
            "https://aawsat.com/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85/%D8%A3%D9%88%D8%B1%D9%88%D8%A8%D8%A7/5321484-%D9%83%D8%A8%D9%84%D8%B1",
            "5321484",
        ),
        ("https://aawsat.com/العالم-العربي/المشرق-العربي/5306603", "5306603"),
        ("https://aawsat.com/home/article/403536/", "403536"),
        ("https://aawsat.com/home/article/3804376/slug", "3804376"),
    ],
    "arabic.rt.com": [
        ("https://arabic.rt.com/business/1768093-%D8%B4%D9%84-%D8%AA%D8%AA%D9%88%D9%82%D8%B9/", "1768093"),
        ("https://arabic.rt.com/middle_east/1512358-مذبحة-في-هوامش-غزة/", "1512358"),
        ("https://arabic.rt.com/world/1180580-كشف-ا", "1180580"),
    ],
    "skynewsarabia.com": [
        (
            "https://www.skynewsarabia.com/world/1348070-%D8%A7%D9%84%D8%B9%D9%86%D9%81-%D9%8A%D8%AC%D8%AA%D8%A7%D8%AD",
            "1348070",
        ),
        ("https://skynewsarabia.com/world/1348071-slug/", "1348071"),
    ],
    "alarabiya.net": [
        (
            "https://www.alarabiya.net/aswaq/economy/2021/07/01/%D8%A8%D9%86%D9%83-%D8%B3%D8%AA%D8%A7%D9%86%D8%AF%D8%B1%D8%AF",
            "2021/07/01/%D8%A8%D9%86%D9%83-%D8%B3%D8%AA%D8%A7%D9%86%D8%AF%D8%B1%D8%AF",
        ),
        (
            "https://www.alarabiya.net/ar/saudi-today/2019/02/15/الجبير-مؤتمر-وارسو.html",
            "2019/02/15/الجبير-مؤتمر-وارسو",
        ),
    ],
    "almasryalyoum.com": [
        ("https://www.almasryalyoum.com/news/details/4353542", "4353542"),
        ("http://www.almasryalyoum.com/news/details/1364600", "1364600"),
    ],
    "arabic.cnn.com": [
        (
            "https://arabic.cnn.com/middle-east/article/2023/10/30/number-of-hostages-held-in-gaza-now-up-to-239-idf-spokesperson",
            "2023/10/30/number-of-hostages-held-in-gaza-now-up-to-239-idf-spokesperson",
        ),
        (
            "https://arabic.cnn.com/middle-east/article/2019/01/02/egypt-sisi-economic-reforms",
            "2019/01/02/egypt-sisi-economic-reforms",
        ),
    ],
}

# profile name -> URLs on the site that are not articles (home, sections, tags, video, live, feeds).
NOT_ARTICLES: dict[str, list[str]] = {
    "elaph.com": ["https://elaph.com/", "https://elaph.com/Web/News/"],
    "aljazeera.net": [
        "https://www.aljazeera.net/",
        "https://www.aljazeera.net/news/",
        "https://www.aljazeera.net/tag/indepth/",
        "https://www.aljazeera.net/news/liveblog/2023/10/31/الحرب-على-غزة-مباشر?update=6000481",
        "https://www.aljazeera.net/video/2026/9/15/%D8%A3%D8%B5%D8%AD%D8%A7%D8%A8",
        "https://www.aljazeera.net/video/wisdom/2025/8/20/دراسة",
        "https://www.aljazeera.net/video/live",
        "https://www.aljazeera.net/sitemap.xml?yyyy=2025&mm=11&dd=28",
    ],
    "bbc.com-arabic": [
        "https://www.bbc.com/arabic",
        "https://www.bbc.com/arabic/live/53203730",
        "https://www.bbc.com/arabic/topics/cv2xyrn2k0xt",
        "https://www.bbc.com/arabic/articles/politics-test",
        "https://www.bbc.com/news/articles/cqp80p78mxx5o",
        "https://www.bbc.com/news/world-middle-east-57991039",
        "https://www.bbc.com/zhongwen/simp/articles/c8g5yzz3pgvo",
        "https://www.bbc.com/persian/articles/c8g5yzz3pgvo",
        "https://feeds.bbci.co.uk/arabic/rss.xml",
    ],
    "youm7.com": [
        "https://www.youm7.com/",
        "https://www.youm7.com/Section/سياسة/319/1",
        "https://www.youm7.com/Section/%D8%AA%D9%82%D8%A7%D8%B1%D9%8A%D8%B1-%D9%85%D8%B5%D8%B1%D9%8A%D8%A9/97/2",
        "https://www.youm7.com/rss/SectionRss?SectionID=65",
    ],
    "hespress.com": [
        "https://www.hespress.com/",
        "https://www.hespress.com/sport",
        "https://www.hespress.com/sport/page/2",
        "https://www.hespress.com/feed",
        "https://www.hespress.com/sitemap.xml",
    ],
    "aawsat.com": [
        "https://aawsat.com/",
        "https://aawsat.com/%D8%A7%D9%84%D8%B1%D8%A3%D9%8A?page=1642",
        "https://aawsat.com/%D8%AB%D9%82%D8%A7%D9%81%D8%A9-%D9%88%D9%81%D9%86%D9%88%D9%86/%D9%83%D8%AA%D8%A8",
        "https://aawsat.com/feed",
        "https://aawsat.com/sites/default/files/styles/article_img_top/public/2019/10/13/191013.jpg",
    ],
    "arabic.rt.com": [
        "https://arabic.rt.com/",
        "https://arabic.rt.com/middle_east/",
        "https://arabic.rt.com/live/",
        "https://arabic.rt.com/rss/",
    ],
    "skynewsarabia.com": [
        "https://www.skynewsarabia.com/",
        "https://www.skynewsarabia.com/world/",
        "https://www.skynewsarabia.com/topic/774407-%D8%AB%D9%82%D8%A7%D9%81%D8%A9",
        "https://www.skynewsarabia.com/web/rss",
    ],
    "alarabiya.net": [
        "https://www.alarabiya.net/",
        "https://www.alarabiya.net/aswaq/economy",
        "https://www.alarabiya.net/.mrss/ar.xml",
    ],
    "almasryalyoum.com": [
        "https://www.almasryalyoum.com/",
        "https://www.almasryalyoum.com/news/search?keyword=x",
        "https://www.almasryalyoum.com/rss/RssFeeds?sectionId=3",
        "https://www.almasryalyoum.com/html/copyright",
    ],
    "arabic.cnn.com": [
        "https://arabic.cnn.com/",
        "https://arabic.cnn.com/middle-east",
        "https://arabic.cnn.com/middle-east/video/2023/10/30/v146619-sotu-sullivan",
        "https://arabic.cnn.com/api/v1/rss/rss.xml",
    ],
}


def article_id(profile: SiteProfile, url: str) -> str | None:
    """The id ``profile`` gives ``url``, or ``None`` when it is not one of its articles."""
    article = identify(url, profile)
    return article.article_id if article else None


def table(rows: dict[str, list], with_value: bool = False) -> list:
    if with_value:
        return [
            pytest.param(name, url, value, id=f"{name}:{url[-40:]}")
            for name, pairs in rows.items()
            for url, value in pairs
        ]
    return [pytest.param(name, url, id=f"{name}:{url[-40:]}") for name, urls in rows.items() for url in urls]


def test_at_least_eight_sites_beyond_elaph():
    assert len(set(PROFILES) - {"elaph.com"}) >= 8


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_states_its_sources_and_is_unverified(name):
    profile = PROFILES[name]
    assert profile.sources
    assert profile.verified is False
    said = " ".join([profile.description, *profile.sources]).lower()
    assert "unverified against the live site" in said


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_identity_is_sound(name):
    profile = PROFILES[name]
    assert (urlsplit(profile.base_url).hostname or "") in profile.hosts
    assert profile.article_pattern is not None
    assert "id" in profile.article_pattern.groupindex
    assert name in ARTICLES, "every packaged profile needs example article URLs in this table"
    assert name in NOT_ARTICLES, "every packaged profile needs example non-article URLs in this table"


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_selectors_are_valid_css(name):
    profile = PROFILES[name]
    queries = [*profile.drop_selectors]
    if profile.selectors:
        queries += [q for q in vars(profile.selectors).values() if q]
    empty = Selector(text="<html><body><p>x</p></body></html>")
    for query in queries:
        empty.css(query)  # raises on a selector parsel cannot read


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_discovery_urls_stay_on_the_site(name):
    profile = PROFILES[name]
    for url in [*profile.discovery.sitemaps, *profile.discovery.feeds, *profile.discovery.listings]:
        host = urlsplit(url).hostname
        assert host is None or profile.owns(host), url


@pytest.mark.parametrize(("name", "url", "expected"), table(ARTICLES, with_value=True))
def test_article_url_matches_and_yields_its_id(name, url, expected):
    profile = PROFILES[name]
    assert profile.owns(urlsplit(url).hostname)
    assert article_id(profile, url) == unquote(expected)  # one spelling of a slug id: decoded


@pytest.mark.parametrize(("name", "url"), table(NOT_ARTICLES))
def test_non_article_url_is_not_an_article(name, url):
    profile = PROFILES[name]
    assert profile.owns(urlsplit(url).hostname)
    assert article_id(profile, url) is None


@pytest.mark.parametrize(("name", "url", "expected"), table(ARTICLES, with_value=True))
def test_no_other_profile_claims_the_article(name, url, expected):
    host = urlsplit(url).hostname
    others = [p for p in PROFILES.values() if p.name != name and p.owns(host)]
    assert all(article_id(other, url) is None for other in others)
    assert profile_for_url(url) is PROFILES[name]


PLAIN_PAGE = (
    "<html lang='ar'><head><meta charset='utf-8'><meta property='og:type' content='article'>"
    "<title>عنوان الخبر</title></head><body><h1>عنوان الخبر</h1><article>"
    + "".join(f"<p>{'فقرة من نص الخبر ' * 12}{n}</p>" for n in range(4))
    + "</article></body></html>"
).encode()


@pytest.mark.parametrize(("name", "url", "expected"), table(ARTICLES, with_value=True))
def test_page_on_a_profiled_host_is_extracted(name, url, expected):
    """A page whose layout the profile's selectors do not describe (or whose profile has
    none) still gives an article, by the generic path, under the profile's id."""
    result = extract(PLAIN_PAGE, url)
    assert result.article is not None, result.skip
    assert result.fallback is True
    article = ItemAdapter(result.article)
    assert article["articleId"] == unquote(expected)
    assert article["site"] == PROFILES[name].site


def test_profile_keys_are_unique():
    keys = [key for p in PROFILES.values() for key in {p.name, p.site, *p.aliases}]
    assert len(keys) == len(set(keys))


def test_bbc_arabic_pattern_is_confined_to_arabic_paths():
    pattern = PROFILES["bbc.com-arabic"].article_pattern
    assert pattern.pattern.startswith("^/arabic/")
    assert not pattern.search("/news/articles/cqp80p78mxx5o")


GOOD = {
    "site": "example.com",
    "hosts": ["example.com"],
    "base_url": "https://example.com",
    "timezone": "Africa/Cairo",
    "article": {"url_pattern": "^/news/(?P<id>\\d+)$"},
}


def without(key: str) -> dict:
    return {k: v for k, v in GOOD.items() if k != key}


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        pytest.param(without("site"), "(top level)", "'site' is a required property", id="missing-required"),
        pytest.param({**GOOD, "hosts": "example.com"}, "hosts", "is not of type 'array'", id="wrong-type"),
        pytest.param({**GOOD, "colour": "red"}, "(top level)", "'colour' was unexpected", id="unknown-key"),
        pytest.param(
            {**GOOD, "article": {"url_pattern": "^/news/(?P<id>\\d+"}}, "article.url_pattern", "regex", id="bad-regex"
        ),
        pytest.param(
            {**GOOD, "article": {"url_pattern": "^/news/\\d+$"}}, "article.url_pattern", "(?P<id>", id="no-id-group"
        ),
        pytest.param({**GOOD, "base_url": "https://other.org"}, "base_url", "'other.org'", id="base-host-not-in-hosts"),
        pytest.param({**GOOD, "timezone": "Africa/Atlantis"}, "timezone", "Africa/Atlantis", id="unknown-timezone"),
    ],
)
def test_bad_profile_names_the_file_and_the_field(tmp_path: Path, data, field, says):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read_profile_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert re.search(rf"{re.escape(str(path))}: {re.escape(field)}: ", message)
    assert says in message


def test_good_profile_reads(tmp_path: Path):
    path = tmp_path / "good.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    profile = read_profile_file(path)
    assert profile.name == "good"
    assert article_id(profile, "https://example.com/news/42?utm_source=x") == "42"


@pytest.mark.parametrize(
    "health, error",
    [({"max_fallback_share": 2}, "health.max_fallback_share"), ({"min_pages": -3}, "health.min_pages"),
     ({"max_fallbacks": 0.5}, "'max_fallbacks' was unexpected"), ({"min_articles": 0.5}, "health.min_articles")],
)  # fmt: skip
def test_a_profiles_health_limits_are_validated(health: dict[str, float], error: str) -> None:
    minimal = {"site": "a.com", "hosts": ["a.com"], "base_url": "https://a.com"}
    assert parse_profile({**minimal, "health": {"max_fallback_share": -1, "min_pages": 5}}, "p").health == {
        "max_fallback_share": -1,
        "min_pages": 5,
    }
    with pytest.raises(ProfileError, match=re.escape(error)):
        parse_profile({**minimal, "health": health}, "p")
