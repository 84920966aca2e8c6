"""Dense embeddings, L2-normalised: sentences by all-MiniLM-L6-v2 (int8 ONNX, batched by length), article
leads for linking by WordLlama's static token vectors (a mean of table rows: ~0.3 ms a lead where a
transformer pass costs ~55 ms, which is what lets linking keep up with a news stream)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyfuse.analyse.models import embedding_model, static_embedding_model
from storyfuse.model import SENTENCE_VECTOR_WIDTH

STATIC_DIMENSIONS = 256
# Tokens of one transformer batch: 64 sentences of 64 tokens. 64 sentences of 300 tokens had held
# 276 MB of attention scores at once.
BATCH_TOKENS = 4096


def embed_texts(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """One unit vector per text (float32, shape (n, 384)). Empty texts get a zero vector."""
    distinct = list(dict.fromkeys(texts))
    if len(distinct) < len(texts):  # a story's copies repeat sentences word for word: embed each once
        vectors = embed_texts(distinct, batch_size)
        position = {text: i for i, text in enumerate(distinct)}
        return vectors[[position[t] for t in texts]]
    out = np.zeros((len(texts), SENTENCE_VECTOR_WIDTH), dtype=np.float32)
    if not texts:
        return out
    session, tokenizer = embedding_model()
    encodings = tokenizer.encode_batch([t or "" for t in texts])
    # Sorting by length keeps padding, and so wasted work, small inside each batch.
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    start = 0
    while start < len(order):
        # Attention memory grows with the square of the width: long sentences go in smaller batches.
        widest = len(encodings[order[min(start + batch_size, len(order)) - 1]].ids)
        idx = order[start : start + max(1, min(batch_size, BATCH_TOKENS // max(widest, 1)))]
        start += len(idx)
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1
        hidden = session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out[idx] = pooled / np.where(norms == 0, 1, norms)
    for i, text in enumerate(texts):
        if not text or not text.strip():
            out[i] = 0
    return out


def embed_static(texts: Sequence[str]) -> np.ndarray:
    """One unit vector per text (float32, shape (n, 256)): the mean of its WordLlama token vectors.
    Texts with no tokens get a zero vector."""
    out = np.zeros((len(texts), STATIC_DIMENSIONS), dtype=np.float32)
    if not texts:
        return out
    vectors, tokenizer = static_embedding_model()
    encodings = tokenizer.encode_batch([t or "" for t in texts], add_special_tokens=False)
    for i, encoding in enumerate(encodings):
        if encoding.ids:
            ids = np.minimum(np.asarray(encoding.ids, dtype=np.int64), len(vectors) - 1)
            pooled = vectors[ids].mean(axis=0)
            norm = float(np.linalg.norm(pooled))
            out[i] = pooled / norm if norm else pooled
    return out
