"""Lead similarity across languages: SemEval-2022 Task 8 training pairs, per language pair.

For every annotated pair of the training CSV (public dev data in ../shared; en, de, es, tr, pl, ar, fr
monolingual pairs and de-en cross-lingual ones), the cosine of the two articles' lead vectors as each
linking profile makes them, correlated (Pearson) with the negated Overall score, per language pair and
overall; beside it the TF-IDF cosine baseline on the same pairs in the same run.

    .venv/bin/python bench/similarity_languages.py --data ../shared/data --profiles fast default
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from storyfuse.evaluate.baselines import tfidf_cosine
from storyfuse.evaluate.datasets.semeval import SimilarityPair, load_pairs
from storyfuse.evaluate.metrics import pearson
from storyfuse.evaluate.similarity import raw_pairs
from storyfuse.pipeline import lead_spec, prepare


def lead_cosines(pairs: list[SimilarityPair], profile: str) -> list[float]:
    flat = [
        replace(doc, native_id=f"{doc.native_id}#{i}")
        for i, doc in enumerate(d for pair in raw_pairs(pairs) for d in pair)
    ]
    _, analyses = prepare(flat, link_only=True, lead=lead_spec(profile))
    vectors = np.array([a.embedding for a in analyses], dtype=np.float32)
    return [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(pairs))]


def by_languages(pairs: list[SimilarityPair], values: list[float]) -> dict[str, float]:
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        groups[pair.languages].append(i)
    out = {"all": pearson(values, [-p.overall for p in pairs])}
    for languages, indexes in sorted(groups.items()):
        out[languages] = pearson([values[i] for i in indexes], [-pairs[i].overall for i in indexes])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--profiles", nargs="+", default=["fast", "default"])
    args = parser.parse_args()
    pairs = load_pairs(args.data / "similarity" / "semeval2022-task8" / "training_set.csv")
    columns = {"tfidf-cosine": by_languages(pairs, tfidf_cosine([(p.text1, p.text2) for p in pairs]))}
    for profile in args.profiles:
        started = time.perf_counter()
        columns[f"{profile} leads"] = by_languages(pairs, lead_cosines(pairs, profile))
        print(f"{profile}: {2 * len(pairs)} leads in {time.perf_counter() - started:.0f} s")
    counts = defaultdict(int, {"all": len(pairs)})
    for pair in pairs:
        counts[pair.languages] += 1
    print("| languages | pairs | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for key in columns["tfidf-cosine"]:
        cells = " | ".join(f"{column[key]:.3f}" for column in columns.values())
        print(f"| {key} | {counts[key]} | {cells} |")


if __name__ == "__main__":
    main()
