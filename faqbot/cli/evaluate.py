"""A rerunnable evaluation: top-1 accuracy on answerable questions, abstention on the rest.

Cases (``faqbot.guide.cases``) are JSON lines: {"question": str, "expected": [passage ids]} or
{"question", "sections": [heading, ...]}; an empty ``expected`` means the guide does not answer it.

Figures: strict (answerable questions answered with a right passage), lenient (that, or a right
passage among the suggestions of a ``clarify``), answer precision (answers given that were
right), refused (unanswerable questions not answered) and the clarify rate (all messages).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..guide.cases import Case, load_cases, resolve_sections  # noqa: F401  (the CLI's and tests' names)


@dataclass
class Report:
    """What ``faqbot eval`` prints."""

    answerable: int = 0
    correct: int = 0
    unanswerable: int = 0
    abstained: int = 0
    misses: list[dict] = field(default_factory=list)
    answered: int = 0  # answers given, to any question
    answered_right: int = 0
    suggested_right: int = 0  # answerable questions met with a clarify whose suggestions hold a right passage
    clarified: int = 0

    @property
    def top1(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.unanswerable if self.unanswerable else 0.0

    @property
    def lenient(self) -> float:
        return (self.correct + self.suggested_right) / self.answerable if self.answerable else 0.0

    @property
    def precision(self) -> float:
        return self.answered_right / self.answered if self.answered else 0.0

    @property
    def clarify_rate(self) -> float:
        total = self.answerable + self.unanswerable
        return self.clarified / total if total else 0.0

    def to_dict(self) -> dict:
        return {"answerable": self.answerable, "top1_accuracy": round(self.top1, 4),
                "unanswerable": self.unanswerable, "abstention": round(self.abstention, 4),
                "strict": round(self.top1, 4), "lenient": round(self.lenient, 4),
                "answer_precision": round(self.precision, 4), "refused": round(self.abstention, 4),
                "clarify_rate": round(self.clarify_rate, 4), "misses": self.misses}


def evaluate(cases: list[Case], answer: Callable[[str], tuple]) -> Report:
    """Score ``answer(question) -> (passage id or None, type[, suggested ids])`` on the cases."""
    report = Report()
    for case in cases:
        passage_id, kind, *rest = answer(case.question)
        suggested = set(rest[0]) if rest else set()
        report.answered += kind == "answer"
        report.answered_right += kind == "answer" and passage_id in case.expected
        report.clarified += kind == "clarify"
        if case.expected:
            report.answerable += 1
            if kind == "answer" and passage_id in case.expected:
                report.correct += 1
            else:
                report.suggested_right += kind == "clarify" and bool(suggested & set(case.expected))
                report.misses.append({"question": case.question, "expected": list(case.expected),
                                      "got": passage_id if kind == "answer" else kind})
        else:
            report.unanswerable += 1
            if kind != "answer":
                report.abstained += 1
            else:
                report.misses.append({"question": case.question, "expected": [], "got": passage_id})
    return report


def bot_answerer(bot) -> Callable[[str], tuple[str | None, str, list[str]]]:
    """Adapter: a FAQBot as an answer function (with a clarify's suggested passages)."""
    def answer(question: str) -> tuple[str | None, str, list[str]]:
        result = bot.ask(question)
        suggestions = [s["id"] for s in getattr(result, "suggestions", None) or []]
        return (result.passage.id if result.passage else None), result.type, suggestions
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
