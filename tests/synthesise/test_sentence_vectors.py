"""Sentence vectors are embedded once per article and kept, so a growing story embeds only what is new."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import storyfuse.analyse.embed as embed
from helpers import analysed_article
from storyfuse.model import SENTENCE_VECTOR_WIDTH
from storyfuse.pipeline import ingest
from storyfuse.store import Store
from storyfuse.synthesise.story_sentences import StorySentences


def test_known_vectors_are_not_embedded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    old = analysed_article("old", ["The ferry sailed at dawn.", "Nobody was hurt."])
    new = analysed_article("new", ["Divers found the anchor.", "The harbour reopened on Monday."])
    first = StorySentences.of([old[0]], [old[1]])
    kept = first.vectors_by_article()  # nothing embedded yet: nothing to keep
    assert kept == {}
    kept = {"old": first.vectors[:2]}
    embedded: list[str] = []
    real = embed.embed_texts

    def counting(texts: list[str], batch_size: int = 64) -> np.ndarray:
        embedded.extend(texts)
        return real(texts, batch_size)

    monkeypatch.setattr(embed, "embed_texts", counting)
    story = StorySentences.of([old[0], new[0]], [old[1], new[1]], known=kept)
    vectors = story.vectors
    assert embedded == ["Divers found the anchor.", "The harbour reopened on Monday."]
    assert vectors.shape == (4, SENTENCE_VECTOR_WIDTH)
    assert np.allclose(vectors[:2], kept["old"])
    assert set(story.vectors_by_article()) == {"old", "new"}


def test_ingest_keeps_the_sentence_vectors_it_computed(tmp_path: Path) -> None:
    from storyfuse.present.cli import examples_dir

    with Store(tmp_path / "s.db") as store:
        ingest(store, [str(examples_dir())])
        ids = store.recent_article_ids(store.count_articles())
        kept = store.sentence_vectors(ids)
        analyses = store.analyses(ids)
        in_shared_stories = {
            a for s in store.list_stories() if len(s.articles) > 1 for a in store.story_article_ids(s.id)
        }
    # Stories of several articles embed every sentence (centrality, copies); a one-article story
    # is summarised by its lead and embeds nothing.
    assert in_shared_stories and in_shared_stories <= set(kept)
    for article_id, vectors in kept.items():
        assert vectors.shape == (len(analyses[article_id].sentences), SENTENCE_VECTOR_WIDTH)
        again = embed.embed_texts([s.text for s in analyses[article_id].sentences])
        assert np.allclose(vectors.astype(np.float32), again, atol=2e-3)  # float16 keeps cosines


def test_a_sentence_repeated_word_for_word_is_embedded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    session, tokenizer = embed.embedding_model()
    rows: list[int] = []

    class CountingSession:
        def run(self, outputs: None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
            rows.append(len(feeds["input_ids"]))
            return session.run(outputs, feeds)  # type: ignore[no-any-return]

    texts = ["The ferry sailed at dawn.", "Nobody was hurt.", "The ferry sailed at dawn.", ""]
    alone = embed.embed_texts(texts[:2])
    monkeypatch.setattr(embed, "embedding_model", lambda: (CountingSession(), tokenizer))
    vectors = embed.embed_texts(texts)
    assert sum(rows) == 3  # the two sentences and the empty text, each once
    assert np.array_equal(vectors[0], vectors[2]) and not vectors[3].any()
    assert np.allclose(vectors[:2], alone, atol=1e-6)


def test_a_story_reads_the_same_vectors_whether_they_were_kept_or_are_new(tmp_path: Path) -> None:
    # the store keeps vectors at a lower precision: new ones are rounded to it, or a story synthesised
    # again from kept vectors could break a near tie otherwise than the first time
    old = analysed_article("old", ["The ferry sailed at dawn.", "Nobody was hurt on the north quay."])
    fresh = StorySentences.of([old[0]], [old[1]]).vectors
    with Store(tmp_path / "vectors.db") as store:
        store.insert_articles([(old[0], "raw", old[1])])
        store.save_sentence_vectors({"old": fresh})
        kept = store.sentence_vectors(["old"])
    again = StorySentences.of([old[0]], [old[1]], known=kept).vectors
    assert np.array_equal(again, fresh)
