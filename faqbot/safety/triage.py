"""Urgent-message detection: crisis and emergency messages get help before any passage.

Runs before retrieval on every message, so it is regular expressions over a
normalized text (well under 0.2 ms a message). The rules (``triage_rules``) are
patterns over word classes, not a list of known sentences. Precision comes from
scope: a negation earlier in the clause ("I'm not suicidal"), a question about
others or a hypothetical ("what happens if someone has a seizure"), a past
history ("a reaction years ago"), an accident ("hurt myself at the gym"), or a
subject that is not the speaker ("my phone is going to die").

Also here: ``personal_advice``, which spots requests for advice about one's own
care (dosing, stopping medication, eligibility) that a guide must not answer.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from ..language.text import normalize
from .rules import RULES
from .words import Rule

CATEGORIES = ("suicide", "self_harm", "harm_others", "third_party", "medical_emergency", "crisis_line")
SUPPORT_CATEGORIES = ("suicide", "self_harm", "crisis_line")

NEGATION = re.compile(r"\b(?:not|no|never|dont|do not|isnt|arent|wasnt|nor|without|no longer|nothing|wouldnt|would never)\b")
HYPOTHETICAL = re.compile(
    r"^(?:what (?:happens|if|do you do|would happen|should i do if)|if (?:someone|somebody|a patient|people|you|i)|"
    r"does|do you|did you|can (?:you|ketamine|it|people|someone)|could (?:ketamine|it)|is (?:it|there|a|ketamine)|"
    r"are (?:there|you|your)|will (?:i|my|there|it|ketamine)|would (?:i|it)|how (?:do|does|often|common)|"
    r"has anyone|have you|why|whats the (?:point|difference))\b")
HISTORY = re.compile(r"\b(?:history of|years ago|year ago|last year|when i was|used to|in the past|died of|"
                     r"i read|read about|prone to|tend to|as a (?:kid|child|teen)|growing up|back in \d{4}|in \d{4}|"
                     r"\d+ years ago|in high school|in college|ever (?:had|attempted)|been \d+ years|"
                     r"(?:i have|ive|i had|id) (?:\w+ ){1,3}(?:before|once before|a (?:few|couple of|couple) times)|"
                     r"past (?:suicidal|suicide|self ?harm|attempts?)|(?:fainted|passed out|blacked out|collapsed) once|"
                     r"(?:old |healed )?(?:self ?harm )?scars|"
                     r"in my (?:\d0s|teens|twenties|thirties|forties)|none (?:for|in) (?:years|months))\b")
# "last month" is a story unless the message says it is back ("i attempted last month and the thoughts are back").
RECENT_PAST = re.compile(r"\blast (?:week|month|summer|winter|spring|fall|time)\b")
RECURRENCE = re.compile(r"\b(?:are|is|came|come|coming) back\b|\bagain\b|\bstill (?:have|having|feel|feeling|get|getting)\b|\bright now\b")
HABITUAL = re.compile(r"\b(?:sometimes|whenever|every time|usually|always|often|i get (?:\w+ )?attacks)\b")
# A clinical term in a question about treatment ("ketamine for suicidal depression"), not a disclosure.
# "no plan and no intent": what a clinician asks to rule out; said of oneself, it is no crisis now.
NO_PLAN = re.compile(r"\bno (?:plan|intent|intention)s?\b")
# Intrusive thoughts a person knows they would never act on (harm OCD) are a symptom, not intent.
INTRUSIVE = re.compile(r"\b(?:never|wouldnt|would never|not going to|wont) act on\b|\bintrusive thoughts?\b|\bharm ocd\b")
CLINICAL = re.compile(r"\b(?:for|treat\w*|treatment of|patients with|people with|depression with) (?:\w+ ){0,3}suicidal "
                      r"(?:ideation|depression|patients|people)\b")  # a habit, unless the clause says it is now
INFORMATIONAL = re.compile(r"\b(?:ask|asks|asked|asking|question|questions|questionnaire|screen|screened|screening|form) "
                           r"(?:me |you |patients |people )?(?:about|if|whether|for)\b|\bwhat (?:would|will) happen if\b|"
                           r"\bwhat happens if\b|\bwhat if\b|\bif i ever\b|\bin case\b|\bjust (?:curious|wondering)\b|"
                           r"\b(?:in|on) (?:the|a|this) (?:show|movie|film|book|novel|series|episode|news|article|podcast)\b|"
                           r"\b(?:writing|write|wrote) (?:a |my |an )?(?:paper|essay|thesis|article|report|story|novel|book|"
                           r"script|screenplay|blog|post|poem)\b|"
                           r"\bfor (?:my|a) (?:\w+ )?(?:class|course|paper|research|thesis|essay|assignment|debate)\b|"
                           r"\b(?:for|with|treat\w*|treatment of|patients with|people with) (?:\w+ ){0,3}suicidal "
                           r"(?:ideation|depression|patients|people)\b|"
                           r"\b(?:told|tells|said|says|advised|instructed) (?:me|us|patients|people) to\b|"
                           r"\b(?:referring|refer) (?:a|my|the) (?:patient|client)\b|"
                           r"\bim an? (?:psychiatrist|therapist|doctor|nurse|counsell?or|provider|clinician|social worker)\b")
PAST_EVENT = re.compile(r"\b(?:in (?:19|20)\d\d|\d+ (?:years|months) ago|years ago|last year|survived|and lived|"
                        r"recovered|(?:been|is|hes|shes) (?:clean|sober))\b")
ACCIDENT = re.compile(r"\b(?:gym|playing|lifting|workout|working out|fell|tripped|slipped|sports?|soccer|football|"
                      r"hiking|running|shaving|cooking|chopping|kitchen|paper cut|on the stove)\b")
QUESTION = re.compile(r"^(?:are|is|do|does|did|can|could|will|would|should|what|whats|how|why|when|who|which|has|have)\b")
FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|ill|me|my|myself|mine)\b")
SPEAKER = re.compile(r"\b(?:i|im|ive|id|ill|me|myself)\b")
IMPLIED_SPEAKER = re.compile(r"^(?:gonna|going to|wanna|about to|gotta|finna|ready to)$")  # "gonna make my ex pay": the speaker
NOW = re.compile(r"\b(?:now|right now|help|please|emergency|911|tonight|just)\b")
_CLAUSE = re.compile(r"[.!?;,\n]+|\b(?:but|though|although|however|anyway|just)\b")
_TYPO_RULES = tuple((re.compile(p), r) for p, r in {
    r"\bs+u+i*c+i*d+[ae]*l+\b|\bsuic?i?d[ae]l\b|\bsucid\w*|\bsuisid\w*|\bsuicde\w*|\bsuiside\w*|\bsuacid\w*": "suicidal",
    r"\bs+u+i*c+i*d+e*\b": "suicide",
    r"\bk+i+l{1,3}\b|\bkll\b|\bkil+\b": "kill", r"\bk+i+l+i+n+g?\b|\bkilin\b": "killing",
    r"\bmy ?s[ea]?l+f+\b|\bmyslef\b|\bmysefl\b|\bmyselfe\b|\bmyself+\b|\bmself\b": "myself",
    r"\bbreath\b(?! of)": "breathe", r"\bdie+\b|(?<=to )dye\b|\bdye\b(?= (?:already|tonight|alone|nobody))": "die",
    r"\bwnat\b|\bwnt\b|\bwan\b": "want",
    r"\bwan+a\b|\bwana\b": "wanna", r"\bw o\b": "without", r"\bunaliv\w*|\bun alive\w*": "unalive", r"\bcuting\b": "cutting",
    r"\bovr ?dos\w*|\boverdoes\w*|\bover dosed\b": "overdosed", r"\bcant\w* breath\w*": "cant breathe",
}.items())


@dataclass
class Assessment:
    """What triage concluded about one message."""

    urgent: bool
    category: str = ""
    concern: bool = False  # a sensitive mention that is not urgent: answer, and attach support resources
    matched: str = ""
    dismissed: bool = False  # a rule matched, and its context (a story, a hypothetical, advice given) said no crisis
    probability: float | None = None  # the learned classifier's, when it looked (``screen``)
    possible_crisis: bool = False  # the classifier's middle band: answer, with the crisis line first


@lru_cache(maxsize=256)  # one message is prepared for triage and for each advice check
def prepare(text: str) -> str:
    """Normalize for matching: lower case, no apostrophes, typos of crisis words folded."""
    text = normalize(text).replace("'", "")
    text = re.sub(r"[^a-z0-9.!?;,\n ]+", " ", text)
    for pattern, replacement in _TYPO_RULES:
        text = pattern.sub(replacement, text)
    return re.sub(r"[ \t]+", " ", text)


def assess(message: str) -> Assessment:
    """Urgent if any rule matches where it is not negated, hypothetical, historical or accidental."""
    text = prepare(message)
    concern, dismissed = "", False
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            verdict = _in_scope(rule, text, match)
            if verdict == "urgent":
                return Assessment(True, rule.category, matched=match.group(0))
            if verdict == "concern" and rule.category in SUPPORT_CATEGORIES:
                concern = concern or rule.category
            dismissed = True
    return Assessment(False, concern, concern=bool(concern), dismissed=dismissed)


def without_concern(message: str) -> str:
    """The message without its clauses that only mention a sensitive topic ("I'm not suicidal, but
    how long is an infusion?" -> "how long is an infusion?"), so retrieval sees the question."""
    clauses = [c for c in re.split(r"[.!?;,\n]+|\b(?:but|though|although|however|anyway|just)\b", message, flags=re.I)
               if c.strip()]
    kept = [c for c in clauses if not assess(c).concern]
    return " ".join(kept) if kept else message


def _in_scope(rule: Rule, text: str, match: re.Match) -> str:
    """"urgent", "concern" (a negated or general mention) or "" for one match of a rule."""
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, match.start())), default=0)
    before = text[start:match.start()]
    clause = text[start:_clause_end(text, match.end())]
    if rule.negatable and NEGATION.search(before[-40:]):
        return "concern"
    if rule.topic and (CLINICAL.search(clause) or NO_PLAN.search(text)):
        return "concern"
    if rule.category == "harm_others" and INTRUSIVE.search(text):
        return ""
    history = HISTORY.search(clause) or (RECENT_PAST.search(clause) and not RECURRENCE.search(text))
    if (rule.topic or rule.actual) and (INFORMATIONAL.search(before) or history):
        return "concern" if rule.topic else ""
    if rule.speaker and not (SPEAKER.search(clause) or not before.strip() or IMPLIED_SPEAKER.match(before.strip())):
        return ""
    if rule.category == "self_harm" and ACCIDENT.search(clause):
        return ""
    if rule.category == "third_party" and PAST_EVENT.search(clause):
        return ""  # "my friend overdosed in 2020 and survived": a story, not an emergency
    if rule.actual:
        now = NOW.search(clause.replace(match.group(0), " "))  # "call 911" itself says nothing of now
        if (HYPOTHETICAL.search(clause.strip()) or HABITUAL.search(clause)) and not now:  # history returned above
            return ""
    elif rule.topic and QUESTION.search(clause.strip()) and not FIRST_PERSON.search(clause):
        return "concern"  # "are patients screened for suicide risk?": about others, in general
    return "urgent"


