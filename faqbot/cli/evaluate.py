"""A rerunnable evaluation: top-1 accuracy on answerable questions, abstention on the rest.

Cases are JSON lines: {"question": str, "expected": [passage ids]}; an empty
``expected`` means the guide does not answer it and the bot should say so.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import FAQBotError


@dataclass(frozen=True)
class Case:
    question: str
    expected: tuple[str, ...]
    split: str = ""


@dataclass
class Report:
    """What ``faqbot eval`` prints."""

    answerable: int = 0
    correct: int = 0
    unanswerable: int = 0
    abstained: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def top1(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.unanswerable if self.unanswerable else 0.0

    def to_dict(self) -> dict:
        return {"answerable": self.answerable, "top1_accuracy": round(self.top1, 4),
                "unanswerable": self.unanswerable, "abstention": round(self.abstention, 4),
                "misses": self.misses}


def load_cases(path: str | Path, split: str | None = None) -> list[Case]:
    """Read evaluation cases, optionally only one split ("dev" or "holdout")."""
    cases = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FAQBotError(f"cases file {str(path)!r} cannot be read ({exc}); pass a JSON-lines file") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            case = Case(str(row["question"]), tuple(row.get("expected") or ()), str(row.get("split", "")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise FAQBotError(f"cases file {str(path)!r} line {number} is not a case ({exc}); expected "
                              '{"question": "...", "expected": ["passage-id"]}') from exc
        if split is None or case.split == split:
            cases.append(case)
    if not cases:
        raise FAQBotError(f"cases file {str(path)!r} holds no cases" + (f" in split {split!r}" if split else ""))
    return cases


def evaluate(cases: list[Case], answer: Callable[[str], tuple[str | None, str]]) -> Report:
    """Score ``answer(question) -> (passage id or None, type)`` on the cases."""
    report = Report()
    for case in cases:
        passage_id, kind = answer(case.question)
        if case.expected:
            report.answerable += 1
            if kind == "answer" and passage_id in case.expected:
                report.correct += 1
            else:
                report.misses.append({"question": case.question, "expected": list(case.expected),
                                      "got": passage_id if kind == "answer" else kind})
        else:
            report.unanswerable += 1
            if kind != "answer":
                report.abstained += 1
            else:
                report.misses.append({"question": case.question, "expected": [], "got": passage_id})
    return report


def bot_answerer(bot) -> Callable[[str], tuple[str | None, str]]:
    """Adapter: a FAQBot as an answer function."""
    def answer(question: str) -> tuple[str | None, str]:
        result = bot.ask(question)
        return (result.passage.id if result.passage else None), result.type
    return answer


def baseline_answerer(passages) -> Callable[[str], tuple[str | None, str]]:
    """Plain rank_bm25 BM25Okapi over lower().split() tokens; answers whenever the best score > 0."""
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi([f"{p.section} {p.text}".lower().split() for p in passages])

    def answer(question: str) -> tuple[str | None, str]:
        scores = bm25.get_scores(question.lower().split())
        best = max(range(len(passages)), key=lambda i: scores[i])
        return (passages[best].id, "answer") if scores[best] > 0 else (None, "no_answer")
    return answer
