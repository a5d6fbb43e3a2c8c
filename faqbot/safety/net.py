"""A second look for crises the triage rules miss: closeness in meaning to known messages.

Rules (``triage``) catch what they were written for; a red-team set written blind to them
showed that people say a crisis in ways no rule foresaw ("i bought a gun yesterday. not for
protection"). The net compares a message, and each of its sentences, with example messages
shipped in ``data/triage-examples.jsonl``: urgent ones from the project's red-team sets, and
benign ones (lookalikes such as "this traffic is killing me", and patients' ordinary questions).
A message is urgent when a sentence is close to an urgent example and clearly closer to it
than to any benign one. It runs only where the rules found nothing, and not on requests for
personal medical advice, which already go to the provider.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..language.semantic import Embedder, shared_embedder

EXAMPLES_FILE = "triage-examples.jsonl"
MIN_SIMILARITY = 0.50  # to the closest urgent example
MIN_MARGIN = 0.15  # over the closest benign example
MIN_WORDS = 6  # shorter messages are left to the rules (short questions match by chance)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class NetMatch:
    """The urgent example a message is closest to."""

    category: str
    example: str
    similarity: float
    margin: float


class SafetyNet:
    """Urgent and benign example messages as vectors; ``check`` finds a message's closest."""

    def __init__(self, embedder: Embedder, examples: list[dict]) -> None:
        urgent = [e for e in examples if e["urgent"]]
        benign = [e for e in examples if not e["urgent"]]
        if not urgent or not benign:
            raise ValueError("the safety net needs urgent and benign examples; check data/triage-examples.jsonl")
        self.embedder = embedder
        self.urgent = urgent
        self.urgent_vectors = embedder.embed([e["text"] for e in urgent])
        self.benign_vectors = embedder.embed([e["text"] for e in benign])

    @classmethod
    def shipped(cls, embedder: Embedder) -> "SafetyNet":
        """The net on the examples shipped with the package."""
        text = resources.files("faqbot.safety").joinpath("data", EXAMPLES_FILE).read_text(encoding="utf-8")
        return cls(embedder, [json.loads(line) for line in text.splitlines() if line.strip()])

    def check(self, message: str) -> NetMatch | None:
        """The closest urgent example when the message, or one of its sentences, is close to it."""
        if len(message.split()) < MIN_WORDS:
            return None
        sentences = [s for s in _SENTENCE.split(message) if s.strip()]
        vectors = self.embedder.embed([message] + (sentences if len(sentences) > 1 else []))
        urgent = vectors @ self.urgent_vectors.T
        closest_urgent = urgent.max(axis=1)
        margins = closest_urgent - (vectors @ self.benign_vectors.T).max(axis=1)
        best = int(np.argmax(margins))
        if closest_urgent[best] < MIN_SIMILARITY or margins[best] < MIN_MARGIN:
            return None
        example = self.urgent[int(np.argmax(urgent[best]))]
        return NetMatch(example["category"], example["text"], float(closest_urgent[best]), float(margins[best]))


@lru_cache(maxsize=1)
def shared_safety_net() -> SafetyNet | None:
    """The shipped net, built once a process on first use; None without the meaning model."""
    embedder = shared_embedder()
    return None if embedder is None else SafetyNet.shipped(embedder)
