"""Scale-out: 1, 2, 3 crawler processes on one shared Redis frontier and one PostgreSQL store.

    python bench/scale_out.py [--articles 600 3000] [--workers 1 2 3] [--concurrency 16] [--stagger 0]

One run, on this machine, with every server a local process sharing its cores: a replica
made (or reused) by ``bench/replica.py`` (80–150 KB pages) served by ``tests/mockserver.py
--root``, a throwaway ``redis-server`` (``tests/redis_server.py``) and a throwaway PostgreSQL
(``tests/postgres.py``). For each worker count N: a fresh database and frontier key,
``scrapy push elaph``, then N ``scrapy crawl elaph`` workers with the full pipeline
(extraction, dedup, the PostgreSQL store, a JSON Lines feed each) and politeness lifted
(``DOWNLOAD_DELAY=0``, no AutoThrottle, ``--concurrency`` requests per worker).

* *pages/s*: article pages stored per second between the first and the last article
  request the replica server received (its request log, read every 0.2 s);
* *speed-up*: pages/s with N workers / pages/s with 1, measured in the same run;
* *second worker's first article*: seconds from the start of the first worker to the first
  line of the second one's feed. Workers start together, or ``--stagger`` seconds apart: a
  late worker finds the first one holding every start request and the queue empty, and
  how long it then waits for the work the first one queues shows here;
* *close*: seconds from the last article request the server received to the last worker's
  exit (storing the last pages, then closing);
* *peak RSS per worker*: ``VmHWM`` of each worker (``/proc/PID/status``, read every 0.2 s).

Checks (exit 1 when one fails): every worker exits 0; the store holds each generated article
exactly once; no article URL was requested twice.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.replica import ensure_replica  # noqa: E402
from tests import postgres, redis_server  # noqa: E402

MOCKSERVER = ROOT / "tests" / "mockserver.py"


@contextlib.contextmanager
def replica_server(root: Path, log: Path) -> Iterator[str]:
    process = subprocess.Popen([sys.executable, str(MOCKSERVER), "--root", str(root), "--log", str(log)],
                               stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Watch(threading.Thread):
    """Reads the server's request log, the workers' feeds and peak RSS every 0.2 s."""

    def __init__(self, log: Path, pids: list[int], feeds: list[Path]):
        super().__init__(daemon=True)
        self.log, self.pids, self.feeds = log, pids, feeds
        self.peaks = dict.fromkeys(pids, 0.0)
        self.first_fed: dict[Path, float] = {}  # feed -> when its first line was there
        self.first: float | None = None
        self.first_count = 0
        self.last: float | None = None
        self.count = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.sample()
        self.sample()

    def sample(self) -> None:
        now = time.monotonic()
        count = sum(1 for line in self.log.read_text().splitlines() if " /Web/" in line) if self.log.exists() else 0
        if count and self.first is None:
            self.first, self.first_count = now, count
        if count > self.count:
            self.last, self.count = now, count
        for pid in self.pids:
            self.peaks[pid] = max(self.peaks[pid], peak_rss_mb(pid) or 0.0)
        for feed in self.feeds:
            if feed not in self.first_fed and feed.exists() and feed.stat().st_size:
                self.first_fed[feed] = now

    @property
    def rate(self) -> float:
        if self.first is None or self.last is None or self.last <= self.first:
            return 0.0
        return (self.count - self.first_count) / (self.last - self.first)


def crawl(workers: int, replica: Path, expected: int, redis_url: str, dsn: str, concurrency: int,
          folder: Path, stagger: float = 0.0) -> dict[str, object]:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "requests.log"
    settings = {
        "NEWSCRAWL_REDIS_URL": redis_url,
        "NEWSCRAWL_REDIS_KEY": f"bench{workers}:%(spider)s",
        "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS": "3",
        "NEWSCRAWL_POSTGRES_DSN": dsn,
        "NEWSCRAWL_SQLITE_PATH": "",
        "NEWSCRAWL_ARCHIVE_DIR": str(folder / "warc"),  # one file set per worker
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "TELNETCONSOLE_ENABLED": "False",
    }
    options = [part for name, value in settings.items() for part in ("-s", f"{name}={value}")]
    with replica_server(replica, log) as base_url:
        arguments = ["-a", f"base_url={base_url}", "-a", f"api_url={base_url}"]
        scrapy = [sys.executable, "-m", "scrapy"]
        subprocess.run([*scrapy, "push", "elaph", *arguments, *options], cwd=ROOT, check=True, capture_output=True)
        feeds = [folder / f"worker{n}.jsonl" for n in range(workers)]
        started = time.monotonic()
        processes = []
        for n in range(workers):
            time.sleep(max(0.0, started + n * stagger - time.monotonic()))
            out = (folder / f"worker{n}.log").open("w")
            command = [*scrapy, "crawl", "elaph", *arguments, *options, "-O", str(feeds[n])]
            processes.append(subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out))
        watch = Watch(log, [p.pid for p in processes], feeds)
        watch.start()
        codes = [p.wait() for p in processes]
        ended = time.monotonic()
        watch.done.set()
        watch.join()
        wall = ended - started
        second = watch.first_fed.get(feeds[1]) if workers > 1 else None
        close = ended - watch.last if watch.last is not None else None
    import psycopg

    with psycopg.connect(dsn) as connection:
        stored = [row[0] for row in connection.execute('SELECT "articleId" FROM articles')]
    fetched = Counter(line for line in log.read_text().splitlines() if " /Web/" in line)
    problems = []
    if any(codes):
        problems.append(f"worker exit codes {codes} (logs in {folder})")
    if len(stored) != expected or len(set(stored)) != expected:
        problems.append(f"{len(stored)} rows, {len(set(stored))} distinct, {expected} generated")
    if fetched and max(fetched.values()) > 1:
        problems.append(f"{sum(v > 1 for v in fetched.values())} article URLs fetched more than once")
    return {"workers": workers, "rate": watch.rate, "wall": wall, "peaks": list(watch.peaks.values()),
            "stored": len(stored), "problems": problems, "close": close,
            "second": None if second is None else second - started}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[600, 3000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--stagger", type=float, default=0.0, help="seconds between the workers' starts")
    args = parser.parse_args()
    for reason in (postgres.unavailable_reason(), None if redis_server.available() else redis_server.INSTALL_HINT):
        if reason:
            print(reason, file=sys.stderr)
            return 2
    results = []
    with tempfile.TemporaryDirectory(prefix="newscrawl-scaleout-") as tmp, postgres.postgres_server() as pg, \
            redis_server.redis_server(Path(tmp)) as redis_url:  # fmt: skip
        for articles in args.articles:
            replica, manifest = ensure_replica(articles)
            expected = int(manifest["articles"])  # type: ignore[call-overload]
            for workers in args.workers:
                dsn = pg.new_database()
                print(f"[{workers} worker(s)] crawling {expected:,} articles ...", file=sys.stderr)
                folder = Path(tmp) / f"a{articles}w{workers}"
                result = crawl(workers, replica, expected, redis_url, dsn, args.concurrency, folder, args.stagger)
                results.append({**result, "articles": expected})
    print(f"\n`python bench/scale_out.py --articles {' '.join(map(str, args.articles))} --workers "
          f"{' '.join(map(str, args.workers))} --concurrency {args.concurrency} --stagger {args.stagger}` "
          "(articles of 80–150 KB; 2 cores; "
          "replica server, Redis and PostgreSQL on the same machine)\n")  # fmt: skip
    print(
        "| articles | workers | pages/s | speed-up | second worker's first article s | close s | wall s "
        "(push to last exit) | peak RSS per worker MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        base = next((b["rate"] for b in results if b["articles"] == r["articles"]), 0.0) or 1.0
        peaks = ", ".join(f"{p:.0f}" for p in r["peaks"])
        second = "–" if r["second"] is None else f"{r['second']:.1f}"
        close = "–" if r["close"] is None else f"{r['close']:.1f}"
        print(f"| {r['articles']:,} | {r['workers']} | {r['rate']:.1f} | {r['rate'] / base:.2f}× | {second} | {close} "
              f"| {r['wall']:.1f} | {peaks} |")  # fmt: skip
    problems = [p for r in results for p in r["problems"]]
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
