"""Dated timeline of a story: dates the articles state, each with one describing sentence.

A date's weight is how many articles state it (explicitly, or by publishing on that day); its text
is the sentence that best represents what the articles say of that date. Dates well before the
story's own days are background history and are flagged as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyfuse.model import Analysis, Article, Granularity, TimelineEntry
from storyfuse.synthesise.sentences import StorySentences

BACKGROUND_DAYS = 30  # dates this long before the story's first article are history
PUBLICATION_WEIGHT = 0.5  # an article published on a day is weaker evidence than a stated date


@dataclass
class _DateEvidence:
    granularity: Granularity
    weight: float = 0.0
    articles: set[str] = field(default_factory=set)
    sentences: list[int] = field(default_factory=list)  # indexes into StorySentences.sentences


def build_timeline(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    *,
    max_dates: int | None = None,
    story_sentences: StorySentences | None = None,
) -> list[TimelineEntry]:
    from storyfuse.analyse.dates import find_dates

    story = story_sentences or StorySentences.of(articles, analyses)
    by_id = {a.id: a for a in articles}
    evidence: dict[str, _DateEvidence] = {}
    first_sentence: dict[str, int] = {}
    for i, sentence in enumerate(story.sentences):
        first_sentence.setdefault(sentence.article_id, i)
        article = by_id[sentence.article_id]
        reference = _reference(article)
        seen_here: set[str] = set()
        for mention in find_dates(sentence.text, reference):
            if mention.value is None or mention.granularity is None or mention.value in seen_here:
                continue
            seen_here.add(mention.value)
            entry = evidence.setdefault(mention.value, _DateEvidence(mention.granularity))
            entry.weight += 1.0
            entry.articles.add(article.id)
            entry.sentences.append(i)
    for article in articles:
        reference = _reference(article)
        if reference is None or article.id not in first_sentence:
            continue
        entry = evidence.setdefault(reference.isoformat(), _DateEvidence("day"))
        entry.weight += PUBLICATION_WEIGHT
        entry.articles.add(article.id)
        entry.sentences.append(first_sentence[article.id])

    ranked = sorted(evidence.items(), key=lambda kv: (-(kv[1].weight + len(kv[1].articles)), kv[0]))
    if max_dates is not None:
        ranked = ranked[:max_dates]
    story_start = min((r for r in (_reference(a) for a in articles) if r is not None), default=None)
    entries = []
    for value, entry in ranked:
        best = _representative(story, entry.sentences)
        entries.append(
            TimelineEntry(
                date=value,
                granularity=entry.granularity,
                text=story.sentences[best].text,
                articles=sorted(entry.articles, key=lambda a: story.article_index.get(a, 0)),
                background=_is_background(value, story_start),
            )
        )
    return sorted(entries, key=lambda e: e.date)


def _reference(article: Article) -> date | None:
    if article.published is None:
        return None
    try:
        return date.fromisoformat(article.published.value[:10])
    except ValueError:
        return None


def _representative(story: StorySentences, indexes: list[int]) -> int:
    """The sentence closest to the others stating the same date."""
    unique = sorted(set(indexes))
    if len(unique) == 1:
        return unique[0]
    vectors = story.vectors[unique]
    centrality = (vectors @ vectors.mean(axis=0)).tolist()
    return unique[int(np.argmax(centrality))]


def _is_background(value: str, story_start: date | None) -> bool:
    if story_start is None:
        return False
    parts = value.split("-")
    month = parts[1] if len(parts) > 1 else "12"
    day = parts[2] if len(parts) > 2 else "28"
    try:
        latest = date(int(parts[0]), int(month), int(day))  # the last day the value can mean, roughly
    except ValueError:
        return False
    return (story_start - latest).days > BACKGROUND_DAYS
