"""A psycopg 3 connection that speaks the store's portable SQL: `?` and `:name` placeholders, rows
read by position or by column name (as `sqlite3.Row`), story JSON given back as text.

Connections come from one pool per server URL and process, so a web server opening the store for
each request reuses its connections instead of logging in again.
"""

from __future__ import annotations

import atexit
import re
import threading
from collections.abc import Iterable, Sequence
from contextlib import suppress
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.rows import RowMaker
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool

from storyfuse.store.sql import Cursor

POOL_SIZE = 8  # connections one process keeps to one server: a web server's concurrent requests

# A string literal, a quoted identifier, a `::` cast, a `?` or a `:name` placeholder, or a `%`.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|\?|:([A-Za-z_]\w*)|%")


def translate(sql: str) -> str:
    """The portable SQL's placeholders in psycopg's style (`%s`, `%(name)s`; a literal % doubled)."""

    def token(match: re.Match[str]) -> str:
        text = match.group(0)
        if text == "?":
            return "%s"
        if text == "%":
            return "%%"
        if match.group(1):
            return f"%({match.group(1)})s"
        if text.startswith("'"):  # psycopg reads placeholders inside literals too
            return text.replace("%", "%%")
        return text

    return _TOKEN.sub(token, sql)


class Row(tuple[Any, ...]):
    """A row read by position or by column name, as `sqlite3.Row`."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _rows(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    names = {c.name: i for i, c in enumerate(cursor.description or [])}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row.names = names
        return row

    return make


def _configure(conn: psycopg.Connection[Any]) -> None:
    # json/jsonb as text: the shared code parses story JSON itself, as it does SQLite's
    conn.adapters.register_loader("jsonb", TextLoader)
    conn.adapters.register_loader("json", TextLoader)
    # psycopg prepares a statement run five times, and the server may then plan it once for any
    # parameters: a search planned so walks every article backwards for a word none holds (222 ms
    # against 1 ms at 100k articles), a filter reads every story's entities. Plan each run for its values.
    conn.execute("SET plan_cache_mode = force_custom_plan")


class PgConnection:
    """The store's view of one pooled psycopg connection (autocommit outside `transaction()`)."""

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool
        self.raw: psycopg.Connection[Any] = pool.getconn()
        self.raw.row_factory = _rows

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        return self.raw.execute(translate(sql), _params(parameters))

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> None:
        rows = [_params(p) for p in parameters]
        if rows:  # one pipelined round of statements, not one round trip each
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)

    def close(self) -> None:
        with suppress(psycopg.Error):  # a connection the server dropped: the pool discards it
            if self.in_transaction:
                self.raw.rollback()
        self.raw.row_factory = psycopg.rows.tuple_row
        self.pool.putconn(self.raw)


def _params(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {k: _value(v) for k, v in parameters.items()}
    return tuple(_value(v) for v in parameters)


def _value(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL, which SQLite keeps: U+FFFD stands in for it, in what is written
    and what is looked up (a key with NUL matches nothing, as no stored key holds one)."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value


_pools: dict[str, ConnectionPool[Any]] = {}
_pools_lock = threading.Lock()


def pool_for(url: str) -> ConnectionPool[Any]:
    """This process's pool of connections to the server at `url` (made on first use)."""
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            pool = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                kwargs={"autocommit": True},
                configure=_configure,
                open=False,
            )
            pool.open(wait=True, timeout=10)
            _pools[url] = pool
        return pool


@atexit.register
def _close_pools() -> None:
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
        _pools.clear()


def display_url(url: str) -> str:
    """The URL as messages show it: without a password."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


def close_pool(url: str) -> None:
    """Close this process's connections to `url` (before its database is dropped, say)."""
    with _pools_lock:
        pool = _pools.pop(url, None)
    if pool is not None:
        pool.close()
