"""Fit the streaming clusterer's thresholds and weights on ECB+ dev topics (1–35 only).

Prepares every document once (extract + analyse), then replays the stream for each setting and
prints BCubed F1, best last. The chosen values are then written into link/cluster.py and
link/similarity.py by hand, with the figure, so the fit is reproducible:

    .venv/bin/python bench/tune_clustering.py ../shared/data/clustering/ecbplus/ECB+ --topics 1-35
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from storyfuse.evaluate.clustering import raw_documents
from storyfuse.evaluate.datasets.ecbplus import load_ecbplus
from storyfuse.evaluate.metrics import bcubed
from storyfuse.link.cluster import StreamingClusterer, cluster_features
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.similarity import SimilarityWeights
from storyfuse.pipeline import prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--topics", default="1-35")
    args = parser.parse_args()
    topics = [int(t) for part in args.topics.split(",") for t in _expand(part)]
    if any(t > 35 for t in topics):
        raise SystemExit("topics above 35 are held out: tune on 1-35 only")
    documents = load_ecbplus(args.data, args.topics)
    gold = [d.gold_event for d in documents]
    articles, analyses = prepare(raw_documents(documents))
    features = [ArticleFeatures.of(a, an) for a, an in zip(articles, analyses, strict=True)]
    results = []
    for embedding_weight, join, merge_gap in itertools.product(
        (0.5, 0.6, 0.65, 0.75), (0.36, 0.40, 0.44, 0.48, 0.52), (0.0, 0.05, 0.1)
    ):
        weights = SimilarityWeights(embedding=embedding_weight, entities=1 - embedding_weight)
        clusterer = StreamingClusterer(join_threshold=join, merge_threshold=join + merge_gap, weights=weights)
        labels = cluster_features(features, clusterer)
        prf = bcubed(labels, gold)
        precision, recall, f1 = prf.precision, prf.recall, prf.f1
        results.append((f1, precision, recall, embedding_weight, join, join + merge_gap, len(set(labels))))
    for f1, precision, recall, emb, join, merge, clusters in sorted(results)[-12:]:
        print(
            f"embedding={emb:.2f} join={join:.2f} merge={merge:.2f} -> "
            f"B3 P={precision:.4f} R={recall:.4f} F1={f1:.4f} clusters={clusters}"
        )


def _expand(part: str) -> range:
    low, _, high = part.partition("-")
    return range(int(low), int(high or low) + 1)


if __name__ == "__main__":
    main()
