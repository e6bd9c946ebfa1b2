"""Deduplication 3/3 — near-duplicates: the same story in another copy (a wire story on
several pages or sites, re-spelled, a paragraph dropped, a new headline).

MinHash over word 3-shingles of the match key (:mod:`newscrawl.minhash`, pinned scheme),
LSH candidates from the store's band index (16 bands × 4 rows: candidates from
Jaccard 0.5), accepted at an estimated Jaccard ≥ ``NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD``
(default 0.6). The copy with the earliest ``datePublished`` is the original.
``NEWSCRAWL_NEAR_DUPLICATES``: ``"drop"`` (default) drops a later copy; ``"mark"`` keeps it
with ``duplicateOf`` = the original's ``canonicalUrl``. When the new item is the earlier
one (:func:`original_order`: earliest publication, then canonical URL), the stored copy is
marked instead; in ``"drop"`` mode the new item is then stored as the original but not fed
(the story reached the feeds as the stored copy: no feed gets two copies of a story,
whichever arrives first; ``newscrawl/duplicates/near_original_stored``). Signatures older than
``NEWSCRAWL_NEAR_DUPLICATE_DAYS`` (default 30, from when they were stored: a backfill of
old years still compares its copies) are pruned when a crawl opens; lookups read only
candidate rows, so memory stays flat as the index grows. A store
whose signatures were made with another MinHash scheme is re-indexed from its stored
articles (those of the window) when a crawl opens.
Stats: ``newscrawl/duplicates/near`` (and ``…/near_marked``, ``…/near_original_later``,
``…/near_pruned``, ``…/near_reindexed``); each is logged at INFO with the original's URL
and the similarity.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from newscrawl import sitestats
from newscrawl.config import setting
from newscrawl.content_hash import text_key
from newscrawl.minhash import SCHEME, band_keys, from_bytes, signature, similarity, to_bytes
from newscrawl.pipelines.base import StoreDedupPipeline, check_configured, refuse_after_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
MODES = ("drop", "mark")


def unix_time(iso: str | None) -> float:
    """Unix seconds of an ISO 8601 value (a date alone, or a time without offset: UTC), or
    now when it is missing or unreadable.

    >>> unix_time("1970-01-02"), unix_time("1970-01-01T01:00:00+01:00")
    (86400.0, 0.0)
    """
    if iso:
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            pass
        else:
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return time.time()


def story_signature(headline: str | None, body: str | None) -> Any:
    """The MinHash signature an article's text is indexed under: of the match key of its
    headline and body (the crawl's stage and re-extraction both use it)."""
    return signature(text_key(headline, body))


def original_order(published: str | None, canonical_url: str) -> tuple[float, str]:
    """How copies of a story are ordered to name the original: the earliest publication
    first, then the canonical URL (so that two copies of one time give the same original in
    any crawl order); a copy without a date comes after every dated one.

    >>> original_order("2025-11-28", "b") < original_order("2025-11-29", "a") < original_order(None, "a")
    True
    """
    return (unix_time(published) if published else math.inf, canonical_url)


class NearDuplicatePipeline(StoreDedupPipeline):
    def __init__(self, crawler: Crawler, mode: str, threshold: float, days: float):
        super().__init__(crawler)
        self.mode = mode
        self.threshold = threshold
        self.days = days

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        check_configured(crawler)
        mode = setting(crawler.settings, "NEWSCRAWL_NEAR_DUPLICATES")
        if mode in ("", "off"):
            raise NotConfigured("NEWSCRAWL_NEAR_DUPLICATES is off")
        if mode not in MODES:
            raise ValueError(f"NEWSCRAWL_NEAR_DUPLICATES must be one of {', '.join(MODES)} or off, got {mode!r}")
        return cls(
            crawler,
            mode=mode,
            threshold=setting(crawler.settings, "NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD"),
            days=setting(crawler.settings, "NEWSCRAWL_NEAR_DUPLICATE_DAYS"),
        )

    def open_spider(self) -> None:
        super().open_spider()
        assert self.store is not None
        cutoff = time.time() - self.days * 86400
        if self.store.signature_scheme() != SCHEME:
            self.reindex(cutoff)
        pruned = self.store.prune_signatures(cutoff)
        self.store.commit()  # no transaction (and its locks) left open while the crawl starts
        if pruned:
            self.stats.inc_value("newscrawl/duplicates/near_pruned", pruned)
            logger.info("Pruned %d near-duplicate signatures older than %g days", pruned, self.days)

    def reindex(self, cutoff: float) -> None:
        """Replace signatures of another scheme (or none) by this scheme's, for the stored
        articles published in the window (a day's margin: pruning trims it exactly)."""
        assert self.store is not None
        forgotten = self.store.reset_signatures(SCHEME)
        since = datetime.fromtimestamp(cutoff - 86400, UTC).date().isoformat()
        indexed = 0
        for url, published, stored, headline, body in self.store.texts_since(since):
            sig = story_signature(headline, body)
            self.store.add_signature(url, published, to_bytes(sig), band_keys(sig), unix_time(published or stored))
            indexed += 1
        self.store.commit()
        if forgotten or indexed:
            self.stats.inc_value("newscrawl/duplicates/near_reindexed", indexed)
            logger.info("Near-duplicate index re-made (%s): %d signatures replaced by %d", SCHEME, forgotten, indexed)

    def process_item(self, item: Any) -> Any:
        assert self.store is not None
        refuse_after_failure(self.store, self.stats)
        adapter = ItemAdapter(item)
        url = adapter["canonicalUrl"]
        sig = story_signature(adapter.get("headline"), adapter.get("articleBody"))
        keys = band_keys(sig)
        self.store.lock_keys(keys)  # concurrent crawls take turns on texts that share a band
        best, best_similarity = None, 0.0
        for candidate in self.store.near_candidates(keys, exclude_url=url):
            score = similarity(sig, from_bytes(candidate.signature))
            if score > best_similarity:
                best, best_similarity = candidate, score
        published = adapter.get("datePublished")
        if best is not None and best_similarity >= self.threshold:
            if original_order(published, url) < original_order(best.datePublished, best.canonicalUrl):
                self.store.mark_duplicate(best.canonicalUrl, url)
                self.stats.inc_value("newscrawl/duplicates/near_original_later")
                self.store.add_signature(url, published, to_bytes(sig), keys, time.time())
                if self.mode == "drop":
                    # The story reached the feed as the stored copy: keep this one as the
                    # original in the store, and give no feed a second copy of the story.
                    self.store.save(item)
                    self.stats.inc_value("newscrawl/duplicates/near_original_stored")
                    self.drop(
                        f"Near-duplicate ({best_similarity:.2f}): {url} was published before the stored "
                        f"{best.canonicalUrl}; stored as the original and marked that copy, not fed again"
                    )  # stored: an incremental crawl skips it as such
                logger.info(
                    "Near-duplicate (%.2f): %s was published before the stored %s; marked that copy",
                    best_similarity, url, best.canonicalUrl,
                )  # fmt: skip
                return item
            else:
                sitestats.count(self.stats, "duplicates/near", adapter.get("site"))
                if self.mode == "drop":
                    self.drop(f"Near-duplicate ({best_similarity:.2f}) of {best.canonicalUrl}: {url}", item, "near")
                adapter["duplicateOf"] = best.canonicalUrl
                self.stats.inc_value("newscrawl/duplicates/near_marked")
                logger.info("Near-duplicate (%.2f) of %s kept as marked: %s", best_similarity, best.canonicalUrl, url)
        self.store.add_signature(url, published, to_bytes(sig), keys, time.time())
        return item
