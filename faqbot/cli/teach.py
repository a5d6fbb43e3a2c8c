"""``faqbot teach``: the staff's side of the teach loop (see ``faqbot/guide/taught.py``)."""
from __future__ import annotations

import argparse
from typing import TextIO

from ..guide.corpus import SECTION_SEPARATOR


def cmd_teach(args: argparse.Namespace, out: TextIO) -> int:
    """Teach the bot a patient's question that the guide answers, so the next patient gets the answer.

    QUESTION is the patient's words (from faqbot report's unanswered questions); PASSAGE is a
    passage id or a section heading as the guide writes it (faqbot check lists them). The pair is
    added to taught-questions.jsonl beside the guide; ask and serve read it when they start, and a
    message close in meaning to a taught question gets that passage.
    """
    from ..guide.library import corpus_paths, load_corpus
    from ..guide.taught import add_taught, find_passage, load_taught, taught_path
    from .common import default_corpus

    paths = corpus_paths(args.corpus, default_corpus())
    passages = load_corpus(paths)
    target = taught_path(paths)
    load_taught(target, passages)  # a broken file is named before anything is added to it
    passage = find_passage(passages, args.passage)
    add_taught(target, args.question, passage)
    heading = passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]
    print(f"faqbot teach: {args.question.strip()!r} -> {heading!r} ({passage.id}), in {target}; "
          "restart faqbot serve to use it", file=out)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", metavar="QUESTION", help="the patient's question, in quotes")
    parser.add_argument("passage", metavar="PASSAGE", help="the passage id or section heading that answers it")
