"""The answer object: the one contract the Python API, the CLI and HTTP share."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from .guide.corpus import Passage

_random = threading.local()


def new_answer_id() -> str:
    """32 random hex digits (as uuid4().hex), from a per-thread buffer of os.urandom bytes:
    one system call per 256 answers instead of one each."""
    buffer = getattr(_random, "buffer", b"")
    if not buffer:
        buffer = os.urandom(16 * 256)
    _random.buffer = buffer[16:]
    return buffer[:16].hex()


@dataclass
class Answer:
    """The one answer object every interface returns (see docs/reference.md, "The answer object")."""

    type: str  # "answer" | "clarify" | "no_answer" | "urgent"
    reply: str
    disclaimer: str
    passage: Passage | None = None
    score: float | None = None
    confidence: float | None = None
    related: list[dict] = field(default_factory=list)
    resources: list[dict] = field(default_factory=list)
    reason: str = ""
    notice: str = ""  # a line to show beside the reply (support offered with a sensitive question)
    suggestions: list[dict] = field(default_factory=list)  # a clarify's passages: [{"id", "section", "text"}]
    id: str = field(default_factory=lambda: new_answer_id())  # what feedback on this answer names

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "reply": self.reply,
            "passage": None if self.passage is None else {
                "id": self.passage.id, "section": self.passage.section, "text": self.passage.text,
                **({"guide": self.passage.guide} if self.passage.guide else {}),
            },
            "score": None if self.score is None else round(self.score, 4),
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "disclaimer": self.disclaimer,
            "related": self.related,
            "resources": self.resources,
            "notice": self.notice,
            "reason": self.reason,
            "suggestions": self.suggestions,
        }
