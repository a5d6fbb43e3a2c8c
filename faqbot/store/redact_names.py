"""Names in patients' messages, found by the phrase around them and by a names list.

The list is Faker's person data, read offline from the installed package the first time a message
needs it: the first names of its US, UK, Irish, Indian, New Zealand and Mexican providers, and the
last names of its US (the census top 1,000), UK, Indian and Mexican ones. A listed word that is also
an ordinary English word (by pyspellchecker's word counts, or in ORDINARY_WORDS: "will", "hope",
"frank") is no name unless it is written in capitals where a name is expected.

Where a name is taken (``redact_names``):
- after "my name is", "I'm called", "I go by", "me llamo" ...: up to three words in any case;
- after "this is", "I'm", "it's", a relative ("my son", "my wife"), a title ("Dr.", "Mrs", "nurse")
  or a sign-off ("Thanks,"): words in capitals that English text seldom has or that are listed, or
  listed names in lower case ("this is sarah connor", "dr. walker");
- a sign-in ("maria here") or a sign-off alone at the end ("... thanks! - sarah"): listed names;
- anywhere: a listed first name and a listed (or unknown) last name, both in capitals ("Carla Ruiz").
"""
from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections.abc import Callable, Mapping

FIRST_NAME_LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_NZ", "es_MX")
LAST_NAME_LOCALES = ("en_US", "en_GB", "en_IN", "es_MX")
# pyspellchecker counts (of about 1.6 billion words of English) that make a word ordinary:
# a listed first name in lower case from "jesus" (16,603) up, in capitals or after a first name
# from "faith" (65,729) up ("michael brown" is a name, "james will" is not); a word
# in capitals that is not listed from "muslim" (1,153) up ("I'm Deaf", "I am Chinese", "Dr. Google").
COMMON_LOWERCASE = 15_000
COMMON_CAPITALISED = 40_000
COMMON_UNLISTED = 1_000
# Listed names that are ordinary words in a patient's question although English text uses them less.
ORDINARY_WORDS = frozenset("""
max harsh frank sunny rusty misty sandy dusty honey candy eve ray gene sage lance pierce dean jade olive holly
autumn melody harmony brandy ginger pepper archer mercy patience charity chance sterling rich bishop baker cook
king judge major general young long page bill pat sue don art chip skip buck rob drew mark grant chase hunter
will may june april august january july rose dawn grace hope faith joy summer winter angel guy forum che
om eta una tai indie phoenix roman willow poppy violet ivy trinity paris lincoln jordan florence robin jay cal
dale glen earl amber lily ruby stella
""".split())

_I = re.IGNORECASE
SIGN_OFF_CHARS = 80  # a sign-off is looked for in the message's last characters only
# A name ends at a word like these ("my name is Ann and I ..."); the rules never consume them,
# so a second phrase right after a name is still seen.
_CUT_WORDS = r"(?:and|but|or|i|im|i'm|i'd|i've|i'll|my|from|who|at|in|with|here|again|is|am|was|this|call)\b"
_NAME_WORD = rf"(?!{_CUT_WORDS})[^\W\d_](?:\.|[\w'’-]*)"  # "Ann", "O'Neil", "J."
_NAME_WORDS = rf"((?<![\[\w]){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
_RELATIVES = (r"son|daughter|husband|wife|partner|spouse|boyfriend|girlfriend|bf|gf|fianc[eé]e?|mom|mum|mother"
              r"|dad|father|sister|brother|grand(?:son|daughter|mother|father|ma|pa)|granny|aunt|uncle|niece"
              r"|nephew|cousin|friend|neighbou?r|room-?mate|flat-?mate|caregiver|carer|kid|child|baby"
              r"|step(?:son|daughter|mom|dad|mother|father)|(?:son|daughter|mother|father)-in-law")
NAME_ALWAYS = re.compile(  # the lookaheads on first letters skip most words at once
    r"(?=[mnijfl])\b(?:my\s+name\s+is|my\s+name's|name's|i\s+am\s+called|i'?m\s+called|im\s+called|i\s+go\s+by"
    r"|my\s+(?:first|last|full|legal)\s+name\s+is|(?:first|last|full)\s+name\s*:"
    r"|me\s+llamo|mi\s+nombre\s+es|je\s+m'appelle|mon\s+nom\s+est|meu\s+nome\s+[eé]|mein\s+name\s+ist)\s+"
    + _NAME_WORDS, _I)
