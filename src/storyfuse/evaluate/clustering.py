"""`storyfuse eval clustering`: story clustering of ECB+ documents against their gold events."""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from pathlib import Path

from storyfuse.evaluate.baselines import TFIDF_CLUSTER_DISTANCE, tfidf_agglomerative
from storyfuse.evaluate.datasets.ecbplus import EcbDocument, load_ecbplus, topic_folders
from storyfuse.evaluate.linking_fit import Labelled, cross_validate, summary
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


def system_figures(documents: Sequence[EcbDocument], profile: str = "default") -> dict[str, float]:
    from storyfuse.run.documents import cluster_documents  # heavy: loads models

    raw = raw_documents(documents)
    start = time.perf_counter()
    story_ids = cluster_documents(raw, profile)
    return score(story_ids, [d.gold_event for d in documents], time.perf_counter() - start)


def labelled_documents(documents: Sequence[EcbDocument], encoder: str, lead_words: int) -> list[Labelled]:
    """The documents as the product sees them (extracted, raw lead vectors), with their gold events."""
    from storyfuse.analyse import LeadSpec
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.run.documents import prepare

    articles, analyses = prepare(raw_documents(documents), link_only=True, lead=LeadSpec(encoder, lead_words))
    return [
        Labelled(ArticleFeatures.of(a, an), d.text, d.gold_event, d.topic)
        for a, an, d in zip(articles, analyses, documents, strict=True)
    ]


def run(data: Path, options: EvalOptions) -> EvalReport:
    """Cluster all documents of the chosen topics in one run; gold clusters are (topic, half).

    With `options.cv`, the linking profile is fitted anew on the training folds of a leave-topics-out
    split and scored on each held-out fold, as the baseline's threshold is: the honest figure.
    """
    documents = load_ecbplus(data, options.topics)
    absent = topic_folders(data, options.topics)[1]
    if options.limit is not None:
        documents = documents[: options.limit]
    topics = sorted({d.topic for d in documents})
    notes = [f"{len(topics)} topics ({_ranges(topics)}), profile {options.profile}"]
    if absent:
        notes.append(f"no folder for requested topic(s) {_ranges(absent)}")
    if options.cv:
        return _cross_validated(documents, options, notes)
    return EvalReport(
        task="clustering",
        n=len(documents),
        system=system_figures(documents, options.profile),
        baseline_name=BASELINE_NAME,
        baseline=baseline_figures(documents) if options.baseline else {},
        notes=[
            *notes,
            "all documents clustered together with the shipped parameters (fitted on ECB+ 1-35: "
            "in-sample there; use --cv for the held-out figure)",
            f"baseline distance threshold {TFIDF_CLUSTER_DISTANCE} (frozen, chosen on dev topics 1-35)",
        ],
    )


def _cross_validated(documents: Sequence[EcbDocument], options: EvalOptions, notes: list[str]) -> EvalReport:
    from storyfuse.link.event_model import linking_profile

    shipped = linking_profile(options.profile)
    items = labelled_documents(documents, shipped.encoder, shipped.lead_words)
    folds = cross_validate(items, int(options.cv or 0), shipped.encoder, shipped.lead_words)
    figures = summary(folds)
    system = {
        "bcubed_f1": figures["cv_bcubed_f1_mean"],
        "bcubed_f1_worst_fold": figures["cv_bcubed_f1_worst"],
    }
    baseline = {
        "bcubed_f1": figures["baseline_cv_bcubed_f1_mean"],
        "bcubed_f1_worst_fold": figures["baseline_cv_bcubed_f1_worst"],
    }
    for number, fold in enumerate(folds, 1):
        system[f"fold{number}_bcubed_f1"] = fold.system_f1
        baseline[f"fold{number}_bcubed_f1"] = fold.baseline_f1
        notes.append(
            f"fold {number}: topics {','.join(map(str, fold.topics))} held out ({fold.documents} "
            f"documents); join probability {fold.join_probability}, baseline distance "
            f"{fold.baseline_distance}, fitted on the other folds"
        )
    return EvalReport(
        task="clustering",
        n=len(documents),
        system=system,
        baseline_name=BASELINE_NAME,
        baseline=baseline,
        notes=[f"{len(folds)}-fold leave-topics-out cross-validation", *notes],
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
