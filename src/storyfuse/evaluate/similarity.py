"""`storyfuse eval similarity`: document similarity against SemEval-2022 Task 8 pair scores.

English–English pairs by default; `--languages all` takes every annotated pair of the CSV (en, de, es,
tr, pl, ar, fr monolingual pairs and de–en cross-lingual ones) and reports Pearson overall and per
language pair. The system's figure is the cosine of the two articles' leads as the linking profile
makes them (the graded similarity linking and storylines start from). Beside it, with two or more
language pairs, `features_cv_pearson`: a linear combination of every pair feature linking computes
(lead cosine, content words, names, numbers, calendar, years, the same-event model's probability),
fitted on the other language pairs and scored on each held-out one; it measures what the
language-free evidence adds, and is no part of linking.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from storyfuse.errors import StoryfuseError
from storyfuse.evaluate.baselines import tfidf_cosine
from storyfuse.evaluate.datasets.semeval import SimilarityPair, load_pairs
from storyfuse.evaluate.metrics import pearson
from storyfuse.evaluate.report import EvalOptions, EvalReport
from storyfuse.model import RawDocument

if TYPE_CHECKING:
    from storyfuse.link.event_model import LinkingProfile
    from storyfuse.link.features import ArticleFeatures

BASELINE_NAME = "tfidf-cosine"
ENGLISH = "en"
ALL_LANGUAGES = "all"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def language_pairs(spec: str | None) -> set[str] | None:
    """The language pairs a `--languages` value names (None: every pair): "en" (the default) is
    English–English, "all" every pair, else a comma list of pairs ("de-en,es-es") or languages ("de"
    is "de-de")."""
    spec = (spec or ENGLISH).strip().lower()
    if spec == ALL_LANGUAGES:
        return None
    wanted = set()
    for part in (p.strip() for p in spec.split(",")):
        sides = part.split("-")
        if len(sides) == 1:
            sides = sides * 2
        if len(sides) != 2 or not all(_LANGUAGE.match(s) for s in sides):
            raise StoryfuseError(
                f"--languages {spec!r}: use all, or language pairs such as en-en,de-en (or languages: de)"
            )
        wanted.add("-".join(sides))
    return wanted


def score(similarities: Sequence[float], pairs: Sequence[SimilarityPair], seconds: float) -> dict[str, float]:
    """Pearson against the negated Overall score (Overall runs from 1 = very similar to 4 = dissimilar),
    overall and, when the pairs hold several language pairs, per language pair (`pearson_de-en`)."""
    figures = {**by_language_pair(similarities, pairs)}
    figures["pairs_per_s"] = len(pairs) / seconds if seconds > 0 else 0.0
    return figures


def by_language_pair(
    values: Sequence[float], pairs: Sequence[SimilarityPair], name: str = "pearson"
) -> dict[str, float]:
    targets = [-p.overall for p in pairs]
    out = {name: pearson(list(values), targets)}
    groups = _groups(pairs)
    if len(groups) > 1:
        for languages, indexes in sorted(groups.items()):
            if len(indexes) >= 2:
                out[f"{name}_{languages}"] = pearson(
                    [values[i] for i in indexes], [targets[i] for i in indexes]
                )
    return out


def _groups(pairs: Sequence[SimilarityPair]) -> dict[str, list[int]]:
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        groups[pair.languages].append(i)
    return dict(groups)


def raw_pairs(pairs: Sequence[SimilarityPair]) -> list[tuple[RawDocument, RawDocument]]:
    return [
        (
            RawDocument(origin=p.id1, content=p.text1, format="text", native_id=p.id1),
            RawDocument(origin=p.id2, content=p.text2, format="text", native_id=p.id2),
        )
        for p in pairs
    ]


def pair_articles(pairs: Sequence[SimilarityPair], profile: str | None = None) -> list[ArticleFeatures]:
    """Both articles of each pair, in order, as linking sees them in the profile (centred leads)."""
    from storyfuse.link.event_model import lead_spec
    from storyfuse.link.features import ArticleFeatures
    from storyfuse.run.documents import prepare  # heavy: loads models

    # ids must be unique within one call: one article may be in several pairs
    flat = [
        replace(doc, native_id=f"{doc.native_id or 'doc'}#{i}")
        for i, doc in enumerate(d for pair in raw_pairs(pairs) for d in pair)
    ]
    articles, analyses = prepare(flat, link_only=True, lead=lead_spec(profile))
    return [ArticleFeatures.of(a, an) for a, an in zip(articles, analyses, strict=True)]


def rows_of(articles: Sequence[ArticleFeatures], profile: LinkingProfile) -> np.ndarray:
    """Per pair (articles 2k and 2k + 1), the columns of `link.pair_features.FEATURES` as linking
    computes them (language offsets taken out of the leads), then the same-event model's probability."""
    from storyfuse.link.pair_features import PairFeatureSpace

    space = PairFeatureSpace(profile.language_neutral(articles))
    left = np.arange(0, len(articles) - 1, 2)
    rows = space.pair_features(left, left + 1)
    return np.column_stack([rows, profile.model.probability(rows)]).astype(np.float64)


