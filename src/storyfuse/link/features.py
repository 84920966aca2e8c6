"""What the link stage knows of an article: its lead embedding, its named entities and its date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyfuse.model import Analysis, Article

# Entity types that tell one event from another of the same kind: who, where, which organisation.
EVENT_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"}
_POSSESSIVE = re.compile(r"['’]s$")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass
class ArticleFeatures:
    id: str
    embedding: np.ndarray  # unit vector
    entities: set[str] = field(default_factory=set)
    day: int | None = None  # date.toordinal() of publication, when known

    @classmethod
    def of(cls, article: Article, analysis: Analysis) -> ArticleFeatures:
        return cls(
            id=article.id,
            embedding=np.asarray(analysis.embedding, dtype=np.float32),
            entities={
                entity_key(m.text, m.label) for m in analysis.mentions if m.label in EVENT_ENTITY_LABELS
            }
            - {""},
            day=day_number(article.published.value if article.published else None),
        )


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
