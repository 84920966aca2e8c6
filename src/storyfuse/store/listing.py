"""Filtered and sorted story lists, entity lists by mentions, and id prefixes (issue 24).

Filters are SQL over narrow columns and covering indexes (schema 11: each written story's outlets and
languages in story_outlets, its outlet count in stories.outlets), so a filtered page costs a few
statements whatever the store's size; the page's listings are then read by
`queries.list_stories_by_id`, as the unfiltered list is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from storyfuse.store.entity_catalogue import alias_key, type_group
from storyfuse.store.queries import StoryListing, list_stories_by_id
from storyfuse.store.sql import NO_LIMIT, Connection

SORTS = ("recent", "size", "outlets")
ID_TABLES = {"story": "stories", "article": "articles", "storyline": "storylines", "entity": "entities"}
_TOP = "\U0010ffff"  # sorts after every character: id >= p AND id < p + _TOP is "id starts with p"


@dataclass(frozen=True)
class StoryFilter:
    """What a story list keeps: stories whose publication span meets [since, until] (ISO days), with an
    article from an outlet whose name contains `source`, or in `language`, naming an entity whose
    spelling contains `entity` (or with that entity id), of `min_articles` articles or more."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    language: str | None = None
    entity: str | None = None
    min_articles: int | None = None
    sort: str = "recent"

    @property
    def active(self) -> bool:
        return any(
            v not in (None, "") for v in (self.since, self.until, self.source, self.language, self.entity)
        ) or bool(self.min_articles and self.min_articles > 1)


def _where(db: Connection, f: StoryFilter) -> tuple[str, list[Any]]:
    clauses, params, sets = _conditions(db, f)
    for subquery, values in sets:
        clauses.append(f"s.id IN ({subquery})")
        params += values
    return " AND ".join(clauses), params


def _conditions(db: Connection, f: StoryFilter) -> tuple[list[str], list[Any], list[tuple[str, list[Any]]]]:
    """What `f` asks of a story: conditions on its own columns (and their parameters), and the sets of
    story ids it must be in (a statement over story_outlets or story_entities, with its parameters)."""
    clauses = ["s.written = 1"]
    params: list[Any] = []
    sets: list[tuple[str, list[Any]]] = []
    if f.since:
        clauses.append("substr(s.last_published, 1, 10) >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("substr(s.first_published, 1, 10) <= ?")
        params.append(f.until)
    if f.min_articles:
        clauses.append("s.size >= ?")
        params.append(f.min_articles)
    member: list[str] = []
    member_params: list[Any] = []
    for column, wanted, keep in (
        ("source", f.source, "instr(lower(x), ?) > 0"),
        ("language", f.language, "lower(x) = ?"),
    ):
        if not wanted:
            continue
        value = wanted.strip().lower()
        kept = _outlet_values(db, column, keep, value)
        if kept is True:
            # every outlet row meets it (?language=en of an English store): it keeps every story with
            # articles, which the sort's covering index tells without a list of their ids
            clauses.append("s.size > 0")
        elif kept is None:  # too many to list: the loose index scan in the statement itself
            member.append(f"o.{column} IN ({_distinct(column, keep)})")
            member_params.append(value)
        elif not kept:
            clauses.append("1 = 0")
        else:
            member.append(f"o.{column} IN ({','.join('?' * len(kept))})")
            member_params += kept
    if member:
        sets.append((f"SELECT o.story_id FROM story_outlets o WHERE {' AND '.join(member)}", member_params))
    if f.entity:
        ids = _entity_ids(db, f.entity)
        if ids is None:  # too many to list: the planner takes the key scan as it is
            sets.append(
                (
                    "SELECT se.story_id FROM story_entities se WHERE se.entity_id IN "
                    f"(SELECT ? UNION SELECT k.entity_id FROM entity_keys k WHERE {_KEY_MATCH})",
                    [f.entity.strip(), alias_key(f.entity)],
                )
            )
        else:
            marks = ",".join("?" * len(ids))
            sets.append((f"SELECT se.story_id FROM story_entities se WHERE se.entity_id IN ({marks})", ids))
    return clauses, params, sets


_KEY_MATCH = "instr(k.key, ?) > 0"
LISTED_ENTITIES = 500  # entities an entity filter names by id; beyond, it keeps the key scan


def _entity_ids(db: Connection, given: str) -> list[str] | None:
    """The entity ids an entity filter asks for: `given` itself (an entity id), and each entity one of
    whose folded spellings contains `given` folded; None when more than LISTED_ENTITIES do. Found first,
    so that the stories are then looked up by these ids through their index: neither planner can tell
    how many keys a substring matches, and PostgreSQL read every story's entities for it."""
    key = alias_key(given)
    found = [given.strip()]
    if key:  # nothing folds to '': no key matches then
        found += [
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT k.entity_id FROM entity_keys k WHERE {_KEY_MATCH} LIMIT ?",
                (key, LISTED_ENTITIES + 1),
            )
        ]
    return None if len(found) > LISTED_ENTITIES else found


