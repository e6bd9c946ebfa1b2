"""Scale-out with real servers: ``scrapy crawl`` worker processes share one Redis frontier
(``NEWSCRAWL_REDIS_URL``) and one store — PostgreSQL (``NEWSCRAWL_POSTGRES_DSN``) or a
shared SQLite file — while crawling a generated replica served on 127.0.0.1.

* together: every article is stored exactly once, no article URL is fetched twice, and
  both workers did part of the work;
* one worker killed with ``kill -9`` mid-crawl, while it has requests in flight: the other
  puts exactly those back and finishes; every article is stored exactly once;
* the soak: three workers, ten kills at random moments (half in a worker's first five
  seconds), each followed by a replacement: every article stored once and fed once;
* the frontier itself: an article queued once under any spelling, seen and queued in one
  step, a worker closing as soon as the crawl is done.

The replica answers each page slowly (:data:`PAGE_DELAY`) so that the crawl outlasts the
workers' start-up on a loaded machine and both workers find work. When a test fails, its
output holds every worker's log.

Short tests pin what the frontier takes from outside public APIs: how scrapy-redis stores a
request (:func:`newscrawl.frontier.decode_request`), how Scrapy makes a spider without a
crawl (:func:`newscrawl.commands.push.spider_without_crawl`) and the engine's slot
(:func:`newscrawl.frontier.requests_in_progress`, :func:`newscrawl.frontier.wake_engine`).
"""

from __future__ import annotations

import json
import os
import random
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
from types import TracebackType

import psycopg
import pytest
import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler, get_reactor_settings
from scrapy_redis.queue import PriorityQueue

from newscrawl.archive import read_record
from newscrawl.commands.push import spider_without_crawl
from newscrawl.frontier import FrontierKeys, RedisFrontierAddon, ReliableRedisScheduler, decode_request
from newscrawl.identity import identify
from newscrawl.sites import load_profile
from newscrawl.spiders.news import ElaphSpider
from tests import redis_server
from tests.conftest import PROJECT, PROJECT_SETTINGS, STORE_OWNER, TESTS, crawl_command, crawl_env

ARTICLES = 120
STORES = ("postgres", "sqlite")
CONCURRENCY = 4  # requests in flight per worker
PAGE_DELAY = 0.5  # seconds per page: one worker alone would need 15 s for the articles
LOG_LINES = 200  # of each worker's log in a failure's output


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not redis_server.available():
        pytest.skip(redis_server.INSTALL_HINT)
    with redis_server.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


def make_replica(tmp_path_factory: pytest.TempPathFactory, name: str, articles: int) -> Path:
    """A generated replica (``bench/replica.py``) of small pages: the crawl's time is the server's."""
    folder = tmp_path_factory.mktemp(name) / "site"
    command = [sys.executable, str(PROJECT / "bench" / "replica.py"), "--articles", str(articles),
               "--page-kb", "5", "10", "--out", str(folder), "--check", "3"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, cwd=PROJECT)
    return folder


