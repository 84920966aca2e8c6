"""`storyfuse eval similarity`: document similarity against SemEval-2022 Task 8 English pair scores."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.baselines import tfidf_cosine
from storyfuse.evaluate.datasets.semeval import SimilarityPair, load_english_pairs
from storyfuse.evaluate.metrics import pearson
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import RawDocument

BASELINE_NAME = "tfidf-cosine"


def score(similarities: Sequence[float], pairs: Sequence[SimilarityPair], seconds: float) -> dict[str, float]:
    """Pearson against the negated Overall score (Overall runs from 1 = very similar to 4 = dissimilar)."""
    return {
        "pearson": pearson(list(similarities), [-p.overall for p in pairs]),
        "pairs_per_s": len(pairs) / seconds if seconds > 0 else 0.0,
    }


def raw_pairs(pairs: Sequence[SimilarityPair]) -> list[tuple[RawDocument, RawDocument]]:
    return [
        (
            RawDocument(origin=p.id1, content=p.text1, format="text", native_id=p.id1),
            RawDocument(origin=p.id2, content=p.text2, format="text", native_id=p.id2),
        )
        for p in pairs
    ]


def baseline_figures(pairs: Sequence[SimilarityPair]) -> dict[str, float]:
    start = time.perf_counter()
    similarities = tfidf_cosine([(p.text1, p.text2) for p in pairs])
    return score(similarities, pairs, time.perf_counter() - start)


def system_figures(pairs: Sequence[SimilarityPair], profile: str | None = None) -> dict[str, float]:
    from storyfuse.pipeline import document_similarities  # heavy: loads models

    raw = raw_pairs(pairs)
    start = time.perf_counter()
    similarities = document_similarities(raw, profile)
    return score(similarities, pairs, time.perf_counter() - start)


def run(data: Path, options: EvalOptions) -> EvalReport:
    pairs = load_english_pairs(data)
    if options.limit is not None:
        pairs = pairs[: options.limit]
    if len(pairs) < 2:
        raise StoryfuseError(f"{data}: fewer than two English–English pairs to correlate")
    return EvalReport(
        task="similarity",
        n=len(pairs),
        system=system_figures(pairs, options.profile),
        baseline_name=BASELINE_NAME,
        baseline=baseline_figures(pairs) if options.baseline else {},
        notes=["English–English pairs with plain numeric ids, one row per pair_id; target is -Overall"],
    )
