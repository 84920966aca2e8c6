"""The analyse stage: sentences, entity mentions and one embedding per article.

Linking an article to a story needs only its lead: the embedding of title and opening words, and
the names the opening words hold (news says who, where and what first). That is what ingest computes
(`analyse_for_linking`); the sentences and the entities of the whole text cost ten times more and are
needed only to synthesise a story, so they wait until then (`complete_analyses`).
"""

from __future__ import annotations

from collections.abc import Sequence

from storyfuse.analyse.embed import embed_texts
from storyfuse.analyse.sentences import lead_mentions, sentences_and_mentions
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


def analyse_for_linking(articles: Sequence[Article]) -> list[Analysis]:
    """The lead's embedding and entity mentions; no sentences yet (see `complete_analyses`)."""
    mentions = lead_mentions(articles, LEAD_WORDS)
    vectors = embed_texts([lead_text(a) for a in articles])
    return [
        Analysis(article_id=a.id, sentences=[], mentions=m, embedding=v.tolist())
        for a, m, v in zip(articles, mentions, vectors, strict=True)
    ]


def is_complete(article: Article, analysis: Analysis) -> bool:
    """Whether the analysis holds the article's sentences; any text has at least one."""
    return bool(analysis.sentences) or not article.text.strip()


def complete_analyses(articles: Sequence[Article], analyses: Sequence[Analysis]) -> list[Analysis]:
    """The analyses with sentences and the whole text's entity mentions; complete ones are kept as
    they are, and the lead's embedding is kept (it is what the article was linked with)."""
    pending = [i for i, (a, an) in enumerate(zip(articles, analyses, strict=True)) if not is_complete(a, an)]
    completed = list(analyses)
    parsed = sentences_and_mentions([articles[i] for i in pending])
    for i, (sentences, mentions) in zip(pending, parsed, strict=True):
        completed[i] = Analysis(articles[i].id, sentences, mentions, analyses[i].embedding)
    return completed
