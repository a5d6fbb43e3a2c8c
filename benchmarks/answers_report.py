"""How well answers generalize: the engine on every guide with a question set, one line a guide.

    .venv/bin/python benchmarks/answers_report.py [GUIDE QUESTIONS.jsonl ...]

Guides: the shipped guide with its question sets, the other guides in tests/data, and the training
guides in training/answers/ (their questions name sections; written by helpers who saw only the
guide). Prints strict, lenient, answer precision, refused and clarify rate (see
faqbot/cli/evaluate.py), the figures of issue 14's targets.
"""
from __future__ import annotations

import sys
from pathlib import Path

from faqbot import FAQBot
from faqbot.cli.evaluate import bot_answerer, evaluate, load_cases, resolve_sections

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
TRAINING = ROOT / "training" / "answers"


def guide_sets() -> list[tuple[Path, list[Path]]]:
    """(guide file, its question files) for every guide with questions."""
    sets = [(ROOT / "corpus" / "ketamine-infusion-guide.md", sorted(DATA.glob("questions*.jsonl")))]
    for folder in sorted(DATA.glob("*-guide")):
        guide = next(p for p in sorted(folder.iterdir()) if p.suffix in (".md", ".txt"))
        sets.append((guide, [folder / "questions.jsonl"]))
    for questions in sorted((TRAINING / "questions").glob("*.jsonl")):
        sets.append((next((TRAINING / "guides").glob(questions.stem + ".*")), [questions]))
    return sets


def report(guide: Path, questions: Path) -> str:
    bot = FAQBot.from_path(guide)
    figures = evaluate(resolve_sections(load_cases(questions), bot.passages), bot_answerer(bot))
    return (f"{guide.stem[:26]:26s} {questions.stem[:22]:22s} strict {figures.top1:.3f} lenient {figures.lenient:.3f} "
            f"precision {figures.precision:.3f} refused {figures.abstention:.3f} clarify {figures.clarify_rate:.3f} "
            f"({figures.answerable} answerable, {figures.unanswerable} not)")


def main(argv: list[str]) -> None:
    pairs = [(Path(g), [Path(q)]) for g, q in zip(argv[::2], argv[1::2])] if argv else guide_sets()
    for guide, question_files in pairs:
        for questions in question_files:
            print(report(guide, questions), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
