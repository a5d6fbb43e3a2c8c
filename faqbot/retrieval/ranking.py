"""Ranking: the candidate passages for a question, how much of it each covers, and their order.

BM25 (``index``) finds the candidates; each gets its coverage of the question (idf-weighted
share of the question's concepts it contains) and a score; they are ordered by that score times
coverage, as a share of the best, plus the question's similarity in meaning to the passage
(``semantic``). The decision of whether to answer is the bot's.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..guide.corpus import SECTION_SEPARATOR, Passage
from .index import BM25Index
from ..language.query import Concept, english_frequency
from ..language.semantic import PassageVectors, shared_embedder
from ..settings import Settings
from ..language.text import CALENDAR_WORDS, TEMPORAL_WORDS, analyze, words

CANDIDATES = 10
COVERAGE_EXPONENT = 1
CONTEXT_SHARE = 0.3  # weight of the story around a long message's question, in ranking and coverage
UNKNOWN_WORD_WEIGHT = 1.0  # share of the largest idf given to a question word the guide lacks
# In a long message, a common English word the guide lacks ("supposed", "honestly") is more likely
# the patient's phrasing than a topic the guide lacks, and a number the guide lacks is most often
# an age, a date or a count from the patient's story: each counts this share of an unknown word.
LONG_QUESTION_CONCEPTS = 8
COMMON_WORD_FREQUENCY = 1e-5  # share of English text above which a word is common
COMMON_UNKNOWN_SHARE = 0.5
PHRASE_BONUS = 0.5  # score added per unit idf of a question word pair found side by side in a passage
TEMPORAL_SHARE = 0.5  # importance of "before", "after", "during": they order a procedure but name no topic
HEADING_WEIGHT = 1.0  # weight of the question's word overlap with a question-shaped heading, in ranking
EMBEDDED_CHARS = 1000  # the meaning model reads this much of a passage (a guide's paragraphs are shorter)
# Below min_coverage, an answer still stands when the meaning model agrees on the passage:
AGREEMENT_COVERAGE = 0.35  # least coverage for that second chance
AGREEMENT_SIMILARITY = 0.25  # least similarity in meaning of the question to the passage
AGREEMENT_WHOLE_GUIDE = 2000  # up to this many passages the model ranks the whole guide, beyond only the candidates


@dataclass(frozen=True)
class Match:
    """One ranked candidate passage and how well it covers the question."""

    doc: int
    score: float
    coverage: float
    subject_coverage: float = 1.0  # the same, over the question's subject words only (see subject_weights)


def passage_terms(passage: Passage) -> list[str]:
    """Index terms of a passage: its text, its heading path, and its own heading once more
    (a heading names the passage's topic, so a question that matches it is on topic)."""
    own_heading = passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]
    return analyze(f"{passage.section}\n{own_heading}\n{passage.text}")


