"""Extraction in worker processes, so that one crawl uses every core.

A :class:`PageJob` holds what extraction reads of a response and its request as plain
values that cross a process boundary: the bytes, status and headers as downloaded, the
site profile, the article's identity, discovery's hints and the limits. :func:`run_job`
rebuilds the response from them as re-extraction does from the archive (charset repair
included), so a page gives the same :class:`~newscrawl.extraction.page.PageResult` in a
worker as in the crawl process.

:class:`ExtractionWorkers` is the pool itself (``concurrent.futures`` with spawned
processes). A worker ignores SIGINT (the crawl process decides when to stop and closes
the pool when it is done) and dies with the crawl process, even a crawl process killed
with SIGKILL: Linux's parent-death signal, and a watchdog thread elsewhere. A worker
that dies leaves the pool broken; :meth:`ExtractionWorkers.restart` starts a new one.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_context

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from newscrawl.extraction.charset import redecode
from newscrawl.extraction.page import DiscoveryHints, PageResult, parse_article_page
from newscrawl.identity import ArticleIdentity
from newscrawl.sites import SiteProfile

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
PARENT_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class PageJob:
    """One article page to extract, and how (the arguments of ``parse_article_page``)."""

    url: str
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    request_url: str
    profile: SiteProfile
    article_url: ArticleIdentity | None
    hints: DiscoveryHints | None
    downloaded_at: datetime
    min_body_words: int
    require_evidence: bool
    max_body_chars: int

    @classmethod
    def of(cls, response: TextResponse, profile: SiteProfile, **arguments: object) -> PageJob:
        headers = tuple((name, value) for name, values in response.headers.items() for value in values)
        request_url = response.request.url if response.request is not None else response.url
        return cls(response.url, response.status, headers, response.body, request_url, profile, **arguments)  # type: ignore[arg-type]

    def response(self) -> TextResponse:
        """The response as the crawl's charset repair left it."""
        response = HtmlResponse(
            self.url, status=self.status, headers=list(self.headers), body=self.body, request=Request(self.request_url)
        )
        return redecode(response).response  # type: ignore[return-value]


def run_job(job: PageJob, response: TextResponse | None = None) -> PageResult:
    """Extract ``job``'s page: from ``response`` when the caller has it, else from the
    response rebuilt from the job's bytes (in a worker)."""
    return parse_article_page(
        response if response is not None else job.response(),
        job.profile,
        article_url=job.article_url,
        hints=job.hints,
        downloaded_at=job.downloaded_at,
        min_body_words=job.min_body_words,
        require_evidence=job.require_evidence,
        max_body_chars=job.max_body_chars,
    )


def _worker_started(parent: int) -> None:
    """In each worker, first: leave SIGINT to the crawl process and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the crawl process died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="newscrawl-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _ready() -> int:
    return os.getpid()


class ExtractionWorkers:
    """``processes`` worker processes that run :func:`run_job`."""

    def __init__(self, processes: int):
        if processes < 1:
            raise ValueError(f"processes must be 1 or more, not {processes}")
        self.processes = processes
        self.executor: ProcessPoolExecutor | None = None
        self.generation = 0  # which pool a job went to: a broken pool is replaced once

    def start(self, wait: bool = True) -> set[int]:
        """Start the processes (before the first page: a worker takes a second to import);
        with ``wait``, until they answer, and the pids of those that did."""
        self.executor = ProcessPoolExecutor(
            self.processes, mp_context=get_context("spawn"), initializer=_worker_started, initargs=(os.getpid(),)
        )
        self.generation += 1
        ready = [self.executor.submit(_ready) for _ in range(self.processes)]
        return {future.result() for future in ready} if wait else set()

    def submit(self, job: PageJob) -> Future[PageResult]:
        """``job`` sent to a worker (``BrokenProcessPool`` when one died since the last start)."""
        if self.executor is None:
            raise RuntimeError("the extraction workers are not running (not started yet, or closed)")
        return self.executor.submit(run_job, job)

    def restart(self, generation: int) -> bool:
        """Replace the pool that ``generation`` went to, when it is still the current one
        (several jobs see one breakage); whether this call replaced it. It does not wait for
        the new workers: the reactor thread calls it, and jobs queue until they are up."""
        if generation != self.generation:
            return False
        self.close(wait=False)
        self.start(wait=False)
        return True

    def close(self, wait: bool = True) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=wait, cancel_futures=True)
            self.executor = None
