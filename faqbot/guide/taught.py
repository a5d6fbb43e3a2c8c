"""Questions staff taught: a patient's question that the guide answers, with the passage that does.

They live beside the guide in ``taught-questions.jsonl`` (inside a guide folder, or in the folder
of a guide file), one a line: ``{"question": "...", "passage": "passage-id"}``, or
``"passage": null`` for a question the guide does not answer. ``faqbot teach`` adds lines
(checked against the guide). They are the guide's example questions: the learned answer model
reads how close a new message comes to each (``retrieval/examples.py``), so the next patient who
asks it that way gets the answer, and one who asks what the guide does not answer is told so.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import CorpusError
from ..language.vector_cache import cached_vectors
from ..retrieval.examples import ENOUGH, UNANSWERED, ExampleEvidence, example_evidence
from .cases import heading_key, known_heading
from .corpus import SECTION_SEPARATOR, Passage

TAUGHT_NAME = "taught-questions.jsonl"


def taught_path(paths) -> Path:
    """Where the taught questions of these guides live: beside the first guide (inside it if a folder)."""
    first = Path(paths[0])
    return first / TAUGHT_NAME if first.is_dir() else first.with_name(TAUGHT_NAME)


def load_taught(path: Path, passages: list[Passage]) -> list[tuple[str, int]]:
    """(question, passage position) of every taught question in ``path`` (none if it is absent;
    ``UNANSWERED`` for a question the guide does not answer); a line naming a passage the guide
    no longer has is an error naming the line and the fix."""
    if not path.is_file():
        return []
    position = {p.id: i for i, p in enumerate(passages)}
    taught = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question, passage = str(row["question"]), row["passage"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path} line {number} is not a taught question ({exc}); expected "
                              '{"question": "...", "passage": "passage-id" or null}') from None
        if passage is None:
            taught.append((question, UNANSWERED))
            continue
        passage = str(passage)
        if passage not in position:
            raise CorpusError(f"{path} line {number} names passage {passage!r}, which the guide no longer has; "
                              "delete the line or teach the question again with faqbot teach")
        taught.append((question, position[passage]))
    return taught


def find_passage(passages: list[Passage], name: str) -> Passage:
    """The passage a teacher names: its id, or its section's heading, whole or by its first words
    (the section's first passage)."""
    by_heading: dict[str, list[Passage]] = {}
    for passage in passages:
        if passage.id == name:
            return passage
        by_heading.setdefault(heading_key(passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]), []).append(passage)
    key = known_heading(name.rsplit(SECTION_SEPARATOR, 1)[-1], by_heading)
    if key is None:
        raise CorpusError(f"the guide has no passage or section {name!r}; give a passage id or a heading as the "
                          "guide writes it (faqbot check lists them)")
    return by_heading[key][0]


def add_taught(path: Path, question: str, passage: Passage | None) -> None:
    """Append one taught question (the file is created if needed); ``passage`` None: the guide
    does not answer it."""
    if not question.strip():
        raise CorpusError("the question to teach is empty; give the patient's question in quotes")
    with open(path, "a", encoding="utf-8") as file:
        row = {"question": question.strip(), "passage": None if passage is None else passage.id}
        file.write(json.dumps(row, ensure_ascii=False) + "\n")


class TaughtQuestions:
    """The taught questions' encoder vectors (kept in the vector cache), the one a new message
    matches, and what they all say about it."""

    def __init__(self, encoder, taught: list[tuple[str, int]]) -> None:
        self.questions = [q for q, _ in taught]
        self.docs = np.array([d for _, d in taught], dtype=np.int64)
        self.vectors = cached_vectors(encoder, self.questions).astype(np.float32) if taught else None

    def match(self, question_vector, least: float) -> tuple[int, float, str] | None:
        """(passage position, similarity, taught question) of the closest taught question, when it
        is one the guide answers and at least ``least`` alike in meaning; else None."""
        if self.vectors is None:
            return None
        similarities = self.vectors @ question_vector
        best = int(similarities.argmax())
        if similarities[best] < least or self.docs[best] == UNANSWERED:
            return None
        return int(self.docs[best]), float(similarities[best]), self.questions[best]

    def evidence(self, question_vector, passages: int) -> ExampleEvidence | None:
        """The taught questions' vote on a message (see ``retrieval/examples.py``), None with fewer than ENOUGH."""
        if self.vectors is None or len(self.questions) < ENOUGH:
            return None
        return example_evidence(self.vectors @ question_vector, self.docs, passages)
