"""Two crawler processes that see copies of the same story at the same moment store one
original, not two: the real dedup stages and storage pipeline in two processes on one
store (PostgreSQL, and a shared SQLite file), meeting at a barrier before each story."""

from __future__ import annotations

import sqlite3
import traceback
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.extensions.feeds import DeliveredFeedExporter
from newscrawl.identity import identify
from newscrawl.items import Article
from newscrawl.pipelines.dedup_exact import ExactDuplicatePipeline
from newscrawl.pipelines.dedup_near import NearDuplicatePipeline
from newscrawl.pipelines.dedup_url import SameArticlePipeline
from newscrawl.pipelines.store import StorePipeline
from newscrawl.spiders.news import NewsSpider
from newscrawl.storage import open_store
from tests.conftest import STORE_OWNER
from tests.two_crawls import run_two_sides, two_sides

STORIES = 24
STAGES = (SameArticlePipeline, ExactDuplicatePipeline, NearDuplicatePipeline)


def crawl_process(settings: dict[str, str], side: str, texts: list[tuple[str, str]], barrier: Any, out: Any) -> None:
    """One crawl's pipelines: each story's copy (this side's URL) offered at the barrier."""
    try:
        crawler = get_crawler(settings_dict={**STORE_OWNER, **settings})
        stages = [build_from_crawler(stage, crawler) for stage in STAGES]
        storage = build_from_crawler(StorePipeline, crawler)
        for stage in (*stages, storage):
            stage.open_spider()
        outcomes = []
        for n, (headline, body) in enumerate(texts):
            url = f"https://{side}.example/news/{n}.html"
            item = Article(url=url, canonicalUrl=url, articleId=str(n), site=f"{side}.example", headline=headline,
                           articleBody=body, datePublished="2025-11-28T10:00:00+00:00")  # fmt: skip
            barrier.wait(timeout=30)
            try:
                for stage in stages:
                    item = stage.process_item(item)
            except DropItem as drop:
                outcomes.append(str(drop).split(" ", 1)[0].lower())  # "exact" / "near-duplicate"
                continue
            storage.store_item(item)
            storage.commit()  # the batch ends with the item: the other process may go on
            outcomes.append("original")
        storage.close_spider()
        out.put((side, outcomes))
    except Exception:  # report with its traceback, and free the other side at once
        barrier.abort()
        out.put((side, traceback.format_exc()))


@pytest.fixture(params=["postgres", "sqlite"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "postgres":
        return {"NEWSCRAWL_POSTGRES_DSN": request.getfixturevalue("postgres_dsn"), "NEWSCRAWL_SQLITE_PATH": ""}
    return {"NEWSCRAWL_SQLITE_PATH": str(tmp_path / "shared.sqlite3")}


def test_copies_seen_at_the_same_moment_store_one_original(store_settings: dict[str, str]) -> None:
    outcomes = run_two_sides(partial(crawl_process, store_settings), two_sides(7, STORIES))
    for n, pair in enumerate(outcomes):
        assert pair.count("original") == 1, (n, pair)  # the other copy was dropped as a duplicate
    store = open_store(store_settings)
    assert store is not None
    originals = [record for record in store.articles() if not record["duplicateOf"]]
    assert len(originals) == STORIES  # one original per story (a later-arriving original marks the copy)
    store.close()


def test_a_worker_on_a_shared_file_holds_its_write_lock_only_inside_an_item(tmp_path: Path) -> None:
    """Workers of one shared frontier write one SQLite file, which has one write lock. A
    write made outside an item's transaction — a feed's delivery mark after the item was
    committed, a page remembered as no article — was left open until the storage
    pipeline's timer, so a busy worker held the lock nearly all the time and the other
    waited out its busy timeout ("database is locked": the crawl failed)."""
    path = tmp_path / "store.sqlite3"
    settings = {
        **{name: getattr(project_settings, name) for name in ("FEED_STORAGES", "FEED_EXPORT_ENCODING")},
        "NEWSCRAWL_SQLITE_PATH": str(path),
        "NEWSCRAWL_REDIS_URL": "redis://127.0.0.1:9/0",  # a worker of a shared frontier (not reached here)
        "FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}},
    }
    crawler = get_crawler(NewsSpider, settings_dict={**STORE_OWNER, **settings})
    spider = NewsSpider.from_crawler(crawler, url="https://a.example")
    storage = build_from_crawler(StorePipeline, crawler)
    storage.open_spider()
    feeds = build_from_crawler(DeliveredFeedExporter, crawler)
    feeds.open_spider(spider)
    other = sqlite3.connect(path, timeout=0)  # another worker: the write lock, without waiting

    def other_can_write() -> None:
        other.execute("BEGIN IMMEDIATE")
        other.rollback()

    other_can_write()
    url = "https://a.example/news/1.html"
    item = Article(url=url, canonicalUrl=url, site="a.example", headline="عنوان الخبر", articleBody="نص الخبر")
    storage.store_item(item)
    other_can_write()
    feeds.item_scraped(item, spider)
    assert "news/1.html" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    other_can_write()
    identity = identify("https://a.example/news/2.html", spider.sites[0].profile)
    assert identity is not None
    spider.remember_outcome(identity, "not_article")
    other_can_write()
    other.close()
    storage.close_spider()
