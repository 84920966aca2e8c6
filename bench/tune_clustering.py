"""Fit the streaming clusterer's thresholds and weights on ECB+ dev topics (1–35 only).

Prepares every document once (extract + analyse; cached with --cache), then replays the stream for
each setting and prints BCubed F1, best last. The chosen values are written into link/cluster.py
and link/similarity.py by hand, with the figure, so the fit is reproducible:

    .venv/bin/python bench/tune_clustering.py ../shared/data/clustering/ecbplus/ECB+ --topics 1-35

Topics are split in two halves (odd/even); a setting is reported with its F1 on each half, so a
choice that only fits one half shows.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
from collections.abc import Sequence
from pathlib import Path

from storyfuse.evaluate.clustering import raw_documents
from storyfuse.evaluate.datasets.ecbplus import EcbDocument, load_ecbplus, parse_topics
from storyfuse.evaluate.metrics import bcubed
from storyfuse.link.cluster import StreamingClusterer, cluster_features
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.similarity import SimilarityWeights
from storyfuse.model import Analysis, Article
from storyfuse.run.documents import prepare

# (embedding, entities, lexical) mixes, then the penalties and thresholds around them
MIXES = ((0.5, 0.2, 0.3), (0.3, 0.2, 0.5), (0.4, 0.1, 0.5), (0.6, 0.1, 0.3))
GRID = {
    "mix": MIXES,
    "year_penalty": (0.0, 0.15),
    "join": (0.34, 0.38, 0.42, 0.46),
    "merge_gap": (0.0, 0.1),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--topics", default="1-35")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of prepared documents")
    args = parser.parse_args()
    if any(t > 35 for t in parse_topics(args.topics)):
        raise SystemExit("topics above 35 are held out: tune on 1-35 only")
    documents, articles, analyses = _prepared(args.data, args.topics, args.cache)
    features = [ArticleFeatures.of(a, an) for a, an in zip(articles, analyses, strict=True)]
    halves = [[i for i, d in enumerate(documents) if d.topic % 2 == parity] for parity in (1, 0)]
    results = []
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(GRID, values, strict=True))
        scores = [_f1(documents, features, half, setting) for half in halves]
        results.append((min(scores), scores, setting))
    for worst, scores, setting in sorted(results, key=lambda r: r[0])[-15:]:
        print(f"{setting} -> B3 F1 odd={scores[0]:.4f} even={scores[1]:.4f} worst={worst:.4f}")


def _f1(
    documents: Sequence[EcbDocument], features: Sequence[ArticleFeatures], index: list[int], setting: dict
) -> float:
    embedding, entities, lexical = setting["mix"]
    weights = SimilarityWeights(embedding, entities, lexical, year_penalty=setting["year_penalty"])
    merge = setting["join"] + setting["merge_gap"]
    clusterer = StreamingClusterer(join_threshold=setting["join"], merge_threshold=merge, weights=weights)
    labels = cluster_features([features[i] for i in index], clusterer)
    return bcubed(labels, [documents[i].gold_event for i in index]).f1


def _prepared(
    data: Path, topics: str, cache: Path | None
) -> tuple[list[EcbDocument], list[Article], list[Analysis]]:
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            loaded: tuple[list[EcbDocument], list[Article], list[Analysis]] = pickle.load(fh)
        return loaded
    documents = load_ecbplus(data, topics)
    articles, analyses = prepare(raw_documents(documents))
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump((documents, articles, analyses), fh)
    return documents, articles, analyses


if __name__ == "__main__":
    main()
