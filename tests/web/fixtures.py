"""A small store written directly through Store methods: a fictional story with every section filled
(families, people with quotes, conflicting figures, a timeline with background), a second story naming
one of its people, and an article whose scraped text carries HTML and script injections."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TypeVar

from storyfuse.model import (
    Analysis,
    Article,
    Block,
    DateGuess,
    Entity,
    Family,
    Figure,
    FigureValue,
    Passage,
    PassageSide,
    Quote,
    Story,
    StoryArticle,
    SummarySentence,
    TimelineEntry,
)
from storyfuse.store.open import open_store

INJECTION = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'
FERRY = "s0f0e1a2b3c4"
MARKET = "s9d8c7b6a5f4"
HOSTILE = "ferry-hostile"
# Every path of the JSON API, as its OpenAPI description must list them
API_PATHS = frozenset(
    {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/storylines",
        "/api/storylines/{storyline_id}",
        "/api/status",
        "/api/alerts",
    }
)

# (id, outlet, title, day, credits, paragraphs, removed clutter)
ARTICLES = [
    (
        "ferry-gazette",
        "Quellport Gazette",
        "Ferry Tessaly Star runs aground off Quellport harbour",
        "2031-04-12",
        ["Northgate Wire"],
        [
            "The ferry Tessaly Star ran aground off Quellport harbour on Saturday, April 12, 2031.",
            "Harbour master Ines Vollrath said about 300 passengers were taken ashore by lifeboat.",
            "The same vessel had been refitted in 2029 after a collision in Lindquay.",
        ],
        ["Subscribe to the Gazette for 1 euro", "Read more: tide tables"],
    ),
    (
        "ferry-wire",
        "Northgate Wire",
        "Tessaly Star aground near Quellport, passengers rescued",
        "2031-04-12",
        ["Northgate Wire"],
        [
            "The ferry Tessaly Star ran aground off Quellport harbour on Saturday.",
            "Harbour master Ines Vollrath said about 300 passengers were taken ashore by lifeboat.",
        ],
        [],
    ),
    (
        "ferry-courier",
        "Lindquay Courier",
        "Quellport ferry grounding: 450 on board, operator says",
        "2031-04-13",
        [],
        [
            "The operator of the Tessaly Star said on Sunday that 450 people had been on board.",
            '"Every passenger is safe and accounted for," said operator chief Bram Osei.',
        ],
        ["Cookie settings"],
    ),
    (
        HOSTILE,
        None,
        f"Ferry inquiry opens {INJECTION}",
        "2031-04-14",
        [],
        [
            f"An inquiry into the grounding opened on Monday. {INJECTION}",
            "Investigators will question the crew </p></section><script>window.__pwned = 3</script>.",
        ],
        [f'<a href="javascript:window.__pwned=4">{INJECTION}</a>'],
    ),
    (
        "market-herald",
        "Marrowfield Herald",
        "Marrowfield spring market returns after three years",
        "2031-03-02",
        [],
        ["The spring market returned to Marrowfield square on Sunday, March 2, 2031."],
        [],
    ),
]


def ferry_story() -> Story:
    ids = [a[0] for a in ARTICLES[:4]]
    return Story(
        id=FERRY,
        headline="Ferry Tessaly Star runs aground off Quellport harbour",
        articles=[
            StoryArticle(aid, f"/fictional/{aid}.txt", None, source, title, day, credits)
            for aid, source, title, day, credits, _, _ in ARTICLES[:4]
        ],
        families=[
            Family(
                articles=["ferry-gazette", "ferry-wire"],
                kind="rewrite",
                wire="Northgate Wire",
                passages=[
                    Passage(
                        PassageSide(
                            "ferry-gazette", "Harbour master Ines Vollrath said about 300 passengers ..."
                        ),
                        PassageSide(
                            "ferry-wire", "Harbour master Ines Vollrath said about 300 passengers ..."
                        ),
                        0.97,
                    )
                ],
            )
        ],
        entities=[
            Entity("Ines Vollrath", "PERSON", ["Vollrath"], "harbour master", 3, ids[:2]),
            Entity("Bram Osei", "PERSON", [], "operator chief", 1, ids[2:3]),
            Entity("Quellport", "PLACE", [], None, 6, ids),
            Entity("Tessaly Lines", "ORG", [], None, 2, ids[2:3]),
            Entity(f"Harbour Board {INJECTION}", "ORG", [], None, 1, [HOSTILE]),
        ],
        quotes=[
            Quote("Bram Osei", "Every passenger is safe and accounted for", ["ferry-courier"]),
            Quote(None, f"We saw the lights go out {INJECTION}", [HOSTILE]),
            Quote("Tessaly Lines", "The vessel will be back in service within a week", ["ferry-gazette"]),
            Quote(
                None, "The deck tilted and then everything went quiet", ["ferry-wire"], described="a deckhand"
            ),
        ],
        figures=[
            Figure(
                subject="people on board",
                values=[
                    FigureValue(
                        "about 300 passengers", 300, ["ferry-gazette", "ferry-wire"], approximate=True
                    ),
                    FigureValue("450 people", 450, ["ferry-courier"]),
                ],
                conflict=True,
            ),
            Figure(
                subject=f"lifeboats launched {INJECTION}",
                values=[FigureValue("six lifeboats", 6, ["ferry-gazette"])],
                conflict=False,
            ),
        ],
        timeline=[
            TimelineEntry(
                "2029",
                "year",
                "The vessel was refitted after a collision in Lindquay.",
                ["ferry-gazette"],
                True,
            ),
            TimelineEntry("2031-04-12", "day", "The Tessaly Star ran aground off Quellport.", ids[:2]),
            TimelineEntry(
                "2031-04-13", "day", "The operator said 450 people had been on board.", ["ferry-courier"]
            ),
            TimelineEntry("2031-04-14", "day", f"An inquiry opened. {INJECTION}", [HOSTILE]),
        ],
        summary=[
            SummarySentence("The ferry Tessaly Star ran aground off Quellport harbour on Saturday.", ids[:2]),
            SummarySentence("The operator said 450 people had been on board.", ["ferry-courier"]),
            SummarySentence(f"An inquiry into the grounding opened on Monday. {INJECTION}", [HOSTILE]),
        ],
    )


def market_story() -> Story:
    aid, source, title, day, credits, paragraphs, _ = ARTICLES[4]
    return Story(
        id=MARKET,
        headline=title,
        articles=[StoryArticle(aid, f"/fictional/{aid}.txt", None, source, title, day, credits)],
        summary=[SummarySentence(paragraphs[0], [aid])],
        timeline=[TimelineEntry(day, "day", paragraphs[0], [aid])],
        # the ferry story's harbour master, spelt with an accent: one person across the store
        entities=[
            Entity("Ines Völlrath", "PERSON", [], None, 1, [aid]),
            Entity("Marrowfield", "GPE", [], None, 2, [aid]),
        ],
    )


A = TypeVar("A", Path, str)  # a store's address: an SQLite file or a server URL


def article_of(record: tuple) -> Article:  # type: ignore[type-arg]
    aid, source, title, day, credits, paragraphs, removed = record
    text = title + "\n\n" + "\n\n".join(paragraphs)
    return Article(
        id=aid,
        origin=f"/fictional/{aid}.txt",
        format="text",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=title,
        body=[Block(p) for p in paragraphs],
        source=source,
        language="en",
        published=DateGuess(day, "input", 0.9),
        credits=list(credits),
        removed=list(removed),
    )


def build_store(path: A) -> A:
    """Write the fictional store at `path` (a file, or a PostgreSQL URL); returns the address."""
    articles = [article_of(r) for r in ARTICLES]
    with open_store(path) as store, store.transaction():
        store.insert_articles(
            [(a, a.title + "\n\n" + a.text, Analysis(a.id, [], [], [0.0] * 8)) for a in articles if a.title]
        )
        for story in (ferry_story(), market_story()):
            days = sorted(a.published for a in story.articles if a.published)
            store.save_story_states([(story.id, "{}", days[0], days[-1])])
            store.assign([(a.id, story.id) for a in story.articles])
            store.write_story(story)
    return path
