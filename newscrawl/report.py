"""A crawl report: one self-contained HTML page rendered from the store.

    python -m newscrawl.report [--db data/newscrawl.sqlite3 | --dsn DSN] [-o report.html] [--days 30]

``--db`` and ``--dsn`` (a PostgreSQL store; default ``$NEWSCRAWL_POSTGRES_DSN`` unless
``--db`` is given) as in :mod:`newscrawl.query`: the store is opened read-only, and what goes
wrong is one line with exit status 2 or 1.

It shows articles per day and per section (bar charts drawn as inline SVG: no JavaScript,
no network, opens from a file or a Scrapyd host as is), the generic-extraction fallback
rate of each recorded crawl (a rising line means the site changed its layout), the close
reasons of recent crawls, and the latest articles with links.
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from newscrawl.extensions.summary import CrawlSummary
from newscrawl.query import add_store_arguments, count_argument, open_cli_store, read_store, run_cli

if TYPE_CHECKING:
    from newscrawl.storage import Store

STYLE = """
body{font-family:system-ui,"Noto Naskh Arabic","DejaVu Sans",sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px} h2{font-size:17px;margin-top:28px} table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:start;font-size:14px}
.rtl{direction:rtl;text-align:right} .muted{color:#777;font-size:13px} svg text{font-size:11px;fill:#333}
.bar{fill:#3b6ea5} .line{fill:none;stroke:#c0392b;stroke-width:2} .dot{fill:#c0392b}
"""


def bar_chart(
    points: Sequence[tuple[str, int]], *, width: int = 1000, height: int = 220, rtl_labels: bool = False
) -> str:
    """Vertical bars with labels under them, as an inline SVG string."""
    if not points:
        return '<p class="muted">No data yet.</p>'
    top = max(v for _, v in points) or 1
    step = width / len(points)
    bar = max(2.0, step * 0.7)
    parts = [f'<svg role="img" width="{width}" height="{height + 60}" viewBox="0 0 {width} {height + 60}">']
    for index, (label, value) in enumerate(points):
        x = index * step + (step - bar) / 2
        h = value / top * height
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{height - h + 10:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                     f"<title>{html.escape(label)}: {value}</title></rect>")  # fmt: skip
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - h + 6:.1f}" text-anchor="middle">{value}</text>')
        if len(points) <= 12:  # few labels: level, centred under the bar (Arabic reads right)
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height + 28}" text-anchor="middle">{html.escape(label)}</text>'
            )
        elif len(points) <= 40 or index % max(1, len(points) // 20) == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height + 24}" text-anchor="end" '
                f'transform="rotate(-35 {x + bar / 2:.1f} {height + 24})">{html.escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(points: Sequence[tuple[str, float]], *, width: int = 1000, height: int = 160) -> str:
    """A line of shares (0–1) over time, as an inline SVG string."""
    if not points:
        return '<p class="muted">No recorded crawls yet.</p>'
    step = width / max(len(points) - 1, 1)
    coords = [
        (index * step if len(points) > 1 else width / 2, 10 + (1 - share) * height)
        for index, (_, share) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts = [f'<svg role="img" width="{width + 40}" height="{height + 40}" viewBox="-30 0 {width + 40} {height + 40}">',
             f'<text x="-28" y="14">100%</text><text x="-20" y="{height + 12}">0%</text>',
             f'<polyline class="line" points="{path}"/>']  # fmt: skip
    for (label, share), (x, y) in zip(points, coords, strict=True):
        tip = f"<title>{html.escape(label)}: {share:.0%}</title>"
        parts.append(f'<circle class="dot" cx="{x:.1f}" cy="{y:.1f}" r="3">{tip}</circle>')
    parts.append("</svg>")
    return "".join(parts)


def stored_count(stats: dict[str, Any]) -> int:
    """Articles a recorded crawl stored (newscrawl 0.1 named the count ``newscrawl/sqlite/inserted``)."""
    return int(stats.get("newscrawl/store/inserted", stats.get("newscrawl/sqlite/inserted", 0)))


def render(store: Store, *, days: int = 30, latest: int = 25) -> str:
    per_day = [(day or "?", n) for day, n in store.counts("day")][-days:]
    per_section = sorted(((s or "(none)", n) for s, n in store.counts("section")), key=lambda p: -p[1])[:30]
    runs = store.runs()
    rates = []
    for run in runs:
        summary = CrawlSummary.from_stats(run["stats"])
        if summary.article_pages:
            rates.append((run["finished"] or "?", summary.fallbacks / summary.article_pages))
    articles = store.latest(latest)
    total = sum(n for _, n in store.counts("site"))
    rows = "".join(
        f'<tr><td>{html.escape(a["datePublished"] or "-")}</td><td class="rtl">{html.escape(a["section"] or "")}</td>'
        f'<td class="rtl"><a href="{html.escape(a["canonicalUrl"])}">{html.escape(a["headline"] or "")}</a></td></tr>'
        for a in articles
    )
    run_rows = "".join(
        f"<tr><td>{html.escape(r['finished'] or '')}</td><td>{html.escape(r['spider'] or '')}</td>"
        f"<td>{html.escape(r['reason'] or '')}</td><td>{stored_count(r['stats'])}</td></tr>"
        for r in runs[-10:][::-1]
    )
    generated = datetime.now(UTC).replace(microsecond=0).isoformat()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newscrawl report</title><style>{STYLE}</style></head>
<body>
<h1>newscrawl report</h1>
<p class="muted">{total} articles in {html.escape(str(store.path))} · generated {generated}</p>
<h2>Articles per day (last {days} days with articles)</h2>
<div id="per-day">{bar_chart(per_day)}</div>
<h2>Articles per section</h2>
<div id="per-section">{bar_chart(per_section)}</div>
<h2>Generic-extraction fallback rate per crawl</h2>
<p class="muted">Share of article pages the site's selectors did not match.
A rise means the site changed its layout.</p>
<div id="fallback-rate">{line_chart(rates)}</div>
<h2>Recent crawls</h2>
<table id="runs"><tr><th>finished</th><th>spider</th><th>close reason</th><th>new articles</th></tr>{run_rows}</table>
<h2>Latest articles</h2>
<table id="latest"><tr><th>published</th><th>section</th><th>headline</th></tr>{rows}</table>
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.report", description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, default=Path("report.html"))
    parser.add_argument("--days", type=count_argument, default=30)
    args = parser.parse_args(argv)
    store = open_cli_store(parser, args)
    read_store(parser, store, lambda: args.output.write_text(render(store, days=args.days), encoding="utf-8"))
    print(f"report written to {args.output}", file=sys.stderr)
    return 0


def cli() -> NoReturn:
    """The ``newscrawl-report`` console script."""
    run_cli(main)


if __name__ == "__main__":
    cli()
