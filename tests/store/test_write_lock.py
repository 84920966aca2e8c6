"""Two writers on one store: the second waits for the first (the store's write lock); readers never wait."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BACKENDS, new_store_address
from helpers import TOPICS, fictional_article, run_cli, store_contents, write_articles
from storyfuse.errors import StoreError
from storyfuse.model import RawDocument
from storyfuse.preparation import LinkInput, link_input
from storyfuse.run.linking import Linker
from storyfuse.store import integrity
from storyfuse.store.lock import lock_path, write_lock
from storyfuse.store.open import open_store

ENV = {**os.environ, "STORYFUSE_PROFILE": "fast", "STORYFUSE_THREADS": "1", "STORYFUSE_WORKERS": "0"}


def _command(db: Path | str, *args: str) -> list[str]:
    return [sys.executable, "-m", "storyfuse.present.cli", *args, "--db", str(db)]


def _ingest_at_once(db: Path | str, first: list[Path], second: list[Path]) -> None:
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


def _ingest_one_after_the_other(db: Path | str, first: list[Path], second: list[Path]) -> None:
    for paths in (first, second):
        done = subprocess.run(
            _command(db, "ingest", *map(str, paths)), capture_output=True, text=True, env=ENV, timeout=300
        )
        assert done.returncode == 0, done.stderr


def _consistent_partition(db: str, total: int) -> set[frozenset[str]]:
    """Check the store is whole (every article once, in a story, analysed; every story written and
    agreeing with its members), and return its stories as sets of article content hashes."""
    articles, distinct, stories = store_contents(db)
    assert (articles, distinct) == (total, total)
    assert sum(len(s) for s in stories) == total
    with open_store(db, readonly=True) as store:
        assert integrity.check(store) == []
        assert store.dirty_story_ids() == [] and store.count_unwritten_stories() == 0
        assert store.pending_analysis_ids(store.recent_article_ids(total)) == []
    return set(stories)


@pytest.mark.parametrize("halves", [False, True], ids=["same inputs", "disjoint halves"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_ingests_at_once_give_the_store_one_after_the_other_gives(
    request: pytest.FixtureRequest, tmp_path: Path, halves: bool, backend: str
) -> None:
    total = 40
    paths = write_articles(tmp_path / "articles", total)
    first, second = (paths[: total // 2], paths[total // 2 :]) if halves else (paths, paths)
    together = new_store_address(backend, request, tmp_path, "together")
    apart = new_store_address(backend, request, tmp_path, "apart")
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


def _stored_ids(db: str) -> set[str]:
    try:
        with open_store(db, readonly=True) as store:
            return set(store.recent_article_ids(store.count_articles()))
    except StoreError:  # not made yet
        return set()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_killed_writer_loses_nothing_committed_and_a_rerun_completes(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    total = 120
    # with the linking-order window all batches come at the end, and the kill often lands after the last
    # one and before the regroup: the re-run, with nothing new, must still regroup what was left
    env = ENV
    write_articles(tmp_path / "articles", total)
    db = new_store_address(backend, request, tmp_path, "killed")
    process = subprocess.Popen(
        _command(db, "ingest", str(tmp_path / "articles")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    committed: set[str] = set()
    deadline = time.monotonic() + 120
    while not committed and process.poll() is None and time.monotonic() < deadline:
        committed = _stored_ids(db)
        time.sleep(0.02)
    # killed while it runs: between two batches, or after its last batch and before its regroup
    # (the window of 1,024 holds all 120 articles to the end, so their batches follow each other fast)
    running = process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert running and committed, "the ingest was not caught running with a batch committed"
    assert committed <= _stored_ids(db)  # what was committed before the kill is still there
    reference = new_store_address(backend, request, tmp_path, "reference")
    for store in (db, reference):
        done = subprocess.run(
            _command(store, "ingest", str(tmp_path / "articles")), capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
    assert _consistent_partition(db, total) == _consistent_partition(reference, total)


def _prepared(linker: Linker, texts: dict[str, str]) -> list[tuple[LinkInput, str]]:
    """Documents prepared as an ingest prepares them (native id -> text), before any is stored."""
    from storyfuse.ingest import content_hash

    items = []
    for native, text in texts.items():
        doc = RawDocument(origin=f"{native}.txt", content=text, format="text", native_id=native)
        item = link_input(doc, native, content_hash(text), linker.lead)
        assert isinstance(item, LinkInput)
        items.append((item, text))
    return items


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_linkers_taking_turns_see_what_the_other_committed(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    # two ingests' linkers, made on one empty store, storing batches in turn (as two ingests of a
    # server store do): each turn must link against the other's stories, skip content the other stored
    # since it was read, and give a new id to an article whose id the other took
    db = new_store_address(backend, request, tmp_path, "turns")
    texts = [fictional_article(i) for i in range(10)]
    with open_store(db) as one, open_store(db) as two:  # two connections: two writers
        first, second = Linker(one), Linker(two)
        mine = _prepared(first, {f"a{i}": texts[i] for i in range(6)})
        # texts 4 and 5 are the first's too; text 6 comes under the id the first gives text 0
        theirs = _prepared(second, {("a0" if i == 6 else f"b{i}"): texts[i] for i in range(4, 10)})
        assert first.store_batch(mine[:3]) == 3
        assert second.store_batch(theirs[:3]) == 3  # texts 4, 5, 6: none stored yet
        assert first.store_batch(mine[3:]) == 1  # text 3; 4 and 5 the second stored
        assert [d for d, _ in first.late_copies] == [item.article.content_hash for item, _ in mine[4:6]]
        assert second.store_batch(theirs[3:]) == 3
        renamed = two.article_with_hash(theirs[2][0].article.content_hash)
        assert one.article_with_hash(mine[0][0].article.content_hash) == "a0"
        assert renamed is not None and renamed != "a0"
        # text 6 is on the subject of text 6 mod len(TOPICS) (fictional articles cycle through them): it
        # joined the story the first linker made of that one, which the second saw only by reading the
        # store again (its clusterer was loaded from the empty store)
        assert two.story_of(renamed) == one.story_of(f"a{6 % len(TOPICS)}") is not None
        for linker, store in ((first, one), (second, two)):
            with store.writing_turn():
                linker.catch_up()
                linker.regroup()
    articles, distinct, stories = store_contents(db)
    assert (articles, distinct) == (10, 10)
    assert sum(len(s) for s in stories) == 10


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_run_that_stored_nothing_regroups_what_a_writer_killed_before_its_regroup_stored(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    # two ingests of the same inputs: the first stores every article, then dies before its regroup; the
    # second (started before, so it saw none of them) finds each one stored already. Its regroup must
    # form those stories again: the killed run's undated articles leave no days, and once the second
    # has synthesised their stories no later run would look at them
    from storyfuse.pipeline import relink

    db = new_store_address(backend, request, tmp_path, "killed-before-regroup")
    texts = {f"a{i}": fictional_article(i) for i in range(12)}
    with open_store(db) as one, open_store(db) as two:
        first, second = Linker(one), Linker(two)
        assert first.store_batch(_prepared(first, texts)) == 12
        assert one.pending_regroup() is not None  # linked, not regrouped: the first is killed here
        assert second.store_batch(_prepared(second, texts)) == 0
        with two.writing_turn():
            second.catch_up()
            second.regroup()
        assert two.pending_regroup() is None
    regrouped = store_contents(db)[2]
    with open_store(db) as store:
        relink(store)  # every story formed again from all the articles at once
    assert store_contents(db)[2] == regrouped


def test_work_another_writer_has_claimed_is_done_last_and_only_if_it_still_waits(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    # two ingests analysing one server store's articles and synthesising its dirty stories side by side
    # go through the same work in the same order; an article or a story one has claimed the other
    # leaves for the end, waits for it holding no claim of its own, and does it only if it still waits
    # then (here the claimer gives it up undone, as a writer that dies does)
    from storyfuse.run.synthesis import synthesise_dirty

    db = new_store_address("postgresql", request, tmp_path, "claims")
    paths = write_articles(tmp_path / "in", 8)
    with open_store(db) as one, open_store(db) as two:
        from storyfuse.pipeline import ingest

        ingest(one, [str(p) for p in paths], synthesise=False)
        dirty = one.dirty_story_ids()
        assert len(dirty) >= 3
        pending = one.pending_analysis_ids([a for s in dirty for a in one.story_article_ids(s)])
        assert len(pending) == 8
        assert two.claim(f"article {pending[0]}")
        analysed: list[str] = []
        complete_analyses = one.complete_analyses

        def recording_analyses(analyses):  # type: ignore[no-untyped-def]
            analysed.extend(a.article_id for a in analyses)
            if len(analysed) == len(pending) - 1:
                two.release(f"article {pending[0]}")
            complete_analyses(analyses)

        one.complete_analyses = recording_analyses  # type: ignore[method-assign]
        taken = dirty[0]
        assert two.claim(f"story {taken}")
        assert not one.claim(f"story {taken}")  # the other's, until it lets go
        written: list[str] = []
        write_story = one.write_story

        def recording(story):  # type: ignore[no-untyped-def]
            written.append(story.id)
            if len(written) == len(dirty) - 1:  # every other story is done: the claimer gives up its own
                two.release(f"story {taken}")
            write_story(story)

        one.write_story = recording  # type: ignore[method-assign]
        assert synthesise_dirty(one) == len(dirty)
        assert written == [s for s in dirty if s != taken] + [taken]
        assert sorted(analysed) == sorted(pending) and analysed[-1] == pending[0]
        assert one.pending_analysis_ids(pending) == []
        assert one.dirty_story_ids() == []
        # the synthesising writer holds no claim after
        assert all(two.claim(f"story {s}") for s in dirty) and all(two.claim(f"article {a}") for a in pending)
