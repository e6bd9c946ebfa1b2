"""What every store does, once, in the SQL both dialects speak: what a crawl needs to be
incremental and to deduplicate across runs, spiders and processes (the tables: :data:`SCHEMA`).

``articles`` has one row per ``canonicalUrl``, a column per ``Article`` field (lists and
objects as JSON text) plus ``version``, ``contentHash``, ``firstStoredAt``, ``storedAt``; the
text a re-crawl replaced goes to ``article_versions`` (nothing is lost). Full-text search over
the match key of headline and body is each dialect's own (:mod:`.sqlite`: FTS5;
:mod:`.postgres`: ``tsvector``). Every write happens in the caller's transaction and becomes
visible at :meth:`Store.commit`. Only parameterised SQL touches article text. A store an
older newscrawl made is upgraded in place; one a newer one wrote is refused (:data:`SCHEMA_VERSION`).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from itemadapter import ItemAdapter

from newscrawl.content_hash import content_hash
from newscrawl.extraction import EXTRACTOR_VERSION
from newscrawl.identity import identity_key, normalize_url
from newscrawl.items import ARTICLE_FIELDS
from newscrawl.minhash import band_keys, from_bytes
from newscrawl.storage.bands import RecentBands
from newscrawl.text.arabic import display_match_key

JSON_FIELDS = frozenset({"authors", "breadcrumbs", "tags", "mainImage", "images"})
# The store's own columns: the version, and the archive record the stored text came from.
COLUMNS = (
    *ARTICLE_FIELDS,  # version among them
    "contentHash",
    "firstStoredAt",
    "storedAt",
    "warcFile",
    "warcOffset",
    "extractorVersion",
)
#: The schema this newscrawl writes, recorded in ``meta``: a store recording a lower one (or
#: none) gains the missing tables and columns; a higher one is refused (:func:`schema_version`).
#: Raise it with a change an older newscrawl must not write over (a column it would leave
#: empty that this one needs, a changed meaning); a new table or column alone need not.
#: 2: the band index may lag the signatures (``bands_through``, :mod:`.bands`): an older
#: newscrawl would not find the newest ones.
SCHEMA_VERSION = 2
SCHEMA_VERSION_KEY = "schema_version"
#: ``meta``: the signature id up to which ``dedup_bands`` holds every signature's band keys.
BANDS_THROUGH_KEY = "bands_through"

# The tables of both dialects; a dialect fills in its types: {TEXT}, {INT} (64-bit), {ID}
# (an integer key in insertion order), {REAL}, {BLOB}, {NOROWID} (SQLite's WITHOUT ROWID).
# article_urls: the identity key of every URL an article was downloaded from; pages: article
# URLs that gave no article (video, empty, 404); dedup_exact: content hashes, kept for good;
# dedup_signatures + dedup_bands: MinHash signatures and LSH band keys, pruned to a window
# (the band keys of the newest signatures may be held in memory: :mod:`.bands`); meta: the
# schema version, the MinHash scheme and how far the band index is written.
SCHEMA = (
    'CREATE INDEX IF NOT EXISTS articles_site_id ON articles ("site", "articleId")',
    'CREATE INDEX IF NOT EXISTS articles_published ON articles ("datePublished")',
    """CREATE TABLE IF NOT EXISTS article_versions (
        "canonicalUrl" {TEXT} NOT NULL, "version" integer NOT NULL, "storedAt" {TEXT}, "headline" {TEXT},
        "articleBody" {TEXT}, "dateModified" {TEXT}, "contentHash" {TEXT},
        PRIMARY KEY ("canonicalUrl", "version")){NOROWID}""",
    """CREATE TABLE IF NOT EXISTS pages (
        "site" {TEXT} NOT NULL, "articleId" {TEXT} NOT NULL, "outcome" {TEXT} NOT NULL,
        "checkedAt" {TEXT} NOT NULL, "url" {TEXT}, PRIMARY KEY ("site", "articleId")){NOROWID}""",
    """CREATE TABLE IF NOT EXISTS crawl_runs ("id" {ID}, "spider" {TEXT}, "started" {TEXT},
        "finished" {TEXT}, "reason" {TEXT}, "stats" {TEXT}, "sites" {TEXT})""",
    """CREATE TABLE IF NOT EXISTS dedup_exact ("hash" {TEXT} PRIMARY KEY, "canonicalUrl" {TEXT} NOT NULL){NOROWID}""",
    """CREATE TABLE IF NOT EXISTS dedup_signatures ("id" {ID}, "canonicalUrl" {TEXT} NOT NULL UNIQUE,
        "datePublished" {TEXT}, "epoch" {REAL} NOT NULL, "signature" {BLOB} NOT NULL)""",
    'CREATE INDEX IF NOT EXISTS dedup_signatures_epoch ON dedup_signatures ("epoch")',
    """CREATE TABLE IF NOT EXISTS dedup_bands (
        "key" {INT} NOT NULL, "doc" {INT} NOT NULL, PRIMARY KEY ("key", "doc")){NOROWID}""",
    'CREATE TABLE IF NOT EXISTS meta ("name" {TEXT} PRIMARY KEY, "value" {TEXT}){NOROWID}',
    """CREATE TABLE IF NOT EXISTS article_urls (
        "key" {TEXT} PRIMARY KEY, "canonicalUrl" {TEXT} NOT NULL){NOROWID}""",
    # What each local feed file received (newscrawl.extensions.feeds): one row per feed (since
    # when it is kept, and its size at the last committed delivery), one per article version fed.
    'CREATE TABLE IF NOT EXISTS feeds ("feed" {TEXT} PRIMARY KEY, "since" {TEXT} NOT NULL, "offset" {INT} NOT NULL)',
    """CREATE TABLE IF NOT EXISTS feed_deliveries (
        "feed" {TEXT} NOT NULL, "canonicalUrl" {TEXT} NOT NULL, "contentHash" {TEXT} NOT NULL,
        PRIMARY KEY ("feed", "canonicalUrl", "contentHash"))""",
    # On a shared frontier: the article versions a worker stored for its feed (in the same
    # transaction), so that a feed a killed worker left gets what it was owed, and no more.
    """CREATE TABLE IF NOT EXISTS feed_owed (
        "feed" {TEXT} NOT NULL, "canonicalUrl" {TEXT} NOT NULL, "contentHash" {TEXT} NOT NULL,
        PRIMARY KEY ("feed", "canonicalUrl", "contentHash")){NOROWID}""",
)


# Columns later newscrawls added to tables of the schema: an older store gains them. pages.url:
# the URL that gave no article; crawl_runs.sites: each site's outcome of the crawl (JSON).
ADDED_COLUMNS = (("pages", "url"), ("crawl_runs", "sites"))


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


def url_keys(adapter: ItemAdapter) -> list[str]:
    """The identity keys (:func:`newscrawl.identity.identity_key`) of the URLs an article
    was downloaded from and is stored under: an incremental crawl of a site without an
    article-id pattern finds a stored article by any of them (:meth:`Store.find_by_url`)."""
    urls = [adapter.get("canonicalUrl"), adapter.get("url")]
    return sorted({identity_key(normalize_url(u)) for u in urls if u})


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def decode_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row as an Article record (JSON columns decoded, store columns dropped)."""
    record: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = row.get(name)
        if name in JSON_FIELDS:
            value = json.loads(value) if value else ([] if name != "mainImage" else None)
        record[name] = value
    return record


