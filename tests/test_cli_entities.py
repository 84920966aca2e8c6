"""`storyfuse entities QUERY`: people, places and organisations across the store, with their stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli
from storyfuse.model import Entity, Story, StoryArticle
from storyfuse.store import Store

BRIDGE = (
    "Varnholm estuary bridge opens to traffic\n\n"
    "The new suspension bridge over the Varnholm estuary opened to traffic on Monday, March 3, 2031.\n\n"
    "Chief engineer Ilse Maranek said the 900-metre span had passed its final load tests in February.\n\n"
    '"We tested every cable twice," Ilse Maranek told reporters at the toll plaza in Varnholm.\n'
)
ORCHESTRA = (
    "Brightmoor youth orchestra wins the northern choir and strings prize\n\n"
    "The Brightmoor youth orchestra won the northern strings prize on Saturday, September 20, 2031, "
    "in a concert hall packed with parents and teachers.\n\n"
    "Its patron, Ilse Maránek, handed the violins to the youngest players after the final piece.\n\n"
    "The conductor said rehearsals had started in the spring, three evenings a week.\n"
)


def write_story(store: Store, story_id: str, day: str, headline: str, *entities: Entity) -> None:
    article = StoryArticle(
        f"{story_id}-a", None, f"https://news.example/{story_id}", "Example", headline, day
    )
    with store.transaction():
        store.save_story_states([(story_id, "{}", day, day)])
        store.write_story(Story(story_id, headline, [article], entities=list(entities)))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        write_story(
            store,
            "s100000000001",
            "2031-03-03",
            "Varnholm estuary bridge opens",
            Entity("Ilse Maranek", "PERSON", ["Maranek"], "chief engineer", 3),
            Entity("Varnholm", "GPE", [], None, 2),
        )
        write_story(
            store,
            "s100000000002",
            "2031-09-20",
            "Brightmoor youth orchestra wins a prize",
            Entity("Ilse Maránek", "PERSON", [], None, 1),
            Entity("Tomas Maranek", "PERSON", [], None, 1),
        )
    return path


def test_entities_lists_one_person_with_both_stories(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "entities", "maránek", "--db", str(db))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    ilse = next(i for i, line in enumerate(lines) if line.startswith("Ilse Maranek"))
    assert "PERSON · 4 mentions · 2 stories · also Ilse Maránek, Maranek" in lines[ilse]
    assert lines[ilse + 1].split()[:2] == ["s100000000002", "2031-09-20"]
    assert "(as Ilse Maránek, 1)" in lines[ilse + 1]
    assert lines[ilse + 2].split()[:2] == ["s100000000001", "2031-03-03"]
    assert any(line.startswith("Tomas Maranek") for line in lines)  # a namesake, listed apart


def test_entities_json_is_what_the_api_serves(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "entities", "Ilse Maranek", "--json", "--db", str(db))
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert [e["name"] for e in found] == ["Ilse Maranek"]
    assert set(found[0]) == {"id", "name", "type", "mentions", "aliases", "stories"}
    assert [s["id"] for s in found[0]["stories"]] == ["s100000000002", "s100000000001"]
    with Store(db, readonly=True) as store:
        story = store.story("s100000000001")
    assert story is not None and story.entities[0].id == found[0]["id"]


def test_entities_with_no_match_says_so(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "entities", "Quellport", "--db", str(db))
    assert result.code == 0 and "no person, place or organisation matches 'Quellport'" in result.out
    assert json.loads(run_cli(capsys, "entities", "Quellport", "--json", "--db", str(db)).out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["entities", "?!", "--db", "{db}"], "nothing to look for in '?!'"),
        (["entities", "ilse", "--db", "{missing}"], "no store here yet"),
        (["entities", "ilse", "--limit", "0", "--db", "{db}"], "Invalid value for '--limit'"),
    ],
)
def test_entities_errors_are_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = [a.format(db=db, missing=tmp_path / "absent.db") for a in args]
    result = run_cli(capsys, *argv)
    assert result.code != 0
    assert message in result.err and "Traceback" not in result.err
    assert len([line for line in result.err.splitlines() if line.strip()]) <= 3  # click's usage + error


def test_ingested_stories_share_a_person_spelt_two_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    (folder / "orchestra.txt").write_text(ORCHESTRA, encoding="utf-8")
    db = tmp_path / "s.db"
    assert run_cli(capsys, "ingest", str(folder), "--db", str(db)).code == 0
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(db)).out)
    assert len(listed) == 2  # two unrelated events
    found = json.loads(run_cli(capsys, "entities", "ilse", "--json", "--db", str(db)).out)
    assert len(found) == 1
    assert {s["id"] for s in found[0]["stories"]} == {s["id"] for s in listed}
