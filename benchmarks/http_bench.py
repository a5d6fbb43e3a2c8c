"""HTTP: POST /api/chat of `faqbot serve` vs a bare Flask JSON endpoint, same server, same run.

    .venv/bin/python benchmarks/http_bench.py [--seconds 60] [--connections 8] [--threads 4]

Both apps run under waitress with the same threads and logging set-up (`faqbot serve` itself,
and benchmarks/bare_app.py through the same waitress call), one after the other, each driven by
wrk (Debian package `wrk`) on 127.0.0.1 for --seconds. The bare endpoint parses the same JSON
request and returns a JSON body of the same size as faqbot's answer. Rows: faqbot with the
answer store off (FAQBOT_RECORD=off: the question path alone) and on (default: SQLite in a
temporary folder), one question repeated and a rotation of the shipped question set. The rate
limit is lifted (FAQBOT_RATE_LIMIT="1000000 per second"). Prints requests/s, p50/p99 latency,
non-2xx responses and socket errors, and faqbot's requests/s as a share of the bare endpoint's.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchlib  # noqa: E402

QUESTION = "How long does an infusion take?"
LUA = """
local bodies = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, bodies[(i %% #bodies) + 1])
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(kind: str, port: int, threads: int, env: dict) -> subprocess.Popen:
    if kind == "bare":
        command = [sys.executable, str(HERE / "bare_app.py"), "--port", str(port), "--threads", str(threads),
                   "--answer", env["BENCH_ANSWER"]]
    else:
        command = [sys.executable, "-m", "faqbot.cli.main", "serve", "--port", str(port), "--threads", str(threads)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=benchlib.ROOT)
    body = json.dumps({"message": QUESTION}).encode()
    for _ in range(300):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/chat", body,
                                             {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit(f"{kind} server did not answer on port {port}")


def wrk(port: int, seconds: float, connections: int, script: Path) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "-s", str(script),
                          f"http://127.0.0.1:{port}/api/chat"], capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50_ms": _ms(latency.get("50", "nan")), "p99_ms": _ms(latency.get("99", "nan")),
            "non_2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1]),
            "socket_errors": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups() if text != "nan" else ("nan", "ms")
    return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3}.get(unit, 1.0)


def measure(kind: str, env: dict, args, script: Path) -> dict:
    port = free_port()
    server = start(kind, port, args.threads, env)
    try:
        return wrk(port, args.seconds, args.connections, script)
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4, help="waitress threads of both servers")
    parser.add_argument("--modes", default="off-one,on-one,off-mixed", help="store on/off x one/mixed questions")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="faqbot-http-"))
    scripts = {"one": work / "one.lua", "mixed": work / "mixed.lua"}
    bodies = {"one": [QUESTION], "mixed": benchlib.shipped_questions()}
    for name, questions in bodies.items():
        scripts[name].write_text(LUA % ", ".join(json.dumps(json.dumps({"message": q})) for q in questions))
    from faqbot import FAQBot

    (work / "answer.json").write_text(json.dumps(FAQBot.from_path().ask(QUESTION).to_dict()))
    base = {**os.environ, "BENCH_ANSWER": str(work / "answer.json"), "FAQBOT_RATE_LIMIT": "1000000 per second",
            "FAQBOT_DATABASE_URL": str(work / "faqbot.db")}
    print("| run | server | requests/s | p50 ms | p99 ms | requests | non-2xx | socket errors | share of bare |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for mode in args.modes.split(","):
        store, questions = mode.split("-")
        bare = measure("bare", base, args, scripts[questions])
        env = {**base, "FAQBOT_RECORD": "off"} if store == "off" else base
        faqbot = measure("faqbot", env, args, scripts[questions])
        for name, r in (("bare Flask", bare), (f"faqbot (store {store})", faqbot)):
            share = f"{r['rps'] / bare['rps']:.0%}" if name != "bare Flask" else ""
            print(f"| {mode} | {name} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['requests']:,} | "
                  f"{r['non_2xx']} | {r['socket_errors']} | {share} |", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
