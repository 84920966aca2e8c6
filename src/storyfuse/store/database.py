"""The store: one SQLite file, the single source of truth every command reads and writes.

WAL mode lets `serve` read while `ingest` writes. Writes happen in explicit transactions,
one per batch, so a killed process leaves only whole articles behind.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from storyfuse.errors import StoreError
from storyfuse.model import (
    SENTENCE_VECTOR_DTYPE,
    SENTENCE_VECTOR_WIDTH,
    Analysis,
    Article,
    Block,
    Candidates,
    Constraint,
    DateGuess,
    Mention,
    Sentence,
    Story,
)
from storyfuse.store import alerts, curation, entity_catalogue, listing, queries, storylines
from storyfuse.store.alerts import Alert
from storyfuse.store.curation import LogEntry
from storyfuse.store.entity_catalogue import GlobalEntity
from storyfuse.store.listing import ArticleRow, StoryFilter
from storyfuse.store.queries import ArticleMeta, StoreStatus, StoryListing, chunks
from storyfuse.store.schema import APPLICATION_ID, ENTITY_LINKS_VERSION, MIGRATIONS, SCHEMA_VERSION
from storyfuse.store.sql import Connection
from storyfuse.store.storylines import StorylineListing, StorylineView

_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


_last_opened: Path | None = None  # the store this process opened last: what a store error names


def store_error_text(exc: sqlite3.Error, path: Path | None = None) -> str:
    """One line for an SQLite error on a store: its path, what went wrong, and what to do."""
    where = path or _last_opened or Path("the store")
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return (
            f"{where}: the disk is full; free some space and run the command again "
            "(what it committed is kept)"
        )
    if name.startswith("SQLITE_READONLY") or (name == "SQLITE_CANTOPEN" and not _writable(where)):
        return _read_only_text(where)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return (
            f"{where}: the store is damaged ({exc}); restore it from a backup, or rescue what it holds "
            f"with `sqlite3 {where} .recover`"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"{where}: the store is busy (another storyfuse is writing to it); try again when it is done"
    if name.startswith("SQLITE_IOERR"):
        return f"{where}: the store cannot be read or written ({exc}); check the disk, then try again"
    return f"{where}: store error ({exc})"


def _read_only_text(path: Path) -> str:
    return (
        f"{path}: the store is read-only (its file, folder or disk); reading commands (stories, show, "
        "entities) still work; to write, make it writable or copy it elsewhere and use --db"
    )


def _writable(path: Path) -> bool:
    """Whether the store and its folder can be written (its -wal and -shm files live beside it); a
    folder that does not exist is SQLite's to report."""
    if not path.parent.exists():
        return True
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def check_before_opening(path: Path, *, readonly: bool = False) -> None:
    """The checks made before a store is opened, which create nothing beside it: a directory, a file that
    is not a store, and (to write) a read-only file or folder are refused in one line."""
    _check_file(path)
    _probe(path)
    if not readonly and not _writable(path):
        raise StoreError(_read_only_text(path))


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a storyfuse store")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not a storyfuse store (not an SQLite database); left untouched")


