"""Crawl throughput on a large local replica: bare Scrapy vs the full newscrawl crawl.

    python bench/crawl_throughput.py [--articles 20000] [--concurrency 16] [--profile-articles 2000] [--keep]
                                     [--set NAME=VALUE ...]   (more -s settings for crawls (b) and (c))
                                     [--rounds R] [--pool N ...] [--baseline-tree CHECKOUT]

One run: a replica made (or reused) by ``bench/replica.py``, and three crawls, one after
another, each a subprocess against its own replica server (``tests/mockserver.py --root``,
a separate process whose request log is the timing source):

(a) **bare Scrapy** — a minimal ``scrapy.Spider`` in a ``CrawlerProcess`` with Scrapy's
    defaults (no newscrawl settings, pipelines, middlewares or extensions) that downloads
    the article URLs listed in the replica's monthly sitemaps and does nothing with them;
(b) **full crawl** — ``scrapy crawl elaph -a base_url=… -a api_url=… -o feed.jsonl`` as a
    user runs it (robots.txt, sitemaps, API, extraction, cleaning, dates, dedup, SQLite,
    feed) with politeness lifted by ``-s``: ``DOWNLOAD_DELAY=0``,
    ``AUTOTHROTTLE_ENABLED=False``, the same ``CONCURRENT_REQUESTS`` and
    ``CONCURRENT_REQUESTS_PER_DOMAIN`` as (a) (``--concurrency``), a fresh store in a temp
    folder, ``LOG_LEVEL=INFO`` (newscrawl logs nothing per stored article at INFO);
(c) **profile** — on a replica of ``--profile-articles`` pages made with the same
    parameters, (a) and (b) again under ``python -m cProfile``: (c0) the bare crawl, whose
    busy time per page is the framework cost any crawl pays, and (c) the full crawl, for the
    cost per stage and the top functions by own time (cProfile inflates Python-heavy code,
    so read the shares; a column estimates each stage's ms/page in (b): see
    :meth:`Profile.stage_rows`).

With ``--rounds R`` the crawls (a), (b), (b0) and (d) run R times, interleaved (a, b, b0,
d, a, b, …) so that a busy spell of the machine hits every kind alike; the verdicts take
each kind's best round (its highest pages/s, its least CPU per page).

(b0) **baseline** — with ``--baseline-tree CHECKOUT``: (b) with the code of another
     checkout (``git worktree add /tmp/base <commit>``), for before/after ratios in one run;
(d)  **pool** — with ``--pool N``: (b) with ``NEWSCRAWL_EXTRACT_PROCESSES=N`` (its CPU
     includes the workers', which the crawl process reaps; its RSS is the crawl process's).

(b0) and (d) must write the same records as (b): their feeds, sorted, with the fields that
differ by run (``dateDownloaded``, ``warcFile``, ``warcOffset``) and the server's address
left out, are compared line by line ("Same records").

Definitions:

* *pages/s* — article pages per wall second from the first to the last article request
  the server received (its request log is read every 0.1 s; the pages that arrived after
  the first read, divided by the time between the reads that saw the first and the last).
  The server answers at once, and Scrapy stops downloading while more than
  ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` (5 MB) of responses are still in callbacks and item
  pipelines, so in steady state this is the rate at which the crawl finishes pages;
* *CPU ms/page* — the crawl process's user + system CPU (``getrusage`` of the reaped
  child, start-up included) per article page: less sensitive to other load on the
  machine than wall time; *CPU % of a core* = CPU ms/page × pages/s (below 100: the crawl
  waited; above: more than one thread or the kernel worked for it); the server's CPU per
  page over the same crawl is shown next to it;
* *RSS* — ``VmRSS`` of the crawl process from ``/proc/PID/status``, sampled by the parent
  every 0.5 s; *peak* also takes the kernel's ``VmHWM``; *RSS at k* is the first sample
  taken once the server had received k article requests.

Checks (a failed one exits with status 1, after the tables): every crawl exits 0; (a) gets
a 200 for each sitemap URL; (b) and (c) request each article once and store the articles
generated minus the drops the crawl counts (``newscrawl/skip/*``,
``newscrawl/duplicates/*``, ``newscrawl/drop/*``, ``newscrawl/failed/article/*``: printed),
with as many feed lines and ``item_scraped_count``, and every stored row has the body word
count and ``datePublished`` the replica generated. (``python -m cProfile`` swallows the
crawl's exit status: for (c0) and (c) only the counts and the store are checked.)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pstats
import re
import resource
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MOCKSERVER = ROOT / "tests" / "mockserver.py"
ARTICLE_REQUEST = b"GET /Web/"
DROP_PREFIXES = ("newscrawl/skip/", "newscrawl/duplicates/", "newscrawl/drop/", "newscrawl/failed/article/")
# Skips counted before a download (they are not drops of a downloaded article).
NOT_DOWNLOADED = ("newscrawl/skip/max_articles", "newscrawl/skip/known/", "newscrawl/skip/stored")
# newscrawl's own robustness settings, given to the bare crawl too.
BARE_SETTINGS: dict[str, Any] = {
    "LOG_LEVEL": "INFO",
    "ROBOTSTXT_OBEY": False,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_TIMES": 3,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 5 * 1024 * 1024,
}


# -- processes and sampling -----------------------------------------------------------------


def stop(process: subprocess.Popen[Any], timeout: float = 10) -> None:
    """Terminate one process we started (SIGTERM, then SIGKILL) and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so that ``finally`` blocks stop the servers and crawls."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


