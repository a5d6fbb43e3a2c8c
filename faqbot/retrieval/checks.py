"""Precise checks of a question against a guide's words: evidence that a guide cannot answer.

The rules-only decision (no encoder) vetoes an answer on them; the learned decision reads them
as features among others (``learned.Evidence``), so that no single unknown word vetoes alone.
"""
from __future__ import annotations

from ..language.query import Concept, rare_in_english
from .index import BM25Index

LAY_TOPIC_CONCEPTS = 4  # up to this many things named, a lay topic the guide never mentions means no answer


def unknown_name(concepts: list[Concept], index: BM25Index) -> str:
    """A word of the question that the guide never uses and that is rare in English (a name:
    a disease, a drug, a place), or "". Names in the story around a long message's question
    ("we live past the fairgrounds") are not what is asked about."""
    for concept in concepts:
        if concept.label.startswith("cue:") or " " in concept.label or concept.label.isdigit() or concept.context:
            continue
        if not any(t in index for t in concept.alternatives) and rare_in_english(concept.label):
            return concept.label
    return ""


def unknown_lay_topic(concepts: list[Concept], index: BM25Index) -> str:
    """A topic the patient names in lay words ("coffee", "pregnant", "drug test") of which the
    guide has no word at all, in a short question (at most LAY_TOPIC_CONCEPTS things named),
    or "". In a long message such a word is often an aside."""
    asked = [c for c in concepts if not c.label.startswith("cue:") and not c.context]
    if len(asked) > LAY_TOPIC_CONCEPTS:
        return ""
    return next((c.label for c in asked if c.lay and not any(t in index for t in c.alternatives)), "")


def missing_answer_type(concepts: list[Concept], index: BM25Index, doc: int) -> str:
    """The phrase of a required question type ("how many months", "cost") whose answer words
    passage doc lacks, or "": a passage without a price cannot answer a price question."""
    for concept in concepts:
        if concept.floor > 0 and not any(index.contains(t, doc) for t in concept.alternatives):
            return concept.label.removeprefix("cue:")
    return ""


def asked_and_unknown(concepts: list[Concept], index: BM25Index) -> tuple[int, int]:
    """How many things the question asks about (not its question type, a number or the story
    around it), and how many of those the guide has no word for."""
    asked = [c for c in concepts if not (c.label.startswith("cue:") or c.label.isdigit() or c.context)]
    return len(asked), sum(not any(t in index for t in c.alternatives) for c in asked)