def _distinct(column: str, keep: str) -> str:
    """The distinct values of story_outlets.`column` that `keep` (over x) holds for, read by one index
    seek per value (a loose index scan: outlets are few beside articles), not by a scan of every row."""
    return (
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM story_outlets UNION ALL "
        f"SELECT (SELECT min({column}) FROM story_outlets WHERE {column} > v.x) FROM v "
        f"WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL AND {keep}"
    )


LISTED_VALUES = 500  # outlets or languages a filter names; beyond, the statement finds them itself


def _outlet_values(db: Connection, column: str, keep: str, value: str) -> list[str] | Literal[True] | None:
    """The distinct values of story_outlets.`column` that `keep` holds for (one index seek per value);
    True when it holds for every row (no row lacks a `column`, no value fails it); None when more
    than LISTED_VALUES do. Found first, so that each planner sees the values themselves: PostgreSQL
    guessed half of all rows for the statement's own scan, and read each story's outlets to count 3k."""
    rows = db.execute(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM story_outlets UNION ALL "
        f"SELECT (SELECT min({column}) FROM story_outlets WHERE {column} > v.x) FROM v "
        f"WHERE v.x IS NOT NULL) SELECT x, CASE WHEN {keep} THEN 1 ELSE 0 END FROM v WHERE x IS NOT NULL "
        f"UNION ALL SELECT NULL, 0 WHERE EXISTS (SELECT 1 FROM story_outlets WHERE {column} IS NULL)",
        (value,),
    ).fetchall()
    kept = [r[0] for r in rows if r[1]]
    if rows and len(kept) == len(rows):
        return True
    return None if len(kept) > LISTED_VALUES else kept


# Each order is a covering index of written stories (stories_recent, stories_size, stories_outlets), so
# a page walks it and stops, whatever the store's size. A story without dates sorts last (NULLS LAST is
# SQLite's DESC order, and PostgreSQL's index says it).
_LAST = "s.last_published DESC NULLS LAST"
_ORDERS = {
    "recent": f"ORDER BY {_LAST}, s.size DESC, s.id",
    "size": f"ORDER BY s.size DESC, {_LAST}, s.id",
    "outlets": f"ORDER BY s.outlets DESC, s.size DESC, {_LAST}, s.id",
}


def keep_outlets(db: Connection, story_id: str) -> None:
    """Record a story's outlets and languages, and count its named outlets, as its articles are now;
    what the filters and the outlet sort read (Store.write_story calls it)."""
    db.execute("DELETE FROM story_outlets WHERE story_id = ?", (story_id,))
    db.execute(
        "INSERT INTO story_outlets(story_id, source, language) SELECT DISTINCT sa.story_id, a.source, "
        "a.language FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?",
        (story_id,),
    )
    db.execute(
        "UPDATE stories SET written = 1, outlets = "
        "(SELECT count(DISTINCT source) FROM story_outlets WHERE story_id = ?) WHERE id = ?",
        (story_id, story_id),
    )


def forget_outlets(db: Connection, story_ids: list[str]) -> None:
    db.executemany("DELETE FROM story_outlets WHERE story_id = ?", [(s,) for s in story_ids])


def filtered_story_ids(
    db: Connection, f: StoryFilter, offset: int = 0, limit: int | None = None
) -> list[str]:
    """One page of the ids of the stories `f` keeps, in its order."""
    if f.sort not in _ORDERS:
        raise ValueError(f"unknown sort {f.sort!r}")
    where, params = _where(db, f)
    sql = f"SELECT s.id FROM stories s WHERE {where} {_ORDERS[f.sort]} LIMIT ? OFFSET ?"
    return [r[0] for r in db.execute(sql, [*params, NO_LIMIT if limit is None else limit, offset])]


def list_filtered(
    db: Connection, f: StoryFilter, offset: int = 0, limit: int | None = None
) -> list[StoryListing]:
    return list_stories_by_id(db, filtered_story_ids(db, f, offset, limit))


