"""Deduplication 1/3 — the same article again: drop it when the store already holds it
unchanged; let a changed copy through as an update of the same row.

The article is found by ``canonicalUrl`` or, failing that, by site + article id (an older
row under another URL variant, e.g. month padding: the item takes the stored URL, so the
row is updated rather than doubled). Unchanged means the same content hash
(:func:`newscrawl.content_hash.content_hash`). Drops are counted in ``newscrawl/duplicates/url``
and logged at INFO; the stored row's ``dateDownloaded`` is brought up to date, so that an
incremental crawl does not fetch it again. Most repeats never get here: the spider checks the store before it
downloads. Off when there is no store (``NEWSCRAWL_SQLITE_PATH`` empty) or with
``NEWSCRAWL_DEDUP_ENABLED = False``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from newscrawl import sitestats
from newscrawl.content_hash import content_hash
from newscrawl.pipelines.base import StoreDedupPipeline, refuse_after_failure

logger = logging.getLogger(__name__)


class SameArticlePipeline(StoreDedupPipeline):
    def process_item(self, item: Any) -> Any:
        assert self.store is not None
        refuse_after_failure(self.store, self.stats)
        adapter = ItemAdapter(item)
        stored = self.store.find(adapter["canonicalUrl"]) or self.store.find(
            site=adapter.get("site"), article_id=adapter.get("articleId")
        )
        if stored is None:
            return item
        if stored.canonicalUrl != adapter["canonicalUrl"]:
            adapter["canonicalUrl"] = stored.canonicalUrl
        if stored.contentHash == content_hash(adapter.get("headline"), adapter.get("articleBody")):
            self.store.touch(stored.canonicalUrl, adapter.get("url"), adapter.get("dateDownloaded"))
            sitestats.count(self.stats, "duplicates/url", adapter.get("site"))
            self.drop(f"Already stored unchanged: {stored.canonicalUrl}")
        return item
