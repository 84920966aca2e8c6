"""Who quotes are attributed to, on long real news: a before/after check for changes to attribution.

There is no public gold for quote speakers here. This ingests the first --per-topic articles of every
Timeline17 topic (detokenised, one JSONL run, synthesis on), lists every quote of five words or more of
every story with its speaker, its description and the text around it, prints the counts, and writes the
list to --out. Run it on two versions of the code and compare the two lists: `--diff OLD.json` prints
the quotes whose speaker or description changed, for judging by hand (`--sample N` draws N at random):

    .venv/bin/python bench/quote_attribution.py --data ../shared/data --out /tmp/quotes_after.json \\
        --diff /tmp/quotes_before.json --sample 40
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

MIN_WORDS = 5  # shorter spans are mostly scare quotes and titles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="../shared/data")
    parser.add_argument("--per-topic", type=int, default=30)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--diff", type=Path, help="a list this script wrote for another version")
    parser.add_argument("--sample", type=int, default=0, help="show this many changed quotes at random")
    args = parser.parse_args()

    from storyfuse.evaluate.datasets.timeline17 import read_articles
    from storyfuse.pipeline import ingest
    from storyfuse.store import Store
    from storyfuse.synthesise.entities import resolve_story_entities
    from storyfuse.synthesise.quotes import article_quotes

    quotes: dict[str, list[str | None]] = {}
    with tempfile.TemporaryDirectory() as folder:
        lines = [
            json.dumps(
                {"url": f"https://timeline17/{path.parent.name}/{a.uid}", "text": a.text, "published": a.dct}
            )
            for path in sorted((args.data / "timeline" / "timeline17").glob("*/articles.json"))
            for a in read_articles(path)[: args.per_topic]
        ]
        run = Path(folder) / "articles.jsonl"
        run.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with Store(Path(folder) / "quotes.db") as store:
            ingest(store, [str(run)])
            for story in store.list_stories():
                ids = store.story_article_ids(story.id)
                articles = store.articles(ids)
                by_id = store.analyses(ids)
                analyses = [by_id[a.id] for a in articles]
                entities = resolve_story_entities(articles, analyses)
                for article, analysis in zip(articles, analyses, strict=True):
                    text = article.text
                    for q in article_quotes(article, analysis, entities):
                        if len(q.text.split()) >= MIN_WORDS:
                            around = f"{text[max(0, q.start - 160) : q.start]}⟦{text[q.start : q.end][:80]}…⟧"
                            around += text[q.end : q.end + 110]
                            quotes[f"{article.url}#{q.start}"] = [
                                q.speaker,
                                q.described,
                                around.replace("\n", " "),
                            ]
    args.out.write_text(json.dumps(quotes, ensure_ascii=False, indent=0), encoding="utf-8")
    named = sum(1 for speaker, _, _ in quotes.values() if speaker)
    described = sum(1 for speaker, who, _ in quotes.values() if not speaker and who)
    print(
        f"{len(lines)} articles, {len(quotes)} quotes of {MIN_WORDS}+ words: "
        f"{named} named, {described} described"
    )
    if args.diff:
        before = json.loads(args.diff.read_text(encoding="utf-8"))
        changed = [k for k in quotes if k in before and before[k][:2] != quotes[k][:2]]
        print(f"{len(changed)} quotes changed speaker or description")
        shown = random.Random(0).sample(changed, min(args.sample, len(changed))) if args.sample else changed
        for key in shown:
            (was, was_described, _), (now, now_described, context) = before[key], quotes[key]
            print(f"- {was or was_described or '—'} -> {now or now_described or '—'} || {context}\n")


if __name__ == "__main__":
    main()
