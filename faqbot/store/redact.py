"""Redaction of personal details from patients' messages before anything is stored.

``redact(text)`` replaces personal details with a bracketed tag (TAGS): e-mail and web addresses,
social security numbers, phone numbers, dates (a year alone is kept, as HIPAA Safe Harbor allows),
street addresses and towns, long digit runs (5 or more: zip codes, record and insurance numbers),
spelled-out digit runs, ages over 89, and names. It also drops control characters and unpaired
surrogates, so the result can be stored anywhere. The work is shared among:

- ``redact_numbers``: phonenumbers (Google's libphonenumber) finds phone numbers in the formats it
  knows; rules catch SSNs, other runs of 7+ digits, spelled-out digits, long numbers and ages;
- ``redact_places``: usaddress (a CRF address tagger) confirms and extends street addresses
  (apartment, town, state, zip); rules catch PO boxes and towns after "I live in", "I'm from";
- ``redact_names``: names after a phrase ("my name is", "this is", "my son", "Dr.", "Thanks,"), sign-ins
  ("maria here"), and full names from Faker's first and last names lists.

Still missed (``tests/test_redact.py`` keeps them as strict xfails): a name with no phrase around it
("can sarah drive me"), names in lower case that are ordinary words or not listed ("my son mark",
"this is adaeze"), towns in lower case or without a phrase, facility names ("Mercy Hospital"),
spelled-out house numbers and ages, and most other languages. Famous people's full names ("Matthew
Perry") are taken for patients' names.
"""
from __future__ import annotations

import re
import unicodedata

from .redact_names import redact_names
from .redact_numbers import redact_other_numbers, redact_phone_numbers, redact_spelled_digits, redact_ssns
from .redact_places import redact_street_addresses, redact_towns

TAGS = ("[email]", "[url]", "[phone]", "[ssn]", "[date]", "[address]", "[number]", "[age]", "[name]")
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
DATE = re.compile(  # the lookahead on first characters skips most words at once
    r"(?=[\djfmasond])(?:\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"              # 2024-03-05
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b"                        # 3/5/24, 05.03.2024
    r"|\b\d{1,2}/\d{1,2}\b"                                                # 3/5
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{2,4}})?\b"                # 5th of March 1985
    rf"|\b{_MONTH}\s+{_DAY}\b(?:,?\s+\d{{2,4}}\b)?"                        # March 5th, 1985
    rf"|\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    rf"|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{{4}}\b)",                     # March 1985
    _I)
_ORDINAL = (r"(?:(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth"
            r"|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth)")
# Days in words: "the fourteenth of March", "June third"; May and March before a day count only in
# capitals ("may first I ask" is no date).
_ORDINAL_STEMS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "teenth", "tieth")
SPELLED_DATE = re.compile(
    rf"(?=[tfsen])\b{_ORDINAL}\s+of\s+{_MONTH}"
    rf"|(?=[jfmasond])(?:\b(?i:jan(?:uary)?|feb(?:ruary)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    rf"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?|(?-i:\bMay|\bMarch|\bMar\.?))\s+(?:the\s+)?{_ORDINAL}\b",
    _I)

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
    text = redact_ssns(text)
    text = _redact_dates(text)
    text = redact_street_addresses(text)
    text = redact_phone_numbers(text)
    text = redact_spelled_digits(text)
    text = redact_other_numbers(text)
    text = redact_towns(text)
    return redact_names(text)


def _redact_dates(text: str) -> str:
    text = DATE.sub("[date]", text)
    folded = text.casefold()
    if any(stem in folded for stem in _ORDINAL_STEMS):  # most questions spell out no day
        text = SPELLED_DATE.sub("[date]", text)
    return text
