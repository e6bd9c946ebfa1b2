"""Requests waiting to be downloaded are kept in a temporary file, not in memory.

A sitemap can list hundreds of thousands of articles. Each of them becomes a
``scrapy.Request`` that waits in the scheduler until its turn comes. As a Python object, one
waiting request costs about 3.6 KB of memory (its meta holds the article's identity and the
discovery hints), so 200,000 URLs took 835 MB. Here each waiting request is stored as a
serialized dict in a row of a temporary SQLite file: its Python memory is gone as soon as it
is queued, and the row is read back when the scheduler pops it.

Scrapy's scheduler is left as it is. It keeps one queue for each download slot and each
priority (``SCHEDULER_PRIORITY_QUEUE``, so that a busy or slow host does not hold back the
others). :class:`DiskBackedQueue` is the class of each such queue (``SCHEDULER_MEMORY_QUEUE``
in :mod:`newscrawl.settings`). It pops last in, first out, the same as Scrapy's default
``LifoMemoryQueue``. Scrapy's own disk queues (``JOBDIR``) open files for each queue.
Article priorities are by day (:func:`newscrawl.spiders.news.article_priority`), so a
20-year archive would need thousands of open files. Here every queue is a key in one table
of one file.

:class:`RequestQueueFile`, an extension, owns that file. SQLite creates it in the system
temporary folder (``SQLITE_TMPDIR`` or ``TMPDIR``) and deletes it once it is open, so nothing
is left behind, however the crawl ends. Its page cache is bounded
(:data:`CACHE_KIB`).

Failures:

* A request that cannot be serialized (a callback that is not a spider method) waits in
  memory, as before: ``newscrawl/queue/in_memory``.
* If the file cannot take a request (a full disk), the request also waits in memory:
  ``newscrawl/queue/in_memory``, logged once at WARNING. Nothing is lost.
* A request that cannot be read back is lost to this crawl. It is counted in
  ``newscrawl/queue/failed``, logged at ERROR, and the crawl closes with the reason
  ``queue_failed`` (exit status 6). The crawl is then incomplete, so the next incremental
  run discovers those articles again.

Not used by the Redis frontier (:mod:`newscrawl.frontier`: its queue is in Redis) or with
``JOBDIR`` (Scrapy's disk queues then hold the requests).
"""

from __future__ import annotations

import itertools
import logging
import pickle
import sqlite3
from collections import deque
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.request import request_from_dict

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

CLOSE_REASON = "queue_failed"
CACHE_KIB = 4096  # SQLite's page cache for the file: the memory the queue may use
SCHEMA = """
CREATE TABLE requests (queue INTEGER, seq INTEGER, request BLOB, PRIMARY KEY (queue, seq)) WITHOUT ROWID
"""


