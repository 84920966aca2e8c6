"""The web app over a fictional store: pages show every section of a story, scraped text stays text,
errors are short messages, and a page reflects what another process wrote a moment ago."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import run_cli
from storyfuse.errors import StoryfuseError
from storyfuse.present.cli import cli
from storyfuse.present.web.app import create_app
from storyfuse.present.web.server import LOOPBACK, bind
from storyfuse.store import Store
from web.fixtures import API_PATHS, FERRY, HOSTILE, MARKET, build_store, market_story

OUR_SCRIPT = '<script defer src="/static/app.js"></script>'


def only_our_scripts(html: str) -> bool:
    return re.findall(r"<script[^>]*>", html, re.IGNORECASE) == ['<script defer src="/static/app.js">']


def test_story_list_is_most_recent_first_with_sizes_and_outlets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.index(f'href="/stories/{FERRY}"') < html.index(f'href="/stories/{MARKET}"')
    assert "2 stories from 5 articles" in html
    assert "4 articles · 3 outlets · 1 of unknown outlet" in html
    assert "Quellport Gazette · Northgate Wire · Lindquay Courier" in html


def test_story_page_shows_every_section_with_citations_to_articles(client: TestClient) -> None:
    html = client.get(f"/stories/{FERRY}").text
    for section in ("summary", "timeline", "coverage", "people", "figures", "articles"):
        assert f'<section id="{section}">' in html
    assert 'class="chart chart-timeline"' in html and 'class="chart chart-outlets"' in html
    assert 'class="chart chart-families"' in html and 'class="chart chart-figure"' in html
    assert "Family 1: rewrite of a Northgate Wire dispatch" in html
    assert re.search(r"Bram Osei</a></strong>, operator chief.*?Every passenger is safe", html, re.S)
    assert "sources disagree" in html
    assert (
        '<a class="cite" href="/articles/ferry-courier" title="Lindquay Courier: Quellport ferry grounding'
        in html
    )
    assert 'href="#event-2"' in html and '<li id="event-2">' in html  # the chart's dots link to the list
    # an organisation's quote is listed under it once; an unnamed speaker is shown as described
    assert html.count("The vessel will be back in service within a week") == 1
    assert re.search(r"Tessaly Lines</a></strong>.*?2 mentions.*?The vessel will be back", html, re.S)
    assert re.search(r"a deckhand:</span> “The deck tilted", html)


def test_scraped_markup_is_shown_as_text_everywhere(client: TestClient) -> None:
    for path in ("/", f"/stories/{FERRY}", f"/articles/{HOSTILE}", "/search?q=inquiry"):
        html = client.get(path).text
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html or path == "/", path
        assert only_our_scripts(html), path
        assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", ""), path
        assert 'href="javascript:' not in html, path


def test_article_page_shows_cleaned_text_beside_removed_clutter(client: TestClient) -> None:
    html = client.get("/articles/ferry-gazette").text
    clean = html[html.index('class="clean-text"') : html.index('class="removed"')]
    removed = html[html.index('class="removed"') :]
    assert "Harbour master Ines Vollrath said about 300 passengers" in clean
    assert "Subscribe to the Gazette" not in clean
    assert "Subscribe to the Gazette for 1 euro" in removed and "Read more: tide tables" in removed
    assert f'Article 1 of <a href="/stories/{FERRY}">' in html
    assert "Copy: rewrite of a Northgate Wire dispatch, with [2] Northgate Wire" in html


def test_raw_input_is_served_as_inert_plain_text(client: TestClient) -> None:
    response = client.get(f"/articles/{HOSTILE}/raw")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert "<script>window.__pwned = 1</script>" in response.text


def test_search_finds_stories_and_articles_and_marks_the_words(client: TestClient) -> None:
    html = client.get("/search", params={"q": "lifeboat"}).text
    assert "0 stories and 2 articles match" in html
    assert "<mark>lifeboat</mark>" in html
    assert 'href="/articles/ferry-wire"' in html and "Northgate Wire, 12 Apr 2031" in html
    html = client.get("/search", params={"q": "Marrowfield"}).text
    assert f'href="/stories/{MARKET}"' in html
    assert "Type words to look for" in client.get("/search").text
    assert "0 stories and 0 articles" in client.get("/search", params={"q": '"*:(zebra OR'}).text


def test_api_lists_stories_in_the_cli_contract_with_a_total(client: TestClient) -> None:
    response = client.get("/api/stories", params={"limit": 1})
    assert response.status_code == 200 and response.headers["x-total-count"] == "2"
    [listed] = response.json()
    assert {"id", "headline", "published", "articles"} <= set(listed)
    assert listed["id"] == FERRY and listed["published"] == "2031-04-14"
    assert set(listed["articles"][0]) == {"id", "path", "url", "source", "title"}
    assert client.get("/api/stories", params={"offset": 1}).json()[0]["id"] == MARKET


def test_api_story_is_the_story_json_contract(client: TestClient, web_db: Path) -> None:
    with Store(web_db, readonly=True) as store:
        expected = store.story(FERRY)
    assert expected is not None
    assert client.get(f"/api/stories/{FERRY}").json() == expected.to_json()


def test_api_article_and_search(client: TestClient) -> None:
    article = client.get("/api/articles/ferry-gazette").json()
    assert article["story_id"] == FERRY and article["removed"][0].startswith("Subscribe")
    assert article["body"][0] == {
        "text": "The ferry Tessaly Star ran aground off Quellport harbour on Saturday, April 12, 2031.",
        "kind": "paragraph",
    }
    hits = client.get("/api/search", params={"q": "Vollrath"}).json()["hits"]
    assert {(h["kind"], h["id"]) for h in hits} == {("article", "ferry-gazette"), ("article", "ferry-wire")}


def test_api_errors_are_json_with_a_one_line_message(client: TestClient) -> None:
    for path, status, words in [
        ("/api/stories/nope", 404, "no story 'nope'"),
        ("/api/articles/nope", 404, "no article 'nope'"),
        ("/api/stories?limit=zero", 422, "limit: Input should be a valid integer"),
        ("/api/stories?limit=100000", 422, "limit: Input should be less than or equal to 500"),
        ("/api/search", 422, "q: Field required"),
        ("/api/nothing-here", 404, "Not Found"),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert response.json() == {"detail": response.json()["detail"]} and words in response.json()["detail"]
        assert "\n" not in response.json()["detail"] and "Traceback" not in response.text


def test_page_errors_are_html_messages(client: TestClient) -> None:
    cases = [
        ("/stories/s000", 404, "no story"),
        ("/?page=x", 422, "page: Input should be a valid integer"),
        ("/?page=9", 404, "only 1 page"),
        ("/search?q=" + "x" * 300, 422, "at most 200 characters"),
        ("/no/such/page", 404, "Not Found"),
    ]
    for path, status, words in cases:
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["content-type"].startswith("text/html")
        assert words in response.text and "Traceback" not in response.text
    assert client.post("/").status_code == 405


def test_an_unexpected_failure_is_a_500_without_a_stack_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Store, story_id: str) -> None:
        raise RuntimeError("secret internals at /srv/code.py line 12")

    monkeypatch.setattr(Store, "story", broken)
    for path in (f"/stories/{FERRY}", f"/api/stories/{FERRY}"):
        response = client.get(path)
        assert response.status_code == 500
        assert "internal error" in response.text
        assert "secret internals" not in response.text and "Traceback" not in response.text


def test_no_file_outside_the_bundled_static_files_is_served(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    for path in (
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "/articles/..%2f..%2fetc%2fpasswd",
        "/articles/%2e%2e",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "create_app" not in response.text and "root:" not in response.text


def test_responses_carry_a_content_security_policy(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_pages_show_what_another_process_commits_while_serving(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Store(build_store(db)) as writer:
        client = TestClient(create_app(db))
        assert client.get("/api/status").json()["stories"] == 2
        story = market_story()
        story.id, story.headline = "s111111111111", "Lindquay lighthouse relit after a century"
        with writer.transaction():
            writer.save_story_states([(story.id, "{}", "2031-05-01", "2031-05-01")])
            writer.write_story(story)
        assert client.get("/api/status").json()["stories"] == 3
        html = client.get("/").text
        assert html.index("Lindquay lighthouse relit") < html.index("Ferry Tessaly Star")


def test_a_store_removed_while_serving_gives_a_message_not_a_trace(tmp_path: Path) -> None:
    db = build_store(tmp_path / "gone.db")
    client = TestClient(create_app(db), raise_server_exceptions=False)
    db.unlink()
    response = client.get("/")
    assert response.status_code == 503 and "storyfuse ingest" in response.text


def test_app_refuses_a_missing_store_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoryfuseError, match="run `storyfuse ingest` first"):
        create_app(tmp_path / "absent.db")


def test_a_busy_port_is_a_one_line_error() -> None:
    sock = bind("127.0.0.1", 0)
    try:
        with pytest.raises(StoryfuseError, match=r"cannot listen on 127\.0\.0\.1:"):
            bind("127.0.0.1", sock.getsockname()[1])
    finally:
        sock.close()


def test_serve_listens_on_loopback_by_default_and_reports_a_missing_store_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert {p.name: p.default for p in cli.commands["serve"].params}["host"] == "127.0.0.1"
    result = run_cli(capsys, "serve", "--port", "0", "--db", str(tmp_path / "none.db"))
    assert result.code == 1 and result.err.count("\n") == 1 and "storyfuse ingest" in result.err


def test_a_loopback_server_answers_only_to_loopback_host_names(web_db: Path) -> None:
    app = create_app(web_db, allowed_hosts=LOOPBACK)
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/api/status").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/api/status").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example:8000").get("/api/stories")
    assert rebound.status_code == 400 and "Invalid host header" in rebound.text


def test_openapi_description_lists_the_api_and_no_html_pages(client: TestClient) -> None:
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert paths == API_PATHS
