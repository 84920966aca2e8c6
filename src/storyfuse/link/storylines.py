"""Storylines: events chained into the long-running subject they belong to (a spill, a war, an epidemic).

An event spans days; a storyline groups events on one subject. Each event is paired with its nearest
events by lead centroid (the mean of its articles' lead vectors) within `max_gap_days` of it; a pair's
similarity mixes the centroids' cosine with the cosines of their IDF-weighted main names and words; and
events group average-link while the mean similarity over the candidate pairs between two groups
reaches the threshold. A storyline whose ends are months apart joins where its weeks meet, and two
subjects of the same weeks need most of the pairs between them to agree, so one shared name ("Obama")
does not chain them. The centroids are the linking profile's lead vectors, so each profile has its own mix,
threshold and gap, fitted leave-topics-out by `bench/fit_storylines.py` into
`storyfuse/data/params/storylines.json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from storyfuse import settings
from storyfuse.errors import StoryfuseError
from storyfuse.link.cluster import StoryState
from storyfuse.link.events import average_link, nearest_pairs
from storyfuse.link.pair_features import idf_unit_rows, item_rows

PARAMS_FILE = "storylines.json"
FEATURES = ("lead", "names", "terms")  # per candidate pair: the cosines of centroids, names, words
# A name or word counts for an event when this share of its articles writes it: one article's passing
# mention ("as in Haiti") does not make the event about it.
MAIN_SHARE = 0.3
NEIGHBOURS = 24  # most similar events kept per event, before the model decides: bounds the work
EVENT_TERMS = 60  # an event's heaviest words: what it is about, beyond its names


@dataclass(frozen=True)
class EventSummary:
    """What storyline chaining reads of one event (a story): its days, main names and words."""

    id: str
    first_day: int
    last_day: int
    names: Mapping[str, float]  # name key -> share of the event's articles writing it
    terms: Mapping[str, float]  # content word -> mean weight over the event's articles
    centroid: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))  # unit

    @classmethod
    def of(cls, state: StoryState) -> EventSummary | None:
        """The summary of a story from its clusterer state; None when no article of it is dated."""
        if state.first_day is None or state.last_day is None:
            return None
        size = max(state.size, 1)
        names = {str(k): c / size for k, c in state.entities.items() if c / size >= MAIN_SHARE}
        heaviest = sorted(state.mean_terms().items(), key=lambda item: (-item[1], item[0]))[:EVENT_TERMS]
        centroid = state.centroid.astype(np.float32)
        return cls(state.id, state.first_day, state.last_day, names, dict(heaviest), centroid)


@dataclass(frozen=True)
class StorylineModel:
    lead_weight: float  # a pair's similarity: this share of the centroids' cosine,
    name_weight: float  # this of the names' cosine, and the rest of the words' cosine
    threshold: float  # two groups of events join while their mean similarity is at least this
    max_gap_days: int  # events further apart in time are never paired directly
    fitted: dict[str, Any] = field(default_factory=dict)  # how and on what it was fitted

    def to_json(self) -> dict[str, Any]:
        return {
            "lead_weight": round(self.lead_weight, 4),
            "name_weight": round(self.name_weight, 4),
            "threshold": round(self.threshold, 5),
            "max_gap_days": self.max_gap_days,
            "fitted": self.fitted,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StorylineModel:
        return cls(
            lead_weight=float(data["lead_weight"]),
            name_weight=float(data["name_weight"]),
            threshold=float(data["threshold"]),
            max_gap_days=int(data["max_gap_days"]),
            fitted=dict(data.get("fitted", {})),
        )

    def similarity(self, features: np.ndarray) -> np.ndarray:
        terms_weight = 1.0 - self.lead_weight - self.name_weight
        weights = np.asarray([self.lead_weight, self.name_weight, terms_weight])
        return np.asarray(features @ weights)


def storyline_model(profile: str | None = None) -> StorylineModel:
    """The fitted model of a linking profile (None: the settings' `link.profile`), read once."""
    chosen = settings.active()
    return _model(profile or chosen.link.profile, chosen.params.dir)


@lru_cache(maxsize=4)
def _model(profile: str, params_dir: str) -> StorylineModel:
    del params_dir  # part of the cache key: fitted_parameters reads from it
    profiles = settings.fitted_parameters(PARAMS_FILE)["profiles"]
    if profile not in profiles:
        raise StoryfuseError(f"no storyline parameters for profile {profile!r}: run bench/fit_storylines.py")
    return StorylineModel.from_json(profiles[profile])


def pair_features(
    events: Sequence[EventSummary], max_gap_days: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left, right, features) of the candidate pairs: each event with its NEIGHBOURS nearest events by
    centroid among those within `max_gap_days` of it. Features follow FEATURES."""
    if len(events) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, len(FEATURES)))
    centroids = np.stack([e.centroid for e in events]).astype(np.float32)
    first = np.asarray([e.first_day for e in events])
    last = np.asarray([e.last_day for e in events])

    def too_far(rows: np.ndarray) -> np.ndarray:
        return _gaps(first[rows, None], last[rows, None], first[None, :], last[None, :]) > max_gap_days

    left, right = nearest_pairs(centroids, NEIGHBOURS, too_far)
    if not len(left):
        return left, right, np.zeros((0, len(FEATURES)))
    # IDF over the events given: a name every event writes ("US") tells subjects apart least
    names = idf_unit_rows(*item_rows([e.names for e in events]), len(events))
    terms = idf_unit_rows(*item_rows([e.terms for e in events]), len(events))
    lead_cosine = (centroids[left] * centroids[right]).sum(axis=1)
    name_cosine = np.asarray(names[left].multiply(names[right]).sum(axis=1)).ravel()
    term_cosine = np.asarray(terms[left].multiply(terms[right]).sum(axis=1)).ravel()
    return left, right, np.column_stack([lead_cosine, name_cosine, term_cosine])


def _gaps(first_a: np.ndarray, last_a: np.ndarray, first_b: np.ndarray, last_b: np.ndarray) -> np.ndarray:
    """Days between two spans of days; 0 when they meet."""
    return np.maximum(0, np.maximum(first_a, first_b) - np.minimum(last_a, last_b))


def group_storylines(events: Sequence[EventSummary], model: StorylineModel) -> list[int]:
    """A storyline label per event. Events are taken in order of id, so the labels do not depend on the
    order the events (or their articles) came in."""
    order = sorted(range(len(events)), key=lambda i: events[i].id)
    left, right, features = pair_features([events[i] for i in order], model.max_gap_days)
    labels = chain(len(order), left, right, model.similarity(features), model.threshold)
    out = [0] * len(events)
    for position, index in enumerate(order):
        out[index] = labels[position]
    return out


def chain(
    count: int, left: np.ndarray, right: np.ndarray, similarity: np.ndarray, threshold: float
) -> list[int]:
    """Average-link labels of `count` events over their candidate pairs' similarities (the mean over the
    pairs given, so a long storyline joins where its weeks meet); a storyline may span any days."""
    return average_link(
        count, left, right, similarity, threshold, np.full(count, -1), 0, over_given_pairs=True
    )
