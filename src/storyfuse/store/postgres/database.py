"""The PostgreSQL store: the same tables, SQL and behaviour as the SQLite store, on a server that
several writers and readers share.

`PostgresStore` is `Store` over a pooled psycopg connection (`connection.PgConnection`); it replaces
only what SQLite does its own way: opening and the schema, transactions and snapshots, full-text
search (tsvector/GIN, `ts_rank`, snippets cut in Python for FTS5's `snippet`) and reading the JSON of
stories (jsonb) for the integrity check.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from storyfuse.errors import StoreError
from storyfuse.store.database import SEARCH_WINDOW, SearchHit, Store
from storyfuse.store.postgres.connection import PgConnection, display_url, pool_for
from storyfuse.store.postgres.lock import WRITE_LOCK_KEY, holds_write_lock
from storyfuse.store.postgres.schema import (
    APPLICATION,
    DIACRITICS,
    FOLDED,
    MIGRATIONS,
    SCHEMA_VERSION,
    SEARCH_CONFIG,
)

COPY_BATCH = 2000  # rows a copy reads and writes at a time
MIGRATION_LOCK_KEY = 0x53465554  # two writers opening a new store: one creates its tables

_NOT_A_STORE = "a PostgreSQL database, but not a storyfuse store; left untouched"


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


# The first key of a claim's advisory lock ("SFCL"); the second is a hash of its name. Two names whose
# hashes meet share a claim, which only makes one writer wait for the other to finish one of them.
CLAIM_KEY = 0x5346434C


def _claim_key(name: str) -> int:
    """A claim's name as a signed 32-bit advisory lock key."""
    return zlib.crc32(name.encode("utf-8")) - (1 << 31)


