"""Corrections made by hand last: a merge, a split, a move and a rename, made through the CLI, still hold
after a further ingest of 300 articles and after a full re-link, and each is in the story's history.
Without them, a re-link undoes the merge: the test would notice constraints that do nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import run_cli, write_articles
from storyfuse.pipeline import ingest, relink
from storyfuse.run.synthesis import synthesise_dirty
from storyfuse.store import Store


def stories_of(db: Path) -> dict[str, str]:
    """Article id -> story id."""
    with Store(db, readonly=True) as store:
        return {a: s for a in store.recent_article_ids(1_000_000) if (s := store.story_of(a)) is not None}


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[str]]]:
    """A store of 24 fictional articles with one merge, one split, one move and one rename made by
    hand, and a copy of it from before the corrections; returns (store, copy, what was done)."""
    folder = tmp_path_factory.mktemp("corrections")
    write_articles(folder / "first", 24)
    db = folder / "s.db"
    with Store(db) as store:
        ingest(store, [str(folder / "first")])
    plain = folder / "plain.db"
    shutil.copy(db, plain)
    by_story: dict[str, list[str]] = {}
    for article, story in sorted(stories_of(db).items()):
        by_story.setdefault(story, []).append(article)
    big = sorted(by_story, key=lambda s: (-len(by_story[s]), s))
    assert len(big) >= 3 and len(by_story[big[0]]) >= 4, "the fixture needs three stories"
    first, second, third = big[:3]
    return (
        db,
        plain,
        {
            "merged": by_story[first] + by_story[second],
            "split_off": by_story[third][:2],
            "stayed": by_story[third][2:],
            "moved": [by_story[third][-1]],
            "stories": [first, second, third],
        },
    )


def test_corrections_hold_after_an_ingest_of_300_more_and_a_relink(
    corrected: tuple[Path, Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db, _, done = corrected
    first, second, third = done["stories"]
    cli = ["--db", str(db), "--no-synthesis"]
    assert run_cli(capsys, "merge", first[:6], second, "--reason", "one festival", *cli).code == 0
    split = run_cli(capsys, "split", third, "--articles", ",".join(done["split_off"]), *cli)
    assert split.code == 0, split.err
    moved = run_cli(capsys, "move", done["moved"][0], "--to", first, *cli)
    assert moved.code == 0, moved.err
    assert run_cli(capsys, "rename", first, "Harvest and bridge week", "--db", str(db)).code == 0

    def holds() -> None:
        story = stories_of(db)
        assert len({story[a] for a in done["merged"]}) == 1
        assert story[done["moved"][0]] == story[done["merged"][0]]
        assert len({story[a] for a in done["split_off"]}) == 1
        stayed = [a for a in done["stayed"] if a not in done["moved"]]
        assert not {story[a] for a in done["split_off"]} & {story[a] for a in stayed}

    holds()
    write_articles(tmp_path / "more", 300, start=24)
    with Store(db) as store:
        report = ingest(store, [str(tmp_path / "more")], synthesise=False)
        assert report.added == 300
    holds()
    with Store(db) as store:
        relink(store)
        synthesise_dirty(store)
    holds()
    shown = json.loads(
        run_cli(capsys, "show", stories_of(db)[done["merged"][0]], "--format", "json", "--db", str(db)).out
    )
    assert shown["headline"] == "Harvest and bridge week"

    history = run_cli(capsys, "history", stories_of(db)[done["merged"][0]], "--db", str(db))
    assert history.code == 0
    for words in ("merged", "(why: one festival)", "moved", "renamed", "Harvest and bridge week"):
        assert words in history.out


def test_without_the_corrections_a_relink_keeps_the_model_s_stories(
    corrected: tuple[Path, Path, dict[str, list[str]]],
) -> None:
    _, plain, done = corrected
    with Store(plain) as store:
        relink(store)
    story = stories_of(plain)
    assert len({story[a] for a in done["merged"]}) == 2  # the model keeps them apart


def test_corrections_are_refused_in_one_line(
    corrected: tuple[Path, Path, dict[str, list[str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, plain, done = corrected
    first, _, third = done["stories"]
    for args, words in [
        (["merge", first], "two stories or more"),
        (["split", third, "--articles", done["merged"][0]], "not in story"),
        (["move", done["merged"][0], "--to", "s-nothing"], "no story 's-nothing'"),
        (["rename", first, "   "], "needs some words"),
    ]:
        extra = [] if args[0] == "rename" else ["--no-synthesis"]
        result = run_cli(capsys, *args, "--db", str(plain), *extra)
        assert result.code == 1 and words in result.err and "Traceback" not in result.err, args
