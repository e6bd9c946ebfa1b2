"""Read the store without SQL: ``python -m newscrawl.query {count,search,export,versions}``.

    python -m newscrawl.query count --by day          # articles per publication day
    python -m newscrawl.query count --by section
    python -m newscrawl.query search "محمد بن سلمان"   # spelling-folded full-text search
    python -m newscrawl.query export -o all.jsonl --since 2025-11-01 [--site elaph.com]
    python -m newscrawl.query versions https://elaph.com/Web/News/2025/11/1578701.html

``--db`` names the SQLite store (default ``data/newscrawl.sqlite3`` in the current folder,
the default ``NEWSCRAWL_SQLITE_PATH``); ``--dsn`` a PostgreSQL store instead (a libpq DSN,
``NEWSCRAWL_POSTGRES_DSN`` of the crawl; default: the environment variable of that name,
unless ``--db`` is given). Output is UTF-8 with Arabic unescaped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.store import DEFAULT_PATH, Store

if TYPE_CHECKING:
    from newscrawl.pgstore import PgStore


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """``--db PATH`` (SQLite) or ``--dsn DSN`` (PostgreSQL), for the store CLIs."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help=f"the SQLite store (default {DEFAULT_PATH})")
    where.add_argument(
        "--dsn",
        default=os.environ.get("NEWSCRAWL_POSTGRES_DSN", ""),
        help="a PostgreSQL store instead: a libpq DSN (default $NEWSCRAWL_POSTGRES_DSN, unless --db is given)",
    )


def open_cli_store(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Store | PgStore:
    """The store that ``--db``/``--dsn`` name; a usage error when it is not there."""
    if args.db is None and args.dsn:
        import psycopg

        from newscrawl.pgstore import PgStore

        try:
            return PgStore(args.dsn)
        except psycopg.Error as error:  # no server, refused, or a malformed DSN
            parser.error(f"cannot open the PostgreSQL store: {error}")
    path = args.db or Path(DEFAULT_PATH)
    if not path.exists():
        parser.error(f"no store at {path} (crawl first, or pass --db or --dsn)")
    return Store(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.query", description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    count = commands.add_parser("count", help="articles per day, section or site")
    count.add_argument("--by", choices=("day", "section", "site"), default="day")
    search = commands.add_parser("search", help="articles holding every word (spelling-folded)")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="print whole records as JSON Lines")
    export = commands.add_parser("export", help="stored articles as JSON Lines")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--since", help="only articles published on or after this ISO date")
    export.add_argument("--site")
    versions = commands.add_parser("versions", help="earlier versions of one article")
    versions.add_argument("url")
    args = parser.parse_args(argv)
    store = open_cli_store(parser, args)
    out = sys.stdout
    if args.command == "count":
        for key, number in store.counts(args.by):
            print(f"{key or '(none)'}\t{number}", file=out)
    elif args.command == "search":
        for record in store.search(args.text, args.limit):
            if args.json:
                print(json.dumps(record, ensure_ascii=False), file=out)
            else:
                print(f"{record['datePublished'] or '-'}\t{record['headline']}\t{record['canonicalUrl']}", file=out)
    elif args.command == "export":
        target = args.output.open("w", encoding="utf-8") if args.output else out
        written = 0
        for record in store.articles(since=args.since, site=args.site):
            target.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
        if args.output:
            target.close()
            print(f"{written} articles written to {args.output}", file=sys.stderr)
    elif args.command == "versions":
        for version in store.versions(args.url):
            print(json.dumps(version, ensure_ascii=False), file=out)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
