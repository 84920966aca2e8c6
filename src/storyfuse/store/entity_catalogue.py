"""Store-wide entities: one global entry per person, place or organisation, linked from every story naming it.

When a story is written, each of its entities joins the global entity that owns one of its alias keys
(folded spellings: case, accents, honorifics, possessives and punctuation dropped; Cyrillic transliterated):

* people link only by full names (two words or more): a lone surname or first name names different
  people in different stories. A full name also links to a spelling variant of itself (Sergei/Sergey
  Lavrov, Antony Blinken/Blinkin) with the story resolver's own tests for one name spelled two ways;
* places, organisations and groups link by any key of three letters or more ("Geneva", "NATO");
* when the keys point to two or more global entities, the entity links to none of them: it gets an
  entity of its own, and keys another entity owns stay that entity's alone (no guessing, no chaining).

A key, once given to an entity, stays with it, so a story written again (re-synthesised) finds the same
entities and their ids are stable; an entity no story names any more is kept for that reason but is
never listed. The global name is the spelling most mentioned over the stories that name it now.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyfuse.model import Entity
from storyfuse.names import HONORIFICS, TYPE_GROUPS, fold, same_person
from storyfuse.store.queries import chunks
from storyfuse.store.sql import Connection

PERSON = "PERSON"
MIN_KEY_LETTERS = 3  # shorter single-word keys ("UN", "EU") name too many things to link stories by
MIN_NAME_PART = 2  # letters of each of the two words a person's key needs: an initial is not a name
MAX_ALIASES = 30  # spellings an entity page lists
_TITLES = HONORIFICS | {"prof", "professor", "rev", "mx", "messrs", "mme", "mlle", "herr", "frau"}
_POSSESSIVE = re.compile(r"['’]s?(?=\s|$)")


@dataclass
class EntityStory:
    """A story naming a global entity, with the name and mention count that story gives it."""

    id: str
    headline: str
    published: str | None  # the story's latest publication day
    name: str
    mentions: int


@dataclass
class GlobalEntity:
    id: str
    name: str
    type: str  # PERSON, PLACE, ORG, NORP, …
    mentions: int  # over every story that names it
    aliases: list[str] = field(default_factory=list)  # other spellings the stories use
    stories: list[EntityStory] = field(default_factory=list)  # most recent first

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": self.mentions,
            "aliases": self.aliases,
            "stories": [vars(s) for s in self.stories],
        }


# --- keys -------------------------------------------------------------------------------------


def type_group(entity_type: str) -> str:
    """GPE, LOC and FAC are all places: NER calls one city either."""
    return TYPE_GROUPS.get(entity_type, entity_type)


def alias_key(name: str) -> str:
    """A name folded for matching: lower case ASCII, no accents, possessive, honorific or punctuation."""
    words = fold(_POSSESSIVE.sub("", name)).replace("-", " ").replace("_", " ").split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def linkable(key: str, group: str) -> bool:
    """Whether a key may tie stories together (module docstring)."""
    words = key.split()
    if group == PERSON:
        return len(words) >= 2 and len(words[0]) >= MIN_NAME_PART and len(words[-1]) >= MIN_NAME_PART
    return sum(c.isalpha() for c in key) >= MIN_KEY_LETTERS


# --- linking a story ----------------------------------------------------------------------------


def link_story(db: Connection, story_id: str, entities: Sequence[Entity]) -> list[str]:
    """Link a story's entities to global entities, replacing its earlier links; returns one global id
    per entity, in order. Call inside the transaction that writes the story."""
    before = _previous_links(db, story_id)
    touched = {gid for gids in before.values() for gid in gids}
    db.execute("DELETE FROM story_entities WHERE story_id = ?", (story_id,))
    ids = [_link_entity(db, entity, before) for entity in entities]
    db.executemany(
        "INSERT INTO story_entities(story_id, position, entity_id, name, aliases, mentions) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (story_id, i, gid, e.name, json.dumps(e.aliases, ensure_ascii=False), e.mentions)
            for i, (e, gid) in enumerate(zip(entities, ids, strict=True))
        ],
    )
    _refresh(db, touched | set(ids))
    return ids


def unlink_stories(db: Connection, story_ids: Sequence[str]) -> None:
    """Forget the links of stories that are gone (merged into others)."""
    touched = _linked_ids(db, story_ids)
    db.executemany("DELETE FROM story_entities WHERE story_id = ?", [(s,) for s in story_ids])
    _refresh(db, set(touched))


def link_all_stories(db: Connection) -> int:
    """Link every written story, oldest first, and put the ids in its JSON (a store gaining the tables)."""
    rows = db.execute(
        "SELECT id, json FROM stories WHERE json IS NOT NULL ORDER BY coalesce(first_published, ''), id"
    ).fetchall()
    for story_id, text in rows:
        data = json.loads(text)
        entities = [Entity(**e) for e in data.get("entities", [])]
        for item, gid in zip(data.get("entities", []), link_story(db, story_id, entities), strict=True):
            item["id"] = gid
        db.execute("UPDATE stories SET json = ? WHERE id = ?", (json.dumps(data), story_id))
    return len(rows)


def _linked_ids(db: Connection, story_ids: Sequence[str]) -> list[str]:
    found: list[str] = []
    for chunk in chunks(list(story_ids), 500):
        marks = ",".join("?" * len(chunk))
        query = f"SELECT DISTINCT entity_id FROM story_entities WHERE story_id IN ({marks})"
        found += [r[0] for r in db.execute(query, chunk)]
    return found


def _previous_links(db: Connection, story_id: str) -> dict[tuple[str, str], set[str]]:
    """(type, key) -> global ids this story linked before it was written again."""
    links: dict[tuple[str, str], set[str]] = {}
    for gid, group, name, aliases in db.execute(
        "SELECT l.entity_id, e.type, l.name, l.aliases FROM story_entities l "
        "JOIN entities e ON e.id = l.entity_id WHERE l.story_id = ?",
        (story_id,),
    ):
        for spelling in [name, *json.loads(aliases)]:
            links.setdefault((group, alias_key(spelling)), set()).add(gid)
    return links


def _link_entity(db: Connection, entity: Entity, before: dict[tuple[str, str], set[str]]) -> str:
    group = type_group(entity.type)
    keys = sorted({k for k in (alias_key(n) for n in [entity.name, *entity.aliases]) if k})
    wanted = [k for k in keys if linkable(k, group)]
    owners = _owners(db, group, wanted)
    if not any(owners.values()) and group == PERSON:
        owners = _variant_owners(db, wanted)
    found = {gid for ids in owners.values() for gid in ids}
    if not found:
        # A name no other story may share ("Johnson" alone) keeps the entity it had in this story.
        found = {gid for k in keys for gid in before.get((group, k), set())}
    target = next(iter(found)) if len(found) == 1 else _new_entity(db, group, entity.name, keys)
    # Keys no other entity owns join the target; owned keys stay with their owner alone.
    free = {k for k in wanted if not owners.get(k) or owners[k] == {target}}
    db.executemany(
        "INSERT INTO entity_keys(type, key, entity_id, linkable, first, last) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(type, key, entity_id) DO UPDATE SET linkable = CASE "
        "WHEN excluded.linkable > entity_keys.linkable THEN excluded.linkable ELSE entity_keys.linkable END",
        [(group, k, target, int(k in free), *_name_ends(k, group, k in free)) for k in keys],
    )
    return target


def _name_ends(key: str, group: str, is_linkable: bool) -> tuple[str | None, str | None]:
    """First and last word of a person's linkable key: where spelling variants are looked up."""
    if group != PERSON or not is_linkable:
        return None, None
    words = key.split()
    return words[0], words[-1]


def _owners(db: Connection, group: str, keys: Sequence[str]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for chunk in chunks(list(keys), 500):
        marks = ",".join("?" * len(chunk))
        for key, gid in db.execute(
            f"SELECT key, entity_id FROM entity_keys WHERE type = ? AND linkable = 1 AND key IN ({marks})",
            [group, *chunk],
        ):
            owners.setdefault(key, set()).add(gid)
    return owners


# Surnames spelled two ways nearly always agree in their first letters (parts_similar asks the first).
SURNAME_BLOCK = 2


def _variant_owners(db: Connection, keys: Sequence[str]) -> dict[str, set[str]]:
    """Owners of people's keys that are spelling variants of these: same first or last word, or a last
    word that begins with the same two letters (Muammar Gaddafi and Moammar Gadhafi share no word),
    then the full test, so a lookup reads only the keys near the name (an index range each)."""
    owners: dict[str, set[str]] = {}
    for key in keys:
        words = key.split()
        prefix = words[-1][:SURNAME_BLOCK]
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past every one with the prefix
        for other, gid in db.execute(
            "SELECT key, entity_id FROM entity_keys WHERE type = ? AND linkable = 1 AND first = ? "
            "UNION SELECT key, entity_id FROM entity_keys WHERE type = ? AND linkable = 1 AND last = ? "
            "UNION SELECT key, entity_id FROM entity_keys WHERE type = ? AND linkable = 1 "
            "AND last >= ? AND last < ?",
            (PERSON, words[0], PERSON, words[-1], PERSON, prefix, after),
        ):
            if same_person(words, other.split()):
                owners.setdefault(key, set()).add(gid)
    return owners


def _new_entity(db: Connection, group: str, name: str, keys: Sequence[str]) -> str:
    """A new global entity; its id is a hash of its type and first spelling, so the same ingest order
    gives the same ids."""
    seed = f"{group}\0{alias_key(name) or name}"
    for attempt in range(1000):
        digest = hashlib.sha1(f"{seed}\0{attempt}".encode()).hexdigest()[:11]
        gid = "e" + digest
        if db.execute("SELECT 1 FROM entities WHERE id = ?", (gid,)).fetchone() is None:
            db.execute("INSERT INTO entities(id, type, name) VALUES (?, ?, ?)", (gid, group, name))
            return gid
    raise RuntimeError("no free entity id")  # 1000 sha1 collisions in a row: not reachable


def _refresh(db: Connection, entity_ids: Iterable[str]) -> None:
    """Recount mentions and stories, and pick the name most mentioned (then in most stories)."""
    db.executemany(
        """UPDATE entities SET
             mentions = coalesce((SELECT sum(mentions) FROM story_entities WHERE entity_id = entities.id), 0),
             stories = (SELECT count(DISTINCT story_id) FROM story_entities WHERE entity_id = entities.id),
             name = coalesce((SELECT name FROM story_entities WHERE entity_id = entities.id GROUP BY name
                              ORDER BY sum(mentions) DESC, count(DISTINCT story_id) DESC, name LIMIT 1), name)
           WHERE id = ?""",
        [(gid,) for gid in sorted(entity_ids)],
    )


# --- reading ----------------------------------------------------------------------------------


def entity(db: Connection, entity_id: str) -> GlobalEntity | None:
    """A global entity named by at least one story, with its spellings and stories."""
    row = db.execute(
        "SELECT id, name, type, mentions FROM entities WHERE id = ? AND stories > 0", (entity_id,)
    ).fetchone()
    return _filled(db, row[0], row[1], row[2], row[3]) if row else None


def find_entities(db: Connection, query: str, limit: int = 20) -> list[GlobalEntity]:
    """Entities one of whose spellings contains the query: whole spelling first, then one beginning
    with it, then a word beginning with it, then anywhere; most mentioned first within each."""
    needle = alias_key(query) or fold(query)
    if not needle:
        return []
    # LIKE patterns with the needle escaped: instr() is SQLite's alone; keys are folded to lower case
    like = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute(
        """SELECT e.id, e.name, e.type, e.mentions,
                  min(CASE WHEN k.key = ? THEN 0 WHEN k.key LIKE ? ESCAPE '\\' THEN 1
                           WHEN ' ' || k.key LIKE ? ESCAPE '\\' THEN 2 ELSE 3 END) AS rank
           FROM entity_keys k JOIN entities e ON e.id = k.entity_id
           WHERE k.key LIKE ? ESCAPE '\\' AND e.stories > 0
           GROUP BY e.id ORDER BY rank, e.mentions DESC, e.name, e.id LIMIT ?""",
        (needle, f"{like}%", f"% {like}%", f"%{like}%", limit),
    ).fetchall()
    return [_filled(db, r[0], r[1], r[2], r[3]) for r in rows]


def _filled(db: Connection, gid: str, name: str, group: str, mentions: int) -> GlobalEntity:
    # the story's name for it: the spelling of its most mentioned link (the first of those, in order)
    by_story: dict[str, EntityStory] = {}
    most: dict[str, int] = {}
    for story_id, headline, published, spelling, count in db.execute(
        "SELECT s.id, s.headline, s.last_published, l.name, l.mentions FROM story_entities l "
        "JOIN stories s ON s.id = l.story_id WHERE l.entity_id = ? "
        "ORDER BY coalesce(s.last_published, '') DESC, s.size DESC, s.id, l.position",
        (gid,),
    ):
        if story_id not in by_story:
            by_story[story_id] = EntityStory(story_id, headline, published, spelling, 0)
            most[story_id] = count
        elif count > most[story_id]:
            by_story[story_id].name, most[story_id] = spelling, count
        by_story[story_id].mentions += count
    stories = list(by_story.values())
    weight: dict[str, int] = {}
    for spelling, aliases, count in db.execute(
        "SELECT name, aliases, mentions FROM story_entities WHERE entity_id = ? ORDER BY story_id, position",
        (gid,),
    ):
        weight[spelling] = weight.get(spelling, 0) + count
        for alias in json.loads(aliases):
            weight.setdefault(alias, 0)
    aliases = sorted((s for s in weight if s != name), key=lambda s: (-weight[s], s))[:MAX_ALIASES]
    return GlobalEntity(gid, name, group, mentions, aliases, stories)
