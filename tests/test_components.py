"""Connected components: the grouping copy families and quote statements share."""

from __future__ import annotations

from storyfuse.components import connected_components


def test_items_linked_directly_or_through_others_share_their_smallest_member() -> None:
    assert connected_components(6, [(4, 1), (1, 3), (5, 2)]) == [0, 1, 2, 1, 1, 2]


def test_no_edges_leave_every_item_alone() -> None:
    assert connected_components(3, []) == [0, 1, 2]
