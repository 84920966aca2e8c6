"""Cost of synthesising one story as it grows: its entities, quotes and figures (issue #5's cost), and
the whole synthesis (copy families, dates, timeline, summary too).

A story is re-synthesised each time it gains articles, so this must stay cheap when a story holds
hundreds of them. This takes the articles of one Timeline17 topic (one long-running news event covered
by one outlet: many distinct people and places), analyses them once (spaCy, sentence vectors: computed
once per article and stored, so not timed), and times the first N articles as one story for growing N,
best of --repeat runs:

    .venv/bin/python bench/story_scaling.py --data ../shared/data --topic bpoil_reuters
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="../shared/data")
    parser.add_argument("--topic", default="bpoil_reuters", help="a Timeline17 folder with articles.json")
    parser.add_argument("--sizes", default="25,50,100,200,298")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from storyfuse.model import RawDocument
    from storyfuse.run.documents import prepare
    from storyfuse.synthesise import synthesise_story
    from storyfuse.synthesise.entities import resolve_story_entities
    from storyfuse.synthesise.figures import story_figures
    from storyfuse.synthesise.quotes import story_quotes
    from storyfuse.synthesise.story_sentences import StorySentences

    records = json.loads((args.data / "timeline" / "timeline17" / args.topic / "articles.json").read_text())
    docs = [
        RawDocument(f"{args.topic}/{r['uid']}", r["text"], "text", native_id=str(r["uid"])) for r in records
    ]
    start = time.perf_counter()
    articles, analyses = prepare(docs)
    print(f"{args.topic}: {len(articles)} articles analysed in {time.perf_counter() - start:.1f} s")
    print("articles  mentions  entities  entities ms/article  +quotes+figures ms/article  whole story s")
    for size in (int(s) for s in args.sizes.split(",")):
        part, part_analyses = articles[:size], analyses[:size]
        sentences = StorySentences.of(part, part_analyses)
        sentences.vectors  # noqa: B018 - shared with summary and families, computed before timing
        entity_best = stage_best = story_best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            entities = resolve_story_entities(part, part_analyses)
            t1 = time.perf_counter()
            story_quotes(part, part_analyses, entities, story_sentences=sentences)
            story_figures(part, part_analyses, story_sentences=sentences)
            t2 = time.perf_counter()
            synthesise_story("bench", part, part_analyses, sentences)
            t3 = time.perf_counter()
            entity_best, stage_best = min(entity_best, t1 - t0), min(stage_best, t2 - t0)
            story_best = min(story_best, t3 - t2)
        mentions = sum(len(a.mentions) for a in part_analyses)
        print(
            f"{len(part):8d}  {mentions:8d}  {len(entities.entities):8d}  "
            f"{1000 * entity_best / len(part):19.2f}  {1000 * stage_best / len(part):26.2f}"
            f"  {story_best:13.1f}"
        )


if __name__ == "__main__":
    main()
