"""robots.txt ``Crawl-delay`` applied per host (:mod:`newscrawl.extensions.crawl_delay`).

Unit tests build the real extension with ``get_crawler`` and feed it a real robots.txt
parser; the crawl tests run ``scrapy runspider`` on this very module (its
:class:`CrawlDelayProbe` spider) against a local server whose robots.txt says
``Crawl-delay: 2``, and measure the spacing of the requests where the server received them.
"""

from __future__ import annotations

import itertools
import logging
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.core.downloader import Slot
from scrapy.exceptions import NotConfigured
from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.test import get_crawler

from newscrawl.extensions.crawl_delay import CrawlDelay, apply_floor
from tests.conftest import PROJECT, crawl_env
from tests.mockserver import TimedReplicaServer, serving

PAGES = 5


class CrawlDelayProbe(scrapy.Spider):
    """Requests ``PAGES`` pages of ``base_url`` (run by the crawl tests below)."""

    name = "crawl_delay_probe"

    def __init__(self, base_url: str = "", **kwargs: Any):
        super().__init__(**kwargs)
        self.base_url = base_url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for number in range(PAGES):
            yield scrapy.Request(f"{self.base_url}/page-{number}.html")

    def parse(self, response: scrapy.http.Response) -> None:
        pass


# --- the extension, with a real robots.txt parser -------------------------------------------


def build(settings: dict[str, Any] | None = None) -> CrawlDelay:
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True, **(settings or {})})
    return CrawlDelay.from_crawler(crawler)


def parsed(extension: CrawlDelay, robots: str, url: str = "https://example.com/a") -> None:
    parser = ProtegoRobotParser.from_crawler(extension.crawler, robots.encode())
    extension.robots_parsed(robotparser=parser, request=scrapy.Request(url))


@pytest.mark.parametrize(
    ("robots", "delay"),
    [
        ("User-agent: *\nCrawl-delay: 2\n", 2.0),
        ("User-agent: *\nCrawl-delay: 0.5\n", 0.5),
        ("User-agent: *\nCrawl-delay: 600\n", 60.0),  # capped
        ("User-agent: *\nDisallow: /private\n", None),
        ("User-agent: otherbot\nCrawl-delay: 30\n", None),  # not ours
        ("User-agent: *\nCrawl-delay: 0\n", None),
        ("User-agent: *\nCrawl-delay: -5\n", None),
        ("User-agent: *\nCrawl-delay: soon\n", None),
        ("User-agent: *\nCrawl-delay: nan\n", None),
    ],
)
def test_delay_read_per_host(robots: str, delay: float | None) -> None:
    extension = build()
    parsed(extension, robots)
    assert extension.delays.get("example.com") == delay
    stats = extension.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats.get("newscrawl/politeness/crawl_delay", 0) == (delay is not None)


def test_a_larger_delay_is_capped_counted_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    extension = build({"NEWSCRAWL_CRAWL_DELAY_MAX": "10"})
    with caplog.at_level(logging.INFO, logger="newscrawl.extensions.crawl_delay"):
        parsed(extension, "User-agent: *\nCrawl-delay: 120\n", "https://news.example.com/x")
    assert extension.delays == {"news.example.com": 10.0}
    stats = extension.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["newscrawl/politeness/crawl_delay_capped"] == 1
    assert "news.example.com" in caplog.text and "120" in caplog.text and "10.0 s" in caplog.text


def test_the_robots_user_agent_setting_picks_the_group() -> None:
    extension = build({"ROBOTSTXT_USER_AGENT": "newscrawl"})
    parsed(extension, "User-agent: newscrawl\nCrawl-delay: 7\n\nUser-agent: *\nCrawl-delay: 1\n")
    assert extension.delays == {"example.com": 7.0}


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({"NEWSCRAWL_CRAWL_DELAY_ENABLED": False}, "NEWSCRAWL_CRAWL_DELAY_ENABLED"),
        ({"ROBOTSTXT_OBEY": False}, "ROBOTSTXT_OBEY"),
    ],
)
def test_not_configured(settings: dict[str, Any], reason: str) -> None:
    with pytest.raises(NotConfigured, match=reason):
        build(settings)


