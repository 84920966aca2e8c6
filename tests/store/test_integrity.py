"""`storyfuse check [--repair]`: a store corrupted on purpose is found out, and repaired to the store
it was before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import run_cli, write_articles
from storyfuse.pipeline import ingest, repair
from storyfuse.store import Store
from storyfuse.store.integrity import (
    EMPTY,
    LEAD_VECTOR,
    MEMBERS,
    NO_STORY,
    ORPHANS,
    PENDING,
    SEARCH,
    SENTENCES,
    SIZE,
    STORY_SEARCH,
    UNANALYSED,
    UNASSIGNED,
    UNWRITTEN,
    check,
)
from storyfuse.store.lock import write_lock

ARTICLES = 12


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of fictional articles as one ingest leaves it."""
    folder = tmp_path_factory.mktemp("intact")
    write_articles(folder / "articles", ARTICLES)
    db = folder / "intact.db"
    with Store(db) as store:
        report = ingest(store, [str(folder / "articles")])
    assert report.added == ARTICLES and not report.problems
    return db


@pytest.fixture
def db(intact: Path, tmp_path: Path) -> Path:
    """A copy of the intact store, to corrupt."""
    copy = tmp_path / "s.db"
    source, target = sqlite3.connect(intact), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def _corrupt(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db)  # foreign keys off, as SQLite's default: a writer that bypassed them
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def _stories(db: Path) -> set[frozenset[str]]:
    con = sqlite3.connect(db)
    rows = con.execute("SELECT story_id, article_id FROM story_articles").fetchall()
    con.close()
    stories: dict[str, set[str]] = {}
    for story_id, article_id in rows:
        stories.setdefault(story_id, set()).add(article_id)
    return {frozenset(s) for s in stories.values()}


def _assert_whole(db: Path) -> None:
    """What the issue's concurrent ingests broke, measured directly rather than through the check."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM story_articles").fetchone()[0] == ARTICLES
        assert (
            con.execute(
                "SELECT count(*) FROM stories s WHERE size != "
                "(SELECT count(*) FROM story_articles m WHERE m.story_id = s.id)"
            ).fetchone()[0]
            == 0
        )
        assert con.execute("SELECT count(*) FROM stories WHERE dirty = 1 OR json IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT count(DISTINCT article_id) FROM sentences").fetchone()[0] == ARTICLES
        assert con.execute("SELECT count(*) FROM pending_analysis").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM embeddings").fetchone()[0] == ARTICLES
    finally:
        con.close()


def _first_story(db: Path) -> tuple[str, list[str]]:
    con = sqlite3.connect(db)
    story_id = con.execute(
        "SELECT story_id FROM story_articles GROUP BY story_id ORDER BY count(*) DESC, story_id LIMIT 1"
    ).fetchone()[0]
    members = [
        r[0]
        for r in con.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,)
        )
    ]
    con.close()
    return story_id, members


def test_a_store_one_ingest_wrote_has_no_problems(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = run_cli(capsys, "check", "--db", str(db))
    assert done.code == 0, done.err
    assert done.out == ""
    assert "no problems found" in done.err
    repaired = run_cli(capsys, "check", "--repair", "--db", str(db))
    assert repaired.code == 0 and "no problems found" in repaired.err


def test_the_issue_state_is_found_and_repaired(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A story with more members than its size, written without some of them, whose new articles have no
    sentences, all marked clean: neither ingest nor synthesise would ever look at it again."""
    before = _stories(db)
    story_id, members = _first_story(db)
    lost = members[:2]
    marks = ",".join(f"'{a}'" for a in lost)
    _corrupt(
        db,
        f"UPDATE stories SET size = size - 2, dirty = 0 WHERE id = '{story_id}'",
        "UPDATE stories SET json = json_remove(json, '$.articles[0]', '$.articles[0]') "
        f"WHERE id = '{story_id}'",
        f"DELETE FROM sentences WHERE article_id IN ({marks})",
        f"DELETE FROM mentions WHERE article_id IN ({marks})",
        f"DELETE FROM sentence_vectors WHERE article_id IN ({marks})",
    )
    found = run_cli(capsys, "check", "--db", str(db))
    assert found.code == 1
    lines = found.out.splitlines()
    assert f"size: story {story_id} has size {len(members) - 2} but {len(members)} article(s)" in lines
    assert any(line.startswith(f"members: story {story_id} ") for line in lines)
    assert {f"unanalysed: article {a} has no sentences and does not wait for analysis" for a in lost} <= set(
        lines
    )
    assert "check --repair" in found.err

    repaired = run_cli(capsys, "check", "--repair", "--db", str(db))
    assert repaired.code == 0, repaired.err
    assert "1 story(ies) synthesised again" in repaired.err
    assert not [line for line in repaired.out.splitlines() if line.startswith("remains")]
    _assert_whole(db)
    assert _stories(db) == before
    with Store(db, readonly=True) as store:
        story = store.story(story_id)
        assert check(store) == []
    assert story is not None and sorted(a.id for a in story.articles) == members


