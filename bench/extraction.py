"""Extraction benchmark: newscrawl vs trafilatura (and newspaper4k, news-please) on the shared
evaluation pages.

    python bench/extraction.py [--eval ../shared/eval] [--per-page] [--json OUT.json] [--rounds 3]
                               [--replica-pages 200] [--no-zoo] [--peers-venv /tmp/peers]
                               [--baseline-tree CHECKOUT]

For every page of the evaluation set (real pages with hand-made gold; see its README) it runs
newscrawl's extraction (``newscrawl.extract.extract``: charset handling, site profile by host,
generic extraction, Arabic cleaning and boilerplate rules) and, in the same run,
trafilatura's ``extract()`` with its default setting and with ``favor_precision=True``.
Scores: bag-of-words precision/recall/F1 of the body (the eval set's own ``score.py``),
``must_not_contain`` leaks, headline exact match, date match, and ms per page. Needs
``pip install trafilatura lxml_html_clean`` (not a dependency of newscrawl).

Peers that cannot share newscrawl's venv (newspaper4k, news-please: their own pins) run in a
venv of their own, made once::

    python -m venv /tmp/peers && /tmp/peers/bin/pip install -r bench/requirements-peers.txt

newscrawl's caches of text keys are emptied before each page is timed (also for the
baseline, inside its timing: tens of µs): a crawl sees each page once, and a page timed
again would find its paragraphs' keys cached.

With ``--baseline-tree CHECKOUT`` (``git worktree add /tmp/base <commit>``) newscrawl of
that checkout runs as one more system ("newscrawl baseline", in a process of its own with
the checkout on PYTHONPATH, each page timed there), and this checkout the same way
("newscrawl, own process"): before/after ratios from one run, both measured alike (the
bench's own process also runs trafilatura between pages and holds every page).

With ``--peers-venv /tmp/peers`` every page of the run is handed to ``bench/peers.py`` under
that venv's python (one subprocess; it times each page in its own process, best of
``--rounds``), and the peers get a row in every table below, scored the same way.

Cost tables, same run: all evaluation pages (mostly the generic fallback), the small
hand-made replica pages of ``tests/sites/elaph`` and, for the site-profile target, ``--replica-pages``
pages of realistic size (80–150 KB) from the replica ``bench/replica.py`` generates (made on
first use), each page timed for every system in turn (best of ``--rounds``).

The layout zoo (``tests/layout_zoo.py``: generated pages with each kind of furniture in each
position, visible and held-back parts) is scored the same way for every system: bodies
exactly right, macro body F1 and furniture left in the body.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.extract import extract  # noqa: E402

GROUPS = {"ar": "Arabic", "fa": "Persian", "en": "English"}
OTHER = "es/fr/it/ru/tr"


@dataclass
class Prediction:
    body: str | None
    headline: str | None = None
    date: str | None = None
    ms: float = 0.0


@dataclass
class Row:
    page: str
    group: str
    system: str
    precision: float
    recall: float
    f1: float
    leaks: int
    headline_ok: bool | None
    date_ok: bool | None
    ms: float
    leaked: list[str] = field(default_factory=list)


def load_scorer(eval_dir: Path) -> Any:
    spec = importlib.util.spec_from_file_location("eval_score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collapse(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def same_date(predicted: str | None, gold: str | None) -> bool | None:
    """Gold with an offset: the same instant. Gold without: the same wall-clock time (to
    the minute, or the same day for a date-only gold)."""
    expected = parse_when(gold)
    if expected is None:
        return None
    got = parse_when(predicted)
    if got is None:
        return False
    if expected.tzinfo is not None:
        return got.tzinfo is not None and got == expected
    if len(gold.strip()) == 10:
        return got.date() == expected.date()
    return got.replace(tzinfo=None, second=0, microsecond=0) == expected.replace(second=0, microsecond=0)


def forget_texts() -> None:
    """Empty newscrawl's caches of text keys, as for a page the crawl has not seen: a page
    timed again would otherwise find its paragraphs' keys cached (a crawl sees it once)."""
    from newscrawl import content_hash
    from newscrawl.text import arabic

    for module in (arabic, content_hash):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def run_newscrawl(body: bytes, url: str) -> Prediction:
    forget_texts()
    start = time.perf_counter()
    result = extract(body, url)
    ms = (time.perf_counter() - start) * 1000
    article = result.article
    if article is None:
        return Prediction(None, ms=ms)
    return Prediction(article.articleBody, article.headline, article.datePublished, ms)