NAME_IN_CONTEXT = re.compile(
    r"(?=[tisrcbpmnj])\b(?:this\s+is|i'?m|im|i\s+am|it's|signed|regards|thanks|thank\s+you|cheers|best|sincerely"
    r"|call\s+me|patient|soy|je\s+suis"
    rf"|my\s+(?:{_RELATIVES})(?:'s\s+name\s+is|\s+is\s+called|\s+called|\s+named)?),?\s+" + _NAME_WORDS, _I)
# After a title a name in lower case may be a last name alone ("dr. walker").
NAME_AFTER_TITLE = re.compile(r"(?=[dmnp])\b(?:dr|doctor|mrs?|ms|mx|miss|nurse|prof)\b\.?\s+" + _NAME_WORDS, _I)
NAME_SIGN_IN = re.compile(
    r"(?:^|[.!?,;:]\s*|\b(?:hi|hello|hey|hiya|morning|evening|afternoon)[,!]?\s+)"
    rf"([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s+here\b", _I)
NAME_SIGN_OFF = re.compile(r"(?:^|[.!?]\s+|(?<!\S)[-–—~]\s*)([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)\s*[.!]?\s*$")
# A word in capitals, without a possessive 's ("O'Neil", "Mary-Jane", "Cohen" of "Cohen's").
CAPITALISED_WORD = re.compile(r"(?<![\[\w'’-])[^\W\d_a-z]\w*(?:['’-](?!s\b)\w+)*")
# Words that are not names even in capitals after "I'm" / "this is" ("I'm Not sure", "This is Ketamine").
NOT_NAMES = frozenset("""
i a an the not so very really just also still too here there new back ok okay fine sure sorry glad happy
worried scared nervous afraid anxious confused curious wondering thinking asking calling writing looking trying
going getting feeling having about on in at from with for to of and or but if it its this that my your our
a1 ketamine spravato esketamine monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
god gosh hello hi hey thanks thank please yes no ready done pregnant diabetic allergic i'm i'd i've i'll
at anytime asap later if when whenever now soon after before tonight morning evening afternoon
nothing none unknown private confidential irrelevant important
email url phone date address number age name ssn dr mr mrs ms mx miss doctor nurse sir madam prof
lol btw omg idk pls plz thx fyi tbh imo lmao haha hehe xx xo ty
""".split())


def redact_names(text: str) -> str:
    """``text`` with the names that a phrase, a sign-in or sign-off, or the names list show replaced by [name]."""
    text = _replace_names(NAME_ALWAYS, text, _any_word)
    text = _replace_names(NAME_IN_CONTEXT, text, _capitalised_or_listed)
    text = _replace_names(NAME_AFTER_TITLE, text, _capitalised_or_last_name)
    if "here" in text.casefold():
        text = _replace_names(NAME_SIGN_IN, text, _listed)
    text = _replace_names(NAME_SIGN_OFF, text, _listed, start=max(0, len(text) - SIGN_OFF_CHARS))
    return _replace_full_names(text)


def _replace_names(pattern: re.Pattern, text: str, is_name: Callable[[str, int], bool], start: int = 0) -> str:
    """Replace each name that ``pattern`` introduces (group 1: up to three words, kept while ``is_name``),
    looking from ``start`` on. Where there is none the scan resumes at the first word looked at, so a
    phrase there is seen too."""
    parts, pos = [text[:start]], start
    while (match := pattern.search(text, pos)) is not None:
        name_start = match.start(1)
        if length := _name_length(match.group(1), is_name):
            parts += [text[pos:name_start], "[name]"]
            pos = name_start + length
        else:  # a phrase that matched no text before its words ("^") moves on past the first word
            resume = name_start if name_start > pos else name_start + re.match(r"\S+", match.group(1)).end()
            parts.append(text[pos:resume])
            pos = resume
    parts.append(text[pos:])
    return "".join(parts)


def _name_length(words: str, is_name: Callable[[str, int], bool]) -> int:
    """How many characters of ``words`` are the name (0: none)."""
    end = 0
    for position, word in enumerate(re.finditer(r"\S+", words)):
        if not is_name(word.group(0), position):
            break
        end = word.end()
        if word.group(0).endswith(("'s", "’s")):  # a possessive ends the name ("Dr. Okafor's follow-up")
            break
    return end


