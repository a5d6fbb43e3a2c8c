"""Understanding patients' words: a question becomes weighted concepts.

Three general mechanisms, none tied to a known question:
- spelling correction of unknown words against the guide's own vocabulary;
- a lay-term map (needle -> IV, booster -> maintenance; lay_terms.py);
- question-type cues ("how long" asks for a duration: minutes, hours), defined in cues.py.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable

from nltk.metrics.distance import edit_distance

from .cues import CUES, Cue, answer_terms, question_types
from .lay_terms import OBJECT_PRONOUNS, LayTerms
from .text import CALENDAR_WORDS, CHAT_SPEAK, DOES_TYPO, FILLER_IDIOMS, STOPWORDS, is_content_word, stem, words

EXPANSION_WEIGHT = 0.6
CORRECTION_WEIGHT = 0.9
CUE_WEIGHT = 0.8
REQUIRED_CUE_FLOOR = 0.6
MIN_LAY_STEM = 4  # a shorter stem ("il" of "ilness") is too likely a typo's to count as a lay word
RARE_WORD_FREQUENCY = 1e-6  # share of English text; a rarer word the guide never uses is a name it lacks

@dataclass
class Concept:
    """One thing the question asks about, with the stems that express it."""

    label: str
    alternatives: dict[str, float] = field(default_factory=dict)  # stem -> query weight
    floor: float = 0.0  # least importance, as a share of an unknown word's (answer types a reply must hold)
    optional: bool = False  # a hint: ignored for coverage when the guide has none of its terms
    context: bool = False  # from the story around the question ("my dad is 62 and..."), not the asking
    lay: bool = False  # a patient's word for a topic the lay-term map knows (pregnant, alcohol, kids)


CONTEXT_MIN_WORDS = 15  # a message this long may hold a story around its question
_OPENER = (r"(?:so |and |but |ok |okay |well )*(?:what|whats|how|when|where|why|who|which|can|could|is|are|am|"
           r"does|do|did|will|would|should|shall|may|might|has|have|any|anyone)\b")
_SENTENCE_END = re.compile(rf"(?<=[.!?;])\s+|\n+|,\s+(?={_OPENER})", re.I)  # ", do they..." starts a question
_ASKING = re.compile(rf"\?\s*$|^{_OPENER}", re.I)


def split_asking(text: str) -> tuple[str, str]:
    """(the sentences that ask, the rest) of a long message; a short message, or one where no
    sentence or every sentence asks, is all asking."""
    if len(words(text)) < CONTEXT_MIN_WORDS:
        return text, ""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    asking = [s for s in sentences if _ASKING.search(s.strip())]
    if not asking or len(asking) == len(sentences):
        return text, ""
    return " ".join(asking), " ".join(s for s in sentences if s not in asking)


def build_question_concepts(asking: str, story: str, known: Callable[[str], bool], lay: LayTerms,
                            speller: Speller) -> list[Concept]:
    """Concepts of a message split by ``split_asking``: those of its asking sentences, then those
    of the story around them (marked ``context``: they count for less, and never as a question type)."""
    concepts = build_concepts(asking, known, lay, speller)
    if story:
        seen = {t for c in concepts for t in c.alternatives}
        for concept in build_concepts(story, known, lay, speller):
            if not concept.label.startswith("cue:") and not seen.intersection(concept.alternatives):
                concept.context = True
                concepts.append(concept)
    return concepts


LONG_WORD = 9  # a word this long may be corrected across two edits ("nessesary" -> "necessary")...
TWO_EDIT_VOCABULARY = 10_000  # ...when the vocabulary is a guide's, not a library's (its two-edit keys cost memory)


class Speller:
    """Corrects a word to the closest known word (Damerau edit distance 1, or 2 when long in a guide's vocabulary)."""

    def __init__(self, vocabulary: Counter) -> None:
        self.vocabulary = vocabulary  # surface word -> frequency in the guide
        self._two_edits = len(vocabulary) <= TWO_EDIT_VOCABULARY
        self._deletes: dict[str, list[str]] | None = None

    def _index(self) -> dict[str, list[str]]:
        if self._deletes is None:  # built on first use: start-up stays cheap
            deletes: dict[str, list[str]] = {}
            for word in self.vocabulary:
                for key in _deletes(word, 2 if self._two_edits and len(word) >= LONG_WORD - 2 else 1) | {word}:
                    deletes.setdefault(key, []).append(word)
            self._deletes = deletes
        return self._deletes

    def correct(self, word: str) -> str | None:
        """The closest known word, or None when nothing is close enough."""
        if len(word) < 4 or word.isdigit() or word in self.vocabulary:
            return None
        limit = 2 if self._two_edits and len(word) >= LONG_WORD else 1
        index = self._index()
        candidates = {c for key in _deletes(word, limit) | {word} for c in index.get(key, ())}
        best: tuple[int, bool, int, str] | None = None
        for candidate in candidates:
            distance = edit_distance(word, candidate, transpositions=True)
            if distance == 1 or (distance == 2 and limit == 2 and candidate[0] == word[0]):  # two edits keep the first letter
                rank = (distance, candidate[0] != word[0], -self.vocabulary[candidate], candidate)
                best = rank if best is None or rank < best else best
        if best is None:
            return None
        english = _english_dictionary()
        if english.known([word]) and english.word_usage_frequency(best[-1]) < 30 * english.word_usage_frequency(word):
            return None  # "cost" is a real word the guide lacks, not a typo of "post"; "planing" is a typo
        return best[-1]


@lru_cache(maxsize=1)
def _english_dictionary():
    """pyspellchecker's English word list, loaded only when a correction is needed."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def english_frequency(word: str) -> float:
    """A word's share of English text, by pyspellchecker's word counts (0 for a word it lacks)."""
    return _english_dictionary().word_usage_frequency(word)


def rare_in_english(word: str) -> bool:
    """Whether a word is a name more than a common word ("adnp", "lubinsky"): rarer than
    RARE_WORD_FREQUENCY in pyspellchecker's English word counts (days and months never are)."""
    return word not in CALENDAR_WORDS and english_frequency(word) < RARE_WORD_FREQUENCY


def english_correction(word: str) -> str | None:
    """The likeliest English word for a word that is not English ("somone" -> "someone"), or None."""
    if len(word) < 4 or word.isdigit():
        return None
    english = _english_dictionary()
    if english.known([word]):
        return None
    fixed = english.correction(word)
    # A word is never cut to a shorter one inside it: that is a name the list lacks ("Ocella", not "cella").
    return fixed if fixed and fixed != word and fixed not in word else None


def joined_compounds(surface: list[str], known: Callable[[str], bool]) -> list[str]:
    """Words typed apart that make one word ("anti depressant", "bi polar", "after care"): joined
    when the guide has the whole word, or when English has it and the first part is a short prefix."""
    joined: list[str] = []
    i = 0
    while i < len(surface):
        if i + 1 < len(surface) and surface[i].isalpha() and surface[i + 1].isalpha():
            whole = surface[i] + surface[i + 1]
            short_prefix = len(surface[i]) <= 4 and len(surface[i + 1]) >= 3 and is_content_word(surface[i]) \
                and not known(stem(surface[i]))  # only then is the English word list read
            if known(stem(whole)) or (short_prefix and _english_dictionary().known([whole])
                                      and not _english_dictionary().known([surface[i]])):
                joined.append(whole)
                i += 2
                continue
        joined.append(surface[i])
        i += 1
    return joined


def function_word_typo(word: str) -> str | None:
    """The function word a three-letter non-word most likely misspells ("teh" -> "the", "hwo" ->
    "how"), or None; longer words are left to ``english_correction``."""
    if len(word) != 3 or not word.isalpha() or _english_dictionary().known([word]):
        return None
    near = [w for w in _SHORT_FUNCTION_WORDS if edit_distance(word, w, transpositions=True) == 1]
    return max(near, key=_english_dictionary().word_usage_frequency, default=None)


_SHORT_FUNCTION_WORDS = sorted(w for w in STOPWORDS if 2 <= len(w) <= 4)


def _deletes1(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletes(word: str, depth: int) -> set[str]:
    """The word with one letter left out, or also with two (depth 2): a symmetric-delete key set."""
    once = _deletes1(word)
    return once if depth == 1 else once | {twice for key in once for twice in _deletes1(key)}



def build_concepts(question: str, known: Callable[[str], bool], lay: LayTerms, speller: Speller) -> list[Concept]:
    """Turn a question into concepts: cues, lay phrases, known words, corrected words, unknown words.

    ``known(stem)`` tells whether a stem is in the index.
    """
    question = DOES_TYPO.sub("does", FILLER_IDIOMS.sub(" ", " ".join(words(question))).strip())
    surface_words = joined_compounds([CHAT_SPEAK.get(w, w) for w in question.split()], known)
    tokens = [_corrected(w, known, lay, speller) for w in surface_words if w not in OBJECT_PRONOUNS]
    text = " ".join(w for w, _ in tokens)
    found = question_types(text)
    concepts = [Concept(f"cue:{match.group(0)}", dict.fromkeys(answer_terms(cue, match), CUE_WEIGHT),
                        floor=REQUIRED_CUE_FLOOR if cue.required else 0.0, optional=not cue.required)
                for cue, match in found]
    consumed = _cue_positions(text, tokens, found)
    stems = [stem(w) for w, _ in tokens]
    surface = [w for w, _ in tokens]
    i = 0
    while i < len(tokens):
        if i in consumed:
            i += 1
            continue
        size = _lay_match(stems, surface, i, lay)
        word, weight = tokens[i]
        if size:
            concept = _lay_concept(tokens[i:i + size], stems[i:i + size], weight, known, lay)
            if concept.alternatives:
                concepts.append(concept)
            i += size
            continue
        if is_content_word(word):
            concepts.append(Concept(word, {stems[i]: weight}))
        i += 1
    return concepts


def _lay_concept(tokens: list[tuple[str, float]], stems: list[str], weight: float, known: Callable[[str], bool],
                 lay: LayTerms) -> Concept:
    """The concept of a lay phrase: its own known stems, what the map says it means, and what the
    map says its last content word means, the head of an English phrase ("hate needles" still says
    what "needles" says; "stop eating" is about eating, so not what "stop" says)."""
    concept = Concept(" ".join(w for w, _ in tokens), lay=True)
    for s in (stem(w) for w, _ in tokens if is_content_word(w)):
        if known(s):
            concept.alternatives[s] = weight
    for s in lay.rules[tuple(stems)]:
        concept.alternatives.setdefault(s, EXPANSION_WEIGHT)
    content = [s for s, (w, _) in zip(stems, tokens) if is_content_word(w)]
    for one in content[-1:] if len(stems) > 1 else ():
        for s in lay.rules.get((one,), ()):
            concept.alternatives.setdefault(s, EXPANSION_WEIGHT)
    return concept


def _corrected(word: str, known, lay: LayTerms, speller: Speller) -> tuple[str, float]:
    if not is_content_word(word) or known(stem(word)) or word in lay.surface_words \
            or any(cue.pattern.search(word) for cue in CUES):  # "medicaid" asks a price; it is no typo
        return word, 1.0
    if stem(word) in lay.vocabulary and len(stem(word)) >= MIN_LAY_STEM:  # a form of a lay word ("tablets")...
        fixed = speller.correct(word)  # ...unless it is a typo of the guide's own word ("planing")
        return (fixed, CORRECTION_WEIGHT) if fixed else (word, 1.0)
    fixed = speller.correct(word) or english_correction(word) or function_word_typo(word)
    return (fixed, CORRECTION_WEIGHT) if fixed else (word, 1.0)


def _cue_positions(text: str, tokens: list[tuple[str, float]], found: list[tuple[Cue, re.Match]]) -> set[int]:
    """Token positions of cue phrases and their frame words ("how long ... take")."""
    starts, offset = [], 0
    for word, _ in tokens:
        starts.append(offset)
        offset += len(word) + 1
    positions = set()
    for cue, _ in found:
        for m in cue.pattern.finditer(text):
            positions.update(i for i, s in enumerate(starts) if m.start() <= s < m.end())
        positions.update(i for i, (word, _) in enumerate(tokens) if word in cue.frame)
    return positions


def _lay_match(stems: list[str], words_at: list[str], start: int, lay: LayTerms) -> int:
    """Length of the longest lay phrase starting at start, or 0 (a lone stopword is no phrase)."""
    for size in range(min(lay.longest, len(stems) - start), 0, -1):
        if tuple(stems[start:start + size]) in lay.rules and (size > 1 or is_content_word(words_at[start])):
            return size
    return 0
