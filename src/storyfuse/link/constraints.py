"""Corrections people made by hand, as constraints every later grouping of articles honours (#24).

A merge, a split or a move is recorded as constraints on articles: `together` (these articles are one
story: must-link) and `apart` (these articles are not in one story with those: cannot-link). Whatever
the same-event model decides, `apply_constraints` then changes its groups as little as it can so that
each constraint holds, in the order they were made: a later correction wins over an earlier one it
contradicts (a split after a merge splits the merged story again). Pure and order-independent of the
groups' input order, so the stories still do not depend on the order articles came in.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.model import Constraint


def apply_constraints(groups: Sequence[Sequence[str]], constraints: Sequence[Constraint]) -> list[list[str]]:
    """The groups (lists of article ids) with the constraints applied in order; articles a constraint
    names but no group holds are ignored. Groups come back sorted, each in id order."""
    group_of: dict[str, int] = {}
    members: dict[int, set[str]] = {}
    for number, group in enumerate(sorted(sorted(g) for g in groups if g)):
        members[number] = set(group)
        for article in group:
            group_of[article] = number
    fresh = len(members)
    for constraint in constraints:
        left = [a for a in constraint.left if a in group_of]
        if constraint.kind == "together":
            if len(left) < 2:
                continue
            target = _home(left, group_of, members, exclude=set())
            for article in left:
                _move(article, target, group_of, members)
            continue
        right = {a for a in constraint.right if a in group_of}
        mixed = {group_of[a] for a in left} & {group_of[a] for a in right}
        if not mixed:
            continue
        leaving = [a for a in left if group_of[a] in mixed]
        clean = {group_of[a] for a in left} - mixed  # groups holding some of `left` and none of `right`
        if clean:
            target = _home([a for a in left if group_of[a] in clean], group_of, members, exclude=set())
        else:
            target, fresh = fresh, fresh + 1
            members[target] = set()
        for article in leaving:
            _move(article, target, group_of, members)
    return sorted(sorted(m) for m in members.values() if m)


def _home(
    articles: list[str], group_of: dict[str, int], members: dict[int, set[str]], exclude: set[int]
) -> int:
    """The group holding most of `articles` (ties: the one whose first article sorts first)."""
    counts: dict[int, int] = {}
    for article in articles:
        counts[group_of[article]] = counts.get(group_of[article], 0) + 1
    return min((g for g in counts if g not in exclude), key=lambda g: (-counts[g], min(members[g])))


def _move(article: str, target: int, group_of: dict[str, int], members: dict[int, set[str]]) -> None:
    members[group_of[article]].discard(article)
    members[target].add(article)
    group_of[article] = target
