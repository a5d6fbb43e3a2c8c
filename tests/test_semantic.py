"""Similarity in meaning: the shipped model loads offline and reranks the lexical candidates."""
from __future__ import annotations

import logging

import numpy as np
import pytest

from faqbot import FAQBot
from faqbot.language import semantic
from faqbot.guide.corpus import Passage
from faqbot.language.semantic import Embedder, PassageVectors, model_files, shared_embedder
from conftest import rules_only


class _Encoding:
    def __init__(self, ids):
        self.ids = ids


class _WordTokenizer:
    """A tokenizer of fixed words, to check the pooling arithmetic by hand."""

    def __init__(self, vocabulary):
        self.vocabulary = vocabulary

    def encode(self, text, add_special_tokens=False):
        return _Encoding([self.vocabulary[w] for w in text.split() if w in self.vocabulary])


def test_the_model_ships_inside_the_installed_package_and_loads_without_a_network():
    files = model_files()
    assert files is not None, "pip install the wordllama wheel: it carries the model files"
    embedder = shared_embedder()
    assert embedder is not None and embedder.dimensions == 256
    vectors = embedder.embed(["how long does an infusion take", "", "1\ud800"])
    assert vectors.shape == (3, 256)
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any()  # no tokens: similar to nothing


def test_a_text_is_the_unit_mean_of_its_token_vectors():
    vectors = np.array([[1, 0], [0, 1], [3, 4]], dtype=np.float16)
    embedder = Embedder(_WordTokenizer({"a": 0, "b": 1, "c": 2}), vectors)
    a_and_b, c, unknown = embedder.embed(["a b", "c", "zzz"])
    np.testing.assert_allclose(a_and_b, [2 ** -0.5, 2 ** -0.5], rtol=1e-6)
    np.testing.assert_allclose(c, [0.6, 0.8], rtol=1e-3)
    assert not unknown.any()


def test_paraphrases_are_closer_than_unrelated_texts():
    embedder = shared_embedder()
    duration, vitals = embedder.embed(["A single infusion normally runs for about 40 to 60 minutes.",
                                       "Staff keep a close watch on your blood pressure and heart rate."])
    question = embedder.embed(["how much time should i set aside for the drip"])[0]
    assert question @ duration > question @ vitals
    check = embedder.embed(["do they check my pulse and oxygen"])[0]
    assert check @ vitals > check @ duration


def test_passage_vectors_are_computed_once_and_only_for_candidates():
    asked = []
    texts = ["the infusion takes an hour", "your heart rate is watched", "bring a friend to drive you"]

    def text_of(doc):
        asked.append(doc)
        return texts[doc]

    vectors = PassageVectors(shared_embedder(), text_of)
    first = vectors.similarities("who drives me home", [2, 0])
    again = vectors.similarities("who drives me home", [2, 0])
    assert asked == [2, 0] and first == again and first[0] > first[1]


def test_meaning_picks_between_passages_that_share_the_questions_words(rules_bot):
    """"prescriptions" reaches the stem "medic", shared by "medication" (the provider's review) and
    "medical" (supervision); only the meaning tells that telling them about your pills is the review."""
    question = "do i have to tell them about all my prescriptions"
    words_only = rules_only(FAQBot(rules_bot.passages, rules_bot.settings.with_overrides(meaning_weight=0.0),
                                   rules_bot.lay_terms))
    assert words_only.ask(question).passage.id != "step-1-your-evaluation-before-treatment-what-the-provider-re-1"
    assert rules_bot.ask(question).passage.id == "step-1-your-evaluation-before-treatment-what-the-provider-re-1"


def test_without_the_model_the_bot_ranks_by_words_and_says_why(monkeypatch, caplog):
    monkeypatch.setattr(semantic, "model_files", lambda: None)
    shared_embedder.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="faqbot.language.semantic"):
            bot = FAQBot([Passage("p-1", "Infusion", "An infusion takes about an hour.")])
        assert bot.meaning is None
        assert "wordllama" in caplog.text
        assert bot.ask("how long does the infusion take").type == "answer"
    finally:
        shared_embedder.cache_clear()


def test_a_passage_just_short_of_coverage_is_answered_when_meaning_picks_it_too(rules_bot):
    """"vital sings": "sings" is a real word the guide lacks; words alone cover too little to answer."""
    words_only = rules_only(FAQBot(rules_bot.passages, rules_bot.settings.with_overrides(meaning_weight=0.0),
                                   rules_bot.lay_terms))
    refused = words_only.ask("vital sings")
    assert refused.type == "no_answer" and refused.confidence < rules_bot.settings.min_coverage
    answer = rules_bot.ask("vital sings")
    assert answer.passage.id == "step-2-the-infusion-session-monitoring-your-vital-signs-1"
    assert "meaning model picks the same passage" in answer.reason


def test_meaning_alone_never_answers_what_the_words_barely_cover(bot):
    """The second chance needs some coverage: an off-guide question stays refused."""
    for question in ("do you take blue cross insurance", "can i bring my dog", "what is the weather like"):
        assert bot.ask(question).type == "no_answer", question


def test_meaning_never_overrides_a_topic_the_passage_lacks(bot):
    """"pregnant" is a topic patients name (the lay-term map knows it); a passage without it gets
    no second chance, however close in meaning."""
    for question in ("im pregnant can i still get ketamine", "can i get ketamine while pregnant"):
        assert bot.ask(question).type == "no_answer", question
