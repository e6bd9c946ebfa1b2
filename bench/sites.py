"""Crawl each local replica shape with no profile and with its profile; score against gold.

    python bench/sites.py [--shapes wordpress,portal,oldportal,elaph] [--keep DIR]

For every shape of ``tests/sites/`` it starts the replica (``tests/mockserver.py``, its own
loopback address), runs ``scrapy crawl news -a url=BASE`` (no profile) and ``scrapy crawl
news -a profile=… -a base_url=BASE`` (Elaph: ``-a site=elaph``), each into a fresh store,
and prints one row per crawl: articles found, body F1, headlines and dates right,
duplicates, non-article records, requests per stored article, generic fallbacks.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.site_scores import score  # noqa: E402

SITES = ROOT / "tests" / "sites"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "NEWSCRAWL_CRAWL_DELAY_ENABLED=False", "-s", "LOG_LEVEL=INFO"]  # fmt: skip


def crawl(shape: str, base: str, with_profile: bool, work: Path) -> tuple[list[dict], dict, str]:
    out = work / f"{shape}-{'profile' if with_profile else 'none'}.jsonl"
    store = out.with_suffix(".sqlite3")
    for old in store.parent.glob(store.name + "*"):  # a fresh store: nothing is "already stored"
        old.unlink()
    if not with_profile:
        arguments = ["-a", f"url={base}"]
    elif shape == "elaph":
        arguments = ["-a", "site=elaph", "-a", f"base_url={base}", "-a", f"api_url={base}"]
    else:
        arguments = ["-a", f"profile={SITES / shape / 'profile.json'}", "-a", f"base_url={base}"]
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *arguments, *FAST,
               "-s", f"NEWSCRAWL_SQLITE_PATH={store}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={store.parent / 'warc'}",
               "-O", str(out)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    stats: dict = {}
    marker = "Dumping Scrapy stats:"
    if marker in done.stderr:
        block = done.stderr.split(marker, 1)[1].split("\n2", 1)[0]
        for line in block.splitlines():
            line = line.strip().rstrip(",")
            if line.startswith("'") and "': " in line:
                key, value = line[1:].split("': ", 1)
                try:
                    stats[key] = int(value)
                except ValueError:
                    stats[key] = value
    return records, stats, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="wordpress,portal,oldportal,elaph")
    parser.add_argument("--keep", type=Path, help="keep feeds, stores and logs in this folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="newscrawl-sites-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| shape | profile | articles | body F1 | headlines | dates | dup | non-article | req/article | fallbacks |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, shape in enumerate(args.shapes.split(",")):
        gold = json.loads((SITES / shape / "gold.json").read_text(encoding="utf-8"))
        host = f"127.0.0.{n + 2}"
        log = work / f"{shape}-requests.log"
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "mockserver.py"), "--root", str(SITES / shape),
             "--host", host, "--log", str(log)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert server.stdout is not None
            base = server.stdout.readline().strip()
            for with_profile in (False, True):
                before = len(log.read_text().splitlines()) if log.exists() else 0
                records, stats, stderr = crawl(shape, base, with_profile, work)
                (work / f"{shape}-{'profile' if with_profile else 'none'}.log").write_text(stderr)
                requests = len(log.read_text().splitlines()) - before if log.exists() else 0
                result = score(records, gold, dates_with_offset=with_profile or gold.get("dates_have_offset", True))
                per = requests / max(result.found, 1)
                print(
                    f"| {shape} | {'yes' if with_profile else 'no'} | {result.found}/{result.articles} "
                    f"| {result.body_f1:.3f} | {result.headline_right} | {result.date_right} | {result.duplicates} "
                    f"| {len(result.non_articles)} | {per:.1f} | {stats.get('newscrawl/extract/fallback', 0)} |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()
    print(f"\nfeeds, stores and logs: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
