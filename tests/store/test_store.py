"""The store refuses what is not its own, leaves it untouched, and migrates its own files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyfuse.errors import StoreError
from storyfuse.store import Store
from storyfuse.store.schema import APPLICATION_ID, SCHEMA_VERSION


def test_new_store_is_marked_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "sentences", "embeddings", "stories", "story_articles", "articles_fts"} <= tables


def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a storyfuse store"):
        Store(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE accounts(id INTEGER, owner TEXT)")
    con.execute("INSERT INTO accounts VALUES (1, 'someone')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a storyfuse store"):
        Store(path)
    assert path.read_bytes() == before


def test_store_from_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this storyfuse reads"):
        Store(path)
    assert path.read_bytes() == before


def test_readonly_open_of_a_missing_store_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="storyfuse ingest"):
        Store(tmp_path / "absent.db", readonly=True)
    assert not (tmp_path / "absent.db").exists()


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store, store.transaction():
        store.db.execute(
            "INSERT INTO stories(id, headline, updated_at) VALUES ('s1', 'Kept headline', '2031-01-01')"
        )
    with Store(path) as store:
        assert (
            store.db.execute("SELECT headline FROM stories WHERE id = 's1'").fetchone()[0] == "Kept headline"
        )


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.db.execute("INSERT INTO stories(id, updated_at) VALUES ('s1', '2031-01-01')")
            raise RuntimeError("boom")
        assert store.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 0


def test_search_accepts_any_user_text(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.search('"unbalanced AND (quote') == []
        assert store.search("   ") == []


def test_listing_dates_prefer_the_clusterers_and_fall_back_to_the_articles(tmp_path: Path) -> None:
    from storyfuse.model import Story, StoryArticle

    def article(article_id: str, published: str | None) -> StoryArticle:
        return StoryArticle(article_id, None, f"https://x.example/{article_id}", None, "T", published)

    with Store(tmp_path / "s.db") as store, store.transaction():
        # "weak": no date the clusterer trusts; "strong": the clusterer dated it from the articles' own dates
        store.save_story_states([("weak", "{}", None, None), ("strong", "{}", "2031-03-01", "2031-03-02")])
        store.write_story(Story("weak", "Weak", [article("a", "2031-02-10"), article("b", "2031-02-12")]))
        store.write_story(Story("strong", "Strong", [article("c", "2031-01-01")]))
        listed = {s.id: (s.first_published, s.last_published) for s in store.list_stories()}
    assert listed == {"weak": ("2031-02-10", "2031-02-12"), "strong": ("2031-03-01", "2031-03-02")}


def test_a_story_is_listed_with_its_first_ranked_summary_sentence(tmp_path: Path) -> None:
    from storyfuse.model import Story, SummarySentence

    opening = SummarySentence("The evening before, the quay was calm.", ["a"], rank=1)
    central = SummarySentence("The Quellport ferry ran aground on Monday.", ["a", "b"], rank=0)
    with Store(tmp_path / "s.db") as store, store.transaction():
        store.save_story_states([("ranked", "{}", None, None), ("older", "{}", None, None)])
        store.write_story(Story("ranked", "Ferry aground", summary=[opening, central]))
        store.write_story(Story("older", "Older", summary=[opening, central]))
        leads = {s.id: s.lead for s in store.list_stories()}
    assert leads == {"ranked": central.text, "older": central.text}
    with Store(tmp_path / "s.db") as store:
        # written before summary sentences had ranks (and before listings were kept, schema 12): the
        # migration reads the listing from the JSON, where the first sentence stands for the story
        store.db.execute(
            "UPDATE stories SET json = json_remove(json_remove(json, '$.summary[0].rank'), "
            "'$.summary[1].rank') WHERE id = 'older'"
        )
        store.db.execute("DROP TABLE story_listings")
        store.db.execute("PRAGMA user_version = 11")
    with Store(tmp_path / "s.db") as store:
        leads = {s.id: s.lead for s in store.list_stories()}
    assert leads == {"ranked": central.text, "older": opening.text}


def test_a_store_from_the_first_schema_is_migrated_with_its_data(tmp_path: Path) -> None:
    from storyfuse.store.database import _statements
    from storyfuse.store.schema import MIGRATIONS

    path = tmp_path / "v1.db"
    con = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.execute("INSERT INTO stories(id, headline, updated_at) VALUES ('s1', 'Old story', '2031-01-01')")
    con.commit()
    con.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("SELECT headline FROM stories").fetchone()[0] == "Old story"
        assert store.term_stats() == ({}, 0)
        assert store.sentence_vectors(["anything"]) == {}
