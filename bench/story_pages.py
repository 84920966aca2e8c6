"""How long and how wide story pages are in Chromium (#24): the largest stories of a store, or the
fictional 100-article stories of tests/web/big_story.py (50 outlets and one) when no --db is given.

For each story: page height in screens at 390x844 and 1366x768, the widest the document gets at 360,
390, 1366 and 1920 px (every folded section opened), and the HTML size. Needs Debian's chromium and
Playwright (the browser tests' set-up).

    .venv/bin/python bench/story_pages.py                        # the fixture stories
    .venv/bin/python bench/story_pages.py --db t17.db --stories 3  # the 3 largest stories of a store
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from storyfuse.present.web.app import create_app  # noqa: E402
from storyfuse.present.web.server import running_in_thread  # noqa: E402
from storyfuse.store.listing import StoryFilter  # noqa: E402
from storyfuse.store.open import open_store  # noqa: E402
from web.big_story import BIG, write_big_story  # noqa: E402
from web.test_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SCREENS = ((390, 844), (1366, 768))
WIDTHS = (360, 390, 1366, 1920)


def measure(browser: object, url: str, story_id: str) -> dict[str, object]:
    result: dict[str, object] = {"story": story_id}
    for width, height in SCREENS:
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()  # type: ignore[attr-defined]
        page.goto(f"{url}stories/{story_id}")
        tall = page.evaluate("document.documentElement.scrollHeight")
        result[f"screens_{width}"] = round(tall / height, 1)
        result["html_kb"] = round(len(page.content().encode()) / 1024)
        page.context.close()
    widest = {}
    for width in WIDTHS:
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()  # type: ignore[attr-defined]
        page.goto(f"{url}stories/{story_id}")
        for summary in page.locator("details.more > summary").all():
            summary.click()
        widest[str(width)] = page.evaluate("document.documentElement.scrollWidth")
        page.context.close()
    result["document_width_at"] = widest
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="A store; without it, the fixture's 100-article stories.")
    parser.add_argument("--stories", type=int, default=3, help="How many of its largest stories.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        if args.db:
            db = args.db
            with open_store(db, readonly=True) as store:
                ids = store.filtered_story_ids(StoryFilter(sort="size"), limit=args.stories)
                sizes = {i: len(store.story_article_ids(i)) for i in ids}
        else:
            db = str(write_big_story(Path(scratch) / "big.db", outlets=50))
            write_big_story(Path(db), outlets=1, story_id="sb1g0000000b")
            ids, sizes = [BIG, "sb1g0000000b"], {BIG: 100, "sb1g0000000b": 100}
        with running_in_thread(create_app(db)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            results = [{**measure(browser, url, i), "articles": sizes[i]} for i in ids]
            browser.close()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
