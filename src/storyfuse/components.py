"""Connected components of a small undirected graph: copies linked pairwise into families, versions
of a quote linked pairwise into one statement."""

from __future__ import annotations

from collections.abc import Iterable


def connected_components(size: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """For each of `size` items, the smallest item of its component (union-find, path halving)."""
    parent = list(range(size))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [root(x) for x in range(size)]
