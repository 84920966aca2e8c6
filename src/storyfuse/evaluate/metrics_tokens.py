"""Bag-of-tokens precision and recall of an extracted body against a gold body.

Follows the article-extraction-benchmark's definition (scrapinghub/article-extraction-benchmark,
evaluate.py) with unigrams instead of 4-gram shingles: tokens are `\\w+` runs (lower-cased here);
true/false positives and false negatives are counted per page and normalised by their sum so that
long pages weigh no more than short ones; precision and recall are averaged over the pages where
they are defined and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyfuse.evaluate.metrics import PRF, mean

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


@dataclass(frozen=True)
class PageCounts:
    """True positives, false positives and false negatives of one page, normalised to sum to 1."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)


def page_counts(gold: str, predicted: str) -> PageCounts:
    true_bag, predicted_bag = Counter(tokens(gold)), Counter(tokens(predicted))
    tp = sum((true_bag & predicted_bag).values())
    fp = sum(predicted_bag.values()) - tp
    fn = sum(true_bag.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


def averaged_prf(pages: Sequence[PageCounts]) -> PRF:
    """Precision over pages that predicted something, recall over pages with a gold body, F1 of the means."""
    precisions = [p.precision for p in pages if p.tp + p.fp > 0]
    recalls = [p.recall for p in pages if p.tp + p.fn > 0]
    return PRF.of(mean(precisions) if precisions else 0.0, mean(recalls) if recalls else 0.0)
