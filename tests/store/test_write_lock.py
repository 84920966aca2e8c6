"""Two writers on one store: the second waits for the first (the store's write lock); readers never wait."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run_cli, write_articles
from storyfuse.errors import StoreError
from storyfuse.store.lock import lock_path, write_lock

ENV = {**os.environ, "STORYFUSE_PROFILE": "fast", "STORYFUSE_THREADS": "1", "STORYFUSE_WORKERS": "0"}


def _command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "storyfuse.present.cli", *args, "--db", str(db)]


def _ingest_at_once(db: Path, first: list[Path], second: list[Path]) -> None:
    processes = [
        subprocess.Popen(
            _command(db, "ingest", *map(str, paths)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for paths in (first, second)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err


def _ingest_one_after_the_other(db: Path, first: list[Path], second: list[Path]) -> None:
    for paths in (first, second):
        done = subprocess.run(
            _command(db, "ingest", *map(str, paths)), capture_output=True, text=True, env=ENV, timeout=300
        )
        assert done.returncode == 0, done.stderr


def _consistent_partition(db: Path, total: int) -> set[frozenset[str]]:
    """Check the store is whole, and return its stories as sets of article content hashes."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone() == (
            total,
            total,
        )
        assert con.execute("SELECT count(*) FROM story_articles").fetchone()[0] == total
        assert con.execute("SELECT count(*) FROM pending_analysis").fetchone()[0] == 0
        disagree = con.execute(
            "SELECT s.id, s.size, count(m.article_id) FROM stories s LEFT JOIN story_articles m "
            "ON m.story_id = s.id GROUP BY s.id HAVING s.size != count(m.article_id)"
        ).fetchall()
        assert disagree == []
        assert con.execute("SELECT count(*) FROM stories WHERE dirty = 1 OR json IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT count(DISTINCT article_id) FROM sentences").fetchone()[0] == total
        stories: dict[str, set[str]] = {}
        for story_id, content_hash in con.execute(
            "SELECT m.story_id, a.content_hash FROM story_articles m JOIN articles a ON a.id = m.article_id"
        ):
            stories.setdefault(story_id, set()).add(content_hash)
        return {frozenset(members) for members in stories.values()}
    finally:
        con.close()


@pytest.mark.parametrize("halves", [False, True], ids=["same inputs", "disjoint halves"])
def test_two_ingests_at_once_give_the_store_one_after_the_other_gives(tmp_path: Path, halves: bool) -> None:
    total = 40
    paths = write_articles(tmp_path / "articles", total)
    first, second = (paths[: total // 2], paths[total // 2 :]) if halves else (paths, paths)
    together, apart = tmp_path / "together.db", tmp_path / "apart.db"
    _ingest_at_once(together, first, second)
    _ingest_one_after_the_other(apart, first, second)
    assert _consistent_partition(together, total) == _consistent_partition(apart, total)


def test_a_second_writer_says_it_waits_then_runs(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "articles", 3)
    db = tmp_path / "s.db"
    with write_lock(db):
        process = subprocess.Popen(
            _command(db, "ingest", *map(str, paths)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        assert process.stderr is not None
        line = process.stderr.readline()  # printed before it waits; the lock is held until it is read
        assert line == f"waiting for another writer of {db} to finish\n"
        assert process.poll() is None
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "3 new article(s)" in err


def test_readers_never_wait_for_a_writer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    write_articles(tmp_path / "articles", 3)
    assert run_cli(capsys, "ingest", str(tmp_path / "articles"), "--db", str(db)).code == 0
    with write_lock(db):
        listed = run_cli(capsys, "stories", "--db", str(db), "--json")
        assert listed.code == 0, listed.err
        assert "waiting" not in listed.err


def test_the_lock_file_is_made_for_a_store_a_writer_may_write_only_while_it_writes(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (text TEXT)")
    con.close()
    with pytest.raises(StoreError, match="not a storyfuse store"), write_lock(foreign):
        pass
    assert not lock_path(foreign).exists()
    fresh = tmp_path / "new.db"
    with write_lock(fresh):
        assert lock_path(fresh).exists()
    assert not fresh.exists()  # the lock makes no store; opening it does
    assert not lock_path(fresh).exists()  # and its file goes with the writer that held it
