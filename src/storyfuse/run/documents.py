"""The stages over documents held in memory, with no store: what the evaluators (and a library caller
with a handful of documents) use. Extraction and analysis as an ingest does them, then one stage's
product: events among the documents, a timeline, a summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyfuse.model import Analysis, Article, DateGuess, RawDocument, SummarySentence, TimelineEntry
from storyfuse.preparation import article_from

if TYPE_CHECKING:
    from storyfuse.analyse import LeadSpec


def prepare(
    docs: Sequence[RawDocument],
    *,
    sentences_only: bool = False,
    link_only: bool = False,
    lead: LeadSpec | None = None,
) -> tuple[list[Article], list[Analysis]]:
    """Extract and analyse documents in memory; a document with no article text keeps an empty body.

    With `sentences_only`, the analysis holds sentences split by punctuation rules and nothing else
    (no entity mentions, no embedding): what a timeline needs, at a small part of the cost on
    thousands of long articles. With `link_only`, the analysis holds the lead vector (made as `lead`
    says) and nothing else: what linking needs.
    """
    from storyfuse.analyse import analyse, link_analyses
    from storyfuse.ingest import content_hash
    from storyfuse.model import Block

    articles = []
    for i, doc in enumerate(docs):
        digest = content_hash(doc.content)
        article_id = doc.native_id or f"doc{i}"
        article = article_from(doc, article_id, digest) or Article(
            id=article_id,
            origin=doc.origin,
            format=doc.format,
            content_hash=digest,
            title=doc.title,
            body=[Block(doc.content.strip())] if doc.content.strip() else [],
        )
        if doc.published and article.published is None:
            article.published = DateGuess(doc.published[:10], "input", 0.9)
        articles.append(article)
    if sentences_only:
        return articles, [_sentences_only(a) for a in articles]
    analyses: list[Analysis] = []
    for start in range(0, len(articles), 64):
        batch = articles[start : start + 64]
        analyses += link_analyses(batch, lead) if link_only else analyse(batch, lead)
    return articles, analyses


def _sentences_only(article: Article) -> Analysis:
    """The sentences of an article by punctuation rules, with offsets into `Article.text`."""
    from storyfuse.analyse.sentences import PARAGRAPH_SEPARATOR
    from storyfuse.analyse.split import split_sentences
    from storyfuse.model import Sentence

    sentences: list[Sentence] = []
    offset = 0
    for block in article.body:
        cursor = 0
        for text in split_sentences(block.text):
            start = block.text.find(text, cursor)
            if start < 0:
                continue
            cursor = start + len(text)
            sentences.append(Sentence(article.id, len(sentences), text, offset + start, offset + cursor))
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return Analysis(article_id=article.id, sentences=sentences, mentions=[], embedding=[])


def cluster_documents(docs: Sequence[RawDocument], profile: str | None = None) -> list[int]:
    """An event label per document: the events the linking profile finds among them, in any order."""
    from storyfuse.link.event_model import lead_spec, linking_profile
    from storyfuse.link.events import group_events
    from storyfuse.link.features import ArticleFeatures

    chosen = linking_profile(profile)
    articles, analyses = prepare(docs, link_only=True, lead=lead_spec(chosen.name))
    return group_events([ArticleFeatures.of(a, an) for a, an in zip(articles, analyses, strict=True)], chosen)


def timeline_of(docs: Sequence[RawDocument], max_dates: int) -> list[TimelineEntry]:
    """A timeline of at most `max_dates` dates over the documents, as one story."""
    from storyfuse.synthesise.timeline import build_timeline

    articles, analyses = prepare(docs, sentences_only=True)
    return build_timeline(articles, analyses, max_dates=max_dates)


def summarise(docs: Sequence[RawDocument], max_words: int) -> list[SummarySentence]:
    """An extractive summary of the documents, as one story, of about `max_words` words.

    The word budget alone sets the length (no sentence cap), as it does for the baselines.
    """
    from storyfuse.synthesise.summary import summarise_story

    articles, analyses = prepare(docs)
    return summarise_story(articles, analyses, max_words=max_words, max_sentences=None)
