"""The crawl's extraction workers: parse and extract article pages on other cores.

``NEWSCRAWL_EXTRACT_PROCESSES = N`` (default 0: pages are extracted in the crawl process)
starts N worker processes when the engine starts (:mod:`newscrawl.extraction.pool`). The
spider hands each article page to :meth:`ExtractionPool.extract` and awaits its result
while the reactor keeps downloading, deduplicating and storing; everything it counts
and logs about a page is counted and logged in the crawl process, as without the pool.
The pool is closed when the engine stops; workers ignore SIGINT and die with the crawl
process (``kill -9`` included), so none outlives a crawl.

A worker that dies (killed, or crashed on a page) breaks the pool: it is replaced
(``newscrawl/extract_pool/restarts``) and the pages it held are sent again; a page that
breaks the new pool as well is skipped as ``extraction_crashed``.
Stats: ``newscrawl/extract_pool/{processes,pages,restarts}``.
"""

from __future__ import annotations

import logging
from concurrent.futures import CancelledError, Future
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl.config import SettingError, setting
from newscrawl.extraction.pool import ExtractionWorkers, PageJob

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawl.extraction.page import PageResult

logger = logging.getLogger(__name__)


class ExtractionCrashed(RuntimeError):
    """A page broke the extraction pool twice: the worker died on it."""


class ExtractionPool:
    def __init__(self, crawler: Crawler, processes: int):
        self.stats = crawler.stats
        self.workers = ExtractionWorkers(processes)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        processes = setting(crawler.settings, "NEWSCRAWL_EXTRACT_PROCESSES")
        if processes < 0:
            raise SettingError(f"NEWSCRAWL_EXTRACT_PROCESSES: expected 0 or more processes, got {processes}")
        if processes == 0:
            raise NotConfigured("NEWSCRAWL_EXTRACT_PROCESSES is 0: pages are extracted in the crawl process")
        extension = cls(crawler, processes)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        pids = self.workers.start()
        self.stats.set_value("newscrawl/extract_pool/processes", self.workers.processes)
        logger.info("Extracting pages in %d worker processes (pids %s)", self.workers.processes, sorted(pids))

    def engine_stopped(self) -> None:
        self.workers.close()

    async def extract(self, job: PageJob) -> PageResult:
        """``job``'s result from a worker; a pool broken meanwhile is replaced and the
        job sent once more (:class:`ExtractionCrashed` when it breaks that one too)."""
        for _ in range(2):
            generation = self.workers.generation
            try:  # a pool whose worker died meanwhile refuses the job at once, or fails it
                result = await maybe_deferred_to_future(_deferred(self.workers.submit(job)))
            except BrokenProcessPool:
                self.replace(generation, job.url)
                continue
            self.stats.inc_value("newscrawl/extract_pool/pages")
            return result
        raise ExtractionCrashed(f"the extraction worker died on {job.url}")

    def replace(self, generation: int, url: str) -> None:
        if self.workers.restart(generation):
            self.stats.inc_value("newscrawl/extract_pool/restarts")
            logger.warning("An extraction worker died (on %s or a page sent with it); started new workers", url)


def _deferred(future: Future[Any]) -> Deferred[Any]:
    """A Deferred fired in the reactor thread with ``future``'s outcome."""
    from twisted.internet import reactor  # the one installed (importing it earlier installs one)

    deferred: Deferred[Any] = Deferred()

    def done(finished: Future[Any]) -> None:
        error = CancelledError() if finished.cancelled() else finished.exception()
        if error is not None:
            reactor.callFromThread(deferred.errback, error)  # type: ignore[attr-defined]
        else:
            reactor.callFromThread(deferred.callback, finished.result())  # type: ignore[attr-defined]

    future.add_done_callback(done)
    return deferred
