"""Start-up: wall time and peak memory of `faqbot ask` as a process, and of `faqbot serve` from
start to its first answered request, on the shipped guide and the 16k MedQuAD corpus, with and
without an index file (`faqbot index`), and on the shipped guide without the guide-vector cache
(every start encodes the guide, as the very first start does); plus the costliest imports
(python -X importtime). ``--large-runs 0`` leaves out MedQuAD (without an index file it encodes
every passage: many minutes).

    .venv/bin/python benchmarks/startup_bench.py [--runs 7] [--large-runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

FAQBOT = [sys.executable, "-m", "faqbot.cli.main"]
QUESTION = "How long does an infusion take?"


def run_once(command: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one process run to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    return wall, usage.ru_maxrss / 1e3


def serve_once(extra: list[str], env: dict) -> tuple[float, float]:
    """(seconds from start to the first answered POST /api/chat, server's peak resident MB then)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.perf_counter()
    server = subprocess.Popen(FAQBOT + ["serve", "--port", str(port)] + extra, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    body = json.dumps({"message": QUESTION}).encode()
    try:
        while time.perf_counter() - start < 120:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/chat", body,
                                                 {"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        wall = time.perf_counter() - start
                        status = Path(f"/proc/{server.pid}/status").read_text()
                        return wall, int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1e3
            except OSError:
                time.sleep(0.01)
        raise SystemExit("the server did not answer within 120 s")
    finally:
        server.terminate()
        server.wait(10)


def summary(samples: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in samples]
    return (f"{statistics.median(walls):.3f} | {min(walls):.3f} | {max(walls):.3f} | "
            f"{max(m for _, m in samples):.0f}")


def import_costs(top: int = 8) -> list[tuple[int, str]]:
    """The costliest imports (cumulative microseconds) of loading the bot."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import faqbot.cli.main, faqbot.bot"],
                          capture_output=True, text=True)
    rows = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")][1:]
    costs = [(int(cumulative), name.rstrip()) for _, cumulative, name in rows]
    return sorted(costs, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs on the shipped guide")
    parser.add_argument("--large-runs", type=int, default=3, help="runs on the 16k corpus")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="faqbot-start-"))
    env = {**os.environ, "FAQBOT_RECORD": "off", "FAQBOT_RATE_LIMIT": "1000 per second",
           "FAQBOT_CACHE_DIR": str(work / "cache")}  # filled by `faqbot index` below: warm from the first run
    shipped_index, large_index = work / "shipped.idx", work / "medquad.idx"
    subprocess.run(FAQBOT + ["index", "-o", str(shipped_index)], check=True, stdout=subprocess.DEVNULL, env=env)
    if args.large_runs > 0:
        subprocess.run(FAQBOT + ["index", str(benchlib.MEDQUAD), "-o", str(large_index)], check=True,
                       stdout=subprocess.DEVNULL, env=env)
    uncached = {**env, "FAQBOT_CACHE_DIR": "off"}
    cases = [("shipped guide", [], args.runs, env), ("shipped guide, --index", ["--index", str(shipped_index)], args.runs, env),
             ("shipped guide, no vector cache", [], args.runs, uncached),
             ("16k MedQuAD (reads the .jsonl)", ["--corpus", str(benchlib.MEDQUAD)], args.large_runs, env),
             ("16k MedQuAD, --index", ["--index", str(large_index)], args.large_runs, env)]
    cases = [case for case in cases if case[2] > 0]
    print("| what | corpus | median s | min s | max s | peak MB |\n|---|---|---:|---:|---:|---:|")
    for name, extra, runs, case_env in cases:
        samples = [run_once(FAQBOT + ["ask"] + extra + [QUESTION], case_env) for _ in range(runs)]
        print(f"| faqbot ask | {name} | {summary(samples)} |", flush=True)
    for name, extra, runs, case_env in cases:
        samples = [serve_once(extra, case_env) for _ in range(runs)]
        print(f"| faqbot serve, start to first answer | {name} | {summary(samples)} |", flush=True)
    print("\nCostliest imports of faqbot.cli.main + faqbot.bot (cumulative ms):")
    for micros, name in import_costs():
        print(f"  {micros / 1e3:7.1f}  {name}")


if __name__ == "__main__":
    main()
