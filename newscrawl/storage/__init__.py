"""Storage: where articles, their versions, the dedup index and crawl runs are kept.

:class:`~newscrawl.storage.base.Store` is what the rest of newscrawl types against; its
dialects are :class:`~newscrawl.storage.sqlite.SQLiteStore` (one file,
``NEWSCRAWL_SQLITE_PATH``) and :class:`~newscrawl.storage.postgres.PgStore` (a server several
crawl processes share, ``NEWSCRAWL_POSTGRES_DSN``). :func:`open_store` picks one from the
settings; a crawl reaches its one connection through
:func:`newscrawl.extensions.store.shared_store`.
"""

from __future__ import annotations

from typing import Any

from newscrawl.config import setting
from newscrawl.storage.base import Store, StoreRefused

__all__ = ["Store", "StoreRefused", "open_store", "store_configured"]


def store_configured(settings: Any) -> bool:
    """Whether the crawl has a store: a PostgreSQL DSN or a non-empty SQLite path."""
    return bool(setting(settings, "NEWSCRAWL_POSTGRES_DSN") or setting(settings, "NEWSCRAWL_SQLITE_PATH"))


def open_store(settings: Any) -> Store | None:
    """A new connection to the configured store: PostgreSQL when ``NEWSCRAWL_POSTGRES_DSN``
    is set, else the SQLite file at ``NEWSCRAWL_SQLITE_PATH`` (shared with other workers
    when ``NEWSCRAWL_REDIS_URL`` is set); ``None`` when neither is. The caller closes it."""
    if dsn := setting(settings, "NEWSCRAWL_POSTGRES_DSN"):
        from newscrawl.storage.postgres import PgStore  # psycopg is only needed for PostgreSQL

        return PgStore(dsn)
    if path := setting(settings, "NEWSCRAWL_SQLITE_PATH"):
        from newscrawl.storage.sqlite import SQLiteStore

        return SQLiteStore(
            path,
            timeout=setting(settings, "NEWSCRAWL_SQLITE_BUSY_TIMEOUT"),
            shared=bool(setting(settings, "NEWSCRAWL_REDIS_URL")),
        )
    return None