def count_filtered(db: Connection, f: StoryFilter) -> int:
    clauses, params, sets = _conditions(db, f)
    if clauses == ["s.written = 1"] and len(sets) == 1:
        # one set alone (?source=, ?entity=): its distinct stories, read from the set's own index.
        # story_outlets and story_entities hold written stories only (write_story fills them, and
        # drop_stories empties them): counting those of an outlet was a walk of every story's id
        subquery, values = sets[0]
        sql = f"SELECT count(DISTINCT m.story_id) FROM ({subquery}) m"
        return int(db.execute(sql, values).fetchone()[0])
    where, params = _where(db, f)
    return int(db.execute(f"SELECT count(*) FROM stories s WHERE {where}", params).fetchone()[0])


def count_unwritten(db: Connection) -> int:
    """Stories formed but never synthesised (no JSON yet), so no list shows them."""
    return int(db.execute("SELECT count(*) FROM stories WHERE json IS NULL").fetchone()[0])


def outlet_counts(db: Connection, story_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Story id -> (named outlets, articles of no known outlet)."""
    out: dict[str, tuple[int, int]] = {}
    for start in range(0, len(story_ids), 500):
        chunk = story_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for sid, named, unknown in db.execute(
            "SELECT sa.story_id, count(DISTINCT a.source), "
            "sum(CASE WHEN a.source IS NULL OR a.source = '' THEN 1 ELSE 0 END) FROM story_articles sa "
            f"JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN ({marks}) "
            "GROUP BY sa.story_id",
            chunk,
        ):
            out[sid] = (int(named), int(unknown or 0))
    return out


def ids_starting(db: Connection, kind: str, prefix: str, limit: int = 2) -> list[str]:
    """Ids of `kind` (story, article, storyline, entity) that are `prefix` or start with it, the exact
    one first; a story is counted once written, an entity while a story names it."""
    table = ID_TABLES[kind]
    alive = {"stories": "written = 1", "entities": "stories > 0"}.get(table, "TRUE")
    exact = db.execute(f"SELECT id FROM {table} WHERE id = ? AND {alive}", (prefix,)).fetchone()
    if exact:
        return [exact[0]]
    rows = db.execute(
        f"SELECT id FROM {table} WHERE id >= ? AND id < ? AND {alive} ORDER BY id LIMIT ?",
        (prefix, prefix + _TOP, limit),
    )
    return [r[0] for r in rows]


def entity_ids_by_mentions(
    db: Connection, entity_type: str | None = None, offset: int = 0, limit: int = 20
) -> list[str]:
    """Ids of the entities some story names, most mentioned first; of one type group when given."""
    where, params = "stories > 0", [*([type_group(entity_type.upper())] if entity_type else [])]
    if entity_type:
        where += " AND type = ?"
    rows = db.execute(
        f"SELECT id FROM entities WHERE {where} ORDER BY mentions DESC, name, id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [r[0] for r in rows]


def entity_types(db: Connection) -> list[tuple[str, int]]:
    """(type group, entities of it some story names), commonest first."""
    rows = db.execute(
        "SELECT type, count(*) FROM entities WHERE stories > 0 GROUP BY type ORDER BY count(*) DESC, type"
    )
    return [(r[0], int(r[1])) for r in rows]


@dataclass
class ArticleRow:
    """An article as an export lists it: no raw input, its body as stored (JSON blocks)."""

    story_id: str
    id: str
    title: str | None
    source: str | None
    url: str | None
    origin: str
    published: str | None
    language: str | None
    credits: str  # JSON list
    body: str  # JSON list of {text, kind}
    removed: str  # JSON list


def article_rows(db: Connection, story_ids: list[str]) -> list[ArticleRow]:
    """The articles of these stories (at most a few hundred stories at a time), story by story in the
    given order, each story's in ingest order."""
    place = {sid: k for k, sid in enumerate(story_ids)}
    rows: list[tuple[int, int, ArticleRow]] = []
    marks = ",".join("?" * len(story_ids))
    for r in db.execute(
        "SELECT sa.story_id, a.seq, a.id, a.title, a.source, a.url, a.origin, a.published, a.language, "
        f"a.credits, a.body, a.removed FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
        f"WHERE sa.story_id IN ({marks})",
        story_ids,
    ):
        rows.append((place[r[0]], r[1], ArticleRow(r[0], *r[2:])))
    rows.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in rows]
