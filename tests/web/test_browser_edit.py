"""Merging and splitting stories from the pages, in a real Chromium (Debian's, through Playwright), in the
web app's edit mode, at a phone's width; the pages stay within the window.

Skipped when /usr/bin/chromium is absent. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import write_articles
from storyfuse.pipeline import ingest
from storyfuse.present.web.app import create_app
from storyfuse.present.web.server import running_in_thread
from storyfuse.store import Store
from storyfuse.store.listing import StoryFilter
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("edit-browser")
    write_articles(folder / "in", 18)
    db = folder / "s.db"
    with Store(db) as store:
        ingest(store, [str(folder / "in")])
    with running_in_thread(create_app(db, edit=True)) as url:
        yield url, db


def sizes(db: Path) -> dict[str, int]:
    with Store(db, readonly=True) as store:
        return {
            s: len(store.story_article_ids(s)) for s in store.filtered_story_ids(StoryFilter(sort="size"))
        }


def test_merge_then_split_from_the_story_page(browser: Any, served: tuple[str, Path]) -> None:
    url, db = served
    before = sizes(db)
    first, second = list(before)[:2]
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{url}stories/{first}")
    page.fill("input[name=with]", second[:7])
    page.fill("#edit form[action$='/merge'] input[name=reason]", "one event")
    page.click("#edit form[action$='/merge'] button")
    page.wait_for_url(f"{url}stories/{first}", timeout=120_000)
    merged = before[first] + before[second]
    assert f"{merged} articles" in page.locator(".story-head .meta").inner_text()
    assert "one event" in page.locator("ol.history").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "edit-merged-390")
    assert second not in sizes(db)

    with Store(db, readonly=True) as store:
        story = store.story(first)
        assert story is not None
        leaving = [a.id for a in story.articles[:2]]  # the page's articles 1 and 2
    page.fill("input[name=articles]", "1-2")
    page.click("#edit form[action$='/split'] button")
    page.wait_for_load_state()
    assert len(sizes(db)) == len(before)  # two stories became one, then one became two
    with Store(db, readonly=True) as store:
        home = store.story_of(leaving[0])
        assert home is not None and store.story_article_ids(home) == leaving
    assert "split" in page.locator("ol.history").inner_text()
    shoot(page, "edit-split-390")
    page.context.close()


KELDEN = (
    "Kelden library opens a night reading room\n\n"
    "The Kelden public library opened a night reading room on Friday, the first in the region.\n\n"
    "Librarian Oda Marsk said 240 readers had signed up for the late hours within a week.\n\n"
    "The council of Kelden will review the trial after three months, a spokesperson said.\n"
)


def test_watch_then_a_new_story_then_the_alert(browser: Any, tmp_path: Path) -> None:
    import json
    import subprocess
    import sys
    import time
    import urllib.request

    inbox = tmp_path / "inbox"
    write_articles(inbox, 3)
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest(store, [str(inbox)])
        store.add_alert("kelden library")
    watcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "storyfuse.present.cli",
            "watch",
            str(inbox),
            "--db",
            str(db),
            "--interval",
            "0.3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with running_in_thread(create_app(db)) as url:
            time.sleep(1.0)
            (inbox / "kelden.txt").write_text(KELDEN, encoding="utf-8")
            new: list[dict[str, Any]] = []
            for _ in range(240):  # up to a minute: the watcher ingests and synthesises it
                with urllib.request.urlopen(url + "api/alerts") as response:
                    new = json.load(response)[0]["new"]
                if new:
                    break
                time.sleep(0.25)
            assert [s["headline"] for s in new] == ["Kelden library opens a night reading room"]
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.goto(url)
            page.click("header.site a.nav >> text=Alerts")
            card = page.locator("#alert-1 li.story-card")
            for _ in range(40):  # the watcher may be writing the story again (its storyline) just now
                if card.count():
                    break
                time.sleep(0.25)
                page.reload()
            assert card.count() == 1 and "Kelden library" in card.inner_text()
            assert "1 new story" in page.locator("#alert-1 h2").inner_text()
            shoot(page, "alerts-after-watch-390")
            card.locator("a").click()
            assert page.locator("h1").inner_text() == "Kelden library opens a night reading room"
            page.context.close()
    finally:
        watcher.terminate()
        out, err = watcher.communicate(timeout=30)
    assert "alert 1 'kelden library'" in out and "1 new article(s)" in err
