"""Disguised spellings are read as plain text before triage; ordinary text is left alone."""
from __future__ import annotations

import pytest

from faqbot.language.deobfuscate import deobfuscate


@pytest.mark.parametrize("typed, read", [
    ("i want to k\u00adill myself", "i want to kill myself"),  # soft hyphen
    ("i want to k\u200bi\u200dll myself", "i want to kill myself"),  # zero-width space and joiner
    ("i want to \u043a\u0456ll myself", "i want to kill myself"),  # Cyrillic ka and i
    ("\u0456 w\u0430nt t\u043e d\u0456\u0435", "i want to die"),  # Cyrillic look-alikes throughout
    ("k1ll mys3lf", "kill myself"),
    ("i want to d!e", "i want to die"),
    ("took an 0verdose", "took an overdose"),
    ("\uff4b\uff49\uff4c\uff4c \uff4d\uff59\uff53\uff45\uff4c\uff46", "kill myself"),  # full-width
    ("\U0001d5f8\U0001d5f6\U0001d5f9\U0001d5f9 myself", "kill myself"),  # mathematical sans-serif letters
])
def test_disguises_are_undone(typed, read):
    assert deobfuscate(typed) == read


@pytest.mark.parametrize("text", [
    "my 2nd infusion is at 3pm, is 10mg a lot?",
    "is the clinic open on 4th of july?",
    "call me at 555-0100",
    "привет, у меня вопрос",  # another alphabet is left as written
    "I paid $150 for it!",
])
def test_ordinary_text_is_left_alone(text):
    assert deobfuscate(text) == text
