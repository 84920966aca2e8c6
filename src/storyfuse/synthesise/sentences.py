"""The sentences of a story with their vectors: computed once, shared by summary, timeline and families."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyfuse.model import Analysis, Article, Sentence

SUPPORT_COSINE = 0.80  # two sentences this close say the same thing (translations, rewrites)


@dataclass
class StorySentences:
    articles: list[Article]
    sentences: list[Sentence]  # every sentence of every article, article by article
    vectors: np.ndarray  # one unit vector per sentence
    article_index: dict[str, int]  # article id -> position in `articles`

    @classmethod
    def of(cls, articles: Sequence[Article], analyses: Sequence[Analysis]) -> StorySentences:
        from storyfuse.analyse.embed import embed_texts

        sentences = [s for an in analyses for s in an.sentences]
        return cls(
            articles=list(articles),
            sentences=sentences,
            vectors=embed_texts([s.text for s in sentences]),
            article_index={a.id: i for i, a in enumerate(articles)},
        )

    def supporters(self, index: int, threshold: float = SUPPORT_COSINE) -> list[str]:
        """Articles that carry sentence `index` or one saying the same, in story order."""
        if not self.sentences:
            return []
        cosines = self.vectors @ self.vectors[index]
        ids = {self.sentences[i].article_id for i in np.flatnonzero(cosines >= threshold)}
        ids.add(self.sentences[index].article_id)
        return sorted(ids, key=lambda a: self.article_index.get(a, 0))
