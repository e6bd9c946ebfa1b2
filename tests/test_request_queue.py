"""Waiting requests kept in the crawl's temporary file (newscrawl/request_queue.py): Scrapy's
order, every request back whole, little memory per request, and no request lost when the file
fails. The scheduler is Scrapy's own, built from the project's settings."""

from __future__ import annotations

import gc
import logging
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from scrapy import Request
from scrapy.core.scheduler import Scheduler
from scrapy.utils.test import get_crawler
from scrapy.utils.trackref import live_refs

from newscrawl.discovery.links import Link
from newscrawl.request_queue import RequestQueueFile
from newscrawl.spiders.news import ElaphSpider
from tests.conftest import PROJECT_SETTINGS

BASE = "http://127.0.0.1:9"
# Without an engine: Scrapy's priority queue that needs no downloader (the default,
# DownloaderAwarePriorityQueue, keeps one of these per download slot).
UNIT = {
    **PROJECT_SETTINGS,
    "NEWSCRAWL_SQLITE_PATH": "",
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
}
IN_MEMORY = {**UNIT, "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.LifoMemoryQueue"}  # Scrapy's default


def open_scheduler(settings: dict[str, Any]) -> Scheduler:
    crawler = get_crawler(ElaphSpider, settings_dict=settings)
    crawler.spider = ElaphSpider.from_crawler(crawler, base_url=BASE, api_url=BASE)
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


@pytest.fixture
def scheduler() -> Iterator[Scheduler]:
    scheduler = open_scheduler(UNIT)
    yield scheduler
    scheduler.close("finished")
    queue_file(scheduler).close()


def queue_file(scheduler: Scheduler) -> RequestQueueFile:
    assert scheduler.crawler is not None
    return scheduler.crawler.get_extension(RequestQueueFile)


def article_requests(scheduler: Scheduler, count: int, start: int = 0) -> Iterator[Request]:
    """The spider's requests for ``count`` sitemap links (dated, so that priorities differ)."""
    spider: Any = scheduler.spider
    site = spider.sites[0]
    links = (
        Link(
            f"{BASE}/Web/News/2024/{1 + n % 12}/{1_000_000 + n}.html",
            "sitemap",
            title=f"عنوان الخبر رقم {n}",
            published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+03:00",
        )
        for n in range(start, start + count)
    )
    return spider.article_requests(site, links)


def drain(scheduler: Scheduler) -> list[Request]:
    popped = []
    while (request := scheduler.next_request()) is not None:
        popped.append(request)
    return popped


def stat(scheduler: Scheduler, key: str) -> int:
    assert scheduler.stats is not None
    return scheduler.stats.get_value(key, 0)


def test_the_project_keeps_waiting_requests_in_the_file(scheduler: Scheduler) -> None:
    for request in article_requests(scheduler, 50):
        assert scheduler.enqueue_request(request)
    assert len(scheduler) == 50
    connection = queue_file(scheduler).connection
    assert connection is not None
    assert connection.execute("SELECT count(*) FROM requests").fetchone()[0] == 50
    assert len(drain(scheduler)) == 50
    assert connection.execute("SELECT count(*) FROM requests").fetchone()[0] == 0
    assert not scheduler.has_pending_requests()


def test_requests_come_back_in_the_order_of_scrapys_memory_queue(scheduler: Scheduler) -> None:
    baseline = open_scheduler(IN_MEMORY)
    spider: Any = scheduler.spider
    site = spider.sites[0]

    def discovery(n: int) -> Request:
        return spider.request(f"{BASE}/sitemap-{n}.xml", "sitemap", site, spider.parse_sitemap)

    for target in (scheduler, baseline):
        # Discovery and articles of many days, pushed in waves, popped in between.
        for wave in range(3):
            for request in [*article_requests(target, 40, start=wave * 40), discovery(wave)]:
                target.enqueue_request(request)
            for _ in range(15):
                target.next_request()
    ours = [request.url for request in drain(scheduler)]
    assert ours == [request.url for request in drain(baseline)]
    assert len(ours) == 3 * 41 - 45


def test_a_request_comes_back_whole(scheduler: Scheduler) -> None:
    (sent,) = article_requests(scheduler, 1)
    scheduler.enqueue_request(sent)
    back = scheduler.next_request()
    assert back is not None and back is not sent
    for attribute in ("url", "priority", "callback", "errback", "dont_filter"):
        assert getattr(back, attribute) == getattr(sent, attribute)
    assert back.meta == sent.meta  # the article's identity, the discovery hints, the dates
    assert back.meta["newscrawl_hints"].headline == "عنوان الخبر رقم 0"


def test_a_request_that_cannot_be_serialized_waits_in_memory(scheduler: Scheduler) -> None:
    scheduler.enqueue_request(Request(f"{BASE}/a", callback=lambda response: None))  # not a spider method
    scheduler.enqueue_request(Request(f"{BASE}/b"))
    assert stat(scheduler, "newscrawl/queue/in_memory") == 1
    assert sorted(request.url for request in drain(scheduler)) == [f"{BASE}/a", f"{BASE}/b"]


def queued(scheduler: Scheduler, count: int) -> sqlite3.Connection:
    """The queue file's connection, once ``count`` article requests wait in it."""
    for request in article_requests(scheduler, count):
        scheduler.enqueue_request(request)
    connection = queue_file(scheduler).connection
    assert connection is not None
    return connection


def test_a_full_queue_file_keeps_requests_in_memory_and_loses_none(
    scheduler: Scheduler, caplog: pytest.LogCaptureFixture
) -> None:
    connection = queued(scheduler, 10)
    # The file cannot grow any more: SQLite answers "database or disk is full".
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    with caplog.at_level(logging.WARNING):
        for request in article_requests(scheduler, 500, start=10):
            scheduler.enqueue_request(request)
    assert stat(scheduler, "newscrawl/queue/in_memory") > 0
    assert [r.message for r in caplog.records if "kept in memory" in r.message][:1], "one WARNING says so"
    assert len(caplog.records) == 1
    popped = drain(scheduler)
    assert len({request.url for request in popped}) == 510


def test_a_request_that_cannot_be_read_back_fails_the_crawl_loudly(
    scheduler: Scheduler, caplog: pytest.LogCaptureFixture
) -> None:
    connection = queued(scheduler, 3)
    connection.execute("UPDATE requests SET request = x'00'")  # damaged on disk
    with caplog.at_level(logging.ERROR):
        assert scheduler.next_request() is None
    assert stat(scheduler, "newscrawl/queue/failed") == 1
    assert "closing the crawl" in caplog.text


def live_requests() -> int:
    gc.collect()
    return len(live_refs.get(Request, ()))


def test_a_waiting_request_is_not_kept_as_a_python_object(scheduler: Scheduler) -> None:
    # A Request costs ~3.6 KB of memory, its meta included; 200,000 waiting took 835 MB.
    baseline = open_scheduler(IN_MEMORY)
    for target in (scheduler, baseline):
        before = live_requests()
        for request in article_requests(target, 2000):
            target.enqueue_request(request)
        del request
        waiting = live_requests() - before
        assert len(target) == 2000
        assert waiting == (0 if target is scheduler else 2000), "waiting requests alive as objects"
