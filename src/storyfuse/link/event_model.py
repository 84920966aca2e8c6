"""The same-event model: the probability that two articles report one event, from their pair features.

A small boosted-tree model (fitted with scikit-learn's HistGradientBoostingClassifier by
`bench/fit_linking.py`, leave-topics-out) kept as plain data in `storyfuse/data/params/linking.json`
and evaluated here with numpy, so linking needs neither scikit-learn nor a pickle at run time.
Each linking profile (`default`, `fast`) names its lead encoder and has a model and thresholds of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from storyfuse import settings
from storyfuse.errors import StoryfuseError
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.languages import without_offsets
from storyfuse.link.pair_features import FEATURES

if TYPE_CHECKING:
    from storyfuse.analyse import LeadSpec

PARAMS_FILE = "linking.json"
PROFILES = ("default", "fast")


@dataclass(frozen=True)
class Tree:
    """One regression tree as parallel arrays over its nodes; a row goes left when value <= threshold."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    depth: int

    @classmethod
    def from_json(cls, data: dict[str, list[Any]]) -> Tree:
        leaf = np.asarray(data["leaf"], dtype=bool)
        left, right = np.asarray(data["left"], dtype=np.int64), np.asarray(data["right"], dtype=np.int64)
        return cls(
            feature=np.asarray(data["feature"], dtype=np.int64),
            threshold=np.asarray(data["threshold"], dtype=np.float64),
            left=left,
            right=right,
            leaf=leaf,
            value=np.asarray(data["value"], dtype=np.float64),
            depth=_depth(left, right, leaf),
        )

    def to_json(self) -> dict[str, list[Any]]:
        return {
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "leaf": self.leaf.astype(int).tolist(),
            "value": self.value.tolist(),
        }

    def predict(self, rows: np.ndarray) -> np.ndarray:
        node = np.zeros(len(rows), dtype=np.int64)
        index = np.arange(len(rows))
        for _ in range(self.depth):
            inner = ~self.leaf[node]
            if not inner.any():
                break
            goes_left = rows[index, self.feature[node]] <= self.threshold[node]
            node = np.where(inner, np.where(goes_left, self.left[node], self.right[node]), node)
        return self.value[node]


def _depth(left: np.ndarray, right: np.ndarray, leaf: np.ndarray) -> int:
    depth, frontier = 0, [0]
    while frontier:
        frontier = [c for n in frontier if not leaf[n] for c in (int(left[n]), int(right[n]))]
        depth += 1
    return depth


@dataclass(frozen=True)
class SameEventModel:
    features: tuple[str, ...]  # the columns of FEATURES it reads, in its own order
    baseline: float
    trees: tuple[Tree, ...]

    def probability(self, pair_rows: np.ndarray) -> np.ndarray:
        """P(same event) per row of FEATURES columns."""
        columns = [FEATURES.index(f) for f in self.features]
        rows = np.asarray(pair_rows, dtype=np.float64)[:, columns]
        raw = np.full(len(rows), self.baseline)
        for tree in self.trees:
            raw += tree.predict(rows)
        return 1.0 / (1.0 + np.exp(-raw))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "baseline": self.baseline,
            "trees": [t.to_json() for t in self.trees],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SameEventModel:
        unknown = set(data["features"]) - set(FEATURES)
        if unknown:
            raise StoryfuseError(f"linking parameters use unknown features {sorted(unknown)}")
        return cls(
            tuple(data["features"]), float(data["baseline"]), tuple(Tree.from_json(t) for t in data["trees"])
        )


@dataclass(frozen=True)
class LinkingProfile:
    """Everything linking decides with, for one profile: encoder, lead length, centre, model, thresholds."""

    name: str
    encoder: str
    lead_words: int
    centre: tuple[float, ...]
    model: SameEventModel
    join_probability: float  # two groups are one event while their mean pair probability reaches this
    neighbours: int = 32  # nearest leads per article whose pairs are scored
    event_days: int = 7  # articles further apart than this are never one event
    fitted: dict[str, Any] = field(default_factory=dict)  # how and on what it was fitted
    # language -> what its centred leads share against English ones (`link.languages`), taken out of
    # each lead of that language so that articles do not gather by language; a language without one
    # gets one estimated from the articles linked when they hold this many of it and of English
    language_offsets: dict[str, tuple[float, ...]] = field(default_factory=dict)
    language_min_articles: int = 20
    language_offset_weight: float = 1.0  # the share of each offset taken out (fitted)

    def language_neutral(self, articles: Sequence[ArticleFeatures]) -> list[ArticleFeatures]:
        """The articles with their language's offset taken out of each lead vector (`link.languages`)."""
        return without_offsets(
            articles, self.language_offsets, self.language_min_articles, self.language_offset_weight
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "lead_words": self.lead_words,
            "centre": [round(c, 6) for c in self.centre],
            "model": self.model.to_json(),
            "join_probability": self.join_probability,
            "neighbours": self.neighbours,
            "event_days": self.event_days,
            "fitted": self.fitted,
            "language_offsets": {
                k: [round(c, 6) for c in v] for k, v in sorted(self.language_offsets.items())
            },
            "language_min_articles": self.language_min_articles,
            "language_offset_weight": self.language_offset_weight,
        }

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> LinkingProfile:
        return cls(
            name=name,
            encoder=data["encoder"],
            lead_words=int(data["lead_words"]),
            centre=tuple(float(c) for c in data["centre"]),
            model=SameEventModel.from_json(data["model"]),
            join_probability=float(data["join_probability"]),
            neighbours=int(data.get("neighbours", 32)),
            event_days=int(data.get("event_days", 7)),
            fitted=dict(data.get("fitted", {})),
            language_offsets={
                k: tuple(float(c) for c in v) for k, v in data.get("language_offsets", {}).items()
            },
            language_min_articles=int(data.get("language_min_articles", 20)),
            language_offset_weight=float(data.get("language_offset_weight", 1.0)),
        )


def linking_profile(name: str | None = None) -> LinkingProfile:
    """The fitted profile of that name (None: the settings' `link.profile`), read once."""
    chosen = settings.active()
    return _profile(name or chosen.link.profile, chosen.params.dir)


@lru_cache(maxsize=4)
def _profile(name: str, params_dir: str) -> LinkingProfile:
    del params_dir  # part of the cache key: fitted_parameters reads from it
    profiles = settings.fitted_parameters(PARAMS_FILE)["profiles"]
    if name not in profiles:
        raise StoryfuseError(f"unknown linking profile {name!r}: use one of {', '.join(sorted(profiles))}")
    return LinkingProfile.from_json(name, profiles[name])


def lead_spec(profile: str | None) -> LeadSpec:
    """How the lead vectors of the linking profile are made."""
    from storyfuse.analyse import LeadSpec

    chosen = linking_profile(profile)
    return LeadSpec(chosen.encoder, chosen.lead_words, chosen.centre)
