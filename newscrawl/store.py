"""The SQLite store: articles, their earlier versions, full-text search and the dedup index.

(:mod:`newscrawl.pgstore` has the same API on PostgreSQL, for crawls in several processes;
:func:`open_store`, and so the crawl's :func:`newscrawl.extensions.store.shared_store`,
picks it when ``NEWSCRAWL_POSTGRES_DSN`` is set.)

One file (``NEWSCRAWL_SQLITE_PATH``) holds everything a crawl needs to be incremental and
to deduplicate across runs, spiders and processes:

* ``articles`` — one row per ``canonicalUrl``: a column per ``Article`` field (lists and
  objects as JSON text) plus ``version``, ``contentHash``, ``firstStoredAt``, ``storedAt``;
* ``article_versions`` — the text of every version a re-crawl replaced (nothing is lost);
* ``pages`` — article URLs that gave no article (video, empty, 404), so that an
  incremental crawl does not fetch them every run;
* ``crawl_runs`` — one row per crawl: when, why it closed, its ``newscrawl/*`` stats;
* ``articles_fts`` — FTS5 over the *match key* of headline and body (``unicode61`` splits
  Arabic words at harakat, so the folded text is indexed: ``محمد`` finds ``مُحَمَّد``);
* ``dedup_exact`` — content hashes, kept for good; ``dedup_signatures`` + ``dedup_bands`` —
  MinHash signatures and LSH band keys of recent articles, pruned to a window.

The file is in WAL mode with a 10 s busy timeout so that two crawls can share it; every
write happens in the caller's transaction and becomes visible at :meth:`Store.commit`.
Processes may open one store at the same moment, also a new one: a new store is made whole
(page size, WAL mode, schema) in a file of its own and then linked into place, and what an
older store lacks is added in one write transaction (see :meth:`Store.__init__`).

Schema version: ``meta`` row ``schema_version`` is the :data:`SCHEMA_VERSION` of the newscrawl
that last upgraded the store. A store that records none, or a lower one, was made by an older
newscrawl: it is upgraded in place (missing tables and columns added) and the version
recorded. A store that records a higher one was written by a newer newscrawl, whose rows
this one could break: it is refused (:class:`StoreRefused`), by the crawl and the read side.

The read side (:mod:`newscrawl.query`, :mod:`newscrawl.report`) opens a store with
``Store(path, read_only=True)``: SQLite's ``mode=ro``, nothing made, upgraded or written.
Only parameterised SQL touches article text.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.config import setting
from newscrawl.identity import identity_key, normalize_url
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.text.arabic import display_match_key, match_key

if TYPE_CHECKING:
    from newscrawl.pgstore import PgStore

DEFAULT_PATH = "data/newscrawl.sqlite3"
JSON_FIELDS = frozenset({"authors", "breadcrumbs", "tags", "mainImage", "images"})
EXTRA_COLUMNS = ("version", "contentHash", "firstStoredAt", "storedAt")
COLUMNS = (*ARTICLE_FIELDS, *EXTRA_COLUMNS)
_INTEGER_COLUMNS = {"version"}

# What each local feed file received (newscrawl.extensions.feeds): one row per feed (since
# when it is kept, and its size at the last committed delivery), one per article version fed.
FEED_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS feeds (
        "feed" {TEXT} PRIMARY KEY, "since" {TEXT} NOT NULL, "offset" BIGINT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS feed_deliveries (
        "feed" {TEXT} NOT NULL, "canonicalUrl" {TEXT} NOT NULL, "contentHash" {TEXT} NOT NULL,
        PRIMARY KEY ("feed", "canonicalUrl", "contentHash"))""",
)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS articles ({columns})",
    'CREATE INDEX IF NOT EXISTS articles_site_id ON articles ("site", "articleId")',
    'CREATE INDEX IF NOT EXISTS articles_published ON articles ("datePublished")',
    """CREATE TABLE IF NOT EXISTS article_versions (
        "canonicalUrl" TEXT NOT NULL, "version" INTEGER NOT NULL, "storedAt" TEXT, "headline" TEXT,
        "articleBody" TEXT, "dateModified" TEXT, "contentHash" TEXT,
        PRIMARY KEY ("canonicalUrl", "version")) WITHOUT ROWID""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        headline, body, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TABLE IF NOT EXISTS pages (
        "site" TEXT NOT NULL, "articleId" TEXT NOT NULL, "outcome" TEXT NOT NULL, "checkedAt" TEXT NOT NULL,
        PRIMARY KEY ("site", "articleId")) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS crawl_runs (
        "id" INTEGER PRIMARY KEY, "spider" TEXT, "started" TEXT, "finished" TEXT, "reason" TEXT, "stats" TEXT)""",
    """CREATE TABLE IF NOT EXISTS dedup_exact (
        "hash" TEXT PRIMARY KEY, "canonicalUrl" TEXT NOT NULL) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS dedup_signatures (
        "id" INTEGER PRIMARY KEY, "canonicalUrl" TEXT NOT NULL UNIQUE, "datePublished" TEXT,
        "epoch" REAL NOT NULL, "signature" BLOB NOT NULL)""",
    'CREATE INDEX IF NOT EXISTS dedup_signatures_epoch ON dedup_signatures ("epoch")',
    """CREATE TABLE IF NOT EXISTS dedup_bands (
        "key" INTEGER NOT NULL, "doc" INTEGER NOT NULL, PRIMARY KEY ("key", "doc")) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS meta ("name" TEXT PRIMARY KEY, "value" TEXT) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS article_urls (
        "key" TEXT PRIMARY KEY, "canonicalUrl" TEXT NOT NULL) WITHOUT ROWID""",
    *(statement.replace("{TEXT}", "TEXT") for statement in FEED_SCHEMA),
]
_SCHEMA_NAMES = frozenset(re.search(r"IF NOT EXISTS (\w+)", statement)[1] for statement in SCHEMA)  # type: ignore[index]
# Small pages: the band index takes random inserts, and a commit writes every page it
# touched; 1 KiB pages write a quarter of what 4 KiB pages do (bench/near_duplicates.py).
# Only a new file takes it; an existing store keeps its page size.
PAGE_SIZE = 1024
#: The schema this newscrawl writes, recorded in ``meta`` (module docstring). Raise it with a
#: change that an older newscrawl must not write over (a column it would leave empty that
#: this one needs, a changed meaning); a new table or column alone need not.
SCHEMA_VERSION = 1
SCHEMA_VERSION_KEY = "schema_version"


