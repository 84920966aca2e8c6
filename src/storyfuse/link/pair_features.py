"""What the same-event model reads of two articles: one row of numbers per pair, computed for many pairs
at once (sparse matrix products over the articles of one call, never a Python loop per pair).

Document frequencies (of content words and of names) are those of the articles in the call: a window
of news, or a benchmark fold, as the TF-IDF baseline fits its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from storyfuse.link.features import ArticleFeatures

# Every feature the model may use, in the order of the columns `pair_features` returns.
FEATURES = (
    "lead_cosine",  # cosine of the centred lead vectors
    "lexical",  # TF-IDF cosine of the content words
    "names",  # share of names in common (of the smaller set)
    "rare_names",  # IDF-weighted cosine of the name sets: a rare name shared says more than "Obama"
    "numbers",  # share of numbers in common (of the smaller set); 0 when either writes none
    "calendar",  # +1 when both name months or weekdays and share one, -1 when they share none, else 0
    "years",  # 1 when both name years and their latest differ
)


def item_rows(rows: Sequence[Mapping[str, float] | set[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """An article × item matrix (a set's items weigh 1, a mapping's their values), and each item's
    document frequency."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    for items in rows:
        for item in items:
            indices.append(vocabulary.setdefault(item, len(vocabulary)))
            values.append(items[item] if isinstance(items, Mapping) else 1.0)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(rows), max(len(vocabulary), 1)),
    )
    return matrix, np.asarray((matrix > 0).sum(axis=0)).ravel()


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1.0 / np.where(norms == 0, 1.0, norms)) @ matrix)


def idf_unit_rows(matrix: sparse.csr_matrix, df: np.ndarray, documents: int) -> sparse.csr_matrix:
    """Rows weighted by idf = log((n + 1) / (df + 1)) + 1, as the streaming TermStats, then unit length."""
    idf = (np.log((documents + 1) / (df + 1)) + 1.0).astype(np.float32)
    return _unit_rows(sparse.csr_matrix(matrix @ sparse.diags(idf)))


def _pair_dot(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Row-wise dot products of the pairs' rows."""
    if not len(left):
        return np.zeros(0, dtype=np.float32)
    return np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel().astype(np.float32)


def _shared_share(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    shared = _pair_dot(matrix, left, right)
    smaller = np.minimum(sizes[left], sizes[right])
    return np.where(smaller > 0, shared / np.maximum(smaller, 1.0), 0.0).astype(np.float32)


class PairFeatureSpace:
    """The articles of one call, indexed once, so that any set of their pairs is scored in a few products."""

    def __init__(self, articles: Sequence[ArticleFeatures]) -> None:
        self.articles = list(articles)
        count = len(self.articles)
        self.leads = (
            np.stack([a.embedding for a in self.articles]).astype(np.float32)
            if count
            else np.zeros((0, 1), dtype=np.float32)
        )
        weights, term_df = item_rows([a.terms for a in self.articles])
        self.lexical = idf_unit_rows(weights, term_df, count)
        self.names, name_df = item_rows([a.entities for a in self.articles])
        self.rare_names = idf_unit_rows(self.names, name_df, count)
        self.numbers = item_rows([a.numbers for a in self.articles])[0]
        self.calendar = item_rows([a.calendar for a in self.articles])[0]
        self.latest_year = np.asarray([max(a.years) if a.years else 0 for a in self.articles], dtype=np.int64)
        self.days = np.asarray([a.day if a.day is not None else -1 for a in self.articles], dtype=np.int64)

    def lead_similarities(self, rows: np.ndarray) -> np.ndarray:
        """Lead cosines of the given articles (rows) to every article: shape (len(rows), n)."""
        return self.leads[rows] @ self.leads.T

    def pair_features(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """One row of `FEATURES` per pair (left[k], right[k]); symmetric in the two sides."""
        lead = np.einsum("ij,ij->i", self.leads[left], self.leads[right]).astype(np.float32)
        calendar_shared = _pair_dot(self.calendar, left, right)
        calendar_sizes = np.asarray(self.calendar.sum(axis=1)).ravel()
        both_name_dates = (calendar_sizes[left] > 0) & (calendar_sizes[right] > 0)
        calendar = np.where(both_name_dates, np.where(calendar_shared > 0, 1.0, -1.0), 0.0)
        years_left, years_right = self.latest_year[left], self.latest_year[right]
        years = (years_left > 0) & (years_right > 0) & (years_left != years_right)
        columns = [
            lead,
            _pair_dot(self.lexical, left, right),
            _shared_share(self.names, left, right),
            _pair_dot(self.rare_names, left, right),
            _shared_share(self.numbers, left, right),
            calendar.astype(np.float32),
            years.astype(np.float32),
        ]
        return np.stack(columns, axis=1) if len(left) else np.zeros((0, len(FEATURES)), dtype=np.float32)

    def day_gaps(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Days between the pairs' publication dates; -1 where either is undated."""
        a, b = self.days[left], self.days[right]
        return np.where((a >= 0) & (b >= 0), np.abs(a - b), -1)
