"""The synthesise stage: one consolidated Story from the articles of a cluster."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyfuse.model import Analysis, Article, Story, StoryArticle
from storyfuse.synthesise.sentences import StorySentences


def synthesise_story(
    story_id: str,
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    sentences: StorySentences | None = None,
) -> Story:
    """Everything a reader sees of a story, computed from its articles and their analyses.

    `sentences`: the story's sentences, possibly with vectors known from before (see StorySentences.of).
    """
    from storyfuse.link.align import families
    from storyfuse.synthesise.entities import resolve_story_entities
    from storyfuse.synthesise.figures import story_figures
    from storyfuse.synthesise.quotes import story_quotes
    from storyfuse.synthesise.reference_date import story_dates
    from storyfuse.synthesise.summary import summarise_story
    from storyfuse.synthesise.timeline import build_timeline

    sentences = sentences or StorySentences.of(articles, analyses)
    copies = families(sentences)
    entities = resolve_story_entities(articles, analyses)
    dates = story_dates(articles)  # each article's reference day, inferred from the story when missing
    return Story(
        id=story_id,
        headline=headline(articles, analyses),
        articles=[
            StoryArticle(
                id=a.id,
                path=a.path,
                url=a.url,
                source=a.source,
                title=a.title,
                published=a.published.value if a.published else None,
                credits=a.credits,
            )
            for a in articles
        ],
        families=copies,
        entities=entities.entities,
        quotes=story_quotes(articles, analyses, entities, story_sentences=sentences, families=copies),
        figures=story_figures(articles, analyses, story_sentences=sentences, families=copies),
        timeline=build_timeline(articles, analyses, story_sentences=sentences, dates=dates),
        summary=summarise_story(articles, analyses, story_sentences=sentences, dates=dates),
    )


def headline(articles: Sequence[Article], analyses: Sequence[Analysis]) -> str:
    """The title of the article closest to the story's centre (ties: the earliest)."""
    titled = [(a, an) for a, an in zip(articles, analyses, strict=True) if a.title and an.embedding]
    if not titled:
        return articles[0].title or (articles[0].text[:80] if articles else "")
    vectors = np.array([an.embedding for _, an in titled], dtype=np.float32)
    centre = vectors.mean(axis=0)
    best = int(np.argmax(vectors @ centre))
    return titled[best][0].title or ""
