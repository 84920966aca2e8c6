"""What the link stage knows of an article: lead embedding, named entities, content words, years, date."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyfuse.model import Analysis, Article

# Entity types that tell one event from another of the same kind: who, where, which organisation.
EVENT_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"}
_POSSESSIVE = re.compile(r"['’]s$")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{2}")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Only dates the article states of itself (metadata, dateline, "Published on" line: confidence ≥ 0.7)
# may keep it out of a story or move the time window; a page-header date (≤ 0.6) may be a
# re-publisher's scrape date, page chrome rather than the article's own.
MIN_DATE_CONFIDENCE = 0.7
MAX_TERMS = 400  # the article's most frequent content words; enough to tell events apart


@dataclass
class ArticleFeatures:
    id: str
    embedding: np.ndarray  # unit vector
    entities: set[str] = field(default_factory=set)
    day: int | None = None  # date.toordinal() of publication, when known
    terms: dict[str, float] = field(default_factory=dict)  # content word -> 1 + log(tf)
    years: set[int] = field(default_factory=set)  # years the text names: when the event happened

    @classmethod
    def of(cls, article: Article, analysis: Analysis) -> ArticleFeatures:
        text = f"{article.title or ''}\n{article.text}"
        return cls(
            id=article.id,
            embedding=np.asarray(analysis.embedding, dtype=np.float32),
            entities={
                entity_key(m.text, m.label) for m in analysis.mentions if m.label in EVENT_ENTITY_LABELS
            }
            - {""},
            day=day_number(
                article.published.value
                if article.published and article.published.confidence >= MIN_DATE_CONFIDENCE
                else None
            ),
            terms=content_terms(text),
            years={int(y) for y in _YEAR.findall(text)},
        )


def content_terms(text: str) -> dict[str, float]:
    """Sublinear term frequencies of the text's content words (stop words and numbers left out)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = (_POSSESSIVE.sub("", m.lower()) for m in _WORD.findall(text))
    counts = Counter(w for w in words if len(w) > 1 and w not in STOP_WORDS)
    return {w: 1.0 + math.log(c) for w, c in counts.most_common(MAX_TERMS)}


def entity_key(text: str, label: str) -> str:
    """A loose key under which spelling variants of one name meet: people by surname."""
    name = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", text.strip())).lower()
    name = re.sub(r"[^\w\s-]", "", name).strip()
    if label == "PERSON" and " " in name:
        name = name.split()[-1]
    return name if len(name) > 1 else ""


def day_number(iso: str | None) -> int | None:
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None
