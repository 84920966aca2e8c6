"""CPU seconds of `synthesise_story` over the largest stories of a store whose articles are analysed.

The store is copied first (opening it may migrate it). Sentence vectors are computed apart (before the
timer) and so are the per-article candidates when this version has them (`synthesise.article_candidates`,
which the analysis pass finds once per article): what is timed is what synthesis does per story.

    .venv/bin/python bench/synthesis_cpu.py STORE.db COPY.db --stories 8
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import time

from storyfuse.store import Store
from storyfuse.synthesise import synthesise_story
from storyfuse.synthesise.story_sentences import StorySentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store")
    parser.add_argument("copy")
    parser.add_argument("--stories", type=int, default=8)
    args = parser.parse_args()
    shutil.copy(args.store, args.copy)
    find = getattr(importlib.import_module("storyfuse.synthesise"), "article_candidates", None)
    story_cpu = vectors_cpu = candidates_cpu = 0.0
    articles_seen = 0
    with Store(args.copy) as store:
        rows = store.db.execute(
            "SELECT story_id, count(*) c FROM story_articles GROUP BY story_id "
            "ORDER BY c DESC, story_id LIMIT ?",
            (args.stories,),
        ).fetchall()
        for story_id, count in rows:
            ids = store.story_article_ids(story_id)
            articles = store.articles(ids)
            analyses = store.analyses(ids)
            ordered = [analyses[a.id] for a in articles]
            if find is not None:
                started = time.process_time()
                for article, analysis in zip(articles, ordered, strict=True):
                    analysis.candidates = find(article, analysis)
                candidates_cpu += time.process_time() - started
            sentences = StorySentences.of(articles, ordered, store.sentence_vectors(ids))
            started = time.process_time()
            sentences.vectors  # noqa: B018 (embeds every sentence, as families do)
            vectors_cpu += time.process_time() - started
            started = time.process_time()
            synthesise_story(story_id, articles, ordered, sentences)
            story_cpu += time.process_time() - started
            articles_seen += count
    print(
        f"{len(rows)} stories, {articles_seen} articles: synthesise_story {story_cpu:.1f} s CPU "
        f"(apart: sentence vectors {vectors_cpu:.1f} s, candidates {candidates_cpu:.1f} s)"
    )


if __name__ == "__main__":
    main()
