"""Article-to-article and article-to-story similarity: the one score clustering decides with.

The score mixes what tells events apart: meaning of the lead (embedding cosine), who and where
(shared named entities) and when (publication-day distance).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from storyfuse.link.features import ArticleFeatures


@dataclass(frozen=True)
class SimilarityWeights:
    """Weights of the score; fitted on ECB+ topics 1–35 (see docs/BENCHMARKS.md), saved here."""

    embedding: float = 0.5
    entities: float = 0.5
    day_scale: float = 7.0  # days after which the time penalty reaches its full size
    day_penalty: float = 0.25


DEFAULT_WEIGHTS = SimilarityWeights()


def entity_overlap(entities: set[str], weights: Counter[str], size: int) -> float:
    """Share of the article's entities that the other side (an article or a story of `size`) holds.

    Normalised by the smaller side so a short article naming the main actors still scores high.
    """
    if not entities or not weights:
        return 0.0
    support = sum(min(1.0, weights[e] / max(size, 1) * 2) for e in entities if e in weights)
    other = sum(1 for e, c in weights.items() if c / max(size, 1) >= 0.3) or len(weights)
    return support / max(1, min(len(entities), other))


def time_penalty(day_a: int | None, day_b: int | None, weights: SimilarityWeights) -> float:
    if day_a is None or day_b is None:
        return 0.0
    return weights.day_penalty * min(1.0, abs(day_a - day_b) / weights.day_scale)


def article_similarity(
    a: ArticleFeatures, b: ArticleFeatures, weights: SimilarityWeights = DEFAULT_WEIGHTS
) -> float:
    """Similarity of two articles in [0, 1] (roughly calibrated: ≥ 0.5 means the same event)."""
    cosine = float(np.dot(a.embedding, b.embedding))
    overlap = entity_overlap(a.entities, Counter(b.entities), 1)
    score = weights.embedding * cosine + weights.entities * overlap - time_penalty(a.day, b.day, weights)
    return max(0.0, min(1.0, score))
