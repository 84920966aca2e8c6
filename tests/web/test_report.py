"""`storyfuse report`: a self-contained static site whose every link resolves inside it."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import run_cli
from storyfuse.errors import StoryfuseError
from storyfuse.present.static_report import MARKER, write_report
from storyfuse.present.web.app import create_app
from storyfuse.present.web.pages import page_file
from storyfuse.store import Store
from web.fixtures import FERRY, HOSTILE, MARKET, build_store

LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    summary = write_report(build_store(folder / "s.db"), folder / "site")
    assert (summary.stories, summary.articles) == (2, 5)
    return folder / "site"


def local_links(page: Path) -> list[str]:
    return [
        html_lib.unescape(link)
        for link in LINK.findall(page.read_text(encoding="utf-8"))
        if not link.startswith(("#", "data:", "http://", "https://"))
    ]


def test_every_link_and_asset_of_every_page_is_a_file_of_the_report(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) == 1 + 2 + 5 + 1  # index, stories, articles, the storyline list
    for page in pages:
        for link in local_links(page):
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            assert target.is_file(), f"{page.name}: {link}"
            assert target.is_relative_to(site.resolve())


def test_no_page_loads_anything_from_the_network(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text.replace('href="https://', "")), page
        assert "Content-Security-Policy" in text


def test_story_page_has_every_section_and_charts(site: Path) -> None:
    html = (site / "stories" / page_file(FERRY)).read_text(encoding="utf-8")
    for section in ("summary", "timeline", "coverage", "people", "figures", "articles"):
        assert f'<section id="{section}">' in html
    for chart in ("timeline", "outlets", "families", "figure"):
        assert f'class="chart chart-{chart}"' in html
    assert f'href="../articles/{page_file("ferry-courier")}"' in html
    assert "raw input" not in (site / "articles" / page_file("ferry-courier")).read_text(encoding="utf-8")


def test_scraped_markup_stays_text_in_the_report(site: Path) -> None:
    for page in (site / "stories" / page_file(FERRY), site / "articles" / page_file(HOSTILE)):
        text = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text
        assert re.findall(r"<script[^>]*>", text) == ['<script defer src="../static/app.js">']
    index = (site / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith("window.STORYFUSE_INDEX = ") and "<" not in index
    first_line = index.splitlines()[0]  # the second is the word index (test_big_pages.py)
    entries = json.loads(first_line.removeprefix("window.STORYFUSE_INDEX = ").rstrip().rstrip(";"))
    assert [e["id"] for e in entries] == [FERRY, MARKET]
    assert "Ferry inquiry opens <script>" in entries[0]["text"]  # data, kept whole, never markup


def test_ids_that_are_not_plain_names_get_file_names_inside_the_report() -> None:
    for item_id in ("../../etc/passwd", "..", "a/b", "café", ""):
        name = page_file(item_id)
        assert "/" not in name and name not in (".html", "..html") and re.fullmatch(r"[\w-]+\.html", name)
    assert page_file("ferry-gazette") == "ferry-gazette.html"
    assert page_file("a.b") != page_file("a_b")


def test_a_folder_with_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(StoryfuseError, match="not empty"):
        write_report(db, folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_rerun_replaces_the_pages_of_stories_that_are_gone(tmp_path: Path) -> None:
    db = build_store(tmp_path / "s.db")
    folder = tmp_path / "site"
    write_report(db, folder)
    assert (folder / MARKER).exists() and (folder / "stories" / page_file(MARKET)).exists()
    with Store(db) as store, store.transaction():  # as a merge does: move the article, drop the story
        store.assign([("market-herald", FERRY)])
        store.drop_stories([MARKET])
    summary = write_report(db, folder)
    assert summary.stories == 1 and not (folder / "stories" / page_file(MARKET)).exists()


def test_report_command_writes_the_site_and_reports_bad_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = build_store(tmp_path / "s.db")
    result = run_cli(capsys, "report", "--out", str(tmp_path / "site"), "--db", str(db))
    assert result.code == 0 and "2 story page(s) and 5 article page(s) written" in result.err
    assert (tmp_path / "site" / "index.html").is_file()
    missing = run_cli(capsys, "report", "--out", str(tmp_path / "other"), "--db", str(tmp_path / "none.db"))
    assert missing.code == 1 and missing.err.count("\n") == 1 and "storyfuse ingest" in missing.err
    assert not (tmp_path / "other").exists()


@pytest.mark.shared
@pytest.mark.slow
def test_report_of_the_seeds_shows_the_story_with_summary_timeline_people_and_coverage(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "seeds.db"
    assert run_cli(capsys, "ingest", str(seeds_dir), "--db", str(db)).code == 0
    assert run_cli(capsys, "report", "--out", str(tmp_path / "site"), "--db", str(db)).code == 0
    [story_page] = (tmp_path / "site" / "stories").glob("*.html")
    html = story_page.read_text(encoding="utf-8")
    assert "Blinken" in html and "Lavrov" in html and "Geneva" in html
    for section in ("summary", "timeline", "coverage", "people", "articles"):
        assert f'<section id="{section}">' in html
    assert 'class="chart chart-timeline"' in html and 'class="chart chart-outlets"' in html
    cited = set(re.findall(r'class="cite" href="\.\./articles/([^"]+)"', html))
    assert cited == {p.stem + ".html" for p in seeds_dir.glob("*.txt")}
    assert len(list((tmp_path / "site" / "articles").glob("*.html"))) == 5
    served = TestClient(create_app(db)).get(f"/stories/{story_page.stem}").text  # serve shows the same
    for section in ("summary", "timeline", "coverage", "people", "articles"):
        assert f'<section id="{section}">' in served
