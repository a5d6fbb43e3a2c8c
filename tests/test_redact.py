"""Redaction: what it removes, what it must leave alone, and (as strict xfails) what it still misses."""
from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

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
    ("my SSN is 123-45-6789", "my SSN is [ssn]"),
    ("insurance id W123456789", "insurance id W[number]"),
    ("MRN: 00123456", "MRN: [phone]"),
    ("zip 62704", "zip [number]"),
    # phone formats that only phonenumbers reads (a slash, an extension, Unicode dashes)
    ("my cell is 555/123-4567", "my cell is [phone]"),
    ("reach me at 202 555 0143 ext. 12", "reach me at [phone]"),
    ("202\u2011555\u20110143", "[phone]"),
    ("call 202\u2013555\u20130143", "call [phone]"),
    # social security numbers have their own tag
    ("ssn 123 45 6789", "ssn [ssn]"),
    ("social security number: 123456789", "social security number: [ssn]"),
    # spelled-out digits: 7 or more are a phone, 4 to 6 single digits a number
    ("five five five, one two three four", "[phone]"),
    ("my number is five five five, one two three, four five six seven", "my number is [phone]"),
    ("my pin is four three two one", "my pin is [number]"),
    # dates (a year alone is kept)
    ("born 03/14/1985", "born [date]"),
    ("appointment on 2026-11-25 at 3pm", "appointment on [date] at 3pm"),
    ("on 14.03.85", "on [date]"),
    ("my birthday is March 14th, 1985", "my birthday is [date]"),
    ("on the 5th of May", "on the [date]"),
    ("14 Mar 1985", "[date]"),
    ("Sept 3 was my first infusion", "[date] was my first infusion"),
    ("my birthday is the fourteenth of March", "my birthday is the [date]"),
    ("on June third", "on [date]"),
    ("since January 2024", "since [date]"),
    ("on 3/5 I felt dizzy", "on [date] I felt dizzy"),
    # street addresses
    ("I live at 1234 Elm Street, Apt 5B", "I live at [address]"),
    ("12 N. Main St.", "[address]"),
    ("PO Box 1234", "[address]"),
    ("400 Martin Luther King Jr Blvd", "[address]"),
    ("suite 200", "[address]"),
    # usaddress: street types beyond the rules' list, and the apartment, town, state and zip after them
    ("send it to 77 Sunset Strip", "send it to [address]"),
    ("I live at 1234 Elm Street, Apt 5B, Springfield, IL 62704", "I live at [address]"),
    ("I live at 500 Oak Hollow Dr, Denver, CO 80202", "I live at [address]"),
    # towns after a phrase that says where someone lives, or before a state (the state is kept)
    ("I live in Boise", "I live in [address]"),
    ("we just moved to Fort Collins", "we just moved to [address]"),
    ("I live on Elm in Springfield", "I live on [address] in [address]"),
    ("Denver, CO is far", "[address], CO is far"),
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
    ("soy Maria, necesito ayuda", "soy [name], necesito ayuda"),
    ("Thanks, H. Lindqvist", "Thanks, [name]"),
    # names in lower case after a phrase, when the names list has them
    ("this is sarah connor", "this is [name]"),
    ("this is sarah jones", "this is [name]"),
    ("i'm sarah", "i'm [name]"),
    # sign-ins, sign-offs and relatives
    ("maria here, quick question", "[name] here, quick question"),
    ("sarah here, do you take insurance", "[name] here, do you take insurance"),
    ("what are your hours? - sarah", "what are your hours? - [name]"),
    ("my son james walker", "my son [name]"),
    ("my wife Maria had an infusion", "my wife [name] had an infusion"),
    ("my sister, Ms. Carla Ruiz, will call", "my sister, Ms. [name], will call"),
    # a listed first name and a listed (or unknown) last name, both in capitals
    ("please tell Carla Ruiz I called", "please tell [name] I called"),
    ("Sarah Okafor asked about parking", "[name] asked about parking"),
    # several at once, in one line
    ("I'm Ann Lee, DOB 1/2/1980, ann@x.org, 555-867-5309, 9 Oak Ave",
     "I'm [name], DOB [date], [email], [phone], [address]"),
    ("this is sarah connor, ssn 123-45-6789, call five five five one two three four",
     "this is [name], ssn [ssn], call [phone]"),
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
    # words that are also names, and phrases that also introduce names
    "Will I need a ride home after the infusion?",
    "May I eat before my appointment?",
    "Is there a grace period for cancellations?",
    "I hope the infusion helps with my pain",
    "Hope that makes sense!",
    "Is Ketamine safe with Dr. approval?",
    "This is my first time, what should I bring?",
    "Thanks so much! Best wishes",
    "i'm frank, i am scared",
    "my son will drive me home",
    "Will Medicare pay for it?",
    "Can my mom drive me?",
    "I am Hopeful it works",
    "I'm Deaf and need an ASL interpreter",
    "I am Black and worried about bias",
    "Classic Dr. Google, I know",
    # places that are no town: states, countries, things
    "I live in fear of needles, can I get numbing cream?",
    "I moved to a new house, how do I update my address?",
    "I moved to Texas last year",
    "we are from Syria, new here",
    "do you treat people from Canada?",
    "BP, SpO2, HR? Anything else?",
    "Dr. approval, MD or DO?",
    # numbers that are no phone: counts, ratings, spelled-out small numbers
    "one two three, is that how many sessions?",
    "is it twenty four seven",
    "I have 3 kids and 2 dogs, 45 minutes away",
])
def test_ordinary_questions_are_left_alone(text):
    assert redact(text) == clean(text)


