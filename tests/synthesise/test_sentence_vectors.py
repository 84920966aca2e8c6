"""Sentence vectors are embedded once per article and kept, so a growing story embeds only what is new."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import storyfuse.analyse.embed as embed
from helpers import write_articles
from storyfuse.model import Analysis, Article, Block, Sentence
from storyfuse.pipeline import ingest
from storyfuse.store import Store
from storyfuse.synthesise.sentences import StorySentences


def _article(article_id: str, sentences: list[str]) -> tuple[Article, Analysis]:
    text = " ".join(sentences)
    article = Article(article_id, f"/tmp/{article_id}.txt", "text", article_id, "T", [Block(text)])
    rows, start = [], 0
    for i, sentence in enumerate(sentences):
        rows.append(Sentence(article_id, i, sentence, start, start + len(sentence)))
        start += len(sentence) + 1
    return article, Analysis(article_id, rows, [], [])


def test_known_vectors_are_not_embedded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    old = _article("old", ["The ferry sailed at dawn.", "Nobody was hurt."])
    new = _article("new", ["Divers found the anchor.", "The harbour reopened on Monday."])
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
    assert vectors.shape == (4, embed.DIMENSIONS)
    assert np.allclose(vectors[:2], kept["old"])
    assert set(story.vectors_by_article()) == {"old", "new"}


def test_ingest_keeps_every_articles_sentence_vectors(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 3)
    with Store(tmp_path / "s.db") as store:
        ingest(store, [str(p) for p in paths])
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles")]
        kept = store.sentence_vectors(ids)
        analyses = store.analyses(ids)
    assert set(kept) == set(ids)
    for article_id in ids:
        vectors = kept[article_id]
        assert vectors.shape == (len(analyses[article_id].sentences), embed.DIMENSIONS)
        again = embed.embed_texts([s.text for s in analyses[article_id].sentences])
        assert np.allclose(vectors.astype(np.float32), again, atol=2e-3)  # float16 keeps cosines
