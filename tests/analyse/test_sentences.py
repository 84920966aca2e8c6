"""Sentences and entity mentions of cleaned articles, from the one spaCy pass of analysis."""

from __future__ import annotations

from storyfuse.analyse.models import spacy_pipeline


def test_only_the_sentence_splitter_and_ner_run() -> None:
    # The shared tok2vec fed only the parser and tagger, which are left out: running it was waste.
    assert spacy_pipeline().pipe_names == ["senter", "ner"]

