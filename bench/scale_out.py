"""Scale-out: 1 vs 2 crawler processes on one shared Redis frontier and one PostgreSQL store.

    python bench/scale_out.py [--articles 5000] [--workers 1 2] [--concurrency 16]

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
    """Reads the server's request log and the workers' peak RSS every 0.2 s."""

    def __init__(self, log: Path, pids: list[int]):
        super().__init__(daemon=True)
        self.log, self.pids = log, pids
        self.peaks = dict.fromkeys(pids, 0.0)
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

    @property
    def rate(self) -> float:
        if self.first is None or self.last is None or self.last <= self.first:
            return 0.0
        return (self.count - self.first_count) / (self.last - self.first)


def crawl(workers: int, replica: Path, expected: int, redis_url: str, dsn: str, concurrency: int,
          folder: Path) -> dict[str, object]:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "requests.log"
    settings = {
        "NEWSCRAWL_REDIS_URL": redis_url,
        "NEWSCRAWL_REDIS_KEY": f"bench{workers}:%(spider)s",
        "NEWSCRAWL_REDIS_IDLE_CLOSE_SECONDS": "3",
        "NEWSCRAWL_POSTGRES_DSN": dsn,
        "NEWSCRAWL_SQLITE_PATH": "",
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
        started = time.monotonic()
        processes = []
        for n in range(workers):
            out = (folder / f"worker{n}.log").open("w")
            command = [*scrapy, "crawl", "elaph", *arguments, *options, "-O", str(folder / f"worker{n}.jsonl")]
            processes.append(subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out))
        watch = Watch(log, [p.pid for p in processes])
        watch.start()
        codes = [p.wait() for p in processes]
        watch.done.set()
        watch.join()
        wall = time.monotonic() - started
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
            "stored": len(stored), "problems": problems}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    for reason in (postgres.unavailable_reason(), None if redis_server.available() else redis_server.INSTALL_HINT):
        if reason:
            print(reason, file=sys.stderr)
            return 2
    replica, manifest = ensure_replica(args.articles)
    expected = int(manifest["articles"])  # type: ignore[call-overload]
    results = []
    with tempfile.TemporaryDirectory(prefix="newscrawl-scaleout-") as tmp, postgres.postgres_server() as pg, \
            redis_server.redis_server(Path(tmp)) as redis_url:  # fmt: skip
        for workers in args.workers:
            dsn = pg.new_database()
            print(f"[{workers} worker(s)] crawling {expected:,} articles ...", file=sys.stderr)
            results.append(
                crawl(workers, replica, expected, redis_url, dsn, args.concurrency, Path(tmp) / f"w{workers}")
            )
    base = results[0]["rate"] or 1.0
    print(f"\n`python bench/scale_out.py --articles {args.articles} --workers {' '.join(map(str, args.workers))} "
          f"--concurrency {args.concurrency}` ({expected:,} articles of 80–150 KB; 2 cores; replica server, "
          "Redis and PostgreSQL on the same machine)\n")  # fmt: skip
    print("| workers | pages/s | speed-up | wall s (push to last exit) | peak RSS per worker MB | stored |")
    print("|---:|---:|---:|---:|---|---:|")
    for r in results:
        peaks = ", ".join(f"{p:.0f}" for p in r["peaks"])  # type: ignore[attr-defined]
        speedup = r["rate"] / base  # type: ignore[operator]
        print(f"| {r['workers']} | {r['rate']:.1f} | {speedup:.2f}× | {r['wall']:.1f} | {peaks} | {r['stored']:,} |")
    problems = [p for r in results for p in r["problems"]]  # type: ignore[attr-defined]
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
