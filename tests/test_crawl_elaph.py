"""End to end: ``scrapy crawl elaph`` (a real subprocess) against the local Elaph replica."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ELAPH_SITE, CrawlResult, Replica, article_schema, golden_records, run_crawl, start_replica

GOLDEN = {record["articleId"]: record for record in golden_records()}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawlResult]:
    """One crawl of a replica of its own: its page that fails once (HTTP 500, then 200) has
    not failed for another test yet."""
    tmp = tmp_path_factory.mktemp("crawl")
    with start_replica(tmp, root=ELAPH_SITE, host="127.0.0.15") as replica:
        result = run_crawl(tmp, "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}")
        result.requests = replica.requests()  # type: ignore[attr-defined]
        yield result


def test_crawl_finishes_cleanly(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert "Traceback" not in crawl.log
    assert " ERROR: " not in crawl.log


def test_every_expected_article_exactly_once(crawl: CrawlResult) -> None:
    ids = [item["articleId"] for item in crawl.items]
    assert sorted(ids) == sorted(GOLDEN)
    assert len({item["canonicalUrl"] for item in crawl.items}) == len(GOLDEN)


def test_records_match_the_golden_files(crawl: CrawlResult) -> None:
    for item in crawl.items:
        gold = GOLDEN[item["articleId"]]
        assert item["canonicalUrl"] == gold["canonicalUrl"]
        assert item["headline"] == gold["headline"]
        assert item["articleBody"].split("\n") == gold["paragraphs"]
        assert item["datePublished"] == gold["datePublished"]
        assert item["section"] == gold["section"]
        assert [a["name"] for a in item["authors"]] == gold["authors"]


def test_no_boilerplate_in_any_body(crawl: CrawlResult) -> None:
    for item in crawl.items:
        leaks = [text for text in GOLDEN[item["articleId"]]["must_not_contain"] if text in item["articleBody"]]
        assert leaks == [], item["url"]
        for line in ("قراؤنا من مستخدمي إنستجرام", "إضغط هنا للإشتراك", "التعليقات", "جميع التعليقات المنشورة"):
            assert line not in item["articleBody"]


def test_records_are_valid_against_the_schema(crawl: CrawlResult) -> None:
    validator = jsonschema.Draft202012Validator(article_schema())
    for item in crawl.items:
        assert [e.message for e in validator.iter_errors(item)] == [], item["url"]


def test_feed_is_utf8_with_arabic_unescaped(crawl: CrawlResult) -> None:
    raw = crawl.output.read_text(encoding="utf-8")
    assert "\\u06" not in raw and "\\u0627" not in raw
    assert "اجتماع لوزراء دفاع الدول المشاركة في محاربة داعش في باريس" in raw


def test_disallowed_amp_and_tracking_urls_are_never_requested(crawl: CrawlResult) -> None:
    requests = crawl.requests  # type: ignore[attr-defined]
    assert requests, "the replica saw no request"
    assert not [r for r in requests if "/Web/Private/" in r]
    assert not [r for r in requests if "/amp/" in r]
    article_requests = [r for r in requests if r.startswith("GET /Web/")]
    assert not [r for r in article_requests if "?" in r]
    # Each article page once, except the one that fails with 500 once (retried).
    paths = [r.split(" ", 1)[1] for r in article_requests]
    repeated = {p for p in paths if paths.count(p) > 1}
    assert repeated <= {"/Web/Sports/2025/11/1578703.html"}


def test_skips_and_failures_are_counted(crawl: CrawlResult) -> None:
    stats = crawl.stats()
    assert stats["item_scraped_count"] == len(GOLDEN)
    assert stats["newscrawl/skip/non_article/video"] == 1
    assert stats["newscrawl/skip/empty_body"] == 1
    assert stats["downloader/response_status_count/500"] == 1  # 1578703 failed once, then retried
    assert stats["retry/count"] == 1
    assert stats["newscrawl/failed/article/http_404"] == 1
    assert stats["newscrawl/failed/article/robots_forbidden"] == 1
    assert stats["newscrawl/extract/fallback"] == 2  # the two legacy pages
    # windows-1256 behind a lying utf-8 header is repaired; the undeclared ISO-8859-6 page is
    # already decoded right by Scrapy's charset detection (its body is checked against the golden file).
    assert stats["newscrawl/encoding/repaired"] == 1
    assert stats["newscrawl/encoding/repaired/windows-1256"] == 1
    assert stats["newscrawl/discovery/duplicate"] >= 4  # AMP, tracking, padded month, API repeats
    assert stats["newscrawl/boilerplate/comments"] >= 2
    for reason in ("non_article/video", "empty_body"):
        assert f": {reason}" in crawl.log  # logged at INFO with the URL


def test_sqlite_store_holds_the_same_articles(crawl: CrawlResult) -> None:
    store = crawl.output.parent / "store.sqlite3"
    with sqlite3.connect(store) as connection:
        rows = connection.execute('SELECT "canonicalUrl", "articleBody", "authors" FROM articles').fetchall()
    assert sorted(r[0] for r in rows) == sorted(item["canonicalUrl"] for item in crawl.items)
    by_url = {item["canonicalUrl"]: item for item in crawl.items}
    for url, body, authors in rows:
        assert body == by_url[url]["articleBody"]
        assert json.loads(authors or "[]") == by_url[url]["authors"]


def test_since_until_skip_before_download(replica: Replica, tmp_path: Path) -> None:
    before = len(replica.requests())
    result = run_crawl(
        tmp_path,
        "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}",
        "-a", "since=2025-11-01", "-a", "until=2025-11-30",
    )  # fmt: skip
    assert result.returncode == 0, result.log[-2000:]
    ids = {item["articleId"] for item in result.items}
    assert ids == {"1578701", "1578702", "1578703", "1578704", "1578706", "1578707"}
    paths = [line.split(" ", 1)[1] for line in replica.requests()[before:]]
    old_pages = ("/Web/News/2010/3/546546.html", "/Web/Economics/2009/12/520001.html", "/Web/News/2024/1/1540123.html")
    for old in (*old_pages, "/Web/Culture/2025/9/1578705.html"):
        assert old not in paths
    stats = result.stats()
    # Out of the window: articles whose date discovery knew, and a whole sitemap last changed before `since`.
    assert stats["newscrawl/discovery/sitemap_out_of_window"] == 1
    assert stats["newscrawl/skip/out_of_window"] >= 1


def test_max_articles_caps_the_crawl(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"base_url={replica.base_url}", "-a", "api_url=", "-a", "max_articles=3")
    assert result.returncode == 0, result.log[-2000:]
    assert 1 <= len(result.items) <= 3
    scheduled = {k: v for k, v in result.stats().items() if k.startswith("newscrawl/discovery/article/")}
    assert sum(scheduled.values()) == 3, scheduled
    assert result.stats()["newscrawl/skip/max_articles"] >= 1


@pytest.mark.parametrize(
    "argument, value",
    [
        ("base_url", "elaph.com"),
        ("api_url", "ftp://api.elaph.com"),
        ("since", "yesterday"),
        ("until", "2025-13-01"),
        ("max_articles", "many"),
        ("max_articles", "0"),
        ("sections", "news;drop table"),
        ("base_url", "http://[::1"),
        ("max_artciles", "3"),  # misspelt: an unknown argument, not ignored
        ("site", "no-such-site"),
        ("profile", "/no/such/profile.json"),
    ],
)
def test_bad_arguments_stop_the_crawl_with_a_message(tmp_path: Path, argument: str, value: str) -> None:
    result = run_crawl(tmp_path, "-a", f"{argument}={value}", timeout=60)
    assert result.returncode == 2
    assert f"Bad argument for spider elaph: {argument}:" in result.log
    assert "Traceback" not in result.log  # one line, not an asyncio traceback
    assert result.items == []


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        (
            "NEWSCRAWL_SQLITE_PAHT",
            "x.sqlite3",
            "NEWSCRAWL_SQLITE_PAHT: no such setting (did you mean NEWSCRAWL_SQLITE_PATH?)",
        ),
        ("NEWSCRAWL_MIN_BODY_WORDS", "ten", "NEWSCRAWL_MIN_BODY_WORDS: expected a whole number such as 10, got 'ten'"),
    ],
)
def test_bad_settings_stop_the_crawl_with_a_message(tmp_path: Path, setting: str, value: str, message: str) -> None:
    result = run_crawl(tmp_path, "-a", "base_url=http://127.0.0.1:9", settings={setting: value}, timeout=60)
    assert result.returncode == 2
    assert f"Bad setting: {message}" in result.log
    assert "Traceback" not in result.log
    assert not (tmp_path / "x.sqlite3").exists()
