"""Fitting the linking profiles, and measuring the fit honestly: leave-topics-out cross-validation.

`fit_profile` is the whole procedure (centre, same-event model, join threshold) on labelled articles;
`cross_validate` runs it on the training folds of a split by topic and scores each held-out fold, beside
the TF-IDF baseline whose threshold is fitted on the same training folds. `bench/fit_linking.py` writes
the fitted profiles to `storyfuse/data/params/linking.json`; `storyfuse eval clustering --cv K` reports
the folds.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from statistics import mean
from typing import Any

import numpy as np

from storyfuse.evaluate.baselines import tfidf_agglomerative
from storyfuse.evaluate.metrics import bcubed
from storyfuse.link.event_model import LinkingProfile, SameEventModel, Tree
from storyfuse.link.events import group_events
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.pair_features import FEATURES, PairFeatureSpace

THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.05, 0.96, 0.025))  # join probabilities tried
BASELINE_DISTANCES = tuple(round(t, 3) for t in np.arange(0.5, 0.96, 0.025))  # TF-IDF cosine distances
TREES = 150
LEARNING_RATE = 0.05
LEAVES = 15


@dataclass
class Labelled:
    """One article for fitting: its link features (raw, uncentred lead vector), text, gold event, topic."""

    features: ArticleFeatures
    text: str
    event: Hashable
    topic: Hashable


def centred(items: Sequence[Labelled], centre: np.ndarray) -> list[ArticleFeatures]:
    out = []
    for item in items:
        vector = item.features.embedding - centre
        norm = float(np.linalg.norm(vector))
        out.append(replace(item.features, embedding=(vector / norm if norm else vector).astype(np.float32)))
    return out


def _model_from_sklearn(classifier: Any, features: Sequence[str]) -> SameEventModel:
    trees = []
    for (predictor,) in classifier._predictors:
        nodes = predictor.nodes
        trees.append(
            Tree.from_json(
                {
                    "feature": nodes["feature_idx"].tolist(),
                    "threshold": nodes["num_threshold"].tolist(),
                    "left": nodes["left"].tolist(),
                    "right": nodes["right"].tolist(),
                    "leaf": nodes["is_leaf"].astype(int).tolist(),
                    "value": nodes["value"].tolist(),
                }
            )
        )
    baseline = float(np.ravel(classifier._baseline_prediction)[0])
    return SameEventModel(tuple(features), baseline, tuple(trees))


def fit_model(
    articles: Sequence[ArticleFeatures], events: Sequence[Hashable], seed: int = 0
) -> SameEventModel:
    """Boosted trees over every pair of the articles: same gold event or not."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    space = PairFeatureSpace(articles)
    left, right = np.triu_indices(len(articles), 1)
    rows = space.pair_features(left, right)
    numbered: dict[Hashable, int] = {}  # each gold event as a number, so pairs compare in numpy
    gold = np.asarray([numbered.setdefault(e, len(numbered)) for e in events])
    same = gold[left] == gold[right]
    classifier = HistGradientBoostingClassifier(
        max_iter=TREES, learning_rate=LEARNING_RATE, max_leaf_nodes=LEAVES, random_state=seed
    ).fit(rows, same)
    return _model_from_sklearn(classifier, FEATURES)


def fit_profile(
    name: str,
    encoder: str,
    lead_words: int,
    items: Sequence[Labelled],
    neighbours: int = 32,
    event_days: int = 7,
) -> LinkingProfile:
    """Centre, model and join threshold fitted on `items`; the threshold is the one whose clustering of
    all `items` together has the best BCubed F1."""
    centre = np.mean([i.features.embedding for i in items], axis=0)
    articles = centred(items, centre)
    events = [i.event for i in items]
    model = fit_model(articles, events)
    profile = LinkingProfile(
        name, encoder, lead_words, tuple(float(c) for c in centre), model, 0.5, neighbours, event_days
    )
    scores = {
        t: bcubed(group_events(articles, replace(profile, join_probability=t)), events).f1 for t in THRESHOLDS
    }
    best = max(THRESHOLDS, key=lambda t: (scores[t], -abs(t - 0.5)))
    return replace(profile, join_probability=best)


def cluster_with(profile: LinkingProfile, items: Sequence[Labelled]) -> list[int]:
    return group_events(centred(items, np.asarray(profile.centre, dtype=np.float32)), profile)


def fit_baseline_distance(items: Sequence[Labelled]) -> float:
    texts, events = [i.text for i in items], [i.event for i in items]
    return max(BASELINE_DISTANCES, key=lambda d: bcubed(tfidf_agglomerative(texts, d), events).f1)


@dataclass
class Fold:
    topics: list[Hashable]
    documents: int
    system_f1: float
    baseline_f1: float
    join_probability: float
    baseline_distance: float


def topic_folds(topics: Sequence[Hashable], k: int) -> list[list[Hashable]]:
    """Topics dealt round-robin into k folds, in sorted order (reproducible, no randomness)."""
    ordered = sorted(set(topics), key=str)
    return [ordered[i::k] for i in range(min(k, len(ordered)))]


def cross_validate(
    items: Sequence[Labelled], k: int, encoder: str, lead_words: int, name: str = "cv"
) -> list[Fold]:
    folds = []
    for held_out in topic_folds([i.topic for i in items], k):
        train = [i for i in items if i.topic not in held_out]
        test = [i for i in items if i.topic in held_out]
        profile = fit_profile(name, encoder, lead_words, train)
        gold = [i.event for i in test]
        system = bcubed(cluster_with(profile, test), gold).f1
        distance = fit_baseline_distance(train)
        baseline = bcubed(tfidf_agglomerative([i.text for i in test], distance), gold).f1
        folds.append(Fold(list(held_out), len(test), system, baseline, profile.join_probability, distance))
    return folds


def summary(folds: Sequence[Fold]) -> dict[str, float]:
    return {
        "cv_bcubed_f1_mean": mean(f.system_f1 for f in folds),
        "cv_bcubed_f1_worst": min(f.system_f1 for f in folds),
        "baseline_cv_bcubed_f1_mean": mean(f.baseline_f1 for f in folds),
        "baseline_cv_bcubed_f1_worst": min(f.baseline_f1 for f in folds),
    }
