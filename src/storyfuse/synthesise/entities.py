"""Canonical entities of a story: the spelling variants of one name gathered under one entry.

People meet by surname (fuzzy, so a machine-translation typo still matches) when their first names
are compatible (same, a spelling variant, an initial, or absent). Two people who share a first name
but not a surname never meet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from storyfuse.link.features import entity_key
from storyfuse.model import Analysis, Article, Entity

NAME_SIMILARITY = 80  # rapidfuzz ratio above which two name parts are spelling variants
TYPE_GROUPS = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "president", "minister", "secretary", "prime", "sir"}


@dataclass
class _Cluster:
    type: str
    surface: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    @property
    def full_names(self) -> list[str]:
        return [s for s in self.surface if len(_parts(s)) > 1]


def canonical_entities(articles: Sequence[Article], analyses: Sequence[Analysis]) -> list[Entity]:
    clusters: list[_Cluster] = []
    mentions = sorted(
        (m for an in analyses for m in an.mentions),
        key=lambda m: -len(_parts(m.text)),  # full names first, so surnames find them
    )
    for mention in mentions:
        kind = TYPE_GROUPS.get(mention.label, mention.label)
        text = mention.text.strip()
        if not entity_key(text, mention.label):
            continue
        cluster = next((c for c in clusters if c.type == kind and _same(text, c, kind)), None)
        if cluster is None:
            cluster = _Cluster(kind)
            clusters.append(cluster)
        cluster.surface[text] += 1
        cluster.articles.add(mention.article_id)
    order = {a.id: i for i, a in enumerate(articles)}
    entities = []
    for c in clusters:
        name = _canonical_name(c)
        entities.append(
            Entity(
                name=name,
                type=c.type,
                aliases=sorted(s for s in c.surface if s != name),
                mentions=sum(c.surface.values()),
                articles=sorted(c.articles, key=lambda a: order.get(a, 0)),
            )
        )
    return sorted(entities, key=lambda e: (-len(e.articles), -e.mentions, e.name))


def _parts(name: str) -> list[str]:
    return [p for p in name.replace(".", " ").split() if p.lower().strip("’'") not in HONORIFICS]


def _same(text: str, cluster: _Cluster, kind: str) -> bool:
    if kind != "PERSON":
        return any(
            _normal(text) == _normal(s) or fuzz.ratio(_normal(text), _normal(s)) >= 92
            for s in cluster.surface
        )
    parts = _parts(text)
    if not parts:
        return False
    for other in cluster.surface:
        other_parts = _parts(other)
        if not other_parts or fuzz.ratio(parts[-1].lower(), other_parts[-1].lower()) < NAME_SIMILARITY:
            continue
        if len(parts) == 1 or len(other_parts) == 1 or _first_names_compatible(parts[0], other_parts[0]):
            return True
    return False


def _first_names_compatible(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= NAME_SIMILARITY


def _normal(text: str) -> str:
    return entity_key(text, "")


def _canonical_name(cluster: _Cluster) -> str:
    """The most frequent full form; a surname alone only when no full form was seen."""
    candidates = cluster.full_names or list(cluster.surface)
    counts: defaultdict[str, int] = defaultdict(int)
    for name in candidates:
        counts[name] += cluster.surface[name]
    return max(candidates, key=lambda n: (counts[n], len(n)))
