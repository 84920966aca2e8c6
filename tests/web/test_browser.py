"""End to end in a real headless Chromium (Debian's package, driven by Playwright) against
`storyfuse serve` on loopback, and against the static report opened from files.

Skipped when /usr/bin/chromium is absent. Screenshots go to artifacts/screenshots/ at the repo root.
"""

from __future__ import annotations

import re
import select
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKENDS, new_store_address
from storyfuse.present.static_report import write_report
from storyfuse.present.web.app import create_app
from storyfuse.present.web.pages import page_file
from storyfuse.present.web.server import running_in_thread
from storyfuse.store.open import open_store
from web.fixtures import FERRY, HOSTILE, build_store, market_story

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [  # without the background-networking flags the closed network refuses Chromium's calls
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, list[str]]]:
    """`storyfuse serve --port 0` in a subprocess over the fictional store, on each store backend:
    (base URL, the store's address, its log)."""
    db = build_store(new_store_address(request.param, request, tmp_path_factory.mktemp("served")))
    process = subprocess.Popen(
        [sys.executable, "-m", "storyfuse.present.cli", "serve", "--port", "0", "--db", db],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    log: list[str] = []
    url = None
    for _ in range(300):  # up to 30 s for the first line
        ready, _, _ = select.select([process.stderr], [], [], 0.1)
        if ready:
            line = process.stderr.readline()
            log.append(line)
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
            if found or not line:
                url = found.group(1) if found else None
                break
    if url is None:
        process.kill()
        pytest.fail("storyfuse serve did not start: " + "".join(log))
    stream = process.stderr
    drain = threading.Thread(target=lambda: log.extend(stream), daemon=True)
    drain.start()
    try:
        yield url, db, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def new_page(browser: Any, width: int = 1280, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a page opened a dialog: {dialog.message}"))
    return page


def test_list_search_story_and_citation_to_article(browser: Any, served: tuple[str, str, list[str]]) -> None:
    url, _, log = served
    page = new_page(browser)
    page.goto(url)
    cards = page.locator("li.story-card")
    assert cards.count() == 2
    assert cards.first.locator("h2").inner_text() == "Ferry Tessaly Star runs aground off Quellport harbour"
    shoot(page, "serve-list-1280-light")

    page.fill("input[name=q]", "lifeboat")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=lifeboat"))
    assert page.locator("mark", has_text="lifeboat").count() == 2
    shoot(page, "serve-search-1280-light")

    page.goto(url)
    page.click("text=Ferry Tessaly Star runs aground off Quellport harbour")
    page.wait_for_url(f"{url}stories/{FERRY}")
    for section in ("Summary", "Timeline", "Coverage", "People", "Figures", "Articles"):
        assert page.locator("h2", has_text=section).first.is_visible()
    assert page.locator("svg.chart-timeline").is_visible() and page.locator("svg.chart-families").is_visible()
    assert page.locator("svg.chart-outlets").bounding_box()["width"] > 300
    shoot(page, "serve-story-1280-light")

    page.locator("#summary a.cite").first.click()
    page.wait_for_url(f"{url}articles/ferry-gazette")
    assert "Harbour master Ines Vollrath" in page.locator(".clean-text").inner_text()
    assert "Subscribe to the Gazette" in page.locator(".removed").inner_text()
    shoot(page, "serve-article-1280-light")
    assert not any("Traceback" in line for line in log)


def test_injected_scripts_do_not_run(browser: Any, served: tuple[str, str, list[str]]) -> None:
    url, _, _ = served
    page = new_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in (f"articles/{HOSTILE}", f"stories/{FERRY}", "search?q=inquiry"):
        page.goto(url + path)
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("script").count() == 1, path  # ours only
    assert "<script>window.__pwned = 1</script>" in page.locator("main").inner_text()
    page.goto(url + f"articles/{HOSTILE}")
    assert "<script>window.__pwned = 1</script>" in page.locator("h1").inner_text()
    shoot(page, "serve-hostile-article-1280-light")
    assert errors == []


def test_pages_fit_a_phone_and_follow_the_dark_theme(
    browser: Any, served: tuple[str, str, list[str]]
) -> None:
    url, _, _ = served
    light_background = None
    for width, scheme in ((390, "light"), (390, "dark"), (1280, "dark")):
        page = new_page(browser, width, scheme)
        page.goto(url + f"stories/{FERRY}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        if scheme == "light":
            light_background = background
        else:
            assert background != light_background
        shoot(page, f"serve-story-{width}-{scheme}")
        page.goto(url + "articles/ferry-gazette")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shoot(page, f"serve-article-{width}-{scheme}")
        page.context.close()


def test_a_reload_shows_what_ingest_committed_meanwhile(
    browser: Any, served: tuple[str, str, list[str]]
) -> None:
    url, db, _ = served
    page = new_page(browser)
    page.goto(url)
    before = page.locator("li.story-card").count()
    story = market_story()
    story.id, story.headline = "s222222222222", "Brightmoor tram line reopens"
    with open_store(db) as writer, writer.transaction():
        writer.save_story_states([(story.id, "{}", "2031-06-01", "2031-06-01")])
        writer.write_story(story)
    page.reload()
    assert page.locator("li.story-card").count() == before + 1
    assert page.locator("li.story-card h2").first.inner_text() == "Brightmoor tram line reopens"


def test_static_report_opens_from_files_and_filters_headlines(browser: Any, tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_report(build_store(tmp_path / "s.db"), site)
    page = new_page(browser, 390, "dark")
    page.goto((site / "index.html").as_uri() + "?q=marrowfield")
    assert page.locator("li.story-card:visible").count() == 1  # the script ran and read ?q=
    page.fill("input[name=q]", "gazette")  # an outlet's name finds its stories too
    assert page.locator("li.story-card:visible h2").inner_text().startswith("Ferry Tessaly Star")
    page.fill("input[name=q]", "")
    assert page.locator("li.story-card:visible").count() == 2
    shoot(page, "report-index-390-dark")
    page.goto((site / "stories" / page_file(FERRY)).as_uri())
    page.locator("#summary a.cite").last.click()
    assert page.url.endswith(f"articles/{page_file(HOSTILE)}")
    assert page.evaluate("window.__pwned") is None
    shoot(page, "report-hostile-article-390-dark")


def test_the_story_list_offers_a_reload_once_ingest_adds_something(browser: Any, store_address: str) -> None:
    db = build_store(store_address)
    with running_in_thread(create_app(db, poll_seconds=0.5)) as url:
        page = new_page(browser)
        page.goto(url)
        notice = page.locator("[data-update-notice]")
        page.wait_for_timeout(1200)  # two polls with nothing new
        assert notice.is_hidden()
        story = market_story()
        story.id, story.headline = "s333333333333", "Kelden library opens a night reading room"
        with open_store(db) as writer, writer.transaction():
            writer.save_story_states([(story.id, "{}", "2031-06-02", "2031-06-02")])
            writer.write_story(story)
        notice.wait_for(state="visible", timeout=5000)
        shoot(page, "serve-list-update-notice-1280-light")
        notice.locator("a").click()
        page.wait_for_load_state()
        assert (
            page.locator("li.story-card h2").first.inner_text() == "Kelden library opens a night reading room"
        )
