"""`stories`, `show` and `demo` follow the story-JSON contract (docs/story-json.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import fictional_article, run_cli
from storyfuse.present.cli import examples_dir

STORY_KEYS = {
    "id",
    "headline",
    "articles",
    "families",
    "entities",
    "quotes",
    "figures",
    "timeline",
    "summary",
    "storyline",
}
ARTICLE_KEYS = {"id", "path", "url", "source", "title", "published", "credits"}


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storyfuse.pipeline import ingest
    from storyfuse.store import Store

    db = tmp_path_factory.mktemp("examples") / "s.db"
    with Store(db) as store:
        report = ingest(store, [str(examples_dir())], profile="default")  # the product's own profile
    assert report.added == 13 and not report.problems
    return db


def check_story_contract(story: dict, known_ids: set[str]) -> None:
    assert set(story) == STORY_KEYS
    assert story["headline"]
    for article in story["articles"]:
        assert set(article) == ARTICLE_KEYS
        assert article["path"] or article["url"]
    ids = {a["id"] for a in story["articles"]}
    assert ids <= known_ids
    for section in ("families", "entities", "quotes", "timeline", "summary"):
        for item in story[section]:
            assert set(item["articles"]) <= ids, f"{section} cites an article outside the story"
    for figure in story["figures"]:
        for value in figure["values"]:
            assert set(value["articles"]) <= ids
    for family in story["families"]:
        assert family["kind"] in {"duplicate", "rewrite", "translation"}
        for passage in family["passages"]:
            assert {passage["left"]["article"], passage["right"]["article"]} <= set(family["articles"])
    for entry in story["timeline"]:
        assert entry["granularity"] in {"day", "month", "year"}
        assert len(entry["date"]) == {"day": 10, "month": 7, "year": 4}[entry["granularity"]]
    assert len(story["summary"]) <= 8


def test_stories_json_lists_every_article_once(examples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "stories", "--json", "--db", str(examples_db))
    assert result.code == 0
    listed = json.loads(result.out)
    ids = [a["id"] for s in listed for a in s["articles"]]
    assert len(ids) == len(set(ids)) == 13
    for story in listed:
        assert set(story) >= {"id", "headline", "articles"}
        assert all(a["path"] or a["url"] for a in story["articles"])


def test_show_json_follows_the_contract_for_every_story(
    examples_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(examples_db)).out)
    known = {a["id"] for s in listed for a in s["articles"]}
    for entry in listed:
        result = run_cli(capsys, "show", entry["id"], "--format", "json", "--db", str(examples_db))
        assert result.code == 0
        check_story_contract(json.loads(result.out), known)


def test_examples_group_the_wire_copies_and_the_cup_final(
    examples_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(examples_db)).out)
    story_of = {Path(a["path"] or "").name: s["id"] for s in listed for a in s["articles"]}
    core = [
        "meranda_valley-courier.txt",
        "meranda_northgate-daily.txt",
        "meranda_lakeshore-observer.txt",
        "meranda_panorama24.txt",
        "meranda_continental-review.html",
        "scraped_batch.jsonl#1",  # the feature from the flooded town, with little wording in common
    ]
    assert len({story_of[name] for name in core}) == 1
    assert story_of["election_bramwick-echo.txt"] != story_of[core[0]]
    assert story_of["tech_byteline.txt"] == story_of["tech_circuit-sheet.html"]


def test_examples_form_exactly_the_stories_expected_json_lists(
    examples_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The flood articles are from 2021, years before the rest: the second one joins the first after
    # that story has left the hot index.
    expected = json.loads((examples_dir().parent / "expected.json").read_text())["stories"]
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(examples_db)).out)
    found = {frozenset(Path(a["path"] or "").name.replace("#", ":") for a in s["articles"]) for s in listed}
    assert found == {frozenset(story["articles"]) for story in expected}


def test_show_text_cites_numbered_articles(examples_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(examples_db)).out)
    biggest = max(listed, key=lambda s: len(s["articles"]))
    result = run_cli(capsys, "show", biggest["id"], "--db", str(examples_db))
    assert result.code == 0
    assert "Summary" in result.out and "Articles" in result.out
    assert "[1]" in result.out and f"[{len(biggest['articles'])}]" in result.out


def test_show_unknown_story_is_a_one_line_error(
    examples_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "show", "s000000000000", "--db", str(examples_db))
    assert result.code == 1
    assert result.err.startswith("error: no story") and result.err.count("\n") == 1


def test_show_abstractive_without_an_endpoint_is_a_one_line_error(
    examples_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STORYFUSE_LLM_URL", raising=False)
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(examples_db)).out)
    result = run_cli(capsys, "show", listed[0]["id"], "--abstractive", "--db", str(examples_db))
    assert result.code == 1
    assert "STORYFUSE_LLM_URL" in result.err and result.err.count("\n") == 1


def test_show_abstractive_keeps_the_cited_summary_when_the_endpoint_fails(
    examples_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("STORYFUSE_LLM_URL", f"http://127.0.0.1:{port}/v1")
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(examples_db)).out)
    story_id = listed[0]["id"]
    plain = json.loads(run_cli(capsys, "show", story_id, "--format", "json", "--db", str(examples_db)).out)
    result = run_cli(capsys, "show", story_id, "--abstractive", "--format", "json", "--db", str(examples_db))
    assert result.code == 0
    assert json.loads(result.out)["summary"] == plain["summary"]
    assert result.err.startswith("warning: llm at") and result.err.count("\n") == 1


@pytest.mark.shared
def test_seeds_make_one_story_that_follows_the_contract(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "seeds.db"
    assert run_cli(capsys, "ingest", str(seeds_dir), "--db", str(db)).code == 0
    listed = json.loads(run_cli(capsys, "stories", "--json", "--db", str(db)).out)
    assert len(listed) == 1 and len(listed[0]["articles"]) == 5
    story = json.loads(run_cli(capsys, "show", listed[0]["id"], "--format", "json", "--db", str(db)).out)
    check_story_contract(story, {p.stem for p in seeds_dir.glob("*.txt")})
    names = {e["name"]: e for e in story["entities"] if e["type"] == "PERSON"}
    blinken = next(e for e in names.values() if "Blinken" in e["name"])
    assert {"Anthony Blinkin", "Anthony Blinken"} <= set(blinken["aliases"]) | {blinken["name"]}
    lavrov = next(e for e in names.values() if "Lavrov" in e["name"])
    assert not any("Ryabkov" in alias for alias in lavrov["aliases"])
    family_of = {a: tuple(f["articles"]) for f in story["families"] for a in f["articles"]}
    translated = [a for a in family_of if a.startswith(("000_", "002_"))]
    assert len(translated) == 2 and family_of[translated[0]] == family_of[translated[1]]
    assert not any(a.startswith("004_") for a in family_of)  # the Reuters-based report copies no one
    assert any(t["date"] == "2022-01-21" for t in story["timeline"])
    assert any(t["date"] == "2022-01-10" for t in story["timeline"])


def test_titles_with_control_sequences_are_escaped_in_every_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "Ferry\x1b]0;owned\x07 news\x1b[2J\x9b31m"
    feed = tmp_path / "hostile.jsonl"
    feed.write_text(json.dumps({"title": hostile, "source": "Quay\x1b[5mPost", "text": fictional_article(3)}))
    db = tmp_path / "s.db"
    assert run_cli(capsys, "ingest", str(feed), "--db", str(db)).code == 0
    listed = run_cli(capsys, "stories", "--db", str(db))
    [story] = json.loads(run_cli(capsys, "stories", "--db", str(db), "--json").out)
    shown = run_cli(capsys, "show", story["id"], "--db", str(db))
    shown_json = run_cli(capsys, "show", story["id"], "--db", str(db), "--format", "json")
    cleaned = run_cli(capsys, "clean", str(feed))
    for output in (listed, shown, shown_json, cleaned):
        assert not {"\x1b", "\x07", "\x9b"} & set(output.out + output.err), output.out
    assert "Ferry\\x1b]0;owned\\x07 news" in shown.out and "Quay\\x1b[5mPost" in shown.out
    assert json.loads(shown_json.out)["articles"][0]["title"] == hostile  # the JSON keeps the text
