"""Redaction: what it removes, what it must leave alone, and (as strict xfails) what it still misses."""
from __future__ import annotations

import time

import pytest

from faqbot.store.redact import clean, redact


@pytest.mark.parametrize("text, expected", [
    # e-mail and web addresses
    ("email me at sarah.j+clinic@example.co.uk please", "email me at [email] please"),
    ("ann (at) example (dot) com", "[email]"),
    ("SARAH@EXAMPLE.COM", "[email]"),
    ("see https://example.com/me?id=42 or www.example.org", "see [url] or [url]"),
    # phone numbers and identifiers
    ("call me at (555) 123-4567", "call me at [phone]"),
    ("+1 555 010 0199 or 555.010.0199", "[phone] or [phone]"),
    ("+44 20 7946 0958", "[phone]"),
    ("my SSN is 123-45-6789", "my SSN is [phone]"),
    ("insurance id W123456789", "insurance id W[number]"),
    ("MRN: 00123456", "MRN: [phone]"),
    ("zip 62704", "zip [number]"),
    # dates (a year alone is kept)
    ("born 03/14/1985", "born [date]"),
    ("appointment on 2026-11-25 at 3pm", "appointment on [date] at 3pm"),
    ("on 14.03.85", "on [date]"),
    ("my birthday is March 14th, 1985", "my birthday is [date]"),
    ("on the 5th of May", "on the [date]"),
    ("14 Mar 1985", "[date]"),
    ("Sept 3 was my first infusion", "[date] was my first infusion"),
    ("since January 2024", "since [date]"),
    ("on 3/5 I felt dizzy", "on [date] I felt dizzy"),
    # street addresses
    ("I live at 1234 Elm Street, Apt 5B", "I live at [address]"),
    ("12 N. Main St.", "[address]"),
    ("PO Box 1234", "[address]"),
    ("400 Martin Luther King Jr Blvd", "[address]"),
    ("suite 200", "[address]"),
    # ages over 89 (younger ages are kept)
    ("I'm 94 and nervous", "[age] and nervous"),
    ("my mother is 92 years old", "my mother is [age]"),
    ("aged 101", "[age]"),
    ("93yo male", "[age] male"),
    # names after an introducing phrase
    ("Hi, my name is Sarah Jones and I have a question", "Hi, my name is [name] and I have a question"),
    ("my name is sarah", "my name is [name]"),
    ("My name's José García.", "My name's [name]."),
    ("I'm called Bob.", "I'm called [name]."),
    ("I go by j. smith", "I go by [name]"),
    ("This is John Smith calling", "This is [name] calling"),
    ("I'm Sarah and I'm worried", "I'm [name] and I'm worried"),
    ("I am Priya, a new patient", "I am [name], a new patient"),
    ("Dr. Patel said 40 mg", "Dr. [name] said 40 mg"),
    ("Mrs O'Neil asked me", "Mrs [name] asked me"),
    ("Thanks, Ann", "Thanks, [name]"),
    ("call me Bob", "call me [name]"),
    ("first name: Ann", "first name: [name]"),
    # several at once, in one line
    ("I'm Ann Lee, DOB 1/2/1980, ann@x.org, 555-867-5309, 9 Oak Ave",
     "I'm [name], DOB [date], [email], [phone], [address]"),
    # a sentence's end before a detail is no e-mail domain (found by the property tests)
    ("x@y. 03/14/1985", "x@y. [date]"),
    ("@0. 1234 Elm Street", "@0. [address]"),
    ("@0. my name is Zed Quux", "@0. my name is [name]"),
    ("ann.lee@example. com", "[email]"),
])
def test_personal_details_are_replaced_by_tags(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "How long does an infusion take?",
    "this is normal right? I'm worried about the infusion",
    "I'm not sure, I'm 45 years old and weigh 80 kg",
    "I am 95 kg, is that ok?",
    "Is 0.5 mg/kg over 40 minutes the usual dose?",
    "can I get 6 infusions in 2 weeks",
    "I had 3 infusions from 2019-2023",
    "call me anytime, my name is not important",
    "This is Ketamine therapy, right?",
    "I'm Not sure",  # a capitalised word that is not a name
    "what does step 2 involve",
    "may I drive after? in March?",
])
def test_ordinary_questions_are_left_alone(text):
    assert redact(text) == clean(text)


@pytest.mark.parametrize("text", [
    pytest.param("sarah here, do you take insurance", id="name-without-a-phrase"),
    pytest.param("this is sarah jones", id="lowercase-name-after-this-is"),
    pytest.param("i'm sarah", id="lowercase-name-after-im"),
    pytest.param("my wife Maria had an infusion", id="relative's-name"),
    pytest.param("I live on Elm in Springfield", id="street-without-number-or-city"),
    pytest.param("five five five, one two three four", id="spelled-out-phone"),
    pytest.param("I live in Boise", id="town"),
    pytest.param("my birthday is the fourteenth of March", id="spelled-out-day"),
    pytest.param("last Tuesday at Mercy Hospital", id="facility-name"),
    pytest.param("soy Maria, necesito ayuda", id="other-languages"),
])
@pytest.mark.xfail(strict=True, reason="known miss of the rules (listed in the report to staff docs)")
def test_known_misses(text):
    leaked = {"sarah", "sarah jones", "Maria", "Elm", "five five five", "Boise", "fourteenth", "Mercy"}
    assert not any(word.lower() in redact(text).lower() for word in leaked)


def test_control_characters_and_lone_surrogates_are_cleaned():
    dirty = "a\x00b\x07c\td\ne\r\nf\u2028g\ud800h\ufeffi\x85"
    assert clean(dirty) == "abc d e  fg?hi"
    assert redact(dirty) == clean(dirty)
    redact(dirty).encode("utf-8")  # storable anywhere


def test_unicode_digits_and_letters():
    assert redact("رقمي ٥٥٥١٢٣٤٥٦٧") == "رقمي [phone]"
    assert redact("my name is Zoë Ærø") == "my name is [name]"


def test_redact_refuses_what_is_not_text():
    with pytest.raises(TypeError, match="not bytes"):
        redact(b"my name is Ann")


@pytest.mark.parametrize("make", [
    lambda n: "a" * n, lambda n: "1 " * (n // 2), lambda n: "x@" * (n // 2), lambda n: "1(" * (n // 2),
    lambda n: "My name is " * (n // 11), lambda n: "a.b" * (n // 3) + "@", lambda n: "1 a " * (n // 4),
    lambda n: "12 " + "Elm " * (n // 4), lambda n: "Dr. " * (n // 4), lambda n: "5/" * (n // 2),
])
def test_huge_input_is_redacted_in_linear_time(make):
    start = time.perf_counter()
    redact(make(200_000))
    assert time.perf_counter() - start < 3.0
