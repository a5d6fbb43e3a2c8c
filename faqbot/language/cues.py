"""Question types: cue phrases that say what an answer must hold, and questions about the whole guide.

A cue ("how long", "how much is it", "in months") names the kind of answer asked for; a
required one must be met by the passage (a price question needs a price). Overview questions
("what does this guide cover", "the short version") ask for the guide's opening or summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import NUMBER_TERM, analyze, words

# A question that names a unit ("how many months", "the dose in mg") asks for a quantity in that
# unit: its answer must use the unit. UNIT_ANSWER stands for "the unit the question named".
UNITS = "seconds|minutes|hours|days|weeks|months|years|mg|milligrams|ml|milliliters|pounds|kg|kilograms|miles"
UNIT_ANSWER = "<unit>"
# Where a clinic is, at the level a guide states it (a state); one distinctive word a state.
# Maine is left out: its stem is that of "main" and "mainly", which any guide may use.
US_STATES = """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma
oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming"""


@dataclass(frozen=True)
class Cue:
    """A question type: its phrase, the frame words it consumes, the words its answers hold.

    A required cue's answer words must be in the passage (a "how many" answer states a
    number); an optional one only helps ranking ("how long" -> minutes, hours).
    """

    pattern: re.Pattern
    frame: frozenset
    answer_terms: tuple[str, ...]
    required: bool = False


def _cue(pattern: str, frame: str, answer_words: str, required: bool = False) -> Cue:
    terms = (answer_words,) if answer_words in (NUMBER_TERM, UNIT_ANSWER) else tuple(
        s for s in analyze(answer_words) if s != NUMBER_TERM)
    return Cue(re.compile(pattern), frozenset(frame.split()), terms, required)


CUES: tuple[Cue, ...] = (  # the longer phrase wins when two overlap: "how many times" asks how often
    _cue(r"\bhow much (?:is|are|will|would|does|do) (?:it|each|one|per|an?|every)\b(?! \w+ (?:take|last|help|work))"
         r"|\b(?:cost|costs|price|prices|pricing|fee|fees|expensive|cheap|afford|affordable|insurance|insured"
         r"|pay|paying|payment|charge|charges|billing|copay|deductible|medicare|medicaid)\b",
         "cost costs price fee fees pay charge expensive", "cost price fee insurance payment dollars", required=True),
    _cue(r"\bhow (?:soon|quickly|fast) (?:can|could|will|would) (?:i|we|you|u) (?:get (?:in|seen|scheduled|booked"
         r"|an? (?:appointment|appt|consult\w*|slot|spot|visit))|be seen|book|schedule|start)\b"
         r"|\bwait(?:ing)? ?(?:list|time)s?\b|\bnext available\b",
         "", "appointment schedule scheduling availability available booking waitlist", required=True),
    _cue(r"\bhow (soon|fast|quick|quickly)\b|\bhow long (until|till|before|for (it|ketamine|this|the \w+) to)\b"
         r"|\bwhen (will|would|do|does|can|should) (i|you|we|it|people|patients) (feel|notice|see|start)"
         r"|\b(?:kicks?|kicking) in\b|\btakes? effect\b|\bstarts? (?:working|to work)\b"
         r"|\bwhen (?:do|will|would|does|should|can) (?:the |i |you )?(?:results?|relief|effects?|benefits?|improvements?)"
         r" (?:show|start|kick|appear|come|happen|begin)",
         "take takes start starts kick", "hours days fast relief within notice"),
    _cue(r"\bhow long\b|\bduration\b|\bhow many (minutes|hours)\b|\bhow much time\b",
         "take takes taking last lasts lasting", "minutes hour hours lasts takes", required=True),
    _cue(r"\bhow (?:does|do|would|will|can) (?:it|ketamine|this|that|they|the \w+|an? \w+) (?:actually |really |even )?work",
         "work works", "acts brain works"),
    _cue(rf"\bhow many (?P<unit>{UNITS})\b|\bin (?P<end>{UNITS})\W*$", "", UNIT_ANSWER, required=True),
    _cue(r"\b(?:what|which) (?:percent|percentage|proportion|share)\b|\bsuccess rate\b|\bhow likely\b",
         "", "percent percentage proportion", required=True),
    _cue(r"\bhow (?:many|much)\b|\bwhat (?:number|amount)\b",
         "", NUMBER_TERM, required=True),
    _cue(r"\b(?:your|office|clinic|opening|business) hours\b|\bwhen (?:are|is) (?:you|it|the clinic|the office) open\b"
         r"|\bare you open\b|\bwhat time (?:do|does|will) (?:you|u|it|the clinic|the office|the center|the centre) (?:open|close)\b"
         r"|\b(?:opening|closing) (?:time|times)\b|^(?:what are )?(?:the )?hours(?: (?:today|tomorrow|on \w+))?$",
         "hours open", "weekdays weekends monday tuesday wednesday thursday friday saturday sunday",
         required=True),
    _cue(r"\bhow often\b|\bhow many (times|sessions|treatments|infusions|visits)\b", "", "sessions series several"),
    _cue(r"\bwhere (?:is|are|r) (?:it done|it given|this done)\b|\b(?:do|get|have|give|done|given|take) (?:it |this |them "
         r"|the \w+ |my \w+ )?(?:at|from) (?:home|my house|my place)\b|\b(?:clinic|office) or (?:at )?home\b"
         r"|\bhome or (?:at )?(?:the |a )?(?:clinic|office)\b", "home house", "clinic site room setting"),
    _cue(r"\b(?:what|which) state\b|\bwhere (?:is|are|r) (?:you|u|the clinic|your clinic|this clinic|the office|your office"
         r"|this place)\b|\b(?:located|based) in\b", "located based", US_STATES, required=True),
    _cue(r"(?:(?<=\bphone )|(?<=\btelephone )|(?<=\bcontact )|(?<=\boffice ))number\b|\bnumber (?:to|i can) (?:call|ring|text)\b"
         r"|\bhow (?:do|can|should) i (?:call|reach|contact|phone|ring) (?:you|u|the clinic|the office|the hospital|the center|someone)\b",
         "", NUMBER_TERM, required=True),
    _cue(r"\b(?:address|directions to|zip ?code|postcode)\b|\b(?:what|which) (?:town|city|street)\b",
         "", "street avenue boulevard highway", required=True),
    _cue(r"\bwhere (?:do|does|will|would|is|are)\b[^?.]{0,30}\b(?:happen|happens|take place|takes place|held)\b",
         "happen happens take place takes held", "room clinic office setting site center location"),
    _cue(r"\b(?:when|once|after) (?:the |my |it |its |it is |thats |that is )?(?:\w+ )?(?:ends|is over|over|is done|done|"
         r"finishes|is finished|finished|wraps up|stops)\b", "ends over done finishes finished stops", "after"),
    _cue(r"\bwho (is|are|can|should|would|might|may)\b|\bwho\b.*\bfor\b", "", "people patients conditions"),
)


# Questions about the guide as a whole: a summary request, or what the guide / the process covers.
SUMMARY_REQUEST = re.compile(r"\b(?:short|quick|brief) version\b|\bsumm(?:ary|arize|arise)\b|\bsum (?:it )?up\b"
                             r"|\bin a nutshell\b|\btl ?dr\b|\boverview\b|\bthe gist\b|\bbottom line\b")
GUIDE_REQUEST = re.compile(r"\b(?:this|the|your) (?:guide|page|site|website|document|handout|leaflet|booklet|pamphlet"
                           r"|article)\b|\bwhole (?:process|thing)\b|\b(?:start|beginning|begining) to (?:finish|end)\b"
                           r"|\bstep by step\b")
# Verbs that frame such a question and name no topic ("what does this guide cover", "give me the gist").
OVERVIEW_FRAME = frozenset("""give tell show explain walk cover covers covered include includes contain contains
describe describes say says talk talks go goes mean whole process overall everything""".split())
SUMMARY_HEADING = re.compile(r"\b(?:summary|overview|conclusions?|in short|key points|at a glance)\b", re.I)


def overview_request(question: str) -> tuple[str, str]:
    """("summary" or "guide", the question without the phrase) when it asks about the guide as a whole."""
    text = " ".join(words(question))
    for kind, pattern in (("summary", SUMMARY_REQUEST), ("guide", GUIDE_REQUEST)):
        if pattern.search(text):
            return kind, " ".join(w for w in pattern.sub(" ", text).split() if w not in OVERVIEW_FRAME)
    return "", question


def answer_terms(cue: Cue, match: re.Match) -> tuple[str, ...]:
    """What an answer of this question type holds (for a unit cue: the unit the question named)."""
    if cue.answer_terms != (UNIT_ANSWER,):
        return cue.answer_terms
    return tuple(analyze(match.group("unit") or match.group("end")))


def question_types(text: str) -> list[tuple[Cue, re.Match]]:
    """The cues a question matches; of two overlapping phrases only the longer counts."""
    matches = [(cue, m) for cue in CUES for m in [cue.pattern.search(text)] if m]
    found: list[tuple[Cue, re.Match]] = []
    for cue, match in sorted(matches, key=lambda cm: cm[1].start() - cm[1].end()):
        if not any(m.start() < match.end() and match.start() < m.end() for _, m in found):
            found.append((cue, match))
    return found
