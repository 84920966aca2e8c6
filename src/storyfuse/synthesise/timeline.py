"""Dated timeline of a story: the dates its articles state, each told by one sentence from them.

Which dates matter (after Tran et al. 2013 and Ghalandari & Ifrim 2020, "datewise"): an event's day is
recalled by articles written later, and it sets off coverage on that day and the next ones. A day's
weight is the number of articles published on it and the two days after, plus, for each article
that mentions it from a later day, log2(1 + days between): the next day's report only says what
happened, while an article still recalling the day weeks later says it mattered. A month or a year
says less than a day: it comes after the days, weighed by the articles that mention it.

Which sentence tells a date: among the sentences that mention it, the one closest to their centroid,
so the entry says what most articles say of that day; a day only published on is told by the
opening sentences of its articles. Only the chosen dates' sentences are embedded, so a timeline
over thousands of long articles costs a few hundred embeddings.

Dates more than a month before the story's first article are background history, kept apart from
the story's own days.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from storyfuse.model import Analysis, Article, Granularity, TimelineEntry
from storyfuse.synthesise.reference_date import (
    BACKGROUND_DAYS,
    StoryDates,
    period,
    sentence_dates,
    story_dates,
)
from storyfuse.synthesise.story_sentences import StorySentences, is_statement

COVERAGE_DAYS = 3  # an event's day and the two after it carry its coverage
RECALL_SCALE = 1.5  # divides log2(1 + days) of a later mention; Timeline17 dev: 1–2.5 all give 0.60–0.615
MAX_OWN_ENTRIES = 15  # default length of the story's own timeline: one screen
MAX_BACKGROUND_ENTRIES = 6
CANDIDATES_PER_DATE = 40  # sentences compared to tell one date; the closest in time to it first
LEAD_SENTENCES = 3  # opening sentences of an article that tell the day it was published
MIN_WORDS, MAX_WORDS = 5, 80
# Two sentences about one day this close tell the same event in other words ("voted to close the harbour
# bridge" / "decided to shut the harbour bridge": 0.78; "seized Brega" / "shelled Brega": 0.56).
PARAPHRASE_COSINE = 0.7

_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")  # a day, month or year value


@dataclass
class _DateEvidence:
    value: str
    granularity: Granularity
    sentences: list[int] = field(default_factory=list)  # indexes into StorySentences.sentences
    articles: set[str] = field(default_factory=set)  # articles that mention the date
    recalled_by: dict[str, int] = field(default_factory=dict)  # article -> days after it mentions it
    weight: float = 0.0


def build_timeline(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    *,
    max_dates: int | None = None,
    story_sentences: StorySentences | None = None,
    dates: StoryDates | None = None,
) -> list[TimelineEntry]:
    """Timeline entries in date order: at most `max_dates`, or one screen of own and background dates."""
    story = story_sentences or StorySentences.of(articles, analyses)
    dates = dates or story_dates(articles)
    evidence = _mentions(story, dates)
    published = Counter(d for d in dates.articles.values() if d is not None)
    for day in published:
        evidence.setdefault(day.isoformat(), _DateEvidence(day.isoformat(), "day"))
    for entry in evidence.values():
        entry.weight = _weight(entry, published)
    story_start = min(published, default=None)
    # Days first: a month or a year tells less, and fills the timeline only when days run out.
    ranked = sorted(evidence.values(), key=lambda e: (e.granularity != "day", -e.weight, e.value))
    own = [e for e in ranked if not _is_background(e.value, story_start)]
    background = [e for e in ranked if _is_background(e.value, story_start)]
    if max_dates is None:
        chosen = _spanning(own, MAX_OWN_ENTRIES, published) + background[:MAX_BACKGROUND_ENTRIES]
    else:
        chosen = (own + background)[:max_dates]  # history only when the story's own days run out
    days = [e.value for e in chosen if e.granularity == "day"]
    # A month or year whose days are on the timeline adds nothing to them.
    chosen = [
        e for e in chosen if e.granularity == "day" or not any(d.startswith(e.value + "-") for d in days)
    ]

    used: set[int] = set()
    entries = []
    for item in chosen:  # strongest first: they get the first pick of sentences
        best, supporting = _describe(item, story, dates, used)
        if best is None:
            continue
        used.add(best)
        entries.append(
            TimelineEntry(
                date=item.value,
                granularity=item.granularity,
                text=story.sentences[best].text,
                articles=story.in_story_order(supporting),
                background=_is_background(item.value, story_start),
            )
        )
    return sorted(entries, key=lambda e: e.date)


def _spanning(ranked: list[_DateEvidence], limit: int, published: Counter[date]) -> list[_DateEvidence]:
    """The `limit` strongest dates, with the story's first and last days of coverage among them: later
    articles recall the early days, so weight alone would end a timeline before the story does."""
    chosen = ranked[:limit]
    if not published or len(ranked) <= limit:
        return chosen
    edges = (min(published), max(published))

    def near(entry: _DateEvidence, edge: date) -> bool:
        if entry.granularity != "day":
            return False
        return abs((date.fromisoformat(entry.value) - edge).days) < COVERAGE_DAYS

    for edge in edges:
        if any(near(e, edge) for e in chosen):
            continue
        best = next((e for e in ranked[limit:] if near(e, edge)), None)
        weakest = next((e for e in reversed(chosen) if not any(near(e, d) for d in edges)), None)
        if best is not None and weakest is not None:
            chosen[chosen.index(weakest)] = best
    return chosen


_UNTIL = re.compile(r"\b(?:until|till)\s+(?:the\s+)?$", re.IGNORECASE)


def _mentions(story: StorySentences, dates: StoryDates) -> dict[str, _DateEvidence]:
    """Every day, month and year the articles mention, with the sentences that mention them."""
    evidence: dict[str, _DateEvidence] = {}
    for index, mentions in sorted(sentence_dates(story, dates).items()):
        if not story.news[index]:
            continue  # a reader's comment or a page stamp states no event
        article_id = story.sentences[index].article_id
        reference = dates.of(article_id)
        text = story.articles[story.article_index[article_id]].text
        for mention in mentions:
            if mention.value is None or mention.granularity is None or not _CALENDAR.match(mention.value):
                continue  # weeks, seasons, "recently": not a timeline date
            if _UNTIL.search(text, max(0, mention.start - 12), mention.start):
                continue  # "closed until May 6": the day a span ends, not the day anything happened
            entry = evidence.setdefault(mention.value, _DateEvidence(mention.value, mention.granularity))
            if not entry.sentences or entry.sentences[-1] != index:
                entry.sentences.append(index)
            entry.articles.add(article_id)
            gap = (reference - _last_day(mention.value)).days if reference is not None else 0
            if gap > 0:
                entry.recalled_by[article_id] = max(gap, entry.recalled_by.get(article_id, 0))
    return evidence


def _weight(entry: _DateEvidence, published: Counter[date]) -> float:
    if entry.granularity != "day":
        return float(len(entry.articles))
    day = date.fromisoformat(entry.value)
    coverage = sum(published[day + timedelta(days=k)] for k in range(COVERAGE_DAYS))
    recall = sum(math.log2(1 + gap) for gap in entry.recalled_by.values()) / RECALL_SCALE
    return recall + coverage


def _describe(
    item: _DateEvidence, story: StorySentences, dates: StoryDates, used: set[int]
) -> tuple[int | None, set[str]]:
    """The sentence that best tells the date, and the articles that state the date."""
    candidates = [i for i in item.sentences if is_statement(story.sentences[i].text, MIN_WORDS, MAX_WORDS)]
    supporting = set(item.articles)
    if not candidates and item.granularity == "day":
        day = date.fromisoformat(item.value)
        openers = [a.id for a in story.articles if dates.of(a.id) == day]
        candidates = [
            i
            for i, s in enumerate(story.sentences)
            if s.article_id in openers
            and s.index < LEAD_SENTENCES
            and story.news[i]
            and is_statement(s.text, MIN_WORDS, MAX_WORDS)
        ]
        supporting |= set(openers)
    if not candidates:
        # only headings, captions or lines without their full stop mention the date: no event is told
        return None, supporting
    fresh = [i for i in candidates if i not in used] or candidates
    if not fresh:
        return None, supporting
    fresh = sorted(
        fresh, key=lambda i: _distance_in_time(item.value, dates.of(story.sentences[i].article_id))
    )
    fresh = fresh[:CANDIDATES_PER_DATE]
    if len(fresh) == 1:
        return fresh[0], story.stating(fresh[0], supporting)
    vectors = story.vectors_of(fresh)
    chosen = int(np.argmax(vectors @ vectors.mean(axis=0)))
    best = fresh[chosen]
    # Cited: the articles of the date that state the entry (half its content words, or a close
    # paraphrase among the sentences compared), not those that merely mention its day.
    stating = story.stating(best, supporting)
    paraphrases = np.flatnonzero(vectors @ vectors[chosen] >= PARAPHRASE_COSINE)
    stating |= {story.sentences[fresh[k]].article_id for k in paraphrases if story.news[fresh[k]]}
    return best, stating



def _distance_in_time(value: str, reference: date | None) -> tuple[int, int]:
    """Articles written on or just after a date describe it best; earlier ones only announce it."""
    if reference is None:
        return (2, 0)
    gap = (reference - _last_day(value)).days
    return (0, gap) if gap >= 0 else (1, -gap)


def _last_day(value: str) -> date:
    """The last day a day, month or year value can mean."""
    span = period(value)
    assert span is not None  # values are checked against _CALENDAR when collected
    return span[1]


def _is_background(value: str, story_start: date | None) -> bool:
    if story_start is None:
        return False
    return (story_start - _last_day(value)).days > BACKGROUND_DAYS
