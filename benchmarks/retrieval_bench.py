"""Retrieval speed: faqbot's index vs plain rank_bm25 get_scores vs bm25s (numba), same tokens.

    .venv/bin/python benchmarks/retrieval_bench.py                       # shipped, medquad, 100k
    .venv/bin/python benchmarks/retrieval_bench.py --corpora synthetic-1000000 --engines faqbot
    .venv/bin/python benchmarks/retrieval_bench.py --corpora shipped,medquad --engines bot,bot-words

Each engine runs in its own process (clean memory figures) on the same passages and questions,
one question at a time, bounded by --seconds. Columns: index build time, index memory (resident
memory added by the build), queries/s, p50/p99 ms per query, and top-10 agreement with the
reference formula (rank_bm25's loop with faqbot's idf; exact score ties aside). Engines:
faqbot (`search`, candidate-only), faqbot-dense (`top(scores())`, what the bot calls),
rank_bm25 (get_scores + top 10), bm25s (numba backend, lucene method: the same idf, scores
/(k1+1)), bot (the whole question path: validate, triage, analyze, retrieve, rerank by
meaning, decide) and bot-words (the same with meaning_weight 0: what the meaning model costs).
Corpora: shipped (the clinic guide; questions tests/data/questions.jsonl), medquad (16,457
passages of ../shared; questions = their titles), synthetic-N (N English-like passages of ~60
tokens; queries of 1-5 content words). Needs the bench extra: pip install -e '.[bench]'.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

CACHE = Path("/tmp/faqbot-bench")


def load_corpus(name: str, as_ids: bool = False):
    """(docs as token lists or (terms, ids, lengths), queries as token lists, questions as text)."""
    if name.startswith("synthetic-"):
        terms, ids, lengths, queries = benchlib.synthetic(int(name.split("-", 1)[1]))
        docs = (terms, ids, lengths) if as_ids else benchlib.split_docs(terms, ids, lengths)
        return docs, queries, []
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"{name}-tokens.json"
    if cached.is_file():
        data = json.loads(cached.read_text())
        return data["docs"], data["queries"], data["questions"]
    from faqbot.retrieval.ranking import passage_terms
    from faqbot.guide.corpus import Passage, load_passages
    from faqbot.language.text import analyze

    if name == "shipped":
        passages, questions = load_passages(benchlib.SHIPPED), benchlib.shipped_questions()
    else:
        rows = benchlib.medquad_rows()
        passages = [Passage(r["id"], r["title"], r["text"]) for r in rows]
        questions = [r["title"] for r in rows]
    docs, queries = [passage_terms(p) for p in passages], [analyze(q) for q in questions]
    cached.write_text(json.dumps({"docs": docs, "queries": queries, "questions": questions}))
    return docs, queries, questions


def known_queries(queries: list[list[str]], known) -> list[list[str]]:
    """Queries reduced to indexed terms; queries with none are dropped (same set for every engine)."""
    kept = [[t for t in q if t in known] for q in queries]
    return [q for q in kept if q]


def _faqbot(docs, queries, args, dense: bool) -> dict:
    from faqbot.retrieval.index import BM25Index

    before, start = benchlib.rss_mb(), time.perf_counter()
    index = BM25Index.from_token_ids(*docs) if isinstance(docs, tuple) else BM25Index(docs)
    result = {"build_s": time.perf_counter() - start, "index_mb": benchlib.rss_mb() - before,
              "arrays_mb": sum(a.nbytes for a in index.to_arrays().values()) / 1e6, "passages": index.n_docs}
    queries = known_queries(queries, index)
    call = (lambda q: index.top(index.scores(q), 10)) if dense else (lambda q: index.search(q, 10))
    return {**result, **benchlib.time_each(call, queries, args.seconds, args.max_queries)}


def _rank_bm25(docs, queries, args) -> dict:
    from faqbot.retrieval.index import BM25Index, reference_bm25

    before, start = benchlib.rss_mb(), time.perf_counter()
    reference = reference_bm25(docs)  # BM25Okapi's own get_scores loop; only the idf is faqbot's
    result = {"build_s": time.perf_counter() - start, "index_mb": benchlib.rss_mb() - before, "passages": len(docs)}
    queries = known_queries(queries, reference.idf)

    def call(q):
        scores = reference.get_scores(q)
        best = np.argpartition(-scores, 9)[:10] if len(scores) > 10 else np.arange(len(scores))
        return best[np.argsort(-scores[best], kind="stable")]

    result.update(benchlib.time_each(call, queries, args.seconds, args.max_queries))
    index, same, exact = BM25Index(docs), 0, 0
    checked = queries[:min(result["calls"], args.check)]
    for q in checked:  # identical top-10: same scores best first, each found passage has its score
        expected = reference.get_scores(q)
        found, found_scores = index.search(q, 10)
        best = np.sort(expected[expected > 0])[::-1][:10]
        same += bool(np.allclose(found_scores, best, atol=1e-9, rtol=0)
                     and np.allclose(expected[found], found_scores, atol=1e-9, rtol=0))
        order = np.lexsort((np.arange(len(expected)), -expected))[:len(found)]
        exact += found.tolist() == order.tolist()
    return {**result, "top10_checked": len(checked), "top10_identical": same, "top10_same_ids": exact}


def _bm25s(docs, queries, args) -> dict:
    import bm25s

    from faqbot.retrieval.index import BM25Index

    if isinstance(docs, tuple):
        docs = benchlib.split_docs(*docs)
    before, start = benchlib.rss_mb(), time.perf_counter()
    retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75, backend="numba")
    retriever.index(docs, show_progress=False)
    result = {"build_s": time.perf_counter() - start, "index_mb": benchlib.rss_mb() - before, "passages": len(docs)}
    queries = known_queries(queries, retriever.vocab_dict)
    k = min(10, len(docs))
    start = time.perf_counter()
    retriever.retrieve([queries[0]], k=k, show_progress=False, n_threads=1)
    result["first_query_s"] = time.perf_counter() - start
    call = lambda q: retriever.retrieve([q], k=k, show_progress=False, n_threads=1)  # noqa: E731
    result.update(benchlib.time_each(call, queries, args.seconds, args.max_queries))
    start = time.perf_counter()
    retriever.retrieve(queries, k=k, show_progress=False, n_threads=1)
    result["batch_qps"] = len(queries) / (time.perf_counter() - start)
    index, same = BM25Index(docs), 0
    checked = queries[:args.check]
    for q in checked:
        ids, _ = retriever.retrieve([q], k=k, show_progress=False, n_threads=1)
        found, _ = index.search(q, k)
        same += set(ids[0].tolist()[:len(found)]) == set(found.tolist())
    return {**result, "top10_checked": len(checked), "top10_identical": same}


def _bot(name: str, args, meaning: bool = True) -> dict:
    from faqbot import FAQBot

    before, start = benchlib.rss_mb(), time.perf_counter()
    bot = FAQBot.from_path(benchlib.SHIPPED if name == "shipped" else benchlib.MEDQUAD,
                           **({} if meaning else {"meaning_weight": 0.0}))
    bot._decide_cached = bot._decide  # the whole path on every call, not the cache of recent decisions
    result = {"build_s": time.perf_counter() - start, "index_mb": benchlib.rss_mb() - before,
              "passages": len(bot.passages)}
    _, _, questions = load_corpus(name)
    return {**result, **benchlib.time_each(bot.ask, questions, args.seconds, args.max_queries)}


def child(args) -> dict:
    if args.child in ("bot", "bot-words"):
        return _bot(args.corpus, args, meaning=args.child == "bot")
    docs, queries, _ = load_corpus(args.corpus, as_ids=args.child == "faqbot" and args.ids)
    if args.child == "rank_bm25":
        return _rank_bm25(docs, queries, args)
    if args.child == "bm25s":
        return _bm25s(docs, queries, args)
    return _faqbot(docs, queries, args, dense=args.child == "faqbot-dense")


def run_child(engine: str, corpus: str, args) -> dict:
    command = [sys.executable, __file__, "--child", engine, "--corpus", corpus, "--seconds", str(args.seconds),
               "--max-queries", str(args.max_queries), "--check", str(args.check)] + (["--ids"] if args.ids else [])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(corpus: str, rows: dict[str, dict]) -> None:
    print(f"\n## {corpus}\n")
    print("| engine | passages | build s | index MB | q/s | p50 ms | p99 ms | top-10 = reference | x rank_bm25 "
          "| x bm25s |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    base, fast = rows.get("rank_bm25", {}).get("qps"), rows.get("bm25s", {}).get("qps")
    for engine, r in rows.items():
        if "error" in r:
            print(f"| {engine} | error: {r['error']} |")
            continue
        agree = f"{r['top10_identical']}/{r['top10_checked']}" if "top10_checked" in r else ""
        ratio = lambda other: f"{r['qps'] / other:,.1f}" if other else ""  # noqa: E731
        print(f"| {engine} | {r['passages']:,} | {r['build_s']:.2f} | {r['index_mb']:,.0f} | {r['qps']:,.0f} | "
              f"{r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {agree} | {ratio(base)} | {ratio(fast)} |")
    extra = {e: {k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()
                 if k in ("first_query_s", "batch_qps", "top10_same_ids", "arrays_mb", "calls", "peak_mb")}
             for e, r in rows.items()}
    print("\n" + json.dumps(extra))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", default="shipped,medquad,synthetic-100000")
    parser.add_argument("--engines", default="faqbot,faqbot-dense,rank_bm25,bm25s,bot")
    parser.add_argument("--seconds", type=float, default=15.0, help="time budget per engine and corpus")
    parser.add_argument("--max-queries", type=int, default=20_000)
    parser.add_argument("--check", type=int, default=300, help="queries whose top-10 is checked")
    parser.add_argument("--ids", action="store_true", help="synthetic: build faqbot's index from term numbers")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps({**child(args), "peak_mb": benchlib.peak_rss_mb()}))
        return
    for corpus in args.corpora.split(","):
        engines = [e for e in args.engines.split(",") if not e.startswith("bot") or not corpus.startswith("synthetic")]
        print_table(corpus, {engine: run_child(engine, corpus, args) for engine in engines})


if __name__ == "__main__":
    main()
