"""Corrections made by hand (#24): the audit log, the constraints on articles they leave, pinned headlines.

Every merge, split, move or rename is one row of `curation_log` (when, what, which stories, why). A
merge, split or move also leaves constraints (`model.Constraint`: `together` or `apart`, over
article ids) that the linker applies, in log order, whenever it groups those articles again; a rename
pins a headline to an article of the story, so the pin follows the story whatever its id becomes.
Articles, not story ids, carry the corrections: story ids change when stories are regrouped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from storyfuse.model import Constraint
from storyfuse.store.queries import chunks
from storyfuse.store.sql import Connection

ACTIONS = ("merge", "split", "move", "rename")


@dataclass
class LogEntry:
    seq: int
    at: str
    action: str
    stories: list[str]
    articles: list[str]
    headline: str | None
    reason: str | None


def record(
    db: Connection,
    action: str,
    stories: Sequence[str],
    articles: Sequence[str] = (),
    constraints: Sequence[Constraint] = (),
    reason: str | None = None,
    headline: tuple[str, str] | None = None,
) -> int:
    """Log a correction with the constraints it leaves and (rename) the (anchor article, headline) it
    pins; returns its place in the log. Call inside a transaction."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    db.execute(
        "INSERT INTO curation_log(at, action, stories, articles, headline, reason) VALUES (?, ?, ?, ?, ?, ?)",
        (
            at,
            action,
            json.dumps(list(stories)),
            json.dumps(list(articles)),
            headline[1] if headline else None,
            reason,
        ),
    )
    seq = int(db.execute("SELECT max(seq) FROM curation_log").fetchone()[0])
    for constraint in constraints:
        db.execute("INSERT INTO link_constraints(log_seq, kind) VALUES (?, ?)", (seq, constraint.kind))
        cid = int(db.execute("SELECT max(id) FROM link_constraints").fetchone()[0])
        db.executemany(
            "INSERT INTO constraint_articles(constraint_id, side, article_id) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [(cid, 0, a) for a in constraint.left] + [(cid, 1, a) for a in constraint.right],
        )
    if headline:
        db.execute(
            "INSERT INTO pinned_headlines(anchor, headline, log_seq) VALUES (?, ?, ?) "
            "ON CONFLICT(anchor) DO UPDATE SET headline = excluded.headline, log_seq = excluded.log_seq",
            (headline[0], headline[1], seq),
        )
    return seq


def constraints_touching(db: Connection, article_ids: Sequence[str]) -> list[Constraint]:
    """Every constraint naming one of these articles, whole, in the order they were made."""
    ids: set[int] = set()
    for chunk in chunks(list(article_ids), 500):
        marks = ",".join("?" * len(chunk))
        ids.update(
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT constraint_id FROM constraint_articles WHERE article_id IN ({marks})", chunk
            )
        )
    return _constraints(db, sorted(ids))


def all_constraints(db: Connection) -> list[Constraint]:
    return _constraints(db, [r[0] for r in db.execute("SELECT id FROM link_constraints ORDER BY id")])


def _constraints(db: Connection, ids: list[int]) -> list[Constraint]:
    found: list[Constraint] = []
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        kinds = dict(
            db.execute(f"SELECT id, kind FROM link_constraints WHERE id IN ({marks})", chunk).fetchall()
        )
        sides: dict[int, tuple[list[str], list[str]]] = {cid: ([], []) for cid in chunk}
        for cid, side, article in db.execute(
            "SELECT constraint_id, side, article_id FROM constraint_articles "
            f"WHERE constraint_id IN ({marks}) ORDER BY constraint_id, side, article_id",
            chunk,
        ):
            sides[cid][side].append(article)
        found += [Constraint(kinds[cid], tuple(sides[cid][0]), tuple(sides[cid][1])) for cid in chunk]
    return found


def pinned_headline(db: Connection, article_ids: Sequence[str]) -> str | None:
    """The headline last pinned to one of these articles (a story's members), if any."""
    best: tuple[int, str] | None = None
    for chunk in chunks(list(article_ids), 500):
        marks = ",".join("?" * len(chunk))
        row = db.execute(
            f"SELECT log_seq, headline FROM pinned_headlines WHERE anchor IN ({marks}) "
            "ORDER BY log_seq DESC LIMIT 1",
            chunk,
        ).fetchone()
        if row and (best is None or row[0] > best[0]):
            best = (int(row[0]), row[1])
    return best[1] if best else None


def history(db: Connection, story_id: str, article_ids: Sequence[str]) -> list[LogEntry]:
    """The corrections that named this story or moved, joined or pinned one of its articles, oldest
    first."""
    seqs = {
        r[0]
        for r in db.execute(
            "SELECT seq FROM curation_log WHERE instr(stories, ?) > 0", (json.dumps(story_id),)
        )
    }
    for chunk in chunks(list(article_ids), 500):
        marks = ",".join("?" * len(chunk))
        seqs.update(
            r[0]
            for r in db.execute(
                "SELECT DISTINCT c.log_seq FROM constraint_articles a JOIN link_constraints c "
                f"ON c.id = a.constraint_id WHERE a.article_id IN ({marks})",
                chunk,
            )
        )
        seqs.update(
            r[0] for r in db.execute(f"SELECT log_seq FROM pinned_headlines WHERE anchor IN ({marks})", chunk)
        )
    entries = []
    for chunk in chunks(sorted(seqs), 500):
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
            "SELECT seq, at, action, stories, articles, headline, reason FROM curation_log "
            f"WHERE seq IN ({marks}) ORDER BY seq",
            chunk,
        ):
            entries.append(LogEntry(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), r[5], r[6]))
    return entries
