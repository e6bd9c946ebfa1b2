"""Progress summary and health checks: each check fires on stats that should trip it, and
``scrapy crawl`` exits with status 3 and the reason ``health_check_failed`` when one does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.extensions.health import evaluate
from newscrawl.extensions.summary import CrawlSummary
from newscrawl.items import Article
from tests.conftest import PROJECT_SETTINGS, Replica, run_crawl

HEALTHY = {
    "response_received_count": 40,
    "item_scraped_count": 30,
    "newscrawl/store/inserted": 30,
    "newscrawl/extract/fallback": 2,
    "newscrawl/skip/empty_body": 1,
    "newscrawl/encoding/repaired": 1,
    "newscrawl/items/no_date": 1,
}


def failed_checks(stats: dict[str, Any], **settings: Any) -> list[str]:
    return [f.check for f in evaluate(CrawlSummary.from_stats(stats), Settings(settings))]


def test_a_healthy_crawl_passes() -> None:
    assert failed_checks(HEALTHY) == []


@pytest.mark.parametrize(
    "change, check",
    [
        ({"item_scraped_count": 0, "newscrawl/store/inserted": 0, "response_received_count": 3}, "no_articles"),
        ({"newscrawl/extract/fallback": 25}, "fallbacks"),
        ({"newscrawl/skip/empty_body": 15}, "empty_bodies"),
        ({"newscrawl/skip/short_body": 15}, "empty_bodies"),
        ({"newscrawl/items/no_date": 12}, "missing_dates"),
        ({"newscrawl/encoding/repaired": 20}, "encoding_repairs"),
    ],
)
def test_each_check_fires(change: dict[str, int], check: str) -> None:
    assert check in failed_checks({**HEALTHY, **change})


def test_an_incremental_run_with_nothing_new_is_healthy() -> None:
    stats = {"response_received_count": 4, "newscrawl/skip/stored": 120}
    assert failed_checks(stats) == []


def test_thresholds_are_settings_and_small_crawls_are_not_judged_by_shares() -> None:
    noisy = {**HEALTHY, "newscrawl/extract/fallback": 25}
    assert failed_checks(noisy, NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE=0.9) == []
    assert failed_checks(noisy, NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE=-1) == []
    small = {"response_received_count": 5, "item_scraped_count": 3, "newscrawl/extract/fallback": 3}
    assert failed_checks(small) == []
    assert failed_checks(small, NEWSCRAWL_HEALTH_MIN_PAGES=1) == ["fallbacks"]


def test_summary_counts_duplicates_skips_and_failures() -> None:
    stats = {
        **HEALTHY,
        "newscrawl/duplicates/near": 4,
        "newscrawl/duplicates/near_marked": 1,
        "newscrawl/failed/article/http_404": 2,
        "newscrawl/skip/stored": 7,
    }
    summary = CrawlSummary.from_stats(stats)
    assert summary.duplicates == {"near": 4}
    assert summary.failed == {"article/http_404": 2}
    assert "duplicates url/exact/near 0/0/4" in summary.line(12.0)
    assert "12 pages/min" in summary.line(12.0)
    assert "articles stored and unchanged (not fetched)         7" in summary.table()


def test_failed_check_closes_with_its_reason_and_exit_status_3(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(
        tmp_path, "-a", f"base_url={replica.base_url}", "-a", "api_url=",
        settings={"NEWSCRAWL_HEALTH_MIN_PAGES": "1", "NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE": "0.05"},
    )  # fmt: skip
    assert result.returncode == 3, result.log[-2000:]
    assert "ERROR: Health check failed: fallbacks" in result.log
    assert "'finish_reason': 'health_check_failed'" in result.log
    assert len(result.items) > 0  # the articles were still stored and exported


def test_a_crawl_that_finds_nothing_fails_visibly(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"base_url={replica.base_url}/nothing-here", "-a", "api_url=")
    assert result.returncode == 3, result.log[-2000:]
    assert "Health check failed: no_articles" in result.log


def test_a_healthy_replica_crawl_exits_0_with_a_summary(replica: Replica, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, "-a", f"base_url={replica.base_url}", "-a", f"api_url={replica.base_url}",
                       settings={"NEWSCRAWL_PROGRESS_SECONDS": "0.2"})  # fmt: skip
    assert result.returncode == 0
    assert "Health checks passed" in result.log
    assert "[newscrawl.progress] INFO: Progress: " in result.log
    assert "Crawl summary (finished):" in result.log


def test_undated_articles_are_counted_with_the_progress_line_off() -> None:
    """The missing_dates check reads newscrawl/items/no_date, which the progress extension
    counted: NEWSCRAWL_PROGRESS_ENABLED=False left the check blind."""
    crawler = get_crawler(
        settings_dict={**PROJECT_SETTINGS, "NEWSCRAWL_PROGRESS_ENABLED": False, "NEWSCRAWL_SQLITE_PATH": ""}
    )
    for item in (Article(headline="بلا تاريخ"), Article(headline="بتاريخ", datePublished="2025-01-02")):
        crawler.signals.send_catch_log(signals.item_scraped, item=item, response=None, spider=None)
    assert crawler.stats is not None
    assert crawler.stats.get_value("newscrawl/items/no_date") == 1
