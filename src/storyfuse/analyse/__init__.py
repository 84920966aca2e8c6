"""The analyse stage: one lead embedding per article, then its sentences and entity mentions.

The two halves run at different times: linking needs only the lead vector (static, cheap), while
sentences and NER mentions (one spaCy pass, the costly part) wait until a story is synthesised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.analyse.encoders import encode_leads
from storyfuse.analyse.sentences import sentences_and_mentions
from storyfuse.model import Analysis, Article

LEAD_WORDS = 90  # title + the opening words: what tells one event from another (the static encoder's)


def lead_text(article: Article, words: int = LEAD_WORDS) -> str:
    """Title and the opening words: what a reader sees first, and what best tells events apart."""
    opening = " ".join(article.text.split()[:words])
    title = (article.title or "").strip()
    return f"{title}. {opening}" if title else opening


def analyse(articles: Sequence[Article], lead: LeadSpec | None = None) -> list[Analysis]:
    """The whole analysis of a batch of articles; per-article results do not depend on the batch."""
    analyses = link_analyses(articles, lead)
    complete_analyses(articles, analyses)
    return analyses


@dataclass(frozen=True)
class LeadSpec:
    """How a lead vector is made: the encoder's name, the words of the lead, the centre subtracted (the
    linking profile decides all three)."""

    encoder: str = "static"
    words: int = LEAD_WORDS
    centre: tuple[float, ...] | None = None


def link_analyses(articles: Sequence[Article], lead: LeadSpec | None = None) -> list[Analysis]:
    """What linking needs: the lead vector of each article; sentences and mentions are left empty."""
    lead = lead or LeadSpec()
    vectors = encode_leads(lead.encoder, [lead_text(a, lead.words) for a in articles], lead.centre)
    return [
        Analysis(article_id=a.id, sentences=[], mentions=[], embedding=v.tolist())
        for a, v in zip(articles, vectors, strict=True)
    ]


def complete_analyses(articles: Sequence[Article], analyses: Sequence[Analysis]) -> None:
    """Fill in the sentences and entity mentions of each article's analysis (same order)."""
    for analysis, (sentences, mentions) in zip(analyses, sentences_and_mentions(articles), strict=True):
        analysis.sentences, analysis.mentions = sentences, mentions