@pytest.mark.parametrize("text, leaked", [
    pytest.param("can sarah drive me home after", "sarah", id="name-without-a-phrase"),
    pytest.param("my son mark drives me", "mark", id="lowercase-name-that-is-a-word"),
    pytest.param("this is adaeze", "adaeze", id="lowercase-name-not-listed"),
    pytest.param("i live in boise", "boise", id="lowercase-town"),
    pytest.param("I live at twelve Elm Street", "Elm", id="spelled-out-house-number"),
    pytest.param("I'm ninety-four", "ninety-four", id="spelled-out-age"),
    pytest.param("last Tuesday at Mercy Hospital", "Mercy", id="facility-name"),
    pytest.param("mi esposo Juan tuvo una infusión", "Juan", id="other-languages"),
])
@pytest.mark.xfail(strict=True, reason="known miss of redaction (listed in the report to staff docs)")
def test_known_misses(text, leaked):
    assert leaked.lower() not in redact(text).lower()


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


# -- property: personal details planted in ordinary questions never survive ----------------------
FULL_NAMES = [("Sarah", "Connor"), ("James", "Walker"), ("Maria", "Garcia"), ("John", "Smith"), ("Emily", "Johnson"),
              ("Michael", "Brown"), ("Jessica", "Davis"), ("David", "Miller"), ("Ashley", "Wilson"),
              ("Daniel", "Moore"), ("Jennifer", "Taylor"), ("Priya", "Patel"), ("Carlos", "Hernandez"),
              ("Linda", "Nguyen"), ("Robert", "Okafor"), ("Karen", "Lindqvist"), ("Anna", "Kowalski")]
