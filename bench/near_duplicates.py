"""Near-duplicate index at scale: insert+query throughput, memory, file size, reopen.

    python bench/near_duplicates.py [--sizes 100000 1000000] [--dir /tmp/ndbench] [--baseline CHECKOUT]

For each size N, a fresh store is filled with N synthetic Arabic articles (≈250 words drawn
from the replica's vocabulary, seeded) the way the near-duplicate pipeline does it: match
key of the (display) text → MinHash signature → LSH candidate query → similarity → insert
signature and band keys, committed every ``NEWSCRAWL_SQLITE_BATCH_SIZE`` (16) articles as
the SQLite pipeline does. Each size runs in its own process so that its peak RSS is its
own. Reported: articles/s for the whole fill and for its last 10 % (the index at its
largest), peak RSS, DB size, and, after reopening the file, the latency of 2,000 lookups
of new articles and of 2,000 more inserts; every insert rate includes its commits (and the
band index's batched writes, :mod:`newscrawl.storage.bands`), and "CPU /s" counts the
process's CPU time instead of the wall clock (steadier on a shared machine). Ratios between
sizes are printed last (same run, same machine).

``--baseline CHECKOUT``: the same sizes also with the code of another checkout (its own
``bench/near_duplicates.py``, e.g. ``git worktree add /tmp/nd-base 6827a91``), interleaved
size by size, and the ratios of this code to it.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.minhash import band_keys, from_bytes, signature, similarity, to_bytes  # noqa: E402
from newscrawl.settings import NEWSCRAWL_SQLITE_BATCH_SIZE  # noqa: E402
from newscrawl.storage.sqlite import SQLiteStore  # noqa: E402
from newscrawl.text.arabic import display_match_key  # noqa: E402
from tests.wirestories import vocabulary  # noqa: E402

WORDS = np.array(vocabulary(), dtype=object)
BATCH = NEWSCRAWL_SQLITE_BATCH_SIZE


def synthetic(rng: np.random.Generator, words: int = 250) -> str:
    return " ".join(WORDS[rng.integers(0, len(WORDS), size=words)])


def index_one(store: SQLiteStore, n: int, text: str) -> float:
    """One article through the index as the pipeline does it; returns seconds spent."""
    start = time.perf_counter()
    sig = signature(display_match_key(text))
    keys = band_keys(sig)
    url = f"https://bench.example/{n}.html"
    for candidate in store.near_candidates(keys, exclude_url=url):
        similarity(sig, from_bytes(candidate.signature))
    store.add_signature(url, None, to_bytes(sig), keys, time.time())
    return time.perf_counter() - start


def lookup_one(store: SQLiteStore, text: str) -> float:
    start = time.perf_counter()
    sig = signature(display_match_key(text))
    for candidate in store.near_candidates(band_keys(sig)):
        similarity(sig, from_bytes(candidate.signature))
    return time.perf_counter() - start


def run_size(size: int, folder: Path) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"index-{size}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = np.random.default_rng(size)
    store = SQLiteStore(path)
    spent, tail_spent, tail_from = 0.0, 0.0, int(size * 0.9)
    wall, cpu = time.perf_counter(), time.process_time()
    for n in range(size):
        seconds = index_one(store, n, synthetic(rng))
        spent += seconds
        if n >= tail_from:
            tail_spent += seconds
        if n % BATCH == BATCH - 1:
            commit = time.perf_counter()
            store.commit()
            seconds = time.perf_counter() - commit
            spent += seconds
            if n >= tail_from:
                tail_spent += seconds
    store.commit()
    fill_wall, fill_cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close()
    size_mb = sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()) / 2**20
    opening = time.perf_counter()
    reopened = SQLiteStore(path)
    reopened.near_candidates([0])  # (held band keys are made again on the first look)
    reopen_s = time.perf_counter() - opening
    lookups = [lookup_one(reopened, synthetic(rng)) for _ in range(2000)]
    inserts = []
    for n in range(2000):
        inserts.append(index_one(reopened, size + n, synthetic(rng)))
        if n % BATCH == BATCH - 1:
            commit = time.perf_counter()
            reopened.commit()
            inserts.append(time.perf_counter() - commit)
    reopened.close()
    return {
        "size": size,
        "articles_per_s": size / spent,
        "articles_per_s_wall": size / fill_wall,
        "articles_per_cpu_s": size / fill_cpu,
        "last_10pct_articles_per_s": (size - tail_from) / tail_spent,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": size_mb,
        "reopen_lookup_ms_p50": statistics.median(lookups) * 1000,
        "reopen_lookup_ms_p95": statistics.quantiles(lookups, n=20)[18] * 1000,
        "reopen_insert_per_s": 2000 / sum(inserts),
        "reopen_s": reopen_s,
    }


def measure(script: Path, size: int, folder: Path) -> dict[str, float]:
    """One size in a process of its own, with the code of ``script``'s checkout."""
    done = subprocess.run(
        [sys.executable, str(script), "--one", str(size), "--dir", str(folder)],
        capture_output=True, text=True, check=True, cwd=script.parent.parent,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(results: list[dict[str, float]]) -> None:
    print(
        "| code | articles | insert+query /s | wall /s | CPU /s | last 10 % /s | peak RSS MB | DB MB "
        "| reopen s | reopen lookup p50 ms | p95 ms | reopen insert /s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['code']} | {r['size']:,} | {r['articles_per_s']:,.0f} | {r['articles_per_s_wall']:,.0f} | "
            f"{r.get('articles_per_cpu_s', float('nan')):,.0f} | {r['last_10pct_articles_per_s']:,.0f} | "
            f"{r['peak_rss_mb']:.0f} | {r['db_mb']:.0f} | {r.get('reopen_s', float('nan')):.2f} | "
            f"{r['reopen_lookup_ms_p50']:.2f} | {r['reopen_lookup_ms_p95']:.2f} | {r['reopen_insert_per_s']:,.0f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/newscrawl-ndbench"))
    parser.add_argument("--baseline", type=Path, help="a checkout of other code to run the same sizes with")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.dir)))
        return 0
    results, baseline = [], []
    for size in args.sizes:
        if args.baseline:
            old = measure(args.baseline / "bench" / "near_duplicates.py", size, args.dir)
            baseline.append({"code": "baseline", **old})
        results.append({"code": "this", **measure(Path(__file__).resolve(), size, args.dir)})
    print_table([r for pair in zip(baseline, results, strict=True) for r in pair] if baseline else results)
    if len(results) > 1:
        small, large = results[0], results[-1]
        print(
            f"\nlookup p50 at {large['size']:,} / at {small['size']:,}: "
            f"{large['reopen_lookup_ms_p50'] / small['reopen_lookup_ms_p50']:.2f}x; p95: "
            f"{large['reopen_lookup_ms_p95'] / small['reopen_lookup_ms_p95']:.2f}x; "
            f"throughput at {large['size']:,} / at {small['size']:,}: "
            f"{large['articles_per_s'] / small['articles_per_s']:.2f}x"
        )
    for old, new in zip(baseline, results, strict=True) if baseline else ():
        print(
            f"this / baseline at {new['size']:,}: insert+query {new['articles_per_s'] / old['articles_per_s']:.2f}x, "
            f"wall {new['articles_per_s_wall'] / old['articles_per_s_wall']:.2f}x, "
            f"lookup p95 {new['reopen_lookup_ms_p95'] / old['reopen_lookup_ms_p95']:.2f}x, "
            f"peak RSS {new['peak_rss_mb'] / old['peak_rss_mb']:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
