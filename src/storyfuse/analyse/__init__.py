"""The analyse stage: one lead embedding per article, then its sentences and entity mentions.

The two halves run at different times: linking needs only the lead vector (static, cheap), while
sentences and NER mentions (one spaCy pass, the costly part) wait until a story is synthesised.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.analyse.embed import embed_static
from storyfuse.analyse.sentences import sentences_and_mentions
from storyfuse.model import Analysis, Article

LEAD_WORDS = 90  # title + the opening words: what tells one event from another


def lead_text(article: Article) -> str:
    """Title and the opening words: what a reader sees first, and what best tells events apart."""
    words = article.text.split()[:LEAD_WORDS]
    title = (article.title or "").strip()
    return f"{title}. {' '.join(words)}" if title else " ".join(words)


def analyse(articles: Sequence[Article]) -> list[Analysis]:
    """The whole analysis of a batch of articles; per-article results do not depend on the batch."""
    analyses = link_analyses(articles)
    complete_analyses(articles, analyses)
    return analyses


def link_analyses(articles: Sequence[Article]) -> list[Analysis]:
    """What linking needs: the lead vector of each article; sentences and mentions are left empty."""
    vectors = embed_static([lead_text(a) for a in articles])
    return [
        Analysis(article_id=a.id, sentences=[], mentions=[], embedding=v.tolist())
        for a, v in zip(articles, vectors, strict=True)
    ]


def complete_analyses(articles: Sequence[Article], analyses: Sequence[Analysis]) -> None:
    """Fill in the sentences and entity mentions of each article's analysis (same order)."""
    for analysis, (sentences, mentions) in zip(analyses, sentences_and_mentions(articles), strict=True):
        analysis.sentences, analysis.mentions = sentences, mentions