@pytest.fixture(scope="module")
def big_replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_replica(tmp_path_factory, "replica", ARTICLES)


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
    """A crawl run on the shared frontier: ``push`` once, then worker processes. Used as a
    context manager: on the way out it kills the workers still running and, when the block
    failed, prints their logs (pytest shows them with the failure)."""

    def __init__(self, tmp_path: Path, base_url: str, redis_url: str, store: str, dsn: str | None):
        self.tmp_path = tmp_path
        self.arguments = ("-a", f"base_url={base_url}", "-a", f"api_url={base_url}")
        self.settings = {
            "NEWSCRAWL_REDIS_URL": redis_url,
            "NEWSCRAWL_REDIS_KEY": f"{tmp_path.name}:%(spider)s",  # each test its own frontier
            "NEWSCRAWL_REDIS_HEARTBEAT_SECONDS": "0.5",
            "NEWSCRAWL_REDIS_DEAD_AFTER_SECONDS": "2",
            "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS": "4",
            "CONCURRENT_REQUESTS": str(CONCURRENCY),
            "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
        }
        if store == "postgres":
            assert dsn
            self.settings["NEWSCRAWL_POSTGRES_DSN"] = dsn
        self.store, self.dsn = store, dsn
        self.redis = redis.Redis.from_url(redis_url)
        self.keys = FrontierKeys(f"{tmp_path.name}:elaph")
        self.workers: dict[str, subprocess.Popen[str]] = {}

    def __enter__(self) -> Crawl:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        for process in self.workers.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        if error is not None:
            print(self.logs())
        self.redis.close()

    def push(self) -> None:
        command = [sys.executable, "-m", "scrapy", "push", "elaph", *self.arguments]
        for name, value in self.settings.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=60)
        (self.tmp_path / "push.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        assert done.returncode == 0 and "pushed" in done.stdout, "scrapy push failed (its log is below)"

    def worker(self, name: str, feed: str | None = None) -> subprocess.Popen[str]:
        """Start worker ``name``, feeding ``<name>.jsonl`` (overwritten), or appending to
        ``feed`` (a replacement worker takes over its predecessor's feed)."""
        output = feed or f"{name}.jsonl"
        command = crawl_command(self.tmp_path, *self.arguments, settings=self.settings, output=output,
                                append=feed is not None)  # fmt: skip
        with (self.tmp_path / f"{name}.log").open("w") as log:
            self.workers[name] = subprocess.Popen(command, cwd=PROJECT, env=crawl_env(), stdout=log, stderr=log,
                                                  text=True)  # fmt: skip
        return self.workers[name]

    def assert_running(self) -> None:
        exited = {name: p.returncode for name, p in self.workers.items() if p.poll() is not None}
        assert not exited, f"workers exited early (name: status): {exited}"

    def wait(self, name: str, timeout: float = 180) -> None:
        assert self.workers[name].wait(timeout=timeout) == 0, f"worker {name} failed"

    def in_flight(self, name: str) -> int:
        """How many requests the worker has filed as in flight on the frontier now."""
        pid = f":{self.workers[name].pid}:"  # worker ids are host:pid:random
        ids = [w.decode() for w in self.redis.smembers(self.keys.workers) if pid in w.decode()]
        return sum(self.redis.hlen(self.keys.inflight(worker)) for worker in ids)

    def log(self, name: str) -> str:
        path = self.tmp_path / f"{name}.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def logs(self) -> str:
        parts = []
        for name in ("push", *self.workers):
            lines = self.log(name).splitlines()
            status = self.workers[name].returncode if name in self.workers else ""
            parts.append(f"----- {name} (exit status {status}; {len(lines)} lines, the last {LOG_LINES}; "
                         f"{self.tmp_path / name}.log) -----")  # fmt: skip
            parts += lines[-LOG_LINES:]
        return "\n".join(parts)

    def stat(self, name: str, key: str) -> int:
        found = re.search(rf"'{re.escape(key)}': (\d+)", self.log(name).split("Dumping Scrapy stats:")[-1])
        return int(found.group(1)) if found else 0

    def stored_ids(self) -> list[str]:
        return [article_id for article_id, _ in self.stored_versions()]

    def stored_versions(self) -> list[tuple[str, int]]:
        """``(articleId, version)`` of every stored article."""
        query = 'SELECT "articleId", "version" FROM articles'
        if self.store == "postgres":
            import psycopg

            with psycopg.connect(self.dsn) as connection:
                return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]
        with sqlite3.connect(self.tmp_path / "store.sqlite3") as connection:
            return [tuple(row) for row in connection.execute(query)]


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
    with served(big_replica, requests, PAGE_DELAY) as base_url, Crawl(tmp_path, base_url, redis_url, *store) as crawl:
        # Push first: a worker with nothing queued closes after NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS,
        # and on a loaded machine `scrapy push` took longer than that to start.
        crawl.push()
        for name in ("one", "two"):
            crawl.worker(name)
        for name in crawl.workers:
            crawl.wait(name)
        ids = crawl.stored_ids()
        assert sorted(ids) == sorted(expected_ids(big_replica))  # every article, exactly once
        fetched = Counter(article_paths(requests))
        assert len(fetched) == ARTICLES and max(fetched.values()) == 1, fetched.most_common(3)  # none fetched twice
        for name in crawl.workers:
            assert crawl.stat(name, "newscrawl/frontier/popped") > 10, f"worker {name} did almost nothing"
            assert "ERROR" not in crawl.log(name)


