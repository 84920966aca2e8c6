"""Storylines in the store: which stories (events) each holds, and the listings the CLI, web app and
report show. The link stage decides the grouping (link/storylines.py); this module only keeps it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from storyfuse.components import ids_by_overlap
from storyfuse.store.queries import StoryListing, chunks
from storyfuse.store.sql import NO_LIMIT, Connection

NAMES_SHOWN = 5  # names a storyline is labelled with: those most of its events name


@dataclass
class StorylineListing:
    """A storyline as `storyfuse storylines`, the web app and the report list it."""

    id: str
    title: str  # the headline of its largest event
    names: list[str]  # the names most of its events share, most shared first
    events: int
    articles: int
    outlets: int
    first_published: str | None
    last_published: str | None
    updated_at: str


@dataclass
class StorylineView:
    listing: StorylineListing
    stories: list[StoryListing] = field(default_factory=list)  # its events, earliest first


def storyline_id_for(story_id: str) -> str:
    """A storyline is first named after one of its stories (the smallest id, so any order gives it)."""
    return "l" + hashlib.sha1(story_id.encode()).hexdigest()[:11]


def window(db: Connection, first: str, last: str, story_ids: Sequence[str]) -> dict[str, str | None]:
    """Story id -> its storyline (None: none), for the stories whose publication span meets
    [first, last], the `story_ids`, and every story of a storyline any of those is in."""
    found: dict[str, str | None] = {}
    rows = db.execute(
        "SELECT s.id, l.storyline_id FROM stories s LEFT JOIN story_storylines l ON l.story_id = s.id "
        "WHERE s.last_published >= ? AND s.first_published <= ?",
        (first, last),
    )
    found.update((r[0], r[1]) for r in rows)
    for chunk in chunks([s for s in story_ids if s not in found], 500):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT s.id, l.storyline_id FROM stories s LEFT JOIN story_storylines l ON l.story_id = s.id "
            f"WHERE s.id IN ({marks})",
            chunk,
        )
        found.update((r[0], r[1]) for r in rows)
    storylines = sorted({line for line in found.values() if line})
    for chunk in chunks(storylines, 500):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT story_id, storyline_id FROM story_storylines WHERE storyline_id IN ({marks})", chunk
        )
        found.update((r[0], r[1]) for r in rows)
    return found


def replace_storylines(
    db: Connection, before: Mapping[str, str | None], groups: Sequence[Sequence[str]], stamp: str
) -> None:
    """Put the stories of `before` (story -> its storyline so far) into the storylines `groups` (lists of
    story ids; a group of one is no storyline). Each group keeps the old storyline id most of its stories
    had, when no larger group took it first; call inside a transaction."""
    old_members: dict[str, list[str]] = {}
    for story_id, line in before.items():
        if line:
            old_members.setdefault(line, []).append(story_id)
    lines = [sorted(g) for g in groups if len(g) > 1]
    named = ids_by_overlap(dict(enumerate(lines)), before)
    taken = set(named.values())
    db.executemany("DELETE FROM story_storylines WHERE story_id = ?", [(s,) for s in before])
    gone = [line for line in old_members if line not in taken]
    db.executemany("DELETE FROM storylines WHERE id = ?", [(line,) for line in gone])
    for index, members in enumerate(lines):
        line = named.get(index) or storyline_id_for(members[0])
        while index not in named and (line in taken or _exists(db, line)):
            line = storyline_id_for(line)
        taken.add(line)
        db.execute(
            "INSERT INTO storylines(id, events, updated_at) VALUES (?, 0, ?) "
            "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at",
            (line, stamp),
        )
        db.executemany(
            "INSERT INTO story_storylines(story_id, storyline_id) VALUES (?, ?)", [(s, line) for s in members]
        )
        refresh(db, [line])


def _exists(db: Connection, storyline_id: str) -> bool:
    return db.execute("SELECT 1 FROM storylines WHERE id = ?", (storyline_id,)).fetchone() is not None


def refresh(db: Connection, storyline_ids: Sequence[str]) -> None:
    """Recount the events and days of storylines (their stories' spans may have changed)."""
    db.executemany(
        """UPDATE storylines SET
               events = (SELECT count(*) FROM story_storylines WHERE storyline_id = storylines.id),
               first_published = (SELECT min(s.first_published) FROM story_storylines l
                                  JOIN stories s ON s.id = l.story_id WHERE l.storyline_id = storylines.id),
               last_published = (SELECT max(s.last_published) FROM story_storylines l
                                 JOIN stories s ON s.id = l.story_id WHERE l.storyline_id = storylines.id)
           WHERE id = ?""",
        [(line,) for line in storyline_ids],
    )


def forget_stories(db: Connection, story_ids: Sequence[str]) -> None:
    """Take stories that are gone out of their storylines; a storyline left with one event ends."""
    touched: set[str] = set()
    for chunk in chunks(list(story_ids), 500):
        marks = ",".join("?" * len(chunk))
        touched.update(
            r[0]
            for r in db.execute(
                f"SELECT storyline_id FROM story_storylines WHERE story_id IN ({marks})", chunk
            )
        )
    db.executemany("DELETE FROM story_storylines WHERE story_id = ?", [(s,) for s in story_ids])
    for line in sorted(touched):
        remaining = db.execute(
            "SELECT count(*) FROM story_storylines WHERE storyline_id = ?", (line,)
        ).fetchone()[0]
        if remaining < 2:
            db.execute("DELETE FROM storylines WHERE id = ?", (line,))  # its last row goes by cascade
    refresh(db, sorted(touched))


def storyline_of(db: Connection, story_id: str) -> str | None:
    row = db.execute("SELECT storyline_id FROM story_storylines WHERE story_id = ?", (story_id,)).fetchone()
    return row[0] if row else None


def list_storylines(db: Connection, offset: int = 0, limit: int | None = None) -> list[StorylineListing]:
    """Storylines, most recent first, then those with most events."""
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM storylines ORDER BY coalesce(last_published, '') DESC, events DESC, id "
            "LIMIT ? OFFSET ?",
            (NO_LIMIT if limit is None else limit, offset),
        )
    ]
    return [_listing(db, line) for line in ids]


