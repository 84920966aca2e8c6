"""`storyfuse eval quotes`: direct quotes and their speakers on PolNeAR (train or dev split).

Gold direct quotes: the attribution contents PolNeAR marks that lie mostly (half their word tokens or
more) inside quotation marks of the text; the marks are read by the gold's own rule here, kept apart
from the system's so that the gold does not move with it.

Detection: a gold direct quote is found when one system quote covers at least half of its tokens; a
system quote is right when at least half of its tokens lie in a gold attribution content (quoted or
not: PolNeAR marks what is attributed, scare quotes and titles are not). F1 of the two.

Attribution: over the found gold quotes whose gold source span holds a name (a capitalised word that is
not a determiner or a pronoun), the speaker of the quote that found it is right when it shares a name
token with the gold source ("Trump" for "the Trump campaign").

System: `synthesise.quotes.article_quotes` over each article as a one-article story (spaCy sentences
and mentions, the story's canonical entities), keeping the quotes a story shows (`shown_quote`).
Baseline, on the same items: every span between quotation marks is a quote, and its speaker is the
nearest name (spaCy mention of a person, organisation or place) before it in its paragraph.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storyfuse.evaluate.datasets.polnear import PolnearArticle, Span, load_polnear
from storyfuse.evaluate.metrics import PRF
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import Analysis, Article, Block, Mention

BASELINE_NAME = "all-quoted-spans+nearest-preceding-name"
_TOKEN = re.compile(r"\w+")
_GOLD_MARKS = {"“": "”", '"': '"', "«": "»"}
_NOT_NAMES = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "our",
    "this", "that", "these", "those", "one", "some", "many", "most", "several", "both", "all", "who",
    "which", "other", "others", "another", "each", "every", "mr", "mrs", "ms", "dr",
}  # fmt: skip
BASELINE_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


@dataclass
class SystemQuote:
    start: int
    end: int
    speaker: str | None


def run(data: Path, options: EvalOptions) -> EvalReport:
    split = options.split or "dev"
    articles = load_polnear(data, split)
    if options.limit is not None:
        articles = articles[: options.limit]
    started = time.perf_counter()
    prepared = [_article(a) for a in articles]
    analyses = _analyse([article for article, _ in prepared])
    system: list[list[SystemQuote]] = []
    baseline: list[list[SystemQuote]] = []
    for (article, _), analysis in zip(prepared, analyses, strict=True):
        system.append(system_quotes(article, analysis))
        if options.baseline:
            baseline.append(baseline_quotes(article, analysis))
    seconds = time.perf_counter() - started
    figures = score(articles, system)
    figures["docs_per_s"] = len(articles) / seconds if seconds > 0 else 0.0
    return EvalReport(
        task="quotes",
        n=len(articles),
        system=figures,
        baseline_name=BASELINE_NAME,
        baseline=score(articles, baseline) if options.baseline else {},
        notes=[
            f"PolNeAR {split}: {len(articles)} articles",
            "gold direct quote: an attribution content at least half inside quotation marks; found when a "
            "quote covers half its tokens; attribution: speaker shares a name token with a named gold source",
        ],
    )


def _article(item: PolnearArticle) -> tuple[Article, PolnearArticle]:
    # Paragraphs as blocks, joined as Article.text joins them, so offsets are the corpus's own.
    blocks = item.text.split("\n\n")
    article = Article(
        id=item.name,
        origin=item.name,
        format="text",
        content_hash=item.name,
        title=blocks[0].strip() if blocks else None,
        body=[Block(b) for b in blocks],
    )
    assert article.text == item.text
    return article, item


def _analyse(articles: Sequence[Article]) -> list[Analysis]:
    from storyfuse.analyse.sentences import sentences_and_mentions

    return [
        Analysis(article_id=a.id, sentences=sentences, mentions=mentions, embedding=[])
        for a, (sentences, mentions) in zip(articles, sentences_and_mentions(articles), strict=True)
    ]


def system_quotes(article: Article, analysis: Analysis) -> list[SystemQuote]:
    from storyfuse.synthesise.entities import resolve_story_entities
    from storyfuse.synthesise.quotes import article_quotes, shown_quote

    entities = resolve_story_entities([article], [analysis])
    return [
        SystemQuote(q.start, q.end, q.speaker)
        for q in article_quotes(article, analysis, entities)
        if shown_quote(q)
    ]


def baseline_quotes(article: Article, analysis: Analysis) -> list[SystemQuote]:
    """Every quoted span, said by the nearest name before it in its paragraph."""
    text = article.text
    spans = quoted_regions(text)
    names = [m for m in analysis.mentions if m.label in BASELINE_LABELS]
    quotes = []
    for start, end in spans:
        paragraph = text.rfind("\n\n", 0, start) + 2 if text.rfind("\n\n", 0, start) >= 0 else 0
        before = [m for m in names if paragraph <= m.start and m.end <= start and not _inside(m, spans)]
        quotes.append(SystemQuote(start, end, before[-1].text if before else None))
    return quotes


def _inside(mention: Mention, spans: Sequence[Span]) -> bool:
    return any(s <= mention.start < e for s, e in spans)


def quoted_regions(text: str) -> list[Span]:
    """Spans between quotation marks, paragraph by paragraph (an unclosed mark runs to its end)."""
    regions: list[Span] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        position = 0
        while True:
            opening = min((i for m in _GOLD_MARKS if (i := paragraph.find(m, position)) >= 0), default=-1)
            if opening < 0:
                break
            closing = paragraph.find(_GOLD_MARKS[paragraph[opening]], opening + 1)
            end = closing + 1 if closing >= 0 else len(paragraph)
            regions.append((offset + opening, offset + end))
            position = end
        offset += len(paragraph) + 2
    return regions


def _tokens(text: str, spans: Sequence[Span]) -> set[int]:
    """Start offsets of the word tokens inside `spans`."""
    return {m.start() for s, e in spans for m in _TOKEN.finditer(text, s, e)}


def _names(text: str, spans: Sequence[Span]) -> set[str]:
    """Name words of a source span: capitalised, not a determiner or pronoun, not a heading in capitals,
    and not merely the capital opening a sentence ("Partial transcript") unless a capital follows."""
    matches = [m for s, e in spans for m in _TOKEN.finditer(text, s, e)]
    names = set()
    for k, m in enumerate(matches):
        word = m.group()
        if not word[:1].isupper() or (word.isupper() and len(word) > 4) or word.lower() in _NOT_NAMES:
            continue
        before = text[: m.start()].rstrip(" “\"‘'(")
        opens = k == 0 and not before.endswith(tuple("abcdefghijklmnopqrstuvwxyz,;:"))
        following = matches[k + 1].group() if k + 1 < len(matches) else ""
        if opens and len(matches) > 1 and not following[:1].isupper():
            continue  # the capital of a sentence's first word
        names.add(word.lower())
    return names


def score(articles: Sequence[PolnearArticle], found: Sequence[Sequence[SystemQuote]]) -> dict[str, float]:
    gold_total = system_total = system_right = gold_found = 0
    attributed = attributed_right = 0
    for item, quotes in zip(articles, found, strict=True):
        text = item.text
        quoted = _tokens(text, quoted_regions(text))
        contents = set().union(*(_tokens(text, a.content) for a in item.attributions))
        quote_tokens = [_tokens(text, [(q.start, q.end)]) for q in quotes]
        for tokens in quote_tokens:
            if tokens:
                system_total += 1
                system_right += len(tokens & contents) * 2 >= len(tokens)
        for attribution in item.attributions:
            tokens = _tokens(text, attribution.content)
            if not tokens or len(tokens & quoted) * 2 < len(tokens):
                continue
            gold_total += 1
            covering = [
                q for q, qt in zip(quotes, quote_tokens, strict=True) if len(tokens & qt) * 2 >= len(tokens)
            ]
            if not covering:
                continue
            gold_found += 1
            names = _names(text, attribution.source)
            if not names:
                continue
            attributed += 1
            speaker = covering[0].speaker
            attributed_right += bool(speaker and {w.lower() for w in _TOKEN.findall(speaker)} & names)
    precision = system_right / system_total if system_total else 0.0
    recall = gold_found / gold_total if gold_total else 0.0
    result = PRF.of(precision, recall)
    return {
        "quote_precision": result.precision,
        "quote_recall": result.recall,
        "quote_f1": result.f1,
        "attribution_accuracy": attributed_right / attributed if attributed else 0.0,
        "gold_quotes": float(gold_total),
        "attributed_quotes": float(attributed),
    }
