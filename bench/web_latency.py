"""Page latency of `storyfuse serve` on a store of 10k articles (issue #7: every page < 200 ms).

Builds (or reuses) a synthetic store quickly through Store methods — fictional articles with zero
embeddings, stories of skewed sizes with every section filled — then starts `storyfuse serve` in a
subprocess on 127.0.0.1 and times sequential requests from one local HTTP client, per route:

    .venv/bin/python bench/web_latency.py --articles 10000 --requests 60

The store is kept at --db (default: a file in the system temp folder) and reused while it holds the
requested number of articles; --rebuild writes it again. With `--postgres postgresql://…` (an empty
database, or one this bench filled before), the same store is also built there, through the same
Store methods (the two build times compare the backends' writes), and the same requests are timed
against `storyfuse serve` over each backend in one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

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
from storyfuse.store import Store
from storyfuse.store.open import describe, open_store

TOWNS = [
    "Varnholm",
    "Quellport",
    "Lindquay",
    "Marrowfield",
    "Tessaly",
    "Brightmoor",
    "Ostrava Nova",
    "Kelden",
]
TOPICS = [
    "bridge",
    "festival",
    "strike",
    "flood",
    "election",
    "ferry",
    "museum",
    "railway",
    "harvest",
    "storm",
]
OUTLETS = [f"{town} {kind}" for town in TOWNS for kind in ("Gazette", "Courier", "Herald", "Wire")]
PEOPLE = ["Ada Quint", "Bram Osei", "Ines Vollrath", "Tomas Reyl", "Mira Castell", "Jun Adebayo"]
WORDS = TOWNS + TOPICS + ["council", "minister", "passengers", "union", "engineers"]
EMBEDDING_SIZE = 384


def article_text(i: int, story: int, topic: str, town: str) -> list[str]:
    rng = random.Random(i)
    person = PEOPLE[story % len(PEOPLE)]
    return [
        f"The {topic} in {town} drew attention on day {story % 28 + 1}, report {i} says.",
        f"{person} told the council that {1000 + 37 * i} residents were affected by the {topic}.",
        f"The union in {town} met the minister, who promised answers in {rng.randint(2, 9)} days.",
        f"Passengers described the {topic} as unusual; officials in {town} will publish details.",
        f"Report {i} of story {story} adds that {rng.randint(10, 99)} volunteers helped in {town}.",
    ]


def story_sizes(total: int, rng: random.Random) -> list[int]:
    """Skewed sizes like real news: many stories of one or two articles, a few large ones, one of 200."""
    sizes, left = [200], total - 200
    while left > 0:
        size = min(left, max(1, int(rng.paretovariate(1.3))))
        sizes.append(min(size, 60))
        left -= sizes[-1]
    return sizes


def build_store(path: Path | str, total: int) -> None:
    rng = random.Random(7)
    if isinstance(path, Path):
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    with open_store(path) as store:
        number = 0
        for story_no, size in enumerate(story_sizes(total, rng)):
            topic, town = TOPICS[story_no % len(TOPICS)], TOWNS[story_no % len(TOWNS)]
            first_day = 1 + story_no % 300
            articles = []
            for k in range(size):
                paragraphs = article_text(number, story_no, topic, town)
                day = f"2031-{1 + (first_day + k // 5) // 31 % 12:02d}-{1 + (first_day + k // 5) % 28:02d}"
                title = f"{topic.title()} in {town}: report {number} of story {story_no}"
                text = title + "\n\n" + "\n\n".join(paragraphs)
                articles.append(
                    Article(
                        id=f"a{number:06d}",
                        origin=f"/synthetic/a{number:06d}.txt",
                        format="text",
                        content_hash=hashlib.sha256(text.encode()).hexdigest(),
                        title=title,
                        body=[Block(p) for p in paragraphs],
                        source=OUTLETS[(story_no + k) % len(OUTLETS)],
                        language="en",
                        published=DateGuess(day, "input", 0.9),
                        removed=["Subscribe now", "Share this article"],
                    )
                )
                number += 1
            story = synthetic_story(f"s{story_no:011x}", articles, rng)
            days = sorted(a.published.value for a in articles if a.published)
            with store.transaction():
                store.insert_articles(
                    [(a, a.title or "", Analysis(a.id, [], [], [0.0] * EMBEDDING_SIZE)) for a in articles]
                )
                store.save_story_states([(story.id, "{}", days[0], days[-1])])
                store.assign([(a.id, story.id) for a in articles])
                store.write_story(story)
    seconds = time.perf_counter() - started
    print(f"built {total} articles in {seconds:.1f} s ({total / seconds:.0f} articles/s) at {describe(path)}")


def synthetic_story(story_id: str, articles: list[Article], rng: random.Random) -> Story:
    ids = [a.id for a in articles]
    people = PEOPLE[: 2 + len(ids) % 4]
    return Story(
        id=story_id,
        headline=articles[0].title or "",
        articles=[
            StoryArticle(a.id, a.origin, None, a.source, a.title, a.published.value if a.published else None)
            for a in articles
        ],
        families=(
            [
                Family(
                    ids[:2],
                    "duplicate",
                    [
                        Passage(
                            PassageSide(ids[0], articles[0].body[0].text),
                            PassageSide(ids[1], articles[1].body[0].text),
                            0.95,
                        )
                    ],
                )
            ]
            if len(ids) > 1
            else []
        ),
        entities=[Entity(p, "PERSON", [p.split()[-1]], None, rng.randint(1, 30), ids[:3]) for p in people]
        + [Entity(t, "PLACE", [], None, rng.randint(1, 30), ids[:3]) for t in TOWNS[:4]],
        quotes=[Quote(people[0], f"We are working on the {len(ids)} reports", ids[:2])],
        figures=[
            Figure(
                "residents affected",
                [
                    FigureValue("about 1,000", 1000, ids[:1], approximate=True),
                    FigureValue("1,500", 1500, ids[-1:]),
                ],
                conflict=len(ids) > 1,
            )
        ],
        timeline=[
            TimelineEntry(a.published.value, "day", a.body[0].text, [a.id])
            for a in articles[:12]
            if a.published
        ]
        + [TimelineEntry("2019", "year", "An earlier event is recalled.", ids[:1], True)],
        summary=[SummarySentence(a.body[1].text, [a.id]) for a in articles[:8]],
    )


@contextmanager
def serving(db: Path | str) -> Iterator[str]:
    """`storyfuse serve --port 0` in a subprocess; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "storyfuse.present.cli", "serve", "--port", "0", "--db", str(db)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    try:
        for _ in range(300):
            if select.select([process.stderr], [], [], 0.1)[0]:
                found = re.search(r"serving (http://\S+/)", process.stderr.readline())
                if found:
                    yield found.group(1)
                    return
        raise SystemExit("storyfuse serve did not start")
    finally:
        process.terminate()
        process.wait(timeout=10)


