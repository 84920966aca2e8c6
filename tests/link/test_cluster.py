"""Streaming clustering: order and batch independence, merging, the time window, copies."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from storyfuse.link.cluster import COOLING, StoryState, StreamingClusterer, cluster_features, story_id_for
from storyfuse.link.features import ArticleFeatures, content_terms
from storyfuse.link.similarity import (
    SimilarityWeights,
    TermStats,
    tfidf_cosine,
    time_penalty,
)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def article(
    article_id: str, vector: np.ndarray, entities: set[str], day: int | None = None, text: str = ""
) -> ArticleFeatures:
    return ArticleFeatures(article_id, vector, entities, day, content_terms(text), set())


def partition(ids: list[str], labels: list[str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, label in zip(ids, labels, strict=True):
        groups.setdefault(label, set()).add(article_id)
    return {frozenset(g) for g in groups.values()}


# Two events of the same kind (two ferry accidents) and an unrelated one: close in topic, apart in who/where.
# The events' lead vectors are at cosine ~0.5, about the median for two events of one ECB+ topic under
# the static lead vectors (same event: ~0.64, other topics: ~0.04).
FERRY_A = [
    article(
        "a1", unit(1, 0.2, 0, 0), {"lindquay", "ferry", "brask"}, 700000, "ferry capsized lindquay harbour"
    ),
    article("a2", unit(1, 0.25, 0.05, 0), {"lindquay", "brask"}, 700001, "lindquay ferry rescue divers"),
    article("a3", unit(0.95, 0.2, 0, 0.05), {"lindquay", "ferry"}, 700001, "ferry lindquay toll rises"),
]
FERRY_B = [
    article("b1", unit(0.3, 0.95, 0, 0), {"quellport", "odessa line"}, 700003, "quellport ferry ran aground"),
    article("b2", unit(0.32, 0.94, 0.05, 0), {"quellport", "odessa line"}, 700004, "aground quellport tugs"),
]
FESTIVAL = [article("c1", unit(0, 0, 1, 0.1), {"marrowfield"}, 700002, "harvest festival marrowfield")]
ALL = FERRY_A + FERRY_B + FESTIVAL
EXPECTED = {frozenset({"a1", "a2", "a3"}), frozenset({"b1", "b2"}), frozenset({"c1"})}


def test_events_of_the_same_kind_stay_apart() -> None:
    labels = cluster_features(ALL, StreamingClusterer())
    assert partition([a.id for a in ALL], labels) == EXPECTED


def test_the_partition_does_not_depend_on_arrival_order() -> None:
    for order in itertools.permutations(ALL):
        labels = cluster_features(list(order), StreamingClusterer())
        assert partition([a.id for a in order], labels) == EXPECTED, [a.id for a in order]


def test_story_ids_are_deterministic_for_an_order() -> None:
    first = cluster_features(ALL, StreamingClusterer())
    second = cluster_features(ALL, StreamingClusterer())
    assert first == second


def test_stories_that_turn_out_to_be_one_are_merged() -> None:
    # Two reports that share too little to join at first, then a bridging report that joins one
    # of them and brings it close enough to the other that the two stories merge.
    meaning_only = SimilarityWeights(embedding=1.0, entities=0.0, lexical=0.0)
    clusterer = StreamingClusterer(join_threshold=0.6, merge_threshold=0.6, weights=meaning_only)
    left = clusterer.add(article("l", unit(1, 0, 0, 0), set()))
    right = clusterer.add(article("r", unit(0.5, 0.866, 0, 0), set()))
    assert left != right
    bridge = clusterer.add(article("m", unit(0.85, 0.53, 0, 0), set()))
    assert clusterer.resolve(left) == clusterer.resolve(right) == bridge
    changed, merged = clusterer.take_changes()
    assert len(merged) == 1 and list(merged.values()) == [bridge]
    assert [s.id for s in changed] == [bridge] and changed[0].size == 3


def test_a_verified_copy_joins_its_originals_story_whatever_the_scores() -> None:
    clusterer = StreamingClusterer()
    original = clusterer.add(article("o", unit(1, 0, 0, 0), {"brask"}))
    far = article("copy", unit(0, 1, 0, 0), set())
    assert clusterer.add(far, copy_of_story=original) == original


def test_articles_beyond_the_window_open_a_new_story() -> None:
    clusterer = StreamingClusterer(window_days=14)
    first = clusterer.add(article("x1", unit(1, 0, 0, 0), {"brask"}, day=700000))
    later = clusterer.add(article("x2", unit(1, 0, 0, 0), {"brask"}, day=700000 + 40))
    assert first != later


def test_one_wrongly_dated_article_does_not_evict_live_stories() -> None:
    clusterer = StreamingClusterer(window_days=14)
    for i in range(12):
        clusterer.add(article(f"n{i}", unit(1, 0.01 * i, 0, 0), {"brask"}, day=700000 + i % 3))
    clusterer.add(article("future", unit(0, 0, 1, 0), {"zed"}, day=700000 + 900))
    joined = clusterer.add(article("n-late", unit(1, 0, 0, 0), {"brask"}, day=700002))
    assert clusterer.stories[joined].size == 13


def test_a_late_archive_article_joins_the_story_of_its_own_time() -> None:
    clusterer = StreamingClusterer(window_days=14)
    old = clusterer.add(article("old1", unit(1, 0, 0, 0), {"brask"}, 700000, "brask dam breach"))
    for i in range(12):  # a year of other news pushes the old story out of the hot index
        clusterer.add(article(f"new{i}", unit(0, 1, 0.01 * i, 0), {"zed"}, 700400 + i, "zed election"))
    assert old not in clusterer.stories
    backfilled = clusterer.add(article("old2", unit(1, 0.02, 0, 0), {"brask"}, 700001, "brask dam breach"))
    assert backfilled == old and clusterer.stories[old].size == 2
    other = clusterer.add(article("old3", unit(0, 0, 1, 0), {"quell"}, 700002, "quell harvest fair"))
    assert other != old  # revived stories are candidates, not a destination


def test_an_undated_article_joins_a_story_that_just_left_the_window() -> None:
    clusterer = StreamingClusterer(window_days=14)
    for i in range(12):  # a feed of much later news
        clusterer.add(article(f"new{i}", unit(0, 1, 0.01 * i, 0), {"zed"}, 700400 + i, "zed election"))
    old = clusterer.add(article("old1", unit(1, 0, 0, 0), {"brask"}, 700000, "brask dam breach"))
    clusterer.add(article("new12", unit(0, 1, 0.2, 0), {"zed"}, 700412, "zed election"))
    assert old not in clusterer.stories  # its own date keeps it out of the hot index
    undated = clusterer.add(article("old2", unit(1, 0.02, 0, 0), {"brask"}, None, "brask dam breach"))
    assert undated == old
    clusterer.add(article("new13", unit(0, 1, 0.3, 0), {"zed"}, 700413, "zed election"))
    other = clusterer.add(article("quell", unit(0, 0, 1, 0), {"quell"}, None, "quell harvest fair"))
    assert other != old
    changed, _ = clusterer.take_changes()
    assert next(s for s in changed if s.id == old).size == 2  # saved although it left the window again


def test_only_the_latest_stories_to_leave_the_window_stay_reachable() -> None:
    clusterer = StreamingClusterer(window_days=14)
    for i in range(COOLING + 40):  # one story a month: all but the latest ~10% leave the window
        clusterer.add(article(f"w{i}", unit(1, 0.001 * i, 0, 0), {f"name{i}"}, 700000 + 30 * i, f"term{i}"))
    assert len(clusterer.cooling) == len(clusterer.cooling_index.rows) == COOLING
    assert story_id_for("w0") not in clusterer.cooling and story_id_for("w100") in clusterer.cooling


def test_story_state_survives_a_round_trip_through_json() -> None:
    state = StoryState("s1", unit(1, 2, 3, 4) * 3, 3, Counter({"brask": 2}), 700000, 700002)
    state.terms.update({"ferry": 2.5})
    state.years.update({2031: 2})
    again = StoryState.from_json("s1", state.to_json())
    assert np.allclose(again.vector_sum, state.vector_sum)
    assert (again.size, again.entities, again.terms, again.years) == (
        3,
        state.entities,
        state.terms,
        state.years,
    )
    assert (again.first_day, again.last_day) == (700000, 700002)


def test_rare_shared_words_count_more_than_common_ones() -> None:
    stats = TermStats()
    for text in ["ferry said officials", "ferry said police", "said officials weather", "brask capsized"]:
        stats.add(content_terms(text))
    query = content_terms("ferry capsized officials")
    assert tfidf_cosine(query, content_terms("brask capsized"), stats) > tfidf_cosine(
        query, content_terms("officials said"), stats
    )


def test_the_centroid_index_finds_what_a_full_scan_finds_as_stories_come_and_go() -> None:
    from storyfuse.link.cluster import CentroidIndex

    rng = np.random.default_rng(7)
    index = CentroidIndex()
    live: dict[str, StoryState] = {}
    for i in range(300):  # grows past its first capacity, frees rows and reuses them
        vector = rng.normal(size=16).astype(np.float32)
        state = StoryState(f"s{i}", vector / np.linalg.norm(vector), size=1)
        live[state.id] = state
        index.put(state)
        if i % 3 == 0:
            gone = f"s{i // 2}"
            if gone in live:
                index.remove(gone)
                del live[gone]
    assert len(index.rows) == len(live) and set(index.rows) == set(live)
    query = rng.normal(size=16).astype(np.float32)
    expected = sorted(live, key=lambda s: -float(live[s].centroid @ query))[:10]
    assert set(index.nearest(query, 10)) == set(expected)
    assert set(index.nearest(query, 10_000)) == set(live)


def test_the_day_before_costs_nothing_and_a_week_apart_costs_the_full_penalty() -> None:
    weights = SimilarityWeights()
    assert time_penalty(700000, 700000, weights) == 0.0
    assert time_penalty(700000, 700001, weights) == 0.0  # a preview the day before its event
    assert 0.0 < time_penalty(700000, 700003, weights) < weights.day_penalty
    assert time_penalty(700000, 700000 + weights.day_grace + 7, weights) == weights.day_penalty
    assert time_penalty(None, 700000, weights) == 0.0
