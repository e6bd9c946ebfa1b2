"""The raw archive's cost, and re-extraction's speed, on one replica.

    python bench/archive.py [--articles 2000] [--concurrency 16] [--rounds 2]

One run: a replica made (or reused) by ``bench/replica.py`` (80–150 KB pages), then full
crawls exactly as ``bench/crawl_throughput.py`` runs its crawl (b), alternating the archive
off (``NEWSCRAWL_ARCHIVE_DIR=``) and on, ``--rounds`` times each; then
``python -m newscrawl.reextract`` over the last crawl's store and archive, with no server.

* *pages/s*, *CPU ms/page*: as in ``bench/crawl_throughput.py``; *on/off* compares the best
  of each (same run, same replica);
* *archive bytes per article*: the archive folder's size / the articles stored (robots.txt,
  sitemaps and listing pages included: the disk a crawl's archive takes per article);
* *re-extraction*: stored articles / wall seconds of the whole ``reextract`` process (start-up
  included), against the crawl's pages/s with the archive on.

Checks (exit 1): every crawl passes ``bench/crawl_throughput.py``'s checks; re-extraction
exits 0 with every article ``unchanged``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_throughput import project_env, run_full  # noqa: E402
from bench.replica import ensure_replica  # noqa: E402


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("*")) if folder.is_dir() else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    replica, manifest = ensure_replica(args.articles)
    expected = int(manifest["articles"])  # type: ignore[call-overload]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newscrawl-archive-") as tmp:
        work = Path(tmp)
        runs = {"off": [], "on": []}  # type: dict[str, list]
        for round_number in range(args.rounds):
            for mode in ("off", "on"):
                name = f"{mode}{round_number}"
                extra = ["-s", "NEWSCRAWL_ARCHIVE_DIR="] if mode == "off" else []
                run = run_full(name, replica, work, expected, args.concurrency, extra=extra)
                problems += run.problems
                runs[mode].append((run, folder_bytes(work / f"{name}-warc")))
        last = f"on{args.rounds - 1}"
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "newscrawl.reextract", "--db", str(work / f"{last}.sqlite3"),
                               "--archive", str(work / f"{last}-warc")], cwd=ROOT, env=project_env(),
                              capture_output=True, text=True)  # fmt: skip
        seconds = time.monotonic() - started
        counts = dict(line.split("\t") for line in done.stdout.splitlines() if "\t" in line)
        if done.returncode != 0 or set(counts) != {"unchanged"}:
            problems.append(f"reextract: exit {done.returncode}, {counts}, {done.stderr[-500:]}")
        reextracted = int(counts.get("unchanged", 0))
    best = {mode: max(r.rate for r, _ in runs[mode]) for mode in runs}
    cpu = {mode: min(r.cpu_ms_per_page for r, _ in runs[mode]) for mode in runs}
    stored = max(r.articles for r, _ in runs["on"]) or 1
    per_article = max(size for _, size in runs["on"]) / stored
    print(
        f"\n`python bench/archive.py --articles {args.articles} --concurrency {args.concurrency} --rounds "
        f"{args.rounds}` ({expected:,} articles of 80–150 KB, 2 cores, best of {args.rounds} per mode)\n"
    )
    print("| archive | pages/s (each run) | best | CPU ms/page (best) | archive bytes per article |")
    print("|---|---|---:|---:|---:|")
    for mode in ("off", "on"):
        rates = ", ".join(f"{r.rate:.1f}" for r, _ in runs[mode])
        size = f"{per_article:,.0f} ({per_article * 1000 / 2**20:,.0f} MiB per 1,000)" if mode == "on" else "–"
        print(f"| {mode} | {rates} | {best[mode]:.1f} | {cpu[mode]:.2f} | {size} |")
    print(f"\non/off: pages/s {best['on'] / best['off']:.2f}×, CPU per page {cpu['on'] / cpu['off']:.2f}×")
    rate = reextracted / seconds if seconds else 0.0
    print(f"re-extraction: {reextracted:,} articles in {seconds:.1f} s = {rate:.1f} articles/s "
          f"({rate / best['on']:.2f}× the crawl's {best['on']:.1f} pages/s with the archive on)")  # fmt: skip
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
