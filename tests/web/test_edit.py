"""The web app's edit mode: off unless asked for; with it, rename, merge, split and move work from
forms carrying the server's token, are refused without it or from another site, and are logged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import write_articles
from storyfuse.pipeline import ingest
from storyfuse.present.web.app import create_app
from storyfuse.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("edit")
    write_articles(folder / "in", 18)
    path = folder / "s.db"
    with Store(path) as store:
        ingest(store, [str(folder / "in")])
    return path


def story_ids(db: Path) -> list[str]:
    from storyfuse.store.listing import StoryFilter

    with Store(db, readonly=True) as store:
        return store.filtered_story_ids(StoryFilter(sort="size"))


def token_of(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "no edit form on the page"
    return found.group(1)


def test_edit_mode_is_off_unless_asked_for(db: Path) -> None:
    client = TestClient(create_app(db), raise_server_exceptions=False)
    sid = story_ids(db)[0]
    assert 'name="token"' not in client.get(f"/stories/{sid}").text
    assert client.post(f"/stories/{sid}/rename", data={"headline": "x"}).status_code in (404, 405)


def test_a_form_without_the_token_or_from_another_site_is_refused(db: Path) -> None:
    client = TestClient(create_app(db, edit=True), raise_server_exceptions=False)
    sid = story_ids(db)[0]
    token = token_of(client.get(f"/stories/{sid}").text)
    assert client.post(f"/stories/{sid}/rename", data={"headline": "x"}).status_code == 403
    assert client.post(f"/stories/{sid}/rename", data={"headline": "x", "token": "guess"}).status_code == 403
    elsewhere = client.post(
        f"/stories/{sid}/rename",
        data={"headline": "x", "token": token},
        headers={"Origin": "http://evil.example"},
    )
    assert elsewhere.status_code == 403


def test_rename_merge_split_and_move_from_the_pages(db: Path) -> None:
    client = TestClient(create_app(db, edit=True), raise_server_exceptions=False)
    first, second, third = story_ids(db)[:3]
    token = token_of(client.get(f"/stories/{first}").text)

    renamed = client.post(
        f"/stories/{first}/rename",
        data={"headline": "  Harbour  week ", "reason": "clearer", "token": token},
        follow_redirects=False,
    )
    assert renamed.status_code == 303 and renamed.headers["location"] == f"/stories/{first}"
    assert "<h1>Harbour week</h1>" in client.get(f"/stories/{first}").text

    merged = client.post(
        f"/stories/{first}/merge", data={"with": second[:6], "token": token}, follow_redirects=False
    )
    assert merged.status_code == 303
    page = client.get(merged.headers["location"]).text
    with Store(db, readonly=True) as store:
        size = len(store.story_article_ids(merged.headers["location"].rsplit("/", 1)[1]))
    assert f"{size} articles" in page and second not in story_ids(db)

    before = len(story_ids(db))
    with Store(db, readonly=True) as store:
        assert len(store.story_article_ids(third)) >= 2
    split = client.post(
        f"/stories/{third}/split", data={"articles": "1", "token": token}, follow_redirects=False
    )
    assert split.status_code == 303  # to the story the others stay in
    kept = split.headers["location"].rsplit("/", 1)[1]
    assert len(story_ids(db)) == before + 1
    with Store(db, readonly=True) as store:
        assert "split" in [e.action for e in store.story_history(kept)]
        moving = store.story_article_ids(kept)[0]
    assert f'action="/articles/{moving}/move"' in client.get(f"/articles/{moving}").text
    moved = client.post(
        f"/articles/{moving}/move", data={"to": first, "token": token}, follow_redirects=False
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/stories/{first}"
    assert "Changes made by hand" in client.get(f"/stories/{first}").text


def test_bad_corrections_say_why_in_one_line(db: Path) -> None:
    client = TestClient(create_app(db, edit=True), raise_server_exceptions=False)
    sid = story_ids(db)[0]
    token = token_of(client.get(f"/stories/{sid}").text)
    for path, data, words in [
        (f"/stories/{sid}/split", {"articles": "99"}, "numbered 1 to"),
        (f"/stories/{sid}/split", {"articles": "two"}, "not an article number"),
        (f"/stories/{sid}/merge", {"with": "s-none"}, "no story &#39;s-none&#39;"),
        (f"/stories/{sid}/rename", {"headline": " "}, "needs some words"),
    ]:
        response = client.post(path, data={**data, "token": token})
        assert response.status_code == 422 and words in response.text, path
