"""Do the stories depend on input order? Ingest one pile in several orders, compare the stories.

Builds the Timeline17 dev pile in three orders with ../shared/tools/t17_pile.py (grouped by topic,
sorted by date, shuffled), ingests each into a fresh store (no synthesis: linking is what is measured),
and reports the adjusted Rand index of story (and storyline) co-membership between every two orders,
how many events span more than 7 days of publication, and how many multi-article events hold more than
one outlet.

    python bench/order_agreement.py --profile default

With --compare A.db B.db it ingests nothing and compares what two stores of the same articles (ingested
with synthesis, in two orders) say: of the stories with the same members, how many have the same story
JSON, leaving out the file paths (the files differ) and the store-wide entity ids (given in the order
stories are written).

    python bench/order_agreement.py --compare /tmp/pile/shuffled.db /tmp/pile/bydate.db
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from t17 import build_pile

from storyfuse.model import Article
from storyfuse.pipeline import ingest
from storyfuse.store import Store

ORDERS = ("grouped", "by-date", "shuffled")


def members(store: Store) -> list[tuple[Article, str]]:
    """Every article in a story, with its story's id (read through the store's methods)."""
    ids = store.recent_article_ids(store.count_articles())
    return [(a, story) for a in store.articles(ids) if (story := store.story_of(a.id)) is not None]


def stories_of(store: Store) -> dict[str, str]:
    """url -> story id."""
    return {a.url or "": story for a, story in members(store)}


def storylines_of(store: Store) -> dict[str, str]:
    """url -> storyline id (its story's id for a story in no storyline)."""
    found = members(store)
    line_of = store.storyline_window("", "9999", sorted({story for _, story in found}))
    return {a.url or "": line_of.get(story) or story for a, story in found}


def spans(store: Store) -> list[tuple[int, int, int]]:
    """(days spanned, articles, outlets) of each story."""
    by_story: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for a, story in members(store):
        by_story[story].append((a.published.value if a.published else None, a.source))
    out = []
    from datetime import date

    for items in by_story.values():
        days = [date.fromisoformat(p[:10]).toordinal() for p, _ in items if p]
        out.append((max(days) - min(days) if days else 0, len(items), len({s for _, s in items if s})))
    return out


def story_contents(path: Path) -> dict[frozenset[str], dict[str, object]]:
    """Each story's JSON by its members, without its id, file paths and store-wide entity ids."""
    contents: dict[frozenset[str], dict[str, object]] = {}
    with Store(path, readonly=True) as store:
        for listing in store.list_stories():
            story = store.story(listing.id)
            if story is None:
                continue
            content = story.to_json()
            del content["id"]
            for article in content["articles"]:
                article.pop("path", None)
            for entity in content["entities"]:
                entity.pop("id", None)
            contents[frozenset(a.id for a in story.articles)] = content
    return contents


def compare_content(first: Path, second: Path) -> None:
    a, b = story_contents(first), story_contents(second)
    common = a.keys() & b.keys()
    several = [members for members in common if len(members) > 1]
    print(
        f"stories {len(a)} and {len(b)}, {len(common)} with the same members; same JSON: "
        f"{sum(a[m] == b[m] for m in common)} of them, {sum(a[m] == b[m] for m in several)} of the "
        f"{len(several)} with 2+ articles"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="default")
    parser.add_argument("--per-topic", type=int, default=80)
    parser.add_argument("--compare", nargs=2, type=Path, metavar="DB", help="two stores to compare")
    args = parser.parse_args()
    if args.compare:
        compare_content(*args.compare)
        return
    from sklearn.metrics import adjusted_rand_score

    assignments, lines = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        for order in ORDERS:
            pile = Path(folder) / f"{order}.jsonl"
            build_pile(pile, order, args.per_topic)
            with Store(Path(folder) / f"{order}.db") as store:
                start = time.perf_counter()
                report = ingest(store, [str(pile)], synthesise=False, profile=args.profile)
                seconds = time.perf_counter() - start
                assignments[order] = stories_of(store)
                lines[order] = storylines_of(store)
                found = spans(store)
            multi = [s for s in found if s[1] > 1]
            print(
                f"{order:9} {report.added} articles in {seconds:.0f} s ({report.added / seconds:.1f}/s): "
                f"{len(found)} stories, {len(multi)} with 2+ articles, "
                f"{sum(1 for s in multi if s[2] > 1)} of those with 2+ outlets, "
                f"{sum(1 for s in found if s[0] > 7)} spanning over 7 days "
                f"(longest {max(s[0] for s in found)}), "
                f"largest {max(s[1] for s in found)} articles"
            )
    for a, b in itertools.combinations(ORDERS, 2):
        urls = sorted(assignments[a].keys() & assignments[b].keys())
        ari = adjusted_rand_score([assignments[a][u] for u in urls], [assignments[b][u] for u in urls])
        line_ari = adjusted_rand_score([lines[a][u] for u in urls], [lines[b][u] for u in urls])
        print(f"ARI {a} vs {b}: stories {ari:.4f}, storylines {line_ari:.4f}, over {len(urls)} articles")


if __name__ == "__main__":
    main()
