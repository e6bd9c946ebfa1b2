"""Store articles in the embedded SQLite store (:mod:`newscrawl.store`), crash-safe.

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
  PostgreSQL store (:mod:`newscrawl.pgstore`) instead, committing after every article (the
  dedup stages lock per item; see :meth:`newscrawl.pgstore.PgStore.lock_keys`).

An item leaves this pipeline — and so reaches the feed exports (``-o out.jsonl``) — only
once the transaction that stored it has committed. A crawl killed at any moment therefore
never has an article in its feed that the store lacks: the next run fetches whatever was
not committed, and writes it once. Stats: ``newscrawl/sqlite/{inserted,updated,refreshed}``,
``newscrawl/sqlite/commits``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import LoopingCall

from newscrawl.store import Store, shared_store, store_configured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.pgstore import PgStore

logger = logging.getLogger(__name__)


class SQLitePipeline:
    def __init__(self, crawler: Crawler, stats: StatsCollector, batch_size: int = 50, commit_seconds: float = 2.0):
        self.crawler = crawler
        self.stats = stats
        self.batch_size = max(1, batch_size)
        self.commit_seconds = commit_seconds
        self.store: Store | PgStore | None = None
        self.waiting: list[Deferred[None]] = []
        self.last_commit = time.monotonic()
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        if not store_configured(crawler.settings):
            raise NotConfigured("NEWSCRAWL_SQLITE_PATH and NEWSCRAWL_POSTGRES_DSN are empty")
        assert crawler.stats is not None
        return cls(
            crawler,
            crawler.stats,
            batch_size=crawler.settings.getint("NEWSCRAWL_SQLITE_BATCH_SIZE", 16),
            commit_seconds=crawler.settings.getfloat("NEWSCRAWL_SQLITE_COMMIT_SECONDS", 2.0),
        )

    def open_spider(self) -> None:
        self.store = shared_store(self.crawler)
        assert self.store is not None
        if self.store.one_item_per_transaction:
            self.batch_size = 1
            logger.info("Storing articles in PostgreSQL %s (one transaction per article)", self.store.path)
        elif self.crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            # Workers of one frontier may share this file: the dedup stages hold its write
            # lock from their lookups to the commit, so commit each article.
            self.batch_size = 1
            logger.info("Storing articles in SQLite file %s (shared frontier: one transaction per article)",
                        self.store.path.resolve())  # fmt: skip
        else:
            logger.info("Storing articles in SQLite file %s", self.store.path.resolve())
        self.timer = LoopingCall(self.commit_if_due)
        self.timer.start(max(0.1, self.commit_seconds / 2), now=False)

    def close_spider(self) -> None:
        if self.timer and self.timer.running:
            self.timer.stop()
        if self.store is not None:
            self.commit()
            self.store.close()
            self.store = None

    async def process_item(self, item: Any) -> Any:
        await maybe_deferred_to_future(self.store_item(item))
        return item

    def store_item(self, item: Any) -> Deferred[None]:
        """Write the item in the open transaction; the Deferred fires once it is committed."""
        assert self.store is not None
        outcome = self.store.save(item)
        self.stats.inc_value(f"newscrawl/sqlite/{outcome}")
        committed: Deferred[None] = Deferred()
        self.waiting.append(committed)
        if len(self.waiting) >= self.batch_size:
            self.commit()
        return committed

    def commit_if_due(self) -> None:
        # Also a transaction holding no stored item: dedup stages that dropped one began it.
        busy = self.waiting or (self.store is not None and self.store.in_transaction)
        if busy and time.monotonic() - self.last_commit >= self.commit_seconds:
            self.commit()

    def commit(self) -> None:
        """Commit the open transaction, then release the items it holds."""
        assert self.store is not None
        self.store.commit()
        self.last_commit = time.monotonic()
        waiting, self.waiting = self.waiting, []
        if waiting:
            self.stats.inc_value("newscrawl/sqlite/commits")
        for committed in waiting:
            committed.callback(None)