def _probe(path: Path) -> None:
    """Refuse a file that is an SQLite database but no store, reading it as immutable: no lock, and
    no -wal or -shm file made beside it (a WAL-mode database opened the usual way gets both)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        probe = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({exc})") from None
    try:
        app_id = probe.execute("PRAGMA application_id").fetchone()[0]  # the header: never damaged
        # A store says it is one; its damage, if any, is reported by the command that meets it.
        tables = 0 if app_id == APPLICATION_ID else probe.execute("SELECT count(*) FROM sqlite_master")
        tables = tables if isinstance(tables, int) else tables.fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a storyfuse store ({exc}); left untouched") from None
    finally:
        probe.close()
    if app_id != APPLICATION_ID and tables > 0:
        raise StoreError(f"{path}: an SQLite database, but not a storyfuse store; left untouched")


def now_iso() -> str:
    # Microseconds, as alerts stamp when they were seen: compared as text, a story written in the
    # second an alert was checked must sort after the check when it came after it.
    return datetime.now(UTC).isoformat(timespec="microseconds")


# the counters that say which days wait for a regroup (`Store.pending_regroup`)
_REGROUP = "('regroup_pending', 'regroup_first_day', 'regroup_last_day')"


@dataclass
class SearchHit:
    kind: str  # "article" or "story"
    id: str
    title: str
    snippet: str
    story_id: str | None


class Store:
    """A storyfuse SQLite store. Refuses files that are not stores or are from a newer schema.

    Its SQL outside the methods marked "SQLite" is in the dialect PostgreSQL speaks too, so the
    PostgreSQL backend (`store.postgres.PostgresStore`) is this class over another connection with
    those methods of its own.
    """

    db: Connection
    label: str  # what messages call the store: its path, or a server URL without the password

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        global _last_opened
        self.path = Path(path)
        self.label = str(self.path)
        self.readonly = readonly
        _last_opened = self.path
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no store here yet (run `storyfuse ingest` first)")
        check_before_opening(self.path, readonly=readonly)
        try:
            db = self._connect()
            db.row_factory = sqlite3.Row
            self.db = db
            self.db.execute("PRAGMA busy_timeout = 10000")
            self._check_schema()
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.execute("PRAGMA foreign_keys = ON")
                self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(store_error_text(exc, self.path)) from None

    # --- opening -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """The store's connection. Read-only on read-only media, where SQLite cannot make the -shm file
        a WAL-mode store is read through, the store is opened as immutable: nothing can change it there."""
        options = dict(uri=True, isolation_level=None, check_same_thread=False)
        if not self.readonly:
            return sqlite3.connect(f"file:{self.path}", **options)  # type: ignore[arg-type]
        db = sqlite3.connect(f"file:{self.path}?mode=ro", **options)  # type: ignore[arg-type]
        try:
            db.execute("PRAGMA user_version").fetchone()
            return db
        except sqlite3.OperationalError:
            db.close()
            if _writable(self.path):
                raise
        return sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", **options)  # type: ignore[arg-type]

    def quick_check(self) -> None:
        """SQLite: StoreError when SQLite's `PRAGMA quick_check` finds the store damaged."""
        try:
            found = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            raise StoreError(store_error_text(exc, self.path)) from None
        if found != ["ok"]:
            raise StoreError(
                f"{self.path}: the store is damaged ({found[0]}); restore it from a backup, or rescue what "
                f"it holds with `sqlite3 {self.path} .recover`"
            )

    def _check_schema(self) -> None:
        try:
            app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if app_id == APPLICATION_ID:
                tables = 1
            else:
                tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path}: not a storyfuse store ({exc}); left untouched") from exc
        if app_id != APPLICATION_ID and tables > 0:
            self.db.close()
            raise StoreError(f"{self.path}: an SQLite database, but not a storyfuse store; left untouched")
        if version > SCHEMA_VERSION:
            self.db.close()
            raise StoreError(
                f"{self.path}: store has schema {version}, newer than this storyfuse reads "
                f"({SCHEMA_VERSION}); upgrade storyfuse. Left untouched"
            )
        if self.readonly and version < SCHEMA_VERSION:
            self.db.close()
            raise StoreError(f"{self.path}: store needs migrating; run `storyfuse ingest` once to upgrade it")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in _statements(MIGRATIONS[target - 1]):
                    self.db.execute(statement)
                if target == ENTITY_LINKS_VERSION:
                    entity_catalogue.link_all_stories(self.db)
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.db.execute(f"PRAGMA user_version = {target}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """SQLite: a read transaction, so the block's reads see one state of the store whatever a
        writer commits meanwhile."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.execute("ROLLBACK")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """SQLite: BEGIN IMMEDIATE … COMMIT; rolls back on any exception, including KeyboardInterrupt."""
        if self.db.in_transaction:  # nested use joins the outer transaction
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite has rolled back itself after some errors (a full disk)
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def writing_turn(self) -> Iterator[None]:
        """A transaction that changes what other writers link or synthesise from (a batch linked, the
        regroup, a story written), taken in turn with them. An SQLite writer holds the store's write
        lock for its whole run (store/lock.py), so here it is a transaction; PostgreSQL's takes the
        lock for the turn alone."""
        with self.transaction():
            yield

    # --- articles --------------------------------------------------------------

    def article_with_hash(self, content_hash: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row["id"] if row else None

    def add_origins(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Record (content hash, origin) sightings of stored content, other than its first origin."""
        self.db.executemany(
            """INSERT INTO article_origins(article_id, origin)
               SELECT id, ? FROM articles WHERE content_hash = ? AND origin != ?
               ON CONFLICT DO NOTHING""",
            [(origin, digest, origin) for digest, origin in pairs],
        )

    def new_article_id(self, native_id: str | None, content_hash: str, taken: set[str] | None = None) -> str:
        """The input's own id when it is free, else that id with a hash suffix, else the hash."""
        taken = taken or set()
        base = _SAFE_ID.sub("-", native_id).strip("-")[:80] if native_id else ""
        for candidate in (base, f"{base}-{content_hash[:8]}" if base else "", content_hash[:16]):
            if candidate and candidate not in taken and not self._article_exists(candidate):
                return candidate
        return content_hash  # full hash: unique because content_hash is

    def _article_exists(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def insert_articles(
        self, items: Sequence[tuple[Article, str, Analysis]], *, complete: bool = True
    ) -> None:
        """Insert (article, raw content, analysis) triples; call inside a transaction. Without
        `complete`, the analyses hold only lead vectors, and `complete_analyses` adds the rest later."""
        stamp = now_iso()
        self.db.executemany(
            """INSERT INTO articles(id, content_hash, origin, url, format, raw, title, source, language,
                   published, published_method, published_confidence, credits, body, removed, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [
                (
                    a.id,
                    a.content_hash,
                    a.origin,
                    a.url,
                    a.format,
                    raw,
                    a.title,
                    a.source,
                    a.language,
                    a.published.value if a.published else None,
                    a.published.method if a.published else None,
                    a.published.confidence if a.published else None,
                    json.dumps(a.credits),
                    json.dumps([{"text": b.text, "kind": b.kind} for b in a.body]),
                    json.dumps(a.removed),
                    stamp,
                )
                for a, raw, _ in items
            ],
        )
        self.db.executemany(
            "INSERT INTO articles_fts(article_id, title, text) VALUES (?, ?, ?)",
            [(a.id, a.title or "", a.text) for a, _, _ in items],
        )
        self._insert_sentences_and_mentions([an for _, _, an in items])
        self.save_candidates([(a.article_id, a.candidates) for _, _, a in items if a.candidates is not None])
        self.db.executemany(
            "INSERT INTO embeddings(article_id, vector) VALUES (?, ?)",
            [(an.article_id, np.asarray(an.embedding, dtype=np.float32).tobytes()) for _, _, an in items],
        )
        if not complete:
            self.db.executemany(
                "INSERT INTO pending_analysis(article_id) VALUES (?)", [(a.id,) for a, _, _ in items]
            )
        self._links_changed()

    def pending_analysis_ids(self, article_ids: Sequence[str]) -> list[str]:
        """Those of the articles whose sentences and mentions are not stored yet, in the given order."""
        pending: set[str] = set()
        for chunk in chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            pending.update(
                row[0]
                for row in self.db.execute(
                    f"SELECT article_id FROM pending_analysis WHERE article_id IN ({marks})", chunk
                )
            )
        return [i for i in article_ids if i in pending]

    def complete_analyses(self, analyses: Sequence[Analysis]) -> None:
        """Store the sentences and mentions of articles stored without them (and their candidates, when
        the analysis has them); call inside a writing turn. Those another writer completed meanwhile
        (both synthesised a story of them) are left as that writer stored them."""
        still = set(self.pending_analysis_ids([an.article_id for an in analyses]))
        analyses = [an for an in analyses if an.article_id in still]
        self._insert_sentences_and_mentions(analyses)
        self.save_candidates([(an.article_id, an.candidates) for an in analyses if an.candidates is not None])
        self.db.executemany(
            "DELETE FROM pending_analysis WHERE article_id = ?", [(an.article_id,) for an in analyses]
        )

    def save_candidates(self, candidates: Sequence[tuple[str, Candidates]]) -> None:
        """Keep (or replace) articles' candidates for synthesis; call inside a transaction."""
        self.db.executemany(
            "INSERT INTO candidates(article_id, version, data) VALUES (?, ?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET version = excluded.version, data = excluded.data",
            [(article_id, c.version, c.to_json()) for article_id, c in candidates],
        )

    def candidates_of_version(self, article_ids: Sequence[str], version: int) -> set[str]:
        """Those of the articles whose kept candidates were found by that version of the code."""
        found: set[str] = set()
        for chunk in chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self.db.execute(
                    f"SELECT article_id FROM candidates WHERE version = ? AND article_id IN ({marks})",
                    [version, *chunk],
                )
            )
        return found

    def link_vector_size(self) -> int | None:
        """Dimensions of the stored lead vectors (None in an empty store)."""
        row = self.db.execute("SELECT length(vector) FROM embeddings LIMIT 1").fetchone()
        return row[0] // 4 if row else None

    def replace_lead_vectors(self, vectors: Mapping[str, Sequence[float]]) -> None:
        """Overwrite articles' lead vectors (or give them one they lack); call inside a transaction."""
        self.db.executemany(
            "INSERT INTO embeddings(article_id, vector) VALUES (?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET vector = excluded.vector",
            [(a, np.asarray(v, dtype=np.float32).tobytes()) for a, v in vectors.items()],
        )
        self._links_changed()

    def _insert_sentences_and_mentions(self, analyses: Sequence[Analysis]) -> None:
        self.db.executemany(
            'INSERT INTO sentences(article_id, idx, text, start, "end") VALUES (?,?,?,?,?)',
            [(s.article_id, s.index, s.text, s.start, s.end) for an in analyses for s in an.sentences],
        )
        self.db.executemany(
            'INSERT INTO mentions(article_id, text, label, start, "end", sentence) VALUES (?,?,?,?,?,?)',
            [
                (m.article_id, m.text, m.label, m.start, m.end, m.sentence)
                for an in analyses
                for m in an.mentions
            ],
        )

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    def articles(self, article_ids: Sequence[str]) -> list[Article]:
        """Articles in the order of `article_ids` (missing ids are skipped)."""
        found = {}
        for chunk in chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                found[row["id"]] = _article_from_row(row)
        return [found[i] for i in article_ids if i in found]

    def raw_content(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT raw FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row["raw"] if row else None

    def analyses(self, article_ids: Sequence[str], *, lead_only: bool = False) -> dict[str, Analysis]:
        """Sentences, mentions, candidates and embedding of each article, fetched in a few queries; with
        `lead_only`, the embedding (the lead vector linking reads) alone."""
        out = {i: Analysis(article_id=i, sentences=[], mentions=[], embedding=[]) for i in article_ids}
        for chunk in chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            if not lead_only:
                for row in self.db.execute(
                    f'SELECT article_id, idx, text, start, "end" FROM sentences '
                    f"WHERE article_id IN ({marks}) ORDER BY article_id, idx",
                    chunk,
                ):
                    out[row[0]].sentences.append(Sentence(row[0], row[1], row[2], row[3], row[4]))
                for row in self.db.execute(
                    f'SELECT article_id, text, label, start, "end", sentence FROM mentions '
                    f"WHERE article_id IN ({marks}) ORDER BY article_id, start",
                    chunk,
                ):
                    out[row[0]].mentions.append(Mention(row[0], row[1], row[2], row[3], row[4], row[5]))
                for row in self.db.execute(
                    f"SELECT article_id, data FROM candidates WHERE article_id IN ({marks})", chunk
                ):
                    out[row[0]].candidates = Candidates.from_json(row[1])
            for row in self.db.execute(
                f"SELECT article_id, vector FROM embeddings WHERE article_id IN ({marks})", chunk
            ):
                out[row[0]].embedding = np.frombuffer(row[1], dtype=np.float32).tolist()
        return out

    def sentence_vectors(self, article_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Kept sentence vectors of the articles that have them (float32, one row per sentence)."""
        out = {}
        for chunk in chunks(list(article_ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT article_id, vectors FROM sentence_vectors WHERE article_id IN ({marks})", chunk
            ):
                out[row[0]] = np.frombuffer(row[1], dtype=SENTENCE_VECTOR_DTYPE).reshape(
                    -1, SENTENCE_VECTOR_WIDTH
                )
        return out

    def save_sentence_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Keep sentence vectors (stored in SENTENCE_VECTOR_DTYPE)."""
        self.db.executemany(
            "INSERT INTO sentence_vectors(article_id, vectors) VALUES (?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET vectors = excluded.vectors",
            [(a, np.asarray(v, dtype=SENTENCE_VECTOR_DTYPE).tobytes()) for a, v in vectors.items()],
        )

    def unassigned_article_ids(self) -> list[str]:
        """Articles not yet in a story, in ingest order (left by an interrupted run, or new)."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id "
            "WHERE s.article_id IS NULL ORDER BY a.seq"
        )
        return [r[0] for r in rows]

    def recent_article_ids(self, limit: int) -> list[str]:
        """The last `limit` articles ingested, oldest first."""
        rows = self.db.execute("SELECT id FROM articles ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
        return [r[0] for r in reversed(rows)]

    def save_minhashes(self, signatures: Sequence[tuple[str, bytes]]) -> None:
        """Keep (article id, MinHash signature) pairs; call inside a transaction."""
        self.db.executemany(
            "INSERT INTO minhashes(article_id, signature) VALUES (?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET signature = excluded.signature",
            signatures,
        )
        self._links_changed()

    def recent_minhashes(self, limit: int) -> list[tuple[str, bytes | None]]:
        """(article id, MinHash signature or None when not kept) of the last `limit` articles ingested,
        oldest first."""
        rows = self.db.execute(
            """SELECT a.id, m.signature FROM (SELECT id, seq FROM articles ORDER BY seq DESC LIMIT ?) a
               LEFT JOIN minhashes m ON m.article_id = a.id ORDER BY a.seq""",
            (limit,),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def latest_published(self) -> str | None:
        """The latest publication day of any story (where the clusterer's hot window ends)."""
        row = self.db.execute("SELECT max(last_published) FROM stories").fetchone()
        return row[0] if row else None

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # --- clusterer statistics ----------------------------------------------------

    def term_stats(self) -> tuple[dict[str, int], int]:
        """(document frequency per content word, number of documents counted)."""
        df = {row[0]: row[1] for row in self.db.execute("SELECT term, df FROM term_df")}
        row = self.db.execute("SELECT value FROM counters WHERE name = 'term_documents'").fetchone()
        return df, int(row[0]) if row else 0

    def add_term_stats(self, increments: dict[str, int], documents: int) -> None:
        """Add document-frequency increments; call inside the transaction of the batch they count."""
        self.db.executemany(
            "INSERT INTO term_df(term, df) VALUES (?, ?) "
            "ON CONFLICT(term) DO UPDATE SET df = term_df.df + excluded.df",
            list(increments.items()),
        )
        self.db.execute(
            "INSERT INTO counters(name, value) VALUES ('term_documents', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = counters.value + excluded.value",
            (documents,),
        )
        self._links_changed()

    def link_changes(self) -> int:
        """A count that moves whenever what the linker caches changes (articles, kept MinHashes, term
        counts, story states, assignments): a linker reads that state again when it has moved since its
        own last write, which is how it sees what another writer committed between its turns."""
        row = self.db.execute("SELECT value FROM counters WHERE name = 'link_changes'").fetchone()
        return int(row[0]) if row else 0

    def _links_changed(self) -> None:
        self.db.execute(
            "INSERT INTO counters(name, value) VALUES ('link_changes', 1) "
            "ON CONFLICT(name) DO UPDATE SET value = counters.value + 1"
        )

    def pending_regroup(self) -> tuple[int | None, int | None] | None:
        """(first, last day) of the articles linked since the last regroup (None for a day when they
        were all undated), or None when there are none: a run killed between storing its batches and
        its regroup leaves them to the next run, which forms those days' events again."""
        rows = dict(self.db.execute(f"SELECT name, value FROM counters WHERE name IN {_REGROUP}").fetchall())
        if "regroup_pending" not in rows:
            return None
        return rows.get("regroup_first_day"), rows.get("regroup_last_day")

    def note_pending_regroup(self, first: int | None, last: int | None) -> None:
        """Widen the pending span by a batch's days; call inside the batch's transaction."""
        pending = self.pending_regroup()
        low, high = pending if pending is not None else (None, None)
        values = {"regroup_pending": 1}
        if first is not None and last is not None:
            values["regroup_first_day"] = first if low is None else min(low, first)
            values["regroup_last_day"] = last if high is None else max(high, last)
        self.db.executemany(
            "INSERT INTO counters(name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def clear_pending_regroup(self) -> None:
        """Nothing waits for a regroup any more; call inside the regroup's transaction."""
        self.db.execute(f"DELETE FROM counters WHERE name IN {_REGROUP}")

    # --- stories ---------------------------------------------------------------

    def story_states(self, since: str | None) -> list[tuple[str, str]]:
        """(story id, saved clusterer state) of stories active since `since` (ISO date), all if None."""
        if since is None:
            rows = self.db.execute("SELECT id, state FROM stories WHERE state IS NOT NULL")
        else:
            rows = self.db.execute(
                "SELECT id, state FROM stories WHERE state IS NOT NULL "
                "AND (last_published IS NULL OR last_published >= ?)",
                (since,),
            )
        return [(r[0], r[1]) for r in rows]

    def story_states_of(self, story_ids: Sequence[str]) -> list[tuple[str, str]]:
        """(story id, saved clusterer state) of these stories (those with a state)."""
        found = []
        for chunk in chunks(list(story_ids), 500):
            marks = ",".join("?" * len(chunk))
            found += [
                (r[0], r[1])
                for r in self.db.execute(
                    f"SELECT id, state FROM stories WHERE state IS NOT NULL AND id IN ({marks})", chunk
                )
            ]
        return found

    def story_states_between(self, first: str, last: str) -> list[tuple[str, str]]:
        """(story id, saved clusterer state) of stories whose publication span meets [first, last]."""
        rows = self.db.execute(
            "SELECT id, state FROM stories WHERE state IS NOT NULL "
            "AND last_published >= ? AND first_published <= ?",
            (first, last),
        )
        return [(r[0], r[1]) for r in rows]

    def recent_story_states(self, limit: int) -> list[tuple[str, str]]:
        """(story id, saved clusterer state) of the last `limit` stories that articles were ingested
        into, least recent first (looking at the last 4 × `limit` articles only: a bounded read)."""
        rows = self.db.execute(
            """SELECT s.id, s.state FROM (
                   SELECT sa.story_id, max(a.seq) AS latest
                   FROM (SELECT id, seq FROM articles ORDER BY seq DESC LIMIT ?) a
                   JOIN story_articles sa ON sa.article_id = a.id
                   GROUP BY sa.story_id ORDER BY latest DESC LIMIT ?
               ) recent JOIN stories s ON s.id = recent.story_id
               WHERE s.state IS NOT NULL ORDER BY recent.latest""",
            (4 * limit, limit),
        )
        return [(r[0], r[1]) for r in rows]

    def save_story_states(self, states: Sequence[tuple[str, str, str | None, str | None]]) -> None:
        """Upsert (id, state JSON, first_published, last_published) and mark those stories dirty."""
        stamp = now_iso()
        self.db.executemany(
            """INSERT INTO stories(id, state, first_published, last_published, updated_at, dirty)
               VALUES (?, ?, ?, ?, ?, 1)
               ON CONFLICT(id) DO UPDATE SET state = excluded.state,
                   first_published = excluded.first_published, last_published = excluded.last_published,
                   updated_at = excluded.updated_at, dirty = 1""",
            [(sid, state, first, last, stamp) for sid, state, first, last in states],
        )
        self._links_changed()

    def replace_story_states(self, states: Sequence[tuple[str, str]]) -> None:
        """Overwrite (id, state JSON) of stories without marking them for synthesis; in a transaction."""
        self.db.executemany("UPDATE stories SET state = ? WHERE id = ?", [(st, sid) for sid, st in states])
        self._links_changed()

    def assign(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Put (article id, story id) pairs; an article moves if it was elsewhere (story merges)."""
        stamp = now_iso()
        self.db.executemany(
            """INSERT INTO story_articles(article_id, story_id, joined_at) VALUES (?, ?, ?)
               ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id""",
            [(a, s, stamp) for a, s in pairs],
        )
        self._links_changed()

    def drop_stories(self, story_ids: Sequence[str]) -> None:
        """Remove stories that were merged into others (their articles have moved already)."""
        entity_catalogue.unlink_stories(self.db, story_ids)
        storylines.forget_stories(self.db, story_ids)
        self.db.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in story_ids])
        self.db.executemany("DELETE FROM stories_fts WHERE story_id = ?", [(s,) for s in story_ids])
        listing.forget_outlets(self.db, list(story_ids))
        queries.forget_listings(self.db, story_ids)
        self._links_changed()

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "WHERE s.story_id = ? ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def dirty_story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY id")]

    def story_is_dirty(self, story_id: str) -> bool:
        """Whether the story waits for synthesis (False too when it is gone)."""
        row = self.db.execute("SELECT dirty FROM stories WHERE id = ?", (story_id,)).fetchone()
        return bool(row and row[0])

    def claim(self, name: str, *, wait: bool = False) -> bool:
        """Claim a piece of work by name ("story ID", "article ID") for this writer, so that another
        writer doing the same store's pending work at the same time leaves it alone: True when claimed
        (after waiting for the other writer to let it go, with `wait`). An SQLite writer holds the
        store's write lock for its whole run, so no other writer works beside it."""
        return True

    def release(self, name: str) -> None:
        """Give up a claim (once its work is written, or left)."""

    def write_story(self, story: Story) -> None:
        """Store a synthesised story's JSON, index its headline and summary, and link its entities to the
        store-wide entities (their ids go into the JSON); call in a transaction."""
        data = story.to_json()
        if self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story.id,)).fetchone() is not None:
            for item, entity_id in zip(
                data["entities"], entity_catalogue.link_story(self.db, story.id, story.entities), strict=True
            ):
                item["id"] = entity_id
        # Listing dates: the clusterer's (dates articles state of themselves) when it has them, else the
        # span of the articles' own publication dates, however they were found.
        days = sorted(a.published[:10] for a in story.articles if a.published)
        self.db.execute(
            "UPDATE stories SET headline = ?, size = ?, json = ?, dirty = 0, updated_at = ?, "
            "first_published = coalesce(first_published, ?), last_published = coalesce(last_published, ?) "
            "WHERE id = ?",
            (
                story.headline,
                len(story.articles),
                json.dumps(data),
                now_iso(),
                days[0] if days else None,
                days[-1] if days else None,
                story.id,
            ),
        )
        listing.keep_outlets(self.db, story.id)
        queries.keep_listing(self.db, story)
        self.db.execute("DELETE FROM stories_fts WHERE story_id = ?", (story.id,))
        self.db.execute(
            "INSERT INTO stories_fts(story_id, headline, summary) VALUES (?, ?, ?)",
            (story.id, story.headline, " ".join(s.text for s in story.summary)),
        )

    def story(self, story_id: str) -> Story | None:
        """A written story, naming the storyline it is in now (storylines change without the story)."""
        row = self.db.execute("SELECT json FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        story = Story.from_json(json.loads(row[0]))
        story.storyline = storylines.storyline_of(self.db, story_id)
        return story

    # --- storylines ------------------------------------------------------------

    def storyline_window(self, first: str, last: str, story_ids: Sequence[str]) -> dict[str, str | None]:
        """Story id -> storyline (or None) of the stories whose span meets [first, last], of `story_ids`,
        and of every story in the storylines those are in: what re-forming storylines reads."""
        return storylines.window(self.db, first, last, story_ids)

    def replace_storylines(self, before: Mapping[str, str | None], groups: Sequence[Sequence[str]]) -> None:
        """Regroup the stories of `before` into `groups` (a group of one is no storyline); storylines
        keep their ids by overlap. Call inside a transaction."""
        storylines.replace_storylines(self.db, before, groups, now_iso())

    def list_storylines(self, offset: int = 0, limit: int | None = None) -> list[StorylineListing]:
        """Storylines, most recent first, then those with most events."""
        return storylines.list_storylines(self.db, offset, limit)

    def count_storylines(self) -> int:
        return storylines.count_storylines(self.db)

    def storyline_listing(self, storyline_id: str) -> StorylineListing | None:
        """A storyline's title, names, counts and days, without its events."""
        return storylines.listing(self.db, storyline_id)

    def storyline(self, storyline_id: str) -> StorylineView | None:
        """A storyline with its written events in order of time."""
        return storylines.storyline(self.db, storyline_id, self.story_listings)

    def list_stories(self, offset: int = 0, limit: int | None = None) -> list[StoryListing]:
        """Stories with a written JSON, most recent first, then largest, with their article lists."""
        return self.story_listings(queries.story_page(self.db, offset, limit))

    def story_listings(self, story_ids: Sequence[str]) -> list[StoryListing]:
        """The listings of these written stories, in this order, as `write_story` kept them."""
        return queries.list_stories_by_id(self.db, story_ids)

    def written_members(self) -> dict[str, set[str] | None]:
        """SQLite: story id -> the article ids its JSON lists, of each story marked synthesised (None:
        no JSON, or JSON that does not parse); what `integrity.check` compares with its members."""
        written: dict[str, set[str] | None] = {
            r[0]: (set() if r[1] else None)
            for r in self.db.execute("SELECT id, json_valid(json) FROM stories WHERE dirty = 0")
        }
        for story_id, article_id in self.db.execute(
            "SELECT s.id, json_extract(j.value, '$.id') FROM stories s, json_each(s.json, '$.articles') j "
            "WHERE s.dirty = 0 AND json_valid(s.json)"
        ):
            members = written[story_id]
            if members is not None:
                members.add(article_id)
        return written

    def listed_stories(self, story_ids: Sequence[str]) -> list[StoryListing]:
        """The listings of these stories, in this order (those not written yet left out)."""
        return self.story_listings(story_ids)

    def filtered_stories(
        self, f: StoryFilter, offset: int = 0, limit: int | None = None
    ) -> list[StoryListing]:
        """The stories `f` keeps (dates, outlet, language, entity, size), in its sort order."""
        return self.story_listings(listing.filtered_story_ids(self.db, f, offset, limit))

    def filtered_story_ids(self, f: StoryFilter, offset: int = 0, limit: int | None = None) -> list[str]:
        """Ids of the stories `f` keeps, in its order (what an export pages through)."""
        return listing.filtered_story_ids(self.db, f, offset, limit)

    def article_rows(self, story_ids: Sequence[str]) -> list[ArticleRow]:
        """The articles of these stories for an export, without their raw input; a few hundred stories
        at a time."""
        return listing.article_rows(self.db, list(story_ids))

    def count_filtered_stories(self, f: StoryFilter) -> int:
        return listing.count_filtered(self.db, f)

    def count_unwritten_stories(self) -> int:
        """Stories formed but not synthesised yet (after `ingest --no-synthesis`)."""
        return listing.count_unwritten(self.db)

    def outlet_counts(self, story_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Story id -> (named outlets, articles of no known outlet)."""
        return listing.outlet_counts(self.db, list(story_ids))

    def ids_starting(self, kind: str, prefix: str, limit: int = 2) -> list[str]:
        """Ids of a story, article, storyline or entity that are `prefix` or start with it."""
        return listing.ids_starting(self.db, kind, prefix, limit)

    def entities_by_mentions(
        self, entity_type: str | None = None, offset: int = 0, limit: int = 20
    ) -> list[GlobalEntity]:
        """Entities some story names, most mentioned first, of one type group when given."""
        ids = listing.entity_ids_by_mentions(self.db, entity_type, offset, limit)
        return [e for e in (entity_catalogue.entity(self.db, i) for i in ids) if e is not None]

    def entity_types(self) -> list[tuple[str, int]]:
        return listing.entity_types(self.db)

    # --- saved searches (store/alerts.py) ------------------------------------------------------

    def add_alert(self, query: str) -> int:
        """Save a search; stories written before now are not new to it."""
        with self.transaction():  # to the microsecond: a story written later in the same second is new
            return alerts.add(self.db, query, datetime.now(UTC).isoformat(timespec="microseconds"))

    def remove_alert(self, alert_id: int) -> bool:
        with self.transaction():
            return alerts.remove(self.db, alert_id)

    def mark_alert_seen(self, alert_id: int, at: str) -> None:
        """The alert has been read up to `at` (ISO time): stories written before it are no longer new."""
        with self.transaction():
            alerts.mark_seen(self.db, alert_id, at)

    def alerts(self) -> list[Alert]:
        return alerts.all_alerts(self.db)

    def alert(self, alert_id: int) -> Alert | None:
        return alerts.get(self.db, alert_id)

    # --- corrections made by hand (store/curation.py) -----------------------------------------

    def record_correction(
        self,
        action: str,
        stories: Sequence[str],
        articles: Sequence[str] = (),
        constraints: Sequence[Constraint] = (),
        reason: str | None = None,
        headline: tuple[str, str] | None = None,
    ) -> int:
        """Log a merge, split, move or rename with the constraints it leaves; call in a transaction."""
        return curation.record(self.db, action, stories, articles, constraints, reason, headline)

    def constraints_touching(self, article_ids: Sequence[str]) -> list[Constraint]:
        """The corrections' constraints naming any of these articles, in the order they were made."""
        return curation.constraints_touching(self.db, article_ids)

    def pinned_headline(self, article_ids: Sequence[str]) -> str | None:
        """The headline last pinned by hand to a story of these articles, if any."""
        return curation.pinned_headline(self.db, article_ids)

    def story_history(self, story_id: str) -> list[LogEntry]:
        """The corrections that named this story or touched one of its articles, oldest first."""
        return curation.history(self.db, story_id, self.story_article_ids(story_id))

    def entity(self, entity_id: str) -> GlobalEntity | None:
        """A store-wide entity with its spellings and the stories naming it; None if no story names it."""
        return entity_catalogue.entity(self.db, entity_id)

    def find_entities(self, query: str, limit: int = 20) -> list[GlobalEntity]:
        """Store-wide entities a spelling of which contains `query` (folded), best matches first."""
        return entity_catalogue.find_entities(self.db, query, limit)

    def count_stories(self) -> int:
        return queries.count_stories(self.db)

    def status(self) -> StoreStatus:
        """Counts and the last story update: what a reader polls to learn that `ingest` added something."""
        return queries.store_status(self.db)

    def article_meta(self, article_ids: Sequence[str]) -> dict[str, ArticleMeta]:
        return queries.article_meta(self.db, article_ids)

    # --- copying a whole store (store/copy.py) ------------------------------------------------

    def table_columns(self) -> dict[str, list[str]]:
        """SQLite: the store's tables and their columns (FTS5's own shadow tables left out)."""
        rows = self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY name"
        )
        names = [r[0] for r in rows]
        return {name: [r[1] for r in self.db.execute(f"PRAGMA table_info({name})")] for name in names}

    def read_rows(self, table: str, columns: Sequence[str]) -> Iterator[tuple[object, ...]]:
        """SQLite: every row of a table (in ingest order where it has one), read as they are consumed."""
        order = " ORDER BY seq" if "seq" in columns else ""
        yield from (tuple(r) for r in self.db.execute(f"SELECT {_names(columns)} FROM {table}{order}"))

    def write_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Insert rows as they were read from another store (ids and sequence numbers kept); call
        inside a transaction."""
        marks = ", ".join("?" * len(columns))
        self.db.executemany(f"INSERT INTO {table}({_names(columns)}) VALUES ({marks})", rows)

    def after_copy(self) -> None:
        """SQLite: nothing to do (an INTEGER PRIMARY KEY continues after the largest one)."""

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """SQLite: full-text search over story headlines/summaries and article titles/texts."""
        match = _fts_query(query)
        if not match:
            return []
        hits: list[SearchHit] = []
        window = max(SEARCH_WINDOW, limit)
        for row in self.db.execute(
            "SELECT story_id, headline, snippet(stories_fts, 2, '[', ']', '…', 12) FROM stories_fts "
            f"WHERE stories_fts MATCH ? AND rowid >= {_window_start('stories_fts')} ORDER BY rank LIMIT ?",
            (match, match, window - 1, limit),
        ):
            hits.append(SearchHit("story", row[0], row[1], row[2], row[0]))
        for row in self.db.execute(
            "SELECT f.article_id, f.title, snippet(articles_fts, 2, '[', ']', '…', 12), s.story_id "
            "FROM articles_fts f LEFT JOIN story_articles s ON s.article_id = f.article_id "
            f"WHERE articles_fts MATCH ? AND f.rowid >= {_window_start('articles_fts')} "
            "ORDER BY rank LIMIT ?",
            (match, match, window - 1, limit),
        ):
            hits.append(SearchHit("article", row[0], row[1] or "", row[2], row[3]))
        return hits


# A search ranks (bm25) only the most recent matches, at most this many of each kind: ranking every
# match of a common word read its whole posting list and scored each row (a word in every article of a
# 100k store). Rows of an FTS5 table are numbered as written, so the most recent are the highest.
SEARCH_WINDOW = 2000


def _window_start(table: str) -> str:
    """SQL for the lowest rowid among the SEARCH_WINDOW most recent matches (parameters: the query
    and the window less one); 0 when fewer match. FTS5 walks its posting list backwards for it without
    ranking, and takes a rowid bound in the ranked query."""
    return (
        f"coalesce((SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0)"
    )


def _fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms, so punctuation never raises a syntax error."""
    terms = re.findall(r"\w+", text)
    return " ".join(f'"{t}"' for t in terms)


def _statements(script: str) -> list[str]:
    """Split a migration into statements; sqlite3 decides where one ends (comments may hold ';')."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _article_from_row(row: sqlite3.Row) -> Article:
    published = (
        DateGuess(row["published"], row["published_method"] or "", row["published_confidence"] or 0.0)
        if row["published"]
        else None
    )
    return Article(
        id=row["id"],
        origin=row["origin"],
        format=row["format"],
        content_hash=row["content_hash"],
        title=row["title"],
        body=[Block(b["text"], b["kind"]) for b in json.loads(row["body"])],
        url=row["url"],
        source=row["source"],
        language=row["language"],
        published=published,
        credits=json.loads(row["credits"]),
        removed=json.loads(row["removed"]),
    )


def _names(columns: Sequence[str]) -> str:
    """Column names quoted: the schema has one called "end"."""
    return ", ".join(f'"{c}"' for c in columns)
