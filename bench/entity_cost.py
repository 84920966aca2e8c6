"""Cost of the entities/quotes/figures stage per article, beside the cost of spaCy NER itself (issue #5).

For each story of the inputs (files or folders, ingested into a temporary store), times, best of
--repeat runs: canonical entities, quotes and figures of the story, divided by its number of articles.
The sentence vectors quotes and figures use are computed once before timing: the synthesise stage
shares them with the summary and the copy families, so they are not this stage's cost. NER is timed
as `sentences_and_mentions` over the same articles (spaCy, parser off), in this process, and as ingest
runs it on a large run, in worker processes (one per core), over --copies copies of the articles (wall
time per article, the workers' start included):

    .venv/bin/python bench/entity_cost.py ../shared/seeds src/storyfuse/data/examples/articles
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from storyfuse.model import Analysis, Article


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def stage(articles: list[Article], analyses: list[Analysis], sentences: object) -> None:
    from storyfuse.synthesise.entities import resolve_story_entities
    from storyfuse.synthesise.figures import story_figures
    from storyfuse.synthesise.quotes import story_quotes
    from storyfuse.synthesise.story_sentences import StorySentences

    assert isinstance(sentences, StorySentences)
    entities = resolve_story_entities(articles, analyses)
    story_quotes(articles, analyses, entities, story_sentences=sentences)
    story_figures(articles, analyses, story_sentences=sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--copies", type=int, default=10, help="of the articles, for the spaCy pass in workers"
    )
    args = parser.parse_args()

    from storyfuse.analyse.sentences import sentences_and_mentions
    from storyfuse.pipeline import ingest
    from storyfuse.preparation import PARALLEL_AFTER, sentence_analyses_in_order, worker_count
    from storyfuse.run.synthesis import ANALYSIS_BATCH
    from storyfuse.store.database import Store
    from storyfuse.store.queries import chunks
    from storyfuse.synthesise.story_sentences import StorySentences

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        with Store(db) as store:
            ingest(store, [str(p) for p in args.inputs])
            stories = [store.story_article_ids(row.id) for row in store.list_stories()]
            total_articles = 0
            everything: list[Article] = []
            stage_seconds = ner_seconds = 0.0
            for ids in stories:
                articles = store.articles(ids)
                everything.extend(articles)
                by_id = store.analyses(ids)
                analyses = [by_id[a.id] for a in articles]
                sentences = StorySentences.of(articles, analyses)
                sentences.vectors  # noqa: B018 - shared with summary and families, computed before timing
                stage_seconds += best_of(args.repeat, partial(stage, articles, analyses, sentences))
                ner_seconds += best_of(args.repeat, partial(sentences_and_mentions, articles))
                total_articles += len(articles)
    print(f"{len(stories)} stories, {total_articles} articles, best of {args.repeat}")
    print(f"entities+quotes+figures: {1000 * stage_seconds / total_articles:.2f} ms per article")
    print(f"spaCy NER (sentences_and_mentions): {1000 * ner_seconds / total_articles:.2f} ms per article")
    copies = [article for _ in range(args.copies) for article in everything]
    batches = list(chunks(copies, ANALYSIS_BATCH))
    workers = worker_count() if len(copies) > PARALLEL_AFTER else 0
    start = time.perf_counter()
    for _ in sentence_analyses_in_order(batches, len(copies)):
        pass
    wall = time.perf_counter() - start
    print(
        f"spaCy pass as ingest runs it, {workers} worker processes, {len(copies)} articles: "
        f"{1000 * wall / len(copies):.2f} ms per article (wall)"
    )


if __name__ == "__main__":
    main()
