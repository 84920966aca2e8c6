"""A 100-article story stays usable in a real Chromium (Debian's, through Playwright): under 15 screens at
a phone's and a laptop's width, never wider than the window from 360 to 1920 px, citations collapsed,
each figure drawn once, an outlet chart that means something for one outlet and for fifty; and the
story list's filters work from the page.

Skipped when /usr/bin/chromium is absent. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from storyfuse.present.web.app import create_app
from storyfuse.present.web.server import running_in_thread
from web.big_story import BIG, write_big_story
from web.fixtures import FERRY, MARKET, build_store
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, shoot

ONE_OUTLET = "sb1g0000000b"
SCREENS = 15

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
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fictional store plus a 100-article story of 50 outlets and one of a single outlet."""
    db = build_store(tmp_path_factory.mktemp("big") / "s.db")
    write_big_story(db, outlets=50)
    write_big_story(db, outlets=1, story_id=ONE_OUTLET)
    with running_in_thread(create_app(db)) as base:
        yield base


def page_at(browser: Any, width: int, height: int) -> Any:
    return browser.new_context(viewport={"width": width, "height": height}).new_page()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
@pytest.mark.parametrize("story_id", [BIG, ONE_OUTLET])
def test_a_100_article_story_is_under_15_screens(
    browser: Any, url: str, story_id: str, width: int, height: int
) -> None:
    page = page_at(browser, width, height)
    page.goto(f"{url}stories/{story_id}")
    assert page.locator("ol.articles li").count() == 100  # every article is on the page, most folded
    tall = page.evaluate("document.documentElement.scrollHeight")
    assert tall < SCREENS * height, f"{tall / height:.1f} screens"
    shoot(page, f"big-story-{story_id[-1]}-{width}")
    page.context.close()


@pytest.mark.parametrize("width", [360, 390, 768, 1366, 1920])
def test_a_100_article_story_never_overflows_sideways(browser: Any, url: str, width: int) -> None:
    page = page_at(browser, width, 900)
    for story_id in (BIG, ONE_OUTLET):
        page.goto(f"{url}stories/{story_id}")
        for summary in page.locator("details.more > summary").all():  # unfolded too
            summary.click()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, story_id
    page.context.close()


def test_citations_collapse_and_folded_sections_open(browser: Any, url: str) -> None:
    page = page_at(browser, 1366, 768)
    page.goto(f"{url}stories/{BIG}")
    first = page.locator("#summary li").first.locator("a.cite")
    assert first.all_inner_texts() == ["1–100"]  # one chip, not a hundred
    assert max(page.locator(".cites").evaluate_all("els => els.map(e => e.children.length)")) <= 6
    last = page.locator("#article-100")
    assert not last.is_visible()
    page.locator("#articles details.more > summary").click()
    assert last.is_visible()
    page.context.close()


def test_each_figure_is_drawn_once(browser: Any, url: str) -> None:
    page = page_at(browser, 1366, 768)
    page.goto(f"{url}stories/{BIG}")
    figures = page.locator("#figures .figure")
    assert figures.count() == 14
    assert page.locator("#figures svg.chart-figure").count() == 14
    assert page.locator("#figures .figure-value").count() == 0  # no cards repeating the bars
    page.context.close()


def test_the_outlet_chart_summarises_fifty_outlets_and_one(browser: Any, url: str) -> None:
    page = page_at(browser, 390, 844)
    page.goto(f"{url}stories/{BIG}")
    chart = page.locator("svg.chart-outlets")
    assert chart.locator("rect.chart-track").count() == 11
    assert "and 39 other outlets" in chart.text_content()
    page.goto(f"{url}stories/{ONE_OUTLET}")
    assert page.locator("svg.chart-outlets").count() == 0
    assert "All 100 articles come from one outlet" in page.locator("#coverage").inner_text()
    page.context.close()


def test_filtering_the_story_list_from_the_page(browser: Any, url: str) -> None:
    page = page_at(browser, 390, 844)
    page.goto(url)
    assert page.locator("li.story-card").count() == 4
    page.locator("details.filters > summary").click()
    page.fill("input[name=entity]", "Vollrath")
    page.fill("input[name=min_articles]", "2")
    page.select_option("select[name=sort]", "size")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_url("**/?*entity=Vollrath*")
    ids = page.locator("li.story-card").evaluate_all("els => els.map(e => e.dataset.storyId)")
    assert ids == [BIG, ONE_OUTLET, FERRY]  # size order; the one-article market story left out
    assert page.input_value("input[name=entity]") == "Vollrath"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "story-list-filtered-390")
    page.fill("input[name=source]", "Marrowfield Herald")
    page.fill("input[name=min_articles]", "")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_load_state()
    ids = page.locator("li.story-card").evaluate_all("els => els.map(e => e.dataset.storyId)")
    assert ids == [MARKET]
    page.context.close()


def test_the_report_searches_article_text_and_summaries(browser: Any, tmp_path: Any) -> None:
    from storyfuse.present.static_report import write_report

    site = tmp_path / "site"
    write_report(build_store(tmp_path / "s.db"), site)
    page = page_at(browser, 390, 844)
    page.goto((site / "index.html").as_uri())
    page.fill("input[name=q]", "lifeboat")  # only in the ferry articles' text, not in a headline
    assert page.locator("li.story-card:visible").evaluate_all("els => els.map(e => e.dataset.storyId)") == [
        FERRY
    ]
    page.fill("input[name=q]", "marrowf squa")  # prefixes of words of the market story's summary
    assert page.locator("li.story-card:visible").evaluate_all("els => els.map(e => e.dataset.storyId)") == [
        MARKET
    ]
    assert "1 story matches" in page.locator("[data-filter-count]").inner_text()
    page.context.close()
