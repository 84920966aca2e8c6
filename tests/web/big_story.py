"""A fictional 100-article story with every section full, written into a store: what a page must stay
usable for. `outlets` sets how many outlets share the articles (1 and 50 are the hard cases)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from storyfuse.model import (
    Analysis,
    Article,
    Block,
    DateGuess,
    Entity,
    Family,
    Figure,
    FigureValue,
    Quote,
    Story,
    StoryArticle,
    SummarySentence,
    TimelineEntry,
)
from storyfuse.store import Store

BIG = "sb1g0000000a"
TOWNS = ["Quellport", "Lindquay", "Marrowfield", "Tessaly", "Brightmoor", "Varnholm", "Ostrava Nova"]
FIRST = ["Ines", "Bram", "Ada", "Milo", "Petra", "Jonas", "Lena", "Oskar", "Rhea", "Tomas", "Vera", "Kai"]
LAST = ["Vollrath", "Osei", "Quint", "Halvorsen", "Marek", "Delacroix-Brennan", "Ito", "Sandoval"]


def article_id(story_id: str, i: int) -> str:
    return f"{story_id}-flood-{i:03d}"


def outlet(i: int, outlets: int) -> str:
    return f"The {TOWNS[i % outlets % len(TOWNS)]} Evening Chronicle and Weekly Herald {i % outlets}"


def big_story(outlets: int = 50, story_id: str = BIG) -> Story:
    n = 100
    ids = [article_id(story_id, i) for i in range(n)]
    day = [f"2031-05-{1 + i % 9:02d}" for i in range(n)]
    people = [
        Entity(
            f"{FIRST[p % len(FIRST)]} {LAST[p % len(LAST)]}",
            "PERSON",
            [LAST[p % len(LAST)]],
            "flood coordinator" if p % 3 == 0 else None,
            90 - p,
            ids[p % 7 :: 1 + p % 3],  # many articles name each person: long rows of citations
        )
        for p in range(30)
    ]
    places = [
        Entity(f"{t} district {k}", "GPE", [], None, 40 - k, ids[k::5]) for k, t in enumerate(TOWNS * 6)
    ]
    orgs = [
        Entity(f"Regional Water Board section {k}", "ORG", [], None, 30 - k, ids[k::9]) for k in range(25)
    ]
    quotes = [
        Quote(
            people[q % 30].name,
            f"The water reached the second floor of the school in {TOWNS[q % 7]} within an hour, number {q}",
            ids[q : q + 1 + q % 13],
        )
        for q in range(60)
    ] + [Quote(None, f"We lost everything on the ground floor, case {q}", ids[q::17]) for q in range(15)]
    figures = [
        Figure(
            subject=f"people evacuated in district {f}",
            values=[
                FigureValue(f"{1000 + 50 * f} people", 1000 + 50 * f, ids[f::4]),
                FigureValue(
                    f"about {1400 + 70 * f} residents", 1400 + 70 * f, ids[f + 1 :: 6], approximate=True
                ),
                FigureValue(f"{900 + f} inhabitants", 900 + f, ids[f + 2 :: 11]),
            ],
            conflict=True,
        )
        for f in range(14)
    ]
    timeline = [
        TimelineEntry(
            day[i],
            "day",
            f"Rivers rose again in {TOWNS[i % 7]} and crews opened shelter {i}.",
            ids[i : i + 9],
        )
        for i in range(0, 60, 2)
    ] + [
        TimelineEntry(f"{2000 + y}", "year", f"An earlier flood struck in {2000 + y}.", ids[y::20], True)
        for y in range(8)
    ]
    return Story(
        id=story_id,
        headline="Floods swamp the Quellport estuary towns for a second week",
        articles=[
            StoryArticle(
                ids[i],
                f"/fictional/{ids[i]}.txt",
                None,
                outlet(i, outlets),
                f"Flood report {i}: the water rises in {TOWNS[i % 7]}",
                day[i],
                ["Northgate Wire"] if i % 4 == 0 else [],
            )
            for i in range(n)
        ],
        families=[
            Family(articles=ids[k : k + 6], kind="duplicate", wire="Northgate Wire") for k in range(0, 60, 6)
        ],
        entities=people + places + orgs,
        quotes=quotes,
        figures=figures,
        timeline=timeline,
        summary=[
            SummarySentence(
                f"Flood water covered the low streets of {TOWNS[s % 7]} for a {s + 2}th day as pumps failed.",
                ids[s * 3 :],  # sentences cited by dozens of articles
            )
            for s in range(8)
        ],
    )


def write_big_story(path: Path, outlets: int = 50, story_id: str = BIG) -> Path:
    """Write the big story and its articles into the store at `path` (made or added to)."""
    story = big_story(outlets, story_id)
    with Store(path) as store, store.transaction():
        articles = []
        for a in story.articles:
            text = f"{a.title}\n\nThe river rose overnight. Crews worked until dawn in article {a.id}."
            articles.append(
                Article(
                    id=a.id,
                    origin=a.path or a.id,
                    format="text",
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                    title=a.title,
                    body=[
                        Block("The river rose overnight."),
                        Block(f"Crews worked until dawn in article {a.id}."),
                    ],
                    source=a.source,
                    language="en",
                    published=DateGuess(a.published or "2031-05-01", "input", 0.9),
                    credits=list(a.credits),
                    removed=["Sign up for flood alerts", "Dateline: QUELLPORT, May 1 (Northgate) -"],
                )
            )
        store.insert_articles([(a, a.text, Analysis(a.id, [], [], [0.0] * 8)) for a in articles])
        store.save_story_states([(story.id, "{}", "2031-05-01", "2031-05-09")])
        store.assign([(a.id, story.id) for a in story.articles])
        store.write_story(story)
    return path
