"""Incremental and crash-safe crawls: real ``scrapy crawl`` subprocesses against the replica.

* a second run of the same command downloads no article page that is stored unchanged,
  and ``-o`` appending to the same feed adds nothing;
* an article whose sitemap ``lastmod`` is newer than the stored download is fetched again;
* ``kill -9`` at several moments, then the same command again: every article is stored
  exactly once, and the feed has no torn line and no repeated article.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import (
    ELAPH_SITE,
    PROJECT,
    Replica,
    crawl_command,
    crawl_env,
    golden_records,
    run_crawl,
    start_replica,
)

EXPECTED = {record["articleId"] for record in golden_records()}


def arguments(replica: Replica) -> tuple[str, ...]:
    return ("-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}")


def article_requests(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("GET /Web/")]


def stored_ids(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute('SELECT "articleId" FROM articles')]


def feed_lines(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert text == "" or text.endswith("\n"), "torn last line"
    return [json.loads(line) for line in text.splitlines()]


def test_second_run_downloads_no_stored_article(replica: Replica, tmp_path: Path) -> None:
    first = run_crawl(tmp_path, *arguments(replica), append=True)
    assert first.returncode == 0, first.log[-2000:]
    assert {item["articleId"] for item in first.items} == EXPECTED
    before = len(replica.requests())
    second = run_crawl(tmp_path, *arguments(replica), append=True)
    assert second.returncode == 0, second.log[-2000:]
    requests = replica.requests()[before:]
    assert any("sitemaps" in line for line in requests)  # discovery was read again
    assert article_requests(requests) == []
    # All but 1578706, which only API page 2 lists: that page is no longer read (caught up).
    assert second.stats()["newscrawl/skip/stored"] == len(EXPECTED) - 1
    assert second.stats()["newscrawl/discovery/api_caught_up"] == 2  # economics and news stop at page 1
    assert not [line for line in requests if line.endswith("/economics/2")]
    # The video, the empty page and the 404 are remembered too.
    known = {k: v for k, v in second.stats().items() if k.startswith("newscrawl/skip/known/")}
    assert known == {
        "newscrawl/skip/known/non_article/video": 1,
        "newscrawl/skip/known/empty_body": 1,
        "newscrawl/skip/known/http_404": 1,
        "newscrawl/skip/known/robots_forbidden": 1,
    }
    assert not [k for k in second.stats() if k.startswith("newscrawl/discovery/article/")]  # nothing scheduled
    assert len(feed_lines(tmp_path / "out.jsonl")) == len(EXPECTED)  # -o appended nothing
    assert sorted(stored_ids(tmp_path / "store.sqlite3")) == sorted(EXPECTED)


def test_an_article_modified_after_its_download_is_fetched_again(replica: Replica, tmp_path: Path) -> None:
    assert run_crawl(tmp_path, *arguments(replica)).returncode == 0
    with sqlite3.connect(tmp_path / "store.sqlite3") as connection:
        connection.execute(
            """UPDATE articles SET "dateDownloaded" = '2025-01-01T00:00:00+00:00' WHERE "articleId" = '1578701'"""
        )
    before = len(replica.requests())
    again = run_crawl(tmp_path, *arguments(replica))
    assert again.returncode == 0, again.log[-2000:]
    assert article_requests(replica.requests()[before:]) == ["GET /Web/News/2025/11/1578701.html"]
    assert again.stats()["newscrawl/discovery/modified"] == 1
    assert again.stats()["newscrawl/duplicates/url"] == 1  # same content: the row is refreshed, not doubled
    before = len(replica.requests())
    assert run_crawl(tmp_path, *arguments(replica)).returncode == 0
    assert article_requests(replica.requests()[before:]) == []


@pytest.fixture(scope="module")
def slow_replica(tmp_path_factory: pytest.TempPathFactory):
    with start_replica(tmp_path_factory.mktemp("slow"), delay=0.4) as server:
        yield server


@pytest.mark.parametrize("kill_after", [1.5, 2.5, 3.5, 4.5])
def test_kill_9_then_rerun_stores_every_article_once(slow_replica: Replica, tmp_path: Path, kill_after: float) -> None:
    settings = {"NEWSCRAWL_SQLITE_BATCH_SIZE": "2", "NEWSCRAWL_SQLITE_COMMIT_SECONDS": "0.5"}
    command = crawl_command(tmp_path, *arguments(slow_replica), settings=settings, append=True)
    process = subprocess.Popen(
        command, cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(kill_after)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    feed = tmp_path / "out.jsonl"
    partial = feed_lines(feed)  # no torn line even right after the kill
    rerun = run_crawl(tmp_path, *arguments(slow_replica), settings=settings, append=True)
    assert rerun.returncode == 0, rerun.log[-2000:]
    ids = stored_ids(tmp_path / "store.sqlite3")
    assert sorted(ids) == sorted(EXPECTED)  # every article, exactly once
    lines = feed_lines(feed)
    feed_ids = [line["articleId"] for line in lines]
    assert len(feed_ids) == len(set(feed_ids)), "an article was written twice"
    assert set(feed_ids) == EXPECTED  # and none missing: a stored article the feed lacked is written now
    assert len(lines) >= len(partial)


def test_the_caught_up_stop_works_with_the_progress_line_off(replica: Replica, tmp_path: Path) -> None:
    """The crawl_runs record it reads was written by the progress extension, which
    NEWSCRAWL_PROGRESS_ENABLED=False switched off with it."""
    quiet = {"NEWSCRAWL_PROGRESS_ENABLED": "False"}
    first = run_crawl(tmp_path, *arguments(replica), append=True, settings=quiet)
    assert first.returncode == 0, first.log[-2000:]
    assert "Crawl summary" not in first.log
    second = run_crawl(tmp_path, *arguments(replica), append=True, settings=quiet)
    assert second.returncode == 0, second.log[-2000:]
    assert second.stats()["newscrawl/discovery/api_caught_up"] == 2


def test_a_changed_article_comes_to_an_appended_feed_as_its_next_version(tmp_path: Path) -> None:
    """What a feed's consumer upserts on (README): a re-crawl that finds another text adds a
    line for the article with ``version`` 2; every other article has its one line, version 1."""
    site = tmp_path / "site"
    shutil.copytree(ELAPH_SITE, site)
    page = site / "Web" / "News" / "2025" / "11" / "1578701.html"
    first_paragraph = golden_records()[[g["articleId"] for g in golden_records()].index("1578701")]["paragraphs"][0]
    with start_replica(tmp_path, root=site) as server:
        assert run_crawl(tmp_path, *arguments(server), append=True).returncode == 0
        page.write_text(page.read_text(encoding="utf-8").replace(first_paragraph, first_paragraph + " وأضاف مصدر."),
                        encoding="utf-8")  # fmt: skip
        with sqlite3.connect(tmp_path / "store.sqlite3") as connection:  # downloaded before the sitemap's lastmod
            connection.execute(
                """UPDATE articles SET "dateDownloaded" = '2025-01-01T00:00:00+00:00' WHERE "articleId" = '1578701'"""
            )
        again = run_crawl(tmp_path, *arguments(server), append=True)
    assert again.returncode == 0, again.log[-2000:]
    lines = feed_lines(tmp_path / "out.jsonl")
    versions = sorted((line["articleId"], line["version"]) for line in lines)
    assert versions == sorted([(i, 1) for i in EXPECTED] + [("1578701", 2)])
    newest = [line for line in lines if line["articleId"] == "1578701"][-1]
    assert newest["version"] == 2 and newest["articleBody"].startswith(first_paragraph + " وأضاف مصدر.")
