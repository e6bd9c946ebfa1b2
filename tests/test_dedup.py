"""Deduplication across runs: same article, exact content, near-duplicates (drop/mark),
the earliest copy as the original, pruning, and persistence in a real SQLite file."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl.extensions.store import shared_store
from newscrawl.items import Article
from newscrawl.minhash import SCHEME
from newscrawl.pipelines.dedup_exact import ExactDuplicatePipeline
from newscrawl.pipelines.dedup_near import NearDuplicatePipeline
from newscrawl.pipelines.dedup_url import SameArticlePipeline
from newscrawl.storage import Store
from tests.conftest import STORE_OWNER
from tests.wirestories import background_sibling, copy_of, story

STAGES = (SameArticlePipeline, ExactDuplicatePipeline, NearDuplicatePipeline)


class Run:
    """One crawl's dedup stages on a store file; ``save`` also stores what passes."""

    def __init__(self, path: Path, **settings: Any):
        self.crawler = get_crawler(settings_dict={**STORE_OWNER, "NEWSCRAWL_SQLITE_PATH": str(path), **settings})
        self.stages = [build_from_crawler(stage, self.crawler) for stage in STAGES]
        for stage in self.stages:
            stage.open_spider()
        self.store = shared_store(self.crawler)

    def offer(self, item: Article) -> Article | None:
        try:
            for stage in self.stages:
                item = stage.process_item(item)
        except DropItem:
            return None
        self.store.save(item)
        return item

    def stat(self, name: str) -> int:
        return self.crawler.stats.get_value(f"newscrawl/duplicates/{name}", 0)

    def close(self) -> None:
        self.store.close()


def article(n: int, headline: str, body: str, published: str = "2025-11-28T10:00:00+00:00", site: str = "a.example"):
    return Article(
        url=f"https://{site}/news/{n}.html", canonicalUrl=f"https://{site}/news/{n}.html", articleId=str(n),
        site=site, headline=headline, articleBody=body, datePublished=published,
    )  # fmt: skip


@pytest.fixture
def make_run(backend: dict[str, str]) -> Iterator[Callable[..., Run]]:
    """The dedup stages of a crawl on the test's store, once per backend."""
    runs: list[Run] = []

    def make(**settings: Any) -> Run:
        runs.append(Run(Path(backend["NEWSCRAWL_SQLITE_PATH"]), **{**backend, **settings}))
        return runs[-1]

    yield make
    for one in runs:
        if one.store.connection is not None:
            one.close()


@pytest.fixture
def run(make_run: Callable[..., Run]) -> Run:
    return make_run()


def test_same_article_unchanged_is_dropped_changed_passes(run: Run) -> None:
    first = article(1, "عنوان", "نص الخبر الأول بكامله.")
    assert run.offer(first) is not None
    assert run.offer(article(1, "عنوان", "نص الخبر الأول بكامله.")) is None
    assert run.stat("url") == 1
    assert run.offer(article(1, "عنوان", "نص الخبر الأول بعد التعديل.")) is not None


def test_same_site_id_under_another_url_updates_the_stored_row(run: Run) -> None:
    run.offer(article(1, "عنوان", "نص"))
    moved = article(1, "عنوان", "نص معدل")
    moved.canonicalUrl = "https://a.example/news/01/1.html"
    assert run.offer(moved).canonicalUrl == "https://a.example/news/1.html"  # type: ignore[union-attr]


def test_exact_copy_under_another_url_is_dropped(run: Run) -> None:
    run.offer(article(1, "أحمد في الرياض", "وصل أحمد إلى الرياض."))
    assert run.offer(article(2, "احمد في الرياض", "وصل احمد الى الرياض", site="b.example")) is None
    assert run.stat("exact") == 1


def test_wire_copies_are_near_duplicates_and_unrelated_stories_are_not(run: Run) -> None:
    rng = random.Random(7)
    original = story(rng)
    run.offer(article(1, original.headline, original.body))
    for n in range(2, 6):
        copy = copy_of(original, rng, edit_rate=0.01)  # a clear copy: re-spelled, a paragraph dropped
        assert run.offer(article(n, copy.headline, copy.body, "2025-11-28T12:00:00+00:00", "b.example")) is None
    assert run.stat("near") == 4
    for n in range(6, 10):
        other = story(rng)
        assert run.offer(article(n, other.headline, other.body)) is not None
    sibling = background_sibling(original, rng)
    assert run.offer(article(10, sibling.headline, sibling.body)) is not None
    assert run.stat("near") == 4


def test_mark_mode_keeps_the_copy_with_duplicate_of(tmp_path: Path) -> None:
    run = Run(tmp_path / "s.sqlite3", NEWSCRAWL_NEAR_DUPLICATES="mark")
    rng = random.Random(3)
    original = story(rng)
    run.offer(article(1, original.headline, original.body))
    copy = copy_of(original, rng, edit_rate=0.01)
    kept = run.offer(article(2, copy.headline, copy.body, "2025-11-29T00:00:00+00:00"))
    assert kept is not None and kept.duplicateOf == "https://a.example/news/1.html"


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "original-first"])
def test_one_copy_reaches_the_feed_and_the_earliest_is_the_original(run: Run, copy_first: bool) -> None:
    """Drop mode, both arrival orders: exactly one copy passes (reaches the feeds); the store
    knows the earliest-published copy as the original and the other as its duplicate."""
    rng = random.Random(5)
    original = story(rng)
    copy = copy_of(original, rng, edit_rate=0.01)
    items = [
        article(1, original.headline, original.body, "2025-11-28T09:00:00+00:00"),
        article(2, copy.headline, copy.body, "2025-11-29T09:00:00+00:00"),
    ]
    passed = [run.offer(item) for item in (reversed(items) if copy_first else items)]
    assert sum(item is not None for item in passed) == 1
    run.store.commit()
    rows = dict(run.store.connection.execute('SELECT "articleId", "duplicateOf" FROM articles').fetchall())
    assert rows == {"1": None, "2": "https://a.example/news/1.html"} if copy_first else {"1": None}
    assert run.stat("near_original_later") == int(copy_first)


def test_copies_of_one_time_name_the_same_original_in_any_order(tmp_path: Path) -> None:
    """Two copies published at the same moment: the original is the first canonical URL,
    whichever arrives first (mark mode keeps both, so the store shows the decision)."""
    rng = random.Random(9)
    original = story(rng)
    copy = copy_of(original, rng, edit_rate=0.01)
    outcomes = []
    for order, name in ((1, "ab"), (-1, "ba")):
        run = Run(tmp_path / f"{name}.sqlite3", NEWSCRAWL_NEAR_DUPLICATES="mark")
        items = [article(1, original.headline, original.body), article(2, copy.headline, copy.body)]
        for item in items[::order]:
            run.offer(item)
        run.store.commit()
        outcomes.append(dict(run.store.connection.execute('SELECT "articleId", "duplicateOf" FROM articles')))
        run.close()
    assert outcomes[0] == outcomes[1] == {"1": None, "2": "https://a.example/news/1.html"}


def test_the_index_persists_across_runs_and_signatures_are_pruned_by_when_they_were_stored(tmp_path: Path) -> None:
    """A backfill of old years: a copy of a 2020 story met on a later run is still a
    near-duplicate (the window counts from when a signature was stored, not from the
    publication); a signature stored more than 30 days ago is pruned when a crawl opens."""
    path = tmp_path / "s.sqlite3"
    rng = random.Random(11)
    old_story, forgotten_story = story(rng), story(rng)
    first = Run(path)
    first.offer(article(1, old_story.headline, old_story.body, "2020-01-01T00:00:00+00:00"))
    first.offer(article(2, forgotten_story.headline, forgotten_story.body, "2025-01-01T00:00:00+00:00"))
    first.store.connection.execute(
        "UPDATE dedup_signatures SET epoch = ? WHERE canonicalUrl = ?",
        (time.time() - 40 * 86400, "https://a.example/news/2.html"),
    )  # stored 40 days ago
    first.store.commit()
    first.close()
    second = Run(path)  # opening prunes signatures stored more than 30 days ago
    assert second.stat("near_pruned") == 1
    old_copy = copy_of(old_story, rng, edit_rate=0.01)
    assert second.offer(article(3, old_copy.headline, old_copy.body, "2020-01-02T00:00:00+00:00")) is None
    late_copy = copy_of(forgotten_story, rng, edit_rate=0.01)
    assert second.offer(article(4, late_copy.headline, late_copy.body, "2025-01-02T00:00:00+00:00")) is not None
    exact = article(5, old_story.headline, old_story.body)
    assert second.offer(exact) is None  # exact keys are kept for good
    assert second.stat("exact") == 1


def test_bad_mode_is_refused_and_off_disables(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NEWSCRAWL_NEAR_DUPLICATES"):
        Run(tmp_path / "s.sqlite3", NEWSCRAWL_NEAR_DUPLICATES="maybe")
    crawler = get_crawler(settings_dict={"NEWSCRAWL_SQLITE_PATH": "", "NEWSCRAWL_DEDUP_ENABLED": True})
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        build_from_crawler(NearDuplicatePipeline, crawler)


def test_signatures_of_another_scheme_are_remade_from_the_stored_articles(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    rng = random.Random(13)
    stories = [story(rng) for _ in range(3)]
    first = Run(path)
    for n, one in enumerate(stories, 1):
        first.offer(article(n, one.headline, one.body, "2099-01-01T00:00:00+00:00"))
    # What an older newscrawl left: signatures of another scheme, which match nothing now.
    first.store.connection.execute("UPDATE dedup_signatures SET signature = zeroblob(512)")
    first.store.connection.execute("UPDATE dedup_bands SET key = key + 1")
    first.store.connection.execute("UPDATE meta SET value = 'newscrawl-minhash-v1' WHERE name = 'signature_scheme'")
    first.store.commit()
    first.close()
    second = Run(path)
    assert second.stat("near_reindexed") == 3
    assert second.store.signature_scheme() == "newscrawl-minhash-v2"
    copy = copy_of(stories[1], rng, edit_rate=0.01)
    assert second.offer(article(9, copy.headline, copy.body, "2099-01-02T00:00:00+00:00")) is None
    assert second.stat("near") == 1
    third = Run(path)  # the same scheme: nothing to re-make
    assert third.stat("near_reindexed") == 0


# -- on both backends ----------------------------------------------------------------------


def test_mark_duplicate_and_the_earliest_copy_is_the_original(make_run: Callable[..., Run]) -> None:
    run = make_run()
    rng = random.Random(5)
    original = story(rng)
    copy = copy_of(original, rng, edit_rate=0.01)
    run.offer(article(2, copy.headline, copy.body, "2025-11-29T09:00:00+00:00"))  # the copy arrives first
    # Drop mode: the original is stored but not fed (the story reached the feed as the copy)
    assert run.offer(article(1, original.headline, original.body, "2025-11-28T09:00:00+00:00")) is None
    run.store.commit()
    marks = {r["articleId"]: r["duplicateOf"] for r in run.store.articles()}
    assert marks == {"1": None, "2": "https://a.example/news/1.html"}
    assert run.stat("near_original_later") == 1


def test_mark_mode_and_pruning_across_runs(make_run: Callable[..., Run]) -> None:
    rng = random.Random(11)
    old_story, new_story = story(rng), story(rng)
    first = make_run(NEWSCRAWL_NEAR_DUPLICATES="mark")
    first.offer(article(1, old_story.headline, old_story.body, "2020-01-01T00:00:00+00:00"))
    first.offer(article(2, new_story.headline, new_story.body, "2099-01-01T00:00:00+00:00"))
    copy = copy_of(new_story, rng, edit_rate=0.01)
    kept = first.offer(article(3, copy.headline, copy.body, "2099-01-02T00:00:00+00:00"))
    assert kept is not None and kept.duplicateOf == "https://a.example/news/2.html"
    mark = first.store.placeholder
    first.store.connection.execute(  # the 2099 story was stored 40 days ago
        f'UPDATE dedup_signatures SET epoch = {mark} WHERE "canonicalUrl" = {mark}',
        (time.time() - 40 * 86400, "https://a.example/news/2.html"),
    )
    first.store.commit()
    first.close()
    second = make_run()  # opening prunes signatures stored more than 30 days ago
    assert second.stat("near_pruned") == 1
    old_copy = copy_of(old_story, rng, edit_rate=0.01)  # a backfill: stored today, still compared
    assert second.offer(article(4, old_copy.headline, old_copy.body, "2020-01-02T00:00:00+00:00")) is None
    assert second.offer(article(5, old_story.headline, old_story.body)) is None  # exact keys are kept
    assert second.stat("exact") == 1


def test_signatures_of_another_scheme_are_remade(open_store: Callable[[], Store], make_run: Callable[..., Run]) -> None:
    rng = random.Random(13)
    stories = [story(rng) for _ in range(3)]
    old = open_store()
    assert old.signature_scheme() is None
    assert old.reset_signatures("newscrawl-minhash-v1") == 0
    for n, one in enumerate(stories, 1):  # what an older newscrawl left: signatures that match nothing now
        old.save(article(n, one.headline, one.body, "2099-01-01T00:00:00+00:00"))
        old.add_signature(f"https://a.example/news/{n}.html", None, bytes(512), [n], 4e9)
    old.commit()
    assert old.signature_scheme() == "newscrawl-minhash-v1"
    second = make_run()
    assert second.stat("near_reindexed") == 3
    assert second.store.signature_scheme() == SCHEME
    copy = copy_of(stories[1], rng, edit_rate=0.01)
    assert second.offer(article(9, copy.headline, copy.body, "2099-01-02T00:00:00+00:00")) is None
    assert second.stat("near") == 1
    second.store.commit()
    assert make_run().stat("near_reindexed") == 0  # the same scheme: nothing to re-make
    assert old.reset_signatures("newscrawl-minhash-v3") == 3
