"""Cost of the learned safety look per message, side by side in one run (ratios, not a timed test).

    .venv/bin/python benchmarks/safety_bench.py

For red-team and patient messages, one at a time as the server sees them: the encoder's forward
pass, the classifier on its output, the rules, and the whole safety look (deobfuscate, rules,
encoder, classifier). The issue's budget: the classifier adds at most 1 ms beyond the encoder.
"""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np

from faqbot.language.deobfuscate import deobfuscate
from faqbot.language.encoder import shared_encoder
from faqbot.safety.classifier import features, shipped_model
from faqbot.safety.screen import screen
from faqbot.safety.triage import assess

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _per_message_ms(func, messages: list[str]) -> list[float]:
    for message in messages[:20]:
        func(message)  # warm up
    samples = []
    for message in messages:
        start = time.perf_counter()
        func(message)
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def main() -> None:
    encoder, model = shared_encoder(), shipped_model()
    if encoder is None:
        raise SystemExit("the sentence encoder is not installed: run `faqbot model`")
    messages = [json.loads(line)["text"] for name in ("safety.jsonl", "safety_blind6.jsonl")
                for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    mean, peak = encoder.encode_pooled(messages[:1])
    row = features(mean, peak, np.zeros((1, 3), dtype=np.float32))[0]
    timings = {
        "encoder (one message)": _per_message_ms(lambda m: encoder.encode_pooled([m]), messages),
        "classifier (both heads)": _per_message_ms(lambda m: model.verdict(row), messages),
        "deobfuscate + rules": _per_message_ms(lambda m: assess(deobfuscate(m)), messages),
        "whole safety look": _per_message_ms(lambda m: screen(m, encoder, model), messages),
    }
    words = statistics.mean(len(m.split()) for m in messages)
    print(f"{len(messages)} messages, {words:.0f} words on average; milliseconds per message")
    print(f"{'step':<26} {'mean':>8} {'median':>8} {'p99':>8}")
    for name, samples in timings.items():
        ordered = sorted(samples)
        print(f"{name:<26} {statistics.mean(samples):>8.3f} {statistics.median(samples):>8.3f} "
              f"{ordered[int(len(ordered) * 0.99) - 1]:>8.3f}")
    classifier, encoding = statistics.mean(timings["classifier (both heads)"]), statistics.mean(timings["encoder (one message)"])
    print(f"classifier / encoder: {classifier / encoding:.4f} (the classifier adds {classifier:.3f} ms; budget 1 ms)")


if __name__ == "__main__":
    main()
