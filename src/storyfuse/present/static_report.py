"""`storyfuse report`: the stories as a static site that opens from the file system, no server needed.

The pages are the web app's own templates and charts (present/web/pages.py) with relative links:
index.html (every story; a headline filter runs in the browser over search-index.js), one page per
story under stories/, one per article under articles/, storylines.html with one page per storyline
under storylines/, and the bundled CSS and JS under static/.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from storyfuse.errors import StoryfuseError
from storyfuse.present.web.pages import (
    ReportLinks,
    article_page,
    fold,
    outlets_over_time,
    page_file,
    render,
    story_page,
)
from storyfuse.store import StoryListing
from storyfuse.store.open import open_store

MARKER = ".storyfuse-report"  # marks a folder this command wrote, so a rerun may replace its pages
STATIC_DIR = Path(__file__).parent / "web" / "static"
OWN_ENTRIES = (
    "index.html",
    "search-index.js",
    "storylines.html",
    "stories",
    "articles",
    "storylines",
    "static",
)


@dataclass
class ReportSummary:
    stories: int
    articles: int
    index: Path
    storylines: int = 0


def write_report(db_path: str | Path, out_dir: str | Path) -> ReportSummary:
    """Write the site for the store at `db_path` into `out_dir` (new, empty, or an earlier report)."""
    out = Path(out_dir)
    with open_store(db_path, readonly=True) as store:
        _prepare(out)
        listing = store.list_stories()
        index_links = ReportLinks(depth=0)
        (out / "index.html").write_text(
            render(
                "index.html",
                links=index_links,
                stories=listing,
                outlet_counts=store.outlet_counts([s.id for s in listing]),
                status=store.status(),
                page=1,
                pages=1,
                total=len(listing),
                form=None,
                filtered=False,
                status_url=None,
            ),
            encoding="utf-8",
        )
        page_links = ReportLinks(depth=1)
        articles = 0
        words = WordIndex()
        for position, row in enumerate(listing):
            story = store.story(row.id)
            if story is None:  # merged away since the listing was read
                continue
            words.add(position, story.headline, *(s.text for s in story.summary))
            line = store.storyline_listing(story.storyline) if story.storyline else None
            (out / "stories" / page_file(story.id)).write_text(
                render(
                    "story.html",
                    links=page_links,
                    page=story_page(story, page_links),
                    storyline=line,
                    edit=None,
                    history=[],
                ),
                encoding="utf-8",
            )
            for article in store.articles([a.id for a in story.articles]):
                words.add(position, article.title or "", article.source or "", article.text)
                (out / "articles" / page_file(article.id)).write_text(
                    render("article.html", links=page_links, page=article_page(article, story), edit=None),
                    encoding="utf-8",
                )
                articles += 1
        (out / "search-index.js").write_text(_search_index(listing, words), encoding="utf-8")
        lines = store.list_storylines()
        (out / "storylines.html").write_text(
            render("storylines.html", links=index_links, lines=lines, total=len(lines)), encoding="utf-8"
        )
        for item in lines:
            view = store.storyline(item.id)
            if view is not None:
                (out / "storylines" / page_file(item.id)).write_text(
                    render(
                        "storyline.html",
                        links=page_links,
                        view=view,
                        outlets_over_time=outlets_over_time(view),
                    ),
                    encoding="utf-8",
                )
    shutil.copytree(STATIC_DIR, out / "static", dirs_exist_ok=True)
    return ReportSummary(len(listing), articles, out / "index.html", len(lines))


def _prepare(out: Path) -> None:
    """Create the folder, or clear the pages of an earlier report in it; never touch anything else."""
    if out.exists() and not out.is_dir():
        raise StoryfuseError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise StoryfuseError(
            f"{out}: folder is not empty and holds no storyfuse report; choose another --out"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in OWN_ENTRIES:
            entry = out / name
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            elif entry.exists() or entry.is_symlink():
                entry.unlink()
        (out / MARKER).write_text("written by `storyfuse report`; its pages are replaced on each run\n")
        (out / "stories").mkdir()
        (out / "articles").mkdir()
        (out / "storylines").mkdir()
    except OSError as exc:
        raise StoryfuseError(f"{out}: cannot write the report ({exc.strerror or exc})") from None


class WordIndex:
    """Which stories each word occurs in (headline, summary, article titles, outlets and texts), folded
    as app.js folds what people type: lower case, accents dropped (pages.fold)."""

    def __init__(self) -> None:
        self.stories: dict[str, set[int]] = {}

    def add(self, position: int, *texts: str) -> None:
        for text in texts:
            for word in set(_WORD.findall(fold(text))):
                self.stories.setdefault(word, set()).add(position)

    def to_json(self) -> dict[str, list[int]]:
        return {word: sorted(found) for word, found in sorted(self.stories.items())}


_WORD = re.compile(r"[^\W_]+")


def _search_index(listing: list[StoryListing], words: WordIndex) -> str:
    """The search's data as a script (pages opened from files may not fetch JSON): the stories in list
    order, and each word of their headlines, summaries and articles with the stories it occurs in."""
    entries = [
        {
            "id": s.id,
            "text": " ".join(
                [s.headline, *(a.title or "" for a in s.articles), *(a.source or "" for a in s.articles)]
            ),
        }
        for s in listing
    ]
    index = json.dumps(entries, ensure_ascii=True).replace("<", "\\u003c")  # inert even if inlined in HTML
    found = json.dumps(words.to_json(), ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.STORYFUSE_INDEX = {index};\nwindow.STORYFUSE_WORDS = {found};\n"
