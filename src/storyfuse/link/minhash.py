"""Near-duplicate detection: MinHash LSH over word shingles, every candidate verified exactly.

Shingles are hashed with a keyed-free, stable hash (blake2b), so results are the same in every
process and on every machine; LSH only proposes candidates, and exact Jaccard decides.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash, RMinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
LSH_BANDS = 32  # 32 bands of 4 rows: pairs above Jaccard ~0.4 almost always meet in a bucket
NEAR_DUPLICATE_JACCARD = 0.5  # verified Jaccard from which two texts are copies of one another
SEED = 20220121
_WORD = re.compile(r"\w+")
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_KEPT = 500_000  # words remembered (~60 MB at most), then forgotten all at once
# Odd 64-bit constants (from the golden ratio and splitmix64): distinct per position, so word order counts.
_GRAM_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F,
     0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3],
    dtype=np.uint64,
)  # fmt: skip


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's word n-grams (lower-cased).

    Each distinct word is hashed once (blake2b); an n-gram's hash mixes its words' hashes with fixed odd
    multipliers, wrapping at 64 bits: the same in every process, and cheaper than hashing every n-gram.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    if len(words) < size:
        words = words + [""] * (size - len(words))
    vocabulary = {w: i for i, w in enumerate(dict.fromkeys(words))}
    word_hashes = np.fromiter((_word_hash(w) for w in vocabulary), dtype=np.uint64, count=len(vocabulary))
    sequence = word_hashes[np.fromiter((vocabulary[w] for w in words), dtype=np.int64, count=len(words))]
    count = len(words) - size + 1
    grams = np.zeros(count, dtype=np.uint64)
    for position, multiplier in enumerate(_GRAM_MULTIPLIERS[:size]):
        grams += sequence[position : position + count] * multiplier  # wraps modulo 2**64
    return np.unique(grams)


def _word_hash(word: str) -> int:
    """blake2b of a word, remembered: most words of a news stream were seen in an earlier article."""
    found = _WORD_HASHES.get(word)
    if found is None:
        if len(_WORD_HASHES) >= _WORD_HASHES_KEPT:
            _WORD_HASHES.clear()
        found = _WORD_HASHES[word] = int.from_bytes(
            hashlib.blake2b(word.encode(), digest_size=8).digest(), "little"
        )
    return found


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


@dataclass(frozen=True)
class Shingles:
    """A text's shingle hashes and their MinHash (None for a text too short to have any), computed
    together where the text is (a worker process, for ingest)."""

    hashes: np.ndarray
    minhash: RMinHash | None

    @classmethod
    def of(cls, text: str) -> Shingles:
        hashes = shingle_hashes(text)
        if hashes.size == 0:
            return cls(hashes, None)
        minhash = RMinHash(NUM_PERM, SEED)
        minhash.update([str(h) for h in hashes.tolist()])
        return cls(hashes, minhash)

    def signature(self) -> bytes:
        """The MinHash in rensa's own serialisation, to keep beside the article; empty without one."""
        return self.minhash.__getstate__() if self.minhash is not None else b""


def minhash_of_signature(signature: bytes) -> RMinHash | None:
    """The MinHash a `Shingles.signature` holds; None when empty or unreadable (another rensa format)."""
    if not signature:
        return None
    minhash = RMinHash(NUM_PERM, SEED)
    try:
        minhash.__setstate__(signature)
    except (ValueError, TypeError):
        return None
    return minhash


@dataclass
class Match:
    article_id: str
    jaccard: float


class DuplicateIndex:
    """Articles indexed by MinHash LSH; `add` returns the verified near-duplicates already indexed.

    With a `capacity`, only that many most recent articles stay indexed (the oldest leave the LSH
    buckets), so memory stays flat however long the stream: copies of wire news appear within days.
    Articles indexed by their MinHash alone (`add_minhash`) have their shingles computed from
    `text_of(article id)` when a candidate needs verifying.
    """

    def __init__(
        self,
        threshold: float = NEAR_DUPLICATE_JACCARD,
        capacity: int | None = None,
        text_of: Callable[[str], str] | None = None,
    ) -> None:
        self.threshold = threshold
        self.capacity = capacity
        self.text_of = text_of
        self.lsh = RMinHashLSH(threshold, NUM_PERM, LSH_BANDS)
        # LSH key -> (article id, shingle hashes; None until needed for an article indexed by MinHash)
        self.entries: dict[int, tuple[str, np.ndarray | None]] = {}
        self.order: deque[int] = deque()  # LSH keys, oldest first
        self.next_key = 0

    def add(self, article_id: str, text: str) -> list[Match]:
        return self.add_shingles(article_id, Shingles.of(text))

    def add_shingles(self, article_id: str, shingles: Shingles, *, check: bool = True) -> list[Match]:
        """`add` for a text whose shingles are known already. Without `check`, the text is only indexed
        (articles already stored, indexed again when a run starts)."""
        hashes, minhash = shingles.hashes, shingles.minhash
        if minhash is None:
            return []
        matches = []
        for key in sorted(self.lsh.query(minhash)) if check else []:
            found_id, found_hashes = self.entries[key]
            if found_hashes is None:
                found_hashes = shingle_hashes(self.text_of(found_id)) if self.text_of else hashes[:0]
                self.entries[key] = (found_id, found_hashes)
            score = jaccard(hashes, found_hashes)
            if score >= self.threshold:
                matches.append(Match(found_id, round(score, 4)))
        self._index(article_id, minhash, hashes)
        return sorted(matches, key=lambda m: -m.jaccard)

    def add_minhash(self, article_id: str, minhash: RMinHash) -> None:
        """Index an article already stored by its MinHash alone (a run starting: no text is read)."""
        self._index(article_id, minhash, None)

    def _index(self, article_id: str, minhash: RMinHash, hashes: np.ndarray | None) -> None:
        key, self.next_key = self.next_key, self.next_key + 1
        self.lsh.insert(key, minhash)
        self.entries[key] = (article_id, hashes)
        self.order.append(key)
        if self.capacity is not None and len(self.order) > self.capacity:
            oldest = self.order.popleft()
            self.lsh.remove(oldest)
            del self.entries[oldest]