def test_a_killed_worker_loses_nothing(
    big_replica: Path, redis_url: str, store: tuple[str, str | None], tmp_path: Path
) -> None:
    requests = tmp_path / "requests.log"
    with served(big_replica, requests, PAGE_DELAY) as base_url, Crawl(tmp_path, base_url, redis_url, *store) as crawl:
        crawl.push()
        victim = crawl.worker("victim")
        crawl.worker("survivor")
        deadline = time.monotonic() + 90
        # Mid-crawl, and while the victim has work in flight (it may have woken late).
        while len(article_paths(requests)) < ARTICLES // 3 or not crawl.in_flight("victim"):
            crawl.assert_running()
            assert time.monotonic() < deadline, "the victim never had requests in flight mid-crawl"
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        lost_in_flight = crawl.in_flight("victim")  # its hash stays until the survivor requeues it
        crawl.wait("survivor")
        ids = crawl.stored_ids()
        assert sorted(ids) == sorted(expected_ids(big_replica))  # every article, exactly once
        assert crawl.stat("survivor", "newscrawl/frontier/recovered_workers") == 1
        assert lost_in_flight and crawl.stat("survivor", "newscrawl/frontier/requeued") == lost_in_flight
        assert "ERROR" not in crawl.log("survivor")


SOAK_ARTICLES = 600
SOAK_SLOTS = ("a", "b", "c")  # three workers at a time, each slot with its own feed file
SOAK_KILLS = 10
SOAK_PAGE_DELAY = 1.0  # seconds per page: 3 workers x 4 in flight, ~12 pages/s, ~50 s of crawl


@pytest.fixture(scope="module")
def soak_replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_replica(tmp_path_factory, "soak", SOAK_ARTICLES)


