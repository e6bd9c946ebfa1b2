"""The extraction pool (``NEWSCRAWL_EXTRACT_PROCESSES``): the same records and stats as a
crawl without it, and no worker outliving its crawl however the crawl ends (SIGTERM,
Ctrl-C on the whole process group, ``kill -9``) or losing a page when a worker dies."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.extraction.pool import ExtractionWorkers
from tests.conftest import PROJECT, Replica, crawl_command, crawl_env, golden_records, run_crawl, start_replica

EXPECTED = {record["articleId"] for record in golden_records()}
POOL = {"NEWSCRAWL_EXTRACT_PROCESSES": "2"}
# Differ by run, not by page: when the page was downloaded, where its archive record is.
VOLATILE = {"dateDownloaded", "warcFile", "warcOffset", "url"}
# Counted by time, not by page.
TIMED_STATS = ("newscrawl/store/commits", "newscrawl/sqlite/commits", "newscrawl/extract_pool/")


def arguments(replica: Replica) -> tuple[str, ...]:
    return ("-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}")


def records(items: list[dict]) -> list[str]:
    return sorted(json.dumps({k: v for k, v in item.items() if k not in VOLATILE}, sort_keys=True) for item in items)


def page_stats(stats: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in stats.items() if k.startswith("newscrawl/") and not k.startswith(TIMED_STATS)}


def test_the_pool_gives_the_records_and_stats_of_a_crawl_without_it(replica: Replica, tmp_path: Path) -> None:
    (tmp_path / "alone").mkdir()
    (tmp_path / "pool").mkdir()
    alone = run_crawl(tmp_path / "alone", *arguments(replica))
    pooled = run_crawl(tmp_path / "pool", *arguments(replica), settings=POOL)
    assert alone.returncode == 0, alone.log[-2000:]
    assert pooled.returncode == 0, pooled.log[-2000:]
    assert "Extracting pages in 2 worker processes" in pooled.log
    assert {item["articleId"] for item in pooled.items} == EXPECTED
    assert records(pooled.items) == records(alone.items)
    assert page_stats(pooled.stats()) == page_stats(alone.stats())
    parsed = pooled.stats()["newscrawl/extract_pool/pages"]
    assert parsed >= len(EXPECTED)  # every article page went through a worker
    assert "newscrawl/extract_pool/pages" not in alone.stats()


def test_a_negative_process_count_is_refused_by_name(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, *arguments(replica), settings={"NEWSCRAWL_EXTRACT_PROCESSES": "-1"})
    assert result.returncode != 0
    assert "NEWSCRAWL_EXTRACT_PROCESSES" in result.log


# -- how a crawl with workers ends ---------------------------------------------------------


def children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie is dead, waiting to be reaped by whoever adopted it


def wait_until(check: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def slow_replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replica]:
    with start_replica(tmp_path_factory.mktemp("slow"), delay=0.4) as server:
        yield server


def start_pooled_crawl(replica: Replica, tmp_path: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """A crawl with 2 workers, once its workers are up; the crawl and its worker pids."""
    command = crawl_command(tmp_path, *arguments(replica), settings=POOL)
    log = (tmp_path / "crawl.log").open("wb")
    process = subprocess.Popen(command, cwd=PROJECT, env=crawl_env(), stdout=log, stderr=log, start_new_session=True)
    assert wait_until(lambda: "Extracting pages in" in (tmp_path / "crawl.log").read_text(errors="replace"), 60)
    workers = children(process.pid)
    assert len(workers) >= 2, workers  # the two workers (and multiprocessing's resource tracker)
    return process, workers


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param(lambda p: p.send_signal(signal.SIGTERM), id="sigterm"),
        pytest.param(lambda p: os.killpg(p.pid, signal.SIGINT), id="ctrl-c-to-the-group"),
        pytest.param(lambda p: p.send_signal(signal.SIGKILL), id="kill-9"),
    ],
)
def test_no_worker_outlives_its_crawl(slow_replica: Replica, tmp_path: Path, stop: object) -> None:
    process, workers = start_pooled_crawl(slow_replica, tmp_path)
    time.sleep(1.5)  # pages in flight and in the workers
    stop(process)  # type: ignore[operator]
    process.wait(timeout=60)
    assert wait_until(lambda: not any(alive(pid) for pid in workers), 15), [p for p in workers if alive(p)]
    log = (tmp_path / "crawl.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
    if process.returncode != -signal.SIGKILL:
        assert process.returncode == 130, log[-2000:]  # stopped before its end, and says so


def test_a_worker_killed_mid_crawl_is_replaced_and_no_page_lost(slow_replica: Replica, tmp_path: Path) -> None:
    process, workers = start_pooled_crawl(slow_replica, tmp_path)
    # At once: the article pages (0.4 s each) are still to come, so the breakage is met
    # whatever the machine's speed (1.5 s later, a busy CI had extracted the last one).
    for pid in workers:
        if Path(f"/proc/{pid}/cmdline").read_bytes().find(b"resource_tracker") < 0:
            os.kill(pid, signal.SIGKILL)  # one extraction worker
            break
    assert process.wait(timeout=120) == 0, (tmp_path / "crawl.log").read_text()[-3000:]
    log = (tmp_path / "crawl.log").read_text()
    assert "An extraction worker died" in log
    assert "'newscrawl/extract_pool/restarts': 1" in log
    with sqlite3.connect(tmp_path / "store.sqlite3") as connection:
        stored = [row[0] for row in connection.execute('SELECT "articleId" FROM articles')]
    assert sorted(stored) == sorted(EXPECTED)


def test_workers_refuse_a_count_below_one() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        ExtractionWorkers(0)


def test_start_up_objects_are_frozen_out_of_garbage_collection_when_the_engine_starts() -> None:
    import gc

    from scrapy import signals
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.test import get_crawler

    from newscrawl.extensions.gc_freeze import FreezeStartupObjects

    gc.unfreeze()
    crawler = get_crawler(settings_dict={})
    extension = FreezeStartupObjects.from_crawler(crawler)  # signals hold it weakly
    assert gc.get_freeze_count() == 0
    try:
        crawler.signals.send_catch_log(signals.engine_started)
        assert gc.get_freeze_count() > 1000, extension
    finally:
        gc.unfreeze()
    with pytest.raises(NotConfigured):
        FreezeStartupObjects.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_GC_FREEZE_ENABLED": False}))
