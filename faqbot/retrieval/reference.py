"""The reference formula: rank_bm25's BM25Okapi scoring loop with faqbot's chosen idf.

faqbot's ``BM25Index`` must give these scores (tests compare them on thousands of random
queries; the benchmarks time ``get_scores`` against it). rank_bm25 is imported only here and
only when the reference is used, never to answer a question.
"""
from __future__ import annotations

import math
from functools import lru_cache


def lucene_idf(n_docs: int, doc_freq: int) -> float:
    """The idf faqbot uses: ln(1 + (N - n + 0.5) / (n + 0.5)), always > 0."""
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


def reference_bm25(documents: list[list[str]]):
    """rank_bm25's BM25Okapi scoring loop with the Lucene idf: the reference formula."""
    return _reference_class()(documents)


@lru_cache(maxsize=1)
def _reference_class() -> type:
    """Imported on demand: rank_bm25 is the reference for tests and benchmarks, not for a question."""
    from rank_bm25 import BM25Okapi

    class ReferenceBM25(BM25Okapi):
        """BM25Okapi with the Lucene idf."""

        def _calc_idf(self, nd: dict[str, int]) -> None:
            self.idf = {word: lucene_idf(self.corpus_size, freq) for word, freq in nd.items()}
            self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)

    return ReferenceBM25


def __getattr__(name: str):
    if name == "ReferenceBM25":  # ``from faqbot.reference import ReferenceBM25``, importing rank_bm25 only then
        return _reference_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
