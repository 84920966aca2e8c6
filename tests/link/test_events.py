"""Events from a set of articles: average-link grouping under the same-event model, in any order."""

from __future__ import annotations

import random

import numpy as np

from storyfuse.link.event_model import LinkingProfile, SameEventModel, Tree
from storyfuse.link.events import average_link, group_events
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.pair_features import FEATURES, PairFeatureSpace


def _stump_on_lead_cosine(cut: float) -> SameEventModel:
    """P = sigmoid(+4) above `cut` of lead cosine, sigmoid(-4) below: a model whose decisions are known."""
    tree = Tree.from_json(
        {
            "feature": [0, 0, 0],
            "threshold": [cut, 0.0, 0.0],
            "left": [1, 0, 0],
            "right": [2, 0, 0],
            "leaf": [0, 1, 1],
            "value": [0.0, -4.0, 4.0],
        }
    )
    return SameEventModel(("lead_cosine",), 0.0, (tree,))


def _profile(cut: float = 0.5, join: float = 0.5) -> LinkingProfile:
    return LinkingProfile("test", "static", 90, (), _stump_on_lead_cosine(cut), join, 8, 7)


def _articles(seed: int = 3) -> tuple[list[ArticleFeatures], list[int]]:
    """Three events of five articles each: leads near one of three directions, days within each event."""
    generator = np.random.default_rng(seed)
    centres = np.eye(16, dtype=np.float32)[:3]
    articles, gold = [], []
    for event in range(3):
        for k in range(5):
            vector = centres[event] + 0.15 * generator.standard_normal(16).astype(np.float32)
            vector /= np.linalg.norm(vector)
            day = 738000 + 20 * event + k % 3
            articles.append(ArticleFeatures(f"e{event}a{k}", vector, {f"name{event}"}, day, {"word": 1.0}))
            gold.append(event)
    return articles, gold


def _same_partition(a: list[int], b: list[int]) -> bool:
    pairs = range(len(a))
    return all((a[i] == a[j]) == (b[i] == b[j]) for i in pairs for j in pairs)


def test_average_link_merges_groups_whose_mean_pair_weight_reaches_the_threshold() -> None:
    # 0-1-2 strongly tied; 3 tied to 2 only: the mean over its three cross pairs is 0.9 / 3 = 0.3
    left, right = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3])
    weight = np.array([0.9, 0.9, 0.9, 0.9])
    days = np.full(4, -1)
    assert average_link(4, left, right, weight, 0.5, days, 7) == [0, 0, 0, 3]
    assert average_link(4, left, right, weight, 0.25, days, 7) == [0, 0, 0, 0]


def test_groups_spanning_more_than_the_event_days_never_merge() -> None:
    left, right, weight = np.array([0]), np.array([1]), np.array([1.0])
    assert average_link(2, left, right, weight, 0.5, np.array([100, 110]), 7) == [0, 1]
    assert average_link(2, left, right, weight, 0.5, np.array([100, 105]), 7) == [0, 0]
    assert average_link(2, left, right, weight, 0.5, np.array([100, -1]), 7) == [0, 0]  # undated joins


def test_group_events_finds_the_events_and_the_same_ones_in_any_input_order() -> None:
    articles, gold = _articles()
    labels = group_events(articles, _profile())
    assert _same_partition(labels, gold)
    for seed in range(5):
        order = list(range(len(articles)))
        random.Random(seed).shuffle(order)
        shuffled = group_events([articles[i] for i in order], _profile())
        back = [0] * len(order)
        for position, index in enumerate(order):
            back[index] = shuffled[position]
        assert _same_partition(back, labels)


def test_a_higher_join_probability_splits_more() -> None:
    articles, _ = _articles()
    assert len(set(group_events(articles, _profile(join=0.99)))) == len(articles)


def test_pair_features_are_symmetric_and_name_what_two_articles_share() -> None:
    a = ArticleFeatures(
        "a",
        np.array([1.0, 0.0], dtype=np.float32),
        {"varga", "aubrelle"},
        10,
        {"dam": 1.0, "release": 1.0},
        {2031},
        {"12", "40"},
        {"tuesday"},
    )
    b = ArticleFeatures(
        "b",
        np.array([0.6, 0.8], dtype=np.float32),
        {"varga"},
        11,
        {"dam": 1.0, "flood": 1.0},
        {2030},
        {"40"},
        {"friday"},
    )
    space = PairFeatureSpace([a, b])
    forward = space.pair_features(np.array([0]), np.array([1]))[0]
    backward = space.pair_features(np.array([1]), np.array([0]))[0]
    assert np.allclose(forward, backward)
    row = dict(zip(FEATURES, forward.tolist(), strict=True))
    assert abs(row["lead_cosine"] - 0.6) < 1e-6
    assert row["names"] == 1.0  # b's one name is a's too
    assert row["numbers"] == 1.0
    assert row["calendar"] == -1.0  # both name weekdays, not the same one
    assert row["years"] == 1.0
    assert 0.0 < row["lexical"] < 1.0
