"""Scale-out with real servers: two ``scrapy crawl`` worker processes share one Redis frontier
(``NEWSCRAWL_REDIS_URL``) and one store — PostgreSQL (``NEWSCRAWL_POSTGRES_DSN``) or a
shared SQLite file — while crawling a generated replica served on 127.0.0.1.

* together: every article is stored exactly once, no article URL is fetched twice, and
  both workers did part of the work;
* one worker killed with ``kill -9`` mid-crawl: the other puts its in-flight requests back
  and finishes; every article is stored exactly once.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import redis_server
from tests.conftest import PROJECT, TESTS, crawl_command, crawl_env

ARTICLES = 120
STORES = ("postgres", "sqlite")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not redis_server.available():
        pytest.skip(redis_server.INSTALL_HINT)
    with redis_server.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def big_replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("replica") / "site"
    command = [sys.executable, str(PROJECT / "bench" / "replica.py"), "--articles", str(ARTICLES),
               "--page-kb", "5", "10", "--out", str(folder), "--check", "3"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, cwd=PROJECT)
    return folder


def expected_ids(replica: Path) -> set[str]:
    lines = (replica / "articles.tsv").read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[0] for line in lines if line and not line.startswith("id")}


@contextmanager
def served(root: Path, log: Path, delay: float) -> Iterator[str]:
    command = [sys.executable, str(TESTS / "mockserver.py"), "--root", str(root), "--log", str(log),
               "--delay", str(delay)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


class Crawl:
    """A crawl run on the shared frontier: ``push`` once, then worker processes."""

    def __init__(self, tmp_path: Path, base_url: str, redis_url: str, store: str, dsn: str | None):
        self.tmp_path = tmp_path
        self.arguments = ("-a", f"base_url={base_url}", "-a", f"api_url={base_url}")
        self.settings = {
            "NEWSCRAWL_REDIS_URL": redis_url,
            "NEWSCRAWL_REDIS_KEY": f"{tmp_path.name}:%(spider)s",  # each test its own frontier
            "NEWSCRAWL_REDIS_HEARTBEAT_SECONDS": "0.5",
            "NEWSCRAWL_REDIS_DEAD_AFTER_SECONDS": "2",
            "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS": "4",
            "CONCURRENT_REQUESTS": "4",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "4",
        }
        if store == "postgres":
            assert dsn
            self.settings["NEWSCRAWL_POSTGRES_DSN"] = dsn
        self.store, self.dsn = store, dsn

    def push(self) -> None:
        command = [sys.executable, "-m", "scrapy", "push", "elaph", *self.arguments]
        for name, value in self.settings.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "pushed" in done.stdout, done.stderr[-2000:]

    def worker(self, name: str) -> subprocess.Popen[str]:
        command = crawl_command(self.tmp_path, *self.arguments, settings=self.settings, output=f"{name}.jsonl")
        log = (self.tmp_path / f"{name}.log").open("w")
        return subprocess.Popen(command, cwd=PROJECT, env=crawl_env(), stdout=log, stderr=log, text=True)

    def wait_ready(self, *names: str, timeout: float = 60) -> None:
        """Until each worker has joined the frontier (then work pushed now reaches all)."""
        deadline = time.monotonic() + timeout
        while not all("Frontier worker" in self.log(name) for name in names):
            assert time.monotonic() < deadline, "a worker did not start"
            time.sleep(0.1)

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text(encoding="utf-8")

    def stat(self, name: str, key: str) -> int:
        found = re.search(rf"'{re.escape(key)}': (\d+)", self.log(name).split("Dumping Scrapy stats:")[-1])
        return int(found.group(1)) if found else 0

    def stored_ids(self) -> list[str]:
        if self.store == "postgres":
            import psycopg

            with psycopg.connect(self.dsn) as connection:
                return [row[0] for row in connection.execute('SELECT "articleId" FROM articles')]
        with sqlite3.connect(self.tmp_path / "store.sqlite3") as connection:
            return [row[0] for row in connection.execute('SELECT "articleId" FROM articles')]


def article_paths(log: Path) -> list[str]:
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return [line.split(" ", 1)[1] for line in text.splitlines() if " /Web/" in line]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    if request.param == "postgres":
        return "postgres", request.getfixturevalue("postgres_dsn")
    return "sqlite", None


def test_two_workers_share_the_crawl(
    big_replica: Path, redis_url: str, store: tuple[str, str | None], tmp_path: Path
) -> None:
    requests = tmp_path / "requests.log"
    with served(big_replica, requests, delay=0.1) as base_url:  # long enough for both to start
        crawl = Crawl(tmp_path, base_url, redis_url, *store)
        workers = {name: crawl.worker(name) for name in ("one", "two")}
        crawl.wait_ready(*workers)  # both take part however long each takes to start
        crawl.push()
        for name, process in workers.items():
            assert process.wait(timeout=180) == 0, crawl.log(name)[-3000:]
    ids = crawl.stored_ids()
    assert sorted(ids) == sorted(expected_ids(big_replica))  # every article, exactly once
    fetched = Counter(article_paths(requests))
    assert len(fetched) == ARTICLES and max(fetched.values()) == 1, fetched.most_common(3)  # none fetched twice
    for name in workers:
        assert crawl.stat(name, "newscrawl/frontier/popped") > 10, f"worker {name} did almost nothing"
        assert "ERROR" not in crawl.log(name)


def test_a_killed_worker_loses_nothing(
    big_replica: Path, redis_url: str, store: tuple[str, str | None], tmp_path: Path
) -> None:
    requests = tmp_path / "requests.log"
    with served(big_replica, requests, delay=0.15) as base_url:
        crawl = Crawl(tmp_path, base_url, redis_url, *store)
        crawl.push()
        victim, survivor = crawl.worker("victim"), crawl.worker("survivor")
        deadline = time.monotonic() + 60
        while len(article_paths(requests)) < ARTICLES // 3:  # mid-crawl
            assert time.monotonic() < deadline and victim.poll() is None, "the crawl did not get going"
            time.sleep(0.1)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        assert survivor.wait(timeout=180) == 0, crawl.log("survivor")[-3000:]
    ids = crawl.stored_ids()
    assert sorted(ids) == sorted(expected_ids(big_replica))  # every article, exactly once
    assert crawl.stat("survivor", "newscrawl/frontier/recovered_workers") == 1
    assert "ERROR" not in crawl.log("survivor")