def _clause_end(text: str, position: int) -> int:
    found = _CLAUSE.search(text, position)
    return found.start() if found else len(text)


# The asker, or someone they ask for ("should my mom stop...", "is it ok for him to take...").
_ASKER = r"(?:i|he|she|they|we|my \w+)"
_MEDICINES = (r"(?:meds?|medications?|medicines?|pills?|dose|dosage|antidepressants?|prescriptions?|ssris?|benzos?|lithium"
              r"|xanax|adderall|zoloft|prozac|lexapro|blood thinners?|warfarin|insulin|painkillers?|opioids?)")
_PERSONAL = re.compile(
    rf"\b(?:(?:should|can|could|may|must|do|does) {_ASKER}|is it (?:ok|okay|safe|fine) (?:for (?:me|him|her|them|my \w+) )?to)"
    r"\b.{0,40}\b(?:stop|quit|skip|mix|combine|double|increase|reduce|lower|come off|wean|keep taking|continue|change|take|"
    rf"taking|drink|drinking)\b.{{0,40}}\b{_MEDICINES}\b"
    r"|\bmy (?:dose|dosage)\b|\bhow much (?:ketamine|medication|of (?:it|my \w+)) should i\b"
    r"|\b(?:does|do|is|will|would) (?:it|ketamine|this|that|the infusion) (?:mix|interact|go)\w* (?:ok |okay |well |fine |badly )?"
    r"(?:with|w) (?:my )?(?:meds?|medications?|pills?|xanax|adderall|zoloft|prozac|lexapro|lithium|benzos?|ssris?|"
    r"antidepressants?|sleeping pills?|\w+ (?:meds?|pills?))\b"
    r"|\b(?:is|would) (?:it|ketamine|this) (?:be )?(?:safe|ok|okay) for me\b|\bshould i stop (?:ketamine|it|this|infusions?)\b")
