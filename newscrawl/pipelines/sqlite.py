"""Store articles in an embedded SQLite file: table ``articles``, one row per ``canonicalUrl``.

Settings:

* ``NEWSCRAWL_SQLITE_PATH`` — the file (default ``data/newscrawl.sqlite3``, relative to the
  working directory; parent folders are created). Empty: pipeline off.
* ``NEWSCRAWL_SQLITE_BATCH_SIZE`` (default 50) and ``NEWSCRAWL_SQLITE_COMMIT_SECONDS``
  (default 2.0): a transaction is committed after that many items or seconds, and on close.

A column per ``Article`` field (lists and objects as JSON text) plus ``storedAt``; a row is
upserted by ``canonicalUrl``. The file is in WAL mode with a 10 s busy timeout, so two
crawls can share it. Stats: ``newscrawl/sqlite/stored``, ``newscrawl/sqlite/commits``.
Only parameterised SQL is used: article text never becomes SQL.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from newscrawl.items import ARTICLE_FIELDS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

DEFAULT_PATH = "data/newscrawl.sqlite3"
JSON_FIELDS = frozenset({"authors", "breadcrumbs", "tags", "mainImage", "images"})
COLUMNS = (*ARTICLE_FIELDS, "storedAt")


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the ``articles`` table (idempotent)."""
    columns = ",\n  ".join(
        f'"{name}" TEXT PRIMARY KEY NOT NULL' if name == "canonicalUrl" else f'"{name}" TEXT' for name in COLUMNS
    )
    connection.execute(f"CREATE TABLE IF NOT EXISTS articles (\n  {columns}\n)")
    connection.execute('CREATE INDEX IF NOT EXISTS articles_site_id ON articles ("site", "articleId")')
    connection.execute('CREATE INDEX IF NOT EXISTS articles_published ON articles ("datePublished")')


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating folders and schema) an SQLite store in WAL mode."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=10.0)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA busy_timeout=10000")
    connection.execute("PRAGMA synchronous=NORMAL")
    create_schema(connection)
    connection.commit()
    return connection


def row_values(item: Any) -> list[Any]:
    """The row for an item, in :data:`COLUMNS` order."""
    adapter = ItemAdapter(item)
    values = []
    for name in ARTICLE_FIELDS:
        value = adapter.get(name)
        if name in JSON_FIELDS:
            value = json.dumps(value, ensure_ascii=False) if value else None
        values.append(value)
    values.append(datetime.now(UTC).replace(microsecond=0).isoformat())
    return values


_QUOTED = [f'"{c}"' for c in COLUMNS]
UPSERT_SQL = (
    f"INSERT INTO articles ({', '.join(_QUOTED)}) "
    f"VALUES ({', '.join('?' for _ in COLUMNS)}) "
    "ON CONFLICT(canonicalUrl) DO UPDATE SET "
    + ", ".join(f'"{c}" = excluded."{c}"' for c in COLUMNS if c != "canonicalUrl")
)


class SQLitePipeline:
    def __init__(self, path: str, stats: StatsCollector, batch_size: int = 50, commit_seconds: float = 2.0):
        self.path = path
        self.stats = stats
        self.batch_size = batch_size
        self.commit_seconds = commit_seconds
        self.connection: sqlite3.Connection | None = None
        self.pending = 0
        self.last_commit = time.monotonic()
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        path = crawler.settings.get("NEWSCRAWL_SQLITE_PATH", DEFAULT_PATH)
        if not path:
            raise NotConfigured("NEWSCRAWL_SQLITE_PATH is empty")
        assert crawler.stats is not None
        return cls(
            path,
            crawler.stats,
            batch_size=crawler.settings.getint("NEWSCRAWL_SQLITE_BATCH_SIZE", 50),
            commit_seconds=crawler.settings.getfloat("NEWSCRAWL_SQLITE_COMMIT_SECONDS", 2.0),
        )

    def open_spider(self) -> None:
        self.connection = connect(self.path)
        logger.info("Storing articles in SQLite file %s", Path(self.path).resolve())
        self.timer = LoopingCall(self.commit_if_due)
        self.timer.start(self.commit_seconds, now=False)

    def close_spider(self) -> None:
        if self.timer and self.timer.running:
            self.timer.stop()
        if self.connection is not None:
            self.commit()
            self.connection.close()
            self.connection = None

    def process_item(self, item: Any) -> Any:
        assert self.connection is not None
        self.connection.execute(UPSERT_SQL, row_values(item))
        self.pending += 1
        self.stats.inc_value("newscrawl/sqlite/stored")
        if self.pending >= self.batch_size:
            self.commit()
        return item

    def commit_if_due(self) -> None:
        if self.pending and time.monotonic() - self.last_commit >= self.commit_seconds:
            self.commit()

    def commit(self) -> None:
        assert self.connection is not None
        if self.pending:
            self.connection.commit()
            self.stats.inc_value("newscrawl/sqlite/commits")
        self.pending = 0
        self.last_commit = time.monotonic()
