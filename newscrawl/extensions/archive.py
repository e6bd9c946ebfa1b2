"""Archive every downloaded response as it reached the spider (:mod:`newscrawl.archive`).

On by default: ``NEWSCRAWL_ARCHIVE_DIR`` (``data/warc``; empty: off), files rotated past
``NEWSCRAWL_ARCHIVE_MAX_MB``. Each response is written when Scrapy hands it to the spider
(signal ``response_received``), with what extraction reads from its request (kind, site,
discovery's hints, the article's identity); the store pipeline asks :meth:`location` for
the record an article came from and keeps it with the article (``warcFile``,
``warcOffset``).

An archive that cannot be written (a full disk, a read-only folder) closes the crawl with
the reason ``archive_failed`` (``scrapy crawl`` exits with status 7): a corpus whose bytes
are missing cannot be rebuilt. Stats: ``newscrawl/archive/{records,bytes}``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.archive import ArchiveWriter
from newscrawl.config import setting

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)
CLOSE_REASON = "archive_failed"
REMEMBERED = 10_000  # responses whose record an article may still ask for


def request_meta(request: Request) -> dict[str, Any]:
    """What extraction reads from the request, as JSON (:func:`newscrawl.reextract` reads it back)."""
    meta = request.meta
    hints, identity = meta.get("newscrawl_hints"), meta.get("newscrawl_article")
    return {
        "kind": meta.get("newscrawl_kind"),
        "site": meta.get("newscrawl_site"),
        "request_url": request.url,
        "hints": asdict(hints) if is_dataclass(hints) else hints,  # type: ignore[arg-type]
        "article": asdict(identity) if is_dataclass(identity) else identity,  # type: ignore[arg-type]
    }


class ResponseArchive:
    def __init__(self, crawler: Crawler, folder: Path, max_bytes: int):
        self.crawler = crawler
        self.writer = ArchiveWriter(folder, max_bytes)
        self.locations: OrderedDict[str, tuple[str, int]] = OrderedDict()
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        folder = setting(crawler.settings, "NEWSCRAWL_ARCHIVE_DIR")
        if not folder:
            raise NotConfigured("NEWSCRAWL_ARCHIVE_DIR is empty")
        extension = cls(crawler, Path(folder), setting(crawler.settings, "NEWSCRAWL_ARCHIVE_MAX_MB") * 1024 * 1024)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.close, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request, spider: Any = None) -> None:
        if self.failed:
            return
        try:
            headers = [(name, value) for name, values in response.headers.items() for value in values]
            name, offset = self.writer.write(response.url, response.status, headers, response.body,
                                             request_meta(request))  # fmt: skip
        except OSError as error:
            self.fail(error)
            return
        self.locations[response.url] = (name, offset)
        while len(self.locations) > REMEMBERED:
            self.locations.popitem(last=False)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/archive/records")
        self.crawler.stats.inc_value("newscrawl/archive/bytes", len(response.body))

    def location(self, url: str) -> tuple[str, int] | None:
        """The archive file and offset of the response downloaded from ``url`` (taken once)."""
        return self.locations.pop(url, None)

    def fail(self, error: OSError) -> None:
        self.failed = True
        logger.error("Cannot write the archive in %s (%s): closing the crawl", self.writer.folder,
                     error.strerror or error)  # fmt: skip
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/archive/failed")
        if self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=CLOSE_REASON))

    def close(self) -> None:
        self.writer.close()
