"""Shared helpers of the benchmarks: timing summaries, memory, corpora and their questions."""
from __future__ import annotations

import json
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MEDQUAD = ROOT.parent / "shared" / "datasets" / "medquad" / "passages.jsonl"
SHIPPED = ROOT / "corpus" / "ketamine-infusion-guide.md"
QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory (of this process, or of its finished children), in MB."""
    return resource.getrusage(who).ru_maxrss / 1e3


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def time_each(func: Callable, items: Sequence, seconds: float, max_items: int) -> dict:
    """Call func on items in turn (cycling) for about `seconds` or max_items calls; ms timings."""
    for item in items[:3]:
        func(item)  # warm caches and JIT
    samples: list[float] = []
    deadline = time.perf_counter() + seconds
    i = 0
    while i < max_items and (time.perf_counter() < deadline or i < 5):
        item = items[i % len(items)]
        start = time.perf_counter()
        func(item)
        samples.append((time.perf_counter() - start) * 1e3)
        i += 1
    total = sum(samples) / 1e3
    return {"calls": len(samples), "qps": len(samples) / total if total else float("inf"),
            "p50_ms": statistics.median(samples), "p99_ms": percentile(samples, 0.99)}


# --- corpora ----------------------------------------------------------------------------

def medquad_rows() -> list[dict]:
    """The 16,457 real passages of ../shared (id, title, text, ...)."""
    if not MEDQUAD.is_file():
        raise SystemExit(f"{MEDQUAD} is absent: the benchmarks need ../shared beside this checkout")
    with open(MEDQUAD, encoding="utf-8") as rows:
        return [json.loads(line) for line in rows if line.strip()]


def shipped_questions() -> list[str]:
    return [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def unseen_questions() -> list[str]:
    """Questions on the shipped guide that are none of its example questions (the blind sets), so
    that each goes the whole way through the answer model."""
    folder = ROOT / "training" / "answers" / "blind"
    return [json.loads(line)["question"] for path in sorted(folder.glob("ketamine-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line]


def synthetic(n_docs: int, seed: int = 5, vocab: int = 200_000, mean_len: int = 60):
    """English-like synthetic passages as term numbers: Zipf word frequencies (rank r has weight
    1/(r+2.7)), lengths around mean_len. Returns (terms, flat token ids, lengths, queries) where
    queries are 1-5 terms drawn from the same law without its 100 most common words (stopwords)."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / (np.arange(vocab) + 2.7)
    cdf = np.cumsum(weights / weights.sum())
    lengths = np.clip(rng.normal(mean_len, mean_len / 4, n_docs).round(), 5, 4 * mean_len).astype(np.int64)
    token_ids = np.minimum(np.searchsorted(cdf, rng.random(int(lengths.sum()))), vocab - 1)
    content = cdf[100:] - cdf[99]
    queries = [np.minimum(100 + np.searchsorted(content / content[-1], rng.random(rng.integers(1, 6))), vocab - 1)
               for _ in range(2000)]
    terms = [f"w{i}" for i in range(vocab)]
    return terms, token_ids, lengths, [[terms[t] for t in q] for q in queries]


def split_docs(terms: list[str], token_ids: np.ndarray, lengths: np.ndarray) -> list[list[str]]:
    """Flat term numbers -> one list of term strings per passage."""
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    return [[terms[t] for t in token_ids[bounds[i]:bounds[i + 1]].tolist()] for i in range(len(lengths))]
