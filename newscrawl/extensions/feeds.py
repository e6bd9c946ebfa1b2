"""Feed exports that fail loudly and lose no article (in place of Scrapy's ``FeedExporter``).

An article reaches a feed only after the store committed it (:mod:`newscrawl.pipelines.store`),
and the next incremental crawl does not download a stored article again. So an article
the store holds but a feed never received — the crawl was killed between the commit and
the feed line, or the feed's disk filled — would be missing from that feed for good.
This exporter:

1. opens every feed when the crawl starts: a feed that cannot be written (a read-only
   folder, a missing mount) closes the crawl at once with the reason ``feed_failed``
   (``scrapy crawl`` exits with status 5), before anything is downloaded;
2. closes the crawl the same way when a write fails (a full disk): the articles from then
   on are stored but not fed (``newscrawl/feed/failed``);
3. keeps in the store which article versions each local JSON Lines feed received
   (``feeds``, ``feed_deliveries``: marked after the line is written), and when a crawl
   appends (``-o``) to such a feed, first writes the stored articles of the crawl's sites
   that it has not received since it was started (``newscrawl/feed/replayed``). Lines
   written after the last committed mark (a kill just after them) are read back from the
   feed's last committed size to its end and marked, not written twice.

On a shared frontier (``NEWSCRAWL_REDIS_URL``) each worker's feed holds the articles that
worker stored, so that the workers' feeds together hold each article once: the store
pipeline records, in the transaction that stores an article, which feeds are owed it
(:meth:`owing`, ``feed_owed``), and a worker appending to a feed that a killed worker left
writes what that feed was owed and did not receive, not what the other workers stored.

A feed overwritten (``-O``) starts afresh: it receives what this crawl stores. When it
receives nothing because every article was stored by earlier crawls, the crawl says so and
how to get them (``python -m newscrawl.query export``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FeedExporter, FeedSlot
from scrapy.utils.defer import deferred_from_coro

from newscrawl.config import setting
from newscrawl.content_hash import content_hash
from newscrawl.extensions.store import shared_store
from newscrawl.feedstorage import CrashSafeFileFeedStorage
from newscrawl.items import Article
from newscrawl.storage.base import now_iso

if TYPE_CHECKING:
    from scrapy import Spider

    from newscrawl.storage import Store

logger = logging.getLogger(__name__)
CLOSE_REASON = "feed_failed"


def _kept(slot: FeedSlot) -> bool:
    """A local JSON Lines feed: the ones whose deliveries are kept (one line per article)."""
    return isinstance(slot.storage, CrashSafeFileFeedStorage) and slot.format in ("jsonlines", "jsonl", "jl")


def _key(slot: FeedSlot) -> str:
    return str(Path(slot.storage.path).resolve())  # type: ignore[attr-defined]


class DeliveredFeedExporter(FeedExporter):
    store: Store | None = None
    failed = False

    @property
    def shared(self) -> bool:
        """A worker of a shared frontier: its feeds get what it stored (module docstring)."""
        return bool(setting(self.crawler.settings, "NEWSCRAWL_REDIS_URL"))

    def owing(self, item: Any) -> list[str]:
        """On a shared frontier, the kept feeds that are to receive ``item`` once it is
        stored (the store pipeline records them in the item's transaction); else none."""
        if not self.shared or self.failed:
            return []
        return [_key(slot) for slot in self.slots if _kept(slot) and slot.filter.accepts(item)]

    def open_spider(self, spider: Spider) -> None:
        super().open_spider(spider)
        self.store = shared_store(self.crawler)
        for slot in self.slots:
            try:
                slot.start_exporting()  # opened now: an unwritable feed is known before any download
            except OSError as error:
                self.fail(error, slot)
                return
        if self.store is not None:
            with self.store.outside_items():
                for slot in self.slots:
                    if _kept(slot):
                        self.catch_up(slot, spider)

    def catch_up(self, slot: FeedSlot, spider: Spider) -> None:
        """Start keeping a new or overwritten feed; give an appended one what it missed."""
        assert self.store is not None
        key, path = _key(slot), Path(slot.storage.path)  # type: ignore[attr-defined]
        state = self.store.feed_state(key)
        if slot.storage.write_mode == "wb" or state is None:  # type: ignore[attr-defined]
            self.store.start_feed(key, now_iso())
            return
        since, offset = state
        received = 0
        with path.open("rb") as feed:
            feed.seek(min(offset, path.stat().st_size))
            for line in feed:
                try:
                    record = json.loads(line)
                    self.store.mark_fed(
                        key, record["canonicalUrl"], content_hash(record["headline"], record["articleBody"])
                    )
                    received += 1
                except (ValueError, KeyError, TypeError):
                    continue
        if self.shared:
            missed = self.store.owed(key)
        else:
            sites = [site.profile.site for site in getattr(spider, "sites", ())]
            missed = self.store.unfed(key, sites, since)
        for record in missed:
            self.export(slot, Article(**record))
        if received or missed:
            self.store.note_feed_size(key, slot.file.tell())  # type: ignore[union-attr]
        if missed:
            self.crawler.stats.inc_value("newscrawl/feed/replayed", len(missed))  # type: ignore[union-attr]
            logger.info("%s had missed %d stored articles (an interrupted crawl): written now", path, len(missed))

    def export(self, slot: FeedSlot, item: Any) -> None:
        """Write a replayed article to one feed."""
        assert slot.exporter is not None
        slot.exporter.export_item(item)
        slot.itemcount += 1
        self.mark(slot, item)

    def mark(self, slot: FeedSlot, item: Any) -> None:
        """Keep that the feed received this article version (and its size after it)."""
        if _kept(slot) and self.store is not None and self.store.connection is not None and slot.file is not None:
            digest = content_hash(item.headline, item.articleBody)
            self.store.mark_fed(_key(slot), item.canonicalUrl, digest, offset=slot.file.tell())

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.failed:
            return  # stored, not fed: a later crawl appending to the feed writes it
        try:
            super().item_scraped(item, spider)
        except OSError as error:
            self.fail(error)
            return
        if self.store is None or self.store.connection is None:
            return  # no store (or closed): no delivery marks
        with self.store.outside_items():
            for slot in self.slots:
                if slot.filter.accepts(item):
                    self.mark(slot, item)

    def fail(self, error: OSError, slot: FeedSlot | None = None) -> None:
        """A feed cannot be written: close the crawl (its articles stay in the store)."""
        self.failed = True
        self.crawler.stats.inc_value("newscrawl/feed/failed")  # type: ignore[union-attr]
        where = slot.uri if slot is not None else (error.filename or ", ".join(s.uri for s in self.slots))
        logger.error(
            "Cannot write the feed %s (%s): closing the crawl. Its articles are in the store; a crawl "
            "appending to this feed (-o) writes those it missed.",
            where,
            error.strerror or error,
        )
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=CLOSE_REASON))

    async def close_spider(self, spider: Spider) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        for slot in self.slots:
            if not slot.itemcount and stats.get("newscrawl/skip/stored"):
                logger.warning(
                    "The feed %s received no article: the %d this crawl found were stored by earlier crawls "
                    "(incremental crawling). To get every stored article: python -m newscrawl.query export -o FILE",
                    slot.uri,
                    stats["newscrawl/skip/stored"],
                )
        await super().close_spider(spider)