def pair_rows(pairs: Sequence[SimilarityPair], profile: str | None = None) -> np.ndarray:
    """`rows_of` the pairs' articles in the named linking profile (None: the settings')."""
    from storyfuse.link.event_model import linking_profile

    chosen = linking_profile(profile)
    return rows_of(pair_articles(pairs, chosen.name), chosen)


def mean_language_pearson(values: Sequence[float], pairs: Sequence[SimilarityPair]) -> float:
    """The mean of the per-language-pair Pearson correlations: each language pair counts once."""
    figures = by_language_pair(values, pairs)
    per_pair = [v for k, v in figures.items() if k.startswith("pearson_")] or [figures["pearson"]]
    return sum(per_pair) / len(per_pair)


def held_out_by_group(rows: np.ndarray, targets: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Predictions of a least-squares fit (with intercept) of `targets` on `rows`, each group's made by
    the fit on the other groups only."""
    labels = np.asarray(groups)
    design = np.column_stack([np.ones(len(rows)), rows])
    predicted = np.zeros(len(rows))
    for group in sorted(set(groups)):
        test = labels == group
        weights, *_ = np.linalg.lstsq(design[~test], targets[~test], rcond=None)
        predicted[test] = design[test] @ weights
    return predicted


def baseline_figures(pairs: Sequence[SimilarityPair]) -> dict[str, float]:
    start = time.perf_counter()
    similarities = tfidf_cosine([(p.text1, p.text2) for p in pairs])
    return score(similarities, pairs, time.perf_counter() - start)


def system_figures(pairs: Sequence[SimilarityPair], profile: str | None = None) -> dict[str, float]:
    from storyfuse.link.pair_features import FEATURES

    start = time.perf_counter()
    rows = pair_rows(pairs, profile)
    figures = score(
        [float(r) for r in rows[:, FEATURES.index("lead_cosine")]], pairs, time.perf_counter() - start
    )
    if len(_groups(pairs)) > 1:
        targets = np.asarray([-p.overall for p in pairs])
        predicted = held_out_by_group(rows, targets, [p.languages for p in pairs])
        figures |= by_language_pair([float(v) for v in predicted], pairs, "features_cv_pearson")
    return figures


def run(data: Path, options: EvalOptions) -> EvalReport:
    wanted = language_pairs(options.languages)
    pairs = load_pairs(data, wanted)
    if options.limit is not None:
        pairs = pairs[: options.limit]
    named = "every language pair" if wanted is None else ", ".join(sorted(wanted))
    if len(pairs) < 2:
        raise StoryfuseError(f"{data}: fewer than two pairs of {named} to correlate")
    counts = ", ".join(f"{k} {len(v)}" for k, v in sorted(_groups(pairs).items()))
    notes = [
        f"{named}: pairs with plain numeric ids, one row per pair_id ({counts}); target is -Overall",
    ]
    if len(_groups(pairs)) > 1:
        notes.append(
            "features_cv_pearson: least squares over the pair features and the same-event probability, "
            "each language pair predicted by the fit on the others (not part of linking)"
        )
    return EvalReport(
        task="similarity",
        n=len(pairs),
        system=system_figures(pairs, options.profile),
        baseline_name=BASELINE_NAME,
        baseline=baseline_figures(pairs) if options.baseline else {},
        notes=notes,
    )
