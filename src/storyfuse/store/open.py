"""`open_store(url)`: the store a `--db` or `STORYFUSE_DB` names, whichever backend holds it.

A path or `sqlite:///path` is an SQLite file (the default: nothing to start); `postgresql://…` is a
PostgreSQL database (the `postgres` extra). Writers take the store's write lock with `write_lock`,
a `flock` beside an SQLite file or an advisory lock on the server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from storyfuse.errors import StoreError
from storyfuse.store.database import Store

SQLITE_SCHEME = "sqlite:///"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_postgres(url: str | Path) -> bool:
    return isinstance(url, str) and url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str | Path) -> Path:
    """The file an SQLite store's path or URL names (sqlite:///rel.db, sqlite:////abs.db)."""
    text = str(url)
    if text.startswith(SQLITE_SCHEME):
        return Path(text[len(SQLITE_SCHEME) :])
    if _SCHEME.match(text) and not is_postgres(text):
        raise StoreError(f"{text}: not a store address (a path, sqlite:///PATH or postgresql://…)")
    return Path(text)


def open_store(url: str | Path, *, readonly: bool = False) -> Store:
    """The store at `url`: an SQLite file (a path or sqlite:///PATH) or a PostgreSQL database."""
    if is_postgres(url):
        return _postgres_store(str(url), readonly)
    return Store(sqlite_path(url), readonly=readonly)


def write_lock(url: str | Path, on_wait: Callable[[str], None] | None = None) -> AbstractContextManager[None]:
    """The store's write lock, held by a writing command for its whole run (store/lock.py)."""
    if is_postgres(url):
        from storyfuse.store.postgres.lock import write_lock as server_lock

        return server_lock(str(url), on_wait)
    from storyfuse.store.lock import write_lock as file_lock

    return file_lock(sqlite_path(url), on_wait)


def describe(url: str | Path) -> str:
    """The store as messages name it (a server URL without its password)."""
    if is_postgres(url):
        from storyfuse.store.postgres.connection import display_url

        return display_url(str(url))
    return str(sqlite_path(url))


def _postgres_store(url: str, readonly: bool) -> Store:
    try:
        from storyfuse.store.postgres.database import PostgresStore
    except ImportError:
        raise StoreError(
            f"{describe(url)}: a PostgreSQL store needs the postgres extra: pip install 'storyfuse[postgres]'"
        ) from None
    return PostgresStore(url, readonly=readonly)


def store_error_line(exc: BaseException) -> str | None:
    """One line for a database error that a store raised under a command (a full disk, a damaged
    file, a lost server); None when `exc` is no such error."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from storyfuse.store.database import store_error_text

        return store_error_text(exc)
    try:
        import psycopg
    except ImportError:
        return None
    if isinstance(exc, psycopg.Error):
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"the PostgreSQL store failed: {first}"
    return None
