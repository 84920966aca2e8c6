"""The link stage's cheap features: names read from capitalisation, static lead vectors."""

from __future__ import annotations

import numpy as np

from storyfuse.analyse.embed import STATIC_DIMENSIONS, embed_static
from storyfuse.link.features import name_keys


def test_names_are_read_inside_sentences_and_keyed_loosely() -> None:
    text = (
        "Ferries stopped on Monday after the collision.\n"
        "Officials said Harbour Master Lina Brask of Quellport closed the port, and Brask later said "
        "the Odessa Line would pay. Divers searched the Gulf of Marrow near Kessaria's Karavel Dam, "
        "where the harbour master and a dam engineer met on Bridge Street by the old street market."
    )
    keys = name_keys(text)
    # a line's first word opens a sentence: "Ferries", "Officials" are not names
    assert "ferries" not in keys and "officials" not in keys
    # a title the text also writes in lower case is not the name; a person is keyed by surname
    assert "brask" in keys and not any("master" in k for k in keys)
    assert "quellport" in keys and "kessaria" in keys
    # a generic last word keeps its name (Karavel Dam is not any dam); "of" joins a longer name
    assert {"karavel dam", "bridge street", "gulf of marrow"} <= keys
    assert "dam" not in keys and "street" not in keys


def test_static_lead_vectors_are_unit_length_deterministic_and_topical() -> None:
    texts = [
        "The ferry capsized in the harbour and divers rescued the passengers.",
        "Rescue divers pulled passengers from the capsized ferry in the port.",
        "The orchestra played a new symphony at the autumn music festival.",
        "",
    ]
    vectors = embed_static(texts)
    assert vectors.shape == (4, STATIC_DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # nothing to embed: a zero vector, which matches nothing
    assert np.array_equal(vectors, embed_static(texts))
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.1