def trafilatura_runner(**options: Any) -> Callable[[bytes, str], Prediction]:
    import trafilatura

    def run(body: bytes, url: str) -> Prediction:
        start = time.perf_counter()
        text = trafilatura.extract(body, url=url, **options)
        ms = (time.perf_counter() - start) * 1000
        meta = trafilatura.extract_metadata(body, default_url=url)
        return Prediction(text, meta.title if meta else None, meta.date if meta else None, ms)

    return run


def group_of(page_id: str) -> str:
    return GROUPS.get(page_id.split("-", 1)[0], OTHER)


def evaluate(eval_dir: Path, systems: dict[str, Callable[[bytes, str], Prediction]]) -> list[Row]:
    scorer = load_scorer(eval_dir)
    gold = scorer.load_gold(str(eval_dir / "gold"))
    rows = []
    for page_id, record in sorted(gold.items()):
        body = (eval_dir / "pages" / f"{page_id}.html").read_bytes()
        url = record.get("url") or f"https://example.invalid/{page_id}"
        gold_tokens = scorer.tokens("\n".join(record["paragraphs"]))
        for name, run in systems.items():
            prediction = run(body, url)
            _, precision, recall, f1 = scorer.prf(gold_tokens, scorer.tokens(prediction.body or ""))
            predicted = scorer.norm_str(prediction.body or "")
            leaked = [s for s in record["must_not_contain"] if scorer.norm_str(s) in predicted]
            headline_ok = (
                collapse(prediction.headline) == collapse(record.get("headline")) if record.get("headline") else None
            )
            rows.append(
                Row(page_id, group_of(page_id), name, precision, recall, f1, len(leaked),
                    headline_ok, same_date(prediction.date, record.get("datePublished")), prediction.ms, leaked)
            )  # fmt: skip
    return rows


def share(values: list[bool | None]) -> str:
    known = [v for v in values if v is not None]
    return f"{sum(known)}/{len(known)}" if known else "-"


