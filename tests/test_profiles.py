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
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from parsel import Selector

from newscrawl.sites import ProfileError, SiteProfile, packaged_profiles, profile_for_host, read_profile_file

PROFILES = {p.name: p for p in packaged_profiles()}

# profile name -> (article URL, the id its pattern must yield). Shapes from each profile's sources.
ARTICLES: dict[str, list[tuple[str, str]]] = {
    "elaph.com": [
        ("https://elaph.com/Web/News/2025/11/1578701.html", "1578701"),
        ("https://elaph.com/amp/Web/Economics/2025/11/1578702.html", "1578702"),
    ],
}

# profile name -> URLs on the site that are not articles (home, sections, tags, video, live, feeds).
NOT_ARTICLES: dict[str, list[str]] = {
    "elaph.com": ["https://elaph.com/", "https://elaph.com/Web/News/"],
}


def matched_path(profile: SiteProfile, url: str) -> str:
    """What a profile's ``url_pattern`` is matched against: the path, plus ``?query`` of the
    ``keep_params`` parameters only (sorted), as ``profile.schema.json`` documents."""
    parts = urlsplit(url)
    kept = sorted((k, v) for k, v in parse_qsl(parts.query) if k in profile.keep_params)
    return parts.path + (f"?{urlencode(kept)}" if kept else "")


def article_id(profile: SiteProfile, url: str) -> str | None:
    """The id ``profile`` gives ``url``, or ``None`` when it is not one of its articles."""
    path = matched_path(profile, url)
    if any(p.search(urlsplit(url).path) for p in profile.non_article_paths):
        return None
    match = profile.article_pattern.search(path) if profile.article_pattern else None
    return match["id"] if match else None


def table(rows: dict[str, list], with_value: bool = False) -> list:
    if with_value:
        return [
            pytest.param(name, url, value, id=f"{name}:{url[-40:]}")
            for name, pairs in rows.items()
            for url, value in pairs
        ]
    return [pytest.param(name, url, id=f"{name}:{url[-40:]}") for name, urls in rows.items() for url in urls]


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
    assert article_id(profile, url) == expected


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
    assert profile_for_host(host) is PROFILES[name]


def test_profile_keys_are_unique():
    keys = [key for p in PROFILES.values() for key in {p.name, p.site, *p.aliases}]
    assert len(keys) == len(set(keys))


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
