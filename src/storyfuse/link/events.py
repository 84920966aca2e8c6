"""Events from a set of articles: average-link clustering under the same-event model, in any input order.

The articles are put in a canonical order (by id) first, each is paired with its nearest leads within
the event span, the model scores those pairs, and groups merge best-first while the mean probability
over all their cross pairs (unscored pairs count 0) reaches the profile's threshold. Two groups whose
union would span more than `event_days` of publication never merge: a longer subject is a storyline of
events, not one event. The result depends on the set of articles only, never on the order they came in.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np

from storyfuse.components import connected_components
from storyfuse.link.event_model import LinkingProfile
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.pair_features import PairFeatureSpace

BLOCK_ROWS = 1024  # lead-similarity rows computed at once: bounds memory on large windows


def candidate_pairs(
    space: PairFeatureSpace, neighbours: int, event_days: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each article with its `neighbours` nearest leads among the articles within `event_days` of it
    (undated ones are near every day), as unique pairs (left < right)."""
    days = space.days

    def too_far(rows: np.ndarray) -> np.ndarray:
        dated = (days[rows][:, None] >= 0) & (days[None, :] >= 0)
        return dated & (np.abs(days[rows][:, None] - days[None, :]) > event_days)

    return nearest_pairs(space.leads, neighbours, too_far)


def nearest_pairs(
    vectors: np.ndarray, neighbours: int, too_far: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Each row of `vectors` with its `neighbours` nearest rows by dot product, leaving out those
    `too_far(rows)` marks (a block of rows against all), as unique pairs (left < right)."""
    count = len(vectors)
    if count < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keep = min(neighbours, count - 1)
    lefts, rights = [], []
    for start in range(0, count, BLOCK_ROWS):
        rows = np.arange(start, min(start + BLOCK_ROWS, count))
        similarity = vectors[rows] @ vectors.T
        similarity[np.arange(len(rows)), rows] = -np.inf
        similarity[too_far(rows)] = -np.inf
        # stable order on ties, so the pairs depend on the canonical order alone
        nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :keep]
        valid = np.isfinite(np.take_along_axis(similarity, nearest, axis=1))
        lefts.append(np.repeat(rows, keep)[valid.ravel()])
        rights.append(nearest.ravel()[valid.ravel()])
    left, right = np.concatenate(lefts), np.concatenate(rights)
    pairs = np.unique(np.stack([np.minimum(left, right), np.maximum(left, right)], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]


def average_link(
    count: int,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    threshold: float,
    days: np.ndarray,
    max_span: int,
    *,
    over_given_pairs: bool = False,
) -> list[int]:
    """Group label (the group's smallest member index) of each of `count` items, merging best-first while
    the mean weight over all cross pairs of two groups (absent pairs 0) is at least `threshold`. With
    `over_given_pairs`, the mean is over the cross pairs given only: two groups that meet at their
    ends (a storyline's weeks) join on those pairs, however long each group is."""
    links: list[dict[int, float]] = [{} for _ in range(count)]
    given: list[dict[int, int]] = [{} for _ in range(count)]  # pairs given between two groups
    for a, b, w in zip(left.tolist(), right.tolist(), weight.tolist(), strict=True):
        if w > 0:
            links[a][b] = links[b][a] = w
            given[a][b] = given[b][a] = 1

    def mean(a: int, c: int) -> float:
        pairs = given[a].get(c, 0) if over_given_pairs else size[a] * size[c]
        return links[a].get(c, 0.0) / max(pairs, 1)

    size = [1] * count
    alive = [True] * count
    merges: list[tuple[int, int]] = []
    first = [d if d >= 0 else None for d in days.tolist()]
    last = list(first)
    heap = [(-w, a, b) for a, b, w in zip(left.tolist(), right.tolist(), weight.tolist(), strict=True)]
    heap = [entry for entry in heap if -entry[0] >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        if abs(mean(a, b) + negative) > 1e-12:
            continue  # stale: one side has grown since this entry was pushed
        spans = [d for d in (first[a], last[a], first[b], last[b]) if d is not None]
        if spans and max(spans) - min(spans) > max_span:
            continue  # groups only grow, so this pair stays too long: drop it for good
        for c, w in links[b].items():
            if c != a:
                links[a][c] = links[a].get(c, 0.0) + w
                links[c][a] = links[a][c]
                given[a][c] = given[c][a] = given[a].get(c, 0) + given[b][c]
                del links[c][b], given[c][b]
        links[a].pop(b, None)
        given[a].pop(b, None)
        links[b], given[b] = {}, {}
        alive[b] = False
        merges.append((a, b))
        size[a] += size[b]
        if spans:
            first[a], last[a] = min(spans), max(spans)
        for c in links[a]:
            if (found := mean(a, c)) >= threshold:
                heapq.heappush(heap, (-found, min(a, c), max(a, c)))
    return connected_components(count, merges)


def group_events(articles: Sequence[ArticleFeatures], profile: LinkingProfile) -> list[int]:
    """An event label per article (in the given order); equal labels are one event. Articles' embeddings
    are their profile's centred lead vectors; each language's offset is taken out of them here."""
    articles = profile.language_neutral(articles)
    order = sorted(range(len(articles)), key=lambda i: articles[i].id)
    space = PairFeatureSpace([articles[i] for i in order])
    left, right = candidate_pairs(space, profile.neighbours, profile.event_days)
    probability = profile.model.probability(space.pair_features(left, right))
    labels = average_link(
        len(order), left, right, probability, profile.join_probability, space.days, profile.event_days
    )
    out = [0] * len(articles)
    for position, index in enumerate(order):
        out[index] = order[labels[position]]  # named by an article index of the caller's list
    return out
