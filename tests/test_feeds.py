"""Feeds that fail loudly and lose nothing (issue 14, bugs 2 and 4), with real crawls,
a real small filesystem and real kills:

* a feed that cannot be opened closes the crawl at start (exit status 5), nothing downloaded;
* a feed whose disk fills closes the crawl (5); once there is room again, the next crawl
  appending to it writes every stored article it missed, once;
* a soak: twenty ``kill -9`` of a 300-article crawl, half of them right after a store
  commit, then a last run: every article once in the store and once in the appended feed,
  and the store passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT, Replica, crawl_command, crawl_env, run_crawl, start_replica
from tests.order_replica import write_site

QUICK = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "NEWSCRAWL_CRAWL_DELAY_ENABLED": "False"}


def feed_urls(path: Path) -> list[str]:
    return [json.loads(line)["canonicalUrl"] for line in path.read_text(encoding="utf-8").splitlines() if line]


def stored_urls(store: Path) -> list[str]:
    with sqlite3.connect(store) as connection:
        return [row[0] for row in connection.execute('SELECT "canonicalUrl" FROM articles')]


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replica]:
    folder = tmp_path_factory.mktemp("feeds-site")
    write_site(folder, 300)
    with start_replica(tmp_path_factory.mktemp("feeds-log"), root=folder, host="127.0.0.12", delay=0.01) as server:
        yield server


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 KiB tmpfs: room for a few feed lines (needs root and mount, as in CI)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_feed_that_cannot_be_opened_stops_the_crawl_at_start(news_site: Replica, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    before = len(news_site.requests())
    result = run_crawl(
        tmp_path, "-a", f"url={news_site.base_url}", settings=QUICK, output="a-file/out.jsonl", spider="news"
    )
    assert result.returncode == 5, result.log[-2000:]
    assert "Cannot write the feed" in result.log
    assert not [line for line in news_site.requests()[before:] if "/news/" in line]  # no article downloaded


def test_a_full_disk_stops_the_crawl_and_the_next_run_writes_what_the_feed_missed(
    news_site: Replica, tmp_path: Path, small_disk: Path
) -> None:
    feed = small_disk / "out.jsonl"
    first = run_crawl(
        tmp_path, "-a", f"url={news_site.base_url}", settings=QUICK, output=str(feed), append=True, spider="news"
    )
    assert first.returncode == 5, first.log[-2000:]
    assert "No space left on device" in first.log and first.stats()["newscrawl/feed/failed"] == 1
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)
    second = run_crawl(
        tmp_path, "-a", f"url={news_site.base_url}", settings=QUICK, output=str(feed), append=True, spider="news"
    )
    assert second.returncode == 0, second.log[-2000:]
    assert second.stats()["newscrawl/feed/replayed"] >= 1
    stored, fed = stored_urls(tmp_path / "store.sqlite3"), feed_urls(feed)
    assert len(fed) == len(set(fed)), "an article was written twice"
    assert sorted(fed) == sorted(stored)


def changed(path: Path) -> int:
    """When ``path`` last changed (ns), 0 when there is none: a crawl that ends removes its
    WAL file, also between a check that it exists and a look at it."""
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def test_twenty_kills_then_a_last_run_store_and_feed_every_article_once(news_site: Replica, tmp_path: Path) -> None:
    """Issue 14's soak: kills at random moments, half of them right after a store commit
    (the moment the WAL file changes), then a run to the end."""
    rng = random.Random(14)
    settings = {**QUICK, "NEWSCRAWL_SQLITE_BATCH_SIZE": "4", "NEWSCRAWL_SQLITE_COMMIT_SECONDS": "0.3",
                "CONCURRENT_REQUESTS_PER_DOMAIN": "4"}  # fmt: skip
    arguments = ("-a", f"url={news_site.base_url}")
    store, wal = tmp_path / "store.sqlite3", tmp_path / "store.sqlite3-wal"
    for kill in range(20):
        process = subprocess.Popen(
            crawl_command(tmp_path, *arguments, settings=settings, append=True, spider="news"),
            cwd=PROJECT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + rng.uniform(1.5, 3.0)
        if kill % 2:  # right after a commit: the WAL file grows
            seen = changed(wal)
            while time.monotonic() < deadline + 4 and process.poll() is None:
                if changed(wal) not in (0, seen) and time.monotonic() > deadline - 1.5:
                    break
                time.sleep(0.002)
        else:
            time.sleep(max(0.0, deadline - time.monotonic()))
        process.kill()
        process.wait(timeout=10)
    last = run_crawl(tmp_path, *arguments, settings=settings, append=True, spider="news", timeout=300)
    assert last.returncode == 0, last.log[-2000:]
    stored, fed = stored_urls(store), feed_urls(tmp_path / "out.jsonl")
    assert len(stored) == len(set(stored)) >= 300
    assert len(fed) == len(set(fed)), "an article was written twice"
    assert sorted(fed) == sorted(stored), (len(fed), len(stored))
    with sqlite3.connect(store) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
