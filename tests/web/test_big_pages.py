"""Pages that scale with the story (without a browser): a 100-article story's page is a fraction of
its old size, with collapsed citations and folded sections; an article page names every cut it made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import text_article
from storyfuse.present.web.app import create_app
from storyfuse.present.web.charts import runs_text
from storyfuse.present.web.pages import cut_leads
from web.big_story import BIG, write_big_story


@pytest.fixture(scope="module")
def big_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = write_big_story(tmp_path_factory.mktemp("big") / "s.db", outlets=50)
    return TestClient(create_app(db))


def test_big_story_page_is_compact(big_client: TestClient) -> None:
    html = big_client.get(f"/stories/{BIG}").text
    assert len(html) < 300_000  # a hundred chips per sentence and person made it 790 KB
    for cites in re.findall(r'<span class="cites">(.*?)</span>', html):
        assert cites.count('class="cite"') <= 6
    assert '<a class="cite" href="/articles/sb1g0000000a-flood-000" title="articles 1 to 100' in html
    assert "Show all 100 articles" in html and "Show all 30 events" in html and "Show all 24 people" in html
    assert html.count('class="chart chart-figure"') == 14 and 'class="figure-value"' not in html


def test_citation_runs_read_as_ranges() -> None:
    assert runs_text([1, 2, 3, 5, 6, 9]) == "[1]–[3] [5] [6] [9]"
    assert runs_text(list(range(1, 14))) == "[1]–[13]"
    assert runs_text([1, 3, 5, 7, 9, 11, 13], limit=3) == "[1] [3] +5 more"


def test_article_page_names_the_dateline_it_left_out(tmp_path: Path) -> None:
    article = text_article(
        "dateline", ["QUELLPORT, May 3 (Northgate Wire) - The ferry ran aground.", "Nobody was hurt."]
    )
    assert cut_leads(article) == ["QUELLPORT, May 3 (Northgate Wire) -"]
    assert cut_leads(text_article("plain", ["The ferry ran aground.", "Nobody was hurt."])) == []


def test_article_page_lists_cut_leads_beside_the_removed_lines(big_client: TestClient) -> None:
    html = big_client.get(f"/articles/{BIG}-flood-004").text
    assert "Sign up for flood alerts" in html and "Nothing was removed" not in html


def test_the_report_ships_a_word_index_of_article_text(tmp_path: Path) -> None:
    import json

    from storyfuse.present.static_report import write_report
    from web.fixtures import FERRY, MARKET, build_store

    site = tmp_path / "site"
    write_report(build_store(tmp_path / "s.db"), site)
    script = (site / "search-index.js").read_text(encoding="utf-8")
    index = json.loads(script.split("window.STORYFUSE_INDEX = ", 1)[1].split(";\n", 1)[0])
    words = json.loads(script.split("window.STORYFUSE_WORDS = ", 1)[1].rstrip(";\n"))
    order = [entry["id"] for entry in index]
    assert [order[i] for i in words["lifeboat"]] == [FERRY]  # a word of an article's text
    assert [order[i] for i in words["square"]] == [MARKET]
    assert "völlrath" not in words and "<script>" not in script  # folded, and inert
