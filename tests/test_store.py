"""The SQLite store: upserts with versions, full-text search over match keys, counts,
export records, migration of older files, hostile text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newscrawl.items import Article
from newscrawl.store import Store, content_hash

URL = "https://elaph.com/Web/News/2025/11/1.html"


def article(**fields: object) -> Article:
    base = {
        "url": URL,
        "canonicalUrl": URL,
        "articleId": "1",
        "site": "elaph.com",
        "headline": "مُحَمَّد بن سلمان يستقبل أحمد أبو الغيط",
        "articleBody": "استقبل ولي العهد الأمين العام للجامعة العربية.\nوبحث الجانبان تطورات المنطقة.",
        "datePublished": "2025-11-28T10:15:00+00:00",
        "dateDownloaded": "2025-11-28T11:00:00+00:00",
        "section": "أخبار",
        "tags": ["الرياض"],
    }
    return Article(**{**base, **fields})  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


def test_content_hash_ignores_spelling_variants_only() -> None:
    assert content_hash("أحمد", "مُحَمَّد في الرياض") == content_hash("احمد", "محمد في الرياض.")
    assert content_hash("أحمد", "محمد في الرياض") != content_hash("أحمد", "محمد في جدة")


def test_save_inserts_refreshes_and_versions(store: Store) -> None:
    assert store.save(article()) == "inserted"
    assert store.save(article(dateDownloaded="2025-11-29T00:00:00+00:00")) == "refreshed"
    changed = article(articleBody="نص معدل بعد التحديث.", dateModified=None)
    store.save(article(dateModified="2025-11-28T12:00:00+00:00", articleBody="نص ثان."))
    assert store.save(changed) == "updated"
    store.commit()
    stored = store.find(URL)
    assert stored is not None and stored.version == 3
    assert stored.dateModified == "2025-11-28T12:00:00+00:00"  # kept from the version that had it
    history = store.versions(URL)
    assert [v["version"] for v in history] == [1, 2]
    assert history[0]["articleBody"].startswith("استقبل ولي العهد")
    assert history[1]["articleBody"] == "نص ثان."


def test_find_by_site_and_article_id(store: Store) -> None:
    store.save(article())
    assert store.find(site="elaph.com", article_id="1").canonicalUrl == URL  # type: ignore[union-attr]
    assert store.find(site="elaph.com", article_id="2") is None


@pytest.mark.parametrize(
    "query",
    ["محمد", "مُحَمَّد", "احمد", "أحمد", "ابو الغيط", "العربيه", "تطورات"],
)
def test_search_folds_arabic_spelling(store: Store, query: str) -> None:
    store.save(article())
    store.save(article(canonicalUrl=URL.replace("1.html", "2.html"), articleId="2", headline="خبر آخر",
                       articleBody="لا علاقة له بالموضوع."))  # fmt: skip
    results = store.search(query)
    assert [r["canonicalUrl"] for r in results] == [URL]
    assert results[0]["tags"] == ["الرياض"]


def test_search_follows_updates_and_survives_hostile_queries(store: Store) -> None:
    store.save(article())
    store.save(article(headline="عنوان جديد", articleBody="نص جديد تماما."))
    assert store.search("الغيط") == []
    assert [r["canonicalUrl"] for r in store.search("جديد")] == [URL]
    for hostile in ['" OR 1=1 --', "NEAR(", "*", "'; DROP TABLE articles; --"]:
        store.search(hostile)  # no exception
    assert store.find(URL) is not None


def test_counts_and_export(store: Store) -> None:
    store.save(article())
    store.save(article(canonicalUrl=URL.replace("1.html", "2.html"), articleId="2", section="اقتصاد",
                       datePublished="2025-11-29T08:00:00+00:00", headline="ب", articleBody="نص"))  # fmt: skip
    assert store.counts("day") == [("2025-11-28", 1), ("2025-11-29", 1)]
    assert sorted(store.counts("section")) == [("أخبار", 1), ("اقتصاد", 1)]
    records = list(store.articles(since="2025-11-29"))
    assert [r["articleId"] for r in records] == ["2"]
    assert set(records[0]) == set(Article.__dataclass_fields__)


def test_an_older_store_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute('CREATE TABLE articles ("canonicalUrl" TEXT PRIMARY KEY NOT NULL, "headline" TEXT)')
        connection.execute("INSERT INTO articles VALUES (?, ?)", (URL, "قديم"))
    store = Store(path)
    assert store.find(URL) is not None
    assert store.save(article()) == "updated"


def test_two_stores_can_share_one_file(tmp_path: Path) -> None:
    first, second = Store(tmp_path / "s.sqlite3"), Store(tmp_path / "s.sqlite3")
    first.save(article())
    first.commit()
    second.save(article(canonicalUrl=URL.replace("1.html", "2.html"), articleId="2"))
    second.commit()
    assert len(list(first.articles())) == 2
