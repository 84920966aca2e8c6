"""Standard evaluation metrics as pure functions: BCubed, pairwise F1, Pearson, date P/R/F, ROUGE."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rouge_score.rouge_scorer import RougeScorer

ROUGE_KINDS: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        return cls(precision, recall, harmonic_mean(precision, recall))


def harmonic_mean(precision: float, recall: float) -> float:
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _check_same_length(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> None:
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> PRF:
    """BCubed precision/recall (Bagga & Baldwin 1998) of one cluster label per item.

    Per item: precision = |own predicted cluster ∩ own gold cluster| / |own predicted cluster|,
    recall = the same overlap / |own gold cluster|; both averaged over items.
    """
    _check_same_length(predicted, gold)
    if not gold:
        return PRF(0.0, 0.0, 0.0)
    overlap = Counter(zip(predicted, gold, strict=True))
    predicted_size = Counter(predicted)
    gold_size = Counter(gold)
    # Every item of a (predicted, gold) cell has the same per-item scores, so sum cell by cell.
    precision = sum(n * n / predicted_size[p] for (p, _), n in overlap.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (_, g), n in overlap.items()) / len(gold)
    return PRF.of(precision, recall)


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> PRF:
    """Precision/recall over item pairs: a pair is positive when both items share a cluster.

    With no predicted (or gold) positive pair at all, precision (or recall) is 1.0 when the other
    side has none either and 0.0 otherwise, so all-singleton clusterings are not rewarded for free.
    """
    _check_same_length(predicted, gold)
    together_in_both = sum(_pairs(n) for n in Counter(zip(predicted, gold, strict=True)).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted).values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold).values())
    if predicted_pairs == 0 and gold_pairs == 0:
        return PRF(1.0, 1.0, 1.0)
    precision = together_in_both / predicted_pairs if predicted_pairs else 0.0
    recall = together_in_both / gold_pairs if gold_pairs else 0.0
    return PRF.of(precision, recall)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; 0.0 when either side is constant (no linear relation can be read)."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} values against {len(ys)}")
    if len(xs) < 2:
        raise ValueError("Pearson correlation needs at least two pairs")
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    spread = math.sqrt(math.fsum(d * d for d in dx) * math.fsum(d * d for d in dy))
    if spread == 0:
        return 0.0
    return math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / spread


def date_prf(predicted: Iterable[str], gold: Iterable[str]) -> PRF:
    """Exact-match precision/recall between two sets of date strings (duplicates count once)."""
    predicted_set = set(predicted)
    gold_set = set(gold)
    hits = len(predicted_set & gold_set)
    precision = hits / len(predicted_set) if predicted_set else 0.0
    recall = hits / len(gold_set) if gold_set else 0.0
    return PRF.of(precision, recall)


@lru_cache(maxsize=4)
def _scorer(kinds: tuple[str, ...]) -> RougeScorer:
    from rouge_score import rouge_scorer  # imported here: only the ROUGE tasks need it

    return rouge_scorer.RougeScorer(list(kinds), use_stemmer=True)


def rouge_f(
    candidate: str, references: Sequence[str], kinds: Sequence[str] = ROUGE_KINDS
) -> dict[str, float]:
    """ROUGE F-measures (rouge-score, Porter stemming) of `candidate`, averaged over `references`."""
    if not references:
        raise ValueError("ROUGE needs at least one reference")
    scorer = _scorer(tuple(kinds))
    totals = dict.fromkeys(kinds, 0.0)
    for reference in references:
        scores = scorer.score(reference, candidate)  # rouge-score takes (target, prediction)
        for kind in kinds:
            totals[kind] += scores[kind].fmeasure
    return {kind: total / len(references) for kind, total in totals.items()}


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; 0.0 for no values (a task with no items reports zeros, not an error)."""
    return math.fsum(values) / len(values) if values else 0.0
