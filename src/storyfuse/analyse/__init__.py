"""The analyse stage: sentences, entity mentions and one embedding per article."""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.analyse.embed import embed_texts
from storyfuse.analyse.sentences import sentences_and_mentions
from storyfuse.model import Analysis, Article

LEAD_WORDS = 90  # title + this many words of lead fit the embedding model's 128 tokens


def lead_text(article: Article) -> str:
    """Title and the opening words: what a reader sees first, and what best tells events apart."""
    words = article.text.split()[:LEAD_WORDS]
    title = (article.title or "").strip()
    return f"{title}. {' '.join(words)}" if title else " ".join(words)


def analyse(articles: Sequence[Article]) -> list[Analysis]:
    """The whole analysis of a batch of articles; per-article results do not depend on the batch."""
    parsed = sentences_and_mentions(articles)
    vectors = embed_texts([lead_text(a) for a in articles])
    return [
        Analysis(article_id=a.id, sentences=s, mentions=m, embedding=v.tolist())
        for a, (s, m), v in zip(articles, parsed, vectors, strict=True)
    ]
