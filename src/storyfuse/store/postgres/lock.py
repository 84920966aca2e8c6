"""The write lock of a PostgreSQL store: a session advisory lock, with `store/lock.py`'s semantics.

A writing command other than ingest (synthesise, check --repair, copy, an edit) holds it for its
whole run, on a connection of its own, so its reads and the writes it makes from them are never
interleaved with another writer's; a second writer, on this machine or another, waits for it and says
so once. An ingest takes it for each of its writing turns only (`PostgresStore.writing_turn`: a batch
linked and stored, the regroup, a story written), as a transaction lock, so two ingests prepare their
articles side by side and link in turn. Readers never take it. The server releases the lock when the
session (or the turn's transaction) ends, however the writer ends (a SIGKILL closes its socket), so a
killed writer leaves nothing to clean up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from storyfuse.errors import StoreError
from storyfuse.store.postgres.connection import display_url

# The advisory lock key ("SFUS", as SQLite's application_id): one store per database.
WRITE_LOCK_KEY = 0x53465553

# Stores (by URL) whose whole-run lock this process holds: its writing turns then take no lock of their
# own, which would wait for that session's lock for ever (the turn's transaction is on another one).
_HELD: Counter[str] = Counter()


def holds_write_lock(url: str) -> bool:
    return _HELD[url] > 0


@contextmanager
def write_lock(url: str, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's write lock while the block runs; wait for another writer first, calling
    `on_wait` once with a line saying so."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"{display_url(url)}: cannot connect ({_first_line(exc)})") from None
    try:
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITE_LOCK_KEY,)).fetchone()
        if not (got and got[0]):
            if on_wait is not None:
                on_wait(f"waiting for another writer of {display_url(url)} to finish")
            conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))  # Ctrl-C cancels the wait
        _HELD[url] += 1
        try:
            yield
        finally:
            _HELD[url] -= 1
    finally:
        conn.close()  # ends the session, and the lock with it


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
