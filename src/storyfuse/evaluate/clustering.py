"""`storyfuse eval clustering`: story clustering of ECB+ documents against their gold events."""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from pathlib import Path

from storyfuse.evaluate.baselines import TFIDF_CLUSTER_DISTANCE, tfidf_agglomerative
from storyfuse.evaluate.datasets.ecbplus import EcbDocument, load_ecbplus, topic_folders
from storyfuse.evaluate.metrics import bcubed, pairwise
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import RawDocument

BASELINE_NAME = "tfidf+agglomerative"


def score(predicted: Sequence[Hashable], gold: Sequence[Hashable], seconds: float) -> dict[str, float]:
    """BCubed and pairwise P/R/F1, cluster counts and throughput of one clustering of all documents."""
    b3 = bcubed(predicted, gold)
    pairs = pairwise(predicted, gold)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "pairwise_precision": pairs.precision,
        "pairwise_recall": pairs.recall,
        "pairwise_f1": pairs.f1,
        "clusters": float(len(set(predicted))),
        "gold_clusters": float(len(set(gold))),
        "docs_per_s": len(gold) / seconds if seconds > 0 else 0.0,
    }


def raw_documents(documents: Sequence[EcbDocument]) -> list[RawDocument]:
    # No URL: only ecbplus documents have one, so passing it would give the gold half away.
    return [RawDocument(origin=d.name, content=d.text, format="text", native_id=d.name) for d in documents]


def baseline_figures(documents: Sequence[EcbDocument]) -> dict[str, float]:
    start = time.perf_counter()
    labels = tfidf_agglomerative([d.text for d in documents])
    return score(labels, [d.gold_event for d in documents], time.perf_counter() - start)


def system_figures(documents: Sequence[EcbDocument]) -> dict[str, float]:
    from storyfuse.pipeline import cluster_documents  # heavy: loads models

    raw = raw_documents(documents)
    start = time.perf_counter()
    story_ids = cluster_documents(raw)
    return score(story_ids, [d.gold_event for d in documents], time.perf_counter() - start)


def run(data: Path, options: EvalOptions) -> EvalReport:
    """Cluster all documents of the chosen topics in one run; gold clusters are (topic, half)."""
    documents = load_ecbplus(data, options.topics)
    absent = topic_folders(data, options.topics)[1]
    if options.limit is not None:
        documents = documents[: options.limit]
    topics = sorted({d.topic for d in documents})
    return EvalReport(
        task="clustering",
        n=len(documents),
        system=system_figures(documents),
        baseline_name=BASELINE_NAME,
        baseline=baseline_figures(documents),
        notes=[
            f"{len(topics)} topics ({_ranges(topics)}), all documents clustered together",
            f"baseline distance threshold {TFIDF_CLUSTER_DISTANCE} (frozen, chosen on dev topics 1-35)",
            *([f"no folder for requested topic(s) {_ranges(absent)}"] if absent else []),
        ],
    )


def _ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> "1-3,5"."""
    parts: list[str] = []
    for n in numbers:
        if parts and n == int(parts[-1].split("-")[-1]) + 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{n}"
        else:
            parts.append(str(n))
    return ",".join(parts)
