"""Following the store (#24): saved searches and what is new to them, and Atom feeds of stories.

Presentation only: the stories an alert matches are what the store's search finds (`Store.search`, over
story headlines and summaries and article texts), and a story is new to an alert when it was written
after the alert was last seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from storyfuse import __version__
from storyfuse.store import Store, StoryListing
from storyfuse.store.alerts import Alert
from storyfuse.store.database import now_iso

SEARCH_DEPTH = 500  # stories and articles the search looks at for one alert
FEED_SIZE = 50  # entries in a feed


def matching_stories(store: Store, query: str) -> list[StoryListing]:
    """The stories whose headline or summary, or one of whose articles, matches `query`."""
    ids: dict[str, None] = {}
    for hit in store.search(query, limit=SEARCH_DEPTH):
        if hit.story_id:
            ids.setdefault(hit.story_id)
    return store.listed_stories(list(ids))


def new_stories(store: Store, alert: Alert) -> list[StoryListing]:
    """The stories the alert matches that were written since it was last seen, latest first."""
    found = [s for s in matching_stories(store, alert.query) if s.updated_at > alert.seen_at]
    return sorted(found, key=lambda s: (s.updated_at, s.id), reverse=True)


def atom(title: str, feed_url: str, site_url: str, stories: Sequence[StoryListing]) -> str:
    """An Atom 1.0 feed of these stories (most recently written first), linking to their pages."""
    shown = sorted(stories, key=lambda s: (s.updated_at, s.id), reverse=True)[:FEED_SIZE]
    updated = shown[0].updated_at if shown else now_iso()
    entries = "".join(_entry(s, site_url) for s in shown)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{escape(title)}</title>\n"
        f'<id>{escape(feed_url)}</id>\n<link rel="self" href="{escape(feed_url, _QUOTE)}"/>\n'
        f'<link href="{escape(site_url, _QUOTE)}"/>\n<updated>{escape(updated)}</updated>\n'
        f'<generator version="{escape(__version__)}">storyfuse</generator>\n{entries}</feed>\n'
    )


_QUOTE = {'"': "&quot;"}


def _entry(story: StoryListing, site_url: str) -> str:
    outlets = sorted({a.source for a in story.articles if a.source})
    about = f"{story.size} article(s)" + (f" from {', '.join(outlets[:8])}" if outlets else "")
    summary = f"{story.lead} ({about})" if story.lead else about
    url = f"{site_url.rstrip('/')}/stories/{story.id}"
    return (
        f"<entry><title>{escape(_clean(story.headline))}</title><id>urn:storyfuse:story:{escape(story.id)}</id>"
        f'<link href="{escape(url, _QUOTE)}"/><updated>{escape(story.updated_at)}</updated>'
        f"<summary>{escape(_clean(summary))}</summary></entry>\n"
    )


def _clean(text: str) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF))
