"""``faqbot teach``: the staff's side of the teach loop (see ``faqbot/guide/taught.py``)."""
from __future__ import annotations

import argparse
from typing import TextIO

from ..errors import FAQBotError
from ..guide.corpus import SECTION_SEPARATOR


def cmd_teach(args: argparse.Namespace, out: TextIO) -> int:
    """Teach the bot a patient's question that the guide answers, so the next patient gets the answer.

    QUESTION is the patient's words (from faqbot report's unanswered questions); PASSAGE is a
    passage id or a section heading as the guide writes it (faqbot check lists them), or
    --not-answered when the guide does not answer it. The pair is added to taught-questions.jsonl
    beside the guide; ask and serve read it when they start. A message close in meaning to a
    taught question gets that passage, and with 500 or more taught questions the answer model
    weighs how close a message comes to each of them.
    """
    from ..guide.library import corpus_paths, load_corpus
    from ..guide.taught import add_taught, find_passage, load_taught, taught_path
    from .common import default_corpus

    paths = corpus_paths(args.corpus, default_corpus())
    passages = load_corpus(paths)
    target = taught_path(paths)
    if (args.passage is None) == (not args.not_answered):
        raise FAQBotError(f"give either PASSAGE or --not-answered, not {'both' if args.passage else 'neither'}; "
                         "faqbot check lists the passages")
    load_taught(target, passages)  # a broken file is named before anything is added to it
    passage = None if args.not_answered else find_passage(passages, args.passage)
    add_taught(target, args.question, passage)
    taught = "not answered by the guide" if passage is None else \
        f"{passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]!r} ({passage.id})"
    print(f"faqbot teach: {args.question.strip()!r} -> {taught}, in {target}; restart faqbot serve to use it", file=out)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QUESTION", help="the patient's question, in quotes")
    parser.add_argument("passage", metavar="PASSAGE", nargs="?", help="the passage id or section heading that answers it")
    parser.add_argument("--not-answered", action="store_true", help="the guide does not answer the question")
