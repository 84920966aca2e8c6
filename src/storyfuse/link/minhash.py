"""Near-duplicate detection: MinHash LSH over word shingles, every candidate verified exactly.

Shingles are hashed with a keyed-free, stable hash (blake2b), so results are the same in every
process and on every machine; LSH only proposes candidates, and exact Jaccard decides.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash, RMinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_BANDS = 32  # 32 bands of 4 rows: pairs above Jaccard ~0.4 almost always meet in a bucket
NEAR_DUPLICATE_JACCARD = 0.5  # verified Jaccard from which two texts are copies of one another
SEED = 20220121
_WORD = re.compile(r"\w+")


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's word n-grams (lower-cased)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        words = words + [""] * (size - len(words)) if words else []
    grams = {" ".join(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}
    hashes = [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams]
    return np.unique(np.array(hashes, dtype=np.uint64))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0 or b.size == 0:
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller set found in the other: high when one text is a cut of the other."""
    if a.size == 0 or b.size == 0:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / min(a.size, b.size)


@dataclass
class Match:
    article_id: str
    jaccard: float


class DuplicateIndex:
    """Articles indexed by MinHash LSH; `add` returns the verified near-duplicates already indexed.

    With a `capacity`, only that many most recent articles stay indexed (the oldest leave the LSH
    buckets), so memory stays flat however long the stream: copies of wire news appear within days.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD, capacity: int | None = None) -> None:
        self.threshold = threshold
        self.capacity = capacity
        self.lsh = RMinHashLSH(threshold, NUM_PERM, LSH_BANDS)
        self.entries: dict[int, tuple[str, np.ndarray]] = {}  # LSH key -> (article id, shingle hashes)
        self.order: deque[int] = deque()  # LSH keys, oldest first
        self.next_key = 0

    def add(self, article_id: str, text: str) -> list[Match]:
        hashes = shingle_hashes(text)
        if hashes.size == 0:
            return []
        minhash = RMinHash(NUM_PERM, SEED)
        minhash.update([str(h) for h in hashes.tolist()])
        matches = []
        for key in sorted(self.lsh.query(minhash)):
            found_id, found_hashes = self.entries[key]
            score = jaccard(hashes, found_hashes)
            if score >= self.threshold:
                matches.append(Match(found_id, round(score, 4)))
        key, self.next_key = self.next_key, self.next_key + 1
        self.lsh.insert(key, minhash)
        self.entries[key] = (article_id, hashes)
        self.order.append(key)
        if self.capacity is not None and len(self.order) > self.capacity:
            oldest = self.order.popleft()
            self.lsh.remove(oldest)
            del self.entries[oldest]
        return sorted(matches, key=lambda m: -m.jaccard)
