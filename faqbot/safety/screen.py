"""The safety look at one message: rules and the learned classifier together; and the kind of help.

The message is read as a reader sees it (``deobfuscate``). The rules (``triage``) look first; the
encoder's vectors and the rules' flags go to the classifier (``classifier.features``), which
learned from thousands of messages how far a rule can be trusted. A message is urgent when the
classifier's probability is in its ``urgent`` band, or when a rule calls it urgent and the
classifier does not all but rule it out (a rule's match on a story, a joke or a film, which the
classifier reads as plainly ordinary, is set aside). The ``concern`` band answers the question with the
crisis line shown first. Without the encoder the rules work alone.

A message of several sentences that the classifier finds at least half likely urgent is also read
sentence by sentence (``sentence_look``): one sentence of present danger inside a polite question
about billing ("...Also, I took my whole week's lorazepam an hour ago.") is diluted in the
message's vector but plain on its own.
"""
from __future__ import annotations

import re

import numpy as np

from ..language.deobfuscate import deobfuscate
from ..language.text import sentence_parts
from .classifier import CrisisModel, features
from .triage import Assessment, assess, personal_advice

# A rule's broad category made precise by the classifier's kind: "my son took my pills" is a
# third party in danger to the rules, an overdose (911, then Poison Help) to the classifier.
REFINES = {"third_party": {"overdose", "poisoning", "unresponsive", "medical_emergency", "suicide", "self_harm",
                           "violence", "domestic_violence", "psychosis"},
           "medical_emergency": {"overdose", "poisoning", "unresponsive"},
           "harm_others": {"domestic_violence", "psychosis", "violence"},
           "suicide": {"overdose"}, "self_harm": {"overdose", "poisoning"}}


# Below this probability a rule's "urgent" is set aside (the answer still shows the crisis line
# first). The rules alone raise 3.8% false alarms on the training writers' look-alikes (stories,
# films, jokes); on their messages, left out in turn, trusting a rule only from 0.7 gives recall
# 0.887 at 1.5% false urgent, against 0.90 at 2.9% from 0.1 (tables in training/safety/README.md).
RULE_VETO = 0.7

# The sentence look: a sentence the classifier is all but sure of, in a message it finds at least
# half likely urgent. Chosen on the red-team sets blind8-10 after their first looks (never trained
# on): recall 0.902 -> 0.925 at false urgent 0.018 -> 0.019; any sentence from 0.99, without the
# message's gate, cost 0.032 false urgent. First look: safety_blind12 (docs/safety.md).
SENTENCE_URGENT = 0.99
SENTENCE_GATE = 0.5
MAX_SENTENCES = 24  # of a very long message: its first and last twelve


def rule_flags(rules: Assessment) -> list[float]:
    """The rules' verdict as the classifier reads it: urgent, sensitive mention, match set aside."""
    return [float(rules.urgent), float(rules.concern), float(rules.dismissed)]


def read_messages(texts: list[str], encoder) -> tuple[list[Assessment], np.ndarray]:
    """Each message's rules assessment and classifier features, from one encoding of the batch."""
    read = [deobfuscate(text) for text in texts]
    rules = [assess(text) for text in read]
    mean, peak = encoder.encode_pooled(read)
    return rules, features(mean, peak, np.array([rule_flags(r) for r in rules], dtype=np.float32).reshape(-1, 3))


def is_urgent(probability: float, rules_urgent: bool, model: CrisisModel) -> bool:
    """The decision: the classifier's urgent band, or a rule unless the classifier is all but sure
    the message is ordinary (a rule's match on a joke, a film or a story)."""
    return probability >= model.urgent_threshold or (rules_urgent and probability >= RULE_VETO)


# A calm question about stopping or keeping one's medicines ("which pills does she quit before her
# operation?"), where nothing was taken: the classifier's urgent band alone does not make it urgent.
_MEDICINE_WORDS = r"(?:pills?|meds?|medications?|medicines?|tablets?|prescriptions?|warfarin|blood thinners?|insulin)"
_MEDICINE_QUESTION = re.compile(rf"\b(?:stop|quit|skip|keep taking|hold|pause|come off)\b.{{0,60}}\b(?:{_MEDICINE_WORDS}|it)\b"
                                rf"|\b{_MEDICINE_WORDS}\b.{{0,80}}\b(?:stop|quit|skip|hold)\b", re.I)
_TAKEN = re.compile(r"\b(?:took|taken|swallowed|ate|drank|downed|overdos\w*|too many|all (?:of )?(?:them|my)|"
                    r"whole (?:bottle|pack|box)|saved up|stockpil\w*|hoard\w*|enough to)\b", re.I)


def calm_medicine_question(text: str) -> bool:
    """A question about the asker's medicines that says nothing was taken: advice, not an emergency."""
    if _TAKEN.search(text):
        return False
    return ("?" in text and bool(_MEDICINE_QUESTION.search(text))) or personal_advice(text)


def message_sentences(text: str) -> list[str]:
    """A message's sentences; a fragment under three words joins the sentence before it ("Ok.")."""
    found: list[str] = []
    for part in sentence_parts(text):
        if found and len(part.split()) < 3:
            found[-1] = f"{found[-1]} {part}".strip()
        elif part:
            found.append(part)
    half = MAX_SENTENCES // 2
    return found if len(found) <= MAX_SENTENCES else found[:half] + found[-half:]


def sentence_look(text: str, encoder, model: CrisisModel) -> tuple[float, str]:
    """The most alarming sentence's urgent probability and kind of crisis; (0.0, "") for one sentence."""
    sentences = message_sentences(text)
    if len(sentences) < 2:
        return 0.0, ""
    _, rows = read_messages(sentences, encoder)
    probabilities = model.predict_proba(rows)
    worst = int(np.argmax(probabilities))
    return float(probabilities[worst]), model.predict_category(rows[worst:worst + 1])[0]


def screen(text: str, encoder, model: CrisisModel | None) -> Assessment:
    """The assessment of one message: rules alone without an encoder, else rules and classifier.
    A request for advice on one's own medicines or eligibility ("do I stop my warfarin?") is made
    urgent by the rules only; the classifier's urgent band shows it the crisis line first."""
    read = deobfuscate(text)
    if encoder is None or model is None:
        return assess(read)
    [rules], rows = read_messages([text], encoder)
    verdict = model.verdict(rows[0])
    advice = not rules.urgent and calm_medicine_question(read)
    if not advice and is_urgent(verdict.probability, rules.urgent, model):
        category = rules.category if rules.urgent else verdict.category
        if verdict.category in REFINES.get(category, ()):
            category = verdict.category
        return Assessment(True, category, matched=rules.matched or f"classifier {verdict.probability:.3f}",
                          probability=verdict.probability)
    if not advice and verdict.probability >= SENTENCE_GATE:
        worst, kind = sentence_look(text, encoder, model)
        if worst >= SENTENCE_URGENT:
            return Assessment(True, kind, matched=f"classifier {verdict.probability:.3f}, one sentence {worst:.3f}",
                              probability=verdict.probability)
    return Assessment(False, rules.category if rules.concern else "", concern=rules.concern, dismissed=rules.dismissed,
                      probability=verdict.probability, possible_crisis=bool(verdict.band) or rules.urgent)
