"""The analyzer and the BM25 index: one analyzer for both sides, scores equal to rank_bm25's."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from faqbot.retrieval.index import BM25Index, ReferenceBM25, lucene_idf
from faqbot.language.text import analyze, normalize


def test_normalize_folds_quotes_dashes_and_accents():
    assert normalize("Don\u2019t \u201cCaf\u00e9\u201d \u2014 na\u00efve") == "don't \"cafe\" - naive"


def test_analyzer_is_shared_by_passages_and_questions():
    assert analyze("How long do INFUSIONS last?") == ["long", "infus", "last"]
    assert analyze("The infusion lasts a long time") == ["infus", "last", "long", "time"]


def test_stopwords_and_possessives_are_dropped():
    assert analyze("What's the doctor's plan, and can I ask?") == ["doctor", "plan"]


def _random_corpus(seed: int, n_docs: int = 300, vocab: int = 120):
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    weights = [1.0 / (i + 1) for i in range(vocab)]  # Zipf-like: some words in most passages
    return [rng.choices(words, weights, k=rng.randint(3, 60)) for _ in range(n_docs)], words, rng


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_scores_equal_rank_bm25_reference_on_random_queries(seed):
    docs, words, rng = _random_corpus(seed)
    reference = ReferenceBM25(docs)
    index = BM25Index(docs)
    for _ in range(1000):
        query = rng.choices(words + ["unseen"], k=rng.randint(1, 6))
        expected = reference.get_scores(query)
        assert np.max(np.abs(index.scores(query) - expected)) < 1e-9


def test_chosen_idf_is_positive_and_decreasing_even_for_terms_in_most_passages():
    docs = [["ketamine", "infusion", f"topic{i}"] for i in range(20)] + [["ketamine", "drowsy"]]
    index = BM25Index(docs)
    okapi = BM25Okapi(docs)
    # rank_bm25's Okapi idf floors "ketamine" (in every passage) to epsilon * mean idf: the trap.
    assert okapi.idf["ketamine"] < okapi.idf["topic3"] * 0.5
    assert index.idf["ketamine"] > 0
    assert index.idf["ketamine"] == pytest.approx(lucene_idf(21, 21))
    assert index.idf["topic3"] > index.idf["infusion"] > index.idf["ketamine"] > 0
    assert index.unknown_idf > index.idf["topic3"]
    assert lucene_idf(21, 21) == pytest.approx(math.log(1 + 0.5 / 21.5))


def test_a_term_in_every_passage_still_ranks_the_passage_that_has_it_more():
    index = BM25Index([["ketamine", "ketamine", "calm"], ["ketamine", "calm", "room"], ["ketamine", "room"]])
    scores = index.scores(["ketamine"])
    assert scores[0] > scores[2] > 0
    assert index.top(index.scores(["calm"]), 3)[:2] == [0, 1]


def test_contains_and_weighted_queries():
    index = BM25Index([["a", "b"], ["b", "c"], ["c"]])
    assert index.contains("b", 1) and not index.contains("b", 2) and not index.contains("zzz", 0)
    half = index.scores({"c": 0.5})
    assert np.allclose(half * 2, index.scores(["c"]))