def count_storylines(db: Connection) -> int:
    return int(db.execute("SELECT count(*) FROM storylines").fetchone()[0])


def listing(db: Connection, storyline_id: str) -> StorylineListing | None:
    return _listing(db, storyline_id) if _exists(db, storyline_id) else None


def storyline(
    db: Connection, storyline_id: str, listings: Callable[[Sequence[str]], list[StoryListing]]
) -> StorylineView | None:
    """A storyline and its events' listings, read by `listings` (the store's, whose JSON it reads)."""
    if not _exists(db, storyline_id):
        return None
    story_ids = [
        r[0]
        for r in db.execute(
            "SELECT l.story_id FROM story_storylines l JOIN stories s ON s.id = l.story_id "
            "WHERE l.storyline_id = ? ORDER BY coalesce(s.first_published, ''), s.id",
            (storyline_id,),
        )
    ]
    return StorylineView(_listing(db, storyline_id), listings(story_ids))


def _listing(db: Connection, storyline_id: str) -> StorylineListing:
    events, first, last, updated = db.execute(
        "SELECT events, first_published, last_published, updated_at FROM storylines WHERE id = ?",
        (storyline_id,),
    ).fetchone()
    title_row = db.execute(
        "SELECT s.headline FROM story_storylines l JOIN stories s ON s.id = l.story_id "
        "WHERE l.storyline_id = ? AND s.headline != '' ORDER BY s.size DESC, s.id LIMIT 1",
        (storyline_id,),
    ).fetchone()
    articles, outlets = db.execute(
        "SELECT count(*), count(DISTINCT coalesce(a.source, a.id)) FROM story_storylines l "
        "JOIN story_articles sa ON sa.story_id = l.story_id JOIN articles a ON a.id = sa.article_id "
        "WHERE l.storyline_id = ?",
        (storyline_id,),
    ).fetchone()
    # the store-wide entities named by the most of its events (those written: synthesis names them)
    names = [
        r[0]
        for r in db.execute(
            "SELECT e.name FROM story_storylines l JOIN story_entities se ON se.story_id = l.story_id "
            "JOIN entities e ON e.id = se.entity_id WHERE l.storyline_id = ? "
            "GROUP BY e.id HAVING count(DISTINCT l.story_id) > 1 "
            "ORDER BY count(DISTINCT l.story_id) DESC, sum(se.mentions) DESC, e.name LIMIT ?",
            (storyline_id, NAMES_SHOWN),
        )
    ]
    return StorylineListing(
        id=storyline_id,
        title=title_row[0] if title_row else "",
        names=names,
        events=int(events),
        articles=int(articles),
        outlets=int(outlets),
        first_published=first,
        last_published=last,
        updated_at=updated,
    )
