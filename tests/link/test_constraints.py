"""Corrections made by hand as constraints on groups of articles: each holds, later ones win, nothing
else moves, and the result does not depend on the groups' order."""

from __future__ import annotations

from storyfuse.link.constraints import apply_constraints
from storyfuse.model import Constraint

GROUPS = [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]


def test_together_joins_the_named_articles_in_the_group_holding_most_of_them() -> None:
    joined = apply_constraints(GROUPS, [Constraint("together", ("a1", "a2", "b1"))])
    assert joined == [["a1", "a2", "a3", "b1"], ["b2"], ["c1"]]


def test_apart_sends_the_articles_to_a_group_of_their_own() -> None:
    split = apply_constraints(GROUPS, [Constraint("apart", ("a2", "a3"), ("a1",))])
    assert split == [["a1"], ["a2", "a3"], ["b1", "b2"], ["c1"]]


def test_apart_sends_them_to_their_other_members_when_those_are_clear_of_the_others() -> None:
    groups = [["a1", "a2", "b1"], ["a3", "c1"]]
    assert apply_constraints(groups, [Constraint("apart", ("a2", "a3"), ("a1",))]) == [
        ["a1", "b1"],
        ["a2", "a3", "c1"],
    ]


def test_a_later_correction_wins_over_an_earlier_one() -> None:
    merged = Constraint("together", ("a1", "a2", "a3", "b1", "b2"))
    split = Constraint("apart", ("b1", "b2"), ("a1", "a2", "a3"))
    assert apply_constraints(GROUPS, [merged, split]) == [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]
    assert apply_constraints(GROUPS, [split, merged]) == [["a1", "a2", "a3", "b1", "b2"], ["c1"]]


def test_constraints_hold_over_groups_the_model_formed_differently_and_in_any_order() -> None:
    constraints = [Constraint("together", ("a1", "b1")), Constraint("apart", ("c1",), ("a1",))]
    model_said = [["a1", "c1"], ["b1", "b2", "a2"], ["a3"]]
    expected = apply_constraints(model_said, constraints)
    assert apply_constraints(list(reversed(model_said)), constraints) == expected
    home = next(g for g in expected if "a1" in g)
    assert "b1" in home and "c1" not in home


def test_articles_no_group_holds_are_ignored() -> None:
    assert apply_constraints(GROUPS, [Constraint("together", ("a1", "gone"))]) == sorted(GROUPS)
