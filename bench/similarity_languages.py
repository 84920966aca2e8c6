"""Lead similarity across languages, per linking profile: `storyfuse eval similarity --languages all`
for each profile, side by side as one table (per language pair and overall, TF-IDF beside).

SemEval-2022 Task 8 training pairs (public dev data in ../shared; en, de, es, tr, pl, ar, fr
monolingual pairs and de-en cross-lingual ones); the figures are those of the eval command.

    .venv/bin/python bench/similarity_languages.py --data ../shared/data --profiles fast default
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from storyfuse import settings
from storyfuse.evaluate.datasets.semeval import load_pairs
from storyfuse.evaluate.report import EvalOptions, run_task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--profiles", nargs="+", default=["fast", "default"])
    args = parser.parse_args()
    csv = args.data / "similarity" / "semeval2022-task8" / "training_set.csv"
    pairs = load_pairs(csv)
    counts = {"all": len(pairs)} | dict(sorted(Counter(p.languages for p in pairs).items()))
    columns: dict[str, dict[str, float]] = {}
    for number, profile in enumerate(args.profiles):
        started = time.perf_counter()
        with settings.activated(settings.resolve(flags={"link.profile": profile})):
            report = run_task(
                "similarity", csv, EvalOptions(profile=profile, languages="all", baseline=number == 0)
            )
        print(f"{profile}: {report.n} pairs in {time.perf_counter() - started:.0f} s")
        if number == 0:
            columns["tfidf-cosine"] = report.baseline
        columns[f"{profile} leads"] = report.system
        columns[f"{profile} leads + features (held-out language pairs)"] = {
            k.replace("features_cv_", ""): v for k, v in report.system.items() if k.startswith("features_cv_")
        }
    print("| languages | pairs | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for key in counts:
        metric = "pearson" if key == "all" else f"pearson_{key}"
        cells = " | ".join(f"{column[metric]:.3f}" if metric in column else "" for column in columns.values())
        print(f"| {key} | {counts[key]} | {cells} |")


if __name__ == "__main__":
    main()
