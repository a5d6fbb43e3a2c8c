"""A guide's passages as the sentence encoder sees them: the vectors dense retrieval compares with.

Each passage gets three kinds of vector (``GuideVectors.build``): its own heading and text together,
its heading alone, and each of its sentences (up to MAX_SENTENCES). A question is compared with all
of them at once (``similarities``): three cosines a passage, the sentence one being the best of its
sentences. They are computed once when a guide is loaded, or read from an index file
(``to_arrays`` / ``from_arrays``) or from the vector cache (``language/vector_cache.py``), so a
question costs one encoding and three matrix products.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..guide.corpus import SECTION_SEPARATOR, Passage
from ..language.text import sentence_parts
from ..language.vector_cache import cached_vectors

MAX_SENTENCES = 12  # sentences of a passage given their own vector (a guide's paragraph has fewer)
EMBEDDED_CHARS = 1000  # of a passage's text read with its heading (the encoder reads 256 tokens at most)


def own_heading(passage: Passage) -> str:
    """The passage's own heading, without the path of headings above it."""
    return passage.section.rsplit(SECTION_SEPARATOR, 1)[-1].strip()


def sentences(text: str) -> list[str]:
    """The passage's sentences (list items count as sentences), at most MAX_SENTENCES."""
    found = [s.strip(" -*\t") for s in sentence_parts(text)]
    return [s for s in found if len(s) > 2][:MAX_SENTENCES] or [text]


@dataclass(frozen=True)
class GuideVectors:
    """Unit vectors (float16 rows) of a guide's passages, headings and sentences."""

    passages: np.ndarray  # (n, d): "heading. text"
    headings: np.ndarray  # (n, d)
    sentences: np.ndarray  # (m, d)
    owner: np.ndarray  # (m,) the passage each sentence belongs to

    @classmethod
    def build(cls, encoder, passages: list[Passage]) -> "GuideVectors":
        """Encode a guide's passages (one batch of every text: a few seconds for a thousand passages)."""
        split = [sentences(p.text) for p in passages]
        texts = ([f"{own_heading(p)}. {p.text}"[:EMBEDDED_CHARS] for p in passages]
                 + [own_heading(p) or p.text[:80] for p in passages] + [s for group in split for s in group])
        vectors = cached_vectors(encoder, texts)
        n = len(passages)
        owner = np.repeat(np.arange(n, dtype=np.int32), [len(group) for group in split])
        return cls(vectors[:n], vectors[n:2 * n], vectors[2 * n:], owner)

    def similarities(self, question: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cosine of the question's unit vector to each passage, heading, and best sentence."""
        passages, headings, sentences, starts = self._working
        query = question.astype(np.float32)
        return passages @ query, headings @ query, np.maximum.reduceat(sentences @ query, starts)

    @cached_property
    def _working(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Float32 copies made once (converting float16 on every question cost more than the
        products: 17 ms a question at 2,000 passages), and where each passage's sentences start."""
        starts = np.searchsorted(self.owner, np.arange(len(self.passages)))
        return (self.passages.astype(np.float32), self.headings.astype(np.float32),
                self.sentences.astype(np.float32), starts)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays an index file stores (names prefixed ``dense_``)."""
        return {"dense_passages": self.passages, "dense_headings": self.headings,
                "dense_sentences": self.sentences, "dense_owner": self.owner}

    @classmethod
    def from_arrays(cls, arrays) -> "GuideVectors | None":
        """The vectors stored by ``to_arrays``, or None when the file has none."""
        if "dense_passages" not in arrays:
            return None
        return cls(*(np.asarray(arrays[f"dense_{name}"]) for name in ("passages", "headings", "sentences", "owner")))
