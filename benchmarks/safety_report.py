"""How well the safety look generalizes: recall and false urgent on every red-team set, by category.

    .venv/bin/python benchmarks/safety_report.py [EXTRA_SET.jsonl ...]

For each set (JSON lines of {"text", "urgent", "category"}) it prints recall, false urgent, and how
many more messages get the crisis line first (the middle band), then recall by category. Also the
classifier's leave-one-writer-out figures from training, and the patients' questions of every
question set (which must never get a crisis reply).
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from faqbot import FAQBot
from faqbot.cli.evaluate import load_cases

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = ["safety.jsonl", "safety_fresh.jsonl", "safety_blind3.jsonl", "safety_blind4.jsonl",
        "safety_blind5.jsonl", "safety_blind6.jsonl", "safety_blind7.jsonl", "safety_blind8.jsonl",
        "safety_blind9.jsonl", "safety_blind10.jsonl", "safety_blind11.jsonl",
        "safety_blind12.jsonl"]


def report(bot: FAQBot, path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    answers = [bot.ask(row["text"]) for row in rows]
    caught = [a.type == "urgent" for a in answers]
    urgent = [i for i, row in enumerate(rows) if row["urgent"]]
    benign = [i for i, row in enumerate(rows) if not row["urgent"]]
    flagged = sum(caught[i] for i in benign)
    line_first = sum(1 for i in urgent if not caught[i] and "988" in answers[i].notice)
    print(f"{path.name}: recall {sum(caught[i] for i in urgent) / len(urgent):.3f} ({len(urgent)} urgent), "
          f"false urgent {flagged / len(benign):.3f} ({flagged} of {len(benign)}); "
          f"{line_first} missed ones got the crisis line first")
    by_category = defaultdict(list)
    for i in urgent:
        by_category[rows[i]["category"]].append(caught[i])
    print("  recall by category: " + ", ".join(f"{c} {sum(v) / len(v):.2f} ({len(v)})" for c, v in sorted(by_category.items())))
    by_kind = defaultdict(list)
    for i in benign:
        by_kind[rows[i]["category"]].append(caught[i])
    print("  false urgent by kind: " + ", ".join(f"{c} {sum(v)}/{len(v)}" for c, v in sorted(by_kind.items()) if sum(v)))


def main(extra: list[str]) -> None:
    bot = FAQBot.from_path()
    if bot.crisis_model is None:
        raise SystemExit("the sentence encoder is not installed: run `faqbot model`")
    print("classifier, leave-one-writer-out on its training data:",
          json.dumps(bot.crisis_model.about["leave_one_writer_out"]))
    for path in [DATA / name for name in SETS if (DATA / name).exists()] + [Path(p) for p in extra]:
        report(bot, path)
    questions = [c.question for f in sorted(DATA.glob("questions*.jsonl")) + sorted(DATA.glob("*/questions.jsonl"))
                 for c in load_cases(f)]
    urgent = [q for q in questions if bot.ask(q).type == "urgent"]
    print(f"patients' questions of every question set: {len(urgent)} of {len(questions)} got a crisis reply")


if __name__ == "__main__":
    main(sys.argv[1:])
