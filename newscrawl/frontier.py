"""A shared crawl frontier in Redis: many crawler processes, on any machines, one queue.

Switched on by ``NEWSCRAWL_REDIS_URL`` (e.g. ``redis://host:6379/0``); without it nothing
here runs and a crawl keeps Scrapy's own in-memory scheduler. :class:`RedisFrontierAddon`
(listed in ``ADDONS``) then selects :class:`ReliableRedisScheduler`, built on scrapy-redis:
the request queue (a sorted set by priority) and the request dupefilter live in Redis under
``NEWSCRAWL_REDIS_KEY`` (default ``newscrawl:<spider>``), so that a URL is fetched once by
whichever worker pops it. The dupefilter's key of an article request is the article's
identity (:func:`frontier_fingerprint`): no two workers download one article under two
spellings. A request is marked seen and queued in one Lua script: a worker killed at any
instant leaves every URL queued, in flight, or done.

scrapy-redis pops a request destructively: a worker killed with requests in flight would
lose them. Here a pop also files the request under the worker's *in-flight* hash, in one
Lua script; the request leaves it once Scrapy is done with it (downloaded, parsed, its items
through the pipelines and committed). Each worker refreshes a heartbeat key every
``NEWSCRAWL_REDIS_HEARTBEAT_SECONDS`` (default 2) from a thread of its own; when a worker's heartbeat is older than
``NEWSCRAWL_REDIS_DEAD_AFTER_SECONDS`` (default 10), any other worker puts its in-flight
requests back on the queue (at-least-once: a request that was finished but not yet
cleared is fetched again, and the store's same-article stage drops the repeat).

An idle worker looks at the frontier every ``NEWSCRAWL_REDIS_POLL_SECONDS`` (default 0.2):
it takes work as soon as another worker queues some, not on Scrapy's 5-second heartbeat.
It closes as soon as the queue is empty and no worker has requests in flight (only they
could add requests); one that has seen no work yet waits
``NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS`` (default 10) for ``scrapy push``.
Start requests are not yielded by workers: ``scrapy push <spider>`` starts a crawl run by
clearing the dupefilter and pushing the spider's discovery requests.

Stats: ``newscrawl/frontier/{popped,requeued,recovered_workers}``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.request import request_from_dict
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from newscrawl.config import DEFAULTS, setting
from newscrawl.signals import crawl_keeps_open

if TYPE_CHECKING:
    from redis.commands.core import Script
    from scrapy import Request, Spider
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.utils.request import RequestFingerprinterProtocol
    from scrapy_redis.queue import Base

logger = logging.getLogger(__name__)

# Pop the best request and file it as in flight, atomically. KEYS: queue, in-flight hash.
# The in-flight field is "<score>:<sha1 of the request>" so that a requeue keeps the priority.
_POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
local token = item[2] .. ':' .. redis.sha1hex(item[1])
redis.call('HSET', KEYS[2], token, item[1])
return {item[1], token}
"""

# Mark a request seen and queue it, atomically (a kill between the two would leave it seen
# but never queued). KEYS: dupefilter set, queue; ARGV: fingerprint ("" for dont_filter),
# score, the encoded request. Returns 1 when queued, 0 when it was seen before.
_ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# Put a dead worker's in-flight requests back on the queue. KEYS: queue, its in-flight hash,
# its heartbeat key, the worker set; ARGV: worker id. Returns -1 if the worker is alive.
_REQUEUE = """
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local score = string.match(entries[i], '^([^:]+):')
  redis.call('ZADD', KEYS[1], score, entries[i + 1])
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
return #entries / 2
"""


def frontier_key(settings: BaseSettings) -> str:
    """``NEWSCRAWL_REDIS_KEY``, its default when set empty (``%(spider)s``: the spider's name)."""
    return setting(settings, "NEWSCRAWL_REDIS_KEY") or DEFAULTS["NEWSCRAWL_REDIS_KEY"]


def encode_request(queue: Base, request: Request) -> bytes:
    """``request`` as ``queue.push()`` stores it (queued here by a Lua script, not by the
    queue): the counterpart of :func:`decode_request`, with the same situation upstream
    (``Base._encode_request`` is private)."""
    return queue.serializer.dumps(request.to_dict(spider=queue.spider))


