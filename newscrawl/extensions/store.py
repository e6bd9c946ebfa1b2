"""The crawl's one store connection and its one owner.

:class:`CrawlStore` opens the store (:func:`newscrawl.storage.open_store`: PostgreSQL when
``NEWSCRAWL_POSTGRES_DSN`` is set, else SQLite at ``NEWSCRAWL_SQLITE_PATH``) on first use
and hands the same connection to the spider, the seen-before middleware, the dedup stages,
the store pipeline and the feed exporter (:func:`shared_store`), so that an article, its
dedup keys and its feed delivery mark are committed in one transaction. The store pipeline
commits it and closes it after the last item; the extension closes whatever is still open
when the engine stops. Disabled (``NotConfigured``) when the crawl has no store.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.storage import open_store, store_configured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawl.storage import Store


class CrawlStore:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.opened: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not store_configured(crawler.settings):
            raise NotConfigured("NEWSCRAWL_SQLITE_PATH and NEWSCRAWL_POSTGRES_DSN are empty")
        extension = cls(crawler)
        crawler.signals.connect(extension.close, signal=signals.engine_stopped)
        return extension

    def store(self) -> Store:
        """The connection, opened now if it is not open (the pipeline closes it at the end)."""
        if self.opened is None or self.opened.connection is None:
            self.opened = open_store(self.crawler.settings)
            assert self.opened is not None  # store_configured
        return self.opened

    def close(self) -> None:
        if self.opened is not None and self.opened.connection is not None:
            with contextlib.suppress(*self.opened.errors):
                self.opened.close()
        self.opened = None


def shared_store(crawler: Any) -> Store | None:
    """The crawl's store (:class:`CrawlStore`'s), ``None`` when the crawl has none."""
    owner = crawler.get_extension(CrawlStore)
    if owner is None:
        if store_configured(crawler.settings):
            raise RuntimeError("newscrawl.extensions.store.CrawlStore is not in EXTENSIONS: the store has no owner")
        return None
    return owner.store()
