"""A rerunnable evaluation: top-1 accuracy on answerable questions, abstention on the rest.

Cases are JSON lines: {"question": str, "expected": [passage ids]}; an empty
``expected`` means the guide does not answer it and the bot should say so. A case may name the
sections that answer it instead ({"question", "sections": [heading, ...]}, headings as the guide
writes them), which ``resolve_sections`` turns into passage ids.

Figures: strict (answerable questions answered with a right passage), lenient (that, or a right
passage among the suggestions of a ``clarify``), answer precision (answers given that were
right), refused (unanswerable questions not answered) and the clarify rate (all messages).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ..errors import FAQBotError
from ..guide.corpus import SECTION_SEPARATOR, slugify


@dataclass(frozen=True)
class Case:
    question: str
    expected: tuple[str, ...]
    split: str = ""
    sections: tuple[str, ...] = ()  # headings that answer it, when the case names sections, not ids


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
            case = Case(str(row["question"]), tuple(row.get("expected") or ()), str(row.get("split", "")),
                        tuple(str(s) for s in row.get("sections") or ()))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise FAQBotError(f"cases file {str(path)!r} line {number} is not a case ({exc}); expected "
                              '{"question": "...", "expected": ["passage-id"]}') from exc
        if split is None or case.split == split:
            cases.append(case)
    if not cases:
        raise FAQBotError(f"cases file {str(path)!r} holds no cases" + (f" in split {split!r}" if split else ""))
    return cases


def resolve_sections(cases: list[Case], passages) -> list[Case]:
    """Cases that name sections, with the ids of those sections' passages as ``expected``.
    A heading the guide does not have is an error that names it."""
    by_heading: dict[str, list[str]] = {}
    for passage in passages:
        by_heading.setdefault(_heading_key(passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]), []).append(passage.id)
    resolved = []
    for case in cases:
        unknown = [s for s in case.sections if _heading_key(s) not in by_heading]
        if unknown:
            raise FAQBotError(f"case {case.question!r} names section {unknown[0]!r}, which the guide does not have; "
                              "copy the heading as the guide writes it")
        ids = tuple(i for s in case.sections for i in by_heading[_heading_key(s)])
        resolved.append(replace(case, expected=case.expected + ids))
    return resolved


def _heading_key(heading: str) -> str:
    return slugify(heading, limit=len(heading) + 1)  # as passage ids are made: case and punctuation aside


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
