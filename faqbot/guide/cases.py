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
    """Cases that name sections, with the ids of those sections' passages as ``expected``. A heading
    may be given whole or by its first words when they start no other heading ("How Ketamine
    Infusion Works" for a long title). A heading the guide does not have is an error that names it."""
    by_heading: dict[str, list[str]] = {}
    for passage in passages:
        by_heading.setdefault(heading_key(passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]), []).append(passage.id)
    resolved = []
    for case in cases:
        keys = [known_heading(s, by_heading) for s in case.sections]
        if None in keys:
            raise FAQBotError(f"case {case.question!r} names section {case.sections[keys.index(None)]!r}, which the "
                              "guide does not have; copy the heading (or its first words) as the guide writes it")
        resolved.append(replace(case, expected=case.expected + tuple(i for k in keys for i in by_heading[k])))
    return resolved


def known_heading(heading: str, by_heading: dict[str, list[str]]) -> str | None:
    """The key of the guide's heading that ``heading`` names, whole or by its first words, or None."""
    key = heading_key(heading)
    if key in by_heading:
        return key
    starting = [k for k in by_heading if k.startswith(key + "-")]
    return starting[0] if len(starting) == 1 else None


def heading_key(heading: str) -> str:
    return slugify(heading, limit=len(heading) + 1)  # as passage ids are made: case and punctuation aside
