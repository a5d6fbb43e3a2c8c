"""Soak: mixed chat and feedback traffic against `faqbot serve` on loopback, bounded in time.

    python benchmarks/soak.py [--seconds 60] [--connections 32] [--feedback-share 0.25] [--unique]

Starts the real server (waitress) on a free port with a fresh SQLite store, sends patients'
questions (tests/data/*.jsonl, crisis messages included) from N keep-alive connections, and a
verdict on a share of the answers; prints requests, errors, p50/p99 latency and the server's
resident memory (RSS) at the start, every 10 s, and at the end. Exit 1 on any error.
``--unique`` makes every message new (no cache hit) and one in 20 an over-long crisis message
(5,000+ characters, answered with help, never cached): the memory check of a long run is the RSS
trend over its second half.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from live_server import Server  # noqa: E402


def messages() -> list[str]:
    """Questions and red-team messages shipped with the tests."""
    found = []
    for name in ("questions.jsonl", "questions_fresh.jsonl", "safety.jsonl"):
        path = ROOT / "tests" / "data" / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    found.append(row.get("question") or row.get("message") or row.get("text") or "")
    return [m for m in found if m]


def trend(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope (units a second) of (seconds, value) samples; 0.0 for fewer than two."""
    if len(samples) < 2:
        return 0.0
    return statistics.linear_regression([t for t, _ in samples], [v for _, v in samples]).slope


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            key = f"{kind} {status}"
            self.statuses[key] = self.statuses.get(key, 0) + 1


OVER_LONG_CRISIS = "I took all of my pills an hour ago and I can't stay awake. "


def next_message(rng: random.Random, texts: list[str], unique: bool, seed: int, count: int) -> str:
    """A message from the sets; with ``unique``, made new by a visit number, one in 20 an over-long crisis."""
    if not unique:
        return rng.choice(texts)
    if rng.random() < 0.05:
        return f"{OVER_LONG_CRISIS}visit {seed}-{count} " + "everything is too much " * 220
    return f"{rng.choice(texts)} (visit {seed}-{count})"


def worker(port: int, texts: list[str], share: float, stop_at: float, tally: Tally, seed: int,
           unique: bool = False) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    count = 0
    while time.monotonic() < stop_at:
        count += 1
        message = next_message(rng, texts, unique, seed, count)
        status, body = post(conn, "/api/chat", {"message": message}, headers, tally, "chat")
        if status == 200 and body.get("type") != "urgent" and rng.random() < share:
            verdict = {"answer_id": body["id"], "helpful": rng.random() < 0.7}
            if rng.random() < 0.3:
                verdict["comment"] = "I was looking for something else, call me on 555-123-4567"
            post(conn, "/api/feedback", verdict, headers, tally, "feedback")
    conn.close()


def post(conn: http.client.HTTPConnection, path: str, body: dict, headers: dict, tally: Tally,
         kind: str) -> tuple[int, dict]:
    started = time.perf_counter()
    try:
        conn.request("POST", path, json.dumps(body), headers)
        response = conn.getresponse()
        data = json.loads(response.read() or b"{}")
        status = response.status
    except (OSError, http.client.HTTPException, json.JSONDecodeError):
        conn.close()
        status, data = 0, {}
    tally.add(kind, status, time.perf_counter() - started)
    return status, data


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--feedback-share", type=float, default=0.25)
    parser.add_argument("--unique", action="store_true", help="every message new; some over-long crisis messages")
    args = parser.parse_args()
    texts = messages()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(FAQBOT_DATABASE_URL=str(Path(folder) / "soak.db"),
                        FAQBOT_RATE_LIMIT="100000000 per minute", FAQBOT_THREADS="8").start()
        try:
            return run(server, texts, args)
        finally:
            server.stop()


def run(server: Server, texts: list[str], args: argparse.Namespace) -> int:
    pid = server.process.pid
    warm = Tally()
    worker(server.port, texts, args.feedback_share, time.monotonic() + 2, warm, 0)  # warm-up, not counted
    tally, start_rss = Tally(), rss_kib(pid)
    stop_at = time.monotonic() + args.seconds
    threads = [threading.Thread(target=worker, args=(server.port, texts, args.feedback_share, stop_at, tally, i,
                                                     args.unique)) for i in range(args.connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    print(f"{'t (s)':>6} {'requests':>9} {'RSS (MiB)':>10}")
    half_rss, samples = None, []
    while any(t.is_alive() for t in threads):
        time.sleep(min(10, max(0.1, stop_at - time.monotonic() + 0.1)))
        now_rss = rss_kib(pid)
        if time.monotonic() - started >= args.seconds / 2:
            half_rss = now_rss if half_rss is None else half_rss
            samples.append((time.monotonic() - started, now_rss / 1024))
        print(f"{time.monotonic() - started:6.0f} {len(tally.latencies):9d} {now_rss / 1024:10.1f}", flush=True)
    elapsed, end_rss = time.monotonic() - started, rss_kib(pid)
    errors = sum(n for key, n in tally.statuses.items() if not key.endswith((" 200", " 201")))
    print(f"\nrequests {len(tally.latencies)} in {elapsed:.1f} s ({len(tally.latencies) / elapsed:.0f}/s) "
          f"at {args.connections} connections; by kind and status: {dict(sorted(tally.statuses.items()))}")
    print(f"errors {errors}; latency p50 {percentile(tally.latencies, .5) * 1000:.1f} ms, "
          f"p99 {percentile(tally.latencies, .99) * 1000:.1f} ms")
    print(f"server RSS start {start_rss / 1024:.1f} MiB, end {end_rss / 1024:.1f} MiB "
          f"({(end_rss - start_rss) / max(start_rss, 1):+.1%})")
    if half_rss:
        print(f"second half: RSS {half_rss / 1024:.1f} -> {end_rss / 1024:.1f} MiB ({(end_rss - half_rss) / half_rss:+.1%}); "
              f"trend {trend(samples) * 60:+.2f} MiB a minute (least squares over {len(samples)} samples: one sample "
              "swings tens of MiB as garbage is freed)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