def print_tables(rows: list[Row], systems: list[str], per_page: bool) -> None:
    groups = [*GROUPS.values(), OTHER]
    for group in groups:
        chosen = [r for r in rows if r.group == group]
        if not chosen:
            continue
        pages = len({r.page for r in chosen})
        print(f"\n### {group} ({pages} pages)\n")
        print("| system | macro P | macro R | macro F1 | leaks | headline exact | date correct | ms/page (median) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for system in systems:
            mine = [r for r in chosen if r.system == system]
            print(
                f"| {system} | {statistics.mean(r.precision for r in mine):.3f} | "
                f"{statistics.mean(r.recall for r in mine):.3f} | {statistics.mean(r.f1 for r in mine):.3f} | "
                f"{sum(r.leaks for r in mine)} | {share([r.headline_ok for r in mine])} | "
                f"{share([r.date_ok for r in mine])} | {statistics.median(r.ms for r in mine):.1f} |"
            )
    print("\n### All pages: cost\n")
    print("| system | mean ms/page | median ms/page | ratio to trafilatura default (mean) |")
    print("|---|---:|---:|---:|")
    base = statistics.mean(r.ms for r in rows if r.system == "trafilatura")
    for system in systems:
        mine = [r.ms for r in rows if r.system == system]
        mean, median = statistics.mean(mine), statistics.median(mine)
        print(f"| {system} | {mean:.1f} | {median:.1f} | {mean / base:.2f} |")
    others = [r for r in rows if r.group != "Arabic"]
    if others:
        print("\nNon-Arabic macro F1: " + ", ".join(
            f"{s} {statistics.mean(r.f1 for r in others if r.system == s):.3f}" for s in systems))  # fmt: skip
    if per_page:
        print("\n### Per page\n")
        print("| page | system | P | R | F1 | leaks | headline | date | ms |")
        print("|---|---|---:|---:|---:|---:|---|---|---:|")
        for r in rows:
            print(
                f"| {r.page} | {r.system} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} | {r.leaks} | "
                f"{r.headline_ok} | {r.date_ok} | {r.ms:.1f} |"
            )


Page = tuple[bytes, str]  # (HTML, URL)


def eval_pages(eval_dir: Path) -> list[Page]:
    gold = load_scorer(eval_dir).load_gold(str(eval_dir / "gold"))
    return [
        (
            (eval_dir / "pages" / f"{page_id}.html").read_bytes(),
            record.get("url") or f"https://example.invalid/{page_id}",
        )
        for page_id, record in sorted(gold.items())
    ]


def elaph_pages() -> list[Page]:
    """The hand-made Elaph replica pages of ``tests/sites/elaph``."""
    golden = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests/golden/elaph").glob("*.json"))]
    return [
        ((ROOT / "tests/sites/elaph" / g["path"].lstrip("/")).read_bytes(), "https://elaph.com" + g["path"])
        for g in golden
    ]


def replica_pages(count: int) -> list[Page]:
    """Realistic-size pages (80–150 KB) of the generated replica (``bench/replica.py``)."""
    from bench.replica import ensure_replica

    folder, _ = ensure_replica(max(count, 500))
    rows = (folder / "articles.tsv").read_text(encoding="utf-8").splitlines()[1 : count + 1]
    paths = [row.split("\t")[1] for row in rows]
    return [((folder / p.lstrip("/")).read_bytes(), "https://elaph.com" + p) for p in paths]


def zoo_pages(held_back: bool) -> list[Any]:
    from tests.layout_zoo import zoo

    return zoo(held_back=held_back)


def peer_systems(
    python: Path, pages: list[Page], rounds: int, peers: list[str] | None = None, env: dict[str, str] | None = None
) -> dict[str, Callable[[bytes, str], Prediction]]:
    """Run ``bench/peers.py`` on ``pages`` under ``python`` (a venv's); the peers as systems
    that answer each of those pages with what their process extracted and timed."""
    with tempfile.TemporaryDirectory(prefix="newscrawl-peers-") as folder:
        unique = list(dict.fromkeys(pages))
        listed = []
        for n, (body, url) in enumerate(unique):
            (Path(folder) / f"{n}.html").write_bytes(body)
            listed.append({"file": str(Path(folder) / f"{n}.html"), "url": url})
        manifest, out = Path(folder) / "manifest.json", Path(folder) / "out.json"
        job = {"rounds": rounds, "pages": listed, **({"peers": peers} if peers else {})}
        manifest.write_text(json.dumps(job), encoding="utf-8")
        subprocess.run([str(python), str(ROOT / "bench" / "peers.py"), manifest, out], check=True, env=env)
        results = json.loads(out.read_text(encoding="utf-8"))
    systems = {}
    for name, answers in results.items():
        by_page = {page: Prediction(**answer) for page, answer in zip(unique, answers, strict=True)}
        systems[name] = lambda body, url, by_page=by_page: by_page[(body, url)]
    return systems


def site_selector_costs(systems: dict[str, Callable[[bytes, str], Prediction]], rounds: int) -> None:
    """ms/page on the Elaph replica pages of ``tests/sites/elaph`` (site-profile selectors)."""
    pages = elaph_pages()
    print(f"\n### Site-selector pages (Elaph replica, {len(pages)} pages)\n")
    print("| system | mean ms/page | ratio to trafilatura default |")
    print("|---|---:|---:|")
    means = {}
    for name, run in systems.items():
        best = min(statistics.mean(run(body, url).ms for body, url in pages) for _ in range(rounds))
        means[name] = best
    for name, mean in means.items():
        print(f"| {name} | {mean:.1f} | {mean / means['trafilatura']:.2f} |")


def replica_costs(systems: dict[str, Callable[[bytes, str], Prediction]], pages: int, rounds: int) -> None:
    """ms/page on realistic-size pages (80–150 KB) of the generated replica
    (``bench/replica.py``; site-profile selectors): the site-profile cost target."""
    sample = replica_pages(pages)
    times: dict[str, list[float]] = {name: [] for name in systems}
    for body, url in sample:  # interleaved, so that machine noise hits every system alike
        for name, run in systems.items():
            times[name].append(min(run(body, url).ms for _ in range(rounds)))
    size = statistics.mean(len(body) for body, _ in sample) / 1024
    print(f"\n### Site-profile pages of the generated replica ({len(sample)} pages, {size:.0f} KB mean)\n")
    print("| system | mean ms/page | median ms/page | trafilatura default / system (mean) |")
    print("|---|---:|---:|---:|")
    base = statistics.mean(times["trafilatura"])
    for name, values in times.items():
        mean = statistics.mean(values)
        print(f"| {name} | {mean:.2f} | {statistics.median(values):.2f} | {base / mean:.2f}× |")


def zoo_table(eval_dir: Path, systems: dict[str, Callable[[bytes, str], Prediction]]) -> None:
    """Every system on the layout zoo's pages: exact bodies, macro F1, pages with furniture left."""
    scorer = load_scorer(eval_dir)
    for held_back in (False, True):
        pages = zoo_pages(held_back)
        print(f"\n### Layout zoo, {'held-back' if held_back else 'visible'} part ({len(pages)} pages)\n")
        print("| system | bodies exact | macro F1 | pages with furniture left |")
        print("|---|---:|---:|---:|")
        for name, run in systems.items():
            exact, f1s, leaky = 0, [], 0
            for page in pages:
                body = run(page.html.encode("utf-8"), page.url).body or ""
                lines = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
                exact += lines == page.paragraphs
                gold = scorer.tokens("\n".join(page.paragraphs))
                f1s.append(scorer.prf(gold, scorer.tokens(body))[3])
                leaky += bool(set(scorer.tokens(body)) - set(gold))
            print(f"| {name} | {exact}/{len(pages)} | {statistics.mean(f1s):.3f} | {leaky} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval", help="the evaluation set")
    parser.add_argument("--per-page", action="store_true")
    parser.add_argument("--json", type=Path, help="write every row here")
    parser.add_argument("--rounds", type=int, default=1, help="repeat for steadier timings (best round kept)")
    parser.add_argument("--replica-pages", type=int, default=200, help="generated replica pages to time (0: none)")
    parser.add_argument("--no-zoo", action="store_true", help="skip the layout zoo tables")
    parser.add_argument("--peers-venv", type=Path, help="a venv with bench/requirements-peers.txt: add those peers")
    parser.add_argument(
        "--baseline-tree", type=Path, help="add newscrawl of this checkout (a git worktree of an older commit)"
    )
    args = parser.parse_args()
    if not (args.eval / "gold").is_dir():
        print(f"no evaluation set at {args.eval}", file=sys.stderr)
        return 2
    systems = {
        "newscrawl": run_newscrawl,
        "trafilatura": trafilatura_runner(),
        "trafilatura precision": trafilatura_runner(favor_precision=True),
    }
    if args.peers_venv or args.baseline_tree:
        pages = [*eval_pages(args.eval), *elaph_pages(), *replica_pages(args.replica_pages)]
        if not args.no_zoo:
            pages += [(page.html.encode("utf-8"), page.url) for held in (False, True) for page in zoo_pages(held)]
        if args.baseline_tree:  # both in a process of their own, timed alike
            for name, tree in (("newscrawl, own process", ROOT), ("newscrawl baseline", args.baseline_tree.resolve())):
                env = {**os.environ, "PYTHONPATH": str(tree)}
                found = peer_systems(Path(sys.executable), pages, max(args.rounds, 1), ["newscrawl"], env)
                systems[name] = found["newscrawl"]
        if args.peers_venv:
            systems.update(peer_systems(args.peers_venv / "bin" / "python", pages, max(args.rounds, 1)))
    evaluate(args.eval, systems)  # warm-up: first calls load models, caches and lazy imports
    best: list[Row] | None = None
    for _ in range(args.rounds):
        rows = evaluate(args.eval, systems)
        best = rows if best is None else [min(a, b, key=lambda r: r.ms) for a, b in zip(best, rows, strict=True)]
    assert best is not None
    print_tables(best, list(systems), args.per_page)
    site_selector_costs(systems, args.rounds)
    if args.replica_pages:
        replica_costs(systems, args.replica_pages, max(args.rounds, 1))
    if not args.no_zoo:
        zoo_table(args.eval, systems)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in best], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
