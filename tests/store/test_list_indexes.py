"""The story lists' indexes and the bounded search (issue 24; SQLite schema 11, PostgreSQL schema 5).

On both backends: the indexes and the kept outlet count are there, a store of the schema before is
migrated to them (its outlet counts filled in), every filter and sort gives what the members say
(the definition the queries had before, computed here in Python), and search ranks the same hits as
ranking every match while fewer than its window match, and only the most recent ones beyond it.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers import text_article
from storyfuse.model import Analysis, DateGuess, Story, StoryArticle, SummarySentence
from storyfuse.store import database as sqlite_database
from storyfuse.store.database import Store
from storyfuse.store.listing import SORTS, StoryFilter
from storyfuse.store.open import open_store

OUTLETS = ["Varnholm Gazette", "Quellport Courier", "Lindquay Herald", "Tessaly Wire", None]
INDEXES = {"stories_recent", "stories_size", "stories_outlets", "stories_updated"}
OUTLET_INDEXES = {"story_outlets_story", "story_outlets_source", "story_outlets_language"}


def _build(address: str) -> dict[str, dict[str, Any]]:
    """Fourteen stories of 1-6 articles over several outlets, days and two languages, every article
    naming the harbour; returns story id -> what the reference lists read."""
    stories: dict[str, dict[str, Any]] = {}
    number = 0
    with open_store(address) as store:
        for k in range(14):
            size = 1 + (k * 5) % 6
            articles = []
            for j in range(size):
                day = f"2031-{1 + (k + j) % 5:02d}-{1 + (3 * k + j) % 27:02d}"
                text = f"The harbour of story {k} article {j}: ferry {'harbour ' * (j % 3)}news {number}."
                articles.append(
                    text_article(
                        f"a{number:04d}",
                        [text],
                        DateGuess(day, "input", 0.9),
                        title=f"Story {k} report {j}",
                        # every third story from one outlet: the outlet order is not the size order
                        source=OUTLETS[k % 4 if k % 3 == 0 else (k + 2 * j) % len(OUTLETS)],
                        language="de" if k % 4 == 3 else "en",
                    )
                )
                number += 1
            story = Story(
                id=f"s{k:011x}",
                headline=f"Story {k} about the harbour",
                articles=[
                    StoryArticle(a.id, a.origin, None, a.source, a.title, a.published.value)  # type: ignore[union-attr]
                    for a in articles
                ],
                summary=[SummarySentence(f"The harbour story {k}.", [articles[0].id])],
            )
            days = sorted(a.published.value for a in articles)  # type: ignore[union-attr]
            with store.transaction():
                store.insert_articles(
                    [(a, a.title or "", Analysis(a.id, [], [], [0.0] * 8)) for a in articles]
                )
                store.save_story_states([(story.id, "{}", days[0], days[-1])])
                store.assign([(a.id, story.id) for a in articles])
                store.write_story(story)
            stories[story.id] = {
                "size": size,
                "first": days[0],
                "last": days[-1],
                "sources": [a.source for a in articles],
                "languages": {a.language for a in articles},
            }
    return stories


def _reference(stories: dict[str, dict[str, Any]], f: StoryFilter) -> list[str]:
    """The stories `f` keeps in its order, from the members alone (the queries' definition)."""
    kept = [
        sid
        for sid, s in stories.items()
        if (not f.since or s["last"] >= f.since)
        and (not f.until or s["first"] <= f.until)
        and (not f.min_articles or s["size"] >= f.min_articles)
        and (not f.source or any(x and f.source.lower() in x.lower() for x in s["sources"]))
        and (not f.language or f.language in s["languages"])
    ]

    def outlets(sid: str) -> int:
        return len({x for x in stories[sid]["sources"] if x})

    kept.sort()  # each sort's last key; the stable sorts below put the earlier keys first
    if f.sort == "recent":
        kept.sort(key=lambda sid: stories[sid]["size"], reverse=True)
        kept.sort(key=lambda sid: stories[sid]["last"], reverse=True)
    elif f.sort == "size":
        kept.sort(key=lambda sid: stories[sid]["last"], reverse=True)
        kept.sort(key=lambda sid: stories[sid]["size"], reverse=True)
    else:
        kept.sort(key=lambda sid: stories[sid]["last"], reverse=True)
        kept.sort(key=lambda sid: stories[sid]["size"], reverse=True)
        kept.sort(key=outlets, reverse=True)
    return kept


FILTERS = [
    StoryFilter(sort=sort, **extra)  # type: ignore[arg-type]
    for sort in SORTS
    for extra in (
        {},
        {"source": "courier"},
        {"source": "WIRE", "min_articles": 3},
        {"language": "de"},
        {"since": "2031-03-01"},
        {"until": "2031-02-15", "source": "gazette"},
    )
]


def _check_lists(address: str, stories: dict[str, dict[str, Any]]) -> None:
    by_outlets, by_size = (_reference(stories, StoryFilter(sort=s)) for s in ("outlets", "size"))
    assert by_outlets != by_size  # the fixture tells the orders apart
    with open_store(address, readonly=True) as store:
        for f in FILTERS:
            expected = _reference(stories, f)
            assert store.filtered_story_ids(f) == expected, f
            assert store.filtered_story_ids(f, 2, 3) == expected[2:5], f
            assert store.count_filtered_stories(f) == len(expected), f
        assert [s.id for s in store.list_stories()] == _reference(stories, StoryFilter())


def _indexes(store: Store) -> set[str]:
    if isinstance(store.db, sqlite_database.sqlite3.Connection):
        rows = store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    else:
        rows = store.db.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
    return {r[0] for r in rows}


def test_the_list_indexes_are_there_and_every_filter_and_sort_gives_what_the_members_say(
    store_address: str,
) -> None:
    stories = _build(store_address)
    with open_store(store_address, readonly=True) as store:
        found = _indexes(store)
    assert found >= INDEXES | OUTLET_INDEXES
    _check_lists(store_address, stories)


def test_each_sqlite_sort_walks_its_index() -> None:
    """SQLite's planner takes the partial indexes for the list pages (not a scan and a sort)."""
    import sqlite3

    from storyfuse.store import listing

    db = sqlite3.connect(":memory:")  # the schema alone: the planner's choice does not need rows
    for script in sqlite_database.MIGRATIONS:
        for statement in sqlite_database._statements(script):
            db.execute(statement)
    for sort, index in (
        ("recent", "stories_recent"),
        ("size", "stories_size"),
        ("outlets", "stories_outlets"),
    ):
        where, params = listing._where(db, StoryFilter(sort=sort))
        sql = f"SELECT s.id FROM stories s WHERE {where} {listing._ORDERS[sort]} LIMIT 30"
        plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert f"USING COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, (sort, plan)


def test_a_store_of_the_schema_before_is_migrated_with_its_outlets_counted(store_address: str) -> None:
    stories = _build(store_address)
    with open_store(store_address) as store:  # back to the schema before: no indexes, no counts
        if store_address.startswith("postgresql"):
            store.db.raw.execute(
                "DROP INDEX stories_recent, stories_size, stories_outlets, stories_updated; "
                "CREATE INDEX stories_listing ON stories((coalesce(last_published, '')) DESC, size DESC, id) "
                "WHERE json IS NOT NULL; DROP TABLE story_outlets; "
                "ALTER TABLE stories DROP COLUMN outlets, DROP COLUMN written; "
                "ALTER TABLE articles_fts DROP COLUMN seq; ALTER TABLE stories_fts DROP COLUMN seq; "
                "DROP TABLE story_listings; "
                "UPDATE storyfuse_meta SET value = '4' WHERE key = 'schema_version'"
            )
        else:
            for name in INDEXES:
                store.db.execute(f"DROP INDEX {name}")
            store.db.execute("DROP TABLE story_outlets")
            store.db.execute("DROP TABLE story_listings")
            store.db.execute("ALTER TABLE stories DROP COLUMN outlets")
            store.db.execute("ALTER TABLE stories DROP COLUMN written")
            store.db.execute("PRAGMA user_version = 10")
    with open_store(store_address) as store:  # migrates
        assert _indexes(store) >= INDEXES | OUTLET_INDEXES
        assert store.search("harbour", limit=100)  # the search tables' order was filled in
    _check_lists(store_address, stories)


def _rank_everything(store: Store, words: str, limit: int) -> list[tuple[str, str]]:
    """The search as it was before its window: every match ranked (the old SQL of each backend)."""
    if isinstance(store.db, sqlite_database.sqlite3.Connection):
        match = sqlite_database._fts_query(words)
        stories = store.db.execute(
            "SELECT story_id FROM stories_fts WHERE stories_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit)
        )
        articles = store.db.execute(
            "SELECT article_id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
    else:
        q = "plainto_tsquery('simple', storyfuse_fold(?)) q"
        stories = store.db.execute(
            f"SELECT story_id FROM stories_fts, {q} WHERE tsv @@ q "
            "ORDER BY ts_rank(tsv, q) DESC, story_id LIMIT ?",
            (words, limit),
        )
        articles = store.db.execute(
            f"SELECT article_id FROM articles_fts, {q} WHERE tsv @@ q "
            "ORDER BY ts_rank(tsv, q) DESC, article_id LIMIT ?",
            (words, limit),
        )
    return [("story", r[0]) for r in stories] + [("article", r[0]) for r in articles]


def test_search_ranks_its_most_recent_matches_the_same_as_ranking_them_all(
    store_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build(store_address)
    with open_store(store_address, readonly=True) as store:
        for words, limit in (("harbour", 5), ("harbour", 20), ("ferry news", 7), ("story 3", 3)):
            assert [(h.kind, h.id) for h in store.search(words, limit)] == _rank_everything(
                store, words, limit
            )
    monkeypatch.setattr(sqlite_database, "SEARCH_WINDOW", 4)
    if store_address.startswith("postgresql"):
        from storyfuse.store.postgres import database as pg_database

        monkeypatch.setattr(pg_database, "SEARCH_WINDOW", 4)
    with open_store(store_address, readonly=True) as store:
        hits = store.search("harbour", limit=2)
        newest = {f"a{n:04d}" for n in range(store.count_articles() - 4, store.count_articles())}
        articles = [h.id for h in hits if h.kind == "article"]
        assert len(articles) == 2 and set(articles) <= newest, articles
        # a limit above the window widens it: every match can still be asked for
        wide = [h for h in store.search("harbour", limit=100) if h.kind == "article"]
        assert len(wide) == store.count_articles()


def test_outlet_filters_give_the_same_stories_when_their_values_are_too_many_to_list(
    store_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outlets and languages a filter names are looked up first and given to the statement as
    values; beyond LISTED_VALUES the statement finds them itself: the same stories either way."""
    from storyfuse.store import listing

    stories = _build(store_address)
    _check_lists(store_address, stories)
    monkeypatch.setattr(listing, "LISTED_VALUES", 0)
    _check_lists(store_address, stories)


def test_entity_filters_give_the_same_stories_when_their_entities_are_too_many_to_list(
    store_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyfuse.store import listing
    from web.fixtures import build_store

    entity_filters = [StoryFilter(entity=e) for e in ("vollrath", "VÖLLRATH", "quell", "e", "no such one")]
    with open_store(build_store(store_address), readonly=True) as store:
        listed = [store.filtered_story_ids(f) for f in entity_filters]
        counted = [store.count_filtered_stories(f) for f in entity_filters]
        assert listed[0] and listed[3] and listed[4] == [], listed  # the fixture tells them apart
        assert counted == [len(x) for x in listed]
        entity_id = store.find_entities("vollrath")[0].id
        by_id = store.filtered_story_ids(StoryFilter(entity=entity_id))
        assert by_id and set(by_id) <= set(listed[0])
        monkeypatch.setattr(listing, "LISTED_ENTITIES", 0)
        assert [store.filtered_story_ids(f) for f in entity_filters] == listed
        assert [store.count_filtered_stories(f) for f in entity_filters] == counted
        assert store.filtered_story_ids(StoryFilter(entity=entity_id)) == by_id


def test_a_condition_every_outlet_row_meets_keeps_every_story_with_articles(store_address: str) -> None:
    """?language=en of an English store keeps every story that has articles (and none without), and is
    not a list of every story's id; an outlet no row has keeps none."""
    from storyfuse.store import listing

    with open_store(store_address) as store:
        for k, outlet in enumerate(["Varnholm Gazette", "Quellport Courier", "Varnholm Gazette"]):
            article = text_article(
                f"b{k}",
                [f"Story {k}: the quay."],
                DateGuess(f"2031-05-0{k + 1}", "input", 0.9),
                title=f"Story {k}",
                source=outlet,
                language="en",
            )
            story = Story(
                id=f"s{k}",
                headline=f"Story {k}",
                articles=[StoryArticle(article.id, article.origin, None, outlet, article.title, None)],
            )
            with store.transaction():
                store.insert_articles([(article, article.text, Analysis(article.id, [], [], [0.0] * 8))])
                store.save_story_states([(story.id, "{}", f"2031-05-0{k + 1}", f"2031-05-0{k + 1}")])
                store.assign([(article.id, story.id)])
                store.write_story(story)
        with store.transaction():  # written with no articles: no outlet row, so no outlet filter keeps it
            store.save_story_states([("s-empty", "{}", "2031-06-01", "2031-06-01")])
            store.write_story(Story(id="s-empty", headline="Nothing"))
        assert listing._outlet_values(store.db, "language", "lower(x) = ?", "en") is True
        assert listing._outlet_values(store.db, "source", "instr(lower(x), ?) > 0", "varnholm") == [
            "Varnholm Gazette"
        ]
        every = ["s2", "s1", "s0"]
        for f, expected in (
            (StoryFilter(language="EN"), every),
            (StoryFilter(source="o"), every),  # every outlet's name holds an o
            (StoryFilter(source="varnholm", language="en"), ["s2", "s0"]),
            (StoryFilter(language="de"), []),
            (StoryFilter(source="nowhere"), []),
            (StoryFilter(), ["s-empty", *every]),
        ):
            assert store.filtered_story_ids(f) == expected, f
            assert store.count_filtered_stories(f) == len(expected), f
