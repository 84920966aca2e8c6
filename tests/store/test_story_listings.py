"""Story listings kept when a story is written (issue 24; SQLite schema 12, PostgreSQL schema 6).

A list page reads each story's lead sentence and article list from `story_listings`, never from the
story's JSON. On both backends: what is kept is what the story says, a story written again replaces
it, a dropped story's goes with it, and a store of the schema before gets the same listings from its
stories' JSON when it is migrated.
"""

from __future__ import annotations

import json

from helpers import text_article
from storyfuse.model import Analysis, Article, DateGuess, Story, StoryArticle, SummarySentence
from storyfuse.store.open import open_store

OUTLETS = ["Quellport Gazette", None, "Tessaly Wire — ünïcode"]


def _story(k: int, size: int) -> tuple[list[Article], Story]:
    articles = []
    for j in range(size):
        articles.append(
            text_article(
                f"a{k}-{j}",
                [f"Story {k} article {j}: the quay was calm."],
                DateGuess(f"2031-05-{1 + j:02d}", "input", 0.9),
                title=f"Report {j} of story {k} « quay »" if j % 2 == 0 else None,
                source=OUTLETS[(k + j) % len(OUTLETS)],
                language="en",
            )
        )
    summary = [
        SummarySentence(f"The opening of story {k}.", [articles[0].id], rank=1),
        SummarySentence(f"What stands for story {k}.", [articles[-1].id], rank=0),
    ]
    story = Story(
        id=f"s{k:03d}",
        headline=f"Story {k}",
        articles=[
            StoryArticle(
                a.id,
                a.origin if j % 3 else None,
                f"https://x.example/{a.id}" if j % 2 else None,
                a.source,
                a.title,
                a.published.value if a.published else None,
            )
            for j, a in enumerate(articles)
        ],
        summary=summary[: k % 3],  # none, the opening alone, or both (the second ranked first)
    )
    return articles, story


def _write(address: str) -> None:
    with open_store(address) as store:
        for k, size in enumerate([1, 4, 2, 7]):
            articles, story = _story(k, size)
            with store.transaction():
                store.insert_articles(
                    [(a, a.title or "", Analysis(a.id, [], [], [0.0] * 8)) for a in articles]
                )
                store.save_story_states([(story.id, "{}", "2031-05-01", "2031-05-07")])
                store.assign([(a.id, story.id) for a in articles])
                store.write_story(story)


def _listings(address: str) -> dict[str, tuple[object, ...]]:
    with open_store(address, readonly=True) as store:
        return {
            s.id: (s.headline, s.size, s.lead, [tuple(vars(a).values()) for a in s.articles])
            for s in store.list_stories()
        }


def test_a_list_shows_what_each_story_said_when_it_was_written(store_address: str) -> None:
    _write(store_address)
    listed = _listings(store_address)
    for k, size in enumerate([1, 4, 2, 7]):
        _, story = _story(k, size)
        lead = {0: None, 1: f"The opening of story {k}.", 2: f"What stands for story {k}."}[k % 3]
        articles = [(a.id, a.path, a.url, a.source, a.title) for a in story.articles]
        assert listed[story.id] == (story.headline, size, lead, articles)
    with open_store(store_address) as store:
        _, story = _story(3, 7)
        story.headline, story.articles = "Story 3 again", story.articles[:2]
        with store.transaction():
            store.write_story(story)  # written again: its listing follows
            store.assign([(a, "s003") for a in store.story_article_ids("s001")])
            store.drop_stories(["s001"])  # merged away: its listing goes
        assert store.db.execute("SELECT count(*) FROM story_listings").fetchone()[0] == 3
    listed = _listings(store_address)
    assert "s001" not in listed and listed["s003"][0] == "Story 3 again" and len(listed["s003"][3]) == 2


def test_a_store_of_the_schema_before_gets_the_same_listings_from_its_story_json(store_address: str) -> None:
    _write(store_address)
    written = _listings(store_address)
    with open_store(store_address) as store:  # back to the schema before: no listings kept
        store.db.execute("DROP TABLE story_listings")
        if store_address.startswith("postgresql"):
            store.db.execute("UPDATE storyfuse_meta SET value = '5' WHERE key = 'schema_version'")
        else:
            store.db.execute("PRAGMA user_version = 11")
    with open_store(store_address) as store:  # migrates
        assert store.db.execute("SELECT count(*) FROM story_listings").fetchone()[0] == len(written)
    assert _listings(store_address) == written


def test_listings_kept_as_arrays_become_the_apis_objects(store_address: str) -> None:
    """SQLite 12 / PostgreSQL 6 kept each article as [id, path, url, source, title]; the next schema
    keeps the objects /api/stories lists, which an API page passes on as they are."""
    _write(store_address)
    written = _listings(store_address)
    with open_store(store_address) as store:
        rows = [tuple(r) for r in store.db.execute("SELECT story_id, articles FROM story_listings")]
        as_arrays = [
            (
                json.dumps(
                    [[a["id"], a["path"], a["url"], a["source"], a["title"]] for a in json.loads(text)]
                ),
                sid,
            )
            for sid, text in rows
        ]
        store.db.executemany("UPDATE story_listings SET articles = ? WHERE story_id = ?", as_arrays)
        if store_address.startswith("postgresql"):
            store.db.execute("UPDATE storyfuse_meta SET value = '6' WHERE key = 'schema_version'")
        else:
            store.db.execute("PRAGMA user_version = 12")
    with open_store(store_address) as store:  # migrates: the text written now, byte for byte
        found = [tuple(r) for r in store.db.execute("SELECT story_id, articles FROM story_listings")]
        assert sorted(found) == sorted(rows)
    assert _listings(store_address) == written