@pytest.mark.parametrize(
    ("delay", "jitter", "floor", "expected"),
    [
        (0.0, 0.5, 2.0, (2.0, 0.0)),  # raised, jitter dropped
        (1.0, 0.5, 2.0, (2.0, 0.0)),
        (1.0, 0.5, 1.0, (1.0, 0.0)),  # 0.5-1.5 s draws could undercut 1 s: fixed at 1 s
        (3.0, 0.0, 2.0, (3.0, 0.0)),  # never lowered
        (3.0, 0.5, 2.0, (3.0, 0.0)),  # never lowered; 1.5 s draws would undercut 2 s
        (5.0, 0.5, 2.0, (5.0, 0.5)),  # 2.5-7.5 s draws: nothing to do
        (2.0, 2.0, 1.0, (2.0, 0.0)),  # a jitter above 1 reaches 0 s draws
    ],
)
def test_apply_floor(delay: float, jitter: float, floor: float, expected: tuple[float, float]) -> None:
    slot = Slot(concurrency=2, delay=delay, jitter=jitter)
    changed = apply_floor(slot, floor)
    assert (slot.delay, slot.jitter) == expected
    assert changed == ((delay, jitter) != expected)


# --- a real crawl -----------------------------------------------------------------------------


@pytest.fixture
def timed_server(tmp_path: Path) -> Iterator[TimedReplicaServer]:
    root = tmp_path / "site"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n", encoding="utf-8")
    for number in range(PAGES):
        (root / f"page-{number}.html").write_text(f"<html><body><p>{number}</p></body></html>", encoding="utf-8")
    with serving(TimedReplicaServer(root)) as server:
        yield server


def crawl(server: TimedReplicaServer, tmp_path: Path, **settings: str) -> tuple[list[float], str]:
    """Run the probe spider; the gaps between its page requests as the server saw them."""
    command = [sys.executable, "-m", "scrapy", "runspider", __file__, "-a", f"base_url={server.base_url}"]
    defaults = {
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "True",  # the project's default: its adjustments must not undo the floor
        "AUTOTHROTTLE_START_DELAY": "0",
        "NEWSCRAWL_SQLITE_PATH": str(tmp_path / "store.sqlite3"),
        "NEWSCRAWL_ARCHIVE_DIR": str(tmp_path / "warc"),
        "NEWSCRAWL_HEALTH_ENABLED": "False",
        "TELNETCONSOLE_ENABLED": "False",
    }
    for name, value in {**defaults, **settings}.items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(command, cwd=PROJECT, env=crawl_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    pages = [at for at, line in server.arrivals if "/page-" in line]
    assert len(pages) == PAGES, server.arrivals
    return [later - earlier for earlier, later in itertools.pairwise(pages)], done.stderr


def test_crawl_waits_the_crawl_delay_between_requests(timed_server: TimedReplicaServer, tmp_path: Path) -> None:
    gaps, log = crawl(timed_server, tmp_path)
    assert min(gaps) >= 1.5, gaps  # Crawl-delay: 2, generous for a busy machine
    assert sum(gaps) < 4 * 2 * 3, gaps  # and not far longer
    assert "'newscrawl/politeness/crawl_delay': 1" in log
    assert "robots.txt of 127.0.0.1 asks for Crawl-delay: 2" in log


def test_without_the_extension_the_requests_come_fast(timed_server: TimedReplicaServer, tmp_path: Path) -> None:
    """The control: the same crawl with the extension off ignores the Crawl-delay."""
    gaps, log = crawl(timed_server, tmp_path, NEWSCRAWL_CRAWL_DELAY_ENABLED="False")
    assert max(gaps) < 1.0, gaps
    assert "newscrawl/politeness/crawl_delay" not in log