def _replace_full_names(text: str) -> str:
    """Replace each listed first name followed by a listed or unknown last name, both in capitals
    ("Carla Ruiz", "Sarah Okafor"), and a third such word after them."""
    parts, pos, previous = [], 0, None
    for word in CAPITALISED_WORD.finditer(text):
        if previous is not None and text[previous.end():word.start()].isspace() and _is_full_name(previous, word):
            end = word.end()
            if (third := CAPITALISED_WORD.match(text, end + 1)) and text[end:third.start()].isspace() \
                    and _is_last_name(third.group(0)):
                end = third.end()
            parts += [text[pos:previous.start()], "[name]"]
            pos, previous = end, None
            continue
        previous = word if word.start() >= pos else None
    parts.append(text[pos:])
    return "".join(parts)


def _is_full_name(first: re.Match, last: re.Match) -> bool:
    return _is_listed(first.group(0), first_only=True) and _is_last_name(last.group(0))


def _is_last_name(word: str) -> bool:
    return _is_listed(word, first_only=False) or (_key(word) not in NOT_NAMES and _word_count(word) == 0)


def _any_word(word: str, position: int) -> bool:
    return _key(word) not in NOT_NAMES


def _capitalised_or_listed(word: str, position: int) -> bool:
    """A listed first name, a listed last name that is no ordinary word ("Lee", not "Black"), or a word
    in capitals that English text seldom has ("Okafor", not "Deaf")."""
    key = _key(word)
    if key in NOT_NAMES:
        return False
    if not word[:1].isupper():  # after a name, a word English text lacks is a last name ("sarah okafor")
        return _is_listed(word, first_only=position == 0) or position > 0 and _is_unknown_word(key)
    if key in first_names() or _plain(key) in first_names():  # "I'm Will", "This is Hope"
        return True
    return _word_count(key) < (COMMON_CAPITALISED if _plain(key) in all_names() else COMMON_UNLISTED)


def _capitalised_or_last_name(word: str, position: int) -> bool:
    """As ``_capitalised_or_listed``, but a last name in lower case may come first: a listed one or a
    word English text lacks ("dr. walker", "dr sato")."""
    if position == 0 and not word[:1].isupper():
        key = _key(word)
        return key not in NOT_NAMES and (_is_listed(word, first_only=False) or _is_unknown_word(key))
    return _capitalised_or_listed(word, position)


def _listed(word: str, position: int) -> bool:
    """A listed first name, then listed names or words English text lacks ("Robert Okafor")."""
    if _key(word) in NOT_NAMES:
        return False
    return _is_listed(word, first_only=position == 0) or position > 0 and _is_unknown_word(_key(word))


def _is_listed(word: str, first_only: bool) -> bool:
    """Whether ``word`` is a listed first name (or a last name too) that is no ordinary word as written."""
    if word[1:2].isupper() and not word.isupper():  # "ODing"
        return False
    key, names = _key(word), first_names() if first_only else all_names()
    if key not in names and _plain(key) not in names:
        return False
    if word[:1].isupper() or not first_only:  # in capitals, or after a first name ("michael brown")
        return _word_count(key) < COMMON_CAPITALISED and (word[:1].isupper() or key not in ORDINARY_WORDS)
    return key not in ORDINARY_WORDS and _word_count(key) < COMMON_LOWERCASE


def _is_unknown_word(key: str) -> bool:
    """A word of letters only that English text lacks ("okafor"; not "follow-up")."""
    return key.isalpha() and _word_count(key) == 0


def _key(word: str) -> str:
    return word.strip(".,'’-").casefold()


def _plain(word: str) -> str:
    """``word`` without accents ("josé" -> "jose")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@functools.cache
def first_names() -> frozenset[str]:
    """Faker's first names for FIRST_NAME_LOCALES, case-folded, with and without accents."""
    return _faker_names(FIRST_NAME_LOCALES, "first_names")


@functools.cache
def all_names() -> frozenset[str]:
    """The first names and Faker's last names for LAST_NAME_LOCALES."""
    return first_names() | _faker_names(LAST_NAME_LOCALES, "last_names")


def _faker_names(locales: tuple[str, ...], attribute: str) -> frozenset[str]:
    names: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for name in getattr(provider, attribute):
            if " " not in name:
                names |= {name.casefold(), _plain(name.casefold())}
    return frozenset(names - NOT_NAMES)


def _word_count(word: str) -> int:
    """How often English text has ``word`` (pyspellchecker's counts; 0 for a word it lacks)."""
    return _word_counts().get(_key(word), 0)


@functools.cache
def _word_counts() -> Mapping[str, int]:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary
