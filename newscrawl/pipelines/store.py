"""Write articles to the crawl's store (:mod:`newscrawl.storage`), crash-safe.

Settings:

* ``NEWSCRAWL_SQLITE_PATH`` — the file (default ``data/newscrawl.sqlite3``, relative to the
  working directory; parent folders are created). Empty: no store (and no persistent
  deduplication or incremental crawling).
* ``NEWSCRAWL_SQLITE_BATCH_SIZE`` (default 16) and ``NEWSCRAWL_SQLITE_COMMIT_SECONDS``
  (default 2.0): a transaction is committed after that many articles or seconds, and on close.
  Keep batch × page size well under Scrapy's ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` (5 MB): the
  scraper counts a response until its item leaves the pipelines, and stops downloading
  beyond that limit — 50 pages of 115 KB stalled each batch until the timer (−25 % pages/s,
  ``bench/crawl_throughput.py``).
* On the shared Redis frontier (``NEWSCRAWL_REDIS_URL``) every article is its own
  transaction: workers on one machine may share the file, and the dedup stages hold its
  write lock from their lookups to the commit.
* ``NEWSCRAWL_POSTGRES_DSN`` — when set, the same pipeline stores into the shared
  PostgreSQL store (:mod:`newscrawl.storage.postgres`) instead, committing after every
  article (the dedup stages lock per item; see
  :meth:`newscrawl.storage.postgres.PgStore.lock_keys`).

An item leaves this pipeline — and so reaches the feed exports (``-o out.jsonl``) — only
once the transaction that stored it has committed. A crawl killed at any moment therefore
never has an article in its feed that the store lacks: the next run fetches whatever was
not committed, and writes it once.

A store error — in this pipeline, a dedup stage or the spider, which all write in the
same transaction ("database is locked" once the busy timeout has passed, a full disk, a
lost PostgreSQL connection) — fails the crawl loudly rather than lose an article quietly:
the transaction is rolled back, each item it held is dropped at ERROR (not in the feed,
not in the store, so the next run fetches it again), they are counted in
``newscrawl/store/failed``, and the crawl closes with the reason ``store_failed``, which
makes ``scrapy crawl`` exit with status 4 (:mod:`newscrawl.commands.crawl`). Items that
come while it closes are dropped the same way without touching the store
(:func:`newscrawl.pipelines.base.refuse_after_failure`).

Stats: ``newscrawl/store/{inserted,updated,refreshed}``, ``newscrawl/store/commits``,
``newscrawl/store/failed``, on either backend. newscrawl 0.1 named the counts
``newscrawl/sqlite/{inserted,updated,refreshed,commits}``; 0.2 counts those too, with the
same values (:data:`OLD_NAMES`), so that dashboards can move over; 0.3 will not.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import LoopingCall

from newscrawl.config import setting
from newscrawl.content_hash import content_hash
from newscrawl.extensions.archive import ResponseArchive
from newscrawl.extensions.feeds import DeliveredFeedExporter
from newscrawl.extensions.store import shared_store
from newscrawl.pipelines.base import refuse_after_failure
from newscrawl.storage import store_configured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

    from newscrawl.storage import Store

logger = logging.getLogger(__name__)
CLOSE_REASON = "store_failed"
#: The count each ``newscrawl/store/*`` count was named before (aliases for one release).
OLD_NAMES = {
    f"newscrawl/store/{name}": f"newscrawl/sqlite/{name}" for name in ("inserted", "updated", "refreshed", "commits")
}


class StorePipeline:
    def __init__(self, crawler: Crawler, stats: StatsCollector, batch_size: int, commit_seconds: float):
        self.crawler = crawler
        self.stats = stats
        self.batch_size = max(1, batch_size)
        self.commit_seconds = commit_seconds
        self.store: Store | None = None
        self.feeds: DeliveredFeedExporter | None = None
        self.archive: ResponseArchive | None = None
        self.waiting: list[Deferred[None]] = []
        self.last_commit = time.monotonic()
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not store_configured(crawler.settings):
            raise NotConfigured("NEWSCRAWL_SQLITE_PATH and NEWSCRAWL_POSTGRES_DSN are empty")
        assert crawler.stats is not None
        return cls(
            crawler,
            crawler.stats,
            batch_size=setting(crawler.settings, "NEWSCRAWL_SQLITE_BATCH_SIZE"),
            commit_seconds=setting(crawler.settings, "NEWSCRAWL_SQLITE_COMMIT_SECONDS"),
        )

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)
        self.feeds = self.crawler.get_extension(DeliveredFeedExporter)
        self.archive = self.crawler.get_extension(ResponseArchive)
        assert self.store is not None
        if self.store.one_item_per_transaction:  # PostgreSQL, or a file other workers write
            self.batch_size = 1
            logger.info("Storing articles in %s (one transaction per article)", self.store.path)
        else:
            logger.info("Storing articles in SQLite file %s", self.store.path.resolve())
        self.timer = LoopingCall(self.commit_if_due)
        self.timer.start(max(0.1, self.commit_seconds / 2), now=False)
        self.crawler.signals.connect(self.item_error, signal=signals.item_error)
        self.crawler.signals.connect(self.spider_error, signal=signals.spider_error)

    def close_spider(self) -> None:
        if self.timer and self.timer.running:
            self.timer.stop()
        if self.store is not None:
            if self.store.failure is None:
                self.commit()
            else:  # nothing of a failed crawl is written after the failure
                with contextlib.suppress(*self.store.errors):
                    self.store.rollback()
            try:
                self.store.close()
            except self.store.errors:
                if self.store.failure is None:
                    raise  # (a failed store's connection may be lost: reported already)
            self.store = None

    async def process_item(self, item: Any) -> Any:
        await maybe_deferred_to_future(self.store_item(item))
        return item

    def store_item(self, item: Any) -> Deferred[None]:
        """Write the item in the open transaction; the Deferred fires once it is committed."""
        assert self.store is not None
        refuse_after_failure(self.store, self.stats)
        adapter = ItemAdapter(item)
        outcome = self.store.save(item, self.archive.location(adapter["url"]) if self.archive else None)
        stored = None if outcome == "inserted" else self.store.find(adapter["canonicalUrl"])
        adapter["version"] = stored.version if stored else 1  # what a feed's consumer upserts on
        if self.feeds is not None and (owing := self.feeds.owing(item)):
            digest = content_hash(adapter.get("headline"), adapter.get("articleBody"))
            self.store.owe(owing, adapter["canonicalUrl"], digest)
        self.count(f"newscrawl/store/{outcome}")
        committed: Deferred[None] = Deferred()
        self.waiting.append(committed)
        if len(self.waiting) >= self.batch_size:
            self.commit()
        return committed

    def count(self, name: str) -> None:
        self.stats.inc_value(name)
        self.stats.inc_value(OLD_NAMES[name])

    def commit_if_due(self) -> None:
        # Also a transaction holding no stored item: dedup stages that dropped one began it.
        busy = self.waiting or (self.store is not None and self.store.in_transaction)
        if busy and time.monotonic() - self.last_commit >= self.commit_seconds:
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, then release the items it holds."""
        assert self.store is not None
        try:
            self.store.commit()
        except self.store.errors as error:
            self.fail(error)
            return
        self.last_commit = time.monotonic()
        waiting, self.waiting = self.waiting, []
        if waiting:
            self.count("newscrawl/store/commits")
        for committed in waiting:
            committed.callback(None)

    def item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        """An item's store write failed in a stage before this one's commit (Scrapy has
        logged it, with its traceback, and dropped the item)."""
        if self.store is not None and isinstance(failure.value, self.store.errors):
            self.fail(failure.value, also_failed=1)

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        """The spider's store write (a remembered non-article page) failed."""
        if self.store is not None and isinstance(failure.value, self.store.errors):
            self.fail(failure.value)

    def fail(self, error: Exception, also_failed: int = 0) -> None:
        """The open transaction failed: roll it back, drop its items (they are not stored,
        so the next run fetches them again), count them with ``also_failed`` more, and
        close the crawl (see the module docstring)."""
        assert self.store is not None
        with contextlib.suppress(*self.store.errors):  # a lost connection lost its transaction
            self.store.rollback()
        waiting, self.waiting = self.waiting, []
        failed = len(waiting) + also_failed
        self.stats.inc_value("newscrawl/store/failed", failed)
        for committed in waiting:
            committed.errback(DropItem(f"Not stored, the store failed: {error}", log_level="ERROR"))
        if self.store.failure is not None:
            logger.error("The store failed again (%s): %d more articles not stored", error, failed)
            return
        self.store.failure = error
        logger.error("The store failed (%s): %d articles not stored; closing the crawl", error, failed)
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=CLOSE_REASON))