def _column_value(name: str, value: Any) -> Any:
    if name in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def _q(name: str) -> str:
    return f'"{name}"'


def _where(filters: Iterable[tuple[str, Any]], *always: str) -> tuple[str, list[Any]]:
    """A ``WHERE`` clause (or "") of the ``always`` conditions and those filters whose value
    is given (each condition takes its value as its one ``?``), and the values."""
    given = [(condition, value) for condition, value in filters if value]
    conditions = [*always, *(condition for condition, _ in given)]
    return (f"WHERE {' AND '.join(conditions)}" if conditions else ""), [value for _, value in given]


def _published_until(until: str | None) -> tuple[str, str | None]:
    """The filter "published on or before ``until``", the whole of its last day or minute
    (the stored value's prefix of the same length is compared)."""
    return f'substr("datePublished", 1, {len(until or "")}) <= ?', until


_ARTICLE_COLUMNS = ", ".join(map(_q, ARTICLE_FIELDS))
_A_COLUMNS = ", ".join(f"a.{_q(n)}" for n in ARTICLE_FIELDS)
# The article version of row ``a`` has not reached the feed (the first parameter).
_NOT_FED = (
    'NOT EXISTS (SELECT 1 FROM feed_deliveries d WHERE d."feed" = ? '
    'AND d."canonicalUrl" = a."canonicalUrl" AND d."contentHash" = a."contentHash")'
)


