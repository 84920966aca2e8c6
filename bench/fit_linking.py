"""Fit the linking profiles on ECB+ and write them to src/storyfuse/data/params/linking.json.

For each profile (its lead encoder and lead length): a K-fold leave-topics-out cross-validation of the
whole fitting procedure first (the figure BENCHMARKS reports, beside the TF-IDF baseline fitted on the
same training folds), then the procedure once on all the topics given, which is what ships.

    python bench/fit_linking.py --data ../shared/data/clustering/ecbplus --topics 1-35 --folds 5

With `--language-offsets`, the profiles' model and centre are kept and only their language offsets are
fitted (`storyfuse.link.languages`): on the SemEval-2022 Task 8 training texts (public dev
data; every language of the CSV, originals and their translations) except those bench/translations.py
piles, which stay held out for it; the first `--per-language` texts of each language in file order,
prepared by the real pipeline, their languages as identified. Then the share of each offset taken out
(the weight): the one whose lead cosines have the best mean per-language-pair Pearson on the CSV's
annotated pairs, each language pair counting once so that no language pays for the others; 2-fold
cross-validation by pair first (offsets fitted without the held-out pairs' texts, the weight chosen on
the other fold), then chosen on all pairs. A refit on ECB+ drops the offsets (they belong to its
centre): fit them again after it.

    python bench/fit_linking.py --language-offsets --profiles default
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from translations import pile

from storyfuse.evaluate.clustering import labelled_documents
from storyfuse.evaluate.datasets.ecbplus import load_ecbplus
from storyfuse.evaluate.datasets.semeval import load_pairs, load_texts
from storyfuse.evaluate.linking_fit import cross_validate, fit_profile, summary
from storyfuse.evaluate.similarity import by_language_pair, mean_language_pearson, pair_articles, rows_of
from storyfuse.link.event_model import LinkingProfile
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.languages import language_offsets
from storyfuse.model import RawDocument

# name -> (lead encoder, lead words)
PROFILES = {"default": ("e5", 120), "fast": ("static", 90)}
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)  # shares of the language offsets tried
OUT = Path(__file__).resolve().parents[1] / "src/storyfuse/data/params/linking.json"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/clustering/ecbplus"))
    parser.add_argument("--topics", default="1-35")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--language-offsets", action="store_true", help="fit only the profiles' language offsets"
    )
    parser.add_argument("--similarity-data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--per-language", type=int, default=120)
    args = parser.parse_args()
    existing = json.loads(args.out.read_text()) if args.out.exists() else {"profiles": {}}
    if args.language_offsets:
        for name in args.profiles.split(","):
            profile = LinkingProfile.from_json(name, existing["profiles"][name])
            existing["profiles"][name] = fit_offsets(
                profile, args.similarity_data, args.per_language
            ).to_json()
        args.out.write_text(json.dumps(existing, separators=(",", ":")) + "\n")
        print(f"wrote {args.out}")
        return
    documents = load_ecbplus(args.data, args.topics)
    for name in args.profiles.split(","):
        encoder, words = PROFILES[name]
        start = time.perf_counter()
        items = labelled_documents(documents, encoder, words)
        print(
            f"{name}: {len(items)} documents embedded with {encoder} in {time.perf_counter() - start:.0f} s"
        )
        folds = cross_validate(items, args.folds, encoder, words, name)
        for fold in folds:
            print(f"  held out {fold.topics}: system {fold.system_f1:.4f}  baseline {fold.baseline_f1:.4f}")
        figures = summary(folds)
        print("  " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
        profile = fit_profile(name, encoder, words, items)
        fitted = {
            "data": f"ECB+ topics {args.topics} ({len(items)} documents)",
            "command": f"python bench/fit_linking.py --topics {args.topics} --folds {args.folds}",
            "cv_folds": args.folds,
            **{k: round(v, 4) for k, v in figures.items()},
        }
        profile = replace(profile, fitted=fitted)
        existing["profiles"][name] = profile.to_json()
        print(f"  shipped: join probability {profile.join_probability}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(existing, separators=(",", ":")) + "\n")  # trees: compact
    print(f"wrote {args.out}")


def fit_offsets(profile: LinkingProfile, data: Path, per_language: int) -> LinkingProfile:
    """The profile with language offsets fitted on the SemEval texts outside the translations pile."""
    from storyfuse.link.event_model import lead_spec
    from storyfuse.run.documents import prepare

    held_out = {record["id"] for record in pile(data)}
    csv = data / "similarity" / "semeval2022-task8" / "training_set.csv"
    chosen: list[tuple[str, str]] = []
    taken: dict[str, int] = {}
    for key, (language, text) in load_texts(csv).items():  # file order
        if key not in held_out and taken.get(language, 0) < per_language:
            taken[language] = taken.get(language, 0) + 1
            chosen.append((key, text))
    start = time.perf_counter()
    docs = [RawDocument(origin=k, content=t, format="text", native_id=k) for k, t in chosen]
    articles, analyses = prepare(docs, link_only=True, lead=lead_spec(profile.name))
    features = [ArticleFeatures.of(a, an) for a, an in zip(articles, analyses, strict=True)]
    offsets = language_offsets(features, profile.language_min_articles)
    identified: dict[str, int] = {}
    for feature in features:
        identified[feature.language or "?"] = identified.get(feature.language or "?", 0) + 1
    print(
        f"{profile.name}: {len(docs)} texts embedded in {time.perf_counter() - start:.0f} s; identified "
        + ", ".join(f"{k} {v}" for k, v in sorted(identified.items()))
    )
    for language, offset in sorted(offsets.items()):
        print(f"  {language}: offset norm {sum(c * c for c in offset) ** 0.5:.3f}")
    fitted = {
        **profile.fitted,
        "language_offsets": {
            "data": f"SemEval-2022 Task 8 training texts outside bench/translations.py's pile, the first "
            f"{per_language} of each language in file order ({len(docs)} texts)",
            "command": f"python bench/fit_linking.py --language-offsets --profiles {profile.name} "
            f"--per-language {per_language}",
            "identified": identified,
            "min_articles": profile.language_min_articles,
        },
    }
    weight = fit_weight(profile, features, [k for k, _ in chosen], offsets, csv)
    fitted["language_offsets"]["weight_cv"] = weight
    return replace(profile, language_offsets=offsets, language_offset_weight=weight["shipped"], fitted=fitted)


def fit_weight(
    profile: LinkingProfile,
    fitting: list[ArticleFeatures],
    keys: list[str],
    offsets: dict[str, tuple[float, ...]],
    csv: Path,
) -> dict[str, Any]:
    """The offset weight, cross-validated on the annotated pairs, and the one chosen on all of them."""
    pairs = load_pairs(csv)
    articles = pair_articles(pairs, profile.name)

    def scores(
        weight: float, fold_offsets: dict[str, tuple[float, ...]], indexes: list[int]
    ) -> tuple[float, float]:
        chosen = replace(profile, language_offsets=fold_offsets, language_offset_weight=weight)
        rows = rows_of([articles[j] for i in indexes for j in (2 * i, 2 * i + 1)], chosen)
        subset = [pairs[i] for i in indexes]
        cosines = [float(c) for c in rows[:, 0]]
        return mean_language_pearson(cosines, subset), by_language_pair(cosines, subset)["pearson"]

    report: dict[str, Any] = {
        "grid": list(WEIGHTS),
        "objective": "mean per-language-pair Pearson",
        "folds": [],
    }
    for fold in (0, 1):
        test = [i for i in range(len(pairs)) if i % 2 == fold]
        train = [i for i in range(len(pairs)) if i % 2 != fold]
        test_ids = {key for i in test for key in (pairs[i].id1, pairs[i].id2)}
        fold_offsets = language_offsets(
            [f for f, key in zip(fitting, keys, strict=True) if key not in test_ids],
            profile.language_min_articles,
        )
        best = max(WEIGHTS, key=lambda w: scores(w, fold_offsets, train)[0])
        held, before = scores(best, fold_offsets, test), scores(0.0, {}, test)
        print(
            f"  fold {fold}: weight {best}; held out: mean per-language Pearson {held[0]:.3f} (pooled"
            f" {held[1]:.3f}), without offsets {before[0]:.3f} (pooled {before[1]:.3f})"
        )
        report["folds"].append(
            {
                "weight": best,
                "held_out": [round(v, 4) for v in held],
                "without": [round(v, 4) for v in before],
            }
        )
    report["shipped"] = max(WEIGHTS, key=lambda w: scores(w, offsets, list(range(len(pairs))))[0])
    print(f"  shipped weight {report['shipped']}")
    return report


if __name__ == "__main__":
    main()