# Whether a treatment suits the asker: the guide says whom it may help; the provider decides.
_ELIGIBILITY = re.compile(
    r"\bam i (?:eligible|a (?:good |suitable |right )?(?:candidate|fit)|qualified)\b"
    r"|\b(?:is|are|would) (?:it|ketamine|this|that|(?:this|the|these|an?) \w+) (?:be )?(?:right|good|suitable|a good fit) for me\b"
    r"|\b(?:is|are) (?:it|ketamine|this|that|(?:this|the|these) \w+) for me\b"
    r"|\bif (?:it|ketamine|this|that|(?:this|the) \w+) (?:is|would be) (?:right|good|suitable|a good fit) for me\b"
    r"|\bshould i (?:get|try|do|start|consider) (?:ketamine|it|this|(?:(?:this|the|these|an?) )?(?:treatments?|therapy"
    r"|procedures?|infusions?|tests?|study|scans?|surgery))\b")


def personal_advice(message: str) -> bool:
    """Whether a message asks for advice about the asker's own care, which only a provider can give:
    their medicines and doses, whether it is safe for them (``medication_advice``), or whether it
    suits them (``eligibility``)."""
    return medication_advice(message) or eligibility(message)


def medication_advice(message: str) -> bool:
    """Whether a message asks about the asker's (or a relative's) medicines, doses or safety: a
    question no guide passage answers for them."""
    return bool(_PERSONAL.search(prepare(message)))


def eligibility(message: str) -> bool:
    """Whether a message asks if the treatment suits the asker ("am I a good candidate"): the guide's
    general answer (whom it may help) is given, with the provider named as the one who decides."""
    return bool(_ELIGIBILITY.search(prepare(message)))
