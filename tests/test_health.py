"""Progress summary and health checks: each check fires on stats that should trip it, and
``scrapy crawl`` exits with status 3 and the reason ``health_check_failed`` when one does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.extensions.health import SiteLimits, evaluate, judge, site_outcomes
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


# -- per site ------------------------------------------------------------------------------


def site_counts(site: str, stats: dict[str, int]) -> dict[str, int]:
    """``stats`` as one site's own counts (:mod:`newscrawl.sitestats`)."""
    return {f"newscrawl/site/{site}/{k.removeprefix('newscrawl/')}": v for k, v in stats.items()}


def two_sites(**health: float) -> dict[str, SiteLimits]:
    return {
        "a.com": SiteLimits("a.com", ("a.com",), {}, "a.json"),
        "b.com": SiteLimits("b.com", ("b.com",), health, "b.json"),
    }


BROKEN = {**HEALTHY, "newscrawl/extract/fallback": 20}  # 20 of 31 article pages: 65 %


def test_one_broken_site_among_healthy_ones_fails_by_name() -> None:
    healthy = {k: v * 5 for k, v in HEALTHY.items()}
    stats = {
        **{k: healthy[k] + BROKEN[k] for k in HEALTHY},
        **site_counts("a.com", healthy),
        **site_counts("b.com", BROKEN),
    }
    whole, per_site = judge(stats, Settings(), two_sites())
    assert whole == []  # the crawl as a whole hides it: 30 fallbacks of 186 pages
    assert per_site["a.com"] == []
    assert [f.message() for f in per_site["b.com"]] == [
        "Health check failed for b.com: fallbacks 65 % > 50 % (NEWSCRAWL_HEALTH_MAX_FALLBACK_SHARE)"
    ]


def test_a_site_with_no_article_fails_by_name() -> None:
    stats = {**site_counts("a.com", HEALTHY), "newscrawl/site/b.com/response_received_count": 3}
    _, per_site = judge(stats, Settings(), two_sites())
    assert [(f.site, f.check) for f in per_site["b.com"]] == [("b.com", "no_articles")]


@pytest.mark.parametrize(
    "health, failed",
    [({}, ["fallbacks"]), ({"max_fallback_share": 0.7}, []), ({"max_fallback_share": -1}, []),
     ({"max_empty_share": 0.01}, ["fallbacks", "empty_bodies"]), ({"min_pages": 100}, [])],
)  # fmt: skip
def test_a_profiles_health_limits_replace_the_settings_for_its_site(
    health: dict[str, float], failed: list[str]
) -> None:
    stats = {**site_counts("a.com", HEALTHY), **site_counts("b.com", BROKEN)}
    _, per_site = judge(stats, Settings(), two_sites(**health))
    assert [f.check for f in per_site["b.com"]] == failed
    named = [f.setting for f in per_site["b.com"] if f.check in health]
    assert all(name.startswith("health.") and name.endswith("in b.json") for name in named)


def test_a_crawl_of_one_site_is_judged_once_with_its_profiles_limits() -> None:
    only = {"b.com": SiteLimits("b.com", ("b.com",), {"max_fallback_share": 0.9}, "b.json")}
    assert judge({**BROKEN, **site_counts("b.com", BROKEN)}, Settings(), only) == ([], {"b.com": []})
    whole, per_site = judge({**BROKEN, **site_counts("b.com", BROKEN)}, Settings(), {})
    assert whole[0].message().startswith("Health check failed: fallbacks = 0.645 (limit 0.5")
    assert per_site == {}


def test_site_outcomes_keep_shares_limits_and_the_failed_checks() -> None:
    stats = {**site_counts("a.com", HEALTHY), **site_counts("b.com", BROKEN), "newscrawl/health/checked": 1,
             "newscrawl/site/b.com/health/failed/fallbacks": 1}  # fmt: skip
    outcomes = site_outcomes(stats, Settings(), two_sites(max_fallback_share=0.6))
    assert outcomes["a.com"]["status"] == "passed" and outcomes["b.com"]["status"] == "failed"
    assert outcomes["b.com"]["failed"] == ["fallbacks"] and outcomes["b.com"]["articles"] == 30
    assert outcomes["b.com"]["shares"]["fallbacks"] == 0.6452 and outcomes["b.com"]["limits"]["fallbacks"] == 0.6
    assert outcomes["a.com"]["limits"]["fallbacks"] == 0.5
    assert site_outcomes(site_counts("a.com", HEALTHY), Settings(), {})["a.com"]["status"] == "unchecked"
