"""The same pages give the same records whatever the crawl order (issue 19): a 300-article
site with syndicated copies and repeated furniture (``tests/order_replica.py``), crawled one
request at a time, sixteen at a time and with its sitemap reversed, each into a fresh store,
gives the same sorted feed but for ``dateDownloaded``; an incremental run that meets five new
articles gives them the records a full crawl gives them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_crawl, start_replica
from tests.order_replica import write_site

ARTICLES = 300
QUICK = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "NEWSCRAWL_CRAWL_DELAY_ENABLED": "False"}


def records(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The feed sorted by canonical URL, without the one field a download time sets."""
    return sorted(({k: v for k, v in item.items() if k != "dateDownloaded"} for item in items),
                  key=lambda r: r["canonicalUrl"])  # fmt: skip


def crawl(tmp_path: Path, base_url: str, concurrency: int, name: str, store: Path | None = None) -> list[dict]:
    settings = {**QUICK, "CONCURRENT_REQUESTS": str(concurrency), "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency)}
    if store is not None:
        settings["NEWSCRAWL_SQLITE_PATH"] = str(store)
    folder = tmp_path / name
    folder.mkdir()
    result = run_crawl(folder, "-a", f"url={base_url}", settings=settings, spider="news", timeout=300)
    assert result.returncode == 0, result.log[-3000:]
    return result.items


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name, options in {
        "forward": {},
        "reversed": {"reverse": True},
    }.items():
        folders[name] = tmp_path_factory.mktemp(f"order-{name}")
        write_site(folders[name], ARTICLES, **options)
    return folders


def test_three_crawl_orders_give_the_same_records(sites: dict[str, Path], tmp_path: Path) -> None:
    feeds = {}
    with start_replica(tmp_path, root=sites["forward"], host="127.0.0.8") as forward:
        feeds["one at a time"] = crawl(tmp_path, forward.base_url, 1, "c1")
        feeds["sixteen at a time"] = crawl(tmp_path, forward.base_url, 16, "c16")
    (tmp_path / "r").mkdir()
    with start_replica(tmp_path / "r", root=sites["reversed"], host="127.0.0.8") as backward:
        feeds["sitemap reversed"] = crawl(tmp_path, backward.base_url, 16, "reversed")
    # The two servers had two ports: compare paths.
    for items in feeds.values():
        for item in items:
            for key in ("url", "canonicalUrl"):
                item[key] = item[key].split("/", 3)[3]
    baseline = records(feeds["one at a time"])
    assert len(baseline) >= ARTICLES  # every story once: the copies were dropped
    for name, items in feeds.items():
        differing = [a["canonicalUrl"] for a, b in zip(baseline, records(items), strict=False) if a != b]
        assert len(items) == len(baseline) and not differing, (name, len(items), differing[:5])


def test_an_incremental_run_gives_new_articles_the_records_of_a_full_crawl(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    write_site(site, ARTICLES)
    store = tmp_path / "store.sqlite3"
    with start_replica(tmp_path, root=site, host="127.0.0.10") as replica:
        crawl(tmp_path, replica.base_url, 16, "first", store)
        write_site(site, ARTICLES, extra=5)  # five newer stories appear on the site
        second = crawl(tmp_path, replica.base_url, 16, "second", store)
        full = crawl(tmp_path, replica.base_url, 16, "full")
    new = {item["canonicalUrl"] for item in second}
    assert len(new) == 5, sorted(new)
    assert records(second) == records([item for item in full if item["canonicalUrl"] in new])