def feed_ids(path: Path) -> list[str]:
    """The ``articleId`` of each record of a JSON Lines feed (a torn line fails the test)."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [json.loads(line)["articleId"] for line in lines]


def test_soak_workers_killed_at_random_moments_store_and_feed_every_article_once(
    soak_replica: Path, redis_url: str, postgres_dsn: str, tmp_path: Path
) -> None:
    """Three workers on Redis and PostgreSQL; ten times, one is killed (``kill -9``) at a
    random moment — every other kill within the first five seconds of a worker's life,
    while it reads start pages, the others later — and a replacement takes over its feed
    file. Then every article is stored once, at version 1 (a request that came back after
    its worker died produced no new version), and is in exactly one feed, once; its
    archive record is whole, and re-extraction from the archive reproduces the store.
    ``NEWSCRAWL_SOAK_SEED`` replays a failed run's moments."""
    seed = int(os.environ.get("NEWSCRAWL_SOAK_SEED") or random.randrange(2**32))
    rng = random.Random(seed)
    kills: list[str] = []
    requests = tmp_path / "requests.log"
    with (
        served(soak_replica, requests, SOAK_PAGE_DELAY) as base_url,
        Crawl(tmp_path, base_url, redis_url, "postgres", postgres_dsn) as crawl,
    ):
        print(f"soak seed {seed} (NEWSCRAWL_SOAK_SEED={seed} replays it)")
        crawl.push()
        current: dict[str, tuple[str, float]] = {}  # slot -> (worker name, when it started)

        def start(slot: str, generation: int) -> None:
            name = f"{slot}{generation}"
            crawl.worker(name, feed=f"{slot}.jsonl")
            current[slot] = (name, time.monotonic())

        for slot in SOAK_SLOTS:
            start(slot, 0)
        for number in range(SOAK_KILLS):
            early = number % 2 == 0
            by_start = sorted(current, key=lambda slot: current[slot][1])
            slot = by_start[-1] if early else by_start[0]  # the newest worker, or the oldest
            name, began = current[slot]
            moment = began + rng.uniform(0.5, 5.0) if early else max(time.monotonic(), began + 5) + rng.uniform(0, 3)
            time.sleep(max(0.0, moment - time.monotonic()))
            victim = crawl.workers[name]
            assert victim.poll() is None, f"the crawl ended after {number} kills (seed {seed}): {kills}"
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
            kills.append(f"{name} at {time.monotonic() - began:.1f} s ({'early' if early else 'late'})")
            start(slot, number + 1)
        for name, _ in current.values():
            crawl.wait(name, timeout=240)
        context = f"seed {seed}, kills {kills}"
        versions = crawl.stored_versions()
        assert sorted(i for i, _ in versions) == sorted(expected_ids(soak_replica)), context  # each once
        assert {v for _, v in versions} == {1}, f"re-stored as a new version: {context}"
        fed = Counter(i for slot in SOAK_SLOTS for i in feed_ids(tmp_path / f"{slot}.jsonl"))
        assert set(fed) == expected_ids(soak_replica), f"missing from every feed: {context}"
        assert max(fed.values()) == 1, f"fed twice: {fed.most_common(3)}; {context}"
        for name in crawl.workers:
            assert "Traceback" not in crawl.log(name), f"{name}: {context}"
        # The workers' archive (one file set per process, in one folder): every stored article's
        # record is whole, and re-extraction from it reproduces the PostgreSQL store.
        with psycopg.connect(postgres_dsn) as connection:
            places = connection.execute('SELECT "url", "warcFile", "warcOffset" FROM articles').fetchall()
        assert len({name.rsplit("-", 1)[0] for _, name, _ in places}) > 1, "one file set per worker"
        for url, name, offset in places:
            archived = read_record(tmp_path / "warc" / name, offset)
            assert archived is not None and archived.url == url, f"{url}: {context}"
        archive = str(tmp_path / "warc")
        command = [sys.executable, "-m", "newscrawl.reextract", "--dsn", postgres_dsn, "--archive", archive]
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and done.stdout == f"unchanged\t{SOAK_ARTICLES}\n", done.stdout + done.stderr


@contextmanager
def open_scheduler(redis_url: str, key: str) -> Iterator[tuple[ReliableRedisScheduler, ElaphSpider]]:
    """A frontier scheduler opened on the test Redis (no crawl: its loops never run)."""
    settings = {**STORE_OWNER, "NEWSCRAWL_SQLITE_PATH": "", "NEWSCRAWL_REDIS_URL": redis_url,
                "NEWSCRAWL_REDIS_KEY": f"{key}:%(spider)s", "ADDONS": {RedisFrontierAddon: 0}}  # fmt: skip
    crawler = get_crawler(ElaphSpider, settings_dict=settings)
    spider = ElaphSpider.from_crawler(crawler, base_url="http://127.0.0.1:9", api_url="http://127.0.0.1:9")
    scheduler = ReliableRedisScheduler.from_crawler(crawler)
    scheduler.open(spider)
    try:
        yield scheduler, spider
    finally:
        scheduler.close("finished")
        scheduler.server.delete(scheduler.keys.queue, scheduler.keys.dupefilter)