def routes(db: Path | str, rng: random.Random) -> dict[str, list[str]]:
    with open_store(db, readonly=True) as store:
        listed = store.list_stories()
        story_ids = sorted(s.id for s in listed)
        biggest = max(listed, key=lambda s: (s.size, s.id)).id
        article_ids = store.recent_article_ids(store.count_articles())
        pages = max(1, -(-len(story_ids) // 30))
    return {
        "static file (server floor)": ["/static/style.css"],
        "list page 1": ["/"],
        "list page (any)": [f"/?page={p}" for p in range(1, pages + 1)],
        "story (any)": [f"/stories/{s}" for s in story_ids],
        "story (largest, 200 articles)": [f"/stories/{biggest}"],
        "article (any)": [f"/articles/{a}" for a in article_ids],
        "search (one word)": [f"/search?q={w}" for w in WORDS],
        "search (two words)": [f"/search?q={a}+{b}" for a in TOPICS for b in TOWNS],
        "api stories": ["/api/stories"],
        "api story (any)": [f"/api/stories/{s}" for s in story_ids],
        "api search": [f"/api/search?q={w}" for w in WORDS],
    }


def measure(
    url: str, paths: dict[str, list[str]], requests: int, rng: random.Random
) -> dict[str, dict[str, float]]:
    results = {}
    with httpx.Client(base_url=url, timeout=30) as client:
        for name, candidates in paths.items():
            for path in candidates[:5]:  # warm-up: not counted
                client.get(path)
            times = []
            for _ in range(requests):
                path = rng.choice(candidates)
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code}")
            times.sort()
            results[name] = {
                "p50_ms": statistics.median(times),
                "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))],
                "max_ms": times[-1],
            }
    return results


def measure_repeated(
    url: str, paths: dict[str, list[str]], requests: int, repeats: int, seed: int
) -> dict[str, object]:
    """`measure` `repeats` times in a row (the same requests each time), with the 1-minute load average
    before each: per route the median over the repeats of each repeat's p50 and p95, and every
    repeat's own figures. The machine is shared: one repeat's figures move with the others' work."""
    runs, loads = [], []
    for _ in range(repeats):
        loads.append(round(os.getloadavg()[0], 2))
        runs.append(measure(url, paths, requests, random.Random(seed)))
    routes = {
        name: {
            "p50_ms": statistics.median(r[name]["p50_ms"] for r in runs),
            "p95_ms": statistics.median(r[name]["p95_ms"] for r in runs),
            "p95_ms_each": [round(r[name]["p95_ms"], 1) for r in runs],
        }
        for name in paths
    }
    return {"load_1min_before_each": loads, "routes": routes}


def fill_by_copy(source: Path, url: str) -> None:
    """The SQLite store copied to the (empty) PostgreSQL database at `url` with `storyfuse copy`'s own
    code, unless that database already holds as many articles."""
    from storyfuse.store.copy import copy_store

    with open_store(source, readonly=True) as src, open_store(url) as dst:
        if dst.count_articles() == src.count_articles():
            return
        started = time.perf_counter()
        report = copy_store(src, dst)
    seconds = time.perf_counter() - started
    print(f"copied {report.articles} articles to {describe(url)} in {seconds:.0f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60, help="Timed requests per route.")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "storyfuse-bench-web.db")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--postgres", default=None, help="also time the store copied to this database")
    parser.add_argument("--postgres-only", action="store_true", help="with --postgres: time it alone")
    parser.add_argument("--repeats", type=int, default=1, help="runs of the requests (medians)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.articles < 400:
        parser.error("--articles must be at least 400 (one story has 200)")
    existing = 0
    if args.db.exists() and not args.rebuild:
        with Store(args.db) as store:  # brings a store an older version built to this schema
            existing = store.count_articles()
    if existing != args.articles:
        build_store(args.db, args.articles)
    with open_store(args.db, readonly=True) as store:
        stories = store.count_stories()
    stores: list[Path | str] = [args.db]
    if args.postgres:
        with open_store(args.postgres) as store:
            existing = store.count_articles()
        if existing != args.articles:
            build_store(args.postgres, args.articles)
        stores.append(args.postgres)
    for db in stores[1:] if args.postgres_only else stores:
        with serving(db) as url:
            measured = measure_repeated(url, routes(db, random.Random(11)), args.requests, args.repeats, 11)
        if args.json:
            print(
                json.dumps({"store": describe(db), "articles": args.articles, "stories": stories, **measured})
            )
            continue
        print(
            f"{describe(db)}: {args.articles} articles, {stories} stories, {args.requests} requests a route, "
            f"{args.repeats} repeats, load before each {measured['load_1min_before_each']}"
        )
        print(f"{'route':32} {'p50 ms':>8} {'p95 ms':>8}  p95 of each repeat")
        for name, r in measured["routes"].items():  # type: ignore[attr-defined]
            print(f"{name:32} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f}  {r['p95_ms_each']}")


if __name__ == "__main__":
    main()