class StoreRefused(Exception):
    """The file or database is no store this newscrawl may use: none at all, or one written
    by a newer newscrawl. The message is for the user (one line, names the store)."""


def schema_version(recorded: str | None, location: object) -> int:
    """The store's schema version from its ``meta`` value (``None``: an older store that
    recorded none, 0); :class:`StoreRefused` when it is newer than :data:`SCHEMA_VERSION`.

    >>> schema_version(None, "s"), schema_version("1", "s")
    (0, 1)
    """
    if recorded is None:
        return 0
    try:
        version = int(recorded)
    except ValueError:
        raise StoreRefused(f"the store at {location} records an unreadable schema version {recorded!r}") from None
    if version > SCHEMA_VERSION:
        raise StoreRefused(
            f"the store at {location} was written by a newer newscrawl "
            f"(schema {version}, this one reads up to {SCHEMA_VERSION}): upgrade newscrawl"
        )
    return version


def content_hash(headline: str | None, body: str | None) -> str:
    """Hash of the match key of headline + body (display text, as stored): equal for
    copies that differ only in spelling variants, harakat, tatweel, digits or punctuation."""
    import hashlib

    key = display_match_key(f"{headline or ''}\n{body or ''}")
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def url_keys(adapter: ItemAdapter) -> list[str]:
    """The identity keys (:func:`newscrawl.identity.identity_key`) of the URLs an article
    was downloaded from and is stored under: an incremental crawl of a site without an
    article-id pattern finds a stored article by any of them (``find_by_url``)."""
    urls = [adapter.get("canonicalUrl"), adapter.get("url")]
    return sorted({identity_key(normalize_url(u)) for u in urls if u})


