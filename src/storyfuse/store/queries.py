"""Read-only listing queries behind `Store.list_stories`, `count_stories`, `status` and `article_meta`.

Each is one or two SQL statements, so a page costs a fixed number of round trips whatever the store's
size; the CLI, the static report and the web app all list stories through them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from storyfuse.model import Story
from storyfuse.store.sql import NO_LIMIT, Connection

# Most recent first, then largest: the stories_recent index (schema 11), as listing's "recent" sort.
_STORY_ORDER = "ORDER BY last_published DESC NULLS LAST, size DESC, id"


@dataclass
class ListedArticle:
    id: str
    path: str | None
    url: str | None
    source: str | None
    title: str | None


@dataclass
class StoryListing:
    """A story as the list pages and `/api/stories` show it."""

    id: str
    headline: str
    size: int
    first_published: str | None
    last_published: str | None
    updated_at: str
    lead: str | None  # first summary sentence
    # its articles as /api/stories lists them: a JSON list of {id, path, url, source, title}, read into
    # `articles` only when asked for (an API page of the largest stories passes thousands on as they are)
    articles_json: str = "[]"

    @cached_property
    def articles(self) -> list[ListedArticle]:
        return [ListedArticle(**a) for a in json.loads(self.articles_json)]

    @property
    def outlets(self) -> int:
        return len({a.source for a in self.articles if a.source}) + sum(
            1 for a in self.articles if not a.source
        )

    @property
    def outlet_names(self) -> list[str]:
        """The named outlets of its articles, each once (whatever its case: the first spelling), in the
        articles' order."""
        names: dict[str, str] = {}
        for a in self.articles:
            if a.source:
                names.setdefault(a.source.lower(), a.source)
        return list(names.values())


@dataclass
class StoreStatus:
    articles: int
    stories: int
    updated_at: str | None


@dataclass
class ArticleMeta:
    id: str
    title: str | None
    source: str | None
    published: str | None


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive slices of at most `size` items: SQLite caps the parameters of one statement."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def count_stories(db: Connection) -> int:
    return int(db.execute("SELECT count(*) FROM stories WHERE written = 1").fetchone()[0])


def store_status(db: Connection) -> StoreStatus:
    """Counts and the last story update: what a page polls to learn that `ingest` added something."""
    articles = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    # two statements: the latest update is one seek in stories_updated, and only the count walks it
    # (asked together, SQLite read each entry's stamp too: 9 ms against 3 at 34k stories)
    stories, updated = db.execute(
        "SELECT (SELECT count(*) FROM stories WHERE written = 1), "
        "(SELECT max(updated_at) FROM stories WHERE written = 1)"
    ).fetchone()
    return StoreStatus(articles, int(stories), updated)


def story_page(db: Connection, offset: int = 0, limit: int | None = None) -> list[str]:
    """The ids of one page of written stories, sorted on narrow columns; the store then reads only
    those stories' listings (`Store.story_listings`)."""
    return [
        r[0]
        for r in db.execute(
            f"SELECT id FROM stories WHERE written = 1 {_STORY_ORDER} LIMIT ? OFFSET ?",
            (NO_LIMIT if limit is None else limit, offset),
        )
    ]


def list_stories(db: Connection, offset: int = 0, limit: int | None = None) -> list[StoryListing]:
    """One page of stories with their first summary sentence and article list."""
    return list_stories_by_id(db, story_page(db, offset, limit))


def list_stories_by_id(db: Connection, ids: Sequence[str]) -> list[StoryListing]:
    """The listings of these stories, in this order (those not written yet are left out): each story's
    narrow columns and its kept listing (`story_listings`, written with it), never its whole JSON."""
    found: dict[str, StoryListing] = {}
    for chunk in chunks(list(ids), 500):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT s.id, s.headline, s.size, s.first_published, s.last_published, s.updated_at, "
            "l.lead, l.articles FROM story_listings l JOIN stories s ON s.id = l.story_id "
            f"WHERE l.story_id IN ({marks})",
            chunk,
        )
        for r in rows:
            found[r[0]] = StoryListing(
                id=r[0],
                headline=r[1],
                size=r[2],
                first_published=r[3],
                last_published=r[4],
                updated_at=r[5],
                lead=r[6],
                articles_json=r[7],
            )
    return [found[i] for i in ids if i in found]


def keep_listing(db: Connection, story: Story) -> None:
    """Record what a list shows of a story as it is written (Store.write_story calls it): its first
    summary sentence by rank (the summary itself is in reading order; ties keep reading order) and
    each article's id, path, URL, outlet and title."""
    ranked = min(enumerate(story.summary), key=lambda p: (p[1].rank, p[0]), default=None)
    articles = [
        {"id": a.id, "path": a.path, "url": a.url, "source": a.source, "title": a.title}
        for a in story.articles
    ]
    db.execute(
        "INSERT INTO story_listings(story_id, lead, articles) VALUES (?, ?, ?) ON CONFLICT(story_id) "
        "DO UPDATE SET lead = excluded.lead, articles = excluded.articles",
        (
            story.id,
            ranked[1].text if ranked else None,
            json.dumps(articles, ensure_ascii=False, separators=(",", ":")),
        ),
    )


def forget_listings(db: Connection, story_ids: Sequence[str]) -> None:
    db.executemany("DELETE FROM story_listings WHERE story_id = ?", [(s,) for s in story_ids])


def article_meta(db: Connection, article_ids: Sequence[str]) -> dict[str, ArticleMeta]:
    """Title, outlet and date of some articles, without their bodies (for search results)."""
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    rows = db.execute(
        f"SELECT id, title, source, published FROM articles WHERE id IN ({marks})", list(article_ids)
    )
    return {r[0]: ArticleMeta(r[0], r[1], r[2], r[3]) for r in rows}
