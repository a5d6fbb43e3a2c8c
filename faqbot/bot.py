"""The decision: answer with a passage, say the guide does not cover it, or give urgent help.

``FAQBot.ask`` never invents text: an answer's reply is the passage's own words. The learned
answer model decides (``retrieval/learned.py``); without the encoder, coverage rules do.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .answer import Answer, new_answer_id  # noqa: F401  (Answer is also importable from here)
from .guide.corpus import SECTION_SEPARATOR, Passage
from .errors import InvalidQuestion, QuestionTooLong
from .retrieval.index import BM25Index
from .guide.library import corpus_paths, lay_terms_path, load_corpus
from .guide.taught import TaughtQuestions, load_taught, taught_path
from .language.cues import SUMMARY_HEADING, overview_request
from .language.lay_terms import LayTerms
from .language.query import Concept, Speller, build_concepts, build_question_concepts, split_asking
from .retrieval.checks import asked_and_unknown, missing_answer_type, unknown_lay_topic, unknown_name
from .retrieval.dense import GuideVectors
from .retrieval.learned import AnswerModel, Evidence, candidate_docs, shipped_answer_model
from .retrieval.ranking import Match, Ranker, passage_terms
from .language.encoder import Encoder, shared_encoder
from .safety.classifier import CrisisModel, shipped_model
from .safety.screen import screen
from .language.semantic import PassageVectors
from .settings import DEFAULT_CORPUS, Settings
from .language.text import is_content_word, words
from . import messages
from .safety import triage

TRIAGE_CHARS = 20_000  # triage reads this much of an over-long message before it is refused
ANSWER_CACHE_SIZE = 4096  # recent questions whose decision is kept (patients ask the same things; chips repeat)
SUBJECT_COVERAGE = 0.5  # least share of an answer-type question's subject ("how long is the evaluation") a passage holds
SUGGESTIONS = 3  # passages a clarify offers
TAUGHT_SIMILARITY = 0.9  # least encoder cosine to a taught question for its passage to answer outright (a close paraphrase)
SHORT_UNKNOWN = 3  # up to this many things named and none known to the guide: not a question it can take
GENERIC_SHARE = 0.25  # a word in this share of passages or more names no specific topic (for overview questions)


class FAQBot:
    """Answers questions from a patient guide."""

    def __init__(self, passages: list[Passage], settings: Settings | None = None,
                 lay_terms: LayTerms | None = None, index: BM25Index | None = None,
                 vocabulary: Counter | None = None, encoder: "Encoder | None | bool" = True,
                 vectors: GuideVectors | None = None, answer_model: "AnswerModel | None | bool" = True,
                 taught: list[tuple[str, int]] | None = None) -> None:
        """``index``, ``vocabulary`` (the guide's words) and ``vectors`` (the passages' encoder
        vectors) may come ready from an index file. ``encoder``: the sentence encoder (default: the
        installed one, if any); None or False reads messages with rules alone (safety rules, and
        the rules-only answer decision). ``answer_model``: the learned answer model (default: the
        shipped one); None or False decides by the rules. ``taught``: (question, passage position)
        pairs staff taught (``guide/taught.py``), matched through the encoder."""
        if not passages:
            raise ValueError("FAQBot needs at least one passage")
        self.passages = passages
        self._position = {p.id: i for i, p in enumerate(passages)}
        self.settings = settings or Settings()
        self.lay_terms = lay_terms or LayTerms.load()
        self.index = index if index is not None else BM25Index([passage_terms(p) for p in passages])
        self.ranker = Ranker(passages, self.index, self.settings)
        self.vocabulary = vocabulary if vocabulary is not None else self.guide_vocabulary(passages)
        spelling = self.vocabulary.copy()
        spelling.update({w: 1 for w in self.lay_terms.surface_words if w not in spelling})
        self.speller = Speller(spelling)
        self.encoder: Encoder | None = shared_encoder() if encoder is True else (encoder or None)
        self.crisis_model: CrisisModel | None = shipped_model() if self.encoder is not None else None
        self.answer_model: AnswerModel | None = None
        self.vectors: GuideVectors | None = None
        if self.encoder is not None:
            self.answer_model = (shipped_answer_model() if answer_model is True else answer_model) or None
            self.vectors = vectors if vectors is not None else GuideVectors.build(self.encoder, passages)
        self.taught = TaughtQuestions(self.encoder, taught or []) if self.encoder is not None else None
        self._decide_cached = lru_cache(maxsize=ANSWER_CACHE_SIZE)(self._decide)
        self._triage_cached = lru_cache(maxsize=ANSWER_CACHE_SIZE)(self._triage)

    @property
    def meaning(self) -> PassageVectors | None:
        """The passages' vectors of the meaning model, or None when the model is not installed."""
        return self.ranker.meaning

    @staticmethod
    def guide_vocabulary(passages: list[Passage]) -> Counter:
        """Content words of the passages and their counts: what the speller corrects towards."""
        return Counter(w for p in passages for w in words(f"{p.section} {p.text}") if is_content_word(w))

    @classmethod
    def from_path(cls, path: "str | Path | list[str | Path] | None" = None, **settings) -> "FAQBot":
        """Build a bot from guide files or folders (default: the shipped ketamine infusion guide)."""
        paths = corpus_paths(path, DEFAULT_CORPUS)
        passages = load_corpus(paths)
        return cls(passages, Settings().with_overrides(**settings), LayTerms.load(lay_terms_path(paths)),
                   taught=load_taught(taught_path(paths), passages))

    @classmethod
    def from_index(cls, index_file: str | Path, guides: "str | Path | list[str | Path] | None" = None,
                   **settings) -> "FAQBot":
        """Load a bot from an index file made by ``faqbot index``; refuses a stale one, or one
        built from other guides than ``guides`` (when given)."""
        from .guide.library import load_index

        library = load_index(index_file, None if guides is None else corpus_paths(guides, DEFAULT_CORPUS))
        taught = load_taught(taught_path([library.lay_terms_path]), library.passages)  # the same folder
        return cls(library.passages, Settings().with_overrides(**settings), LayTerms.load(library.lay_terms_path),
                   index=library.index, vocabulary=library.vocabulary, vectors=library.vectors, taught=taught)

    @classmethod
    def load(cls, corpus: "str | Path | list[str | Path] | None" = None, index_file: str | Path | None = None,
             **settings) -> "FAQBot":
        """``from_index`` when an index file is given, else ``from_path``."""
        if index_file:
            return cls.from_index(index_file, corpus or None, **settings)
        return cls.from_path(corpus, **settings)

    def ask(self, question: str) -> Answer:
        """Answer one question. Raises InvalidQuestion (a ValueError) for input that is not a question.

        The decision is a pure function of the question and the settings, so recent ones are
        reused from a bounded cache; every call still returns a new Answer with its own id."""
        text = self._validated(question)
        over_long = len(text) > self.settings.max_question_chars  # urgent help or QuestionTooLong: never cached
        decided = (self._decide if over_long else self._decide_cached)(text, self.settings)
        return replace(decided, id=new_answer_id(), related=list(decided.related), resources=list(decided.resources),
                       suggestions=list(decided.suggestions))

    def chosen(self, question: str, passage_id: object) -> Answer:
        """The answer a patient picked among a clarify's suggestions: that passage for the question
        (urgent help instead if the question signals a crisis). An unknown id is InvalidQuestion."""
        text = self._validated(question)
        urgent = self.urgent_reply(text)
        if urgent is not None:
            return urgent
        if not isinstance(passage_id, str) or passage_id not in self._position:
            raise InvalidQuestion(f"passage_id {passage_id!r} is not a passage of this guide; "
                                  "send the id of one of a clarify's suggestions")
        passage = self.passages[self._position[passage_id]]
        return Answer("answer", passage.text, self.settings.disclaimer, passage=passage,
                      reason="chosen by the patient among the suggestions")

    def urgent_reply(self, question: str) -> Answer | None:
        """The urgent reply when the message signals a crisis, else None: the safety look alone,
        which a server runs before any rate limit (``ask`` reuses its result)."""
        assessment = self._triage_once(self._validated(question))
        return replace(self._urgent(assessment), id=new_answer_id()) if assessment.urgent else None

    def _triage_once(self, text: str) -> triage.Assessment:
        """The triage of a message, cached only under the message limit: an over-long message (still
        triaged, so a crisis in it gets help) would hold up to TRIAGE_CHARS of memory per entry."""
        head = text[:TRIAGE_CHARS]
        return self._triage_cached(head) if len(head) <= self.settings.max_question_chars else self._triage(head)

    def _triage(self, head: str) -> triage.Assessment:
        """Rules, then the learned classifier, on the message as a reader sees it (disguises undone)."""
        return screen(head, self.encoder, self.crisis_model)

    def _decide(self, text: str, settings: Settings) -> Answer:
        """Triage, then retrieval and the decision, for a validated question (``settings`` keys the cache)."""
        assessment = self._triage_once(text)
        if assessment.urgent:
            return self._urgent(assessment)
        answer = self._answer(triage.without_concern(text) if assessment.concern else text)
        if triage.eligibility(text):  # whom the treatment may help is the guide's; whether it suits you, the provider's
            answer = self._with_provider_referral(answer)
        if assessment.concern or assessment.possible_crisis:  # answer, and offer support beside it
            answer.resources = self.settings.help_links(("crisis", "emergency"))
            note = messages.CONCERN_FIRST if assessment.possible_crisis else messages.CONCERN_NOTE
            answer.notice = note.format(**self.settings.placeholders())
        if assessment.possible_crisis:  # the classifier's middle band: the crisis line first, then the answer
            answer.reason = f"{answer.reason}; crisis line shown (classifier {assessment.probability:.2f})"
        return answer

    def _with_provider_referral(self, answer: Answer) -> Answer:
        """An answer to "is it right for me": the guide's passage with a note that the provider
        decides, or, when the guide has no such passage, the referral to the provider."""
        if answer.type in ("answer", "clarify"):
            return replace(answer, notice=messages.ELIGIBILITY_NOTE.format(**self.settings.placeholders()))
        return replace(answer, reply=messages.PERSONAL_ADVICE.format(**self.settings.placeholders()),
                       reason="personal medical advice")

    def _answer(self, text: str) -> Answer:
        """Retrieve and decide for a question that triage let through."""
        if len(text) > self.settings.max_question_chars:
            raise QuestionTooLong(
                f"message is {len(text):,} characters, over the {self.settings.max_question_chars:,} "
                "character limit; ask a shorter question")
        asking, concepts, matches = self._read(text)
        learned = self.answer_model is not None
        known = any(c.alternatives for c in concepts)  # a longer message in other words goes to the encoder
        if all(c.label.isdigit() for c in concepts) or not (known or (learned and len(concepts) > SHORT_UNKNOWN)):
            return self._no_answer(messages.NOT_A_QUESTION, reason="no content words" if not concepts else "no known words")
        if triage.medication_advice(text):
            return self._no_answer(messages.PERSONAL_ADVICE, matches[:1], matches, reason="personal medical advice")
        overview = self._overview(asking)
        if overview is not None:
            return Answer("answer", self.passages[overview].text, self.settings.disclaimer, passage=self.passages[overview],
                          related=self._related([m.doc for m in matches]), reason="asks about the guide as a whole")
        return self._learned_answer(text, concepts, matches) if learned else self._rules_answer(text, concepts, matches)

    def _read(self, text: str) -> tuple[str, list[Concept], list[Match]]:
        """The question's asking part, its concepts, and the lexical ranker's matches."""
        asking, story = split_asking(text)
        concepts = build_question_concepts(asking, story, self.index.__contains__, self.lay_terms, self.speller)
        matches = self.ranker.rank(concepts, text) if any(c.alternatives for c in concepts) else []
        return asking, concepts, matches

    def suggest(self, question: str) -> Passage | None:
        """The passage most likely to answer a question, whatever the decision (for staff teaching
        the bot, see ``faqbot report``), or None when nothing in the guide is near."""
        try:
            text = self._validated(question)
        except InvalidQuestion:
            return None
        if self.answer_model is not None:
            evidence = self.evidence(text)
            return self.passages[self.answer_model.for_evidence(evidence).judge(evidence).ranked[0]]
        matches = self._read(text)[2]
        return self.passages[matches[0].doc] if matches else None

    def evidence(self, question: str) -> Evidence:
        """What the learned answer model reads for a question (also what its training reads)."""
        text = self._validated(question)
        _, concepts, matches = self._read(text)
        return self._evidence(text, concepts, matches)

    def _evidence(self, text: str, concepts: list[Concept], matches: list[Match],
                  vector: np.ndarray | None = None) -> Evidence:
        vector = self.encoder.encode([text])[0] if vector is None else vector
        cosine, heading, sentence = self.vectors.similarities(vector)
        lexical = [(m.doc, m.score, m.coverage, m.subject_coverage) for m in matches]
        docs = candidate_docs(cosine, lexical)
        rules = self._rules_answer(text, concepts, matches)
        rules_pick = self._position[rules.passage.id] if rules.type == "answer" else -1
        return Evidence(cosine, heading, sentence, lexical,
                        {d for d in docs if missing_answer_type(concepts, self.index, d)},
                        bool(unknown_name(concepts, self.index)), bool(unknown_lay_topic(concepts, self.index)),
                        len(words(text)), *asked_and_unknown(concepts, self.index), rules_pick,
                        self.taught.evidence(vector, len(self.passages)))

    def _learned_answer(self, text: str, concepts: list[Concept], matches: list[Match]) -> Answer:
        """The learned decision: answer, offer suggestions ("did you mean"), or say the guide does not cover it."""
        vector = self.encoder.encode([text])[0]
        taught = self.taught.match(vector, TAUGHT_SIMILARITY)
        if taught is not None:
            doc, similarity, question = taught
            return Answer("answer", self.passages[doc].text, self.settings.disclaimer, passage=self.passages[doc],
                          score=similarity, confidence=similarity,
                          related=self._related([m.doc for m in matches if m.doc != doc]),
                          reason=f"a question staff taught ({similarity:.2f} alike: {question!r})")
        evidence = self._evidence(text, concepts, matches, vector)
        model = self.answer_model.for_evidence(evidence)
        judged = model.judge(evidence)
        best, confidence = judged.ranked[0], judged.confidence
        passage = self.passages[best]
        if confidence >= model.answer_at:
            return Answer("answer", passage.text, self.settings.disclaimer, passage=passage, score=judged.probabilities[0],
                          confidence=confidence, related=self._related(judged.ranked[1:]),
                          reason=f"learned decision {confidence:.2f} (answers from {model.answer_at:.2f})")
        if confidence >= model.clarify_at:
            return Answer("clarify", messages.CLARIFY.format(**self.settings.placeholders()), self.settings.disclaimer,
                          score=judged.probabilities[0], confidence=confidence, suggestions=self._suggestions(judged.ranked),
                          reason=f"learned decision {confidence:.2f}: unsure (answers from {model.answer_at:.2f})")
        return Answer("no_answer", messages.NOT_COVERED.format(**self.settings.placeholders()), self.settings.disclaimer,
                      score=judged.probabilities[0], confidence=confidence, related=self._related(judged.ranked),
                      reason=f"learned decision {confidence:.2f} below {model.clarify_at:.2f}")

    def _suggestions(self, ranked: list[int]) -> list[dict]:
        """The first SUGGESTIONS passages of different sections, best first."""
        seen, suggestions = set(), []
        for passage in (self.passages[d] for d in ranked):
            if passage.section not in seen and len(suggestions) < SUGGESTIONS:
                seen.add(passage.section)
                suggestions.append({"id": passage.id, "section": passage.section, "text": passage.text})
        return suggestions

    def _rules_answer(self, text: str, concepts: list[Concept], matches: list[Match]) -> Answer:
        """The decision without the encoder: coverage of the question's concepts and precise vetoes."""
        if not matches:
            return self._no_answer(messages.NOT_COVERED, reason="nothing in the guide matches")
        name = unknown_name(concepts, self.index) or unknown_lay_topic(concepts, self.index)
        if name:
            return self._no_answer(messages.NOT_COVERED, matches[:1], matches, reason=f"the guide never mentions {name!r}")
        typed = [m for m in matches if not missing_answer_type(concepts, self.index, m.doc)]
        best = typed[0] if typed else matches[0]
        missing = missing_answer_type(concepts, self.index, best.doc)
        if missing:
            return self._no_answer(messages.NOT_COVERED, [best], matches, reason=f"passage lacks what {missing} asks for")
        if any(c.floor > 0 for c in concepts) and best.subject_coverage < SUBJECT_COVERAGE:
            return self._no_answer(messages.NOT_COVERED, [best], matches, reason=f"passage gives that kind of answer "
                                   f"about another subject (subject coverage {best.subject_coverage:.2f})")
        if best.coverage < self.settings.min_coverage and not self.ranker.meaning_agrees(text, concepts, best, matches):
            return self._no_answer(messages.NOT_COVERED, [best], matches, reason=f"coverage {best.coverage:.2f} "
                                   f"below {self.settings.min_coverage:.2f}")
        return Answer("answer", self.passages[best.doc].text, self.settings.disclaimer,
                      passage=self.passages[best.doc], score=best.score, confidence=best.coverage,
                      related=self._related([m.doc for m in matches[1:]]),
                      reason="covered" if best.coverage >= self.settings.min_coverage
                      else f"coverage {best.coverage:.2f}, and the meaning model picks the same passage")

    def _overview(self, asking: str) -> int | None:
        """The passage that answers a question about the whole guide (its summary section for a
        summary, else its opening), or None when the question names a specific topic. ``asking``:
        the message without the story around its question ("I'm nervous, can you explain...")."""
        kind, rest = overview_request(asking)
        if not kind:
            return None
        for concept in build_concepts(rest, self.index.__contains__, self.lay_terms, self.speller):
            if not concept.label.startswith("cue:") and all(
                    self.index.doc_freq(t) < GENERIC_SHARE * self.index.n_docs for t in concept.alternatives):
                return None  # "what does this guide say about side effects" is about side effects
        summaries = [i for i, p in enumerate(self.passages)
                     if SUMMARY_HEADING.search(p.section.rsplit(SECTION_SEPARATOR, 1)[-1])]
        return summaries[0] if kind == "summary" and summaries else 0

    def _validated(self, question: object) -> str:
        if not isinstance(question, str):
            raise InvalidQuestion(f"question must be text, not {type(question).__name__}; send a string")
        text = question.replace("\x00", "").strip()
        if not text:
            raise InvalidQuestion("question is empty; type a question about the guide")
        return text

    def _related(self, docs: list[int]) -> list[dict]:
        """Up to related_count sections of these passages, in order, each once."""
        seen, related = set(), []
        for doc in docs:
            passage = self.passages[doc]
            if passage.section not in seen and len(related) < self.settings.related_count:
                seen.add(passage.section)
                related.append({"id": passage.id, "section": passage.section})
        return related

    def _no_answer(self, template: str, best: list[Match] | None = None, matches: list[Match] | None = None,
                   reason: str = "") -> Answer:
        top = best[0] if best else None
        return Answer("no_answer", template.format(**self.settings.placeholders()), self.settings.disclaimer,
                      score=None if top is None else top.score, confidence=None if top is None else top.coverage,
                      related=self._related([m.doc for m in matches or []]), reason=reason)

    def _urgent(self, assessment: triage.Assessment) -> Answer:
        """Help that fits the danger; no "general information" disclaimer, which does not fit."""
        kind = messages.URGENT_KIND.get(assessment.category, "support")
        reply = messages.URGENT[kind].format(**self.settings.placeholders())
        return Answer("urgent", reply, "", reason=assessment.category,
                      resources=self.settings.help_links(messages.HELP_ORDER[kind]))
