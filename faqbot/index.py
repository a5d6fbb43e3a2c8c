"""BM25 retrieval over analyzed passages.

The idf is chosen on purpose. rank_bm25's BM25Okapi gives a term found in half or
more of the passages a floored (epsilon) or zero idf, so on a small guide the words
"ketamine" and "infusion" would count for almost nothing while a word found once
could even score below them. We use the Lucene / BM25+ idf,

    idf(t) = ln(1 + (N - n_t + 0.5) / (n_t + 0.5)),

which is positive and decreasing in n_t for every term. The reference for the
formula is rank_bm25 itself (``ReferenceBM25`` keeps its term-frequency loop and
swaps only the idf); ``BM25Index`` computes the same scores from precomputed
per-term postings with numpy, touching only the passages that hold a query term.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

K1 = 1.5
B = 0.75


def lucene_idf(n_docs: int, doc_freq: int) -> float:
    """The idf faqbot uses: ln(1 + (N - n + 0.5) / (n + 0.5)), always > 0."""
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class ReferenceBM25(BM25Okapi):
    """rank_bm25's BM25Okapi scoring loop with the Lucene idf: the reference formula."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        self.idf = {word: lucene_idf(self.corpus_size, freq) for word, freq in nd.items()}
        self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)


@dataclass(frozen=True)
class _Postings:
    doc_ids: np.ndarray  # sorted passage numbers holding the term
    weights: np.ndarray  # their BM25 term weight: idf * tf * (k1 + 1) / (tf + k1 * norm)


class BM25Index:
    """Term -> postings index; ``scores`` equals ReferenceBM25.get_scores on the same tokens."""

    def __init__(self, documents: list[list[str]], k1: float = K1, b: float = B) -> None:
        if not documents:
            raise ValueError("an index needs at least one passage")
        self.k1, self.b = k1, b
        self.n_docs = len(documents)
        lengths = np.array([len(doc) for doc in documents], dtype=np.float64)
        self.avgdl = float(lengths.mean()) or 1.0
        norm = k1 * (1.0 - b + b * lengths / self.avgdl)
        collected: dict[str, tuple[list[int], list[int]]] = {}
        for doc_id, doc in enumerate(documents):
            counts: dict[str, int] = {}
            for token in doc:
                counts[token] = counts.get(token, 0) + 1
            for token, tf in counts.items():
                ids, tfs = collected.setdefault(token, ([], []))
                ids.append(doc_id)
                tfs.append(tf)
        self.idf: dict[str, float] = {}
        self._postings: dict[str, _Postings] = {}
        for token, (ids, tfs) in collected.items():
            idf = lucene_idf(self.n_docs, len(ids))
            doc_ids = np.array(ids, dtype=np.int32)
            tf = np.array(tfs, dtype=np.float64)
            self.idf[token] = idf
            self._postings[token] = _Postings(doc_ids, idf * (tf * (k1 + 1.0)) / (tf + norm[doc_ids]))
        self.unknown_idf = lucene_idf(self.n_docs, 0)

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def doc_freq(self, term: str) -> int:
        postings = self._postings.get(term)
        return 0 if postings is None else len(postings.doc_ids)

    def term_idf(self, term: str) -> float:
        """idf of a term; a term in no passage gets the largest possible idf."""
        return self.idf.get(term, self.unknown_idf)

    def scores(self, terms: dict[str, float] | list[str]) -> np.ndarray:
        """BM25 score of every passage for weighted query terms (a list counts repeats)."""
        if isinstance(terms, list):
            weighted: dict[str, float] = {}
            for term in terms:
                weighted[term] = weighted.get(term, 0.0) + 1.0
            terms = weighted
        total = np.zeros(self.n_docs, dtype=np.float64)
        for term, weight in terms.items():
            postings = self._postings.get(term)
            if postings is not None:
                total[postings.doc_ids] += weight * postings.weights
        return total

    def contains(self, term: str, doc_id: int) -> bool:
        """Whether passage doc_id holds term (binary search in its postings)."""
        postings = self._postings.get(term)
        if postings is None:
            return False
        pos = int(np.searchsorted(postings.doc_ids, doc_id))
        return pos < len(postings.doc_ids) and int(postings.doc_ids[pos]) == doc_id

    def top(self, scores: np.ndarray, k: int) -> list[int]:
        """Passage numbers of the k best scores, best first (ties: earlier passage first)."""
        k = min(k, len(scores))
        if k <= 0:
            return []
        candidates = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        return sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