@dataclass
class Server:
    """``tests/mockserver.py --root ROOT --log LOG`` in a subprocess."""

    process: subprocess.Popen[str]
    base_url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


@contextlib.contextmanager
def replica_server(root: Path, log: Path) -> Iterator[Server]:
    command = [sys.executable, str(MOCKSERVER), "--root", str(root), "--log", str(log)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        if not base_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"replica server did not start: {base_url!r}")
        yield Server(process, base_url, log)
    finally:
        stop(process)


def proc_status(pid: int) -> tuple[float, float] | None:
    """(VmRSS, VmHWM) of a process in MB, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, re.M))
    if "VmRSS" not in values:
        return None
    return int(values["VmRSS"]) / 1024, int(values.get("VmHWM", 0)) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class RequestLog:
    """The article requests in a server's request log, read incrementally."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = 0
        self.rest = b""
        self.articles = 0
        self.first: float | None = None  # when a read first saw an article request
        self.first_batch = 0  # how many that read saw (they arrived before ``first``)
        self.last: float | None = None  # the last read that saw new ones

    def poll(self, now: float) -> int:
        try:
            with self.path.open("rb") as file:
                file.seek(self.offset)
                data = file.read()
        except FileNotFoundError:
            return self.articles
        self.offset += len(data)
        lines = (self.rest + data).split(b"\n")
        self.rest = lines.pop()
        new = sum(1 for line in lines if line.startswith(ARTICLE_REQUEST))
        if new:
            if self.first is None:
                self.first, self.first_batch = now, new
            self.last = now
            self.articles += new
        return self.articles

    @property
    def window(self) -> float:
        return (self.last - self.first) if self.first is not None and self.last is not None else 0.0

    @property
    def rate(self) -> float:
        """Article pages per second between the first and the last read that saw some."""
        return (self.articles - self.first_batch) / self.window if self.window > 0 else 0.0


@dataclass
class Sample:
    seconds: float  # since the crawl started
    rss_mb: float
    articles: int


class Monitor(threading.Thread):
    """Reads the server's request log every ``poll`` s and the crawl's RSS every ``every`` s."""

    def __init__(self, pid: int, log: RequestLog, every: float = 0.5, poll: float = 0.1):
        super().__init__(daemon=True)
        self.pid = pid
        self.log = log
        self.every = every
        self.poll = poll
        self.started_at = time.monotonic()
        self.samples: list[Sample] = []
        self.hwm_mb = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        next_sample = self.started_at
        while not self.done.wait(self.poll):
            now = time.monotonic()
            articles = self.log.poll(now)
            if now >= next_sample:
                next_sample += self.every
                status = proc_status(self.pid)
                if status:
                    self.samples.append(Sample(now - self.started_at, status[0], articles))
                    self.hwm_mb = max(self.hwm_mb, status[1])

    def finish(self) -> None:
        self.done.set()
        self.join()
        self.log.poll(time.monotonic())

    @property
    def peak_mb(self) -> float:
        return max([self.hwm_mb, *(s.rss_mb for s in self.samples)])

    def rss_at(self, articles: int) -> float | None:
        """RSS of the first sample taken once ``articles`` article requests had arrived (the
        last sample when the crawl ended before the next one)."""
        if self.log.articles < articles or not self.samples:
            return None
        return next((s.rss_mb for s in self.samples if s.articles >= articles), self.samples[-1].rss_mb)


@dataclass
class CrawlRun:
    name: str
    command: list[str]
    returncode: int
    log_path: Path
    monitor: Monitor
    cpu: float  # crawl process, user + system
    server_cpu: float
    wall: float  # process start to exit
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.monitor.log.articles

    @property
    def rate(self) -> float:
        return self.monitor.log.rate

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu / max(self.articles, 1) * 1000

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stats(self) -> dict[str, int]:
        """Integer stats from the crawl's final stats dump."""
        dump = self.log().split("Dumping Scrapy stats:", 1)
        if len(dump) < 2:
            return {}
        return {key: int(value) for key, value in re.findall(r"'([^']+)': (\d+)[,}]", dump[1])}