def article_request(url: str) -> Request:
    """An article request as the spider makes it: meta ``newscrawl_article``, its identity."""
    return Request(url, meta={"newscrawl_article": identify(url, load_profile("elaph.com"))})


def test_the_frontier_queues_an_article_once_under_any_spelling(redis_url: str, tmp_path: Path) -> None:
    """Two workers finding one article under two spellings download it once: the frontier's
    duplicate key is the article's identity. A redirect is not its article seen again."""
    url = "https://elaph.com/Web/News/2025/11/1578701.html"
    with open_scheduler(redis_url, tmp_path.name) as (scheduler, _):
        assert scheduler.enqueue_request(article_request(url))
        for variant in (f"{url}?utm_source=tw", "https://www.elaph.com/Web/News/2025/1/1578701.html",
                        "https://elaph.com/amp/Web/News/2025/11/1578701.html"):  # fmt: skip
            assert not scheduler.enqueue_request(article_request(variant)), variant
        assert scheduler.enqueue_request(article_request(url.replace("1578701", "1578702")))
        redirected = article_request("https://elaph.com/Web/News/2025/11/1578701.html?page=full")
        redirected.meta["redirect_urls"] = [url]
        assert scheduler.enqueue_request(redirected)
        sitemap = "https://elaph.com/sitemap.xml"
        assert scheduler.enqueue_request(Request(sitemap)) and not scheduler.enqueue_request(Request(sitemap))
        assert len(scheduler.queue) == 4  # the article, another, the redirect, the sitemap
        popped = [scheduler.next_request().url for _ in range(4)]  # type: ignore[union-attr]
        assert url in popped and scheduler.next_request() is None


def test_a_request_that_cannot_be_queued_is_not_marked_seen(redis_url: str, tmp_path: Path) -> None:
    """Seen and queued are one step: a request that fails on the way to the queue (here it
    cannot be serialised) is not left marked seen, so that it can be queued again."""
    url = "https://elaph.com/Web/News/2025/11/1578701.html"
    with open_scheduler(redis_url, tmp_path.name) as (scheduler, _):
        broken = article_request(url)
        broken.meta["unpicklable"] = lambda: None
        with pytest.raises(Exception):  # noqa: B017  (the serializer's own error)
            scheduler.enqueue_request(broken)
        assert scheduler.server.scard(scheduler.keys.dupefilter) == 0
        assert scheduler.enqueue_request(article_request(url)) and len(scheduler.queue) == 1


def test_a_worker_that_saw_the_crawl_closes_as_soon_as_it_is_done(redis_url: str, tmp_path: Path) -> None:
    """Only a request in flight can add work, so an empty frontier with nothing in flight is
    a finished crawl: a worker that took part closes at once, not after
    NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS (10 s); one that never saw work waits that long for
    ``scrapy push``."""
    with (
        open_scheduler(redis_url, tmp_path.name) as (waiting, _),
        open_scheduler(redis_url, tmp_path.name) as (
            working,
            _,
        ),
    ):
        assert waiting.keeps_open()  # nothing queued yet: it waits for a push
        assert working.enqueue_request(article_request("https://elaph.com/Web/News/2025/11/1578701.html"))
        request = working.next_request()
        assert request is not None and waiting.keeps_open()  # in flight at the other worker
        # Idle, the worker's engine has finished it: keeps_open() takes it out of flight.
        assert not working.keeps_open() and not waiting.keeps_open()  # done: both close now