class Ranker:
    """Ranks a guide's passages for a question's concepts."""

    def __init__(self, passages: list[Passage], index: BM25Index, settings: Settings) -> None:
        self.passages = passages
        self.index = index
        self.settings = settings
        self._pair_cache: dict[int, set] = {}  # passage -> its adjacent stem pairs, filled on demand
        self._heading_cache: dict[int, set] = {}  # passage -> the words of its own heading if that is a question
        embedder = shared_embedder()
        self.meaning = None if embedder is None else PassageVectors(embedder, self._embedding_text)

    def _embedding_text(self, doc: int) -> str:
        """A passage as the meaning model reads it: its heading path, then its text (the start of a
        long one: a patient guide's paragraph fits, a long reference article costs less)."""
        passage = self.passages[doc]
        return f"{passage.section.replace(SECTION_SEPARATOR, '. ')}. {passage.text}"[:EMBEDDED_CHARS]

    def rank(self, concepts: list[Concept], question: str = "") -> list[Match]:
        """Top candidate passages, each with its coverage of the question, best first: BM25 score
        times coverage (as a share of the best), plus the question's similarity in meaning."""
        matches = self._candidates(concepts)
        # A passage that holds more of what was asked beats one that repeats one word often.
        lexical = [m.score * m.coverage ** COVERAGE_EXPONENT for m in matches]
        best = max(lexical, default=0.0) or 1.0
        meaning = self._meaning(question, [m.doc for m in matches])
        asked = set(words(question))
        heading = [self._question_heading_overlap(asked, m.doc) for m in matches]
        order = sorted(range(len(matches)), key=lambda i: (-(lexical[i] / best + self.settings.meaning_weight
                                                              * meaning[i] + HEADING_WEIGHT * heading[i]), matches[i].doc))
        return [matches[i] for i in order]

    def _candidates(self, concepts: list[Concept]) -> list[Match]:
        """The passages BM25 ranks highest for the concepts, with their coverage of the question."""
        terms: dict[str, float] = {}
        for concept in concepts:
            share = CONTEXT_SHARE if concept.context else 1.0
            for term, weight in concept.alternatives.items():
                if term in self.index:
                    terms[term] = terms.get(term, 0.0) + weight * share
        found, scores = self.index.search(terms, CANDIDATES)  # candidate-only: fast on a large library
        # Hints and the story around a question count only where the guide has their words.
        counting = [c for c in concepts
                    if not (c.optional or c.context) or any(t in self.index for t in c.alternatives)]
        long_question = sum(not c.label.startswith("cue:") for c in counting) >= LONG_QUESTION_CONCEPTS
        importance = [self.importance(c, long_question) for c in counting]
        subject = self.subject_weights(counting, importance)
        total, subject_total = sum(importance), sum(subject)
        matches = []
        for doc, bm25 in zip(found.tolist(), scores.tolist()):
            held = [any(self.index.contains(t, doc) for t in c.alternatives) for c in counting]
            matched = sum(w for h, w in zip(held, importance) if h)
            subject_held = sum(w for h, w in zip(held, subject) if h)
            score = bm25 + PHRASE_BONUS * self._phrase_matches(concepts, doc)
            matches.append(Match(doc, score, min(1.0, matched / total),
                                 subject_held / subject_total if subject_total else 1.0))
        return matches

    def subject_weights(self, concepts: list[Concept], importance: list[float]) -> list[float]:
        """Each concept's importance if it names what the question is about, else 0: not a question
        type ("how long"), a number, a word the guide lacks or the story around the question. "How
        long is the evaluation" is about the evaluation; a passage on how long the infusion takes
        holds its type, not its subject."""
        return [w if not (c.label.startswith("cue:") or c.label.isdigit() or c.context)
                and any(t in self.index for t in c.alternatives) else 0.0 for c, w in zip(concepts, importance)]

    def meaning_agrees(self, question: str, concepts: list[Concept], best: Match, matches: list[Match]) -> bool:
        """Whether a passage with somewhat less coverage than an answer needs is still the answer:
        the meaning model, ranking on its own, picks the same passage, close enough in meaning.
        Two independent rankers agreeing is evidence that shared words alone cannot give
        ("vital sings": "sings" is a word the guide lacks, yet both pick the vital-signs passage)."""
        if self.meaning is None or not self.settings.meaning_weight or best.coverage < AGREEMENT_COVERAGE:
            return False
        if any(c.lay and not c.context and not any(self.index.contains(t, best.doc) for t in c.alternatives)
               for c in concepts):
            return False  # a topic patients name ("pregnant") that the passage lacks: its absence is the answer
        small = len(self.passages) <= AGREEMENT_WHOLE_GUIDE
        docs = list(range(len(self.passages))) if small else [m.doc for m in matches]
        similarities = self.meaning.similarities(question, docs)
        closest = max(range(len(docs)), key=lambda i: (similarities[i], -docs[i]))
        return docs[closest] == best.doc and similarities[closest] >= AGREEMENT_SIMILARITY

    def _question_heading_overlap(self, asked: set[str], doc: int) -> float:
        """Jaccard overlap of the question's words, function words included, with the passage's own
        heading when that heading is itself a question ("What can I eat afterwards?"): the words a
        bag of content stems drops ("what can i") say which of a guide's questions is being asked."""
        if doc not in self._heading_cache:
            own = self.passages[doc].section.rsplit(SECTION_SEPARATOR, 1)[-1].strip()
            self._heading_cache[doc] = set(words(own)) if own.endswith("?") else set()
        heading = self._heading_cache[doc]
        return len(asked & heading) / len(asked | heading) if asked and heading else 0.0

    def _meaning(self, question: str, docs: list[int]) -> list[float]:
        """Similarity in meaning of the question to each passage (zeros without the model)."""
        if self.meaning is None or not question or not self.settings.meaning_weight or len(docs) < 2:
            return [0.0] * len(docs)
        return self.meaning.similarities(question, docs)

    def _phrase_matches(self, concepts: list[Concept], doc: int) -> float:
        """Summed idf of the question's word pairs that the passage also has side by side
        ("vital signs", "side effects"): word order the bag of words loses."""
        pairs = self._pair_cache
        if doc not in pairs:
            passage = self.passages[doc]
            stems = analyze(f"{passage.section}\n{passage.text}")
            pairs[doc] = set(zip(stems, stems[1:]))
        total = 0.0
        words_only = [c for c in concepts if not c.label.startswith("cue:")]
        for first, second in zip(words_only, words_only[1:]):
            if any((a, b) in pairs[doc] for a in first.alternatives for b in second.alternatives):
                total += min(self.index.term_idf(a) for a in (*first.alternatives, *second.alternatives))
        return total

    def importance(self, concept: Concept, long_question: bool = False) -> float:
        """How much a concept counts in coverage: its rarest known term's idf; a word the guide lacks
        counts as much as the rarest word (a required answer type at least its floor; a number,
        or in a long question a common word, COMMON_UNKNOWN_SHARE of that); a word of the story
        around the question counts CONTEXT_SHARE, a word of time ("after") TEMPORAL_SHARE."""
        known = [self.index.term_idf(t) for t in concept.alternatives if t in self.index]
        if known:
            importance = max(known)
        else:  # the English word list is read only for a word the guide lacks
            story_like = concept.label.isdigit() or (long_question and _common_plain_word(concept))
            importance = self.index.unknown_idf * (COMMON_UNKNOWN_SHARE if story_like else UNKNOWN_WORD_WEIGHT)
        importance = max(importance, concept.floor * self.index.unknown_idf)
        if concept.label in TEMPORAL_WORDS:
            importance *= TEMPORAL_SHARE
        return importance * CONTEXT_SHARE if concept.context else importance


def _common_plain_word(concept: Concept) -> bool:
    """A single common English word that is neither a lay topic ("eat") nor a day or month."""
    word = concept.label
    return (" " not in word and not concept.lay and word not in CALENDAR_WORDS
            and english_frequency(word) > COMMON_WORD_FREQUENCY)