STREETS = ["Elm", "Oak", "Maple", "Main", "Cedar", "Pine", "Lake", "Hill", "Park", "Washington", "Sunset", "Lincoln"]
STREET_TYPES = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Drive", "Court", "Way"]
TOWNS = [("Springfield", "IL"), ("Denver", "CO"), ("Boise", "ID"), ("Austin", "TX"), ("Portland", "OR")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
PHONE_FORMATS = ["({a}) {e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "{a} {e} {n}", "+1 {a} {e} {n}", "1-{a}-{e}-{n}",
                 "{a}{e}{n}", "{a}/{e}-{n}", "+1 ({a}) {e}-{n}", "{a}-{e}-{n} ext. 12", "{e}-{n}"]
# Ordinary questions with a slot for the detail: no digits, number words, months or names of their own.
TEMPLATES = ["Hi, {} - how long does an infusion take?", "can you call me at {} about my appointment",
             "{} is my contact, is the ketamine infusion covered by insurance?",
             "I need to reschedule my session, details: {}. Thanks!", "Question about parking near the clinic: {}",
             "please update my file with {} before my next visit", "is it normal to feel dizzy after treatment? {}"]

area_codes = st.integers(200, 999).map(str)
phones = st.builds(lambda fmt, a, e, n: fmt.format(a=a, e=e, n=n), st.sampled_from(PHONE_FORMATS), area_codes,
                   st.integers(200, 999).map(str), st.integers(0, 9999).map("{:04d}".format))
spelled_phones = st.lists(st.sampled_from(DIGIT_WORDS), min_size=7, max_size=10).map(" ".join)
ssns = st.builds(lambda area, group, serial, sep: f"{area:03d}{sep}{group:02d}{sep}{serial:04d}",
                 st.integers(1, 899).filter(lambda n: n != 666), st.integers(1, 99), st.integers(1, 9999),
                 st.sampled_from(["-", " "]))
emails = st.builds(lambda name, sep, number, domain: f"{name[0].lower()}{sep}{name[1].lower()}{number}@{domain}",
                   st.sampled_from(FULL_NAMES), st.sampled_from([".", "_", ""]),
                   st.sampled_from(["", "7", "1985"]), st.sampled_from(["example.com", "mail.org", "clinic.co.uk"]))
addresses = st.builds(lambda number, street, kind, unit, town: f"{number} {street} {kind}{unit}{town}",
                      st.integers(1, 99999), st.sampled_from(STREETS), st.sampled_from(STREET_TYPES),
                      st.sampled_from(["", ", Apt 4B", " Suite 210", " #12"]),
                      st.sampled_from([""] + [f", {town}, {state} 62704" for town, state in TOWNS]))
dates = st.builds(lambda fmt, day, month, year: fmt.format(d=day, m=month, mn=MONTHS[month - 1], y=year),
                  st.sampled_from(["{m:02d}/{d:02d}/{y}", "{mn} {d}, {y}", "{d} {mn} {y}", "{y}-{m:02d}-{d:02d}",
                                   "the {d}th of {mn}", "{mn} {d}th", "{m}/{d}/{y}"]),
                  st.integers(1, 28), st.integers(1, 12), st.integers(1930, 2024))
names = st.builds(lambda name, form: form.format(first=name[0], last=name[1]).replace("!", ""),
                  st.sampled_from(FULL_NAMES),
                  st.sampled_from(["{first} {last}", "my name is {first} {last}", "this is {first} {last}",
                                   "my name is {first}", "Dr. {last}"]).map(lambda form: form + "!"))
lower_names = names.map(lambda text: text if text.startswith(("my", "this")) else "this is " + text).map(str.lower)


def secret_words(detail: str) -> list[str]:
    """The words of a planted detail that must not survive: its names, streets, towns and months."""
    listed = {word for name in FULL_NAMES for word in name} | set(STREETS) | {town for town, _ in TOWNS}
    listed |= set(MONTHS) | set(DIGIT_WORDS)
    return [word for word in re.findall(r"[^\W\d_]+", detail) if word.capitalize() in listed or word in listed]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES),
       st.one_of(phones, spelled_phones, ssns, emails, addresses, dates, names, lower_names))
def test_planted_details_never_survive_and_the_question_does(template, detail):
    out = redact(template.format(detail))
    assert not re.search(r"\d", out), f"digits of {detail!r} survive: {out!r}"
    for word in secret_words(detail):
        assert not re.search(rf"\b{re.escape(word)}\b", out, re.I), f"{word!r} of {detail!r} survives: {out!r}"
    for word in re.findall(r"[^\W\d_]+", template):
        assert re.search(rf"\b{word}\b", out), f"the question's word {word!r} is gone: {out!r}"


def test_first_look_blind_set_floor():
    """tests/data/redact_blind1.jsonl, written blind at the end of stop 21 and scored once before any
    fix (0.792 of details caught, 0.960 of ordinary questions left alone): a floor, not a target."""
    import json
    from pathlib import Path

    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / "redact_blind1.jsonl").open(encoding="utf-8")
            if line.strip()]
    details = [(detail, redact(row["text"]).lower()) for row in rows for detail in row["details"]]
    caught = sum(detail.lower() not in out for detail, out in details) / len(details)
    ordinary = [row["text"] for row in rows if not row["details"]]
    left_alone = sum(redact(text) == text for text in ordinary) / len(ordinary)
    assert caught >= 0.78 and left_alone >= 0.94, (caught, left_alone)
