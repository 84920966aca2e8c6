"""Connected components of a small undirected graph: copies linked pairwise into families, versions
of a quote linked pairwise into one statement; and which old id a regrouped group keeps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence


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


def ids_by_overlap(groups: Mapping[int, Sequence[str]], old_id: Mapping[str, str | None]) -> dict[int, str]:
    """The old id each new group keeps: the one most of its members had, largest overlaps first, each old
    id once (a group whose members had only ids that larger overlaps took keeps none)."""
    overlaps = sorted(
        (-count, old, key)
        for key, members in groups.items()
        for old, count in Counter(old_id.get(m) for m in members).items()
        if old
    )
    named: dict[int, str] = {}
    taken: set[str] = set()
    for _, old, key in overlaps:
        if key not in named and old not in taken:
            named[key] = old
            taken.add(old)
    return named
