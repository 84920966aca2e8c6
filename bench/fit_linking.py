"""Fit the linking profiles on ECB+ and write them to src/storyfuse/data/params/linking.json.

For each profile (its lead encoder and lead length): a K-fold leave-topics-out cross-validation of the
whole fitting procedure first (the figure BENCHMARKS reports, beside the TF-IDF baseline fitted on the
same training folds), then the procedure once on all the topics given, which is what ships.

    python bench/fit_linking.py --data ../shared/data/clustering/ecbplus --topics 1-35 --folds 5
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

from storyfuse.evaluate.clustering import labelled_documents
from storyfuse.evaluate.datasets.ecbplus import load_ecbplus
from storyfuse.evaluate.linking_fit import cross_validate, fit_profile, summary

# name -> (lead encoder, lead words)
PROFILES = {"default": ("e5", 120), "fast": ("static", 90)}
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
    args = parser.parse_args()
    documents = load_ecbplus(args.data, args.topics)
    existing = json.loads(args.out.read_text()) if args.out.exists() else {"profiles": {}}
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


if __name__ == "__main__":
    main()