def run_crawl(
    name: str,
    replica: Path,
    work: Path,
    command: Callable[[str], list[str]],
    *,
    cwd: Path,
    env: dict[str, str],
    every: float = 0.5,
) -> CrawlRun:
    """Start a server on ``replica`` and run ``command(base_url)`` against it, sampled."""
    log_path = work / f"{name}.log"
    with replica_server(replica, work / f"{name}-requests.log") as server:
        argv = command(server.base_url)
        print(f"[{name}] {shlex.join(argv)}", file=sys.stderr, flush=True)
        cpu_before, server_before = children_cpu(), cpu_seconds(server.pid)
        started = time.monotonic()
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
            monitor = Monitor(process.pid, RequestLog(server.log), every=every)
            monitor.start()
            try:
                process.wait()
            finally:
                stop(process)
                monitor.finish()
        wall = time.monotonic() - started
        server_cpu = cpu_seconds(server.pid) - server_before
    run = CrawlRun(name, argv, process.returncode, log_path, monitor, children_cpu() - cpu_before, server_cpu, wall)
    rows = "".join(f"{s.seconds:.1f}\t{s.rss_mb:.1f}\t{s.articles}\n" for s in monitor.samples)
    (work / f"{name}-rss.tsv").write_text("seconds\trss_mb\tarticle_requests\n" + rows, encoding="utf-8")
    if run.returncode != 0:
        run.problems.append(f"exit status {run.returncode} (log: {log_path})")
    print(
        f"[{name}] {run.articles:,} article pages, {run.rate:,.1f} pages/s, {run.cpu_ms_per_page:.2f} CPU ms/page, "
        f"peak RSS {monitor.peak_mb:.0f} MB",
        file=sys.stderr,
        flush=True,
    )
    return run


def code_state() -> str:
    """The commit measured, and the files of ``newscrawl/`` changed since (benchmarks of a
    checkout in progress must say which code they measured)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "newscrawl"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "code: not a git checkout"
    changed = [line[3:] for line in dirty.stdout.splitlines()]
    return f"code: {head.stdout.strip() or '?'}" + (f" + uncommitted {', '.join(changed)}" if changed else "")


def project_env(tree: Path = ROOT) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env


# -- (a) bare Scrapy ----------------------------------------------------------------------------


def sitemap_urls(replica: Path, base_url: str) -> list[str]:
    """Article URLs of the replica's URL sets listed in its sitemap index."""
    index = (replica / "sitemaps" / "allsitemaps.xml").read_text(encoding="utf-8")
    urls: list[str] = []
    for loc in re.findall(r"<loc>\{\{BASE\}\}(/sitemaps/[^<]+)</loc>", index):
        text = (replica / loc.lstrip("/")).read_text(encoding="utf-8")
        urls += [base_url + path for path in re.findall(r"<loc>\{\{BASE\}\}([^<]+)</loc>", text)]
    return urls


