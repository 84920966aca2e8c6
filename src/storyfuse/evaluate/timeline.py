"""`storyfuse eval timeline`: timelines of Timeline17 topics against their gold timelines."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyfuse.evaluate.baselines import first_sentence_timeline
from storyfuse.evaluate.datasets.timeline17 import GoldTimeline, TimelineTopic, load_timeline17
from storyfuse.evaluate.metrics import date_prf, mean, rouge_f
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import RawDocument

BASELINE_NAME = "first-sentences"
_ROUGE_KINDS = ("rouge1", "rouge2")
_FIGURE_KEYS = ("date_precision", "date_recall", "date_f1", *_ROUGE_KINDS)

# A timeline maker: the topic and how many dates to give -> (date, text) entries.
TimelineMaker = Callable[[TimelineTopic, int], list[tuple[str, str]]]


@dataclass
class TimelineCase:
    """One gold timeline with the topic whose articles it is built from."""

    topic: TimelineTopic
    gold: GoldTimeline


def score_timeline(entries: Sequence[tuple[str, str]], gold: GoldTimeline) -> dict[str, float]:
    """Exact-day date P/R/F1 and concatenated ROUGE-1/2 F of one predicted timeline."""
    dates = date_prf((date for date, _ in entries), gold.dates)
    predicted_text = " ".join(text for _, text in sorted(entries, key=lambda entry: entry[0]))
    gold_text = " ".join(gold.entries[date] for date in gold.dates)
    rouge = rouge_f(predicted_text, [gold_text], _ROUGE_KINDS)
    return {"date_precision": dates.precision, "date_recall": dates.recall, "date_f1": dates.f1, **rouge}


def evaluate(cases: Sequence[TimelineCase], make_timeline: TimelineMaker) -> dict[str, float]:
    """Scores averaged over timelines, plus how many topics they came from and throughput in articles."""
    per_timeline: list[dict[str, float]] = []
    articles = 0
    seconds = 0.0
    for case in cases:
        start = time.perf_counter()
        entries = make_timeline(case.topic, len(case.gold.dates))
        seconds += time.perf_counter() - start
        articles += len(case.topic.articles)
        per_timeline.append(score_timeline(entries, case.gold))
    figures = {key: mean([scores[key] for scores in per_timeline]) for key in _FIGURE_KEYS}
    figures["topics"] = float(len({id(case.topic) for case in cases}))
    figures["docs_per_s"] = articles / seconds if seconds > 0 else 0.0
    return figures


def baseline_timeline(topic: TimelineTopic, n_dates: int) -> list[tuple[str, str]]:
    return first_sentence_timeline([(a.dct, a.tokens) for a in topic.articles], n_dates)


def raw_documents(topic: TimelineTopic) -> list[RawDocument]:
    return [
        RawDocument(
            origin=f"{topic.name}/{a.uid}", content=a.text, format="text", published=a.dct, native_id=a.uid
        )
        for a in topic.articles
    ]


def system_timeline(topic: TimelineTopic, n_dates: int) -> list[tuple[str, str]]:
    from storyfuse.run.documents import timeline_of  # heavy: loads models

    return [(entry.date, entry.text) for entry in timeline_of(raw_documents(topic), max_dates=n_dates)]


def run(data: Path, options: EvalOptions) -> EvalReport:
    topics, notes = load_timeline17(data)
    cases = [TimelineCase(topic, gold) for topic in topics for gold in topic.timelines]
    if options.limit is not None:
        cases = cases[: options.limit]
    return EvalReport(
        task="timeline",
        n=len(cases),
        system=evaluate(cases, system_timeline),
        baseline_name=BASELINE_NAME,
        baseline=evaluate(cases, baseline_timeline) if options.baseline else {},
        notes=[
            *notes,
            "as many dates as the gold timeline; exact-day date match; concatenated ROUGE F with stemming",
        ],
    )
