"""Redaction of personal details from patients' messages before anything is stored.

``redact(text)`` replaces e-mail addresses, web addresses, phone numbers, dates (a year alone
is kept, as HIPAA Safe Harbor allows), street addresses, long digit runs (5 or more: zip codes,
record and insurance numbers), ages over 89 and names that a phrase introduces ("my name is", "I'm called",
"this is", "call me", "Dr.", a sign-off like "Thanks, Ann") with a bracketed tag such as
``[email]``. It also drops control characters and unpaired surrogates, so the result can be
stored anywhere. Rules are regular expressions: see the tests for what they still miss.
"""
from __future__ import annotations

import re
import unicodedata

TAGS = ("[email]", "[url]", "[phone]", "[date]", "[address]", "[number]", "[age]", "[name]")
_I = re.IGNORECASE

# Bounded repeats keep every rule linear on huge input (no backtracking over a long word).
# An address never ends in a label of digits only, nor inside a date: "x@y. 03/14/1985" and
# "@0. 1234 Elm Street" keep their date and house number whole for the rules below.
_ADDRESS_END = r"(?<![\s.]\d)(?<![\s.]\d{2})(?<![\s.]\d{3})(?<![\s.]\d{4})(?<![\s.]\d{5})(?![\w-]*/\d)"
# A dot spaced on both sides or none, or on one side before a common ending: ". my" ends a sentence.
_TLD = r"(?=(?:com|net|org|edu|gov|io|co|uk|us|ca|info|biz|me)\b)"
_DOT = r"(?:\.|\s\.\s|\.\s" + _TLD + r"|\s\." + _TLD + r"|\s?\(dot\)\s?|\s?\[dot\]\s?)"
EMAIL = re.compile(r"[\w.%+'-]{1,64}\s?(?:@|\(at\)|\[at\])\s?[\w-]{1,63}(?:" + _DOT + r"[\w-]{1,63}){1,8}"
                   + _ADDRESS_END, _I)
# What is left of an address when EMAIL took a wrong start ("0@ ann.lee@example.com"): "@example.com".
EMAIL_DOMAIN = re.compile(r"(?<![\w.%+'-])@\s?[\w-]{1,63}(?:(?:\.|\s\.\s)[\w-]{1,63}){1,8}" + _ADDRESS_END, _I)
URL = re.compile(r"\b(?:https?://|www\.)\S+", _I)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
DATE = re.compile(
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"                                   # 2024-03-05
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b"                        # 3/5/24, 05.03.2024
    r"|\b\d{1,2}/\d{1,2}\b"                                                # 3/5
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{2,4}})?\b"                # 5th of March 1985
    rf"|\b{_MONTH}\s+{_DAY}\b(?:,?\s+\d{{2,4}}\b)?"                        # March 5th, 1985
    rf"|\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    rf"|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{{4}}\b",                      # March 1985
    _I)

_STREET_TYPES = (r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace"
                 r"|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|close|crescent")
ADDRESS = re.compile(
    rf"\b\d{{1,6}}[a-z]?\s+(?:[NSEW]\.?\s+)?(?:[\w'-]{{1,30}}\s+){{0,3}}?[\w'-]{{1,30}}\s+(?:{_STREET_TYPES})\b\.?"
    r"(?:,?\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[\w-]+)?"
    r"|(?<![^\W\d_])(?:p\.?\s?o\.?\s+box|apt|apartment|unit|suite)\.?\s*#?\s*\d[\w-]*",
    _I)
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,40}\d\b")
YEARS = re.compile(r"\d{4}\s?-\s?\d{4}")  # "2019-2023" is a span of years, not a phone
DIGITS = re.compile(r"\d{5,}")
# Ages over 89 identify a person (HIPAA Safe Harbor): "I'm 94", "aged 101", "92 years old", "93yo".
AGE = re.compile(r"\b(?:(?:i'?m|i\s+am|aged?)\s+(?:9\d|1[0-4]\d)\b(?!\s*(?:mg|kg|lbs?|pounds|minutes|min|%|percent))"
                 r"|(?:9\d|1[0-4]\d)\s*(?:-\s*)?(?:years?|yrs?|yo|y/o)(?:[\s-]+old)?\b)", _I)

