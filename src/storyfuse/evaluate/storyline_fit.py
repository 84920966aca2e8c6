"""Fitting the storyline model, and measuring it honestly: leave-topics-out cross-validation.

The data are events (stories formed by the link stage) whose articles carry a gold subject (a
Timeline17 topic: the spill, the epidemic). `fit_storyline_model` fits the mix of lead, name and word
cosines, the largest gap and the grouping threshold on training topics. `cross_validate_storylines`
scores each held-out fold by article-level BCubed against the gold subjects, beside two baselines on the
same folds: no chaining (every event its own storyline) and single-link on word cosine alone over the
same candidate pairs, its threshold fitted on the training folds. `bench/fit_storylines.py` writes the
model fitted on all topics to `storyfuse/data/params/storylines.json`, one per linking profile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import mean
from typing import Any

import numpy as np

from storyfuse.components import connected_components
from storyfuse.evaluate.linking_fit import topic_folds
from storyfuse.evaluate.metrics import bcubed
from storyfuse.link.storylines import EventSummary, StorylineModel, chain, group_storylines, pair_features

# The grid is narrow on purpose: with five dev topics, every extra choice was fitted to the training
# folds and lost on the held-out one. Tried on the same folds (BENCHMARKS, storylines): gaps 14-120
# days with five mixes of lead, name and word cosines (default profile CV 0.60 and 0.48) against the
# lead cosine alone with a 14-day gap (0.80).
GAPS = (14,)  # largest gaps in days tried
MIXES = ((1.0, 0.0),)  # (lead, names) weights tried; the words take the rest
THRESHOLDS = (0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
BASELINE_THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.05, 0.96, 0.025))  # word cosines tried
BASELINE_GAP = 30


@dataclass(frozen=True)
class LabelledEvent:
    event: EventSummary
    gold: tuple[Hashable, ...]  # the gold subject of each of its articles

    @property
    def subject(self) -> Hashable:
        return Counter(self.gold).most_common(1)[0][0]


@dataclass
class StorylineFold:
    held_out: list[Hashable]
    events: int
    articles: int
    system_f1: float
    no_chaining_f1: float
    word_cosine_f1: float
    threshold: float
    max_gap_days: int


def storyline_f1(
    items: Sequence[LabelledEvent], labels: Sequence[int], scored: set[Hashable] | None = None
) -> float:
    """Article-level BCubed F1 of storyline labels (one per event) against the gold subjects,
    averaged over the articles of the `scored` subjects (all when None); the clusters they are
    measured against hold every article, so merging with another subject costs precision."""
    predicted = [label for item, label in zip(items, labels, strict=True) for _ in item.gold]
    gold = [g for item in items for g in item.gold]
    if scored is None:
        return bcubed(predicted, gold).f1
    overlap = Counter(zip(predicted, gold, strict=True))
    predicted_size, gold_size = Counter(predicted), Counter(gold)
    cells = [(n, p, g) for (p, g), n in overlap.items() if g in scored]
    total = sum(n for n, _, _ in cells)
    precision = sum(n * n / predicted_size[p] for n, p, _ in cells) / total
    recall = sum(n * n / gold_size[g] for n, _, g in cells) / total
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def fit_storyline_model(items: Sequence[LabelledEvent]) -> StorylineModel:
    """The mix of cosines, largest gap and threshold that group the training events into their
    subjects best (article-level BCubed F1)."""
    events = [i.event for i in items]
    if any(a.event.id >= b.event.id for a, b in pairwise(items)):
        raise ValueError("labelled events must come in order of id, as group_storylines takes them")
    best: tuple[float, StorylineModel] | None = None
    for gap in GAPS:
        left, right, features = pair_features(events, gap)
        for lead_weight, name_weight in MIXES:
            model = StorylineModel(lead_weight, name_weight, threshold=0.0, max_gap_days=gap)
            similarity = model.similarity(features)
            for threshold in THRESHOLDS:
                score = storyline_f1(items, chain(len(events), left, right, similarity, threshold))
                if best is None or score > best[0] + 1e-9:
                    best = (score, replace(model, threshold=threshold))
    if best is None:
        raise ValueError("no events to fit on")
    return best[1]


def word_cosine_storylines(events: Sequence[EventSummary], threshold: float) -> list[int]:
    """The lexical baseline: single-link chaining of events whose word cosine reaches `threshold`,
    within BASELINE_GAP days."""
    left, right, features = pair_features(events, BASELINE_GAP)
    return _single_link(len(events), left, right, features[:, 2] >= threshold)


def _single_link(count: int, left: np.ndarray, right: np.ndarray, joined: np.ndarray) -> list[int]:
    return connected_components(count, list(zip(left[joined].tolist(), right[joined].tolist(), strict=True)))


def fit_word_cosine(items: Sequence[LabelledEvent]) -> float:
    events = [i.event for i in items]
    left, right, features = pair_features(events, BASELINE_GAP)
    return max(
        BASELINE_THRESHOLDS,
        key=lambda t: storyline_f1(items, _single_link(len(events), left, right, features[:, 2] >= t)),
    )


def cross_validate_storylines(items: Sequence[LabelledEvent], k: int) -> list[StorylineFold]:
    """Fit on the training subjects, chain the whole set (the held-out subjects among the others, as a
    new subject arrives in a real store) and score the held-out subjects' articles."""
    folds = []
    events = [i.event for i in items]
    for held_out in topic_folds([i.subject for i in items], k):
        train = [i for i in items if i.subject not in held_out]
        scored = set(held_out)
        model = fit_storyline_model(train)
        folds.append(
            StorylineFold(
                held_out=list(held_out),
                events=sum(1 for i in items if i.subject in scored),
                articles=sum(len(i.gold) for i in items if i.subject in scored),
                system_f1=storyline_f1(items, group_storylines(events, model), scored),
                no_chaining_f1=storyline_f1(items, list(range(len(items))), scored),
                word_cosine_f1=storyline_f1(
                    items, word_cosine_storylines(events, fit_word_cosine(train)), scored
                ),
                threshold=model.threshold,
                max_gap_days=model.max_gap_days,
            )
        )
    return folds


def storyline_summary(folds: Sequence[StorylineFold]) -> dict[str, Any]:
    return {
        "cv_bcubed_f1_mean": round(mean(f.system_f1 for f in folds), 4),
        "cv_bcubed_f1_worst": round(min(f.system_f1 for f in folds), 4),
        "no_chaining_cv_f1_mean": round(mean(f.no_chaining_f1 for f in folds), 4),
        "word_cosine_cv_f1_mean": round(mean(f.word_cosine_f1 for f in folds), 4),
        "word_cosine_cv_f1_worst": round(min(f.word_cosine_f1 for f in folds), 4),
    }
