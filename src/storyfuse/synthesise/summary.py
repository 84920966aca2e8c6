"""Extractive multi-document summary: central, non-redundant sentences, each citing its articles.

A sentence's relevance (Radev et al. 2004, MEAD; Erkan & Radev 2004, LexRank) adds three kinds of
evidence: centrality, its cosine to the story's centroid (each article weighing the same, so one
long article does not set the centre); position, because news puts what happened first; and support,
the share of the story's other articles that state the same thing. Selection is MMR (Carbonell &
Goldstein 1998), and a sentence too close to one already chosen is never taken, so no two summary
sentences say the same thing; nor is a sentence fairly close to a chosen one whose citations already
include its article (that outlet said it once: this is its rewording). Teasers for other pages and
social-media embeds are never candidates.

The summary reads in time order: by the day its article was written, then the position in it.
A story of one article is summarised by its opening sentences, with no embedding at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from storyfuse.model import Analysis, Article, SummarySentence
from storyfuse.synthesise.reference_date import (
    BACKGROUND_DAYS,
    StoryDates,
    period,
    sentence_dates,
    story_dates,
)
from storyfuse.synthesise.story_sentences import (
    SUPPORT_COSINE,
    StorySentences,
    ends_as_sentence,
    is_statement,
)

MAX_SENTENCES = 8
MMR_LAMBDA = 0.7
REDUNDANT_COSINE = 0.72  # two sentences this close say the same thing: the second is never taken
RESTATED_COSINE = 0.4  # a sentence this close to a chosen one that already cites its article restates it
# The two weights below were set by a small grid on the MultiLing sample (docs/BENCHMARKS.md).
POSITION_WEIGHT = 0.5  # relevance of an article's first sentence over a late one
SUPPORT_WEIGHT = 0.3  # relevance of a sentence every other article states
TEMPORAL_WEIGHT = 0.1  # relevance of what follows the event over the history it recalls
MIN_WORDS, MAX_WORDS = 7, 60
# Candidates given a sentence vector, of the best by position and lexical centrality (`_pool`).
POOL_SIZE, POOL_PER_ARTICLE = 40, 4

# An embedded post's signature: "— Jane Doe (@janedoe) January 20, 2022", or a link.
_EMBED = re.compile(
    r"\(@\w+\)|(?:^|\s)@\w{2,}\b.*\b\d{4}\b|https?://|pic\.twitter\.com|www\.\w", re.IGNORECASE
)


def summarise_story(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    *,
    max_sentences: int | None = MAX_SENTENCES,
    max_words: int | None = None,
    story_sentences: StorySentences | None = None,
    dates: StoryDates | None = None,
) -> list[SummarySentence]:
    """At most `max_sentences` sentences (None: no cap).

    With `max_words`, sentences are added until that many words are reached; the last may overrun
    it, as in the lead and centroid baselines, which the evaluation truncates alike.
    """
    story = story_sentences or StorySentences.of(articles, analyses)
    if not story.sentences:
        return []
    news = [i for i in range(len(story.sentences)) if story.news[i]]  # never clutter, whatever else
    # a story with no plain statement (a gallery, a page of headlines) still gets its sentences, those
    # that end as sentences first
    candidates = (
        [i for i in news if is_candidate(story.sentences[i].text)]
        or [i for i in news if ends_as_sentence(story.sentences[i].text)]
        or news
    )
    if not candidates:
        return []
    if len(story.articles) == 1:
        return _lead(story, candidates, max_sentences, max_words)
    candidates = _pool(story, candidates)
    vectors = story.vectors_of(candidates)
    sims = vectors @ vectors.T
    dates = dates or story_dates(story.articles)
    relevance = _relevance(story, candidates, vectors, sims, dates)

    article_of = np.array([story.article_index[story.sentences[i].article_id] for i in candidates])
    chosen: list[int] = []
    cited: dict[int, list[str]] = {}  # articles each chosen sentence cites
    # Articles a chosen sentence already cites have said it; their sentences close to it say it again.
    said = np.zeros(len(candidates), dtype=bool)
    words = 0
    cap = len(candidates) if max_sentences is None else max_sentences
    while len(chosen) < cap and (max_words is None or words < max_words):
        redundancy = sims[:, chosen].max(axis=1) if chosen else np.zeros(len(candidates))
        score = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy
        score[redundancy >= REDUNDANT_COSINE] = -np.inf
        score[said] = -np.inf
        score[chosen] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        chosen.append(best)
        cited[best] = story.supporters(candidates[best], candidates)
        citing = [story.article_index[a] for a in cited[best]]
        said |= np.isin(article_of, citing) & (sims[:, best] >= RESTATED_COSINE)
        words += len(story.sentences[candidates[best]].text.split())

    def reading_order(j: int) -> tuple[str, int, int]:
        sentence = story.sentences[candidates[j]]
        day = dates.of(sentence.article_id)
        return (day.isoformat() if day else "9999", story.article_index[sentence.article_id], sentence.index)

    rank = {j: n for n, j in enumerate(chosen)}  # the order MMR chose them in: most central first
    return [
        SummarySentence(text=story.sentences[candidates[j]].text, articles=cited[j], rank=rank[j])
        for j in sorted(chosen, key=reading_order)
    ]


def _pool(story: StorySentences, candidates: list[int]) -> list[int]:
    """The candidates worth a sentence vector, in story order: at most POOL_SIZE + POOL_PER_ARTICLE
    per article, ranked by what costs no vector: position, and how many of the story's other articles
    hold each content word (lexical centrality, as LexRank's lexical form). Embedding every sentence of
    a big story was most of what synthesis cost, and the summary takes eight."""
    limit = POOL_SIZE + POOL_PER_ARTICLE * len(story.articles)
    if len(candidates) <= limit:
        return candidates
    holders: dict[str, int] = {}
    for words in (story.article_words(a.id) for a in story.articles):
        for word in words:
            holders[word] = holders.get(word, 0) + 1
    others = max(1, len(story.articles) - 1)

    def lexical_relevance(i: int) -> float:
        words = story.content[i]
        shared = sum(holders.get(w, 1) - 1 for w in words) / others / max(1, len(words))
        return shared + POSITION_WEIGHT / (1 + story.sentences[i].index)

    ranked = sorted(candidates, key=lambda i: (-lexical_relevance(i), i))
    return sorted(ranked[:limit])


def _lead(
    story: StorySentences, candidates: list[int], max_sentences: int | None, max_words: int | None
) -> list[SummarySentence]:
    """A one-article story's summary is its opening: news is written most important first, and
    there is no other outlet to weigh it against (lead scores level with centrality on MultiLing)."""
    chosen: list[SummarySentence] = []
    words = 0
    for i in candidates:
        if (max_sentences is not None and len(chosen) >= max_sentences) or (
            max_words is not None and words >= max_words
        ):
            break
        sentence = story.sentences[i]
        chosen.append(SummarySentence(text=sentence.text, articles=[sentence.article_id], rank=len(chosen)))
        words += len(sentence.text.split())
    return chosen


def _relevance(
    story: StorySentences, candidates: list[int], vectors: np.ndarray, sims: np.ndarray, dates: StoryDates
) -> np.ndarray:
    article_of = [story.sentences[i].article_id for i in candidates]
    centroid = _balanced_centroid(vectors, article_of)
    centrality = vectors @ centroid
    position = np.array([1.0 / (1 + story.sentences[i].index) for i in candidates])
    others = max(1, len(story.articles) - 1)
    support = np.array(
        [
            len({article_of[k] for k in np.flatnonzero(row >= SUPPORT_COSINE)} - {article_of[j]})
            for j, row in enumerate(sims)
        ]
    )
    focus = _temporal_focus(story, candidates, dates)
    return (
        centrality + POSITION_WEIGHT * position + SUPPORT_WEIGHT * support / others + TEMPORAL_WEIGHT * focus
    )


def _temporal_focus(story: StorySentences, candidates: list[int], dates: StoryDates) -> np.ndarray:
    """+1 for a sentence that looks past its article's day (what the event leads to, what comes
    next), -1 for one that speaks only of history long before the story: the timeline keeps that."""
    mentions = sentence_dates(story, dates)
    start = min((d for d in dates.articles.values() if d is not None), default=None)
    focus = np.zeros(len(candidates))
    for j, i in enumerate(candidates):
        reference = dates.of(story.sentences[i].article_id)
        spans = [p for p in (period(m.value) for m in mentions.get(i, []) if m.value) if p is not None]
        future = any(m.value == "FUTURE_REF" for m in mentions.get(i, []))
        if reference is not None and (future or any(first > reference for first, _ in spans)):
            focus[j] = 1.0
        elif start is not None and spans and all((start - last).days > BACKGROUND_DAYS for _, last in spans):
            focus[j] = -1.0
    return focus


def _balanced_centroid(vectors: np.ndarray, article_of: list[str]) -> np.ndarray:
    """Mean of the articles' own centroids: every article counts once, however long."""
    groups: dict[str, list[int]] = {}
    for j, article_id in enumerate(article_of):
        groups.setdefault(article_id, []).append(j)
    centroid = np.mean([vectors[rows].mean(axis=0) for rows in groups.values()], axis=0)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm else centroid


def is_candidate(text: str) -> bool:
    """A summary sentence is a plain statement of the story, not a teaser, an embed or a fragment."""
    from storyfuse.extract.patterns import LISTEN_TO, READ_ALSO

    if not is_statement(text, MIN_WORDS, MAX_WORDS):
        return False
    return not (READ_ALSO.match(text) or LISTEN_TO.match(text) or _EMBED.search(text))
