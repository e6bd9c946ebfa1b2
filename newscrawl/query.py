"""Read the store without SQL: ``python -m newscrawl.query {count,search,export,versions,pages}``.

    python -m newscrawl.query count --by day          # articles per publication day
    python -m newscrawl.query count --by section
    python -m newscrawl.query search "محمد بن سلمان"   # spelling-folded full-text search
    python -m newscrawl.query export -o all.jsonl --since 2025-11-01 [--site elaph.com]
    python -m newscrawl.query export -o 2025.parquet --since 2025-01-01 --until 2025-12-31
    python -m newscrawl.query export -o all.csv --bom  # Excel opens it as UTF-8
    python -m newscrawl.query versions https://elaph.com/Web/News/2025/11/1578701.html
    python -m newscrawl.query pages --reason video     # article URLs that gave no article, and why

Exports (:mod:`newscrawl.export`): JSON Lines, CSV or Parquet, by ``--format`` or the
output's suffix; the latest version of each article, in a fixed order.

``--db`` names the SQLite store (default ``data/newscrawl.sqlite3`` in the current folder,
the default ``NEWSCRAWL_SQLITE_PATH``); ``--dsn`` a PostgreSQL store instead (a libpq DSN,
``NEWSCRAWL_POSTGRES_DSN`` of the crawl; default: the environment variable of that name,
unless ``--db`` is given). Output is UTF-8 with Arabic unescaped.

The store is opened read-only (:class:`newscrawl.storage.sqlite.SQLiteStore` ``read_only``): reading never
makes, upgrades or writes it. What goes wrong is one line on stderr, never a traceback:
exit status 2 for what the command line named wrong (no store there, a directory, a file
that is no newscrawl store, a store of a newer newscrawl, a bad ``--limit``), 1 when a
readable store or the output file fails while working. A reader that goes away (``| head``)
ends the command silently by SIGPIPE, as it ends ``cat``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from newscrawl.config import DEFAULTS
from newscrawl.export import FORMATS, format_of, write_csv, write_jsonl, write_parquet
from newscrawl.storage import Store, StoreRefused

USAGE_ERROR, RUNTIME_ERROR = 2, 1
DEFAULT_PATH = DEFAULTS["NEWSCRAWL_SQLITE_PATH"]
MAX_COUNT = 2**63 - 1  # the largest LIMIT SQLite and PostgreSQL take


def count_argument(text: str) -> int:
    """An argparse type: a whole number from 1 to :data:`MAX_COUNT`.

    >>> count_argument("20")
    20
    >>> count_argument("99999999999999999999")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '99999999999999999999' is not a whole number from 1 to 9223372036854775807
    """
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1 to {MAX_COUNT}")
    return number


def fail(parser: argparse.ArgumentParser, message: str, status: int) -> NoReturn:
    """End the command with one line on stderr (argparse's ``prog: error: …``)."""
    parser.exit(status, f"{parser.prog}: error: {message}\n")


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """``--db PATH`` (SQLite) or ``--dsn DSN`` (PostgreSQL), for the store CLIs."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help=f"the SQLite store (default {DEFAULT_PATH})")
    where.add_argument(
        "--dsn",
        default=os.environ.get("NEWSCRAWL_POSTGRES_DSN", ""),
        help="a PostgreSQL store instead: a libpq DSN (default $NEWSCRAWL_POSTGRES_DSN, unless --db is given)",
    )


def open_cli_store(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Store:
    """The store that ``--db``/``--dsn`` name, opened read-only; a usage error when it is
    not there or no store this newscrawl can read, a runtime error when it cannot be read."""
    if args.db is None and args.dsn:
        import psycopg

        from newscrawl.storage.postgres import PgStore

        try:
            return PgStore(args.dsn, read_only=True)
        except psycopg.Error as error:  # no server, refused, or a malformed DSN
            fail(parser, f"cannot open the PostgreSQL store: {error}", USAGE_ERROR)
        except StoreRefused as error:
            fail(parser, str(error), USAGE_ERROR)
    path = args.db or Path(DEFAULT_PATH)
    if not path.exists():
        fail(parser, f"no store at {path} (crawl first, or pass --db or --dsn)", USAGE_ERROR)
    try:
        from newscrawl.storage.sqlite import SQLiteStore

        return SQLiteStore(path, read_only=True)
    except StoreRefused as error:
        fail(parser, str(error), USAGE_ERROR)
    except sqlite3.Error as error:  # unreadable: permissions, I/O
        fail(parser, f"cannot read the store at {path}: {error}", RUNTIME_ERROR)


def read_store(parser: argparse.ArgumentParser, store: Store, work: Callable[[], object]) -> None:
    """Do ``work`` on the open store, then close it: a store error while reading, or an
    output file that cannot be written (a missing folder, a full disk), ends the command
    with one line and exit status 1."""
    try:
        with contextlib.closing(store):
            work()
    except store.errors as error:
        fail(parser, f"cannot read the store at {store.path}: {error}", RUNTIME_ERROR)
    except BrokenPipeError:
        raise  # standard output's reader went away (see run_cli)
    except OSError as error:
        fail(parser, f"cannot write {error.filename or 'the output'}: {error.strerror or error}", RUNTIME_ERROR)


def run_cli(main: Callable[[], int]) -> NoReturn:
    """Run a read command as a Unix tool: when the reader of its output goes away (``| head
    -1``), SIGPIPE ends it silently, as it ends ``cat`` (Python ignores SIGPIPE, which makes
    a ``BrokenPipeError`` traceback)."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.query", description=__doc__.splitlines()[0])
    add_store_arguments(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    count = commands.add_parser("count", help="articles per day, section or site")
    count.add_argument("--by", choices=("day", "section", "site"), default="day")
    search = commands.add_parser("search", help="articles holding every word (spelling-folded)")
    search.add_argument("text")
    search.add_argument("--limit", type=count_argument, default=20)
    search.add_argument("--json", action="store_true", help="print whole records as JSON Lines")
    export = commands.add_parser("export", help="stored articles as JSON Lines, CSV or Parquet")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output; Parquet needs one)")
    export.add_argument("--format", choices=FORMATS, help="default: the output's suffix, else jsonl")
    export.add_argument("--since", help="only articles published on or after this ISO date")
    export.add_argument("--until", help="only articles published on or before this ISO date (the whole day)")
    export.add_argument("--site")
    export.add_argument("--section")
    export.add_argument("--language", help="inLanguage, e.g. ar")
    export.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte-order mark (Excel)")
    pages = commands.add_parser("pages", help="article URLs that gave no article, with the reason")
    pages.add_argument("--reason", help="only this reason (video, empty_body, http_404, duplicate_near, …)")
    pages.add_argument("--since", help="only those checked on or after this ISO date")
    versions = commands.add_parser("versions", help="earlier versions of one article")
    versions.add_argument("url")
    args = parser.parse_args(argv)
    if args.command == "export" and format_of(args.output, args.format) == "parquet" and not args.output:
        fail(parser, "a Parquet export needs a file: -o FILE.parquet", USAGE_ERROR)
    store = open_cli_store(parser, args)
    read_store(parser, store, lambda: run_command(store, args))
    return 0


def run_command(store: Store, args: argparse.Namespace) -> None:
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
        kind = format_of(args.output, args.format)
        records = store.articles(
            since=args.since, until=args.until, site=args.site, section=args.section, language=args.language
        )
        if kind == "parquet":
            written = write_parquet(records, args.output)
        else:
            newline = "" if kind == "csv" else None
            opened = args.output.open("w", encoding="utf-8", newline=newline) if args.output else None
            with opened or contextlib.nullcontext(out) as target:
                written = write_csv(records, target, bom=args.bom) if kind == "csv" else write_jsonl(records, target)
        if args.output:
            print(f"{written} articles written to {args.output}", file=sys.stderr)
    elif args.command == "pages":
        for site, key, outcome, checked, url in store.pages(reason=args.reason, since=args.since):
            print(f"{checked}\t{outcome}\t{url or f'{site} {key}'}", file=out)
    elif args.command == "versions":
        for version in store.versions(args.url):
            print(json.dumps(version, ensure_ascii=False), file=out)


def cli() -> NoReturn:
    """The ``newscrawl-query`` console script."""
    run_cli(main)


if __name__ == "__main__":
    cli()