def bare_worker(urls_file: Path, concurrency: int) -> int:
    """The bare crawl, run in its own process by ``--bare-worker``."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self) -> Any:
            with urls_file.open(encoding="utf-8") as urls:
                for line in urls:
                    yield scrapy.Request(line.strip(), callback=self.parse, errback=self.failed)

        def parse(self, response: Any) -> None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"bare/status/{response.status}")

        def failed(self, failure: Any) -> None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("bare/failed")

    settings = {**BARE_SETTINGS, "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency}
    process = CrawlerProcess(settings)
    process.crawl(BareSpider)
    process.start()
    return 0


def run_bare(
    name: str, replica: Path, work: Path, expected: int, concurrency: int, profile: Path | None = None
) -> CrawlRun:
    urls_file = work / f"{name}-urls.txt"

    def command(base_url: str) -> list[str]:
        urls = sitemap_urls(replica, base_url)
        urls_file.write_text("".join(u + "\n" for u in urls), encoding="utf-8")
        runner = [sys.executable, "-m", "cProfile", "-o", str(profile)] if profile else [sys.executable]
        worker = [*runner, str(Path(__file__).resolve()), "--bare-worker", str(urls_file)]
        return [*worker, "--concurrency", str(concurrency)]

    env = project_env()
    env.pop("PYTHONPATH")
    run = run_crawl(name, replica, work, command, cwd=work, env=env)
    stats = run.stats()
    ok = stats.get("bare/status/200", 0)
    if ok != expected or run.articles != expected:
        run.problems.append(f"{ok:,} pages answered 200 and {run.articles:,} requested, not {expected:,}")
    run.notes.append(f"200 responses: {ok:,}; failed: {stats.get('bare/failed', 0)}")
    return run


# -- (b), (c) the full crawl ------------------------------------------------------------------------


def full_command(
    base_url: str, work: Path, name: str, concurrency: int, profile: Path | None = None, extra: list[str] | None = None
) -> list[str]:
    runner = [sys.executable, "-m", "cProfile", "-o", str(profile)] if profile else [sys.executable]
    settings = {
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "TELNETCONSOLE_ENABLED": "False",
        "LOG_LEVEL": "INFO",
        "NEWSCRAWL_SQLITE_PATH": str(work / f"{name}.sqlite3"),
        "NEWSCRAWL_ARCHIVE_DIR": str(work / f"{name}-warc"),
    }
    command = [*runner, "-m", "scrapy", "crawl", "elaph", "-a", f"base_url={base_url}", "-a", f"api_url={base_url}"]
    command += ["-o", str(work / f"{name}.jsonl")]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    return command + (extra or [])


def read_index(replica: Path) -> dict[str, tuple[int, str]]:
    """Article id → (body words, datePublished) as the replica generated them."""
    with (replica / "articles.tsv").open(encoding="utf-8") as index:
        next(index)
        rows = (line.rstrip("\n").split("\t") for line in index)
        return {article_id: (int(words), published) for article_id, _, words, published in rows}


def drop_stats(stats: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in sorted(stats.items()) if k.startswith(DROP_PREFIXES)}


def check_full(run: CrawlRun, replica: Path, work: Path, expected: int) -> None:
    """The store and feed of ``run`` hold what the replica generated, minus counted drops."""
    stats = run.stats()
    drops = drop_stats(stats)
    dropped = sum(v for k, v in drops.items() if not k.startswith(NOT_DOWNLOADED))
    run.notes.append("drop stats: " + (", ".join(f"{k} {v:,}" for k, v in drops.items()) or "none"))
    wanted = expected - dropped
    store = work / f"{run.name}.sqlite3"
    feed = work / f"{run.name}.jsonl"
    if not store.exists():
        run.problems.append(f"no store at {store}")
        return
    index = read_index(replica)
    connection = sqlite3.connect(store)
    try:
        rows = connection.execute('SELECT "articleId", "articleBody", "datePublished" FROM articles').fetchall()
    finally:
        connection.close()
    feed_lines = feed.read_bytes().count(b"\n") if feed.exists() else 0
    bad_words = sum(1 for a, body, _ in rows if a not in index or len((body or "").split()) != index[a][0])
    bad_dates = sum(1 for a, _, published in rows if a not in index or published != index[a][1])
    run.notes.append(
        f"stored {len(rows):,} (generated {expected:,} - dropped {dropped:,} = {wanted:,}); feed lines {feed_lines:,}; "
        f"item_scraped_count {stats.get('item_scraped_count', 0):,}; article requests {run.articles:,}"
    )
    if len(rows) != wanted:
        run.problems.append(f"{len(rows):,} articles stored, expected {wanted:,}")
    if feed_lines != len(rows) or stats.get("item_scraped_count", 0) != len(rows):
        run.problems.append(
            f"feed has {feed_lines:,} lines and item_scraped_count is {stats.get('item_scraped_count')}"
        )
    if run.articles != expected:
        run.problems.append(f"the server got {run.articles:,} article requests for {expected:,} articles")
    if bad_words or bad_dates:
        run.problems.append(f"{bad_words:,} stored bodies with the wrong word count, {bad_dates:,} wrong dates")


def run_full(
    name: str,
    replica: Path,
    work: Path,
    expected: int,
    concurrency: int,
    profile: Path | None = None,
    extra: list[str] | None = None,
    every: float = 0.5,
    tree: Path = ROOT,
) -> CrawlRun:
    def command(base_url: str) -> list[str]:
        return full_command(base_url, work, name, concurrency, profile, extra)

    run = run_crawl(name, replica, work, command, cwd=tree, env=project_env(tree), every=every)
    check_full(run, replica, work, expected)
    return run


# -- the profile --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fn:
    """A function in a profile: file path suffix and name, optionally only as called by ``caller``."""

    file: str
    name: str
    caller: Fn | None = None


PAGE = Fn("newscrawl/extraction/page.py", "parse_article_page")
CALLBACK = Fn("newscrawl/spiders/news.py", "parse_article")
LOADER = "itemloaders/__init__.py"
HTML_PARSE = [Fn("parsel/selector.py", "create_root_node")]
CLEAN_IN_PAGE = [
    Fn(LOADER, "add_value", PAGE),
    Fn(LOADER, "get_output_value", PAGE),
    Fn(LOADER, "load_item", PAGE),
]
DATES = [
    Fn("newscrawl/extraction/page.py", "_date", PAGE),
    Fn("newscrawl/extraction/page.py", "_visible_dates", PAGE),
    Fn("newscrawl/text/dates.py", "parse_iso", CALLBACK),
]
# (stage, terms added, terms subtracted, what it covers); rows starting with "↳" are part of the row above.
STAGES: list[tuple[str, list[Fn], list[Fn], str]] = [
    ("HTML parse", HTML_PARSE, [], "lxml tree of the page (parsel create_root_node)"),
    (
        "extract",
        [PAGE],
        [*HTML_PARSE, *CLEAN_IN_PAGE, *DATES[:2]],
        "parse_article_page minus parse, loader and dates: metadata, selectors, drops, paragraphs",
    ),
    ("↳ read_metadata", [Fn("newscrawl/extraction/metadata.py", "read_metadata")], [], "JSON-LD + meta tags"),
    ("↳ region_blocks", [Fn("newscrawl/extraction/blocks.py", "region_blocks")], [], "text blocks of the body element"),
    (
        "clean",
        CLEAN_IN_PAGE,
        [],
        "ArticleLoader in/out processors (clean_display, boilerplate rules)",
    ),
    (
        "↳ boilerplate rules",
        [Fn("newscrawl/extraction/loaders.py", "strip_boilerplate")],
        [],
        "filter_paragraphs: match keys, patterns",
    ),
    ("dates", DATES, [], "_date/_visible_dates in the page + parse_iso in the callback"),
    (
        "dedup",
        [
            Fn("newscrawl/pipelines/dedup_url.py", "process_item"),
            Fn("newscrawl/pipelines/dedup_exact.py", "process_item"),
            Fn("newscrawl/pipelines/dedup_near.py", "process_item"),
        ],
        [],
        "same-article, exact and near-duplicate pipelines",
    ),
    (
        "↳ near-duplicates",
        [Fn("newscrawl/pipelines/dedup_near.py", "process_item")],
        [],
        "MinHash + LSH lookup + insert",
    ),
    (
        "store",
        [
            Fn("newscrawl/storage/base.py", "save"),
            Fn("newscrawl/storage/sqlite.py", "commit", Fn("newscrawl/pipelines/store.py", "commit")),
        ],
        [],
        "Store.save (row + FTS) + the pipeline's commits",
    ),
    ("↳ full-text index", [Fn("newscrawl/storage/sqlite.py", "_index_text")], [], "articles_fts insert"),
    ("validate", [Fn("newscrawl/pipelines/required.py", "process_item")], [], "required fields"),
    ("feed export", [Fn("newscrawl/extensions/feeds.py", "item_scraped")], [], "JSON Lines serialisation + write"),
    ("archive", [Fn("newscrawl/extensions/archive.py", "response_received")], [], "WARC record, gzip"),
    ("challenge check", [Fn("newscrawl/middlewares/blocked.py", "process_response")], [], "downloader middleware"),
    ("charset check", [Fn("newscrawl/middlewares/charset.py", "process_response")], [], "downloader middleware"),
    (
        "discovery",
        [Fn("newscrawl/spiders/news.py", f) for f in ("parse_robots", "parse_sitemap", "parse_api")],
        [],
        "robots.txt, sitemaps, API pages, article_request (amortised per page)",
    ),
    (
        "spider callback, rest",
        [CALLBACK],
        [Fn("newscrawl/extraction/pool.py", "run_job", CALLBACK), DATES[2]],
        "parse_article itself",
    ),
]
IDLE = "<method 'poll' of 'select.epoll' objects>"
IMPORTS = Fn("<frozen importlib._bootstrap>", "_find_and_load")


class Profile:
    def __init__(self, path: Path):
        self.stats = pstats.Stats(str(path))
        self.table: dict[tuple[str, int, str], tuple[Any, ...]] = self.stats.stats  # type: ignore[attr-defined]
        self.total: float = self.stats.total_tt  # type: ignore[attr-defined]
        self.missing: set[str] = set()  # functions of STAGES that never ran

    def keys(self, fn: Fn) -> list[tuple[str, int, str]]:
        return [k for k in self.table if k[2] == fn.name and k[0].replace("\\", "/").endswith(fn.file)]

    def cumulative(self, fn: Fn) -> float:
        keys = self.keys(fn)
        if not keys:
            self.missing.add(f"{fn.file}:{fn.name}")
            return 0.0
        if fn.caller is None:
            return sum(self.table[k][3] for k in keys)
        callers = set(self.keys(fn.caller))
        return sum(v[3] for k in keys for c, v in self.table[k][4].items() if c in callers)

    @property
    def idle(self) -> float:
        return sum(v[2] for k, v in self.table.items() if k[2] == IDLE)

    @property
    def busy(self) -> float:
        """Profile total minus idle and imports: the crawl's own work."""
        return self.total - self.idle - self.cumulative(IMPORTS)

    def stage_rows(
        self,
        pages: int,
        full_ms: float | None,
        bare: tuple[Profile, int] | None = None,
        bare_ms: float | None = None,
    ) -> list[list[str]]:
        """One row per stage: ms/page under cProfile, share of the crawl's busy time, and an
        estimate of its ms/page in (b). ``bare``: the profile of the bare crawl of the same
        pages (c0) and its page count, shown as the part of the rest any crawl pays.

        The estimate: cProfile slows Scrapy's own Python-heavy code more than newscrawl's
        (the bare crawl ×2.2, the full crawl ×1.4 in a typical run), so with ``bare_ms`` (CPU
        ms/page of (a)) the bare part counts as measured in (a) and the rest of ``full_ms``
        (CPU ms/page of (b)) is split by the profile's shares; without it, every share of
        ``full_ms``."""
        imports = self.cumulative(IMPORTS)
        busy = self.busy
        own = bare[0].busy / bare[1] * pages if bare else 0.0

        def estimate(seconds: float, part_of_bare: float = 0.0) -> str:
            if not full_ms:
                return ""
            if bare and bare_ms is not None and busy > own:
                return f"{part_of_bare * bare_ms + seconds / (busy - own) * (full_ms - bare_ms):.2f}"
            return f"{(seconds + part_of_bare * own) / busy * full_ms:.2f}"

        def row(stage: str, seconds: float, what: str, part_of_bare: float = 0.0) -> list[str]:
            total = seconds + part_of_bare * own
            share = f"{total / busy * 100:.1f} %" if busy else ""
            return [stage, f"{total / pages * 1000:.2f}", share, estimate(seconds, part_of_bare), what]

        rows, accounted = [], 0.0
        for stage, plus, minus, what in STAGES:
            seconds = sum(map(self.cumulative, plus)) - sum(map(self.cumulative, minus))
            if not stage.startswith("↳"):
                accounted += seconds
            rows.append(row(stage, seconds, what))
        rest = busy - accounted
        rows.append(row("Scrapy/Twisted/asyncio, rest", rest - own, "download, engine, scheduling, signals", 1.0))
        if bare:
            rows.append(row("↳ as in bare Scrapy", 0.0, "busy time of (c0) per page; estimate: (a)", 1.0))
            rows.append(row("↳ extra in the full crawl", rest - own, "items, pipelines, feed, signals"))
        rows.append(row("**busy total**", busy - own, "profile total minus idle and imports", 1.0))
        for name, seconds, what in (
            ("imports (start-up)", imports, "not in the shares"),
            ("idle (epoll wait)", self.idle, "waiting for the server or for a timer; not in the shares"),
        ):
            rows.append(
                [name, f"{seconds / pages * 1000:.2f}", f"{seconds / self.total * 100:.0f} % of wall", "", what]
            )
        return rows

    def top(self, n: int, pages: int) -> list[list[str]]:
        ranked = sorted(self.table.items(), key=lambda kv: kv[1][2], reverse=True)[:n]
        rows = []
        for (file, line, name), (cc, nc, tt, ct, _) in ranked:
            where = name if file == "~" else f"{short_path(file)}:{line}({name})"
            calls = f"{nc}" if nc == cc else f"{nc}/{cc}"
            rows.append([where, calls, f"{tt:.3f}", f"{tt / pages * 1000:.3f}", f"{ct:.3f}"])
        return rows


