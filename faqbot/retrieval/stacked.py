"""The answer model for a guide with example questions: the plain model's reading and the examples' vote, weighed together.

Two more logistic regressions, stacked on the plain model (``learned.py``), plain data in the
same ``answer-model.json`` under ``with_examples``:

- the **scorer** gives each candidate the probability that it answers the question, from the
  plain scorer's probability and what the examples say about that passage (``SCORER_FEATURES``);
- the **decision** gives the probability that the best of them is a right answer, from the plain
  decision, the new scores, and how close the message comes to examples the guide answers and
  to those it does not (``DECISION_FEATURES``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .learned import AnswerModel, Evidence, Judgement

SCORER_FEATURES = ("plain_probability", "example_cosine", "example_below_best", "example_vote")
DECISION_FEATURES = ("plain_confidence", "plain_agrees", "top_probability", "margin", "top_vote",
                     "top_example_below_best", "nearest_example", "unanswered_ahead", "unanswered_vote",
                     "examples_log")


def scorer_rows(evidence: Evidence, docs: list[int], plain_probabilities: np.ndarray) -> np.ndarray:
    """The stacked scorer's features of each candidate."""
    found = evidence.examples
    closest = found.closest[docs]
    return np.stack([plain_probabilities, closest, closest - found.closest.max(), found.vote[docs]], 1)


def decision_row(evidence: Evidence, docs: list[int], plain_probabilities: np.ndarray, plain_confidence: float,
                 probabilities: np.ndarray) -> np.ndarray:
    """The stacked decision's features, once the candidates were scored."""
    found = evidence.examples
    order = np.argsort(-probabilities, kind="stable")
    top = docs[order[0]]
    second = probabilities[order[1]] if len(order) > 1 else 0.0
    plain_top = docs[int(np.argmax(plain_probabilities))]
    return np.array([plain_confidence, float(top == plain_top), probabilities[order[0]], probabilities[order[0]] - second,
                     found.vote[top], found.closest[top] - found.closest.max(), found.nearest,
                     found.nearest_unanswered - found.closest.max(), found.unanswered_vote, math.log1p(found.count)])


@dataclass
class ExampleModel(AnswerModel):
    """Stacked scorer and decision weights with their thresholds (see the module's docstring);
    ``plain`` is the model it stacks on."""

    scorer_features: ClassVar[tuple[str, ...]] = SCORER_FEATURES
    decision_features: ClassVar[tuple[str, ...]] = DECISION_FEATURES
    plain: AnswerModel | None = None

    def judge(self, evidence: Evidence) -> Judgement:
        """Score the candidates and decide for one question of a guide with example questions."""
        docs, plain_probabilities, plain_confidence = self.plain.read(evidence)
        probabilities = self.score(scorer_rows(evidence, docs, plain_probabilities))
        confidence = self.decide(decision_row(evidence, docs, plain_probabilities, plain_confidence, probabilities))
        order = np.argsort(-probabilities, kind="stable")
        return Judgement([docs[i] for i in order], [float(probabilities[i]) for i in order], confidence)