@dataclass(frozen=True)
class StoredArticle:
    canonicalUrl: str
    contentHash: str | None
    version: int
    dateDownloaded: str | None
    dateModified: str | None
    firstStoredAt: str | None = None
    datePublished: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A near-duplicate candidate from the LSH index."""

    doc: int
    canonicalUrl: str
    datePublished: str | None
    signature: bytes


class Store:
    """An open store (the module docstring); :class:`~newscrawl.storage.sqlite.SQLiteStore`
    and :class:`~newscrawl.storage.postgres.PgStore` say how to connect, lock and search.
    Not thread-safe; one per process."""

    #: The parameter mark of the dialect's driver (statements here are written with ``?``).
    placeholder: ClassVar[str] = "?"
    #: The column that numbers articles in insertion order.
    row_id: ClassVar[str] = "rowid"
    #: Types that fill in :data:`SCHEMA`, and the dialect's own statements after it.
    types: ClassVar[dict[str, str]]
    own_schema: ClassVar[tuple[str, ...]] = ()
    #: Where the full-text index is a column of ``articles`` (PostgreSQL): its name and the
    #: SQL of its value from the match keys of headline and body; else :meth:`_index_text`.
    text_index: ClassVar[tuple[str, str] | None] = None
    #: ``SELECT … FOR UPDATE`` where rows can be locked: concurrent saves of one URL take turns.
    for_update: ClassVar[str] = ""
    #: What this store raises when a statement or a commit fails ("database is locked"
    #: after the busy timeout, a full disk, a corrupt file, a lost server).
    errors: ClassVar[tuple[type[Exception], ...]]

    connection: Any
    #: Where the store is, for messages (a path, or a DSN without its password).
    path: Any
    #: The store error that failed the crawl (set by the store pipeline); no later item is
    #: written (:func:`newscrawl.pipelines.base.refuse_after_failure`).
    failure: Exception | None = None
    #: Commit after each item (PostgreSQL: the dedup locks of several items in one
    #: transaction could deadlock; a SQLite file that other workers write: its write lock);
    #: else SQLite batches items (``NEWSCRAWL_SQLITE_BATCH_SIZE``).
    one_item_per_transaction: bool = False
    #: How many signatures' band keys are held in memory (:mod:`.bands`) before they are
    #: written to the band index in one sorted batch; 0: each with its signature.
    band_batch: int = 0
    _recent: RecentBands | None = None

    # -- what a dialect provides -----------------------------------------------------------

    def commit(self) -> None:
        raise NotImplementedError

    @property
    def in_transaction(self) -> bool:
        raise NotImplementedError

    def rollback(self) -> None:
        """End the open transaction without its writes (none open: nothing happens)."""
        self.connection.rollback()
        self._recent = None  # it may hold signatures that were not stored: read them again

    def close(self) -> None:
        """Commit what is open and close the connection (again: nothing happens)."""
        if self.connection is not None:
            try:
                self.commit()
            finally:
                self.connection.close()
                self.connection = None

    def lock_keys(self, keys: Iterable[int]) -> None:
        """Make the dedup lookups of an item and its writes one atomic step against other
        crawls on the same store (the dialect says how)."""
        raise NotImplementedError

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose headline or body holds every word of ``text`` (match-key folded:
        ``احمد`` finds ``أحمد``, ``محمد`` finds ``مُحَمَّد``), best first."""
        raise NotImplementedError

    def _dicts(self, query: str, args: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def _stream(self, query: str, args: Sequence[Any]) -> Iterator[dict[str, Any]]:
        """The rows of a long query as dicts, not all in memory, outliving a commit."""
        return self._dicts(query, args)

    def _index_text(self, row_id: int, keys: tuple[str, str], *, replace: bool = False) -> None:
        """Index the match keys of an article's headline and body for :meth:`search`."""

    def _params(self, args: Sequence[Any]) -> Sequence[Any]:
        return args

    # -- statements ------------------------------------------------------------------------

    def _sql(self, query: str) -> str:
        return query if self.placeholder == "?" else query.replace("?", self.placeholder)

    def _run(self, query: str, args: Sequence[Any] = ()) -> Any:
        return self.connection.execute(self._sql(query), self._params(args))

    def _run_many(self, query: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [self._params(row) for row in rows]
        if rows:
            self.connection.cursor().executemany(self._sql(query), rows)

    def _schema(self) -> list[str]:
        return [statement.format(**self.types) for statement in (*SCHEMA, *self.own_schema)]

    def _schema_names(self) -> set[str]:  # the tables and indexes
        raise NotImplementedError

    def _columns(self, table: str) -> set[str]:
        raise NotImplementedError

    def _schema_lock(self) -> contextlib.AbstractContextManager[None]:
        """One transaction that waits for every other process changing the schema."""
        raise NotImplementedError

    def _column_types(self) -> list[tuple[str, str]]:
        kinds = {"version": "integer", "warcOffset": self.types["INT"], "extractorVersion": "integer"}
        return [(name, kinds.get(name, self.types["TEXT"])) for name in COLUMNS]

    def _recorded_version(self) -> str | None:
        """The ``meta`` value of :data:`SCHEMA_VERSION_KEY` (``None``: not recorded)."""
        if "meta" not in self._schema_names():
            return None
        row = self._run('SELECT "value" FROM meta WHERE "name" = ?', (SCHEMA_VERSION_KEY,)).fetchone()
        return row[0] if row else None

    def _schema_complete(self) -> bool:
        """Whether the store has all of this newscrawl's schema; :class:`StoreRefused` when
        a newer newscrawl wrote it."""
        names = {re.search(r"IF NOT EXISTS (\w+)", statement)[1] for statement in self._schema()}  # type: ignore[index]
        return (
            schema_version(self._recorded_version(), self.path) == SCHEMA_VERSION
            and names <= self._schema_names()
            and {name for name, _ in self._column_types()} <= self._columns("articles")
            and all(column in self._columns(table) for table, column in ADDED_COLUMNS)
        )

    def _complete_schema(self) -> None:
        """Add what the store lacks of the schema (all of it when new; tables and columns of a
        newer newscrawl when older) and record :data:`SCHEMA_VERSION`, in one transaction
        that waits for other processes doing the same. A complete store is only read."""
        if self._schema_complete():
            return
        with self._schema_lock():
            if self._schema_complete():  # another process completed it meanwhile
                return
            self._run(f'CREATE TABLE IF NOT EXISTS articles ("canonicalUrl" {self.types["TEXT"]} PRIMARY KEY NOT NULL)')
            existing = self._columns("articles")
            for name, kind in self._column_types():  # a new store, or one of an older newscrawl
                if name not in existing:
                    self._run(f'ALTER TABLE articles ADD COLUMN "{name}" {kind}')
            for statement in self._schema():
                self._run(statement)
            for table, column in ADDED_COLUMNS:  # tables of an older newscrawl
                if column not in self._columns(table):
                    self._run(f'ALTER TABLE {table} ADD COLUMN "{column}" {self.types["TEXT"]}')
            if self.get_meta(BANDS_THROUGH_KEY) is None:  # an older newscrawl indexed every signature
                last = self._run('SELECT max("id") FROM dedup_signatures').fetchone()[0]
                self.set_meta(BANDS_THROUGH_KEY, str(last or 0))
            self.set_meta(SCHEMA_VERSION_KEY, str(SCHEMA_VERSION))

    def get_meta(self, name: str) -> str | None:
        row = self._run('SELECT "value" FROM meta WHERE "name" = ?', (name,)).fetchone()
        return row[0] if row else None

    def delete_meta(self, name: str) -> None:
        self._run('DELETE FROM meta WHERE "name" = ?', (name,))

    def set_meta(self, name: str, value: str) -> None:
        self._run(
            'INSERT INTO meta VALUES (?, ?) ON CONFLICT ("name") DO UPDATE SET "value" = excluded."value"',
            (name, value),
        )

    # -- articles --------------------------------------------------------------------------

    def find(
        self, canonical_url: str | None = None, *, site: str | None = None, article_id: str | None = None
    ) -> StoredArticle | None:
        """The stored row of an article, by canonical URL or by site + article id."""
        columns = '"canonicalUrl", "contentHash", "version", "dateDownloaded", "dateModified", "firstStoredAt"'
        columns += ', "datePublished"'
        if canonical_url:
            where, args = '"canonicalUrl" = ?', (canonical_url,)
        elif site and article_id:
            where, args = '"site" = ? AND "articleId" = ?', (site, article_id)
        else:
            return None
        row = self._run(f"SELECT {columns} FROM articles WHERE {where} ORDER BY {self.row_id} LIMIT 1", args).fetchone()
        return None if row is None else StoredArticle(row[0], row[1], row[2] or 1, *row[3:])

    def find_by_url(self, key: str) -> StoredArticle | None:
        """The stored article downloaded from or stored under a URL of identity ``key``."""
        row = self._run('SELECT "canonicalUrl" FROM article_urls WHERE "key" = ?', (key,)).fetchone()
        return self.find(row[0]) if row else None

    def save(self, item: Any, archived: tuple[str, int] | None = None) -> str:
        """Insert or update the article; returns ``"inserted"``, ``"updated"`` (content
        changed: the previous text goes to ``article_versions``, ``version`` + 1) or
        ``"refreshed"`` (same content: only download metadata changes). ``archived``: the
        archive file and offset of the response it came from. Where rows can be locked
        (:attr:`for_update`), concurrent saves of one URL take turns."""
        adapter = ItemAdapter(item)
        url = adapter["canonicalUrl"]
        digest = content_hash(adapter.get("headline"), adapter.get("articleBody"))
        stamp = now_iso()
        values = {name: _column_value(name, adapter.get(name)) for name in ARTICLE_FIELDS if name != "version"}
        values.update(contentHash=digest, storedAt=stamp)
        values.update(zip(("warcFile", "warcOffset"), archived or (None, None), strict=True))
        values["extractorVersion"] = EXTRACTOR_VERSION
        self._run_many(
            'INSERT INTO article_urls VALUES (?, ?) ON CONFLICT ("key") DO NOTHING',
            [(key, url) for key in url_keys(adapter)],
        )
        keys = (display_match_key(adapter.get("headline") or ""), display_match_key(adapter.get("articleBody") or ""))
        select = (
            f'SELECT {self.row_id} AS "rowId", "version", "contentHash", "storedAt", "headline", "articleBody", '
            f'"dateModified", "firstStoredAt" FROM articles WHERE "canonicalUrl" = ?{self.for_update}'
        )
        text = [(_q(self.text_index[0]), self.text_index[1])] if self.text_index else []
        text_args = list(keys) if self.text_index else []
        while (stored := next(self._dicts(select, (url,)), None)) is None:
            names = [*map(_q, values), '"version"', '"firstStoredAt"']
            marks = ["?"] * len(names)
            inserted = self._run(
                f"INSERT INTO articles ({', '.join(names + [n for n, _ in text])}) "
                f"VALUES ({', '.join(marks + [m for _, m in text])}) "
                f'ON CONFLICT ("canonicalUrl") DO NOTHING RETURNING {self.row_id}',
                [*values.values(), 1, stamp, *text_args],
            ).fetchall()
            if inserted:
                self._index_text(inserted[0][0], keys)
                return "inserted"
            # Another transaction inserted this URL and committed meanwhile: update its row.
        if stored["contentHash"] == digest:
            self.touch(url, values["url"], values["dateDownloaded"], archived)
            return "refreshed"
        version = stored["version"] or 1
        self._run(
            "INSERT INTO article_versions VALUES (?, ?, ?, ?, ?, ?, ?) "
            'ON CONFLICT ("canonicalUrl", "version") DO UPDATE SET "storedAt" = excluded."storedAt", '
            '"headline" = excluded."headline", "articleBody" = excluded."articleBody", '
            '"dateModified" = excluded."dateModified", "contentHash" = excluded."contentHash"',
            (url, version, stored["storedAt"], stored["headline"], stored["articleBody"],
             stored["dateModified"], stored["contentHash"]),
        )  # fmt: skip
        values.update(version=version + 1, firstStoredAt=stored["firstStoredAt"])
        if not values.get("dateModified"):
            values["dateModified"] = stored["dateModified"]  # keep what an earlier version said
        names = [n for n in values if n != "canonicalUrl"]
        sets = [f"{_q(n)} = ?" for n in names] + [f"{n} = {m}" for n, m in text]
        self._run(
            f"UPDATE articles SET {', '.join(sets)} WHERE {self.row_id} = ?",
            [*(values[n] for n in names), *text_args, stored["rowId"]],
        )
        self._index_text(stored["rowId"], keys, replace=True)
        return "updated"

    def archived(
        self, *, after: str = "", site: str | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """The stored articles that know their archive record, as records with the store's
        ``warcFile`` and ``warcOffset``, by canonical URL from ``after`` on (exclusive):
        what re-extraction reads, resumable from the last one done."""
        where, args = self._archived_where(after, site, since, until)
        query = f'SELECT {_ARTICLE_COLUMNS}, "warcFile", "warcOffset" FROM articles {where} ORDER BY "canonicalUrl"'
        for row in self._stream(query, args):
            yield {**decode_row(row), "warcFile": row["warcFile"], "warcOffset": row["warcOffset"]}

    def count_archived(
        self, *, after: str = "", site: str | None = None, since: str | None = None, until: str | None = None
    ) -> int:
        """How many articles :meth:`archived` gives for the same filters."""
        where, args = self._archived_where(after, site, since, until)
        return int(self._run(f"SELECT count(*) FROM articles {where}", args).fetchone()[0])

    @staticmethod
    def _archived_where(after: str, site: str | None, since: str | None, until: str | None) -> tuple[str, list[Any]]:
        filters = (('"canonicalUrl" > ?', after), ('"site" = ?', site), ('"datePublished" >= ?', since))
        return _where((*filters, _published_until(until)), '"warcFile" IS NOT NULL')

    def rewrite(self, item: Any) -> None:
        """Replace the stored fields of an article whose text is unchanged (re-extraction
        read other metadata from the same page): no new version."""
        adapter = ItemAdapter(item)
        values = {n: _column_value(n, adapter.get(n)) for n in ARTICLE_FIELDS if n not in ("canonicalUrl", "version")}
        values["extractorVersion"] = EXTRACTOR_VERSION
        self._run(
            f'UPDATE articles SET {", ".join(f"{_q(n)} = ?" for n in values)} WHERE "canonicalUrl" = ?',
            [*values.values(), adapter["canonicalUrl"]],
        )

    def touch(
        self, canonical_url: str, url: str | None, date_downloaded: str | None, archived: tuple[str, int] | None = None
    ) -> None:
        """Record a fresh download of unchanged content (the next run compares against it)."""
        self._run(
            'UPDATE articles SET "dateDownloaded" = ?, "url" = ?, "storedAt" = ?, '
            '"warcFile" = coalesce(?, "warcFile"), "warcOffset" = coalesce(?, "warcOffset"), "extractorVersion" = ? '
            'WHERE "canonicalUrl" = ?',
            (date_downloaded, url, now_iso(), *(archived or (None, None)), EXTRACTOR_VERSION, canonical_url),
        )

    def versions(self, canonical_url: str) -> list[dict[str, Any]]:
        """The replaced versions of an article, oldest first."""
        return list(
            self._dicts('SELECT * FROM article_versions WHERE "canonicalUrl" = ? ORDER BY "version"', (canonical_url,))
        )

    def note_page(self, site: str, article_id: str, outcome: str, url: str | None = None) -> None:
        """Remember that this article URL gave no article (``outcome``: the skip reason)."""
        self._run(
            'INSERT INTO pages ("site", "articleId", "outcome", "checkedAt", "url") VALUES (?, ?, ?, ?, ?) '
            'ON CONFLICT ("site", "articleId") DO UPDATE SET "outcome" = excluded."outcome", '
            '"checkedAt" = excluded."checkedAt", "url" = coalesce(excluded."url", pages."url")',
            (site, article_id, outcome, now_iso(), url),
        )

    def page_outcome(self, site: str, article_id: str) -> tuple[str, str] | None:
        """``(outcome, checkedAt)`` of an article URL that gave no article, if recorded."""
        row = self._run(
            'SELECT "outcome", "checkedAt" FROM pages WHERE "site" = ? AND "articleId" = ?', (site, article_id)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def mark_duplicate(self, canonical_url: str, original_url: str) -> None:
        """Record that the stored ``canonical_url`` is a near-duplicate of ``original_url``."""
        self._run('UPDATE articles SET "duplicateOf" = ? WHERE "canonicalUrl" = ?', (original_url, canonical_url))

    # -- reading ---------------------------------------------------------------------------

    def articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        site: str | None = None,
        section: str | None = None,
        language: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stored articles as records (the latest version of each), oldest publication first
        (undated ones first), then by canonical URL: the same order in any store that holds
        the same articles. ``since``/``until``: ISO dates or times, both included (``until``
        ``2025-11-30`` takes that whole day)."""
        where, args = _where((
            ('"datePublished" >= ?', since),
            _published_until(until),
            ('"site" = ?', site),
            ('"section" = ?', section),
            ('"inLanguage" = ?', language),
        ))  # fmt: skip
        query = f'SELECT {_ARTICLE_COLUMNS} FROM articles {where} ORDER BY "datePublished" NULLS FIRST, "canonicalUrl"'
        return (decode_row(row) for row in self._stream(query, args))

    def pages(
        self, *, reason: str | None = None, since: str | None = None
    ) -> list[tuple[str, str, str, str, str | None]]:
        """``(site, articleId, outcome, checkedAt, url)`` of the article URLs that gave no
        article (``articleId``: the site's id, or the URL's identity key; ``url``: as
        downloaded, unknown for pages an older newscrawl noted), newest check first."""
        where, args = _where((('"outcome" = ?', reason), ('"checkedAt" >= ?', since)))
        columns = '"site", "articleId", "outcome", "checkedAt", "url"'
        query = f'SELECT {columns} FROM pages {where} ORDER BY "checkedAt" DESC, 1, 2'
        return [tuple(row) for row in self._run(query, args).fetchall()]

    def texts_since(self, since: str) -> Iterator[tuple[str, str | None, str, str | None, str | None]]:
        """``(canonicalUrl, datePublished, storedAt, headline, articleBody)`` of the articles
        published (or, undated, stored) since ``since``, read in chunks, not all at once."""
        last = 0
        while True:
            rows = self._run(
                f'SELECT {self.row_id}, "canonicalUrl", "datePublished", "storedAt", "headline", "articleBody" '
                f'FROM articles WHERE {self.row_id} > ? AND coalesce("datePublished", "storedAt") >= ? '
                f"ORDER BY {self.row_id} LIMIT 500",
                (last, since),
            ).fetchall()
            if not rows:
                return
            yield from (row[1:] for row in rows)
            last = rows[-1][0]

    def latest(self, limit: int = 25, *, site: str | None = None) -> list[dict[str, Any]]:
        """The most recently published stored articles (of ``site``), newest first."""
        where, args = _where((('"site" = ?', site),))
        order = f'"datePublished" DESC NULLS LAST, {self.row_id} DESC'
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles {where} ORDER BY {order} LIMIT ?"
        return [decode_row(row) for row in self._dicts(query, (*args, limit))]

    def sites(self) -> list[tuple[str, int, str | None]]:
        """``(site, articles, latest datePublished)`` of each site the store holds, by site."""
        query = 'SELECT "site", count(*), max("datePublished") FROM articles GROUP BY "site" ORDER BY "site"'
        return [(site or "", count, latest) for site, count, latest in self._run(query).fetchall()]

    def published_since(self, since: str, *, site: str | None = None) -> list[tuple[str, str]]:
        """``(site, datePublished)`` of the articles published on or after the day ``since``
        (``YYYY-MM-DD``; compared as text, so a time in another offset near midnight may fall
        either side: read a day more than you need), in no order."""
        where, args = _where((('"site" = ?', site),), '"datePublished" >= ?')
        query = f'SELECT "site", "datePublished" FROM articles {where}'
        return [(row[0] or "", row[1]) for row in self._run(query, (since, *args)).fetchall()]

    def counts(self, by: str) -> list[tuple[str | None, int]]:
        """Article counts per ``day`` (of ``datePublished``), ``section`` or ``site``."""
        expression = {"day": 'substr("datePublished", 1, 10)', "section": '"section"', "site": '"site"'}[by]
        return self._run(
            f"SELECT {expression} AS k, count(*) FROM articles GROUP BY k ORDER BY k NULLS FIRST"
        ).fetchall()

    # -- crawl runs ------------------------------------------------------------------------

    def record_run(
        self,
        spider: str,
        started: str | None,
        finished: str,
        reason: str,
        stats: dict[str, Any],
        sites: dict[str, Any] | None = None,
    ) -> None:
        """Keep a crawl's close reason, stats and each site's outcome (for the report)."""
        self._run(
            'INSERT INTO crawl_runs ("spider", "started", "finished", "reason", "stats", "sites") '
            "VALUES (?, ?, ?, ?, ?, ?)",
            (spider, started, finished, reason, _json(stats), _json(sites or {})),
        )

    def last_complete_run(self, spider: str) -> str | None:
        """When the latest crawl of ``spider`` that ran to its end finished (closed at idle,
        not cut short by ``max_articles``, a kill or a signal); ``None`` when none did."""
        rows = self._run(
            'SELECT "finished", "stats" FROM crawl_runs WHERE "spider" = ? '
            "AND \"reason\" IN ('finished', 'health_check_failed') ORDER BY \"id\" DESC",
            (spider,),
        )
        for finished, stats in rows:
            if "newscrawl/skip/max_articles" not in json.loads(stats or "{}"):
                return finished
        return None

    def runs(self, *, since: str | None = None) -> list[dict[str, Any]]:
        """The recorded crawls, oldest first (``since``: finished then or later): spider,
        started, finished, reason, stats and ``sites`` (each site's outcome; ``{}`` for a
        crawl an older newscrawl recorded)."""
        where, args = _where((('"finished" >= ?', since),))
        query = (
            f'SELECT "spider", "started", "finished", "reason", "stats", "sites" FROM crawl_runs {where} ORDER BY "id"'
        )
        return [
            {"spider": a, "started": b, "finished": c, "reason": d, "stats": json.loads(e or "{}"),
             "sites": json.loads(f or "{}")}
            for a, b, c, d, e, f in self._run(query, args).fetchall()
        ]  # fmt: skip

    # -- dedup index -----------------------------------------------------------------------

    def exact_owner(self, digest: str) -> str | None:
        row = self._run('SELECT "canonicalUrl" FROM dedup_exact WHERE "hash" = ?', (digest,)).fetchone()
        return row[0] if row else None

    def add_exact(self, digest: str, canonical_url: str) -> None:
        self._run("INSERT INTO dedup_exact VALUES (?, ?) ON CONFLICT DO NOTHING", (digest, canonical_url))

    def near_candidates(self, keys: Iterable[int], exclude_url: str | None = None) -> list[Candidate]:
        """The stored signatures that share a band key with ``keys`` (in the band index, or
        held in memory: those other processes stored since are read first)."""
        keys = list(keys)
        if not keys:
            return []
        held = self._recent_bands().docs(keys) if self.band_batch else []
        also = f' OR s."id" IN ({", ".join("?" * len(held))})' if held else ""
        rows = self._run(
            'SELECT s."id", s."canonicalUrl", s."datePublished", s."signature" FROM dedup_signatures s WHERE s."id" IN '
            f'(SELECT "doc" FROM dedup_bands WHERE "key" IN ({", ".join("?" * len(keys))})){also} ORDER BY s."id"',
            [*keys, *held],
        ).fetchall()
        return [Candidate(doc, url, published, bytes(sig)) for doc, url, published, sig in rows if url != exclude_url]

    def _recent_bands(self) -> RecentBands:
        """The band keys held in memory, brought up to date with the store when another
        connection wrote since the last look: those the band index holds now are forgotten,
        and those of the signatures stored since (by any process) are derived from them."""
        if self._recent is not None and not self._written_by_others():
            return self._recent
        through = int(self.get_meta(BANDS_THROUGH_KEY) or 0)
        recent = self._recent if self._recent is not None and through >= self._recent.through else RecentBands()
        recent.drop_through(through)
        query = 'SELECT "id", "signature" FROM dedup_signatures WHERE "id" >= ? ORDER BY "id"'
        rows = self._run(query, (max(recent.seen, 1),)).fetchall()
        if recent.seen > through and (not rows or rows[0][0] != recent.seen):
            # The highest id read is gone (the index was emptied): read all again.
            recent = RecentBands()
            recent.drop_through(through)
            rows = self._run(query, (through + 1,)).fetchall()
        self._recent = recent
        for doc, signature in rows:
            signature = bytes(signature)
            if doc > recent.through and (doc > recent.seen or signature != recent.seen_signature):
                recent.add(doc, band_keys(from_bytes(signature)), signature)
        return recent

    def _written_by_others(self) -> bool:
        """Whether another connection may have written the store since this was last asked
        (a dialect that cannot tell: always)."""
        return True

    def _write_bands(self) -> None:
        """Write the band keys held in memory to the band index (sorted: each page is
        touched once) and record how far it is whole, in the open transaction."""
        recent = self._recent_bands()
        stored = self._run('SELECT "id" FROM dedup_signatures WHERE "id" > ?', (recent.through,)).fetchall()
        recent.retain({doc for (doc,) in stored})  # not those replaced since they were read
        self._run_many("INSERT INTO dedup_bands VALUES (?, ?) ON CONFLICT DO NOTHING", recent.rows())
        self.set_meta(BANDS_THROUGH_KEY, str(recent.seen))
        recent.drop_through(recent.seen)

    def add_signature(
        self, canonical_url: str, date_published: str | None, signature: bytes, keys: Iterable[int], epoch: float
    ) -> None:
        insert = (
            'INSERT INTO dedup_signatures ("canonicalUrl", "datePublished", "epoch", "signature") VALUES (?, ?, ?, ?) '
            'ON CONFLICT ("canonicalUrl") DO NOTHING RETURNING "id"'
        )
        while not (row := self._run(insert, (canonical_url, date_published, epoch, signature)).fetchall()):
            # Re-indexing an article: replace its signature and bands.
            old = self._run('SELECT "id" FROM dedup_signatures WHERE "canonicalUrl" = ?', (canonical_url,)).fetchone()
            if old is not None:  # (else another transaction deleted it meanwhile)
                self._run('DELETE FROM dedup_bands WHERE "doc" = ?', old)
                self._run('DELETE FROM dedup_signatures WHERE "id" = ?', old)
                if self._recent is not None:
                    self._recent.discard(old[0])
        doc, keys = row[0][0], tuple(set(keys))
        if self.band_batch and doc > (recent := self._recent_bands()).through:
            # (SQLite gives a deleted id again only when it was the highest: a signature
            # pruned or replaced after the band index was written past it is written as before.)
            recent.add(doc, keys, signature)
            if len(recent) >= self.band_batch:
                self._write_bands()
            return
        self._run_many("INSERT INTO dedup_bands VALUES (?, ?) ON CONFLICT DO NOTHING", [(k, doc) for k in keys])

    def signature_scheme(self) -> str | None:
        """The MinHash scheme the stored signatures were made with (None: not recorded)."""
        return self.get_meta("signature_scheme")

    def reset_signatures(self, scheme: str) -> int:
        """Forget every near-duplicate signature (they were made with another scheme) and
        record ``scheme`` as the one new signatures use; returns how many were forgotten."""
        self._run("DELETE FROM dedup_bands")
        forgotten = self._run("DELETE FROM dedup_signatures").rowcount
        self.set_meta("signature_scheme", scheme)
        self.set_meta(BANDS_THROUGH_KEY, "0")
        self._recent = None
        return forgotten

    def prune_signatures(self, older_than: float) -> int:
        """Forget near-duplicate signatures whose epoch (publication, else when the article
        was stored) is before ``older_than`` (Unix seconds); exact hashes are kept for good."""
        old = 'SELECT "id" FROM dedup_signatures WHERE "epoch" < ?'
        if self._run(f"{old} LIMIT 1", (older_than,)).fetchone() is None:
            return 0  # no write: no write lock taken
        if self.band_batch:
            self._write_bands()  # none held: ids given again after the deletes are written as before
        self._run(f'DELETE FROM dedup_bands WHERE "doc" IN ({old})', (older_than,))
        return self._run('DELETE FROM dedup_signatures WHERE "epoch" < ?', (older_than,)).rowcount

    # -- feed deliveries -------------------------------------------------------------------

    @contextlib.contextmanager
    def outside_items(self) -> Iterator[None]:
        """Writes made outside an item's transaction (a feed delivery, a page that gave no
        article): committed at once when they began the transaction and the store commits
        each item (:attr:`one_item_per_transaction`: other processes write it too), rather
        than hold its locks until the store pipeline's next commit."""
        began = not self.in_transaction
        yield
        if began and self.one_item_per_transaction:
            self.commit()

    def feed_state(self, feed: str) -> tuple[str, int] | None:
        """``(since, offset)`` of a feed this store keeps deliveries of, or ``None``."""
        row = self._run('SELECT "since", "offset" FROM feeds WHERE "feed" = ?', (feed,)).fetchone()
        return (row[0], int(row[1])) if row else None

    def start_feed(self, feed: str, since: str) -> None:
        """Keep deliveries of ``feed`` from ``since`` on, forgetting earlier ones (a new or
        overwritten feed file)."""
        self._run('DELETE FROM feed_deliveries WHERE "feed" = ?', (feed,))
        self._run('DELETE FROM feed_owed WHERE "feed" = ?', (feed,))
        self._run(
            'INSERT INTO feeds VALUES (?, ?, 0) ON CONFLICT ("feed") '
            'DO UPDATE SET "since" = excluded."since", "offset" = 0',
            (feed, since),
        )

    def mark_fed(self, feed: str, canonical_url: str, digest: str, offset: int | None = None) -> None:
        """``feed`` received this version of the article (and was ``offset`` bytes long after it)."""
        self._run("INSERT INTO feed_deliveries VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (feed, canonical_url, digest))
        if offset is not None:
            self.note_feed_size(feed, offset)

    def owe(self, feeds: Iterable[str], canonical_url: str, digest: str) -> None:
        """These feeds are to receive this article version (it was stored for them)."""
        self._run_many(
            "INSERT INTO feed_owed VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(feed, canonical_url, digest) for feed in feeds],
        )

    def owed(self, feed: str) -> list[dict[str, Any]]:
        """The article versions stored for ``feed`` (:meth:`owe`) that it did not receive and
        that are still the stored version, in the order they were stored."""
        query = (
            f'SELECT {_A_COLUMNS} FROM articles a JOIN feed_owed o ON o."feed" = ? '
            f'AND o."canonicalUrl" = a."canonicalUrl" AND o."contentHash" = a."contentHash" WHERE {_NOT_FED} '
            'ORDER BY a."storedAt", a."canonicalUrl"'
        )
        return [decode_row(row) for row in self._dicts(query, (feed, feed))]

    def note_feed_size(self, feed: str, offset: int) -> None:
        """The feed's size after its last marked delivery."""
        self._run('UPDATE feeds SET "offset" = ? WHERE "feed" = ?', (offset, feed))

    def unfed(self, feed: str, sites: Iterable[str], since: str) -> list[dict[str, Any]]:
        """Article versions of ``sites`` stored since ``since`` that ``feed`` did not receive,
        in the order they were stored — not the original of a story whose copy it received
        (drop mode stores a later-arriving original without feeding it)."""
        sites = sorted(set(sites))
        if not sites:
            return []
        query = (
            f'SELECT {_A_COLUMNS} FROM articles a WHERE a."storedAt" >= ? '
            f'AND a."site" IN ({", ".join("?" * len(sites))}) AND {_NOT_FED} '
            'AND NOT EXISTS (SELECT 1 FROM articles c JOIN feed_deliveries e ON e."canonicalUrl" = c."canonicalUrl" '
            'AND e."feed" = ? WHERE c."duplicateOf" = a."canonicalUrl") '
            'ORDER BY a."storedAt", a."canonicalUrl"'
        )
        return [decode_row(row) for row in self._dicts(query, (since, *sites, feed, feed))]
