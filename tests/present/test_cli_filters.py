"""`stories` filters and sorts, `entities` lists without a query, ids are accepted by unique prefix,
and the clear states: stories waiting for synthesis, and no store made by a run that ingests nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli, write_articles
from storyfuse.model import Story, StoryArticle, SummarySentence
from storyfuse.store import Store
from web.fixtures import FERRY, MARKET, build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("filters") / "s.db")


def listed(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> list[str]:
    result = run_cli(capsys, "stories", "--json", "--db", str(db), *args)
    assert result.code == 0, result.err
    return [s["id"] for s in json.loads(result.out)]


def test_stories_filter_by_date_outlet_language_entity_and_size(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert listed(capsys, db) == [FERRY, MARKET]
    assert listed(capsys, db, "--since", "2031-04") == [FERRY]
    assert listed(capsys, db, "--until", "2031-03-31") == [MARKET]
    assert listed(capsys, db, "--since", "2031-03-03", "--until", "2031-04-11") == []
    assert listed(capsys, db, "--source", "marrowfield herald") == [MARKET]
    assert listed(capsys, db, "--source", "Gazette") == [FERRY]
    assert listed(capsys, db, "--language", "EN") == [FERRY, MARKET]
    assert listed(capsys, db, "--language", "fr") == []
    assert listed(capsys, db, "--entity", "Osei") == [FERRY]
    # one person across the store, with and without the accent
    assert listed(capsys, db, "--entity", "Ines Vollrath") == [FERRY, MARKET]
    assert listed(capsys, db, "--min-articles", "2") == [FERRY]
    assert listed(capsys, db, "--entity", "vollrath", "--min-articles", "3", "--source", "wire") == [FERRY]


def test_stories_sort_by_size_and_outlets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = build_store(tmp_path / "s.db")
    with Store(db) as store, store.transaction():  # a later story of one outlet, larger than the market
        big = Story(
            id="s-later-one-outlet",
            headline="Quellport council votes on the harbour budget",
            articles=[
                StoryArticle(f"vote-{i}", None, None, "Quellport Gazette", "Vote", "2031-05-01")
                for i in range(2)
            ],
            summary=[SummarySentence("The council voted.", ["vote-0"])],
        )
        store.save_story_states([(big.id, "{}", "2031-05-01", "2031-05-01")])
        store.write_story(big)
    assert listed(capsys, db) == [big.id, FERRY, MARKET]
    assert listed(capsys, db, "--sort", "size") == [FERRY, big.id, MARKET]
    assert listed(capsys, db, "--sort", "outlets")[0] == FERRY


def test_bad_filters_are_refused_in_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, words in [
        (["--since", "2031-02-30"], "not a date"),
        (["--since", "yesterday"], "not a date"),
        (["--since", "2031-05", "--until", "2031-04"], "after"),
        (["--sort", "loudest"], "loudest"),
    ]:
        result = run_cli(capsys, "stories", "--db", str(db), *args)
        assert result.code != 0
        assert words in result.err and "Traceback" not in result.err
        assert [line for line in result.err.splitlines() if line.lower().startswith("error")] != []


def test_stories_says_when_filters_match_nothing(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "stories", "--db", str(db), "--source", "nobody")
    assert result.code == 0 and "no story matches these filters" in result.out


def test_ids_are_accepted_by_unique_prefix(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = run_cli(capsys, "show", FERRY, "--format", "json", "--db", str(db))
    short = run_cli(capsys, "show", FERRY[:5], "--format", "json", "--db", str(db))
    assert short.code == 0 and json.loads(short.out)["id"] == FERRY and short.out == full.out
    ambiguous = run_cli(capsys, "show", "s", "--db", str(db))
    assert ambiguous.code == 1 and "ambiguous" in ambiguous.err and FERRY in ambiguous.err
    unknown = run_cli(capsys, "show", "s0f0zz", "--db", str(db))
    assert unknown.code == 1 and unknown.err.startswith("error: no story 's0f0zz'")
    too_short = run_cli(capsys, "show", "s0", "--db", str(db))
    assert too_short.code == 1 and "too short" in too_short.err


def test_entities_without_a_query_lists_the_most_mentioned(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "entities", "--json", "--db", str(db))
    assert result.code == 0
    found = json.loads(result.out)
    mentions = [e["mentions"] for e in found]
    assert mentions == sorted(mentions, reverse=True) and found[0]["name"] == "Quellport"
    people = json.loads(run_cli(capsys, "entities", "--type", "person", "--json", "--db", str(db)).out)
    assert {e["type"] for e in people} == {"PERSON"} and {"Ines Vollrath", "Bram Osei"} <= {
        e["name"] for e in people
    }
    places = json.loads(
        run_cli(capsys, "entities", "quell", "--type", "place", "--json", "--db", str(db)).out
    )
    assert [e["name"] for e in places] == ["Quellport"]
    by_id = run_cli(capsys, "entities", found[0]["id"][:6], "--db", str(db))
    assert by_id.code == 0 and "Quellport" in by_id.out
    bad = run_cli(capsys, "entities", "--type", "planet", "--db", str(db))
    assert bad.code == 1 and "unknown entity type 'planet'" in bad.err


def test_a_run_that_ingests_nothing_makes_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.db"
    result = run_cli(capsys, "ingest", str(tmp_path / "missing"), "--db", str(db))
    assert result.code == 2 and "no such file" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_stories_after_no_synthesis_says_what_waits_and_how(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_articles(tmp_path / "in", 3)
    db = tmp_path / "s.db"
    assert run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(db), "--no-synthesis").code == 0
    result = run_cli(capsys, "stories", "--db", str(db))
    assert result.code == 0
    assert "wait for synthesis" in result.err and f"storyfuse synthesise --db {db}" in result.err
    assert "no stories yet" not in result.out
    assert run_cli(capsys, "synthesise", "--db", str(db)).code == 0
    after = run_cli(capsys, "stories", "--db", str(db))
    assert "synthesis" not in after.err and "news from" in after.out
