"""Following the store: saved searches and what is new to them (CLI and /api/alerts), `storyfuse watch`
ingesting files as they appear, and Atom feeds of the latest, filtered, storyline and alert stories."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import run_cli, write_articles
from storyfuse.model import Story, StoryArticle, SummarySentence
from storyfuse.present.web.app import create_app
from storyfuse.store import Store
from web.fixtures import FERRY, MARKET, build_store

ATOM = "{http://www.w3.org/2005/Atom}"


def add_story(db: Path, story_id: str, headline: str) -> None:
    with Store(db) as store, store.transaction():
        story = Story(
            id=story_id,
            headline=headline,
            articles=[StoryArticle(f"{story_id}-a", None, None, "Kelden Post", headline, "2031-06-01")],
            summary=[SummarySentence(f"{headline}, the council said.", [f"{story_id}-a"])],
        )
        store.save_story_states([(story_id, "{}", "2031-06-01", "2031-06-01")])
        store.write_story(story)


def test_an_alert_lists_the_stories_written_since_it_was_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = build_store(tmp_path / "s.db")
    added = run_cli(capsys, "alert", "add", "ferry  lifeboat", "--db", str(db))
    assert added.code == 0 and "alert 1: ferry lifeboat (1 story(ies) match now" in added.out
    assert "0 new" in run_cli(capsys, "alert", "list", "--db", str(db)).out
    time.sleep(1.05)  # stories are stamped to the second; the alert to the microsecond
    add_story(db, "s-ferry-two", "A second ferry runs aground; lifeboat crews out again")
    add_story(db, "s-tram", "Brightmoor tram line reopens")
    listed = json.loads(run_cli(capsys, "alert", "list", "--json", "--db", str(db)).out)
    assert listed[0]["new"] == ["s-ferry-two"]
    api = TestClient(create_app(db)).get("/api/alerts").json()
    assert [s["id"] for s in api[0]["new"]] == ["s-ferry-two"] and api[0]["query"] == "ferry lifeboat"
    peek = run_cli(capsys, "alert", "check", "--peek", "--db", str(db))
    assert "s-ferry-two" in peek.out and "s-tram" not in peek.out
    assert run_cli(capsys, "alert", "check", "--db", str(db)).out.count("s-ferry-two") == 1
    assert "0 new" in run_cli(capsys, "alert", "list", "--db", str(db)).out  # seen now
    assert run_cli(capsys, "alert", "remove", "1", "--db", str(db)).code == 0
    gone = run_cli(capsys, "alert", "remove", "1", "--db", str(db))
    assert gone.code == 1 and "no alert 1" in gone.err
    empty = run_cli(capsys, "alert", "add", "  ...  ", "--db", str(db))
    assert empty.code == 1 and "needs some words" in empty.err


def test_watch_ingests_files_as_they_appear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    inbox = tmp_path / "inbox"
    write_articles(inbox, 2)
    first = run_cli(capsys, "watch", str(inbox), "--db", str(db), "--rounds", "1", "--interval", "0.1")
    assert first.code == 0 and "2 new article(s)" in first.err
    write_articles(inbox, 2, start=2)
    again = run_cli(capsys, "watch", str(inbox), "--db", str(db), "--rounds", "2", "--interval", "0.1")
    # a new watcher looks at every file once: the two stored are skipped, the two new ingested
    assert "2 new article(s), 2 already stored" in again.err
    with Store(db, readonly=True) as store:
        assert store.count_articles() == 4
    missing = run_cli(
        capsys, "watch", str(tmp_path / "later"), "--db", str(db), "--rounds", "2", "--interval", "0.1"
    )
    assert missing.code == 0 and missing.err.count("no such file or folder (yet)") == 1


def test_feeds_are_atom_with_the_latest_stories(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db")
    add_story(db, "s-tram", "Brightmoor tram line reopens")
    with Store(db) as store:
        alert_id = store.add_alert("ferry")
    client = TestClient(create_app(db))
    whole = client.get("/feed.atom")
    assert whole.status_code == 200 and whole.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(whole.content)
    ids = [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]
    assert set(ids) == {f"urn:storyfuse:story:{s}" for s in (FERRY, MARKET, "s-tram")}
    links = [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert all(link.startswith("http://testserver/stories/") for link in links)
    filtered = ET.fromstring(client.get("/feed.atom?source=gazette").content)
    assert [e.findtext(f"{ATOM}id") for e in filtered.iter(f"{ATOM}entry")] == [
        f"urn:storyfuse:story:{FERRY}"
    ]
    alert = ET.fromstring(client.get(f"/alerts/{alert_id}/feed.atom").content)
    assert alert.findtext(f"{ATOM}title") == "storyfuse alert: ferry"
    assert [e.findtext(f"{ATOM}id") for e in alert.iter(f"{ATOM}entry")] == [f"urn:storyfuse:story:{FERRY}"]
    assert client.get("/alerts/99/feed.atom").status_code == 404
    hostile = whole.text
    assert "<script>" not in hostile  # the injected headline is escaped text
    assert 'rel="alternate" type="application/atom+xml"' in client.get("/").text
