"""The item pipelines: required fields and the SQLite store (a real SQLite file)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.items import ARTICLE_FIELDS, Article
from newscrawl.pipelines.required import RequiredFieldsPipeline
from newscrawl.pipelines.store import StorePipeline
from tests.conftest import STORE_OWNER


def article(**fields: object) -> Article:
    base = {
        "url": "http://127.0.0.1/Web/News/2025/11/1.html",
        "canonicalUrl": "https://elaph.com/Web/News/2025/11/1.html",
        "articleId": "1",
        "site": "elaph.com",
        "headline": "عنوان الخبر",
        "articleBody": "الفقرة الأولى\nالفقرة الثانية",
        "authors": [{"name": "نصر المجالي"}],
        "tags": ["باريس"],
        "mainImage": {"url": "https://s1.elaph.com/resources/images/a.jpg"},
    }
    return Article(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["url", "canonicalUrl", "headline", "articleBody"])
def test_required_fields_drop_with_a_counted_reason(field: str) -> None:
    crawler = get_crawler()
    pipeline = build_from_crawler(RequiredFieldsPipeline, crawler)
    with pytest.raises(DropItem, match=field) as raised:
        pipeline.process_item(article(**{field: None}))
    assert raised.value.log_level == "INFO"
    assert crawler.stats.get_value(f"newscrawl/drop/missing_{field}") == 1


def test_complete_article_passes_and_empty_setting_disables() -> None:
    item = article()
    assert build_from_crawler(RequiredFieldsPipeline, get_crawler()).process_item(item) is item
    with pytest.raises(NotConfigured):
        build_from_crawler(RequiredFieldsPipeline, get_crawler(settings_dict={"NEWSCRAWL_REQUIRED_FIELDS": []}))


def open_pipeline(path: Path, **settings: object) -> tuple[StorePipeline, object]:
    crawler = get_crawler(settings_dict={**STORE_OWNER, "NEWSCRAWL_SQLITE_PATH": str(path), **settings})
    pipeline = build_from_crawler(StorePipeline, crawler)
    pipeline.open_spider()
    return pipeline, crawler


def rows(path: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM articles ORDER BY canonicalUrl").fetchall()


def test_sqlite_stores_one_row_per_canonical_url_with_a_column_per_field(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "store.sqlite3"
    pipeline, crawler = open_pipeline(path)
    pipeline.store_item(article())
    pipeline.store_item(article(headline="عنوان محدث"))  # same canonicalUrl: a new version
    pipeline.store_item(article(canonicalUrl="https://elaph.com/Web/News/2025/11/2.html", articleId="2"))
    pipeline.close_spider()
    stored = rows(path)
    assert len(stored) == 2
    assert set(ARTICLE_FIELDS) <= set(stored[0].keys())
    assert stored[0]["headline"] == "عنوان محدث"
    assert stored[0]["version"] == 2
    assert json.loads(stored[0]["authors"]) == [{"name": "نصر المجالي"}]
    assert json.loads(stored[0]["mainImage"]) == {"url": "https://s1.elaph.com/resources/images/a.jpg"}
    assert crawler.stats.get_value("newscrawl/store/inserted") == 2
    assert crawler.stats.get_value("newscrawl/store/updated") == 1
    # The names of newscrawl 0.1, counted too for one release (README: stats).
    assert crawler.stats.get_value("newscrawl/sqlite/inserted") == 2
    assert crawler.stats.get_value("newscrawl/sqlite/updated") == 1


def test_sqlite_uses_wal_and_stores_hostile_text_literally(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    hostile = "'); DROP TABLE articles; -- \" ; SELECT * FROM sqlite_master; \x00 ؟"
    pipeline, _ = open_pipeline(path)
    pipeline.store_item(article(headline=hostile, articleBody=hostile))
    pipeline.close_spider()
    (row,) = rows(path)
    assert row["headline"] == hostile
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_items_are_released_only_when_their_batch_is_committed(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    pipeline, crawler = open_pipeline(path, NEWSCRAWL_SQLITE_BATCH_SIZE=2, NEWSCRAWL_SQLITE_COMMIT_SECONDS=3600)
    released = [
        pipeline.store_item(article(canonicalUrl=f"https://elaph.com/Web/News/2025/11/{n}.html")) for n in range(3)
    ]
    assert [d.called for d in released] == [True, True, False]
    assert len(rows(path)) == 2  # a second connection sees the committed batch only
    pipeline.close_spider()
    assert released[2].called
    assert len(rows(path)) == 3
    assert (
        crawler.stats.get_value("newscrawl/store/commits") == crawler.stats.get_value("newscrawl/sqlite/commits") == 2
    )


def test_sqlite_empty_path_disables_the_pipeline() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(StorePipeline, get_crawler(settings_dict={"NEWSCRAWL_SQLITE_PATH": ""}))


def test_records_do_not_depend_on_the_articles_before_them() -> None:
    """Issue 19: a pipeline learnt short repeated lines during a crawl and removed them from the
    4th article on, so the same page gave another record depending on crawl order. Every item
    pipeline the project runs without a store leaves the body as extraction made it."""
    crawler = get_crawler(settings_dict={"NEWSCRAWL_SQLITE_PATH": "", "NEWSCRAWL_DEDUP_ENABLED": False})
    pipelines = []
    for path in sorted(project_settings.ITEM_PIPELINES, key=project_settings.ITEM_PIPELINES.__getitem__):
        try:
            pipelines.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured:
            continue
    line = "تابعوا آخر الأخبار على قناتنا في تطبيق المراسلة"
    for n in range(6):
        body = f"خبر رقم {n} عن الاقتصاد والسياسة في المنطقة\n{line}\nفقرة خاصة بالخبر {n}"
        item = article(articleId=str(n), canonicalUrl=f"https://elaph.com/Web/News/2025/11/{n}.html", articleBody=body)
        for pipeline in pipelines:
            item = pipeline.process_item(item)
        assert item.articleBody == body
