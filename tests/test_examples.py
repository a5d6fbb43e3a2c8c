"""A guide's example questions (taught questions) as a nearest-neighbour vote read by the answer model."""
from __future__ import annotations

import json

import numpy as np
import pytest

from faqbot import FAQBot
from faqbot.guide.taught import TAUGHT_NAME, load_taught
from faqbot.retrieval import training
from faqbot.retrieval.examples import ENOUGH, NEIGHBOURS, UNANSWERED, example_evidence
from faqbot.settings import DEFAULT_CORPUS


def test_the_closest_examples_vote_for_their_passages_weighed_by_closeness():
    similarities = np.array([0.90, 0.89, 0.60, 0.88, 0.10])
    passages = np.array([2, 2, 0, UNANSWERED, 1])
    found = example_evidence(similarities, passages, 4)
    assert found.closest.tolist() == pytest.approx([0.60, 0.10, 0.90, 0.0])
    assert found.nearest == pytest.approx(0.90) and found.nearest_unanswered == pytest.approx(0.88)
    assert found.vote.sum() + found.unanswered_vote == pytest.approx(1.0)
    assert found.vote[2] > found.unanswered_vote > found.vote[0] > found.vote[1] > 0  # 0.30 less alike: ~e^-6
    far = example_evidence(np.linspace(0.9, 0.0, NEIGHBOURS + 5), np.zeros(NEIGHBOURS + 5, dtype=int), 1)
    assert far.vote[0] == pytest.approx(1.0) and far.unanswered_vote == 0.0


def test_a_taught_question_may_say_the_guide_does_not_answer_it(tmp_path):
    passages = FAQBot.from_path().passages
    path = tmp_path / TAUGHT_NAME
    path.write_text('{"question": "do you take medicare", "passage": null}\n'
                    f'{{"question": "can my son drive me", "passage": "{passages[3].id}"}}\n')
    assert load_taught(path, passages) == [("do you take medicare", UNANSWERED), ("can my son drive me", 3)]


def test_the_shipped_examples_are_the_shipped_guides_question_sets():
    shipped = training.SHIPPED_EXAMPLES
    assert shipped.parent == DEFAULT_CORPUS.parent
    assert shipped.read_text(encoding="utf-8") == training.shipped_examples(), \
        "rebuild it: python -m faqbot.retrieval.training --examples"
    rows = [json.loads(line) for line in shipped.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= ENOUGH and any(r["passage"] is None for r in rows)


def test_examples_change_the_reading_only_when_a_guide_has_enough(bot):
    evidence = bot.evidence("is it safe to drive myself home after")
    assert evidence.examples is not None and evidence.examples.vote.sum() > 0
    assert bot.answer_model.for_evidence(evidence) is bot.answer_model.with_examples
    few = FAQBot(bot.passages, taught=[("can my son drive me", 3)])
    assert few.evidence("is it safe to drive myself home after").examples is None


class _CountingEncoder:
    """The shared encoder, counting the texts it is given."""

    def __init__(self, encoder) -> None:
        self.encoder, self.encoded = encoder, 0

    def encode(self, texts, **options):
        self.encoded += len(texts)
        return self.encoder.encode(texts, **options)

    def __getattr__(self, name):
        return getattr(self.encoder, name)


def test_the_shipped_guide_and_its_examples_ship_encoded(bot, monkeypatch):
    """A first start after install encodes nothing of them (rebuild: python -m faqbot.retrieval.training --examples)."""
    monkeypatch.setenv("FAQBOT_CACHE_DIR", "off")
    counting = _CountingEncoder(bot.encoder)
    fresh = FAQBot(bot.passages, encoder=counting, taught=load_taught(training.SHIPPED_EXAMPLES, bot.passages))
    assert counting.encoded == 0, "the shipped vectors are stale"
    assert np.allclose(fresh.taught.vectors[:20], bot.encoder.encode(fresh.taught.questions[:20]), atol=3e-3)
