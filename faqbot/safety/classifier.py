"""The learned crisis detector: logistic regression on what the sentence encoder and the rules see.

A message's features (``features``) are the encoder's mean and maximum token vectors (384 numbers
each) and three flags from the rules (a rule called it urgent, a sensitive mention, a rule match its
context set aside), so the model learns how far to trust a rule; the model adds four from its
memory of the training messages (``memory``: how near the nearest crises and ordinary messages
are). The model is plain data (``data/crisis-model.json`` and ``data/crisis-memory.npz``): one
weight a feature and an intercept for "urgent or not", and one row of weights a kind of crisis for
"which help fits". It is trained by ``faqbot.safety.training``
from ``training/safety/`` (a test rebuilds it). Two thresholds split the urgent probability into
three bands: ``urgent`` (help first), ``concern`` (answer, with the crisis line shown first) and nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .memory import MEMORY_FILE, ExampleMemory

MODEL_FILE = "crisis-model.json"
RULE_FLAG_SCALE = 0.5  # the rules' 0/1 flags, on the scale of a unit vector's larger entries
NEIGHBOUR_SCALE = 2.0  # the memory's cosines, likewise
MEAN_DIMENSIONS = 384  # the mean vector leads each row of features


def features(mean: np.ndarray, peak: np.ndarray, rule_flags: np.ndarray) -> np.ndarray:
    """Rows of model input: mean vector, maximum vector, rule flags (urgent, concern, dismissed)."""
    return np.hstack([mean, peak, RULE_FLAG_SCALE * np.asarray(rule_flags, dtype=np.float32)]).astype(np.float32)


@dataclass(frozen=True)
class CrisisVerdict:
    """The classifier's view of one message."""

    probability: float  # that the message is urgent
    band: str  # "urgent", "concern" or ""
    category: str  # the most likely kind of crisis (only meaningful when band is set)


@dataclass
class CrisisModel:
    """Urgent-or-not and kind-of-crisis weights over encoder vectors, with the two thresholds."""

    coef: np.ndarray  # (features,)
    intercept: float
    urgent_threshold: float
    concern_threshold: float
    categories: list[str]
    category_coef: np.ndarray  # (categories, features)
    category_intercept: np.ndarray  # (categories,)
    about: dict  # how it was trained: encoder, data, parameters, cross-validated figures
    memory: ExampleMemory | None = None  # the training messages, for the neighbour features

    def inputs(self, rows: np.ndarray) -> np.ndarray:
        """A message's ``features`` with the memory's four neighbour features after them."""
        if self.memory is None:
            return rows
        return np.hstack([rows, NEIGHBOUR_SCALE * self.memory.features(rows[:, :MEAN_DIMENSIONS])])

    def predict_proba(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each row's message is urgent (rows of ``features``)."""
        return self._probabilities(self.inputs(rows))

    def predict_category(self, rows: np.ndarray) -> list[str]:
        """The most likely kind of crisis for each row's message."""
        return self._kinds(self.inputs(rows))

    def _probabilities(self, inputs: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(inputs @ self.coef + self.intercept)))

    def _kinds(self, inputs: np.ndarray) -> list[str]:
        scores = inputs @ self.category_coef.T + self.category_intercept
        return [self.categories[i] for i in scores.argmax(axis=1)]

    def weights(self) -> dict[str, np.ndarray]:
        """Every learned number, by name (what a rebuild is compared on)."""
        return {"coef": self.coef, "intercept": np.array([self.intercept]), "category_coef": self.category_coef,
                "category_intercept": self.category_intercept}

    def verdict(self, row: np.ndarray) -> CrisisVerdict:
        """The band and kind of one message's features."""
        inputs = self.inputs(row[None, :])  # the memory is consulted once for both heads
        probability = float(self._probabilities(inputs)[0])
        band = ("urgent" if probability >= self.urgent_threshold
                else "concern" if probability >= self.concern_threshold else "")
        return CrisisVerdict(probability, band, self._kinds(inputs)[0])

    def to_dict(self) -> dict:
        return {"about": self.about, "memory_file": MEMORY_FILE if self.memory is not None else None,
                "urgent_threshold": self.urgent_threshold, "concern_threshold": self.concern_threshold, "intercept": self.intercept,
                "coef": [round(float(x), 7) for x in self.coef], "categories": self.categories,
                "category_intercept": [round(float(x), 7) for x in self.category_intercept],
                "category_coef": [[round(float(x), 7) for x in row] for row in self.category_coef]}

    @classmethod
    def from_dict(cls, data: dict) -> "CrisisModel":
        return cls(np.asarray(data["coef"], dtype=np.float32), float(data["intercept"]),
                   float(data["urgent_threshold"]), float(data["concern_threshold"]), list(data["categories"]),
                   np.asarray(data["category_coef"], dtype=np.float32),
                   np.asarray(data["category_intercept"], dtype=np.float32), dict(data.get("about", {})))

    def save(self, path: Path) -> None:
        """The weights as JSON at ``path``, the memory beside it (``MEMORY_FILE``)."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
        if self.memory is not None:
            self.memory.save(Path(path).with_name(MEMORY_FILE))


@lru_cache(maxsize=1)
def shipped_model() -> CrisisModel:
    """The model shipped with the package."""
    folder = resources.files("faqbot.safety").joinpath("data")
    data = json.loads(folder.joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    model = CrisisModel.from_dict(data)
    if data.get("memory_file"):
        with folder.joinpath(data["memory_file"]).open("rb") as source:
            model.memory = ExampleMemory.load(source)
    return model
