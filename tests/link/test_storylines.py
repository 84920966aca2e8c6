"""Storylines from events: grouping by subject in any order, the gap, undated events, the fitted file."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from storyfuse.link.cluster import StoryState
from storyfuse.link.storylines import (
    EventSummary,
    StorylineModel,
    group_storylines,
    pair_features,
    storyline_model,
)

MODEL = StorylineModel(lead_weight=0.5, name_weight=0.25, threshold=0.2, max_gap_days=30)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _events(subjects: dict[str, int], days_apart: int = 3, seed: int = 0) -> list[EventSummary]:
    """Events of a few invented subjects, each subject a direction in lead space with its own names
    and words, its events every `days_apart` days, all subjects over the same weeks."""
    rng = np.random.default_rng(seed)
    out = []
    for number, (subject, count) in enumerate(subjects.items()):
        direction = rng.normal(size=32)
        for i in range(count):
            noise = rng.normal(size=32) * 0.4
            names = {f"{subject}-place": 1.0, f"{subject}-person-{i % 3}": 0.5, "capital": 0.5}
            terms = {f"{subject}-word": 1.0, f"{subject}-term-{i % 4}": 0.6, "said": 0.3}
            day = 1000 + i * days_apart + number
            out.append(
                EventSummary(f"{subject}-{i:02d}", day, day + 1, names, terms, _unit(direction + noise))
            )
    return out


def _partition(events: list[EventSummary], labels: list[int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for event, label in zip(events, labels, strict=True):
        groups.setdefault(label, set()).add(event.id)
    return {frozenset(g) for g in groups.values()}


def test_events_of_one_subject_form_one_storyline_and_subjects_stay_apart() -> None:
    events = _events({"spill": 8, "flu": 6, "quake": 5})
    found = _partition(events, group_storylines(events, MODEL))
    assert found == {frozenset(e.id for e in events if e.id.startswith(s)) for s in ("spill", "flu", "quake")}


def test_storylines_do_not_depend_on_the_order_of_events() -> None:
    events = _events({"spill": 8, "flu": 6, "quake": 5}, seed=3)
    expected = _partition(events, group_storylines(events, MODEL))
    for seed in range(3):
        shuffled = list(events)
        random.Random(seed).shuffle(shuffled)
        assert _partition(shuffled, group_storylines(shuffled, MODEL)) == expected


def test_events_further_apart_than_the_gap_are_never_paired() -> None:
    events = _events({"spill": 2}, days_apart=90)
    left, _, _ = pair_features(events, MODEL.max_gap_days)
    assert len(left) == 0
    assert len(set(group_storylines(events, MODEL))) == 2
    # the same two events a week apart do pair, and join
    near = _events({"spill": 2}, days_apart=7)
    assert len(set(group_storylines(near, MODEL))) == 1


def test_a_long_subject_chains_through_the_events_between_its_ends() -> None:
    """Weekly events over five months: the first and the last are 140 days apart, far beyond the gap,
    and still one storyline through the weeks between them."""
    events = _events({"war": 21}, days_apart=7)
    assert events[-1].first_day - events[0].last_day > MODEL.max_gap_days
    assert len(set(group_storylines(events, MODEL))) == 1


def test_summary_of_a_story_state_keeps_main_names_and_skips_undated_stories() -> None:
    state = StoryState("s1", np.ones(4, dtype=np.float32), size=4, first_day=10, last_day=12)
    state.entities = Counter({"kessaria": 4, "karavel dam": 2, "passing": 1})
    state.terms = Counter({"dam": 2.0, "flood": 1.0})
    event = EventSummary.of(state)
    assert event is not None
    assert set(event.names) == {"kessaria", "karavel dam"}  # written by at least 30% of the articles
    assert event.terms["dam"] == pytest.approx(0.5)
    assert np.linalg.norm(event.centroid) == pytest.approx(1.0)
    assert EventSummary.of(StoryState("s2", np.ones(4, dtype=np.float32), size=1)) is None


def test_each_profile_has_a_fitted_model_with_its_record() -> None:
    for profile in ("default", "fast"):
        model = storyline_model(profile)
        assert 0 < model.threshold < 1 and model.max_gap_days > 0
        assert model.fitted["protocol"].startswith(("5-fold", "4-fold", "3-fold"))
        assert "cv_bcubed_f1_mean" in model.fitted