def short_path(file: str) -> str:
    file = file.replace("\\", "/")
    for marker in ("/site-packages/", "/lib/python3."):
        if marker in file:
            tail = file.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3." else tail
    return os.path.relpath(file, ROOT) if file.startswith(str(ROOT)) else file


# -- report -------------------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def mb(value: float | None) -> str:
    return f"{value:.0f}" if value is not None else "n/a"


def milestones(articles: int) -> list[int]:
    return [10_000, 20_000] if articles >= 20_000 else [articles // 2, articles]


def throughput_table(runs: list[CrawlRun], marks: list[int]) -> str:
    header = ["crawl", "article pages", "window s", "pages/s", "CPU ms/page", "CPU % of a core"]
    header += ["server CPU ms/page", "peak RSS MB"]
    header += [f"RSS at {m:,} MB" for m in marks]
    rows = []
    for run in runs:
        row = [run.name, f"{run.articles:,}", f"{run.monitor.log.window:.1f}", f"{run.rate:,.1f}"]
        row += [f"{run.cpu_ms_per_page:.2f}", f"{run.cpu_ms_per_page * run.rate / 10:.0f}"]
        row += [f"{run.server_cpu / max(run.articles, 1) * 1000:.2f}"]
        row += [mb(run.monitor.peak_mb), *(mb(run.monitor.rss_at(m)) for m in marks)]
        rows.append(row)
    return table(header, rows)


# Fields that differ by run, not by page; the replica server's address, which differs by run.
VOLATILE_FIELDS = ("dateDownloaded", "warcFile", "warcOffset")
SERVER_ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+")


def feed_records(path: Path) -> list[str]:
    """A feed's records, sorted, without what differs by run: what "the same output" compares."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = {k: v for k, v in json.loads(line).items() if k not in VOLATILE_FIELDS}
        records.append(SERVER_ADDRESS.sub("http://replica", json.dumps(record, sort_keys=True, ensure_ascii=False)))
    return sorted(records)


def same_output(run: CrawlRun, reference: CrawlRun, work: Path) -> str:
    """Whether two crawls wrote the same records (sorted feeds, run-dependent fields aside)."""
    mine, theirs = feed_records(work / f"{run.name}.jsonl"), feed_records(work / f"{reference.name}.jsonl")
    if mine == theirs:
        return f"{run.name} vs {reference.name}: the {len(mine):,} records are identical"
    run.problems.append(f"its records differ from {reference.name}'s")
    return f"{run.name} vs {reference.name}: **records differ** ({len(set(mine) ^ set(theirs)):,} lines)"


def best(runs: list[CrawlRun], kind: str) -> CrawlRun | None:
    """The fastest run of ``kind`` (rounds interleave the kinds, so noise hits each alike)."""
    found = [run for run in runs if run.name.split("#")[0] == kind]
    return max(found, key=lambda run: run.rate) if found else None


def least_cpu(runs: list[CrawlRun], kind: str) -> float:
    return min(run.cpu_ms_per_page for run in runs if run.name.split("#")[0] == kind)


def cost_verdicts(runs: list[CrawlRun]) -> list[str]:
    """Issue 16's targets, from the best of each kind's rounds."""
    bare, full = best(runs, "a-bare"), best(runs, "b-full")
    lines = []
    if bare and full:
        cpu = least_cpu(runs, "b-full") / least_cpu(runs, "a-bare")
        rate = full.rate / bare.rate
        lines.append(f"- CPU per page, full / bare (least of the rounds): **{cpu:.2f}×** (target <= 2.5×: "
                     f"{'met' if cpu <= 2.5 else 'NOT met'})")  # fmt: skip
        lines.append(f"- pages/s, full / bare (best of the rounds): **{rate:.2f}** (target >= 0.4: "
                     f"{'met' if rate >= 0.4 else 'NOT met'})")  # fmt: skip
    baseline = best(runs, "b0-baseline")
    if baseline and full:
        cpu = least_cpu(runs, "b-full") / least_cpu(runs, "b0-baseline")
        lines.append(
            f"- against the baseline code: CPU per page **{cpu:.2f}×**, pages/s **{full.rate / baseline.rate:.2f}×**"
        )
    for run in runs:
        kind = run.name.split("#")[0]
        if kind.startswith("d-pool-") and run is best(runs, kind) and full:
            gain = run.rate / full.rate
            lines.append(f"- {kind}: pages/s **{gain:.2f}×** the single-process crawl (target >= 1.5×: "
                         f"{'met' if gain >= 1.5 else 'NOT met'}); CPU per page "
                         f"{least_cpu(runs, kind) / least_cpu(runs, 'b-full'):.2f}× (workers included)")  # fmt: skip
    return lines


def verdicts(bare: CrawlRun, full: CrawlRun, marks: list[int]) -> list[str]:
    ratio = full.rate / bare.rate if bare.rate else 0.0
    cpu_ratio = bare.cpu_ms_per_page / full.cpu_ms_per_page if full.cpu_ms_per_page else 0.0
    lines = [
        f"- throughput ratio b/a: **{ratio:.2f}** (target >= 0.7: {'met' if ratio >= 0.7 else 'NOT met'}); "
        f"CPU per page a/b: {cpu_ratio:.2f}"
    ]
    low, high = (full.monitor.rss_at(m) for m in marks)
    if low and high:
        growth = high / low
        lines.append(
            f"- full crawl RSS at {marks[1]:,} / at {marks[0]:,}: **{growth:.2f}** "
            f"(target <= 1.2: {'met' if growth <= 1.2 else 'NOT met'})"
        )
    peak = full.monitor.peak_mb
    lines.append(f"- full crawl peak RSS: **{peak:.0f} MB** (target <= 400 MB: {'met' if peak <= 400 else 'NOT met'})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000, help="article pages of the replica (default 20,000)")
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS(_PER_DOMAIN) of (a) and (b)")
    parser.add_argument("--profile-articles", type=int, default=2_000, help="pages of the profiled crawl (c); 0: skip")
    parser.add_argument("--page-kb", type=int, nargs=2, default=[80, 150], metavar=("MIN", "MAX"))
    parser.add_argument("--replica", type=Path, help="replica folder (default /tmp/newscrawl-replica-<N>)")
    parser.add_argument("--work", type=Path, help="folder for stores, feeds, logs (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (default: removed at the end)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="another -s setting for (b) and (c)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds of every crawl; best reported")
    parser.add_argument(
        "--pool", type=int, nargs="*", default=[], metavar="N", help="also crawl with NEWSCRAWL_EXTRACT_PROCESSES=N"
    )
    parser.add_argument(
        "--baseline-tree", type=Path, help="also crawl with the code of this checkout (e.g. a git worktree of an "
        "older commit) and compare its records and costs with (b)"
    )  # fmt: skip
    parser.add_argument("--skip-bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bare-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_worker:
        return bare_worker(args.bare_worker, args.concurrency)
    exit_on_sigterm()
    if any("=" not in setting for setting in args.set):
        parser.error("--set takes NAME=VALUE")
    extra = [arg for setting in args.set for arg in ("-s", setting)]
    sys.path.insert(0, str(ROOT))
    from bench.replica import ensure_replica

    page_kb = (args.page_kb[0], args.page_kb[1])
    replica, manifest = ensure_replica(args.articles, args.replica, page_kb=page_kb)
    work = args.work or Path(tempfile.mkdtemp(prefix="newscrawl-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    command_line = shlex.join(["python", "bench/crawl_throughput.py", *sys.argv[1:]])
    code = code_state()
    try:
        runs: list[CrawlRun] = []
        outputs: list[str] = []
        for round_ in range(1, args.rounds + 1):
            mark = f"#{round_}" if args.rounds > 1 else ""
            if not args.skip_bare:
                runs.append(run_bare(f"a-bare{mark}", replica, work, args.articles, args.concurrency))
            full = run_full(f"b-full{mark}", replica, work, args.articles, args.concurrency, extra=extra)
            runs.append(full)
            if args.baseline_tree:
                name = f"b0-baseline{mark}"
                old = run_full(
                    name, replica, work, args.articles, args.concurrency, extra=extra, tree=args.baseline_tree
                )
                runs.append(old)
                outputs.append(same_output(old, full, work))
            for processes in args.pool:
                pool = [*extra, "-s", f"NEWSCRAWL_EXTRACT_PROCESSES={processes}"]
                run = run_full(f"d-pool-{processes}{mark}", replica, work, args.articles, args.concurrency, extra=pool)
                runs.append(run)
                outputs.append(same_output(run, full, work))
        full = best(runs, "b-full") or full
        profiled = bare_profiled = None
        if args.profile_articles:
            small, _ = ensure_replica(args.profile_articles, page_kb=page_kb)
            prof = work / "c0-bare-profile.prof"
            run = run_bare("c0-bare-profile", small, work, args.profile_articles, args.concurrency, profile=prof)
            bare_profiled = (run, Profile(prof))
            prof = work / "c-profile.prof"
            run = run_full("c-profile", small, work, args.profile_articles, args.concurrency, profile=prof, extra=extra)
            profiled = (run, Profile(prof))
        marks = milestones(args.articles)
        html_mb = int(manifest["html_bytes"]) / 2**20  # type: ignore[call-overload]
        print(f"\n## Crawl throughput: `{command_line}`\n")
        print(
            f"Replica {replica}: {args.articles:,} article pages, {page_kb[0]}-{page_kb[1]} KB "
            f"({html_mb / args.articles * 1024:.0f} KB mean, {html_mb:,.0f} MB), concurrency {args.concurrency}, "
            f"{os.cpu_count()} CPUs, load average before the run {os.getloadavg()[0]:.2f}; {code}.\n"
        )
        print(throughput_table(runs, marks))
        print()
        if not args.skip_bare:
            print("\n".join(verdicts(best(runs, "a-bare") or runs[0], full, marks)))
        print("\n".join(cost_verdicts(runs)))
        if outputs:
            print("\n### Same records\n")
            print("\n".join(f"- {line}" for line in outputs))
        print("\n### Checks\n")
        all_runs = [*runs, *(p[0] for p in (bare_profiled, profiled) if p)]
        for run in all_runs:
            status = "ok" if not run.problems else "FAILED: " + "; ".join(run.problems)
            print(f"- {run.name}: {status}")
            for note in run.notes:
                print(f"  - {note}")
        print("\n### Commands\n")
        for run in all_runs:
            print(f"- {run.name}: `{shlex.join(run.command)}`")
        if profiled:
            run, profile = profiled
            pages = max(run.articles, 1)
            print(
                f"\n### Cost per stage, profiled crawl (c): {pages:,} pages, {run.rate:.1f} pages/s under cProfile, "
                f"profile total {profile.total:.1f} s\n"
            )
            header = ["stage", "ms/page (cProfile)", "share of busy", "≈ ms/page in (b)", "covers"]
            assert bare_profiled is not None
            bare = (bare_profiled[1], max(bare_profiled[0].articles, 1))
            bare_ms = None if args.skip_bare else least_cpu(runs, "a-bare")
            print(table(header, profile.stage_rows(pages, full.cpu_ms_per_page, bare, bare_ms), "lrrrl"))
            if profile.missing:
                print(f"\n(never called in this crawl: {', '.join(sorted(profile.missing))})")
            print("\n### Top 25 functions by own time (c)\n")
            print(table(["function", "calls", "tottime s", "ms/page", "cumtime s"], profile.top(25, pages)))
        print(f"\nWork folder: {work}" + ("" if args.keep else " (removed)"))
        return 1 if any(run.problems for run in all_runs) else 0
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # servers and crawls were stopped by the finally blocks
        print("Interrupted", file=sys.stderr)
        sys.exit(130)
