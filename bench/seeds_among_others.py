"""The seed story among hundreds of unrelated articles: one story of exactly the five seeds?

Ingests unrelated English news (SemEval-2022 Task 8 texts, public dev data) in JSONL, then the seeds,
into a fresh store, and reports the seeds' story, anything else that joined it, and the copy families.

    .venv/bin/python bench/seeds_among_others.py --data ../shared/data --seeds ../shared/seeds --others 300
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from storyfuse.pipeline import ingest
from storyfuse.store import Store


def unrelated_texts(data: Path, count: int) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    seen: set[str] = set()
    records: list[dict[str, str]] = []
    with (data / "similarity" / "semeval2022-task8" / "training_set.csv").open(newline="") as fh:
        for row in csv.DictReader(fh):
            for side, lang in (("text1", "lang1"), ("text2", "lang2")):
                text = row[side]
                if row[lang] != "en" or len(text.split()) < 80 or text[:200] in seen:
                    continue
                seen.add(text[:200])
                title, _, body = text.partition("  ")
                records.append(
                    {
                        "url": f"https://other.example/{len(records)}",
                        "title": title[:120],
                        "text": body or text,
                    }
                )
    return records[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    parser.add_argument("--others", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storyfuse-seeds-"))
    feed = work / "others.jsonl"
    others = unrelated_texts(args.data, args.others)
    feed.write_text("".join(json.dumps(r) + "\n" for r in others))
    started = time.perf_counter()
    with Store(work / "bench.db") as store:
        ingest(store, [str(feed), str(args.seeds)])
        seed_ids = {p.stem for p in args.seeds.glob("*.txt")}
        stories = {store.story_of(i) for i in seed_ids}
        seconds = time.perf_counter() - started
        print(f"{len(others)} unrelated articles + {len(seed_ids)} seeds in {seconds:.0f} s")
        print(f"stories holding the seeds: {len(stories)}")
        for story_id in sorted(s for s in stories if s):
            members = store.story_article_ids(story_id)
            story = store.story(story_id)
            intruders = [m for m in members if m not in seed_ids]
            print(f"  {story_id}: {len(members)} articles, {len(intruders)} not seeds {intruders[:5]}")
            for family in story.families if story else []:
                print(f"    family {family.kind}: {sorted(family.articles)} wire={family.wire}")


if __name__ == "__main__":
    main()