def decode_request(queue: Base, data: bytes) -> Request:
    """The request that ``queue.push()`` stored as ``data`` (popped here by a Lua script,
    not by the queue).

    scrapy-redis 0.9.1 has no public way to decode a stored request: ``Base._decode_request``
    is private, and no upstream issue asks for a public one (the nearest, rmax/scrapy-redis#54
    "Ensure serialized requests can be deserialized", is about serializers that cannot
    round-trip). This is that method's body: the queue's ``serializer`` and ``spider`` (the
    documented arguments of ``Base.__init__``, kept as plain attributes but not documented as
    such) and Scrapy's public :func:`~scrapy.utils.request.request_from_dict`.
    ``test_a_request_pushed_by_the_queue_is_decoded_whole`` (tests/test_scale_out.py) fails
    if scrapy-redis changes how it stores a request."""
    return request_from_dict(queue.serializer.loads(data), spider=queue.spider)


def frontier_fingerprint(request: Request, fingerprinter: RequestFingerprinterProtocol) -> str:
    """The frontier's duplicate key of a request, shared by every worker: an article
    request's identity (meta ``newscrawl_article``: the spider's normalisation, so AMP,
    print and tracking variants and padded months are one article), else Scrapy's
    fingerprint. A redirect is keyed by its URL: its article is seen already, and the
    redirect's target must still be fetched."""
    identity = request.meta.get("newscrawl_article")
    if identity is not None and "redirect_urls" not in request.meta:
        return f"article:{identity.key}"
    return fingerprinter.fingerprint(request).hex()


def wake_engine(engine: ExecutionEngine | None) -> None:
    """Make an idle engine look at the scheduler now: take work another worker queued, or
    find the crawl finished and go through ``spider_idle`` (health checks, close).

    Scrapy 2.19 looks at its scheduler after each download and otherwise every 5 seconds
    (``ExecutionEngine._SLOT_HEARTBEAT_INTERVAL``, the heartbeat of scrapy/scrapy#1618), so
    a worker whose queue ran dry waited up to 5 s for work, and as long to close. The one
    public call that wakes it, ``engine.crawl(request)``, needs a request to schedule again
    and cannot wake it to close; no upstream issue asks for a public one. This schedules
    the engine's own next call (``engine._slot.nextcall``), the one private call here;
    ``test_the_engine_wrappers_read_its_slot`` (tests/test_scale_out.py) fails if Scrapy
    changes it."""
    slot = getattr(engine, "_slot", None)
    if slot is not None:
        slot.nextcall.schedule()


def requests_in_progress(engine: ExecutionEngine | None) -> set[Request] | None:
    """The requests Scrapy's engine is downloading or scraping, until the items of their
    responses are through the pipelines (``None``: no engine running).

    Scrapy 2.19 keeps that set in the engine's private slot (``engine._slot.inprogress``,
    filled by ``_Slot.add_request`` when a request is downloaded and emptied when its
    scrape is done) and has no public API or signal for "this request is finished, items
    included"; no upstream issue asks for one. This is the one place that reads it;
    ``test_the_engine_wrappers_read_its_slot`` (tests/test_scale_out.py) fails if Scrapy
    renames or changes it."""
    slot = getattr(engine, "_slot", None)
    return None if slot is None else slot.inprogress


