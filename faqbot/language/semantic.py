"""Meaning beyond shared words: a small static sentence-embedding model that reranks candidates.

BM25 finds the passages that share the question's words; among them, the one whose meaning is
closest to the question's should win ("will someone be watching me the whole time" is about
monitoring, not about the IV). The model is WordLlama's ``l2_supercat`` (MIT licence, by Lee
Miller): 32,000 token vectors of 256 numbers, averaged over a text's tokens. Its files ship
inside the ``wordllama`` wheel; they are read from there and never fetched from a network.
``wordllama`` itself is not imported (its loader looks for the tokenizer in the wrong folder
and then downloads it); only its two files are used, with ``tokenizers`` and ``safetensors``.
"""
from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "wordllama"
TOKENIZER_FILE = Path("tokenizers", "l2_supercat_tokenizer_config.json")
WEIGHTS_FILE = Path("weights", "l2_supercat_256.safetensors")
WEIGHTS_KEY = "embedding.weight"
INSTALL_HINT = "pip install 'wordllama>=0.4,<0.5'"
QUESTION_CACHE_SIZE = 64  # a question is embedded once though ranking and the decision both ask for it

log = logging.getLogger(__name__)


class Embedder:
    """Texts -> unit vectors: the mean of their token vectors, scaled to length 1."""

    def __init__(self, tokenizer, vectors: np.ndarray) -> None:
        self.tokenizer = tokenizer
        self.vectors = vectors  # token id -> vector (float16 as shipped; rows become float32 when used)

    @classmethod
    def from_files(cls, tokenizer_file: Path, weights_file: Path) -> "Embedder":
        """Load a tokenizer.json and a safetensors file of token vectors."""
        from safetensors import safe_open
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        with safe_open(str(weights_file), framework="np") as weights:
            vectors = weights.get_tensor(WEIGHTS_KEY)
        return cls(tokenizer, vectors)

    @property
    def dimensions(self) -> int:
        return int(self.vectors.shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        """One unit vector a text (a text without tokens gets zeros: similar to nothing)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):  # one at a time: no thread pool (a forked server would warn)
            text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate is no text to a tokenizer
            ids = [i for i in self.tokenizer.encode(text, add_special_tokens=False).ids if i < len(self.vectors)]
            if ids:
                mean = self.vectors[ids].astype(np.float32).mean(axis=0)
                norm = float(np.linalg.norm(mean))
                out[row] = mean / norm if norm else mean
        return out


def model_files() -> tuple[Path, Path] | None:
    """(tokenizer, weights) inside the installed wordllama package, or None when either is missing."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)  # finds the folder without running the package
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    files = (root / TOKENIZER_FILE, root / WEIGHTS_FILE)
    return files if all(f.is_file() for f in files) else None


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder | None:
    """The model, loaded once a process; None (ranking stays lexical) when it is not installed."""
    files = model_files()
    if files is None:
        log.warning("the %s package or its model files are missing; answers are ranked by shared words only "
                    "(%s restores meaning-based ranking)", MODEL_PACKAGE, INSTALL_HINT)
        return None
    return Embedder.from_files(*files)


class PassageVectors:
    """Vectors of a guide's passages, computed when a passage is first a candidate."""

    def __init__(self, embedder: Embedder, texts) -> None:
        self.embedder = embedder
        self.texts = texts  # doc -> text to embed (a callable: large libraries are never embedded whole)
        self._cache: dict[int, np.ndarray] = {}
        self._question_vector = lru_cache(maxsize=QUESTION_CACHE_SIZE)(lambda question: embedder.embed([question])[0])

    def similarities(self, question: str, docs: list[int]) -> list[float]:
        """Cosine similarity of the question to each passage in docs."""
        missing = [d for d in docs if d not in self._cache]
        if missing:
            for doc, vector in zip(missing, self.embedder.embed([self.texts(d) for d in missing])):
                self._cache[doc] = vector
        query = self._question_vector(question)
        return [float(self._cache[d] @ query) for d in docs]
