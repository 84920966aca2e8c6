"""`storyfuse eval summary`: multi-document summaries of MultiLing 2011 sets against human references."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from storyfuse.analyse.split import split_sentences
from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.baselines import centroid_summary, lead_summary
from storyfuse.evaluate.datasets.multiling import MultilingInstance, load_multiling
from storyfuse.evaluate.metrics import ROUGE_KINDS, mean, rouge_f
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import RawDocument

BASELINE_NAME = "lead"
CENTROID_PREFIX = "centroid_"

# A summariser: one document set and a length limit in words -> summary sentences.
Summariser = Callable[[MultilingInstance, int], list[str]]


def word_limit(instance: MultilingInstance) -> int:
    """The references' average length in words: every summary is cut to it."""
    return round(mean([len(text.split()) for text in instance.references.values()]))


def truncate_words(text: str, max_words: int) -> str:
    return " ".join(text.split()[:max_words])


def evaluate(instances: Sequence[MultilingInstance], summarise: Summariser) -> dict[str, float]:
    """ROUGE-1/2/L F averaged over each instance's references, then over instances; plus sets per second."""
    per_instance: list[dict[str, float]] = []
    seconds = 0.0
    for instance in instances:
        limit = word_limit(instance)
        start = time.perf_counter()
        sentences = summarise(instance, limit)
        seconds += time.perf_counter() - start
        summary = truncate_words(" ".join(sentences), limit)
        per_instance.append(rouge_f(summary, list(instance.references.values()), ROUGE_KINDS))
    figures = {kind: mean([scores[kind] for scores in per_instance]) for kind in ROUGE_KINDS}
    figures["sets_per_s"] = len(instances) / seconds if seconds > 0 else 0.0
    return figures


def _body_sentences(instance: MultilingInstance) -> list[list[str]]:
    return [[s for paragraph in d.body for s in split_sentences(paragraph)] for d in instance.documents]


def lead(instance: MultilingInstance, max_words: int) -> list[str]:
    return lead_summary(_body_sentences(instance), max_words)


def centroid(instance: MultilingInstance, max_words: int) -> list[str]:
    return centroid_summary(_body_sentences(instance), max_words)


def raw_documents(instance: MultilingInstance) -> list[RawDocument]:
    return [
        RawDocument(
            origin=d.filename, content=d.text, format="text", published=d.published, native_id=d.filename
        )
        for d in instance.documents
    ]


def system(instance: MultilingInstance, max_words: int) -> list[str]:
    from storyfuse.run.documents import summarise  # heavy: loads models

    return [sentence.text for sentence in summarise(raw_documents(instance), max_words=max_words)]


def run(data: Path, options: EvalOptions) -> EvalReport:
    instances = load_multiling(data)
    if options.limit is not None:
        instances = instances[: options.limit]
    if not instances:
        raise StoryfuseError(f"{data}: no document set with a human reference summary")
    baseline: dict[str, float] = {}
    if options.baseline:
        centroid_figures = evaluate(instances, centroid)
        baseline = {
            **evaluate(instances, lead),
            **{f"{CENTROID_PREFIX}{key}": value for key, value in centroid_figures.items()},
        }
    return EvalReport(
        task="summary",
        n=len(instances),
        system=evaluate(instances, system),
        baseline_name=BASELINE_NAME,
        baseline=baseline,
        notes=[
            "human reference summaries only (summarizer_type 'reference'); ROUGE F with stemming,"
            " averaged over references then sets; every summary cut to the references' mean length in words",
            f"baseline also holds the centroid summariser's figures, keys prefixed {CENTROID_PREFIX!r}",
        ],
    )
