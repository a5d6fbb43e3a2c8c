"""BM25 retrieval over analyzed passages.

The idf is chosen on purpose. rank_bm25's BM25Okapi gives a term found in half or
more of the passages a floored (epsilon) or zero idf, so on a small guide the words
"ketamine" and "infusion" would count for almost nothing while a word found once
could even score below them. We use the Lucene / BM25+ idf,

    idf(t) = ln(1 + (N - n_t + 0.5) / (n_t + 0.5)),

which is positive and decreasing in n_t for every term. The reference for the
formula is rank_bm25 itself (``faqbot.reference``: its term-frequency loop, only the
idf swapped); ``BM25Index`` computes the same scores from precomputed per-term
postings (compressed sparse rows: one doc-id array and one weight array for all
terms), so a query touches only the passages that hold a query term. In an index of
up to 200k passages the most frequent terms also keep a dense row of weights: adding
a row costs less than scattering its thousands of postings. The whole build is
vectorized, so a million passages index in seconds.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np

from .reference import lucene_idf, reference_bm25  # noqa: F401  (reference_bm25: re-exported)

K1 = 1.5
B = 0.75
SPARSE_SHARE = 32  # a query whose postings are under n_docs / this skips the dense score array
SET_LIMIT, SET_CACHE = 20_000, 4096  # contains(): terms in at most this many passages keep a set
ROW_SHARE = 8  # a term in at least n_docs / this many passages also keeps a dense row of its weights
ROW_BUDGET = 64 * 2**20  # bytes of dense rows at most (the most frequent terms first)
ROW_MAX_DOCS = 200_000  # beyond, a row no longer fits in cache and adding it costs more than its postings


def __getattr__(name: str):
    if name == "ReferenceBM25":  # ``from faqbot.index import ReferenceBM25`` works, importing rank_bm25 only then
        from .reference import _reference_class

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
        self._set(terms, offsets, docs.astype(np.intp), weights, idf)

    def _set(self, terms: list[str], offsets: np.ndarray, docs: np.ndarray, weights: np.ndarray,
             idf: np.ndarray) -> None:
        self._terms = terms
        self._term_id = {term: i for i, term in enumerate(terms)}
        self._offsets, self._docs, self._weights, self._idf = offsets, docs, weights, idf
        self.unknown_idf = lucene_idf(self.n_docs, 0)
        max_weight = np.maximum.reduceat(weights, offsets[:-1]) if len(terms) else weights[:0]
        self._bound, self._starts = max_weight.tolist(), offsets.tolist()  # Python numbers: fast per term
        self._idf_dict: dict[str, float] | None = None
        self._sets: dict[int, frozenset] = {}
        self._rows = self._dense_rows()

    def _dense_rows(self) -> dict[int, np.ndarray]:
        """Dense weight rows of the most frequent terms: adding a row of all passages costs less
        than scattering thousands of postings (the same sums, in the same order)."""
        if self.n_docs > ROW_MAX_DOCS:
            return {}
        doc_freq = np.diff(self._offsets)
        frequent = np.flatnonzero(doc_freq * ROW_SHARE >= self.n_docs)
        rows: dict[int, np.ndarray] = {}
        for term in frequent[np.argsort(-doc_freq[frequent], kind="stable")][:ROW_BUDGET // (8 * self.n_docs)]:
            row = rows[int(term)] = np.zeros(self.n_docs)
            row[self._term_docs(int(term))] = self._weights[self._starts[term]:self._starts[term + 1]]
        return rows

    # --- persistence: plain arrays only (see faqbot.library) ---------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The index as named numpy arrays (no Python objects), for a safe file format."""
        docs = self._docs.astype(np.int32) if self.n_docs < 2**31 else self._docs
        return {"offsets": self._offsets, "docs": docs, "weights": self._weights, "idf": self._idf,
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
        index._set(terms, offsets, docs.astype(np.intp, copy=False), arrays["weights"], arrays["idf"])
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

    def doc_freq(self, term: str) -> int:
        """Number of passages holding term."""
        i = self._term_id.get(term)
        return 0 if i is None else int(self._offsets[i + 1] - self._offsets[i])

    def term_idf(self, term: str) -> float:
        """idf of a term; a term in no passage gets the largest possible idf."""
        i = self._term_id.get(term)
        return self.unknown_idf if i is None else float(self._idf[i])

    def contains(self, term: str, doc_id: int) -> bool:
        """Whether passage doc_id holds term (a cached set of its passages, or a binary search)."""
        i = self._term_id.get(term)
        if i is None:
            return False
        start, end = self._starts[i], self._starts[i + 1]
        if end - start <= SET_LIMIT:
            return doc_id in self._doc_set(i)
        pos = start + int(np.searchsorted(self._docs[start:end], doc_id))
        return pos < end and int(self._docs[pos]) == doc_id

    def _doc_set(self, i: int) -> frozenset:
        found = self._sets.get(i)
        if found is None:
            if len(self._sets) >= SET_CACHE:
                self._sets.clear()  # a simple bound on memory; sets are rebuilt on demand
            found = self._sets[i] = frozenset(self._term_docs(i).tolist())
        return found

    # --- scoring -----------------------------------------------------------------

    def _gather(self, query: list[tuple[int, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated postings of the query terms, each weight times the term's query weight."""
        if not query:
            return self._docs[:0], self._weights[:0]
        if len(query) == 1:
            return self._term_docs(query[0][0]), self._term_weights(*query[0])
        return (np.concatenate([self._term_docs(i) for i, _ in query]),
                np.concatenate([self._term_weights(i, weight) for i, weight in query]))

    def scores(self, terms: Mapping[str, float] | list[str]) -> np.ndarray:
        """BM25 score of every passage for weighted query terms (a list counts repeats)."""
        return self._dense_sum(self._query(terms))

    def _dense_sum(self, query: list[tuple[int, float]]) -> np.ndarray:
        """Scores of all passages, the terms added one after another in query order: one bincount
        of their postings, or, when some have dense rows, term by term."""
        if not any(term in self._rows for term, _ in query):
            docs, weights = self._gather(query)
            return np.bincount(docs, weights=weights, minlength=self.n_docs) if len(docs) else np.zeros(self.n_docs)
        dense: np.ndarray | None = None  # a term with a row comes in this query, so it is set below
        for term, weight in query:
            row = self._rows.get(term)
            if row is None:
                if dense is None:
                    dense = np.zeros(self.n_docs, dtype=np.float64)
                dense[self._term_docs(term)] += self._term_weights(term, weight)
            elif dense is None:
                dense = row * weight  # a new array (0 + x is x: the same sums as from zeros)
            else:
                dense += row if weight == 1.0 else row * weight
        return dense

    def top(self, scores: np.ndarray, k: int) -> list[int]:
        """Passage numbers of the k best scores, best first (ties: earlier passage first)."""
        k = min(k, len(scores))
        if k <= 0:
            return []
        positive = np.flatnonzero(scores > 0)
        candidates = positive if len(positive) >= k else np.arange(len(scores))
        return candidates[_best(scores[candidates], k)].tolist()

    def search(self, terms: Mapping[str, float] | list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """(passage numbers, scores) of the k best passages with a score > 0, best first.

        Same scores (bit for bit) and order as ``top(scores(terms), k)`` restricted to scores > 0,
        but candidate-only: the passages of the highest-scoring terms are scored first, and the
        k-th best of them is a floor. With few postings (a large library) only the postings of
        terms that can lift a passage to the floor are read (MaxScore); with many, one dense sum
        is cheaper and the floor keeps the top-k selection to the few passages above it.
        """
        query = self._query(terms)
        if not query or k <= 0:
            return self._docs[:0], self._weights[:0]
        if len(query) == 1:  # one term: its postings are the candidates, its weights the scores
            if query[0][1] <= 0:
                return self._docs[:0], self._weights[:0]
            candidates, sums = self._term_docs(query[0][0]), self._term_weights(*query[0])
        else:
            candidates, sums = self._candidates(query, k)  # every candidate's score is > 0
        best = _best(sums, k)
        return candidates[best], sums[best]

    def _candidates(self, query: list[tuple[int, float]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Passages that may be in the top k, with their exact scores."""
        starts, bound, postings, positive, seed, best = self._starts, self._bound, 0, True, -1, 0.0
        for t, weight in query:  # one pass: postings to read, signs, the best seed for a dense sum
            size = starts[t + 1] - starts[t]
            postings += size
            positive = positive and weight > 0
            if size >= k and weight * bound[t] > best:
                seed, best = t, weight * bound[t]
        if postings * SPARSE_SHARE >= self.n_docs or not positive:
            return self._dense_candidates(query, k, seed)
        bounds = [weight * self._bound[t] for t, weight in query]
        order = sorted(range(len(query)), key=bounds.__getitem__)  # lowest bound first
        seeds, seed = [order[-1]], self._term_docs(query[order[-1]][0])
        while len(seed) < k and len(seeds) < len(order):  # the highest-bound terms, up to k passages
            seeds.append(order[-1 - len(seeds)])
            seed = _union([seed, self._term_docs(query[seeds[-1]][0])])
        if len(seed) < k:
            return self._dense_candidates(query, k, -1)
        seed_scores = self._score_docs(query, seed, query[seeds[0]][0] if len(seeds) == 1 else -1)
        floor = float(np.partition(seed_scores, len(seed) - k)[len(seed) - k])
        cut, below = 0, 0.0  # terms whose bounds add up to less than the floor cannot lift a passage
        while cut < len(order) and (below + bounds[order[cut]]) * (1 + 1e-9) < floor:
            below += bounds[order[cut]]
            cut += 1
        if set(order[cut:]) <= set(seeds):
            return seed, seed_scores
        candidates = _union([self._term_docs(query[j][0]) for j in order[cut:]])
        return candidates, self._score_docs(query, candidates)

    def _dense_candidates(self, query: list[tuple[int, float]], k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        """One dense sum; the k-th best of the seed term's passages (if any) is the floor of the top k."""
        dense = self._dense_sum(query)
        floor = 0.0
        if seed >= 0:
            seed_scores = dense[self._docs[self._starts[seed]:self._starts[seed + 1]]]
            floor = np.partition(seed_scores, len(seed_scores) - k)[len(seed_scores) - k]
        candidates = np.flatnonzero(dense >= floor) if floor > 0 else np.flatnonzero(dense > 0)
        return candidates, dense[candidates]

    def _query(self, terms: Mapping[str, float] | Iterable[str]) -> list[tuple[int, float]]:
        """(term number, query weight) of the known terms, in query order (a list counts repeats)."""
        weighted: dict[int, float] = {}
        items = terms.items() if isinstance(terms, Mapping) else ((t, 1.0) for t in terms)
        for term, weight in items:
            i = self._term_id.get(term)
            if i is not None:
                weighted[i] = weighted.get(i, 0.0) + weight
        return list(weighted.items())

    def _term_docs(self, i: int) -> np.ndarray:
        return self._docs[self._starts[i]:self._starts[i + 1]]

    def _term_weights(self, i: int, weight: float) -> np.ndarray:
        found = self._weights[self._starts[i]:self._starts[i + 1]]
        return found if weight == 1.0 else weight * found

    def _score_docs(self, query: list[tuple[int, float]], docs: np.ndarray, own: int = -1) -> np.ndarray:
        """Exact scores of some passages (sorted numbers), adding terms in query order like ``scores``;
        ``docs`` may be exactly the postings of term ``own``."""
        total = np.zeros(len(docs), dtype=np.float64)
        for i, weight in query:
            if i == own:
                total += self._term_weights(i, weight)
                continue
            postings = self._term_docs(i)
            pos = np.searchsorted(postings, docs)
            np.minimum(pos, len(postings) - 1, out=pos)
            found = self._weights[self._starts[i]:][pos]
            total += np.where(postings[pos] == docs, found if weight == 1.0 else weight * found, 0.0)
        return total


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    """Sorted distinct values of some arrays (np.unique's hashing is slow on small arrays)."""
    values = np.concatenate(arrays)
    values.sort()
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _best(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest values, best first; ties: the earlier position first."""
    if k < len(values) and len(values) > 64:  # a small set is simply sorted
        kth = np.partition(values, len(values) - k)[len(values) - k]
        chosen = np.flatnonzero(values >= kth)  # every tie of the k-th value stays in
        return chosen[np.argsort(-values[chosen], kind="stable")[:k]]
    return np.argsort(-values, kind="stable")[:max(k, 0)]
