"""BM25 retrieval over analyzed passages.

The idf is chosen on purpose. rank_bm25's BM25Okapi gives a term found in half or
more of the passages a floored (epsilon) or zero idf, so on a small guide the words
"ketamine" and "infusion" would count for almost nothing while a word found once
could even score below them. We use the Lucene / BM25+ idf,

    idf(t) = ln(1 + (N - n_t + 0.5) / (n_t + 0.5)),

which is positive and decreasing in n_t for every term. The reference for the
formula is rank_bm25 itself (``ReferenceBM25`` keeps its term-frequency loop and
swaps only the idf); ``BM25Index`` computes the same scores from precomputed
per-term postings (compressed sparse rows: one doc-id array and one weight array
for all terms), so a query touches only the passages that hold a query term.
The whole build is vectorized, so a million passages index in seconds.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterable, Mapping

import numpy as np

K1 = 1.5
B = 0.75
SPARSE_SHARE = 32  # a query whose postings are under n_docs / this skips the dense score array


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
    if name == "ReferenceBM25":  # ``from faqbot.index import ReferenceBM25`` still works, lazily
        return _reference_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class BM25Index:
    """Term -> postings index; ``scores`` equals ReferenceBM25.get_scores on the same tokens."""

    def __init__(self, documents: list[list[str]], k1: float = K1, b: float = B) -> None:
        if not documents:
            raise ValueError("an index needs at least one passage")
        vocabulary: dict[str, int] = {}
        total = sum(len(doc) for doc in documents)
        token_ids = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for doc in documents for t in doc),
                                dtype=np.int64, count=total)
        lengths = np.fromiter((len(doc) for doc in documents), dtype=np.int64, count=len(documents))
        self._build(list(vocabulary), token_ids, lengths, k1, b)

    @classmethod
    def from_token_ids(cls, terms: list[str], token_ids: np.ndarray, lengths: np.ndarray,
                       k1: float = K1, b: float = B) -> "BM25Index":
        """Index passages given as one flat array of term numbers (into ``terms``) and their lengths."""
        if len(lengths) == 0:
            raise ValueError("an index needs at least one passage")
        if int(np.sum(lengths)) != len(token_ids):
            raise ValueError(f"lengths add up to {int(np.sum(lengths))} tokens but {len(token_ids)} were given")
        index = cls.__new__(cls)
        index._build(list(terms), np.asarray(token_ids, dtype=np.int64), np.asarray(lengths, dtype=np.int64), k1, b)
        return index

    def _build(self, terms: list[str], token_ids: np.ndarray, lengths: np.ndarray, k1: float, b: float) -> None:
        n_docs, n_terms = len(lengths), len(terms)
        self.k1, self.b, self.n_docs = k1, b, n_docs
        self.avgdl = float(lengths.sum() / n_docs) or 1.0
        norm = k1 * (1.0 - b + b * lengths / self.avgdl)
        key = token_ids * n_docs + np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        del token_ids
        key.sort(kind="stable")
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if len(key) else key
        tf = np.diff(np.append(starts, len(key))).astype(np.float64)
        key = key[starts]
        term_of, docs = np.divmod(key, n_docs)
        del key, starts
        doc_freq = np.bincount(term_of, minlength=n_terms)
        idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
        weights = idf[term_of] * (tf * (k1 + 1.0)) / (tf + norm[docs])
        offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(doc_freq, out=offsets[1:])
        self._set(terms, offsets, docs.astype(np.int32), weights, idf)

    def _set(self, terms: list[str], offsets: np.ndarray, docs: np.ndarray, weights: np.ndarray,
             idf: np.ndarray) -> None:
        self._terms = terms
        self._term_id = {term: i for i, term in enumerate(terms)}
        self._offsets, self._docs, self._weights, self._idf = offsets, docs, weights, idf
        self.unknown_idf = lucene_idf(self.n_docs, 0)
        self._idf_dict: dict[str, float] | None = None

    # --- persistence: plain arrays only (see faqbot.library) ---------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The index as named numpy arrays (no Python objects), for a safe file format."""
        return {"offsets": self._offsets, "docs": self._docs, "weights": self._weights, "idf": self._idf,
                "shape": np.array([self.n_docs, len(self._terms)], dtype=np.int64),
                "params": np.array([self.k1, self.b, self.avgdl], dtype=np.float64)}

    @classmethod
    def from_arrays(cls, terms: list[str], arrays: Mapping[str, np.ndarray]) -> "BM25Index":
        """Rebuild an index saved with ``to_arrays``; raises ValueError if the arrays disagree."""
        n_docs, n_terms = (int(v) for v in arrays["shape"])
        offsets, docs = arrays["offsets"], arrays["docs"]
        if n_terms != len(terms) or len(offsets) != n_terms + 1 or offsets[-1] != len(docs) \
                or len(arrays["weights"]) != len(docs) or len(arrays["idf"]) != n_terms:
            raise ValueError("the index arrays do not fit together")
        if len(docs) and (docs.min() < 0 or docs.max() >= n_docs):
            raise ValueError("a posting names a passage outside the index")
        index = cls.__new__(cls)
        index.n_docs = n_docs
        index.k1, index.b, index.avgdl = (float(v) for v in arrays["params"])
        index._set(terms, offsets, docs, arrays["weights"], arrays["idf"])
        return index

    @property
    def terms(self) -> list[str]:
        """Every indexed term, in term-number order."""
        return self._terms

    # --- lookups -----------------------------------------------------------------

    @property
    def idf(self) -> dict[str, float]:
        """term -> idf (built on first use)."""
        if self._idf_dict is None:
            self._idf_dict = dict(zip(self._terms, self._idf.tolist()))
        return self._idf_dict

    def __contains__(self, term: str) -> bool:
        return term in self._term_id

    def __len__(self) -> int:
        return self.n_docs

    def doc_freq(self, term: str) -> int:
        """Number of passages holding term."""
        i = self._term_id.get(term)
        return 0 if i is None else int(self._offsets[i + 1] - self._offsets[i])

    def term_idf(self, term: str) -> float:
        """idf of a term; a term in no passage gets the largest possible idf."""
        i = self._term_id.get(term)
        return self.unknown_idf if i is None else float(self._idf[i])

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted passage numbers, BM25 weights) of a term; empty arrays for an unknown term."""
        i = self._term_id.get(term)
        if i is None:
            return self._docs[:0], self._weights[:0]
        start, end = self._offsets[i], self._offsets[i + 1]
        return self._docs[start:end], self._weights[start:end]

    def contains(self, term: str, doc_id: int) -> bool:
        """Whether passage doc_id holds term (binary search in its postings)."""
        docs, _ = self.postings(term)
        pos = int(np.searchsorted(docs, doc_id))
        return pos < len(docs) and int(docs[pos]) == doc_id

    # --- scoring -----------------------------------------------------------------

    def _gather(self, terms: Mapping[str, float] | Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated postings of the query terms, each weight times the term's query weight."""
        if not isinstance(terms, Mapping):
            counted: dict[str, float] = {}
            for term in terms:
                counted[term] = counted.get(term, 0.0) + 1.0
            terms = counted
        docs, weights = [], []
        for term, weight in terms.items():
            d, w = self.postings(term)
            if len(d):
                docs.append(d)
                weights.append(w if weight == 1.0 else weight * w)
        if not docs:
            return self._docs[:0], self._weights[:0]
        if len(docs) == 1:
            return docs[0], weights[0]
        return np.concatenate(docs), np.concatenate(weights)

    def scores(self, terms: Mapping[str, float] | list[str]) -> np.ndarray:
        """BM25 score of every passage for weighted query terms (a list counts repeats)."""
        docs, weights = self._gather(terms)
        if not len(docs):
            return np.zeros(self.n_docs, dtype=np.float64)
        return np.bincount(docs, weights=weights, minlength=self.n_docs)

    def top(self, scores: np.ndarray, k: int) -> list[int]:
        """Passage numbers of the k best scores, best first (ties: earlier passage first)."""
        k = min(k, len(scores))
        if k <= 0:
            return []
        positive = np.flatnonzero(scores > 0)
        candidates = positive if len(positive) >= k else np.arange(len(scores))
        return _best(candidates, scores[candidates], k).tolist()

    def search(self, terms: Mapping[str, float] | list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(passage numbers, scores) of the k best passages with a score > 0, best first.

        Candidate-only: with few postings no array of every passage is made at all.
        Same scores and order as ``top(scores(terms), k)`` restricted to scores > 0.
        """
        docs, weights = self._gather(terms)
        if len(docs) * SPARSE_SHARE < self.n_docs:
            candidates, inverse = np.unique(docs, return_inverse=True)
            sums = np.bincount(inverse.ravel(), weights=weights, minlength=len(candidates))
        else:
            dense = np.bincount(docs, weights=weights, minlength=self.n_docs)
            candidates = np.flatnonzero(dense > 0)
            sums = dense[candidates]
        keep = sums > 0
        candidates, sums = candidates[keep], sums[keep]
        best = _best(np.arange(len(candidates)), sums, min(k, len(candidates)))
        return candidates[best], sums[best]


def _best(ids: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """The k ids of the largest values, best first, ties by smaller id (ids ascending on input)."""
    if k <= 0:
        return ids[:0]
    if k < len(values):
        kth = np.partition(values, len(values) - k)[len(values) - k]
        chosen = np.flatnonzero(values >= kth)  # every tie of the k-th value stays in
        ids, values = ids[chosen], values[chosen]
    order = np.lexsort((ids, -values))[:k]
    return ids[order]
