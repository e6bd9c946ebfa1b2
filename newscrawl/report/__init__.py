"""A report a person reads in ten seconds: how each site of the store is doing.

    python -m newscrawl.report [--db data/newscrawl.sqlite3 | --dsn DSN] [--site S] [--days 30]
                               [-o report.html] [--format html|json] [--now TIME]

``--db`` and ``--dsn`` (a PostgreSQL store; default ``$NEWSCRAWL_POSTGRES_DSN`` unless
``--db`` is given) as in :mod:`newscrawl.query`: the store is opened read-only, and what goes
wrong is one line with exit status 2 or 1.

The page (:mod:`.page`, one self-contained HTML file: inline SVG and CSS, no JavaScript)
opens with one row per site: articles published in the last 24 h / 7 d / 30 d, the last
article's time ("3 h ago"), the last crawl's outcome and its fallback, empty-body,
missing-date and blocked shares (marked when over the site's limit), and a sparkline of
articles per day. Then articles per day on a real time axis (days without one are zero;
weeks labelled), for all sites and site by site; each site's fallback share crawl by crawl
on the same axis; the recent crawls with each site's outcome; the latest articles.
``--format json`` prints the same numbers (:mod:`.data`) to stdout (or ``-o``), for a
monitoring system. ``--now`` reports as of another moment (ISO 8601; default: now).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from newscrawl.query import add_store_arguments, count_argument, open_cli_store, read_store, run_cli
from newscrawl.report.data import build
from newscrawl.report.page import render
from newscrawl.text.dates import parse_iso


def moment_argument(text: str) -> datetime:
    moment = parse_iso(text, UTC)
    if moment is None:
        raise argparse.ArgumentTypeError(f"expected an ISO 8601 time such as 2025-11-29T12:00+00:00, got {text!r}")
    return moment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.report", description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, help="default: report.html; with --format json, stdout")
    parser.add_argument("--format", choices=("html", "json"), default="html")
    parser.add_argument("--site", help="one site only (its record site: youm7.com)")
    parser.add_argument("--days", type=count_argument, default=30, help="days on the time axis (30)")
    parser.add_argument("--now", type=moment_argument, help="report as of this time (default: now)")
    args = parser.parse_args(argv)
    store = open_cli_store(parser, args)
    now = args.now or datetime.now(UTC).replace(microsecond=0)
    output = args.output or (Path("report.html") if args.format == "html" else None)

    def write() -> None:
        report = build(store, now=now, days=args.days, site=args.site)
        text = render(report) if args.format == "html" else json.dumps(report, ensure_ascii=False, indent=1) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")

    read_store(parser, store, write)
    if output is not None:
        print(f"report written to {output}", file=sys.stderr)
    return 0


def cli() -> NoReturn:
    """The ``newscrawl-report`` console script."""
    run_cli(main)