class RedisFrontierAddon:
    """Selects the Redis frontier when ``NEWSCRAWL_REDIS_URL`` is set (a Scrapy add-on, so
    that one setting switches the scheduler, the dupefilter and their keys together)."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = setting(settings, "NEWSCRAWL_REDIS_URL")
        if not url:
            return
        key = frontier_key(settings)
        for name, value in {
            "SCHEDULER": "newscrawl.frontier.ReliableRedisScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_QUEUE_KEY": f"{key}:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{key}:dupefilter",
            "SCHEDULER_PERSIST": True,  # one worker closing must not clear the others' queue
            "REDIS_URL": url,
        }.items():
            settings.set(name, value, priority="addon")


class FrontierKeys:
    """The Redis keys of one crawl (``base`` is ``NEWSCRAWL_REDIS_KEY`` for the spider)."""

    def __init__(self, base: str):
        self.queue = f"{base}:requests"
        self.dupefilter = f"{base}:dupefilter"
        self.workers = f"{base}:workers"
        self._base = base

    def inflight(self, worker: str) -> str:
        return f"{self._base}:inflight:{worker}"

    def alive(self, worker: str) -> str:
        return f"{self._base}:alive:{worker}"

    @classmethod
    def of(cls, settings: BaseSettings, spider_name: str) -> FrontierKeys:
        return cls(frontier_key(settings) % {"spider": spider_name})


class ReliableRedisScheduler(Scheduler):
    """scrapy-redis's scheduler with in-flight tracking, dead-worker recovery and a close
    that waits for the other workers (see the module docstring)."""

    crawler: Crawler
    heartbeat_seconds: float
    poll_seconds: float
    dead_after: float
    idle_close_seconds: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReliableRedisScheduler:
        scheduler: ReliableRedisScheduler = super().from_crawler(crawler)
        settings = crawler.settings
        scheduler.crawler = crawler
        scheduler.heartbeat_seconds = setting(settings, "NEWSCRAWL_REDIS_HEARTBEAT_SECONDS")
        scheduler.poll_seconds = setting(settings, "NEWSCRAWL_REDIS_POLL_SECONDS")
        scheduler.dead_after = setting(settings, "NEWSCRAWL_REDIS_DEAD_AFTER_SECONDS")
        scheduler.idle_close_seconds = setting(settings, "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS")
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.keys = FrontierKeys.of(self.crawler.settings, spider.name)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.mine: dict[str, Request] = {}  # in-flight token -> the request object Scrapy holds
        self.idle_since: float | None = None
        self.seen_work = False  # the crawl had work while this worker watched it
        self._pop = self.server.register_script(_POP)
        self._enqueue = self.server.register_script(_ENQUEUE)
        self._requeue = self.server.register_script(_REQUEUE)
        self.server.sadd(self.keys.workers, self.worker)
        self.beat()
        # The heartbeat says "this process is alive", so it beats from its own thread: a
        # reactor blocked for a while (a SQLite lock wait, a long parse) is not a dead worker.
        self.stopping = threading.Event()
        self.heart = threading.Thread(target=self.beat_until_closed, name="newscrawl-frontier-heartbeat", daemon=True)
        self.heart.start()
        self.crawler.signals.connect(self.keeps_open, signal=crawl_keeps_open)  # asked by the health checks
        self.timer = LoopingCall(self.tick)
        self.timer.start(self.heartbeat_seconds, now=False)
        self.poller = LoopingCall(self.poll)
        self.poller.start(self.poll_seconds, now=False)
        logger.info("Frontier worker %s on %s (%d requests queued)", self.worker, self.keys.queue, len(self.queue))

    def close(self, reason: str) -> None:
        for loop in (self.timer, self.poller):
            if loop.running:
                loop.stop()
        self.stopping.set()
        self.heart.join(timeout=5)
        # Scrapy closes the scheduler once nothing is in progress: every request this worker
        # popped has been dealt with.
        self.server.delete(self.keys.inflight(self.worker), self.keys.alive(self.worker))
        self.server.srem(self.keys.workers, self.worker)
        super().close(reason)

    # -- queue ---------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        if not enqueue(self._enqueue, self.keys, self.queue, request, self.crawler.request_fingerprinter):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        popped = self._pop(keys=[self.keys.queue, self.keys.inflight(self.worker)])
        if not popped:
            return None
        data, token = popped
        request = decode_request(self.queue, data)
        self.seen_work = True
        self.mine[token.decode() if isinstance(token, bytes) else token] = request
        if self.stats:
            self.stats.inc_value("newscrawl/frontier/popped")
            self.stats.inc_value("scheduler/dequeued/redis")
        self.idle_since = None
        return request

    # -- heartbeat, finished requests, dead workers --------------------------------------

    def beat(self) -> None:
        self.server.set(self.keys.alive(self.worker), b"1", px=int(self.dead_after * 1000))

    def beat_until_closed(self) -> None:
        while not self.stopping.wait(self.heartbeat_seconds):
            try:
                self.beat()
            except Exception:  # Redis away for a moment: try again on the next beat
                logger.warning("Frontier heartbeat failed", exc_info=True)

    def poll(self) -> None:
        """Every ``NEWSCRAWL_REDIS_POLL_SECONDS``: take what Scrapy has finished out of the
        in-flight hash, and wake an idle engine (:func:`wake_engine`) as soon as work is
        queued, or once the crawl is finished, so that it closes now."""
        try:
            self.clear_finished()
            if requests_in_progress(self.crawler.engine) != set():
                return  # busy (it asks for work itself after each download), or not running
            if len(self.queue) or not self.keeps_open():
                wake_engine(self.crawler.engine)
        except Exception:  # a Redis hiccup must not stop the loop
            logger.exception("Frontier poll failed")

    def tick(self) -> None:
        try:
            self.clear_finished()
            self.recover_dead_workers()
        except Exception:  # a Redis hiccup must not stop the loop
            logger.exception("Frontier bookkeeping failed")

    def clear_finished(self, everything: bool = False) -> None:
        """Take requests Scrapy has finished out of this worker's in-flight hash."""
        busy = set() if everything else requests_in_progress(self.crawler.engine)
        if busy is None:
            return
        done = [token for token, request in self.mine.items() if request not in busy]
        if done:
            self.server.hdel(self.keys.inflight(self.worker), *done)
            for token in done:
                del self.mine[token]

    def recover_dead_workers(self) -> int:
        """Requeue the in-flight requests of workers whose heartbeat stopped."""
        requeued = 0
        for raw in self.server.smembers(self.keys.workers):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker == self.worker:
                continue
            keys = [self.keys.queue, self.keys.inflight(worker), self.keys.alive(worker), self.keys.workers]
            count = int(self._requeue(keys=keys, args=[worker]))
            if count >= 0:
                requeued += count
                logger.warning("Frontier worker %s stopped; put its %d in-flight requests back", worker, count)
                if self.stats:
                    self.stats.inc_value("newscrawl/frontier/recovered_workers")
                    self.stats.inc_value("newscrawl/frontier/requeued", count)
        return requeued

    def others_busy(self) -> bool:
        """Whether another live worker has requests in flight (they may add more)."""
        for raw in self.server.smembers(self.keys.workers):
            worker = raw.decode() if isinstance(raw, bytes) else raw
            if worker != self.worker and self.server.hlen(self.keys.inflight(worker)):
                return True
        return False

    def keeps_open(self) -> bool:
        """At idle: whether the crawl as a whole may still have work for this worker (the
        health checks ask too, so that they judge the worker only when it closes).

        Work is only ever added by a worker processing a request it has in flight, and a
        request is queued or in flight at every instant (one step moves it), so an empty
        queue with nothing in flight anywhere is a finished crawl: a worker that saw the crawl
        running closes at once. One that never saw work waits ``NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS``
        for ``scrapy push``."""
        self.clear_finished(everything=True)  # idle: nothing of ours is in progress
        if self.recover_dead_workers() or len(self.queue) or self.others_busy():
            self.idle_since = None
            self.seen_work = True
            return True
        if self.seen_work:
            return False
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        return now - self.idle_since < self.idle_close_seconds

    def spider_idle(self, spider: Spider) -> None:
        if self.keeps_open():
            raise DontCloseSpider
        logger.info("Frontier %s is empty and no worker has requests in flight: closing", self.keys.queue)