class RequestQueueFile:
    """The crawl's temporary file of waiting requests, opened on first use, shared by every
    :class:`DiskBackedQueue` of the crawl (reached with ``crawler.get_extension``)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.connection: sqlite3.Connection | None = None
        self.queue_ids = itertools.count(1)
        self.seq = itertools.count(1)
        self.unavailable = False  # the file failed to take a request: warned once
        self.failed = False  # a request could not be read back: the crawl is closing
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/queue/{key}")

    def open(self) -> sqlite3.Connection:
        if self.connection is None:
            # "": a temporary database, deleted by SQLite as soon as it is open.
            connection = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            connection.execute("PRAGMA journal_mode = MEMORY")  # OFF: a failed write (disk full) would damage the file
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(SCHEMA)
            self.connection = connection
        return self.connection

    def new_queue(self) -> int:
        return next(self.queue_ids)

    def push(self, queue: int, request: Request) -> bool:
        """Whether the request is now in the file (``False``: keep it in memory)."""
        try:
            blob = pickle.dumps(as_dict(request, self.crawler.spider), protocol=pickle.HIGHEST_PROTOCOL)
        except (ValueError, TypeError, AttributeError, pickle.PicklingError) as error:
            self.count("in_memory")
            logger.debug("Keeping %s in memory: it cannot be serialized (%s)", request, error)
            return False
        try:
            self.open().execute("INSERT INTO requests VALUES (?, ?, ?)", (queue, next(self.seq), blob))
        except sqlite3.Error as error:
            self.count("in_memory")
            if not self.unavailable:
                self.unavailable = True
                logger.warning("The request queue file failed (%s): waiting requests are kept in memory", error)
            return False
        return True

    def top(self, queue: int) -> tuple[int, bytes] | None:
        row = (
            self.open()
            .execute("SELECT seq, request FROM requests WHERE queue = ? ORDER BY seq DESC LIMIT 1", (queue,))
            .fetchone()
        )
        return (row[0], row[1]) if row else None

    def pop(self, queue: int) -> Request | None:
        """The newest request of ``queue`` (removed from the file), ``None`` if it could not be read."""
        try:
            row = self.top(queue)
            if row is None:
                return None
            self.open().execute("DELETE FROM requests WHERE queue = ? AND seq = ?", (queue, row[0]))
            return self.load(row[1])
        except (sqlite3.Error, pickle.UnpicklingError, ValueError) as error:
            self.fail(error)
            return None

    def peek(self, queue: int) -> Request | None:
        try:
            row = self.top(queue)
            return self.load(row[1]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, ValueError) as error:
            self.fail(error)
            return None

    def load(self, blob: bytes) -> Request:
        return request_from_dict(pickle.loads(blob), spider=self.crawler.spider)

    def fail(self, error: Exception) -> None:
        self.count("failed")
        if self.failed:
            return
        self.failed = True
        logger.error("A waiting request could not be read back from the queue file (%s); closing the crawl", error)
        if self.crawler.crawling:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=CLOSE_REASON))

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def method_name(spider: Any, method: Any) -> str | None:
    """The name of the spider's method ``method`` (``ValueError`` for another callable)."""
    if method is None:
        return None
    name = getattr(method, "__name__", "")
    if getattr(method, "__self__", None) is not spider or getattr(spider, name, None) != method:
        raise ValueError(f"{method!r} is not a method of the spider")
    return name


def as_dict(request: Request, spider: Any) -> dict[str, Any]:
    """What ``Request.to_dict(spider=…)`` gives (read back by ``request_from_dict``), without
    its search through every member of the spider for the callback's name (1 ms a request)."""
    data = {attribute: getattr(request, attribute) for attribute in request.attributes}
    data.update(
        headers=dict(request.headers),
        callback=method_name(spider, request.callback),
        errback=method_name(spider, request.errback),
    )
    if type(request) is not Request:
        data["_class"] = f"{type(request).__module__}.{type(request).__name__}"
    return data


class DiskBackedQueue:
    """One of the scheduler's queues (``SCHEDULER_MEMORY_QUEUE``): last in, first out, its
    requests in the crawl's :class:`RequestQueueFile`; those the file cannot take wait in
    memory, and are popped first."""

    def __init__(self, file: RequestQueueFile):
        self.file = file
        self.id = file.new_queue()
        self.stored = 0
        self.in_memory: deque[Request] = deque()

    @classmethod
    def from_crawler(cls, crawler: Crawler, key: Any = None) -> Self:
        file = crawler.get_extension(RequestQueueFile)
        if file is None:
            raise RuntimeError("newscrawl.request_queue.RequestQueueFile is not in EXTENSIONS: the queue has no file")
        return cls(file)

    def push(self, request: Request) -> None:
        if self.file.push(self.id, request):
            self.stored += 1
        else:
            self.in_memory.append(request)

    def pop(self) -> Request | None:
        if self.in_memory:
            return self.in_memory.pop()
        if not self.stored:
            return None
        self.stored -= 1
        return self.file.pop(self.id)

    def peek(self) -> Request | None:
        if self.in_memory:
            return self.in_memory[-1]
        return self.file.peek(self.id) if self.stored else None

    def close(self) -> None:
        # The crawl is ending: whatever is left in the file goes with it.
        self.stored = 0
        self.in_memory.clear()

    def __len__(self) -> int:
        return self.stored + len(self.in_memory)
