"""Datelines and bylines that open a paragraph are told apart from sentences that merely start with a name."""

from __future__ import annotations

import pytest

from storyfuse.extract.patterns import dateline_length


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        ("QUELLPORT | The port reopened on Monday.", "QUELLPORT | "),
        ("Quellport | The port reopened on Monday.", "Quellport | "),
        ("NEW QUELLPORT -- Crews worked through the night.", "NEW QUELLPORT -- "),
        ("QUELLPORT (Harbour Wire) - The port reopened.", "QUELLPORT (Harbour Wire) - "),
        ("Quellport, Jan 21 (HW) — The port reopened.", "Quellport, Jan 21 (HW) — "),
        ("GRAND QUELL, Nor. -- Oil reached the shore.", "GRAND QUELL, Nor. -- "),
        ("ARVENSTADT — Tarvia said on Friday it would reply.", "ARVENSTADT — "),
        # sentences, not datelines
        ("US - Tarvia talks began on Friday.", ""),
        ("Arvenstadt - Quellport flights resume today.", ""),
        ("The talks - which began on Friday - ended.", ""),
        ("Ada Quint said the port would reopen.", ""),
        ("QUELLPORT | ", ""),  # nothing after it: not a sentence's opening either
    ],
)
def test_dateline_length(paragraph: str, dateline: str) -> None:
    assert paragraph[: dateline_length(paragraph)] == dateline
