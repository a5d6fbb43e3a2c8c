"""Phone numbers, social security numbers, ids, ages and spelled-out digits in patients' messages.

phonenumbers (Google's libphonenumber) finds phone numbers in the formats it knows, with POSSIBLE
leniency so that made-up 555 numbers count too: "555/123-4567", "202 555 0143 ext. 12", en dashes,
full-width digits, "+44 20 7946 0958". A rule keeps catching what it does not: any run of 7 or more
digits with separators ("001 202 555 0143", record numbers). Social security numbers (123-45-6789,
123 45 6789, or 9 digits after "SSN") become [ssn]; spelled-out digit runs become [phone] (7 or more
digits: "five five five, one two three four") or [number] (4 to 6 single digits).
"""
from __future__ import annotations

import re

from phonenumbers import Leniency, PhoneNumberMatcher

_I = re.IGNORECASE
# Library calls read the text in pieces of at most this many characters (a stored question is at most
# 1,100), so huge input costs a bounded amount per piece.
CHUNK_CHARS = 2_000
MAX_PHONE_TRIES_PER_CHUNK = 20  # numbers (and misses) phonenumbers looks at in one piece; the rule takes the rest
MIN_PHONE_DIGITS = 7

SSN = re.compile(r"(?<![\w-])\d{3}[-\s]\d{2}[-\s]\d{4}(?![\w-])")
SSN_LABELLED = re.compile(r"\b(?:ssn|ss#|social\s+security(?:\s+(?:number|no\.?|#))?)\s*(?:is|:|#|number)?\s*"
                          r"(\d{9})\b", _I)
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,40}\d\b")
YEARS = re.compile(r"\d{4}\s?-\s?\d{4}")  # "2019-2023" is a span of years, not a phone
DIGITS = re.compile(r"\d{5,}")
# Ages over 89 identify a person (HIPAA Safe Harbor): "I'm 94", "aged 101", "92 years old", "93yo".
AGE = re.compile(r"\b(?:(?:i'?m|i\s+am|aged?)\s+(?:9\d|1[0-4]\d)\b(?!\s*(?:mg|kg|lbs?|pounds|minutes|min|%|percent))"
                 r"|(?:9\d|1[0-4]\d)\s*(?:-\s*)?(?:years?|yrs?|yo|y/o)(?:[\s-]+old)?\b)", _I)

_UNITS = ("zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORD = "(?:" + "|".join(_UNITS + _TEENS + _TENS + ("double", "triple")) + ")"
# The lookahead on first letters skips most words at once (three times faster on typical questions).
SPELLED_DIGITS = re.compile(rf"(?=[zotfsend])\b{_NUMBER_WORD}(?:(?:[\s,.-]{{1,3}}|\s+dash\s+){_NUMBER_WORD}\b)+", _I)


def text_chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at a space where there is one."""
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut > start else start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def redact_ssns(text: str) -> str:
    text = SSN.sub("[ssn]", text)
    return SSN_LABELLED.sub(lambda match: match.group(0).replace(match.group(1), "[ssn]"), text)


def redact_phone_numbers(text: str) -> str:
    """Phone numbers that phonenumbers finds, then the rule's runs of 7+ digits, as [phone]."""
    text = "".join(_library_phones(chunk) for chunk in text_chunks(text))
    return PHONE.sub(_phone_by_rule, text)


def _library_phones(chunk: str) -> str:
    if sum(map(str.isdigit, chunk)) < MIN_PHONE_DIGITS:
        return chunk
    parts, pos = [], 0
    matcher = PhoneNumberMatcher(chunk, "US", leniency=Leniency.POSSIBLE, max_tries=MAX_PHONE_TRIES_PER_CHUNK)
    for found, _ in zip(matcher, range(MAX_PHONE_TRIES_PER_CHUNK)):
        parts += [chunk[pos:found.start], "[phone]"]
        pos = found.end
    parts.append(chunk[pos:])
    return "".join(parts)


def _phone_by_rule(match: re.Match) -> str:
    """A run of digits and separators with 7 or more digits is a phone (or an id): redact it."""
    found = match.group(0)
    if sum(map(str.isdigit, found)) < MIN_PHONE_DIGITS or YEARS.fullmatch(found):
        return found
    return "[phone]"


def redact_spelled_digits(text: str) -> str:
    return SPELLED_DIGITS.sub(_spelled_run, text)


def _spelled_run(match: re.Match) -> str:
    digits, single_digits_only = spelled_digit_count(match.group(0))
    if digits >= MIN_PHONE_DIGITS:
        return "[phone]"
    return "[number]" if single_digits_only and digits >= 4 else match.group(0)


def spelled_digit_count(run: str) -> tuple[int, bool]:
    """How many digits a run of number words spells ("twenty one" 2, "double five" 2), and whether
    it is single digits only ("five five five one")."""
    digits, single_only, repeat, previous = 0, True, 1, ""
    for word in re.findall(r"[a-z]+", run.casefold()):
        if word in ("double", "triple"):
            repeat = 2 if word == "double" else 3
        elif word in _UNITS:
            digits += 0 if previous in _TENS else repeat
            repeat = 1
        elif word in _TEENS or word in _TENS:
            digits, single_only = digits + 2, False
        previous = word
    return digits, single_only


def redact_other_numbers(text: str) -> str:
    """Runs of 5 or more digits as [number], ages over 89 as [age]."""
    return AGE.sub("[age]", DIGITS.sub("[number]", text))
