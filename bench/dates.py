"""Date-reading cost per article: this code against a base commit's, in the same run.

    python bench/dates.py [--base f5af6bc] [--replica-pages 200] [--rounds 7] [--eval ../shared/eval]

For every page it collects, once, the date candidates ``newscrawl.extraction.page`` feeds the
date reader (structured ``published`` values and the discovery date, then the visible-date
candidates ``_visible_dates`` finds, then ``modified``), and then times only the reading, per
article, as the page does it: the first published candidate that reads, else the first
visible one, then the modified date. The base commit's ``newscrawl/text/dates.py`` is loaded
from git (``parse_date`` + ``to_iso``) and timed on the same candidates, interleaved with the
current code (``read_date`` + ``.iso``, the rejection reasons collected), best of ``--rounds``.

Page sets: ``--replica-pages`` pages of the generated replica (``bench/replica.py``: JSON-LD
dates, as on the real site), the hand-made pages of ``tests/site`` (legacy pages whose only
date is visible text), the evaluation pages when the folder is there, the same sets with the
structured values removed (``visible text only``: the text reader's own cost), and one in ten
of the date texts of every Arabic CLDR locale (``tests/cldr_dates.py``, needs Babel), each
as the one visible candidate of a page.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsel import Selector  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402

from newscrawl.extraction.metadata import read_metadata  # noqa: E402
from newscrawl.extraction.page import _visible_dates  # noqa: E402
from newscrawl.sites import load_profile  # noqa: E402
from newscrawl.text.dates import DAY_OR_FINER, read_date  # noqa: E402

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# (published candidates, visible candidates, modified candidates) of one article.
Candidates = tuple[list[str], list[str], list[str]]


def base_dates(commit: str) -> ModuleType:
    """``newscrawl/text/dates.py`` as it was at ``commit``, imported under another name."""
    source = subprocess.run(
        ["git", "show", f"{commit}:newscrawl/text/dates.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "base_dates.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("base_dates", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def candidates_of(body: bytes) -> Candidates:
    """The page's date candidates (the body decoded as Scrapy does: header, BOM, meta, guess)."""
    sel = Selector(text=HtmlResponse("https://example.com/", body=body).text)
    meta = read_metadata(sel)
    return list(meta.published), _visible_dates(sel), list(meta.modified)


def page_sets(replica_pages: int, eval_dir: Path) -> dict[str, list[Candidates]]:
    sets: dict[str, list[Candidates]] = {}
    if replica_pages:
        from bench.replica import ensure_replica

        out = Path(tempfile.gettempdir()) / f"newscrawl-dates-replica-{replica_pages}"
        folder, _ = ensure_replica(replica_pages, out)
        rows = (folder / "articles.tsv").read_text(encoding="utf-8").splitlines()[1 : replica_pages + 1]
        files = [folder / row.split("\t")[1].lstrip("/") for row in rows]
        sets["replica"] = [candidates_of(f.read_bytes()) for f in files]
    site = sorted((ROOT / "tests" / "site" / "Web").rglob("*.html"))
    sets["tests/site"] = [candidates_of(f.read_bytes()) for f in site]
    if (eval_dir / "pages").is_dir():
        sets["eval"] = [candidates_of(f.read_bytes()) for f in sorted((eval_dir / "pages").glob("*.html"))]
    for name in list(sets):
        sets[f"{name}, visible text only"] = [([], visible, []) for _, visible, _ in sets[name]]
    sets["CLDR texts, one a page"] = [([], [text], []) for text in cldr_texts()]
    return sets


def cldr_texts(every: int = 10) -> list[str]:
    """Every ``every``-th date text of the generated CLDR tables (``tests/cldr_dates.py``)."""
    from tests.cldr_dates import GROUPS, arabic_locales, cases

    texts = [case.text for name in arabic_locales() for group in GROUPS for case in cases(name, group)]
    return texts[::every]


def reader_base(module: ModuleType) -> Callable[[Candidates, tzinfo], object]:
    def first(values: list[str], tz: tzinfo, now: datetime | None) -> str | None:
        for raw in values:
            parsed = module.parse_date(raw, tz, now)
            if parsed:
                return module.to_iso(parsed)
        return None

    def article(c: Candidates, tz: tzinfo) -> object:
        return (first(c[0], tz, None) or first(c[1], tz, NOW), first(c[2], tz, None))

    return article


def reader_current() -> Callable[[Candidates, tzinfo], object]:
    def first(values: list[str], tz: tzinfo, now: datetime | None, rejections: list[str]) -> str | None:
        for raw in values:
            reading = read_date(raw, tz, now)
            if reading.precision in DAY_OR_FINER:
                return reading.iso
            if reading.rejected not in ("no_date", "empty"):
                rejections.append(reading.rejected or "imprecise")
        return None

    def article(c: Candidates, tz: tzinfo) -> object:
        rejections: list[str] = []
        published = first(c[0], tz, None, rejections) or first(c[1], tz, NOW, rejections)
        return (published, first(c[2], tz, None, rejections), rejections)

    return article


def time_per_article(
    articles: list[Candidates], readers: dict[str, Callable[[Candidates, tzinfo], object]], tz: tzinfo, rounds: int
) -> dict[str, float]:
    """Best-of-``rounds`` µs per article for each reader, readers interleaved per round."""
    best = dict.fromkeys(readers, float("inf"))
    for _ in range(rounds):
        for name, read in readers.items():
            start = time.perf_counter()
            for article in articles:
                read(article, tz)
            best[name] = min(best[name], (time.perf_counter() - start) / len(articles) * 1e6)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="f5af6bc", help="commit whose dates.py is the baseline")
    parser.add_argument("--replica-pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    base = base_dates(args.base)
    readers = {"base": reader_base(base), "current": reader_current()}
    tz = load_profile("elaph").tz
    print(f"Date reading per article, base {args.base} vs current (best of {args.rounds}); python {sys.argv[0]}")
    print("\n| pages | articles | candidates/article | base µs | current µs | current / base |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, articles in page_sets(args.replica_pages, args.eval).items():
        per = statistics.mean(len(p) + len(v) + len(m) for p, v, m in articles)
        cost = time_per_article(articles, readers, tz, args.rounds)
        ratio = cost["current"] / cost["base"]
        print(f"| {name} | {len(articles)} | {per:.1f} | {cost['base']:.1f} | {cost['current']:.1f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