# Names: the words after an introducing phrase. Any case after "my name is" / "I'm called";
# after "this is", "I'm", "I am" only Capitalised words (so "this is normal" stays).
# A name ends at a word like these ("my name is Ann and I ..."); the rules never consume them,
# so a second phrase right after a name is still seen.
_CUT_WORDS = r"(?:and|but|or|i|im|i'm|i'd|i've|i'll|my|from|who|at|in|with|here|again|is|am|was|this|call)\b"
_NAME_WORD = rf"(?!{_CUT_WORDS})[^\W\d_](?:\.|[\w'-]*)"  # "Ann", "O'Neil", "J."
NAME_ALWAYS = re.compile(
    rf"\b(?:my\s+name\s+is|my\s+name's|name's|i\s+am\s+called|i'?m\s+called|im\s+called|i\s+go\s+by"
    rf"|my\s+(?:first|last|full|legal)\s+name\s+is|(?:first|last|full)\s+name\s*:)\s+"
    rf"((?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,2}})", _I)
NAME_CAPITALISED = re.compile(
    r"\b(?:[Tt]his\s+is|[Ii]'?m|[Ii]\s+am|[Ii]t's|[Ss]igned|[Rr]egards|[Tt]hanks|[Tt]hank\s+you|[Cc]heers"
    r"|[Bb]est|[Ss]incerely|[Cc]all\s+me|[Pp]atient|[Dd]r\.?|[Dd]octor|[Mm]rs?\.?|[Mm]s\.?|[Mm]iss|[Nn]urse)"
    rf",?\s+((?!(?i:{_CUT_WORDS}))[^\W\d_a-z][\w'-]*(?:\s+(?!(?i:{_CUT_WORDS}))[^\W\d_a-z][\w'-]*){{0,2}})")
# Capitalised words after "I'm" / "this is" that are not names ("I'm Not sure", "This is Ketamine").
NOT_NAMES = frozenset("""
i a an the not so very really just also still too here there new back ok okay fine sure sorry glad happy
worried scared nervous afraid anxious confused curious wondering thinking asking calling writing looking trying
going getting feeling having about on in at from with for to of and or but if it its this that my your our
a1 ketamine spravato esketamine monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
god gosh hello hi hey thanks thank please yes no ready done pregnant diabetic allergic i'm i'd i've i'll
at anytime asap later if when whenever now soon after before tonight morning evening afternoon
nothing none unknown private confidential irrelevant important
""".split())
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def clean(text: str) -> str:
    """Text safe to store: unpaired surrogates and control characters removed, tabs and
    line breaks turned to spaces, Unicode in NFC form."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    text = _CONTROL.sub("", text).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return unicodedata.normalize("NFC", text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def redact(text: str) -> str:
    """Text with personal details replaced by tags (see the module docstring); never raises
    for a str. Order matters: e-mails and addresses go before the digit rules eat their parts."""
    if not isinstance(text, str):
        raise TypeError(f"redact() takes text (str), not {type(text).__name__}")
    text = clean(text)
    for _ in range(3):  # a tag can open a boundary a rule needs ("12345Apt 1"): repeat until stable
        done = _redact_once(text)
        if done == text:
            break
        text = done
    return text


def _redact_once(text: str) -> str:
    text = EMAIL_DOMAIN.sub("[email]", EMAIL.sub("[email]", text))
    text = URL.sub("[url]", text)
    text = DATE.sub("[date]", text)
    text = ADDRESS.sub("[address]", text)
    text = PHONE.sub(_phone, text)
    text = DIGITS.sub("[number]", text)
    text = AGE.sub("[age]", text)
    text = _names(NAME_ALWAYS, text, capitalised_only=False)
    return _names(NAME_CAPITALISED, text, capitalised_only=True)


def _phone(match: re.Match) -> str:
    """A run of digits and separators with 7 or more digits is a phone (or an id): redact it."""
    found = match.group(0)
    if sum(ch.isdigit() for ch in found) < 7 or YEARS.fullmatch(found):
        return found
    return "[phone]"


def _names(pattern: re.Pattern, text: str, capitalised_only: bool) -> str:
    """Replace each introduced name (up to three words, ending at a word like "and" or "worried").
    The scan resumes right after the name, so a phrase among the words looked at is seen too."""
    parts, pos = [], 0
    while (match := pattern.search(text, pos)) is not None:
        start, length = match.start(1), _name_length(match.group(1), capitalised_only)
        if length:
            parts += [text[pos:start], "[name]"]
            pos = start + length
        else:  # no name here: keep the phrase and its next word, and look on from there
            end = start + re.match(r"\S+", match.group(1)).end()
            parts.append(text[pos:end])
            pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _name_length(words: str, capitalised_only: bool) -> int:
    """How many characters of ``words`` are the name (0: none)."""
    end = 0
    for word in re.finditer(r"\S+", words):
        text = word.group(0)
        if text.strip(".'-").casefold() in NOT_NAMES or (capitalised_only and not text[:1].isupper()):
            break
        end = word.end()
    return end
