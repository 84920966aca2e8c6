"""Simple, standard baselines every evaluation reports beside the system, computed on the same items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyfuse.analyse.split import split_sentences

# Cosine distance under which two documents' clusters merge (average linkage). Chosen by a grid search
# over 0.50, 0.55, ..., 0.95 on the ECB+ dev topics 1–35 (all 772 documents clustered in one run),
# keeping the threshold with the best BCubed F1 (0.873, 59 clusters for 66 gold events); frozen here,
# never tuned on the held-out topics.
TFIDF_CLUSTER_DISTANCE = 0.85

# Centroid summariser (MEAD, Radev et al. 2004): sentences shorter than this carry datelines and captions
# rather than content; a sentence with a TF-IDF cosine above CENTROID_REDUNDANCY to one already chosen is
# a near-repeat. Both set by hand, not tuned.
CENTROID_MIN_WORDS = 6
CENTROID_REDUNDANCY = 0.6


def _tfidf(texts: Sequence[str]) -> Any:
    """Sparse TF-IDF rows (L2-normalised), sublinear tf, English stop words, fitted on `texts`."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # heavy import, only when a baseline runs

    return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)


def tfidf_agglomerative(
    texts: Sequence[str], distance_threshold: float = TFIDF_CLUSTER_DISTANCE
) -> list[int]:
    """Cluster label per text: TF-IDF (sublinear tf, English stop words), average-linkage cosine."""
    if len(texts) < 2:
        return [0] * len(texts)
    from sklearn.cluster import AgglomerativeClustering

    matrix = _tfidf(texts)
    similarity = (matrix @ matrix.T).toarray()  # rows are L2-normalised: the product is the cosine
    distances = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    clustering = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance_threshold
    )
    return [int(label) for label in clustering.fit_predict(distances)]


def tfidf_cosine(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Cosine of TF-IDF vectors per pair, the vectoriser fitted on all texts of the pairs."""
    if not pairs:
        return []
    texts = [text for pair in pairs for text in pair]
    matrix = _tfidf(texts)
    left = matrix[0::2]
    right = matrix[1::2]
    return [float(value) for value in np.asarray(left.multiply(right).sum(axis=1)).ravel()]


def first_sentence_timeline(articles: Sequence[tuple[str, str]], n_dates: int) -> list[tuple[str, str]]:
    """(date, text) for the `n_dates` days with most articles, each told by its first article's lead.

    `articles` are (creation date, text) in corpus order; a day is told by the first sentence of its
    first article; ties in article count go to the earlier day.
    """
    per_day = Counter(date for date, _ in articles)
    days = sorted(per_day, key=lambda day: (-per_day[day], day))[: max(n_dates, 0)]
    first_text: dict[str, str] = {}
    for date, text in articles:
        first_text.setdefault(date, text)
    timeline = []
    for day in sorted(days):
        sentences = split_sentences(first_text[day])
        timeline.append((day, sentences[0] if sentences else ""))
    return timeline


def _word_count(text: str) -> int:
    return len(text.split())


def lead_summary(documents: Sequence[Sequence[str]], max_words: int) -> list[str]:
    """First sentences of the documents in order, then their second sentences, … up to `max_words` words.

    `documents` holds each document's sentences. The last sentence taken may overrun the limit; the
    evaluation truncates every summary to the same number of words.
    """
    chosen: list[str] = []
    words = 0
    depth = 0
    while words < max_words and any(depth < len(d) for d in documents):
        for sentences in documents:
            if depth < len(sentences) and words < max_words:
                chosen.append(sentences[depth])
                words += _word_count(sentences[depth])
        depth += 1
    return chosen


def centroid_summary(
    documents: Sequence[Sequence[str]],
    max_words: int,
    min_words: int = CENTROID_MIN_WORDS,
    redundancy: float = CENTROID_REDUNDANCY,
) -> list[str]:
    """Sentences ranked by MEAD's centroid + position score, skipping near-repeats, up to `max_words` words.

    Centroid value: TF-IDF cosine of the sentence to the mean of the documents' TF-IDF vectors (IDF fitted
    on the set). Position value (Radev et al. 2004): (n - i) / n * the best centroid value, for the i-th
    (0-based) of a document's n sentences. Both weigh 1, MEAD's defaults.
    """
    candidates: list[tuple[str, float]] = []  # sentence, position value before scaling
    for sentences in documents:
        candidates += [
            (s, (len(sentences) - i) / len(sentences))
            for i, s in enumerate(sentences)
            if _word_count(s) >= min_words
        ]
    if not candidates:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    document_vectors = vectorizer.fit_transform([" ".join(sentences) for sentences in documents])
    centroid = normalize(np.asarray(document_vectors.mean(axis=0)))
    sentence_vectors = vectorizer.transform([s for s, _ in candidates])  # rows L2-normalised
    centroid_values = np.asarray(sentence_vectors @ centroid.T).ravel()
    position_values = np.array([p for _, p in candidates]) * centroid_values.max()
    scores = centroid_values + position_values

    chosen: list[int] = []
    words = 0
    for index in np.argsort(-scores, kind="stable"):
        if words >= max_words:
            break
        if chosen:
            overlap = (sentence_vectors[chosen] @ sentence_vectors[index].T).toarray().ravel()
            if overlap.max() > redundancy:
                continue
        chosen.append(int(index))
        words += _word_count(candidates[index][0])
    return [candidates[i][0] for i in chosen]
