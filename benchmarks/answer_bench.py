"""Cost of the whole question path against the encoder's own time, side by side in one run (ratios).

    .venv/bin/python benchmarks/answer_bench.py [--passages N]

For patients' questions on the shipped guide (its blind sets, none of them an example question), and on a library of N MedQuAD passages (default
2,000; the issue's scale is 16,457, whose passage vectors take some minutes to encode once), each
question is asked with every cache cleared: the safety look, retrieval, the answer model. Printed:
milliseconds per question for the encoder alone on that message and for the whole path, and
their ratio (issue 14's budget: at most 2).
"""
from __future__ import annotations

import argparse
import statistics
import time

from benchlib import medquad_rows, unseen_questions

from faqbot import FAQBot
from faqbot.guide.corpus import Passage


def _uncached_ms(bot: FAQBot, questions: list[str]) -> tuple[list[float], list[float]]:
    """(encoder alone, whole path) milliseconds for each question, caches cleared before each."""
    encoder, alone, whole = bot.encoder, [], []
    for question in questions:
        encoder._single.cache_clear()
        start = time.perf_counter()
        encoder.encode_pooled([question])
        alone.append((time.perf_counter() - start) * 1e3)
        encoder._single.cache_clear()
        bot._triage_cached.cache_clear()
        start = time.perf_counter()
        bot._decide(question, bot.settings)
        whole.append((time.perf_counter() - start) * 1e3)
    return alone, whole


def report(name: str, bot: FAQBot, questions: list[str]) -> None:
    _uncached_ms(bot, questions[:10])  # warm up
    alone, whole = _uncached_ms(bot, questions)
    a, w = statistics.mean(alone), statistics.mean(whole)
    print(f"{name:<34} encoder {a:7.2f} ms  whole path {w:7.2f} ms  ratio {w / a:5.2f}  "
          f"(median ratio {statistics.median(x / y for x, y in zip(whole, alone)):.2f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=2000, help="MedQuAD passages in the large library")
    args = parser.parse_args()
    questions = unseen_questions()[::3][:200]  # not example questions: each goes through the answer model
    start = time.perf_counter()
    shipped = FAQBot.from_path()
    print(f"shipped guide: loaded (passage vectors encoded) in {time.perf_counter() - start:.2f} s")
    report(f"shipped guide ({len(shipped.passages)} passages)", shipped, questions)
    rows = medquad_rows()[: args.passages]
    passages = [Passage(row["id"], row["title"], row["text"]) for row in rows]
    start = time.perf_counter()
    library = FAQBot(passages)
    print(f"MedQuAD library: {len(passages):,} passages encoded in {time.perf_counter() - start:.1f} s "
          "(once; `faqbot index` stores the vectors)")
    titles = [row["title"].replace("What is (are)", "what is").lower() for row in rows[::max(1, len(rows) // 200)]]
    report(f"MedQuAD ({len(passages):,} passages)", library, titles[:200])


if __name__ == "__main__":
    main()
