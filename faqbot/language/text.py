"""One analyzer for passages and questions: normalize, tokenize, drop stopwords, stem.

Only what the nltk pip package carries is used (the Snowball stemmer); the
stopword list is our own, because nltk's corpora cannot be downloaded here.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer

_STEMMER = SnowballStemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+")
_PUNCTUATION_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
})

# Function words and the filler of spoken questions ("can you tell me", "I was wondering").
STOPWORDS = frozenset("""
a about above again against all am an and any are aren arent as at be because been
being below between both but by can cant could couldnt did didnt do does doesnt doing
dont down each few for from further had hadnt has hasnt have havent having he hed hes
her here hers herself him himself his how i id ill im ive if in into is isnt it its itself
just let lets me more most my myself no nor not of off on once only or other ought our ours
ourselves out over own same shall she shes should shouldnt so some such than that thats the
their theirs them themselves then there theres these they theyd theyll theyre theyve this
those through to too under until up very was wasnt we wed well were weve werent what whats
when where which while who whos whom why will with wont would wouldnt you youd youll youre
youve your yours yourself yourselves s t d ll m re ve y o
also actually really exactly basically usually typically generally normally probably maybe
perhaps please pls plz thanks thank thx hi hello hey ok okay yes yeah yep like kind sort
tell know knew wonder wondering wondered question questions ask asking explain info curious
information mean means want wanted wanna gonna gotta need needs etc anything something
thing things stuff someone somebody anyone anybody get gets got getting go goes going
much many lot lots bit little quite rather pretty even still ever every u ur r im
happen happens happened happening say says said saying come comes came coming put puts
took take takes taking heard hear hears true right around back done deal two one thing big
good bad okay fine sure kinda sorta gonna lol haha yall ya guys ive way went make makes made
idk tbh imo imho btw fyi omg ngl
afterwards almost along already although always among another anyhow anyway anywhere beforehand besides
cannot either else elsewhere enough everything everywhere except hence however indeed instead meanwhile
moreover mostly neither nevertheless nobody none noone nothing nowhere otherwise seem seems seemed since
somehow sometime sometimes somewhere therefore though throughout thus toward towards upon via whatever
whenever whereas wherever whether whoever whose yet able possible honestly lately everybody bunch
roughly approximately approx ballpark versus
wife husband partner mom mum dad mother father son sons daughter daughters friend friends
boyfriend girlfriend family brother sister grandma grandpa everyone
""".split())
# When, relative to the event: function words, yet what tells "before the infusion" from "after
# the infusion" in a guide that walks through a procedure. Indexed; they count for less in coverage.
TEMPORAL_WORDS = frozenset("before after during".split())

# Chat-speak and texting spellings of function words ("hw long", "wat r the risks"): read as the
# word they stand for, so question cues ("how long") still match and they are never taken for names.
CHAT_SPEAK = {
    "hw": "how", "hows": "how", "wat": "what", "wut": "what", "wht": "what", "wats": "what", "whats": "what",
    "whn": "when", "wen": "when", "wher": "where", "whr": "where", "y": "why", "r": "are", "u": "you",
    "ur": "your", "cn": "can", "cud": "could", "shud": "should", "wud": "would", "abt": "about",
    "b4": "before", "bfore": "before", "aftr": "after", "bc": "because", "cuz": "because", "coz": "because",
    "bcuz": "because", "becuz": "because", "thru": "through", "tho": "though", "w": "with", "wit": "with",
    "n": "and", "nd": "and", "dnt": "dont", "havnt": "havent", "ppl": "people", "smth": "something",
    "sth": "something", "sumthing": "something", "ne1": "anyone", "any1": "anyone", "sum1": "someone",
    "some1": "someone", "every1": "everyone", "nite": "night", "nites": "nights", "tonite": "tonight",
    "2nite": "tonight", "hr": "hour", "hrs": "hours", "min": "minutes", "mins": "minutes", "wk": "week",
    "wks": "weeks", "yr": "year", "yrs": "years", "pls": "please", "plz": "please", "1st": "first",
    "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "vs": "versus", "til": "until",
    "till": "until", "untill": "until",
    "rn": "now", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "2morrow": "tomorrow",
}

# Idioms whose words would read as a topic ("so i know what im getting into" is no question of how a drug gets in).
FILLER_IDIOMS = re.compile(r"\bwhat (?:im|i am|were|we are|youre|you are|hes|he is|shes|she is|theyre|they are) "
                           r"(?:getting|gettin|signing up|in) (?:into|in to|for)\b"
                           r"|\bgood (?:morning|afternoon|evening|day)\b"  # a greeting: "good morning" asks about no morning
                           r"|\b(?:the (?:whole|entire) time|all the time)\b")  # "throughout": no time is asked about
# "dose it hurt": a typo of "does" where a question starts with it and a pronoun follows.
DOES_TYPO = re.compile(r"^(?:dose|dos)(?= (?:it|i|he|she|they|this|that|the|ketamine|anyone|someone|u|you|my)\b)")
# Days and months: names, but never a name of something a guide lacks.
CALENDAR_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december weekend weekday tomorrow tonight""".split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentence_parts(text: str) -> list[str]:
    """The text cut at sentence ends and line breaks, each part stripped (empty parts kept)."""
    return [part.strip() for part in _SENTENCE_END.split(text)]


