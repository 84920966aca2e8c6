"""The story list's filters and sorts on /api/stories and the web app's index, entity lists without a
query, and ids by unique prefix on every page and route that takes one."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.fixtures import FERRY, MARKET


def ids(client: TestClient, query: str) -> list[str]:
    response = client.get("/api/stories" + query)
    assert response.status_code == 200, response.text
    found = [s["id"] for s in response.json()]
    assert response.headers["X-Total-Count"] == str(len(found))
    return found


def test_api_stories_filters_and_sorts(client: TestClient) -> None:
    assert ids(client, "") == [FERRY, MARKET]
    assert ids(client, "?since=2031-04-01") == [FERRY]
    assert ids(client, "?until=2031-03-02") == [MARKET]
    assert ids(client, "?since=2031-05-01&until=2031-04-01") == []
    assert ids(client, "?source=northgate") == [FERRY]
    assert ids(client, "?language=en&min_articles=2") == [FERRY]
    assert ids(client, "?entity=Bram%20Osei") == [FERRY]
    assert ids(client, "?entity=völlrath&sort=size") == [FERRY, MARKET]
    assert ids(client, "?entity=nobody-at-all") == []


def test_api_stories_refuses_bad_filters_in_one_line(client: TestClient) -> None:
    # a number is not a day (pydantic alone would read it as a Unix time: schemathesis found 5.3e-87)
    for query in ("?since=2031-02-30", "?sort=loudest", "?min_articles=0", "?until=5.3e-87", "?since=2031"):
        response = client.get("/api/stories" + query)
        assert response.status_code == 422 and "\n" not in response.json()["detail"]


def test_filters_are_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/api/stories"]["get"]["parameters"]}
    assert {
        "since",
        "until",
        "source",
        "language",
        "entity",
        "min_articles",
        "sort",
        "limit",
        "offset",
    } <= names
    entity_names = {p["name"] for p in schema["paths"]["/api/entities"]["get"]["parameters"]}
    assert {"q", "type", "limit", "offset"} <= entity_names


def test_api_entities_lists_by_mentions_without_a_query(client: TestClient) -> None:
    found = client.get("/api/entities").json()
    assert found[0]["name"] == "Quellport"
    assert [e["mentions"] for e in found] == sorted((e["mentions"] for e in found), reverse=True)
    people = client.get("/api/entities?type=person").json()
    assert people and {e["type"] for e in people} == {"PERSON"}
    assert client.get("/api/entities?type=planet").status_code == 422


def test_index_has_filter_controls_that_keep_their_values(client: TestClient) -> None:
    page = client.get("/?source=Gazette&sort=size")
    assert page.status_code == 200
    html = page.text
    assert 'name="source" value="Gazette"' in html and '<option value="size" selected>' in html
    assert "1 story match" in html and FERRY in html and MARKET not in html
    nothing = client.get("/?entity=nobody-at-all").text
    assert "No story matches these filters" in nothing
    bad = client.get("/?since=tomorrow")
    assert bad.status_code == 422 and "not a date" in bad.text


def test_index_counts_named_outlets_and_unknown_ones_apart(client: TestClient) -> None:
    html = client.get("/").text
    # the ferry story: three named outlets and one article of no known outlet
    assert "4 articles · 3 outlets · 1 of unknown outlet" in html


def test_ids_by_unique_prefix_on_pages_and_routes(client: TestClient) -> None:
    assert client.get(f"/api/stories/{FERRY[:6]}").json()["id"] == FERRY
    assert client.get(f"/stories/{FERRY[:6]}").status_code == 200
    assert client.get("/api/articles/ferry-ga").json()["id"] == "ferry-gazette"
    ambiguous = client.get("/api/articles/ferry-")
    assert ambiguous.status_code == 404 and "ambiguous" in ambiguous.json()["detail"]
    gone = client.get("/stories/s0f0zzz")
    assert gone.status_code == 404 and "merged" in gone.text


def test_api_stories_lists_each_story_as_its_model_says(client: TestClient) -> None:
    """/api/stories builds its JSON as plain data (fast for pages of large stories): each item is what
    StoryListItemOut, the schema's model, makes of it, field for field and in its order."""
    from storyfuse.present.web.api import StoryListItemOut

    for query in ("", "?sort=size", "?source=northgate", "?since=2031-05-01&until=2031-04-01"):
        listed = client.get("/api/stories" + query).json()
        for item in listed:
            model = StoryListItemOut.model_validate(item).model_dump(mode="json")
            assert list(model) == list(item) and model == item
        assert listed or query.startswith("?since")
