"""Two crawler processes that see copies of the same story at the same moment store one
original, not two: the real dedup stages and storage pipeline in two processes on one
store (PostgreSQL, and a shared SQLite file), meeting at a barrier before each story."""

from __future__ import annotations

import traceback
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.pipelines.dedup_exact import ExactDuplicatePipeline
from newscrawl.pipelines.dedup_near import NearDuplicatePipeline
from newscrawl.pipelines.dedup_url import SameArticlePipeline
from newscrawl.pipelines.sqlite import SQLitePipeline
from newscrawl.store import open_store
from tests.two_crawls import run_two_sides, two_sides

STORIES = 24
STAGES = (SameArticlePipeline, ExactDuplicatePipeline, NearDuplicatePipeline)


def crawl_process(settings: dict[str, str], side: str, texts: list[tuple[str, str]], barrier: Any, out: Any) -> None:
    """One crawl's pipelines: each story's copy (this side's URL) offered at the barrier."""
    try:
        crawler = get_crawler(settings_dict=settings)
        stages = [build_from_crawler(stage, crawler) for stage in STAGES]
        storage = build_from_crawler(SQLitePipeline, crawler)
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
