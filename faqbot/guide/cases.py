"""Labelled questions for a guide: what ``faqbot eval`` scores and the answer model trains on.

Cases are JSON lines: {"question": str, "expected": [passage ids]}; an empty ``expected`` means
the guide does not answer it. A case may name the sections that answer it instead
({"question", "sections": [heading, ...]}, headings as the guide writes them), which
``resolve_sections`` turns into passage ids.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import FAQBotError
from .corpus import SECTION_SEPARATOR, slugify


@dataclass(frozen=True)
class Case:
    question: str
    expected: tuple[str, ...]
    split: str = ""
    sections: tuple[str, ...] = ()  # headings that answer it, when the case names sections, not ids


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
