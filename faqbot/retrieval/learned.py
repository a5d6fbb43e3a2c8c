"""The learned answer model: which passage answers a question, and whether to answer, ask, or decline.

Two logistic regressions, plain data in ``data/answer-model.json`` (made by ``faqbot.retrieval.training``):

- the **scorer** gives each candidate passage (the lexical ranker's best and the encoder's nearest,
  ``candidates``) the probability that it answers the question, from ``SCORER_FEATURES``;
- the **decision** gives the probability that the best-scored passage is a right answer, from
  ``DECISION_FEATURES`` (how sure the scorer is, how close in meaning the guide comes, whether the
  rules see a name or a required kind of answer that the guide lacks).

A guide with enough example questions (``examples.py``) is read by ``with_examples``
(``stacked.py``), which weighs this model's reading together with the examples' vote.

At or above ``answer_at`` the bot answers; from ``clarify_at`` it offers the top passages as
suggestions ("did you mean"); below, the guide does not cover it. Thresholds are chosen by the
training script on leave-one-guide-out predictions.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import ClassVar
from functools import lru_cache
from pathlib import Path

import numpy as np

from .examples import ExampleEvidence

MODEL_FILE = Path(__file__).parent / "data" / "answer-model.json"
PER_SIDE = 6  # candidates taken from each side: the lexical ranker's top and the encoder's nearest
SCORER_FEATURES = ("cosine", "heading_cosine", "sentence_cosine", "cosine_below_best", "sentence_below_best",
                   "heading_below_best", "cosine_rank", "sentence_rank", "cosine_z", "bm25_share", "coverage",
                   "subject_coverage", "lexical_rank", "lexical_first", "answer_type_missing", "rules_pick")
DECISION_FEATURES = ("top_probability", "margin", "best_cosine", "cosine_gap", "best_sentence_cosine",
                     "top_coverage", "top_subject_coverage", "top_answer_type_missing", "unknown_name",
                     "unknown_lay_topic", "lexical_agrees", "cosine_agrees", "words_log", "unknown_share",
                     "unknown_count", "top_sentence_cosine", "top_cosine_z", "rules_answer", "rules_agree")


@dataclass
class Evidence:
    """What the bot knows about one question against one guide, before any decision."""

    cosine: np.ndarray  # (n,) question to "heading. text"
    heading_cosine: np.ndarray  # (n,)
    sentence_cosine: np.ndarray  # (n,) best sentence
    lexical: list[tuple[int, float, float, float]]  # the ranker's matches: (doc, score, coverage, subject coverage)
    type_missing: set[int] = field(default_factory=set)  # passages lacking the answer type asked ("how much")
    unknown_name: bool = False  # the question names something rare the guide never mentions
    unknown_lay_topic: bool = False  # a short question names a lay topic the guide has no word for
    words: int = 0
    asked: int = 0  # things the question asks about (not its question type, numbers or story around it)
    unknown: int = 0  # of those, how many the guide has no word for
    rules_pick: int = -1  # the passage the rules-only decision answers with, or -1 when it declines
    examples: ExampleEvidence | None = None  # what the guide's example questions say, when it has enough


def _inverse_rank(values: np.ndarray) -> np.ndarray:
    rank = np.empty(len(values))
    rank[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return 1.0 / (1.0 + rank)


def candidate_docs(cosine: np.ndarray, lexical: list, examples: ExampleEvidence | None = None) -> list[int]:
    """The lexical ranker's first PER_SIDE passages and the encoder's PER_SIDE nearest, and the
    passages the example questions vote for most, sorted."""
    nearest = np.argsort(-cosine, kind="stable")[:PER_SIDE].tolist()
    voted = [] if examples is None else [int(d) for d in np.argsort(-examples.vote, kind="stable")[:3]
                                         if examples.vote[d] > 0]
    return sorted(set(nearest) | {match[0] for match in lexical[:PER_SIDE]} | set(voted))


def candidates(evidence: Evidence) -> tuple[list[int], np.ndarray]:
    """The candidate passages (sorted) and their scorer features, one row each."""
    n = len(evidence.cosine)
    cos, head, sent = evidence.cosine, evidence.heading_cosine, evidence.sentence_cosine
    bm25, coverage, subject, lexical_rank = np.zeros(n), np.zeros(n), np.zeros(n), np.full(n, 1.0 / 31)
    best = max((score * cov ** 2 for _, score, cov, _ in evidence.lexical), default=1.0) or 1.0
    for rank, (doc, score, cov, sub) in enumerate(evidence.lexical):
        bm25[doc], coverage[doc], subject[doc], lexical_rank[doc] = score * cov ** 2 / best, cov, sub, 1 / (1 + rank)
    missing, rules = np.zeros(n), np.zeros(n)
    missing[list(evidence.type_missing)] = 1.0
    if evidence.rules_pick >= 0:
        rules[evidence.rules_pick] = 1.0
    z = (cos - cos.mean()) / (cos.std() + 1e-6)
    rows = np.stack([cos, head, sent, cos - cos.max(), sent - sent.max(), head - head.max(), _inverse_rank(cos),
                     _inverse_rank(sent), z, bm25, coverage, subject, lexical_rank, lexical_rank == 1.0, missing, rules], 1)
    docs = candidate_docs(cos, evidence.lexical, evidence.examples)
    return docs, rows[docs]


def decision_features(evidence: Evidence, docs: list[int], rows: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """The decision's inputs for a question whose candidates were scored."""
    order = np.argsort(-probabilities, kind="stable")
    top = docs[order[0]]
    second = probabilities[order[1]] if len(order) > 1 else 0.0
    cos = np.sort(evidence.cosine)[::-1]
    lexical_top = evidence.lexical[0][0] if evidence.lexical else -1
    return np.array([probabilities[order[0]], probabilities[order[0]] - second, cos[0],
                     cos[0] - (cos[1] if len(cos) > 1 else 0.0), float(evidence.sentence_cosine.max()),
                     rows[order[0], SCORER_FEATURES.index("coverage")],
                     rows[order[0], SCORER_FEATURES.index("subject_coverage")], float(top in evidence.type_missing),
                     float(evidence.unknown_name), float(evidence.unknown_lay_topic), float(top == lexical_top),
                     float(top == int(np.argmax(evidence.cosine))), math.log1p(evidence.words),
                     evidence.unknown / max(evidence.asked, 1), min(evidence.unknown, 3),
                     float(evidence.sentence_cosine[top]), rows[order[0], SCORER_FEATURES.index("cosine_z")],
                     float(evidence.rules_pick >= 0), float(top == evidence.rules_pick)])