def digest_key(digest: str) -> int:
    """The advisory-lock key of a :func:`content_hash` (for :meth:`Store.lock_keys`): its
    first 8 bytes as a signed big-endian 64-bit integer.

    >>> digest_key("0000000000000001" + "f" * 16), digest_key("ffffffffffffffff" + "0" * 16)
    (1, -1)
    """
    return int.from_bytes(bytes.fromhex(digest)[:8], "big", signed=True)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class StoredArticle:
    canonicalUrl: str
    contentHash: str | None
    version: int
    dateDownloaded: str | None
    dateModified: str | None
    firstStoredAt: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A near-duplicate candidate from the LSH index."""

    doc: int
    canonicalUrl: str
    datePublished: str | None
    signature: bytes


class FeedDeliveries:
    """Which article versions each local feed received (:mod:`newscrawl.extensions.feeds`),
    on either store: the SQL is the same but for the placeholder (``?``/``%s``)."""

    placeholder = "?"
    connection: Any
    one_item_per_transaction: bool
    in_transaction: bool
    commit: Any

    def _sql(self, query: str) -> str:
        return query.replace("?", self.placeholder)

    @contextlib.contextmanager
    def outside_items(self) -> Iterator[None]:
        """Writes made outside an item's transaction (a feed delivery, a page that gave no
        article): committed at once when they began the transaction and the store commits
        each item (:attr:`one_item_per_transaction`: other processes write it too), rather
        than hold its locks until the storage pipeline's next commit."""
        began = not self.in_transaction
        yield
        if began and self.one_item_per_transaction:
            self.commit()

    def feed_state(self, feed: str) -> tuple[str, int] | None:
        """``(since, offset)`` of a feed this store keeps deliveries of, or ``None``."""
        row = self.connection.execute(
            self._sql('SELECT "since", "offset" FROM feeds WHERE "feed" = ?'), (feed,)
        ).fetchone()
        return (row[0], int(row[1])) if row else None

    def start_feed(self, feed: str, since: str) -> None:
        """Keep deliveries of ``feed`` from ``since`` on, forgetting earlier ones (a new or
        overwritten feed file)."""
        self.connection.execute(self._sql('DELETE FROM feed_deliveries WHERE "feed" = ?'), (feed,))
        upsert = (
            'INSERT INTO feeds VALUES (?, ?, 0) ON CONFLICT ("feed") '
            'DO UPDATE SET "since" = excluded."since", "offset" = 0'
        )
        self.connection.execute(self._sql(upsert), (feed, since))

    def mark_fed(self, feed: str, canonical_url: str, digest: str, offset: int | None = None) -> None:
        """``feed`` received this version of the article (and was ``offset`` bytes long after it)."""
        self.connection.execute(
            self._sql("INSERT INTO feed_deliveries VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
            (feed, canonical_url, digest),
        )
        if offset is not None:
            self.note_feed_size(feed, offset)

    def note_feed_size(self, feed: str, offset: int) -> None:
        """The feed's size after its last marked delivery."""
        self.connection.execute(self._sql('UPDATE feeds SET "offset" = ? WHERE "feed" = ?'), (offset, feed))

    def unfed(self, feed: str, sites: Iterable[str], since: str) -> list[dict[str, Any]]:
        """Article versions of ``sites`` stored since ``since`` that ``feed`` did not receive,
        in the order they were stored — not the original of a story whose copy it received
        (drop mode stores a later-arriving original without feeding it)."""
        sites = sorted(set(sites))
        if not sites:
            return []
        marks = ", ".join("?" * len(sites))
        query = (
            f'SELECT a.* FROM articles a WHERE a."storedAt" >= ? AND a."site" IN ({marks}) '
            'AND NOT EXISTS (SELECT 1 FROM feed_deliveries d WHERE d."feed" = ? '
            'AND d."canonicalUrl" = a."canonicalUrl" AND d."contentHash" = a."contentHash") '
            'AND NOT EXISTS (SELECT 1 FROM articles c JOIN feed_deliveries e ON e."canonicalUrl" = c."canonicalUrl" '
            'AND e."feed" = ? WHERE c."duplicateOf" = a."canonicalUrl") '
            'ORDER BY a."storedAt", a."canonicalUrl"'
        )
        cursor = self.connection.execute(self._sql(query), (since, *sites, feed, feed))
        names = [column[0] for column in cursor.description]
        return [decode_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


class Store(FeedDeliveries):
    """An open SQLite store (see the module docstring). Not thread-safe; one per process."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0, read_only: bool = False, shared: bool = False):
        """Open the store at ``path``, making it if there is none; :class:`StoreRefused` when
        a newer newscrawl wrote it.

        ``shared``: other crawls write the file at the same time (workers of one shared
        frontier): every write is committed at once (:attr:`one_item_per_transaction`), so
        that no process holds SQLite's one write lock while it waits on the network.

        ``read_only``: open an existing store for reading only (:func:`_connect_read_only`):
        nothing is made, upgraded or written, an older store is read as it is, and a path
        that holds no newscrawl store (a directory, an empty or other file) is refused.

        Safe when other processes open the same file at the same moment. A new store is made
        in a private file and linked into place (:func:`_make_store`): switching a shared
        file to WAL mode upgrades a read lock to a write lock, which SQLite does not wait
        for (waiting could deadlock two upgraders), so a second opener would get "database
        is locked" at once. Schema changes an existing store needs are made in one write
        transaction (:func:`_complete_schema`), which waits for other writers."""
        self.path = Path(path)
        #: The store error that failed the crawl (set by the storage pipeline); no later item
        #: is written (:func:`newscrawl.pipelines.base.refuse_after_failure`).
        self.failure: Exception | None = None
        self.one_item_per_transaction = shared
        if read_only:
            self.connection = _connect_read_only(self.path, timeout)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            _make_store(self.path)
        self.connection = sqlite3.connect(self.path, timeout=timeout, isolation_level="DEFERRED")
        # No-ops on a store made by _make_store; they set up a file made elsewhere (or in
        # place, where the file system has no hard links).
        self.connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("PRAGMA cache_size=-65536")  # 64 MiB
        # Checkpoint every 16 MiB of WAL, not every 1,000 pages: a page rewritten by several
        # commits (the band index's inner pages) is then copied back once.
        self.connection.execute("PRAGMA wal_autocheckpoint=16384")
        try:
            _complete_schema(self.connection, self.path)
        except StoreRefused:
            self.connection.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            self.connection.commit()
            self.connection.close()
            self.connection = None  # type: ignore[assignment]

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        """End the open transaction without its writes (none open: nothing happens)."""
        self.connection.rollback()

    #: What this store raises when a statement or a commit fails ("database is locked"
    #: after the busy timeout, a full disk, a corrupt file).
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    #: Commit after each item (PostgreSQL: the dedup locks of several items in one
    #: transaction could deadlock; a ``shared`` SQLite file: its write lock); else SQLite
    #: batches items (``NEWSCRAWL_SQLITE_BATCH_SIZE``).
    one_item_per_transaction = False

    def lock_keys(self, keys: Iterable[int]) -> None:
        """Make the dedup lookups that follow and the item's writes one atomic step against
        other crawls on the same file: begin the write transaction now (``BEGIN
        IMMEDIATE``, waiting up to the busy timeout for another writer) if none is open.
        One that is open began with a write (Python's sqlite3 opens a transaction only
        before INSERT, UPDATE, DELETE or REPLACE), so it holds the write lock already: no
        read snapshot is ever upgraded to a write, which SQLite would refuse at once
        ("database is locked" without waiting) had another connection committed since.
        SQLite has one writer at a time, so the keys themselves do not matter here.
        (:meth:`PgStore.lock_keys <newscrawl.pgstore.PgStore.lock_keys>` takes advisory
        locks per key instead.)"""
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    # -- articles --------------------------------------------------------------------------

    def find(self, canonical_url: str | None = None, *, site: str | None = None, article_id: str | None = None):
        """The stored row of an article, by canonical URL or by site + article id."""
        if canonical_url:
            query, args = 'SELECT * FROM articles WHERE "canonicalUrl" = ?', (canonical_url,)
        elif site and article_id:
            query, args = 'SELECT * FROM articles WHERE "site" = ? AND "articleId" = ? LIMIT 1', (site, article_id)
        else:
            return None
        row = self._one(query, args)
        if row is None:
            return None
        return StoredArticle(row["canonicalUrl"], row["contentHash"], row["version"] or 1,
                             row["dateDownloaded"], row["dateModified"], row["firstStoredAt"])  # fmt: skip

    def find_by_url(self, key: str) -> StoredArticle | None:
        """The stored article downloaded from or stored under a URL of identity ``key``."""
        row = self.connection.execute('SELECT "canonicalUrl" FROM article_urls WHERE "key" = ?', (key,)).fetchone()
        return self.find(row[0]) if row else None

    def _one(self, query: str, args: tuple[Any, ...]) -> sqlite3.Row | None:
        cursor = self.connection.execute(query, args)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchone()

    def save(self, item: Any) -> str:
        """Insert or update the article; returns ``"inserted"``, ``"updated"`` (content
        changed: the previous text goes to ``article_versions``, ``version`` + 1) or
        ``"refreshed"`` (same content: only download metadata changes)."""
        adapter = ItemAdapter(item)
        url = adapter["canonicalUrl"]
        digest = content_hash(adapter.get("headline"), adapter.get("articleBody"))
        stored = self._one('SELECT rowid, * FROM articles WHERE "canonicalUrl" = ?', (url,))
        stamp = now_iso()
        values = {name: _column_value(name, adapter.get(name)) for name in ARTICLE_FIELDS}
        values.update(contentHash=digest, storedAt=stamp)
        self.connection.executemany(
            'INSERT INTO article_urls VALUES (?, ?) ON CONFLICT ("key") DO NOTHING',
            [(key, url) for key in url_keys(adapter)],
        )
        if stored is None:
            values.update(version=1, firstStoredAt=stamp)
            names = list(values)
            cursor = self.connection.execute(
                f"INSERT INTO articles ({', '.join(_q(n) for n in names)}) VALUES ({', '.join('?' * len(names))})",
                [values[n] for n in names],
            )
            self._index_text(cursor.lastrowid, adapter)
            return "inserted"
        if stored["contentHash"] == digest:
            self.touch(url, values["url"], values["dateDownloaded"])
            return "refreshed"
        self.connection.execute(
            "INSERT OR REPLACE INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?)",
            (url, stored["version"] or 1, stored["storedAt"], stored["headline"], stored["articleBody"],
             stored["dateModified"], stored["contentHash"]),
        )  # fmt: skip
        values.update(version=(stored["version"] or 1) + 1, firstStoredAt=stored["firstStoredAt"])
        if not values.get("dateModified"):
            values["dateModified"] = stored["dateModified"]  # keep what an earlier version said
        names = [n for n in values if n != "canonicalUrl"]
        self.connection.execute(
            f"UPDATE articles SET {', '.join(f'{_q(n)} = ?' for n in names)} WHERE rowid = ?",
            [values[n] for n in names] + [stored["rowid"]],
        )
        self._index_text(stored["rowid"], adapter, replace=True)
        return "updated"

    def note_page(self, site: str, article_id: str, outcome: str) -> None:
        """Remember that this article URL gave no article (``outcome``: the skip reason)."""
        self.connection.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", (site, article_id, outcome, now_iso())
        )

    def page_outcome(self, site: str, article_id: str) -> tuple[str, str] | None:
        """``(outcome, checkedAt)`` of an article URL that gave no article, if recorded."""
        row = self.connection.execute(
            'SELECT "outcome", "checkedAt" FROM pages WHERE "site" = ? AND "articleId" = ?', (site, article_id)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def touch(self, canonical_url: str, url: str | None, date_downloaded: str | None) -> None:
        """Record a fresh download of unchanged content (the next run compares against it)."""
        self.connection.execute(
            'UPDATE articles SET "dateDownloaded" = ?, "url" = ?, "storedAt" = ? WHERE "canonicalUrl" = ?',
            (date_downloaded, url, now_iso(), canonical_url),
        )

    def _index_text(self, rowid: int | None, adapter: ItemAdapter, *, replace: bool = False) -> None:
        if replace:
            self.connection.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
        self.connection.execute(
            "INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)",
            (
                rowid,
                display_match_key(adapter.get("headline") or ""),
                display_match_key(adapter.get("articleBody") or ""),
            ),
        )

    def versions(self, canonical_url: str) -> list[dict[str, Any]]:
        cursor = self.connection.execute(
            'SELECT * FROM article_versions WHERE "canonicalUrl" = ? ORDER BY "version"', (canonical_url,)
        )
        cursor.row_factory = sqlite3.Row
        return [dict(row) for row in cursor]

    # -- reading ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose headline or body holds every word of ``text`` (match-key folded:
        ``احمد`` finds ``أحمد``, ``محمد`` finds ``مُحَمَّد``), best first."""
        words = match_key(text).split()
        if not words:
            return []
        query = " ".join('"' + word.replace('"', '""') + '"' for word in words)
        cursor = self.connection.execute(
            "SELECT a.* FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        cursor.row_factory = sqlite3.Row
        return [decode_row(row) for row in cursor]

    def articles(self, *, since: str | None = None, site: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored articles as records, oldest publication first."""
        clauses, args = [], []
        if since:
            clauses.append('"datePublished" >= ?')
            args.append(since)
        if site:
            clauses.append('"site" = ?')
            args.append(site)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        cursor = self.connection.execute(f'SELECT * FROM articles {where} ORDER BY "datePublished", rowid', args)
        cursor.row_factory = sqlite3.Row
        for row in cursor:
            yield decode_row(row)

    def texts_since(self, since: str) -> Iterator[tuple[str, str | None, str, str | None, str | None]]:
        """``(canonicalUrl, datePublished, storedAt, headline, articleBody)`` of the articles
        published (or, undated, stored) since ``since``, read in chunks, not all at once."""
        last = 0
        while True:
            rows = self.connection.execute(
                'SELECT rowid, "canonicalUrl", "datePublished", "storedAt", "headline", "articleBody" '
                'FROM articles WHERE rowid > ? AND coalesce("datePublished", "storedAt") >= ? ORDER BY rowid LIMIT 500',
                (last, since),
            ).fetchall()
            if not rows:
                return
            yield from (row[1:] for row in rows)
            last = rows[-1][0]

    def latest(self, limit: int = 25) -> list[dict[str, Any]]:
        """The most recently published stored articles, newest first."""
        cursor = self.connection.execute(
            'SELECT * FROM articles ORDER BY "datePublished" DESC, rowid DESC LIMIT ?', (limit,)
        )
        cursor.row_factory = sqlite3.Row
        return [decode_row(row) for row in cursor]

    def counts(self, by: str) -> list[tuple[str | None, int]]:
        """Article counts per ``day`` (of ``datePublished``), ``section`` or ``site``."""
        expression = {"day": 'substr("datePublished", 1, 10)', "section": '"section"', "site": '"site"'}[by]
        return self.connection.execute(
            f"SELECT {expression} AS k, count(*) FROM articles GROUP BY k ORDER BY k"
        ).fetchall()

    def record_run(self, spider: str, started: str | None, finished: str, reason: str, stats: dict[str, Any]) -> None:
        """Keep a crawl's close reason and stats (for the report's fallback-rate plot)."""
        self.connection.execute(
            "INSERT INTO crawl_runs (spider, started, finished, reason, stats) VALUES (?, ?, ?, ?, ?)",
            (spider, started, finished, reason, json.dumps(stats, ensure_ascii=False, default=str)),
        )

    def last_complete_run(self, spider: str) -> str | None:
        """When the latest crawl of ``spider`` that ran to its end finished (closed at idle,
        not cut short by ``max_articles``, a kill or a signal); ``None`` when none did."""
        cursor = self.connection.execute(
            "SELECT finished, stats FROM crawl_runs WHERE spider = ? AND reason IN ('finished', 'health_check_failed') "
            "ORDER BY id DESC",
            (spider,),
        )
        for finished, stats in cursor:
            if "newscrawl/skip/max_articles" not in json.loads(stats or "{}"):
                return finished
        return None

    def runs(self) -> list[dict[str, Any]]:
        cursor = self.connection.execute("SELECT spider, started, finished, reason, stats FROM crawl_runs ORDER BY id")
        return [
            {"spider": a, "started": b, "finished": c, "reason": d, "stats": json.loads(e or "{}")}
            for a, b, c, d, e in cursor
        ]

    # -- dedup index -----------------------------------------------------------------------

    def exact_owner(self, digest: str) -> str | None:
        row = self.connection.execute('SELECT "canonicalUrl" FROM dedup_exact WHERE "hash" = ?', (digest,)).fetchone()
        return row[0] if row else None

    def add_exact(self, digest: str, canonical_url: str) -> None:
        self.connection.execute("INSERT OR IGNORE INTO dedup_exact VALUES (?, ?)", (digest, canonical_url))

    def near_candidates(self, keys: Iterable[int], exclude_url: str | None = None) -> list[Candidate]:
        keys = list(keys)
        rows = self.connection.execute(
            "SELECT s.id, s.canonicalUrl, s.datePublished, s.signature FROM dedup_signatures s WHERE s.id IN "
            f"(SELECT DISTINCT doc FROM dedup_bands WHERE key IN ({', '.join('?' * len(keys))}))",
            keys,
        ).fetchall()
        return [Candidate(*row) for row in rows if row[1] != exclude_url]

    def add_signature(
        self, canonical_url: str, date_published: str | None, signature: bytes, keys: Iterable[int], epoch: float
    ) -> None:
        insert = (
            "INSERT INTO dedup_signatures (canonicalUrl, datePublished, epoch, signature) VALUES (?, ?, ?, ?) "
            'ON CONFLICT ("canonicalUrl") DO NOTHING'
        )
        cursor = self.connection.execute(insert, (canonical_url, date_published, epoch, signature))
        if cursor.rowcount == 0:  # re-indexing an article: replace its signature and bands
            (old,) = self.connection.execute(
                'SELECT id FROM dedup_signatures WHERE "canonicalUrl" = ?', (canonical_url,)
            ).fetchone()
            self.connection.execute("DELETE FROM dedup_bands WHERE doc = ?", (old,))
            self.connection.execute("DELETE FROM dedup_signatures WHERE id = ?", (old,))
            cursor = self.connection.execute(insert, (canonical_url, date_published, epoch, signature))
        doc = cursor.lastrowid
        self.connection.executemany("INSERT OR IGNORE INTO dedup_bands VALUES (?, ?)", ((k, doc) for k in keys))

    def signature_scheme(self) -> str | None:
        """The MinHash scheme the stored signatures were made with (None: not recorded)."""
        row = self.connection.execute("SELECT value FROM meta WHERE name = 'signature_scheme'").fetchone()
        return row[0] if row else None

    def reset_signatures(self, scheme: str) -> int:
        """Forget every near-duplicate signature (they were made with another scheme) and
        record ``scheme`` as the one new signatures use; returns how many were forgotten."""
        (count,) = self.connection.execute("SELECT count(*) FROM dedup_signatures").fetchone()
        self.connection.execute("DELETE FROM dedup_bands")
        self.connection.execute("DELETE FROM dedup_signatures")
        self.connection.execute(
            "INSERT INTO meta VALUES ('signature_scheme', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (scheme,),
        )
        return count

    def mark_duplicate(self, canonical_url: str, original_url: str) -> None:
        """Record that the stored ``canonical_url`` is a near-duplicate of ``original_url``."""
        self.connection.execute(
            'UPDATE articles SET "duplicateOf" = ? WHERE "canonicalUrl" = ?', (original_url, canonical_url)
        )

    def prune_signatures(self, older_than: float) -> int:
        """Forget near-duplicate signatures whose epoch (when the article was stored)
        is before ``older_than`` (Unix seconds); exact hashes are kept for good."""
        old = [
            row[0] for row in self.connection.execute("SELECT id FROM dedup_signatures WHERE epoch < ?", (older_than,))
        ]
        for start in range(0, len(old), 500):
            chunk = old[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            self.connection.execute(f"DELETE FROM dedup_bands WHERE doc IN ({marks})", chunk)
            self.connection.execute(f"DELETE FROM dedup_signatures WHERE id IN ({marks})", chunk)
        return len(old)


def _make_store(path: Path) -> None:
    """Make a new, empty store at ``path`` whole or not at all: page size, WAL mode and
    schema are set up in a private file next to it, which is then hard-linked to ``path``.
    When another process got there first, its store is used (the link fails)."""
    name = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")  # SQLite makes it: its file mode
    try:
        connection = sqlite3.connect(name)
        try:
            connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
            connection.execute("PRAGMA journal_mode=WAL")
            _complete_schema(connection, path)
        finally:
            connection.close()  # the last connection: WAL checkpointed, the file is whole
        # FileExistsError: another process made it first. Other errors (a file system
        # without hard links): the store is set up in place when it is opened.
        with contextlib.suppress(OSError):
            os.link(name, path)
    finally:
        name.unlink(missing_ok=True)


def _complete_schema(connection: sqlite3.Connection, location: Path) -> None:
    """Add what the store lacks of :data:`SCHEMA` (all of it when new; tables and columns of
    a newer newscrawl when older) and record :data:`SCHEMA_VERSION`, in one ``BEGIN
    IMMEDIATE`` transaction: it waits for other writers (also another process doing the
    same), and what it reads is current. A complete store of this version is only read; one
    of a newer version is refused (:class:`StoreRefused`) before anything is written."""
    version = schema_version(_recorded_version(connection), location)
    if (
        version == SCHEMA_VERSION
        and _SCHEMA_NAMES.issubset(_schema_names(connection))
        and set(COLUMNS).issubset(_article_columns(connection))
    ):
        return
    columns = ", ".join(
        '"canonicalUrl" TEXT PRIMARY KEY NOT NULL'
        if name == "canonicalUrl"
        else f'"{name}" {"INTEGER" if name in _INTEGER_COLUMNS else "TEXT"}'
        for name in COLUMNS
    )
    with connection:
        connection.execute("BEGIN IMMEDIATE")
        schema_version(_recorded_version(connection), location)  # a newer one may have come since
        connection.execute(SCHEMA[0].format(columns=columns))
        existing = _article_columns(connection)
        for name in COLUMNS:  # stores made by an older newscrawl gain the new columns
            if name not in existing:
                kind = "INTEGER" if name in _INTEGER_COLUMNS else "TEXT"
                connection.execute(f'ALTER TABLE articles ADD COLUMN "{name}" {kind}')
        for statement in SCHEMA[1:]:
            connection.execute(statement)
        connection.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (SCHEMA_VERSION_KEY, str(SCHEMA_VERSION)),
        )


def _recorded_version(connection: sqlite3.Connection) -> str | None:
    """The ``meta`` value of :data:`SCHEMA_VERSION_KEY` (``None``: not recorded)."""
    if "meta" not in _schema_names(connection):
        return None
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (SCHEMA_VERSION_KEY,)).fetchone()
    return row[0] if row else None


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection (SQLite's ``mode=ro``: it never creates or writes the file) to
    the store at ``path``; :class:`StoreRefused` for a directory, a file that is no SQLite
    database, a database without ``articles`` (an empty file is one) and a store of a newer
    schema version.

    Reading a WAL store takes its ``-shm`` index, which SQLite makes next to the file when
    it is missing (they stay after a read; the next crawl removes them). Where it cannot (a
    read-only mount or folder), the file is read as ``immutable``: nothing can be writing it
    there."""
    if path.is_dir():
        raise StoreRefused(f"{path} is a directory, not a newscrawl store")
    if not path.exists():
        raise StoreRefused(f"no store at {path}")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        try:
            names = _schema_names(connection)
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_CANTOPEN:
                raise
            connection.close()
            connection = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout)
            names = _schema_names(connection)
        if "articles" not in names:
            raise StoreRefused(f"{path} is not a newscrawl store")
        schema_version(_recorded_version(connection), path)
    except sqlite3.DatabaseError as error:
        connection.close()
        if error.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
            raise StoreRefused(f"{path} is not a newscrawl store (not an SQLite database)") from None
        raise
    except StoreRefused:
        connection.close()
        raise
    return connection


def _schema_names(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}


def _article_columns(connection: sqlite3.Connection) -> set[str]:
    return {row[1] for row in connection.execute("PRAGMA table_info(articles)")}


def _q(name: str) -> str:
    return f'"{name}"'


def _column_value(name: str, value: Any) -> Any:
    if name in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def decode_row(row: sqlite3.Row) -> dict[str, Any]:
    """A stored row as an Article record (JSON columns decoded, store columns dropped)."""
    record: dict[str, Any] = {}
    keys = row.keys()
    for name in ARTICLE_FIELDS:
        value = row[name] if name in keys else None
        if name in JSON_FIELDS:
            value = json.loads(value) if value else ([] if name != "mainImage" else None)
        record[name] = value
    return record


def unix_time(iso: str | None) -> float:
    """Unix seconds of an ISO 8601 value (a date alone, or a time without offset: UTC), or
    now when it is missing or unreadable.

    >>> unix_time("1970-01-02"), unix_time("1970-01-01T01:00:00+01:00")
    (86400.0, 0.0)
    """
    if iso:
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            pass
        else:
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return time.time()


def store_path(settings: Any) -> str:
    """``NEWSCRAWL_SQLITE_PATH`` (default :data:`DEFAULT_PATH`); empty means no store."""
    return settings.get("NEWSCRAWL_SQLITE_PATH", DEFAULT_PATH)


def postgres_dsn(settings: Any) -> str:
    """``NEWSCRAWL_POSTGRES_DSN`` (default empty: the SQLite store); a libpq connection
    string or URI, e.g. ``postgresql://newscrawl@db.internal/newscrawl``."""
    return settings.get("NEWSCRAWL_POSTGRES_DSN") or ""


def store_configured(settings: Any) -> bool:
    """Whether the crawl has a store: a PostgreSQL DSN or a non-empty SQLite path."""
    return bool(postgres_dsn(settings) or store_path(settings))


def open_store(settings: Any) -> Store | PgStore | None:
    """A new connection to the configured store: :class:`~newscrawl.pgstore.PgStore` when
    ``NEWSCRAWL_POSTGRES_DSN`` is set, else the SQLite :class:`Store` at
    ``NEWSCRAWL_SQLITE_PATH``; ``None`` when neither is. The caller closes it."""
    dsn = postgres_dsn(settings)
    if dsn:
        from newscrawl.pgstore import PgStore  # psycopg is only needed for PostgreSQL

        return PgStore(dsn)
    path = store_path(settings)
    if not path:
        return None
    return Store(
        path,
        timeout=setting(settings, "NEWSCRAWL_SQLITE_BUSY_TIMEOUT"),
        shared=bool(settings.get("NEWSCRAWL_REDIS_URL")),
    )