def push_start_requests(crawler: Crawler, requests: list[Request], *, force: bool = False) -> int:
    """Start a crawl run on the shared frontier: clear the dupefilter (the previous run's
    URLs may be fetched again), then enqueue ``requests``. Refuses while a run is in
    progress (queued or in-flight requests) unless ``force``, which also forgets every
    worker's in-flight requests. Returns how many requests were queued."""
    spider = crawler.spider
    assert spider is not None
    server = get_redis_from_settings(crawler.settings)
    keys = FrontierKeys.of(crawler.settings, spider.name)
    workers = [w.decode() if isinstance(w, bytes) else w for w in server.smembers(keys.workers)]
    busy = server.zcard(keys.queue) + sum(server.hlen(keys.inflight(w)) for w in workers)
    if busy and not force:
        raise RuntimeError(f"{keys.queue} still holds {busy} queued or in-flight requests (a crawl is running?)")
    server.delete(keys.dupefilter, keys.queue, keys.workers, *(keys.inflight(w) for w in workers))
    queue = PriorityQueue(server=server, spider=spider, key=keys.queue)
    script = server.register_script(_ENQUEUE)
    pushed = 0
    for request in requests:
        pushed += enqueue(script, keys, queue, request, crawler.request_fingerprinter)
    return pushed


def enqueue(
    script: Script, keys: FrontierKeys, queue: Base, request: Request, fingerprinter: RequestFingerprinterProtocol
) -> bool:
    """Mark ``request`` seen (:func:`frontier_fingerprint`; not when ``dont_filter``) and
    queue it, in one step (:data:`_ENQUEUE`); ``False`` when it was seen before. The score
    is scrapy-redis's (``-priority``), so that its queue pops the same order."""
    fingerprint = "" if request.dont_filter else frontier_fingerprint(request, fingerprinter)
    data = encode_request(queue, request)
    return bool(script(keys=[keys.dupefilter, keys.queue], args=[fingerprint, -request.priority, data]))
