"""The analyst's day at scale (#24, #19): `storyfuse export` memory and filtered list pages on 100k articles.

The store: the synthetic one of bench/web_latency.py (fictional articles of 40 outlets, stories of skewed
sizes with every section filled) written through the store's own methods, as an ingest writes them
(insert_articles with the search index, save_story_states, assign, write_story with its entity links),
one transaction a story, built once in --folder for each size and reused. Its people and places are
spread over 400 spellings each (`spread`), so that stories name ~4,000 distinct entities rather than
the same ten. With --postgres URL the largest store is copied into that (empty) database with
`storyfuse copy`'s code and measured beside SQLite. Measurements (--measure):

1. export: peak memory (max RSS of the process) of `storyfuse export --what articles|stories --format
   csv|parquet`, beside the baseline of the same rows gathered in a list before writing (what a
   non-streaming export holds), and the peak Python allocations of both, each in a fresh process.
2. lists: latency of each filter and sort of the story list (web page and /api/stories), the search
   page and /api/search over `storyfuse serve`: sequential requests from one local client, p50 and p95
   per route, --repeats times with the load average before each (medians of the repeats reported).

    .venv/bin/python bench/analyst_scale.py --sizes 100000 --folder /tmp/b100 --reuse --measure lists \
        --requests 40 --repeats 3 --postgres 'postgresql://USER@/DB?host=SOCKET_DIR&port=PORT'
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import web_latency
from web_latency import (
    OUTLETS,
    PEOPLE,
    TOPICS,
    TOWNS,
    WORDS,
    build_store,
    fill_by_copy,
    measure_repeated,
    serving,
)

from storyfuse.model import Story
from storyfuse.store import Store
from storyfuse.store.open import describe

SPREAD = 400  # spellings of each person and place over the stories
REUSE = False  # --reuse

# Runs one export in a fresh interpreter and prints its peak RSS in KiB (Linux ru_maxrss).
PEAK = """
import resource, sys
from storyfuse.present.cli import main
sys.argv = ["storyfuse", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""
# The baseline: the same rows gathered in a list first, then written.
GATHERED = """
import resource, sys
from storyfuse.present import export
from storyfuse.store.listing import StoryFilter
from storyfuse.store.open import open_store
db, what, out = sys.argv[1:4]
with open_store(db, readonly=True) as store:
    rows = list(export.rows(store, what, StoryFilter()))
with open(out, "w", encoding="utf-8", newline="") as fh:
    export.write_csv(rows, export.COLUMNS[what], fh)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


# Peak Python allocations (tracemalloc) while exporting articles as CSV, streamed or gathered first: the
# process's RSS is dominated by the interpreter and its imports at these sizes, this is not.
TRACED = """
import sys, tracemalloc
from storyfuse.present import export
from storyfuse.store.listing import StoryFilter
from storyfuse.store.open import open_store
db, mode = sys.argv[1], sys.argv[2]
with open_store(db, readonly=True) as store, open("/dev/null", "w", encoding="utf-8", newline="") as out:
    tracemalloc.start()
    rows = export.rows(store, "articles", StoryFilter())
    if mode == "gathered":
        rows = list(rows)
    export.write_csv(rows, export.COLUMNS["articles"], out)
    print(tracemalloc.get_traced_memory()[1] // 1024, file=sys.stderr)
"""


def peak_kib(code: str, *args: str) -> tuple[int, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    lines = done.stderr.strip().splitlines()
    if any(line.startswith("error:") for line in lines):
        raise SystemExit(f"export failed: {done.stderr.strip()}")
    return int(lines[-1]), time.perf_counter() - started


def _spread_story(story_id: str, articles: list, rng: random.Random) -> Story:  # type: ignore[type-arg]
    story = _synthetic_story(story_id, articles, rng)
    k = int(story_id[1:], 16) % SPREAD
    for entity in story.entities:
        entity.name = spread(entity.name, k)
        entity.aliases = [spread(alias, k) for alias in entity.aliases]
    for quote in story.quotes:
        quote.speaker = spread(quote.speaker, k) if quote.speaker else None
    return story


def spread(name: str, k: int) -> str:
    """One of SPREAD spellings of a name, every word its own ("Becezuada Becezuquint"): people are also
    looked up by first and last word and linked as spelling variants, so the words differ from their
    first letters on. ("Ada7 Quint7" did not: fuzzy matching read "osei27" and "osei271" as one surname,
    so every spelling of a person joined one entity named by half the stories, and each story written
    recounted it: the 100k build slowed to 470 articles a minute by 48k.)"""
    digest = hashlib.sha1(str(k).encode()).digest()
    code = "".join(_CONSONANTS[digest[i] % 18] + _VOWELS[digest[i + 1] % 6] for i in range(0, 6, 2))
    return " ".join(f"{code.capitalize()}{word.lower()}" for word in name.split())


_CONSONANTS, _VOWELS = "bcdfghjklmnprstvwz", "aeiouy"


_synthetic_story = web_latency.synthetic_story
web_latency.synthetic_story = _spread_story  # build_store reads it from its module


def store_at(folder: Path, size: int) -> Path:
    """The synthetic store of `size` articles in `folder`, built unless there; --reuse takes a store
    there of another size as it is (one whose build was cut short)."""
    db = folder / f"storyfuse-bench-analyst-{size}.db"
    if db.exists() and REUSE:
        return db
    if db.exists():
        with Store(db, readonly=True) as store:
            if store.count_articles() == size:
                return db
    build_store(db, size)
    return db


def export_memory(db: Path | str, out: Path) -> dict[str, dict[str, float]]:
    results = {}
    for what, fmt in (("articles", "csv"), ("articles", "parquet"), ("stories", "csv")):
        target = out / f"export.{fmt}"
        kib, seconds = peak_kib(
            PEAK, "export", "--db", str(db), "--what", what, "--format", fmt, "--out", str(target)
        )
        results[f"{what} {fmt}"] = {
            "peak_mib": kib / 1024,
            "seconds": seconds,
            "bytes": target.stat().st_size,
        }
    kib, seconds = peak_kib(GATHERED, str(db), "articles", str(out / "gathered.csv"))
    results["articles csv, gathered first (baseline)"] = {"peak_mib": kib / 1024, "seconds": seconds}
    for mode in ("streaming", "gathered"):
        kib, _ = peak_kib(TRACED, str(db), mode)
        results[f"articles csv, {mode}: peak Python allocations"] = {"peak_mib": kib / 1024}
    return results


def filter_routes(stories: int) -> dict[str, list[str]]:
    pages = min(50, max(1, -(-stories // 30)))  # the web app's pages of 30
    outlets = [o.replace(" ", "+") for o in OUTLETS]
    return {
        "list, no filter": ["/"],
        "list ?sort=recent, page 1-50": [f"/?sort=recent&page={p}" for p in range(1, pages + 1)],
        "list ?source=": [f"/?source={o}" for o in outlets],
        "list ?language=": ["/?language=en", "/?language=EN"],
        "list ?entity=": [
            f"/?entity={spread(p, k).replace(' ', '+')}" for p in PEOPLE + TOWNS for k in (3, 77)
        ],
        "list ?since&until": [f"/?since=2031-{m:02d}-01&until=2031-{m:02d}-28" for m in range(1, 13)],
        "list ?min_articles&sort=size": [f"/?min_articles={n}&sort=size" for n in (2, 5, 20)],
        "list ?sort=outlets": ["/?sort=outlets"],
        "list, all filters": [
            f"/?source={o}&entity={spread(p, 5).replace(' ', '+')}"
            "&language=en&min_articles=2&sort=outlets&since=2031-01-01"
            for o in outlets[:8]
            for p in PEOPLE
        ],
        "search page (one word)": [f"/search?q={w}" for w in WORDS],
        "search page (two words)": [f"/search?q={a}+{b}" for a in TOPICS for b in TOWNS],
        "api ?source&sort=size": [f"/api/stories?source={o}&sort=size" for o in outlets],
        "api ?entity&since": [
            f"/api/stories?entity={spread(p, 9).replace(' ', '+')}&since=2031-06-01" for p in PEOPLE
        ],
        "api ?language&sort=outlets": ["/api/stories?language=en&sort=outlets"],
        "api search": [f"/api/search?q={w}" for w in WORDS],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="Store sizes in articles, comma-separated.")
    parser.add_argument("--requests", type=int, default=60, help="Timed requests per filter (largest store).")
    parser.add_argument(
        "--repeats", type=int, default=3, help="Runs of the timed requests; medians reported."
    )
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--reuse", action="store_true", help="Measure the stores in --folder as they are.")
    parser.add_argument(
        "--postgres",
        default=None,
        help="an empty PostgreSQL database: the largest store is copied there "
        "(storyfuse copy) and measured beside SQLite",
    )
    parser.add_argument(
        "--measure", choices=("both", "export", "lists"), default="both", help="What to measure."
    )
    parser.add_argument("--postgres-only", action="store_true", help="With --postgres: measure it alone.")
    args = parser.parse_args()
    global REUSE
    REUSE = args.reuse
    sizes = [int(s) for s in args.sizes.split(",")]
    report: dict[str, object] = {}
    largest = store_at(args.folder, max(sizes))
    with Store(largest) as store:  # brings a store an older version built to this schema
        stories, held = store.count_stories(), store.count_articles()
    stores: list[Path | str] = [largest]
    if args.postgres:
        fill_by_copy(largest, args.postgres)
        stores = [args.postgres] if args.postgres_only else [largest, args.postgres]
    with tempfile.TemporaryDirectory() as scratch:
        exports = args.measure != "lists"
        for size in sizes[:-1] if exports else []:
            db = store_at(args.folder, size)
            with Store(db) as store:
                report[f"export, SQLite, {store.count_articles()} articles"] = export_memory(
                    db, Path(scratch)
                )
        for db in stores if exports else []:
            report[f"export, {describe(db)}, {held} articles"] = export_memory(db, Path(scratch))
    for db in stores if args.measure != "export" else []:
        with serving(db) as url:
            report[f"filtered lists, {describe(db)}, {held} articles, {stories} stories"] = measure_repeated(
                url, filter_routes(stories), args.requests, args.repeats, 5
            )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
