"""Cost of the urgent check per message (issue target: under 0.2 ms), on the red-team sets.

    .venv/bin/python benchmarks/triage_bench.py

Prints mean and p99 microseconds per message for typical messages and for long ones,
and the whole question path (triage + retrieval + decision) beside it for scale.
"""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from faqbot import FAQBot
from faqbot.safety.triage import assess

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _timings(func, messages: list[str], rounds: int) -> list[float]:
    for message in messages:  # warm caches
        func(message)
    samples = []
    for _ in range(rounds):
        for message in messages:
            start = time.perf_counter()
            func(message)
            samples.append((time.perf_counter() - start) * 1e6)
    return samples


def _row(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return f"{name:<34} {statistics.mean(samples):>9.1f} {statistics.median(samples):>9.1f} {p99:>9.1f}"


def main() -> None:
    messages = [json.loads(line)["text"] for name in ("safety.jsonl", "safety_fresh.jsonl")
                for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    long_messages = [" ".join(messages[i:i + 12]) for i in range(0, 240, 12)]  # ~700-900 characters
    bot = FAQBot.from_path()
    questions = [json.loads(line)["question"] for line in (DATA / "questions.jsonl").read_text().splitlines()]
    print(f"{'path (microseconds per message)':<34} {'mean':>9} {'median':>9} {'p99':>9}")
    print(_row(f"triage, {len(messages)} red-team messages", _timings(assess, messages, 20)))
    print(_row(f"triage, {len(long_messages)} long messages", _timings(assess, long_messages, 20)))
    print(_row(f"bot.ask, {len(questions)} questions", _timings(bot.ask, questions, 5)))


if __name__ == "__main__":
    main()
