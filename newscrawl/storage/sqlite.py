"""The store in one SQLite file (``NEWSCRAWL_SQLITE_PATH``): how it is made, opened, locked
and searched. What it stores and how is :mod:`newscrawl.storage.base`.

Full-text search: ``articles_fts``, FTS5 over the *match key* of headline and body
(``unicode61`` splits Arabic words at harakat, so the folded text is indexed: ``محمد`` finds
``مُحَمَّد``).

The file is in WAL mode with a 10 s busy timeout (``NEWSCRAWL_SQLITE_BUSY_TIMEOUT``) so that
two crawls can share it. Processes may open one store at the same moment, also a new one: a
new store is made whole (page size, WAL mode, schema) in a file of its own and then linked
into place (:meth:`SQLiteStore._make`), and what an older store lacks is added in one write
transaction (``BEGIN IMMEDIATE`` waits for other writers).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from newscrawl.storage.base import Store, StoreRefused, decode_row, schema_version
from newscrawl.text.arabic import match_key

# Small pages: the band index takes random inserts, and a commit writes every page it
# touched; 1 KiB pages write a quarter of what 4 KiB pages do (bench/near_duplicates.py).
# Only a new file takes it; an existing store keeps its page size.
PAGE_SIZE = 1024


class SQLiteStore(Store):
    """An open SQLite store. Not thread-safe; one per process."""

    types: ClassVar[dict[str, str]] = {
        "TEXT": "TEXT", "INT": "INTEGER", "ID": "INTEGER PRIMARY KEY", "REAL": "REAL", "BLOB": "BLOB",
        "NOROWID": " WITHOUT ROWID",
    }  # fmt: skip
    own_schema = (
        """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        headline, body, tokenize = 'unicode61 remove_diacritics 2')""",
    )
    errors = (sqlite3.Error,)
    # One writer at a time: the band keys of the newest signatures are held in memory and
    # written in sorted batches (:mod:`newscrawl.storage.bands`; bench/near_duplicates.py).
    band_batch = 8192
    _data_version: int | None = None

    def __init__(self, path: str | Path, *, timeout: float = 10.0, read_only: bool = False, shared: bool = False):
        """Open the store at ``path``, making it if there is none; :class:`StoreRefused` when
        a newer newscrawl wrote it. ``shared``: other crawls write the file at the same time
        (workers of one shared frontier): every write is committed at once
        (:attr:`one_item_per_transaction`), so that no process holds SQLite's one write lock
        while it waits on the network. ``read_only``: see :meth:`_connect_read_only`."""
        self.path = Path(path)
        self.one_item_per_transaction = shared
        if read_only:
            self._connect_read_only(timeout)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self._make()
        self.connection = sqlite3.connect(self.path, timeout=timeout, isolation_level="DEFERRED")
        # No-ops on a store made by _make; they set up a file made elsewhere (or in place,
        # where the file system has no hard links).
        self.connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("PRAGMA cache_size=-65536")  # 64 MiB
        # Checkpoint every 16 MiB of WAL, not every 1,000 pages: a page rewritten by several
        # commits (the band index's inner pages) is then copied back once.
        self.connection.execute("PRAGMA wal_autocheckpoint=16384")
        try:
            self._complete_schema()
        except StoreRefused:
            self.connection.close()
            raise

    def _make(self) -> None:
        """Make a new, empty store at :attr:`path` whole or not at all: page size, WAL mode
        and schema are set up in a private file next to it, which is then hard-linked to the
        path; when another process got there first, its store is used (the link fails).
        (Switching a shared file to WAL mode upgrades a read lock to a write lock, which
        SQLite does not wait for: a second opener would get "database is locked" at once.)"""
        name = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.new")  # SQLite makes it: its file mode
        try:
            self.connection = sqlite3.connect(name)
            try:
                self.connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
                self.connection.execute("PRAGMA journal_mode=WAL")
                self._complete_schema()
            finally:
                self.connection.close()  # the last connection: WAL checkpointed, the file is whole
            # FileExistsError: another process made it first. Other errors (a file system
            # without hard links): the store is set up in place when it is opened.
            with contextlib.suppress(OSError):
                os.link(name, self.path)
        finally:
            name.unlink(missing_ok=True)

    def _connect_read_only(self, timeout: float) -> None:
        """A read-only connection (SQLite's ``mode=ro``: nothing is made, upgraded or written;
        an older store is read as it is); :class:`StoreRefused` for a directory, a file that
        is no SQLite database, one without ``articles`` (an empty file) and a newer store.

        Reading a WAL store takes its ``-shm`` index, which SQLite makes next to the file
        when it is missing (they stay after a read; the next crawl removes them). Where it
        cannot (a read-only mount or folder), the file is read as ``immutable``: nothing can
        be writing it there."""
        if self.path.is_dir():
            raise StoreRefused(f"{self.path} is a directory, not a newscrawl store")
        if not self.path.exists():
            raise StoreRefused(f"no store at {self.path}")
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        self.connection = sqlite3.connect(uri, uri=True, timeout=timeout)
        try:
            try:
                names = self._schema_names()
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_CANTOPEN:
                    raise
                self.connection.close()
                self.connection = sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=timeout)
                names = self._schema_names()
            if "articles" not in names:
                raise StoreRefused(f"{self.path} is not a newscrawl store")
            schema_version(self._recorded_version(), self.path)
        except sqlite3.DatabaseError as error:
            self.connection.close()
            if error.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
                raise StoreRefused(f"{self.path} is not a newscrawl store (not an SQLite database)") from None
            raise
        except StoreRefused:
            self.connection.close()
            raise

    @contextlib.contextmanager
    def _schema_lock(self) -> Iterator[None]:
        # BEGIN IMMEDIATE waits for other writers (also another process doing the same).
        with self.connection:
            self.connection.execute("BEGIN IMMEDIATE")
            yield

    def _schema_names(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT name FROM sqlite_master")}

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")}

    def commit(self) -> None:
        self.connection.commit()

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    def lock_keys(self, keys: Iterable[int]) -> None:
        """Begin the write transaction now (``BEGIN IMMEDIATE``, waiting up to the busy
        timeout for another writer) if none is open: the dedup lookups that follow and the
        item's writes are then one step against other crawls on the file. One that is open
        began with a write (Python's sqlite3 begins only before a write), so it holds the
        write lock already: no read snapshot is upgraded to a write, which SQLite refuses at
        once had another connection committed since. One writer at a time: the keys do not
        matter here."""
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")

    def _written_by_others(self) -> bool:
        # SQLite's data_version changes when another connection commits to the file.
        version = self.connection.execute("PRAGMA data_version").fetchone()[0]
        changed, self._data_version = version != self._data_version, version
        return changed

    def _dicts(self, query: str, args: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        cursor = self.connection.execute(query, args)
        cursor.row_factory = sqlite3.Row
        return (dict(row) for row in cursor)

    def _index_text(self, row_id: int, keys: tuple[str, str], *, replace: bool = False) -> None:
        if replace:
            self.connection.execute("DELETE FROM articles_fts WHERE rowid = ?", (row_id,))
        self.connection.execute("INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)", (row_id, *keys))

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        words = match_key(text).split()
        if not words:
            return []
        query = " ".join('"' + word.replace('"', '""') + '"' for word in words)
        rows = self._dicts(
            "SELECT a.* FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        return [decode_row(row) for row in rows]
