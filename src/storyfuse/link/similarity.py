"""Article-to-article and article-to-story similarity: the one score clustering decides with.

The score mixes what tells events apart: meaning of the lead (embedding cosine), who and where
(shared named entities), what happened in detail (TF-IDF cosine of content words, with document
frequencies counted as articles stream in) and when (publication-day distance, years named).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat


@dataclass(frozen=True)
class SimilarityWeights:
    """Weights of the score; fitted on ECB+ topics 1–35 with bench/tune_clustering.py."""

    embedding: float = 0.5
    entities: float = 0.2
    lexical: float = 0.3
    day_scale: float = 7.0  # days after which the time penalty reaches its full size
    day_penalty: float = 0.25
    day_grace: int = 1  # a preview the day before, a report the day after: no penalty
    year_penalty: float = 0.15  # when the article names years and none is the story's


DEFAULT_WEIGHTS = SimilarityWeights()


class TermStats:
    """Document frequencies of content words over every article seen so far (streaming IDF)."""

    def __init__(self, df: Mapping[str, int] | None = None, documents: int = 0) -> None:
        self.df: Counter[str] = Counter(df or {})
        self.documents = documents
        self.pending: Counter[str] = Counter()  # increments not yet saved to the store

    def add(self, terms: Iterable[str]) -> None:
        for term in terms:
            self.df[term] += 1
            self.pending[term] += 1
        self.documents += 1

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def idfs(self, terms: Iterable[str]) -> dict[str, float]:
        """`idf` of each term, in one pass: the ingest loop asks for hundreds at a time."""
        documents, df, log = self.documents + 1, self.df, math.log
        return {t: log(documents / (df.get(t, 0) + 1)) + 1.0 for t in terms}

    def take_pending(self) -> Counter[str]:
        pending, self.pending = self.pending, Counter()
        return pending


def tfidf_cosine(a: Mapping[str, float], b: Mapping[str, float], stats: TermStats) -> float:
    return LexicalQuery(a, stats).cosine(b, tfidf_norm(b, stats))


def tfidf_norm(vector: Mapping[str, float], stats: TermStats) -> float:
    idf = stats.idfs(vector)
    return math.sqrt(sum((w * idf[t]) ** 2 for t, w in vector.items())) or 1.0


class LexicalQuery:
    """An article's TF-IDF vector, weighted once, to compare with many stories."""

    def __init__(self, terms: Mapping[str, float], stats: TermStats) -> None:
        # idf² folded into the query: dot(a·idf, b·idf) = Σ a·idf² · b
        idf = stats.idfs(terms)
        weighted = {t: w * idf[t] for t, w in terms.items()}
        self.norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        self.weighted = {t: v * idf[t] for t, v in weighted.items()}

    def cosine(self, other: Mapping[str, float], other_norm: float) -> float:
        if not self.weighted or not other:
            return 0.0
        weighted = self.weighted
        if len(other) < len(weighted):  # walk the shorter of the two
            dot = sum(v * weighted[t] for t, v in other.items() if t in weighted)
        else:
            dot = sum(w * other[t] for t, w in weighted.items() if t in other)
        return dot / (self.norm * other_norm) if dot else 0.0


def entity_overlap(
    entities: set[str], counts: Mapping[str, int], size: int = 1, total: int | None = None
) -> float:
    """Mean, over the `size` members of the other side, of the share of entities the two have in common.

    `counts` says in how many members each entity occurs and `total` is the sum of the members'
    entity-set sizes; the share is normalised by the smaller set, so a short article naming the main
    actors still scores high. With size 1 this is the overlap of two articles.
    """
    if not entities or not counts:
        return 0.0
    size = max(size, 1)
    typical = (sum(counts.values()) if total is None else total) / size  # a member's entity-set size
    # a name is counted once per member, so no count exceeds `size`: the sum needs no clamp
    shared = sum(map(counts.get, entities, repeat(0))) / size
    return min(1.0, shared / max(1.0, min(len(entities), typical)))


def year_disagreement(years: set[int], story_years: Counter[int]) -> float:
    """1 when the article names years and the latest is not among the story's, else 0."""
    if not years or not story_years:
        return 0.0
    return 0.0 if max(years) in story_years else 1.0


def time_penalty(day_a: int | None, day_b: int | None, weights: SimilarityWeights) -> float:
    if day_a is None or day_b is None:
        return 0.0
    gap = max(0, abs(day_a - day_b) - weights.day_grace)
    return weights.day_penalty * min(1.0, gap / weights.day_scale)


def combined_score(
    cosine: float, overlap: float, lexical: float, penalties: float, weights: SimilarityWeights
) -> float:
    total = weights.embedding + weights.entities + weights.lexical
    mix = weights.embedding * cosine + weights.entities * overlap + weights.lexical * lexical
    return mix / total - penalties
