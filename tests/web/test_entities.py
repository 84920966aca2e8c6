"""Store-wide entities in the web app: the JSON API, the entity page and the links to it from stories.
The fictional store names harbour master Ines Vollrath in the ferry story and, with an accent, in the
market story."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.fixtures import FERRY, INJECTION, MARKET


def vollrath_id(client: TestClient) -> str:
    [found] = client.get("/api/entities", params={"q": "Vollrath"}).json()
    return str(found["id"])


def test_api_finds_one_person_across_two_stories(client: TestClient) -> None:
    response = client.get("/api/entities", params={"q": "völl"})
    assert response.status_code == 200
    [found] = response.json()
    assert found["name"] == "Ines Vollrath" and found["type"] == "PERSON"
    assert found["mentions"] == 4
    assert set(found["aliases"]) == {"Ines Völlrath", "Vollrath"}
    assert [(s["id"], s["name"]) for s in found["stories"]] == [
        (FERRY, "Ines Vollrath"),
        (MARKET, "Ines Völlrath"),
    ]
    assert client.get(f"/api/entities/{found['id']}").json() == found


def test_story_json_carries_the_store_wide_ids(client: TestClient) -> None:
    ferry = client.get(f"/api/stories/{FERRY}").json()
    market = client.get(f"/api/stories/{MARKET}").json()
    ids = {e["name"]: e["id"] for e in ferry["entities"] + market["entities"]}
    assert ids["Ines Vollrath"] == ids["Ines Völlrath"] == vollrath_id(client)
    assert ids["Quellport"] != ids["Marrowfield"]


def test_api_entity_errors_are_one_line_json(client: TestClient) -> None:
    for path, status, words in [
        ("/api/entities/e000000000000", 404, "no entity 'e000000000000'"),
        ("/api/entities?type=planet", 422, "type: Input should be"),
        ("/api/entities?q=x&limit=0", 422, "limit: Input should be greater than or equal to 1"),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        detail = response.json()["detail"]
        assert words in detail and "\n" not in detail
    assert client.get("/api/entities", params={"q": "nobody by this name"}).json() == []


def test_story_pages_link_entity_names_to_their_pages(client: TestClient) -> None:
    gid = vollrath_id(client)
    for story_id in (FERRY, MARKET):
        html = client.get(f"/stories/{story_id}").text
        assert f'<a class="entity" href="/entities/{gid}">' in html, story_id
    assert re.search(
        r'<a class="entity" href="/entities/e\w+">Marrowfield</a>', client.get(f"/stories/{MARKET}").text
    )


def test_entity_page_lists_the_stories_naming_it(client: TestClient) -> None:
    response = client.get(f"/entities/{vollrath_id(client)}")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert "<h1>Ines Vollrath</h1>" in html and "person · 4 mentions in 2 stories" in html
    assert html.index(f'href="/stories/{FERRY}"') < html.index(f'href="/stories/{MARKET}"')
    assert "as Ines Völlrath, 1 mention" in html


def test_entity_names_from_scraped_text_stay_text(client: TestClient) -> None:
    [hostile] = client.get("/api/entities", params={"q": "harbour board"}).json()
    assert hostile["name"] == f"Harbour Board {INJECTION}"
    for path in (f"/entities/{hostile['id']}", f"/stories/{FERRY}", "/search?q=harbour"):
        html = client.get(path).text
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html, path
        assert re.findall(r"<script[^>]*>", html) == ['<script defer src="/static/app.js">'], path


def test_search_page_offers_matching_entities(client: TestClient) -> None:
    html = client.get("/search", params={"q": "vollrath"}).text
    assert "People, places and organisations" in html
    assert f'href="/entities/{vollrath_id(client)}">Ines Vollrath</a>' in html


def test_unknown_entity_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/entities/e000000000000")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no entity" in response.text and "Traceback" not in response.text