def _logistic(rows: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(rows @ weights + bias)))


@dataclass(frozen=True)
class Judgement:
    """The model's reading of one question: passages best first with their probabilities, and
    the probability that the first is a right answer."""

    ranked: list[int]
    probabilities: list[float]
    confidence: float


@dataclass
class AnswerModel:
    """Scorer and decision weights with the two thresholds (see the module's docstring)."""

    scorer_features: ClassVar[tuple[str, ...]] = SCORER_FEATURES
    decision_features: ClassVar[tuple[str, ...]] = DECISION_FEATURES
    scorer_weights: np.ndarray
    scorer_bias: float
    decision_weights: np.ndarray
    decision_bias: float
    answer_at: float
    clarify_at: float
    about: dict = field(default_factory=dict)
    with_examples: "ExampleModel | None" = None  # reads guides with enough example questions (stacked.py)

    def for_evidence(self, evidence: Evidence) -> "AnswerModel | ExampleModel":
        """The model that decides on this evidence: ``with_examples`` when it has the examples' vote."""
        return self.with_examples if evidence.examples is not None and self.with_examples is not None else self

    def score(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each candidate (a row of scorer features) answers the question."""
        return _logistic(rows, self.scorer_weights, self.scorer_bias)

    def decide(self, features: np.ndarray) -> float:
        """Probability that the best-scored passage is a right answer."""
        return float(_logistic(features[None, :], self.decision_weights, self.decision_bias)[0])

    def read(self, evidence: Evidence) -> tuple[list[int], np.ndarray, float]:
        """The candidates (sorted), their probabilities, and the decision's probability."""
        docs, rows = candidates(evidence)
        probabilities = self.score(rows)
        return docs, probabilities, self.decide(decision_features(evidence, docs, rows, probabilities))

    def judge(self, evidence: Evidence) -> Judgement:
        """Score the candidates and decide for one question."""
        docs, probabilities, confidence = self.read(evidence)
        order = np.argsort(-probabilities, kind="stable")
        return Judgement([docs[i] for i in order], [float(probabilities[i]) for i in order], confidence)

    def to_dict(self) -> dict:
        data = {"scorer": dict(zip(self.scorer_features, map(float, self.scorer_weights)), bias=self.scorer_bias),
                "decision": dict(zip(self.decision_features, map(float, self.decision_weights)),
                                 bias=self.decision_bias),
                "answer_at": self.answer_at, "clarify_at": self.clarify_at, "about": self.about}
        if self.with_examples is not None:
            data["with_examples"] = self.with_examples.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "AnswerModel":
        scorer, decision = data["scorer"], data["decision"]
        model = cls(np.array([scorer[name] for name in cls.scorer_features]), float(scorer["bias"]),
                    np.array([decision[name] for name in cls.decision_features]), float(decision["bias"]),
                    float(data["answer_at"]), float(data["clarify_at"]), data.get("about", {}))
        if "with_examples" in data:
            from .stacked import ExampleModel

            model.with_examples = ExampleModel.from_dict(data["with_examples"])
            model.with_examples.plain = model
        return model

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def shipped_answer_model() -> AnswerModel | None:
    """The model shipped with faqbot, or None before one was trained."""
    if not MODEL_FILE.is_file():
        return None
    return AnswerModel.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
