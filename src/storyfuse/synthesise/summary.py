"""Extractive multi-document summary: central, non-redundant sentences, each citing its articles.

Centrality is cosine to the story's sentence centroid, raised for sentences several outlets carry
and for early sentences (news puts the event first); selection is MMR, so no two summary sentences
say the same thing. The result is ordered by article date, then position in the article.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyfuse.model import Analysis, Article, SummarySentence
from storyfuse.synthesise.sentences import StorySentences

MAX_SENTENCES = 8
MMR_LAMBDA = 0.7
REDUNDANT_COSINE = 0.72
MIN_WORDS, MAX_WORDS = 7, 60


def summarise_story(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    *,
    max_sentences: int = MAX_SENTENCES,
    max_words: int | None = None,
    story_sentences: StorySentences | None = None,
) -> list[SummarySentence]:
    story = story_sentences or StorySentences.of(articles, analyses)
    if not story.sentences:
        return []
    candidates = [i for i, s in enumerate(story.sentences) if _is_candidate(s.text)]
    if not candidates:
        candidates = list(range(len(story.sentences)))
    vectors = story.vectors[candidates]
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    relevance = vectors @ centroid
    sims = vectors @ vectors.T
    n_articles = max(1, len(story.articles))
    support = np.array(
        [len({story.sentences[candidates[j]].article_id for j in np.flatnonzero(row >= 0.8)}) for row in sims]
    )
    position = np.array([story.sentences[i].index for i in candidates])
    relevance = relevance + 0.15 * (support - 1) / n_articles + 0.1 / (1 + position)

    chosen: list[int] = []
    words = 0
    while len(chosen) < max_sentences:
        redundancy = sims[:, chosen].max(axis=1) if chosen else np.zeros(len(candidates))
        score = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
        score[redundancy >= REDUNDANT_COSINE] = -np.inf
        score[chosen] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        length = len(story.sentences[candidates[best]].text.split())
        if max_words is not None and words + length > max_words and chosen:
            break
        chosen.append(best)
        words += length

    def order(j: int) -> tuple[str, int, int]:
        sentence = story.sentences[candidates[j]]
        article = story.articles[story.article_index[sentence.article_id]]
        day = article.published.value if article.published else "9999"
        return (day, sentence.index, story.article_index[sentence.article_id])

    return [
        SummarySentence(text=story.sentences[candidates[j]].text, articles=story.supporters(candidates[j]))
        for j in sorted(chosen, key=order)
    ]


def _is_candidate(text: str) -> bool:
    """A summary sentence is a plain statement of reasonable length, not a question or a fragment."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    first = text[:1]
    starts_well = first.isupper() or first.isdigit() or first in "“\"'"
    return starts_well and not text.rstrip().endswith(("?", ":"))