@pytest.mark.parametrize(
    ("statements", "kinds"),
    [
        (["UPDATE stories SET size = size + 1"], {SIZE}),
        (["UPDATE stories SET json = NULL WHERE id = (SELECT min(id) FROM stories)"], {UNWRITTEN}),
        (
            ["INSERT INTO pending_analysis SELECT article_id FROM story_articles LIMIT 1"],
            {PENDING, SENTENCES},
        ),
        (["INSERT INTO stories(id, updated_at, dirty) VALUES ('s-lonely', 'x', 1)"], {EMPTY}),
        (
            ["UPDATE story_articles SET story_id = 's-gone' WHERE article_id = 'article_0003'"],
            {NO_STORY, SIZE, MEMBERS},
        ),
        (
            ["DELETE FROM story_articles WHERE article_id = 'article_0004'"],
            {UNASSIGNED, SIZE, MEMBERS},
        ),
        (["DELETE FROM sentences WHERE article_id = 'article_0005'"], {UNANALYSED, SENTENCES}),
        (["DELETE FROM sentences WHERE article_id = 'article_0005' AND idx = 1"], {SENTENCES}),
        (["DELETE FROM embeddings WHERE article_id = 'article_0006'"], {LEAD_VECTOR}),
        (
            ["UPDATE embeddings SET vector = substr(vector, 1, 16) WHERE article_id = 'article_0006'"],
            {LEAD_VECTOR},
        ),
        (["DELETE FROM articles_fts WHERE article_id = 'article_0007'"], {SEARCH}),
        (
            ["INSERT INTO articles_fts(article_id, title, text) VALUES ('article_0007', 'again', 'again')"],
            {SEARCH},
        ),
        (["DELETE FROM stories_fts WHERE story_id = (SELECT min(id) FROM stories)"], {STORY_SEARCH}),
        (
            [
                "INSERT INTO sentences VALUES ('nobody', 0, 'x', 0, 1)",
                "INSERT INTO embeddings VALUES ('nobody', x'00')",
                "INSERT INTO stories_fts(story_id, headline, summary) VALUES ('s-none', 'x', 'x')",
                "INSERT INTO story_entities SELECT 's-none', position, entity_id, name, aliases, mentions "
                "FROM story_entities LIMIT 1",
            ],
            {ORPHANS},
        ),
    ],
    ids=[
        "size",
        "unwritten",
        "pending in a clean story",
        "empty story",
        "member of no story",
        "article in no story",
        "sentences lost",
        "a sentence lost",
        "lead vector lost",
        "lead vector of another size",
        "missing from search",
        "twice in search",
        "story missing from search",
        "orphans",
    ],
)
def test_each_kind_of_damage_is_found_and_repaired(
    db: Path, statements: list[str], kinds: set[str]
) -> None:
    before = _stories(db)
    with Store(db, readonly=True) as store:
        assert check(store) == []
    _corrupt(db, *statements)
    with Store(db) as store:
        assert {f.kind for f in check(store)} == kinds
        report = repair(store)
        assert {f.kind for f in report.found} == kinds
        assert report.remaining == []
        assert check(store) == []
        if SEARCH in kinds:
            assert [hit.id for hit in store.search("Quint7") if hit.kind == "article"] == ["article_0007"]
    _assert_whole(db)
    assert _stories(db) == before


def test_a_recomputed_lead_vector_is_the_one_ingest_stored(db: Path) -> None:
    con = sqlite3.connect(db)
    kept = con.execute("SELECT vector FROM embeddings WHERE article_id = 'article_0002'").fetchone()[0]
    con.close()
    _corrupt(db, "DELETE FROM embeddings WHERE article_id = 'article_0002'")
    with Store(db) as store:
        assert repair(store).lead_vectors == 1
    con = sqlite3.connect(db)
    again = con.execute("SELECT vector FROM embeddings WHERE article_id = 'article_0002'").fetchone()[0]
    con.close()
    assert again == kept


def test_check_runs_beside_a_writer_without_waiting(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with write_lock(db):
        done = run_cli(capsys, "check", "--db", str(db))
    assert done.code == 0, done.err
    assert "waiting" not in done.err


def test_check_of_no_store_or_a_damaged_one_is_one_line(
    tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = run_cli(capsys, "check", "--db", str(tmp_path / "none.db"))
    assert missing.code == 1 and missing.err.count("\n") == 1 and "no store here yet" in missing.err
    data = bytearray(db.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\xff" * page  # a page of a table, overwritten
    db.write_bytes(bytes(data))
    damaged = run_cli(capsys, "check", "--db", str(db))
    assert damaged.code == 1
    assert damaged.err.count("\n") == 1 and "damaged" in damaged.err, damaged.err
