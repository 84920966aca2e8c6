"""Language offsets: the direction a multilingual encoder gives every lead of one language.

A multilingual encoder puts two texts of one language closer than two of different languages about
the same news, and the profile's centre (the mean lead of its English fitting data) does not remove
that: in the default profile, 26 of 31 Chinese translations of unrelated English news formed one story
(docs/BENCHMARKS.md, "Languages"). A language's offset is the mean of its articles' centred lead
vectors less the mean of the English ones, over one set of news in both, so that what the articles
report cancels out and what is left is the language. Linking takes it out of each lead of that
language (`LinkingProfile.language_neutral`); English, the language the centre was fitted on, keeps
its leads.

The offsets are fitted on a corpus of news in many languages (`bench/fit_linking.py
--language-offsets`); a language the corpus lacks gets one estimated from the articles being linked,
when they hold enough of it and of English.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from storyfuse.link.features import ArticleFeatures

REFERENCE = "en"  # the language of the data the centre and the same-event model were fitted on
Offsets = Mapping[str, Sequence[float]]


def language_offsets(
    articles: Sequence[ArticleFeatures], min_articles: int, reference: str = REFERENCE
) -> dict[str, tuple[float, ...]]:
    """Each language's mean lead less the reference language's, for the languages with at least
    `min_articles` articles with a lead vector (fewer: their mean is what they report); none when the
    reference has fewer, and never one for the reference. Articles are taken by id, so the result does
    not depend on their order."""
    by_language: defaultdict[str, list[np.ndarray]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.id):
        if article.language and article.embedding.any():
            by_language[article.language].append(article.embedding)
    if len(by_language.get(reference, [])) < min_articles:
        return {}
    base = np.mean(by_language[reference], axis=0)
    return {
        language: tuple(float(c) for c in np.mean(vectors, axis=0) - base)
        for language, vectors in sorted(by_language.items())
        if language != reference and len(vectors) >= min_articles
    }


def without_offsets(
    articles: Sequence[ArticleFeatures], fitted: Offsets, min_articles: int, weight: float = 1.0
) -> list[ArticleFeatures]:
    """The articles with `weight` times their language's offset taken from each lead vector (unit
    length again): the fitted offset, else one estimated from these articles (`language_offsets`). An
    article of a language with neither, of the reference language, or with no lead vector is kept as
    it is."""
    if weight == 0:
        return list(articles)
    unfitted = {a.language for a in articles if a.language and a.language not in fitted} - {REFERENCE}
    offsets: dict[str, Sequence[float]] = dict(fitted)
    if unfitted:
        estimated = language_offsets(
            [a for a in articles if a.language == REFERENCE or a.language in unfitted], min_articles
        )
        offsets |= {k: v for k, v in estimated.items() if k not in fitted}
    out = list(articles)
    for i, article in enumerate(out):
        offset = offsets.get(article.language or "")
        if offset is None or len(offset) != len(article.embedding) or not article.embedding.any():
            continue
        vector = article.embedding - weight * np.asarray(offset, dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        out[i] = replace(article, embedding=(vector / norm if norm else vector).astype(np.float32))
    return out
