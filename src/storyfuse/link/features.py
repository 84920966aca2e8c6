"""What the link stage knows of an article: lead embedding, names, content words, years, date.

Everything here is cheap (well under a millisecond an article) so linking keeps up with a stream; the
NER of the analyse stage runs later, for synthesis. Names are read from capitalisation: on ECB+ and
SemEval they tell events apart as well as spaCy's entities did (bench/tune_clustering.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyfuse.analyse.models import english_stop_words
from storyfuse.lexicon.calendar import MONTH_NAMES, WEEKDAY_NAMES
from storyfuse.model import STATED_DATE, Analysis, Article

# A name: capitalised words written inside a sentence (after a lower-case word or a comma), so the
# capital of a sentence's first word does not count; "of", "de" may join words of one name.
_NAME = re.compile(r"(?<=[a-z,;:]\s)([A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|de|van|von)){0,3})")
_POSSESSIVE_INSIDE = re.compile(r"['’]s\b\s*")
_JOINING_WORDS = {"of", "de", "van", "von"}
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{2}")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
# Months and weekdays the text names: two reports of one kind of event on different days name different
# ones ("on Tuesday", "on 12 March").
# "may" is left out: far more often the verb than the month.
_CALENDAR_WORDS = frozenset(MONTH_NAMES + WEEKDAY_NAMES) - {"may"}
# Only dates the article states of itself (model.STATED_DATE: metadata, dateline, "Published on" line)
# may keep it out of a story or move the time window; a page-header date (0.6) may be a
# re-publisher's scrape date, page chrome rather than the article's own.
MIN_DATE_CONFIDENCE = STATED_DATE
MAX_TERMS = 400  # the article's most frequent content words; enough to tell events apart


@dataclass
class ArticleFeatures:
    id: str
    embedding: np.ndarray  # unit vector
    entities: set[str] = field(default_factory=set)
    day: int | None = None  # date.toordinal() of publication, when known
    terms: dict[str, float] = field(default_factory=dict)  # content word -> 1 + log(tf)
    years: set[int] = field(default_factory=set)  # years the text names: when the event happened
    numbers: set[str] = field(default_factory=set)  # other numbers it writes: tolls, magnitudes, scores
    calendar: set[str] = field(default_factory=set)  # months and weekdays it names (lower case)
    language: str | None = None  # the article's identified language (ISO 639-1), when known

    @classmethod
    def of(cls, article: Article, analysis: Analysis) -> ArticleFeatures:
        text = f"{article.title or ''}\n{article.text}"
        years = {int(y) for y in _YEAR.findall(text)}
        return cls(
            id=article.id,
            embedding=np.asarray(analysis.embedding, dtype=np.float32),
            entities=name_keys(text),
            day=day_number(
                article.published.value
                if article.published and article.published.confidence >= MIN_DATE_CONFIDENCE
                else None
            ),
            terms=content_terms(text),
            years=years,
            numbers=set(_NUMBER.findall(text)) - {str(y) for y in years},
            calendar={w for w in _LOWER_WORD.findall(text.lower()) if w in _CALENDAR_WORDS},
            language=article.language,
        )


def content_terms(text: str) -> dict[str, float]:
    """Sublinear term frequencies of the text's content words (stop words and numbers left out)."""
    stop_words = english_stop_words()
    counts: Counter[str] = Counter()
    for word, count in Counter(_WORD.findall(text.lower())).items():  # each distinct word once
        if word.endswith(("'s", "’s")):  # a possessive: "minister's" is "minister"
            word = word[:-2]
        if len(word) > 1 and word not in stop_words:
            counts[word] += count
    return {w: 1.0 + math.log(c) for w, c in counts.most_common(MAX_TERMS)}


def name_keys(text: str) -> set[str]:
    """Loose keys of the names a text writes, line by line (a line's first word opens a sentence).

    A name's leading words that the text also writes in lower case are a title or a common word
    ("Foreign Minister Ilse Maranek" is Maranek's), and a possessive ends a name ("Kessaria's Karavel
    Dam" names Kessaria and the Karavel Dam).
    """
    lower = set(_LOWER_WORD.findall(text))
    keys = set()
    for line in text.split("\n"):
        for match in _NAME.finditer(line):
            for part in _POSSESSIVE_INSIDE.split(match.group(1)):
                words = part.split()
                while words and (words[0].lower() in lower or words[0].lower() in _JOINING_WORDS):
                    words.pop(0)
                while words and words[-1].lower() in _JOINING_WORDS:
                    words.pop()
                keys.add(_name_key(" ".join(words), lower))
    return keys - {""}


def _name_key(name: str, common_words: set[str]) -> str:
    """A loose key under which variants of one name meet: a two-word name by its last word (people by
    surname: Tony Thompson, Thompson) unless that word is a common one (Karavel Dam, Bridge Street),
    longer names whole (Gulf of Aden)."""
    key = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", name.strip())).lower()
    key = re.sub(r"[^\w\s-]", "", key).strip()
    words = key.split()
    if len(words) == 2 and words[1] not in common_words:
        key = words[1]
    return key if len(key) > 1 else ""


def day_number(iso: str | None) -> int | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None
