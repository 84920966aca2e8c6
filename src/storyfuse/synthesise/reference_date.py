"""When each article of a story was written, and what day the story is about.

Relative expressions ("on Wednesday", "yesterday", "11 days ago") mean something only against the
day an article was written. Extraction dates an article from its own text when it can; an article it
could not date (or dated only from a weak cue such as a page banner, which may be the day a
re-publishing site was scraped) is dated here from the story: the day whose reading of the article's
relative expressions agrees best with the days its dated siblings state, and with the article's own
absolute dates ("11 days ago" and "January 10" agree only when written on January 21). Without such
evidence, an undated article is taken to be from the story's day: articles of one story are written
together.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyfuse.model import USABLE_DATE, Article

if TYPE_CHECKING:
    from storyfuse.analyse.dates import DateMention
    from storyfuse.synthesise.story_sentences import StorySentences

CONFIDENT = USABLE_DATE  # guesses this sure stand as they are (input, meta tags, datelines, text cues)
DAYS_BEFORE, DAYS_AFTER = 3, 7  # how far from its dated siblings' day an undated article is looked for
DAYS_AFTER_MENTION = 31  # without dated siblings: how long after the latest full date it names
WEAK_GUESS_BONUS = 0.5  # a weak guess of extraction is some evidence for its day
BACKGROUND_DAYS = 30  # dates this long before a story's first article are its history


@dataclass
class StoryDates:
    """Reference date of every article (None when nothing dates it) and the story's own day."""

    articles: dict[str, date | None] = field(default_factory=dict)
    inferred: set[str] = field(default_factory=set)  # ids dated here rather than by extraction
    day: date | None = None  # the day most of the story's articles were written

    def of(self, article_id: str) -> date | None:
        return self.articles.get(article_id)


def published_day(article: Article) -> date | None:
    if article.published is None:
        return None
    try:
        return date.fromisoformat(article.published.value[:10])
    except ValueError:
        return None


def story_dates(articles: Sequence[Article]) -> StoryDates:
    """Reference dates of `articles`, inferring those extraction could not give from the whole story."""
    from storyfuse.analyse.dates import find_dates

    result = StoryDates()
    confident: dict[str, date] = {}
    weak: dict[str, date] = {}
    for article in articles:
        day = published_day(article)
        if day is None or article.published is None:
            continue
        (confident if article.published.confidence >= CONFIDENT else weak)[article.id] = day
    result.articles = {a.id: confident.get(a.id) for a in articles}
    anchors = Counter(confident.values()) or Counter(weak.values())
    # The story's day: the most common reference day; among equals the latest (reports follow events).
    result.day = max(anchors, key=lambda d: (anchors[d], d)) if anchors else None

    # What the dated articles say: their days, and every day their expressions name.
    stated: set[str] = {d.isoformat() for d in confident.values()}
    for article in articles:
        reference = confident.get(article.id)
        for mention in find_dates(article.text, reference):
            if mention.granularity == "day" and mention.value and (reference or not mention.relative):
                stated.add(mention.value)

    undated = [a for a in articles if a.id not in confident]
    if result.day is not None:
        anchor, window = result.day, range(-DAYS_BEFORE, DAYS_AFTER + 1)
    else:
        mentioned = _latest_absolute_day(undated)
        if mentioned is None:
            return result
        anchor, window = mentioned, range(0, DAYS_AFTER_MENTION + 1)
    for article in undated:
        candidates = [anchor + timedelta(days=k) for k in window]
        result.articles[article.id] = _infer(article, anchor, candidates, stated, weak.get(article.id))
        result.inferred.add(article.id)
    if result.day is None:
        days = Counter(d for d in result.articles.values() if d is not None)
        result.day = max(days, key=lambda d: (days[d], d)) if days else None
    return result


def _latest_absolute_day(articles: Sequence[Article]) -> date | None:
    """The latest full date (with its year) the articles write: the story is at least that recent."""
    from storyfuse.analyse.dates import find_dates

    days = [
        m.value
        for a in articles
        for m in find_dates(a.text, None)
        if m.granularity == "day" and m.value and not m.relative
    ]
    return date.fromisoformat(max(days)) if days else None


def _infer(
    article: Article, anchor: date, candidates: list[date], stated: set[str], weak_guess: date | None
) -> date:
    """The candidate day whose reading of the article agrees best with the story's stated days;
    among equals, the nearest to the anchor."""
    from storyfuse.analyse.dates import find_dates

    if weak_guess is not None and weak_guess not in candidates:
        candidates.append(weak_guess)
    readings = {
        r: {m.start: m.value for m in find_dates(article.text, r) if m.granularity == "day"}
        for r in candidates
    }
    spans = set().union(*(reading.keys() for reading in readings.values()))
    # Only expressions whose value moves with the reference tell candidates apart; the others
    # (absolute dates, "January 10" within the year) are evidence to agree with.
    moving = {s for s in spans if len({readings[r].get(s) for r in candidates}) > 1}
    own = {
        value for reading in readings.values() for s, value in reading.items() if s not in moving and value
    }
    evidence = stated | own

    def evidence_for(r: date) -> float:
        agreeing = sum(1 for s in moving if readings[r].get(s) in evidence)
        return agreeing + (WEAK_GUESS_BONUS if r == weak_guess else 0.0)

    return max(candidates, key=lambda r: (evidence_for(r), -abs((r - anchor).days), r))


def sentence_dates(story: StorySentences, dates: StoryDates) -> dict[int, list[DateMention]]:
    """The temporal expressions of each sentence (by index into `story.sentences`), read against its
    article's reference date. Articles are read whole, so an expression can lean on an earlier one."""
    from storyfuse.analyse.dates import find_dates

    by_article: dict[str, list[int]] = {}
    for i, sentence in enumerate(story.sentences):
        by_article.setdefault(sentence.article_id, []).append(i)
    found: dict[int, list[DateMention]] = {}
    for article in story.articles:
        indexes = by_article.get(article.id, [])
        if not indexes:
            continue
        starts = [story.sentences[i].start for i in indexes]
        for mention in find_dates(article.text, dates.of(article.id)):
            position = bisect_right(starts, mention.start) - 1
            if position < 0 or story.sentences[indexes[position]].end < mention.start:
                continue  # outside every sentence (a heading the analysis left out)
            found.setdefault(indexes[position], []).append(mention)
    return found


_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|W(\d{2})))?$")


def period(value: str) -> tuple[date, date] | None:
    """First and last day of a TimeML day, month, year or week value; None for other values."""
    match = _PERIOD.match(value)
    if not match:
        return None
    year, month, day, week = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if week is not None:
            start = date.fromisocalendar(year, week, 1)
            return start, start + timedelta(days=6)
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None
