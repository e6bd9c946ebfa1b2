"""Memory of a long crawl: the crawl process's RSS over a 100,000-article full crawl.

    python bench/long_crawl_memory.py [--articles 100000] [--page-kb 20 40] [--concurrency 16] [--keep]

A replica of ``--articles`` pages is made (or reused) by ``bench/replica.py`` with smaller
pages than the throughput benchmark's (``--page-kb``, default 20–40 KB: the same layout with
less site chrome, so that 100,000 pages fit in ~3 GB and crawl in well under an hour), and
served by ``tests/mockserver.py --root`` in its own process. One full crawl runs against it
as ``bench/crawl_throughput.py`` runs crawl (b): ``scrapy crawl elaph`` with extraction,
cleaning, dates, dedup, SQLite and a JSON Lines feed, politeness lifted by ``-s``, a fresh
store in a temp folder.

The parent samples ``VmRSS`` of the crawl process every second (and counts the article
requests the server received, read from its request log every 0.1 s). Reported: RSS when
10 %, 20 %, … 100 % of the articles had been requested (the first sample after; the crawl
holds at most ``CONCURRENT_REQUESTS`` pages plus ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` of
responses in flight), the pages/s of each step, and the growth over the second half: the
largest RSS sampled once half the articles had been requested, against the RSS at 50 %
(target: at most 10 %). The crawl is checked as in ``bench/crawl_throughput.py``: every
article stored once (minus counted drops), feed lines, body word counts and dates; a failed
check exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl_throughput import CrawlRun, Sample, code_state, exit_on_sigterm, run_full, table  # noqa: E402
from bench.replica import ensure_replica  # noqa: E402

STEPS = 10
TARGET_GROWTH = 0.10


def step_rows(run: CrawlRun, articles: int) -> list[list[str]]:
    """RSS and pages/s at each 10 % of the articles requested."""
    samples = run.monitor.samples
    rows = []
    previous: Sample | None = None
    for step in range(1, STEPS + 1):
        wanted = articles * step // STEPS
        sample = next((s for s in samples if s.articles >= wanted), None)
        if sample is None:
            if run.monitor.log.articles < wanted or not samples:
                rows.append([f"{step * 100 // STEPS} %", f"{wanted:,}", "n/a", "n/a", "n/a"])
                continue
            sample = samples[-1]  # the crawl ended before the next sample
        rate = ""
        if previous is not None and sample.seconds > previous.seconds:
            rate = f"{(sample.articles - previous.articles) / (sample.seconds - previous.seconds):,.1f}"
        rows.append([f"{step * 100 // STEPS} %", f"{wanted:,}", f"{sample.seconds:,.0f}", f"{sample.rss_mb:.0f}", rate])
        previous = sample
    return rows


def second_half_growth(run: CrawlRun, articles: int) -> tuple[float, float, float] | None:
    """(RSS at 50 %, max RSS after it, growth) or None when the crawl did not get that far."""
    half = run.monitor.rss_at(articles // 2)
    later = [s.rss_mb for s in run.monitor.samples if s.articles >= articles // 2]
    if half is None or not later:
        return None
    return half, max(later), max(later) / half - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="article pages (default 100,000)")
    parser.add_argument("--page-kb", type=int, nargs=2, default=[20, 40], metavar=("MIN", "MAX"))
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS(_PER_DOMAIN)")
    parser.add_argument(
        "--replica",
        type=Path,
        help="replica folder (default /tmp/newscrawl-replica-<N>-<MIN>-<MAX>kb)",
    )
    parser.add_argument("--work", type=Path, help="folder for the store, feed and logs (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (default: removed at the end)")
    args = parser.parse_args()
    exit_on_sigterm()
    page_kb = (args.page_kb[0], args.page_kb[1])
    replica, manifest = ensure_replica(args.articles, args.replica, page_kb=page_kb)
    work = args.work or Path(tempfile.mkdtemp(prefix="newscrawl-longcrawl-"))
    work.mkdir(parents=True, exist_ok=True)
    command_line = shlex.join(["python", "bench/long_crawl_memory.py", *sys.argv[1:]])
    code = code_state()
    try:
        run = run_full("long", replica, work, args.articles, args.concurrency, every=1.0)
        html_mb = int(manifest["html_bytes"]) / 2**20  # type: ignore[call-overload]
        print(f"\n## Long crawl memory: `{command_line}`\n")
        print(
            f"Replica {replica}: {args.articles:,} article pages, {page_kb[0]}-{page_kb[1]} KB "
            f"({html_mb / args.articles * 1024:.0f} KB mean, {html_mb:,.0f} MB), concurrency {args.concurrency}, "
            f"{os.cpu_count()} CPUs. Whole crawl: {run.articles:,} article pages in {run.wall:,.0f} s, "
            f"{run.rate:,.1f} pages/s, {run.cpu_ms_per_page:.2f} CPU ms/page, peak RSS {run.monitor.peak_mb:.0f} MB; "
            f"{code}.\n"
        )
        print(table(["done", "articles", "elapsed s", "RSS MB", "pages/s in the step"], step_rows(run, args.articles)))
        growth = second_half_growth(run, args.articles)
        if growth:
            half, top, ratio = growth
            verdict = "met" if ratio <= TARGET_GROWTH else "NOT met"
            print(
                f"\n- growth over the second half: max RSS {top:.0f} MB vs {half:.0f} MB at 50 %: "
                f"**{ratio * 100:+.1f} %** (target <= {TARGET_GROWTH * 100:.0f} %: {verdict})"
            )
        status = "ok" if not run.problems else "FAILED: " + "; ".join(run.problems)
        print(f"- check: {status}")
        for note in run.notes:
            print(f"  - {note}")
        print(f"- crawl command: `{shlex.join(run.command)}`")
        print(f"\nWork folder: {work}" + ("" if args.keep else " (removed)"))
        return 1 if run.problems else 0
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # servers and crawls were stopped by the finally blocks
        print("Interrupted", file=sys.stderr)
        sys.exit(130)
