"""The bare Flask JSON endpoint of benchmarks/http_bench.py, under the same waitress set-up as `faqbot serve`.

    python benchmarks/bare_app.py --port 8001 [--threads 4] [--answer answer.json]

POST /api/chat parses {"message": "..."} and returns a fixed JSON answer (faqbot's own answer
object to one question when --answer is given, so both bodies are the same size).
"""
from __future__ import annotations

import argparse
import json
import logging

from flask import Flask, jsonify, request
from waitress import create_server

ANSWER = {"type": "answer", "reply": "A single infusion normally runs for about 40 to 60 minutes. " * 2,
          "passage": None, "score": 7.31, "confidence": 1.0, "disclaimer": "This is general information." * 5,
          "related": [], "resources": [], "notice": "", "reason": "covered"}


def create_app(answer: dict) -> Flask:
    app = Flask(__name__)

    @app.post("/api/chat")
    def chat():
        data = request.get_json()
        if not isinstance(data, dict) or not isinstance(data.get("message"), str):
            return jsonify({"error": {"code": "bad_request", "message": "send {\"message\": \"...\"}"}}), 400
        return jsonify(answer)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--answer", help="JSON file of the answer to return")
    args = parser.parse_args()
    answer = json.load(open(args.answer, encoding="utf-8")) if args.answer else ANSWER
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")  # as `faqbot serve`
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = create_server(create_app(answer), host="127.0.0.1", port=args.port, threads=args.threads, ident="faqbot")
    server.run()


if __name__ == "__main__":
    main()