def test_a_request_pushed_by_the_queue_is_decoded_whole(redis_url: str, tmp_path: Path) -> None:
    """The frontier pops with a Lua script, not with scrapy-redis, and decodes what it popped
    itself: a request pushed by scrapy-redis's queue must come back whole."""
    crawler = get_crawler(ElaphSpider, settings_dict={"NEWSCRAWL_SQLITE_PATH": ""})
    spider = ElaphSpider.from_crawler(crawler, base_url="http://127.0.0.1:9", api_url="http://127.0.0.1:9")
    server = redis.Redis.from_url(redis_url)
    queue = PriorityQueue(server=server, spider=spider, key=f"{tmp_path.name}:requests")
    sent = Request("http://127.0.0.1:9/api?page=2", callback=spider.parse_api, errback=spider.on_error,
                   meta={"newscrawl_kind": "api", "newscrawl_page": 2}, priority=7,
                   headers={"Accept": "application/json"}, dont_filter=True)  # fmt: skip
    try:
        queue.push(sent)
        [data] = server.zrange(queue.key, 0, -1)
        got = decode_request(queue, data)
    finally:
        server.delete(queue.key)
        server.close()
    assert (got.url, got.callback, got.errback, got.meta, got.priority, got.dont_filter) == (
        sent.url, sent.callback, sent.errback, sent.meta, sent.priority, sent.dont_filter)  # fmt: skip
    assert got.headers.to_unicode_dict() == sent.headers.to_unicode_dict()


ENGINE_SLOT_CHECK = """
from scrapy import Request
from scrapy.core.engine import ExecutionEngine, _Slot
from scrapy.utils.reactor import install_reactor
from scrapy.utils.test import get_crawler

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from newscrawl.frontier import requests_in_progress, wake_engine
from newscrawl.spiders.news import ElaphSpider


class NextCall:  # what the engine's slot calls to look at the scheduler (a CallLaterOnce)
    calls = 0

    def schedule(self):
        self.calls += 1


engine = ExecutionEngine(get_crawler(ElaphSpider, settings_dict={"NEWSCRAWL_SQLITE_PATH": ""}), lambda _: None)
assert requests_in_progress(engine) is None and requests_in_progress(None) is None  # not open
wake_engine(engine), wake_engine(None)  # not open: nothing to wake
nextcall = NextCall()
engine._slot = _Slot(True, nextcall, scheduler=None)  # as open_spider makes it
wake_engine(engine)
assert nextcall.calls == 1
request = Request("http://127.0.0.1:9/Web/News/2025/11/1.html")
engine._slot.add_request(request)  # what the engine does when it downloads a request
assert requests_in_progress(engine) == {request}
engine._slot.remove_request(request)  # ... and when its scrape is done, items included
assert requests_in_progress(engine) == set()
print("ok")
"""


def test_the_engine_wrappers_read_its_slot() -> None:
    """The frontier clears a request from its in-flight hash once Scrapy is done with it,
    items included, and wakes an idle engine: both through the engine's private slot (the
    wrappers' docstrings). In a process of its own: an engine needs an installed reactor."""
    done = subprocess.run([sys.executable, "-c", ENGINE_SLOT_CHECK], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_scrapy_push_makes_its_spider_as_a_crawl_would(tmp_path: Path) -> None:
    """``scrapy push`` makes the spider and applies the settings (add-ons included: they set
    the Redis connection) without starting a crawl, and opens no store."""
    store = tmp_path / "never.sqlite3"
    settings = {**PROJECT_SETTINGS, **get_reactor_settings(), "NEWSCRAWL_REDIS_URL": "redis://127.0.0.1:9/0",
                "NEWSCRAWL_SQLITE_PATH": str(store), "NEWSCRAWL_INCREMENTAL": False}  # fmt: skip
    crawler = Crawler(ElaphSpider, settings)
    spider = spider_without_crawl(crawler, {"base_url": "http://127.0.0.1:9", "api_url": "http://127.0.0.1:9"})
    assert isinstance(spider, ElaphSpider) and crawler.spider is spider and spider.crawler is crawler
    assert crawler.settings.frozen
    assert crawler.settings["REDIS_URL"] == "redis://127.0.0.1:9/0"  # set by RedisFrontierAddon
    assert crawler.stats.get_stats() == {}
    assert next(spider.discovery_requests()).meta["newscrawl_kind"] == "robots"
    assert not store.exists()