def normalize(text: str) -> str:
    """Lower-case, fold curly quotes and dashes, strip accents ("café" -> "cafe")."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION_MAP)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return text.casefold()


def words(text: str) -> list[str]:
    """Surface word tokens of normalized text; apostrophes join ("don't" -> "dont")."""
    text = re.sub(r"'s\b", "", normalize(text))
    return _TOKEN.findall(text.replace("'", ""))


# Irregular verb forms a stemmer cannot bring to their verb ("felt" is not "feel" to Snowball).
# Forms that are also common nouns or directions ("left", "wound", "lay", "saw") are left alone.
IRREGULAR_VERBS = {
    "felt": "feel", "found": "find", "ate": "eat", "eaten": "eat", "drank": "drink", "drunk": "drink",
    "gave": "give", "given": "give", "told": "tell", "seen": "see", "began": "begin", "begun": "begin",
    "brought": "bring", "thought": "think", "slept": "sleep", "woke": "wake", "woken": "wake", "lost": "lose",
    "kept": "keep", "held": "hold", "drove": "drive", "driven": "drive", "wore": "wear", "worn": "wear",
    "paid": "pay", "sat": "sit", "spoke": "speak", "spoken": "speak", "fell": "fall", "fallen": "fall",
    "bled": "bleed", "broke": "break", "broken": "break", "chose": "choose", "chosen": "choose", "ran": "run",
    "forgot": "forget", "forgotten": "forget", "understood": "understand", "wrote": "write", "written": "write",
    "sent": "send", "spent": "spend", "stood": "stand", "threw": "throw", "thrown": "throw", "grew": "grow",
    "grown": "grow", "shook": "shake", "swam": "swim", "swum": "swim", "hid": "hide", "hidden": "hide",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem of one normalized word (an irregular verb form: the stem of its verb)."""
    return _STEMMER.stem(IRREGULAR_VERBS.get(word, word))


def is_content_word(word: str) -> bool:
    """True for words that carry meaning for retrieval."""
    return word not in STOPWORDS and (len(word) > 1 or word.isdigit())


NUMBER_TERM = "0number"  # added once for text that states a quantity ("40", "forty", "several")
_NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve fifteen twenty
thirty forty fifty sixty ninety hundred thousand dozen several few""".split())
# A number after one of these words labels a part of the text ("Step 2", "Chapter 3"); it states no quantity.
_LABEL_WORDS = frozenset("step part phase stage chapter section page question item figure table level grade type".split())


def analyze(text: str) -> list[str]:
    """Stems of the content words of text: the one analyzer for passages and questions.

    Text that states a quantity also gets NUMBER_TERM, so "how many" and "how much"
    questions can require an answer that holds a number.
    """
    surface = words(text)
    tokens = [w for w in surface if is_content_word(w) or w in _NUMBER_WORDS]
    stems = [stem(w) for w in tokens]
    if any(_states_quantity(surface, i) for i in range(len(surface))):
        stems.append(NUMBER_TERM)
    return stems


def _states_quantity(surface: list[str], i: int) -> bool:
    """Whether word i is a number that counts something (not a label like "Step 2")."""
    word = surface[i]
    if word in _NUMBER_WORDS:
        return True
    return word.isdigit() and not (i > 0 and surface[i - 1] in _LABEL_WORDS)