class PostgresStore(Store):
    """A storyfuse store in a PostgreSQL database. Refuses databases that hold other tables and stores
    of a newer schema, as the SQLite store refuses files."""

    db: PgConnection

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.url = url
        self.label = display_url(url)
        self.path = Path(self.label)
        self.readonly = readonly
        self._claimed: set[str] = set()  # the names of the claims this store's session holds
        try:
            self.db = PgConnection(_pool(url, self.label))
        except psycopg.Error as exc:
            raise StoreError(self.error_text(exc)) from None
        try:
            self.db.execute(f"SET default_transaction_read_only = {'on' if readonly else 'off'}")
            version = self._check_schema_version()
            if not readonly and version < SCHEMA_VERSION:
                self._migrate_to_latest()
        except psycopg.Error as exc:
            self.db.close()
            raise StoreError(self.error_text(exc)) from None
        except BaseException:
            self.db.close()
            raise

    def error_text(self, exc: psycopg.Error) -> str:
        """One line for a server error on this store: where, and what went wrong."""
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
            return f"{self.label}: the store is opened read-only ({first})"
        if isinstance(exc, psycopg.errors.InsufficientPrivilege):
            return f"{self.label}: this server user may not do that ({first})"
        if isinstance(exc, psycopg.errors.DiskFull):
            return f"{self.label}: the server's disk is full; what was committed is kept ({first})"
        if isinstance(exc, psycopg.OperationalError):
            return f"{self.label}: cannot reach the store's server ({first})"
        return f"{self.label}: store error ({first})"

    # --- opening -------------------------------------------------------------

    def _check_schema_version(self, locked: bool = False) -> int:
        """The store's schema version (0: an empty database); refuses what `Store._check_schema` does.
        `locked`: called holding the migration lock, so no other writer is making the store."""
        # Both counts from one snapshot of the catalog, by a query, not `to_regclass`: that looks the
        # name up in the session's catalog cache, which waiting on an advisory lock does not refresh,
        # so a writer that waited while another made the store still saw no meta table beside its tables.
        tables, meta_tables = self.db.execute(
            "SELECT count(*), count(*) FILTER (WHERE table_name = 'storyfuse_meta') "
            "FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()
        if not meta_tables:
            if tables and not locked:
                # another writer may have made the store between the two reads: ask again once it is done
                with self.transaction():
                    self.db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK_KEY,))
                    return self._check_schema_version(locked=True)
            if tables:
                raise StoreError(f"{self.label}: {_NOT_A_STORE}")
            if self.readonly:
                raise StoreError(f"{self.label}: no store here yet (run `storyfuse ingest` first)")
            return 0
        meta = dict(self.db.execute("SELECT key, value FROM storyfuse_meta").fetchall())
        if meta.get("application") != APPLICATION:
            raise StoreError(f"{self.label}: {_NOT_A_STORE}")
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.label}: store has schema {version}, newer than this storyfuse reads "
                f"({SCHEMA_VERSION}); upgrade storyfuse. Left untouched"
            )
        if self.readonly and version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.label}: store needs migrating; run `storyfuse ingest` once to upgrade it"
            )
        return version

    def _migrate_to_latest(self) -> None:
        with self.transaction():
            # one writer migrates; another waits here, then finds the store at the latest version
            self.db.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK_KEY,))
            version = self._check_schema_version(locked=True)
            for target in range(version + 1, SCHEMA_VERSION + 1):
                self.db.raw.execute(MIGRATIONS[target - 1])  # a script of statements, no parameters
                self.db.execute(
                    "INSERT INTO storyfuse_meta(key, value) VALUES ('application', ?), ('schema_version', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (APPLICATION, str(target)),
                )

    def quick_check(self) -> None:
        """The server keeps its pages checksummed and recovers from crashes itself: nothing to check."""

    def close(self) -> None:
        with suppress(psycopg.Error):  # else a broken session: the server has dropped its claims
            for name in list(self._claimed):  # the session outlives this store in the pool
                self.release(name)
        self.db.close()

    def claim(self, name: str, *, wait: bool = False) -> bool:
        """A session advisory lock on the name (as `Store.claim`): two ingests that analyse articles and
        synthesise stories side by side would otherwise go through the same work in the same order and
        do each piece twice. The server drops the claims of a writer that dies with its session."""
        if name in self._claimed:
            return True
        key = (CLAIM_KEY, _claim_key(name))
        if wait:
            self.db.execute("SELECT pg_advisory_lock(?, ?)", key)
        else:
            row = self.db.execute("SELECT pg_try_advisory_lock(?, ?)", key).fetchone()
            if not (row and row[0]):
                return False
        self._claimed.add(name)
        return True

    def release(self, name: str) -> None:
        if name in self._claimed:
            self._claimed.discard(name)
            self.db.execute("SELECT pg_advisory_unlock(?, ?)", (CLAIM_KEY, _claim_key(name)))

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A repeatable-read, read-only transaction: the block's reads see one state of the store."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self.db.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN … COMMIT; rolls back on any exception, including KeyboardInterrupt."""
        if self.db.in_transaction:  # nested use joins the outer transaction
            yield
            return
        with self.db.raw.transaction():
            yield

    @contextmanager
    def writing_turn(self) -> Iterator[None]:
        """A transaction holding the store's write lock (postgres/lock.py) until it ends: writers on any
        machine take their turns one at a time, and each turn's reads, made after the lock is granted,
        see everything the turns before committed. A process that holds the whole-run lock already
        takes none (nested turns join the outer transaction and its lock)."""
        with self.transaction():
            if not holds_write_lock(self.url):
                self.db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))  # reentrant
            yield

    # --- reading story JSON ----------------------------------------------------

    def written_members(self) -> dict[str, set[str] | None]:
        """Story id -> the article ids its JSON lists, of each story marked synthesised (None: no JSON)."""
        written: dict[str, set[str] | None] = {
            r[0]: (set() if r[1] else None)
            for r in self.db.execute("SELECT id, json IS NOT NULL FROM stories WHERE dirty = 0")
        }
        for story_id, article_id in self.db.execute(
            "SELECT s.id, j.value ->> 'id' FROM stories s, jsonb_array_elements("
            + _array("s.json -> 'articles'")
            + ") j WHERE s.dirty = 0 AND s.json IS NOT NULL"
        ):
            members = written[story_id]
            if members is not None:
                members.add(article_id)
        return written

    # --- copying a whole store (store/copy.py) ------------------------------------------------

    def table_columns(self) -> dict[str, list[str]]:
        """The store's tables and their columns, generated columns (the search vectors) left out."""
        found: dict[str, list[str]] = {}
        for table, column in self.db.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_generated = 'NEVER' "
            "AND table_name != 'storyfuse_meta' ORDER BY table_name, ordinal_position"
        ):
            found.setdefault(table, []).append(column)
        return found

    def read_rows(self, table: str, columns: Sequence[str]) -> Iterator[tuple[object, ...]]:
        """Every row of a table through a server-side cursor, so a large table is never held whole."""
        order = " ORDER BY seq" if "seq" in columns else ""
        with self.db.raw.cursor(name=f"copy_{table}") as cursor:
            cursor.itersize = COPY_BATCH
            cursor.execute(f"SELECT {_names(columns)} FROM {table}{order}")
            yield from (tuple(r) for r in cursor)

    def write_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Insert rows as they were read from another store, identity columns (sequence numbers) kept."""
        marks = ", ".join("?" * len(columns))
        self.db.executemany(
            f"INSERT INTO {table}({_names(columns)}) OVERRIDING SYSTEM VALUE VALUES ({marks})", rows
        )

    def after_copy(self) -> None:
        """Identity columns continue after the largest value copied in, and the planner learns what
        was copied (without statistics it guesses how many rows match a search word, and the ranked
        search's plan depends on it)."""
        for table, column in self.db.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ).fetchall():
            self.db.execute(
                f"SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max({column}), 0) + 1, false) "
                f"FROM {table}",
                (table, column),
            )
        self.db.execute("ANALYZE")

    # --- search ----------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over story headlines/summaries and article titles/texts: every word of the
        query, matched whole, without stemming or diacritics (as FTS5's unicode61), best first. Only
        the page's rows are read whole, and their snippets are cut here (`snippet`): `ts_headline`
        parsed each text again on the server, a third of a search's time at 100k articles."""
        terms = " ".join(re.findall(r"\w+", query))
        if not terms:
            return []
        words = _words(terms)
        hits: list[SearchHit] = []
        window = max(SEARCH_WINDOW, limit)
        rows = self.db.execute(
            f"SELECT t.story_id, t.headline, t.summary FROM ({_best_matches('stories_fts')}) f "
            "JOIN stories_fts t ON t.seq = f.seq ORDER BY f.r DESC, f.story_id",
            (terms, window, limit),
        ).fetchall()
        for story_id, headline, summary in rows:
            hits.append(SearchHit("story", story_id, headline, snippet(summary, words), story_id))
        rows = self.db.execute(
            "SELECT t.article_id, t.title, t.text, (SELECT s.story_id FROM story_articles s "
            f"WHERE s.article_id = t.article_id) FROM ({_best_matches('articles_fts')}) f "
            "JOIN articles_fts t ON t.seq = f.seq ORDER BY f.r DESC, f.article_id",
            (terms, window, limit),
        ).fetchall()
        for article_id, title, text, story_id in rows:
            hits.append(SearchHit("article", article_id, title or "", snippet(text, words), story_id))
        return hits


_QUERY = f"plainto_tsquery('{SEARCH_CONFIG}', storyfuse_fold(?)) q"
_ID = {"stories_fts": "story_id", "articles_fts": "article_id"}


def _best_matches(table: str) -> str:
    """The best ranked (`ts_rank`) of the SEARCH_WINDOW most recent rows of a search table matching
    the query (parameters: the words, the window, the page's size), as their `seq`, id and rank `r`:
    what a search ranks, as SQLite's does. A common word walks the table's `seq` index backwards and
    stops; a rare one is found by GIN. Only the vectors are read, not the texts."""
    key = _ID[table]
    return (
        f"SELECT w.seq, w.{key}, ts_rank(w.tsv, w.q) AS r FROM (SELECT seq, {key}, tsv, q "
        f"FROM {table}, {_QUERY} WHERE tsv @@ q ORDER BY seq DESC LIMIT ?) w "
        f"ORDER BY r DESC, w.{key} LIMIT ?"
    )


SNIPPET_WORDS = 12  # as FTS5's snippet(…, 12) that SQLite's search asks for


def _words(terms: str) -> set[str]:
    """The query's words as the search vectors hold them: folded, lower case."""
    return {w.lower() for w in re.findall(r"\w+", storyfuse_fold(terms))}


def snippet(text: str, words: set[str]) -> str:
    """Up to SNIPPET_WORDS words of `text` around its matches of `words`, each match in [brackets], an
    ellipsis where the text goes on and its own ends where it does not, as FTS5's snippet: the run of
    words holding the most distinct query words (then the most matches, then the earliest), its
    matches centred; the text's opening when none is in it (the match was in the title)."""
    tokens = list(re.finditer(r"\w+", storyfuse_fold(text)))  # folding keeps the text's offsets
    if not tokens:
        return text.strip()
    folded = [m.group().lower() for m in tokens]
    size = min(SNIPPET_WORDS, len(tokens))
    inside = Counter(w for w in folded[:size] if w in words)
    best, best_score = 0, (len(inside), inside.total())
    for start in range(1, len(tokens) - size + 1):
        if (gone := folded[start - 1]) in words:
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
        if (new := folded[start + size - 1]) in words:
            inside[new] += 1
        if (score := (len(inside), inside.total())) > best_score:
            best, best_score = start, score
    hits = [i for i in range(best, best + size) if folded[i] in words]
    if hits:  # the matches in the middle of the run, as far as the text's ends allow
        best = hits[0] - (size - (hits[-1] - hits[0] + 1)) // 2
        best = max(0, min(best, len(tokens) - size))
    end = best + size
    shown, at = [], tokens[best].start()
    for i in range(best, end):
        first, last = tokens[i].span()
        word = text[first:last]
        shown += [text[at:first], f"[{word}]" if folded[i] in words else word]
        at = last
    before = text[: tokens[0].start()] if best == 0 else "…"  # the text's own ends, or an ellipsis
    after = text[tokens[-1].end() :] if end == len(tokens) else "…"
    return f"{before}{''.join(shown)}{after}".strip()


def _pool(url: str, label: str) -> ConnectionPool[Any]:
    try:
        return pool_for(url)
    except PoolTimeout as exc:  # the pool's own timeout says less than a direct attempt does
        try:
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as direct:
            raise StoreError(f"{label}: cannot connect ({_first_line(direct)})") from None
        raise StoreError(f"{label}: cannot connect ({exc})") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _array(expression: str) -> str:
    """The JSON array at `expression`, or an empty one when it is missing or not an array."""
    return f"CASE jsonb_typeof({expression}) WHEN 'array' THEN {expression} ELSE '[]'::jsonb END"


def storyfuse_fold(text: str) -> str:
    """The schema's storyfuse_fold(): the letters unicode61 reads without their diacritics."""
    return text.translate(_FOLD)


_FOLD = str.maketrans(DIACRITICS, FOLDED)


def _names(columns: Sequence[str]) -> str:
    """Column names quoted: the schema has one called "end"."""
    return ", ".join(f'"{c}"' for c in columns)
