"""Property tests (hypothesis): arbitrary text, control characters, lone surrogates and huge input
never make ask(), redact() or the store raise anything but their documented errors."""
from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from faqbot.errors import CommentTooLong, FAQBotError, InvalidFeedback, InvalidQuestion, QuestionTooLong, UnknownAnswer
from faqbot.store.redact import EMAIL, redact
from faqbot.store.storage import MAX_COMMENT_CHARS, MAX_STORED_QUESTION_CHARS, open_store

ODD = ["\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\u2028", "\u200b", "\ufeff", "\ud800", "\udfff", "\U0001f600",
       "\u0301", "\u202e", "ﬁ", "Ⅻ", "٣", "'", '"', "\\", "%s", "?", "';--", "[name]", "@", "."]
CHARS = st.one_of(st.characters(), st.sampled_from(ODD))  # ODD adds lone surrogates, escapes, SQL-ish bits


def texts(min_size: int = 0, max_size: int = 300) -> st.SearchStrategy[str]:
    return st.lists(CHARS, min_size=min_size, max_size=max_size).map("".join)


TEXT = texts()
WORDY = st.lists(st.one_of(TEXT, st.sampled_from([
    "my name is", "I'm", "this is", "Dr.", "call me", "555-123-4567", "ann@example.com", "12 Elm Street",
    "March 3rd, 1985", "03/14/1985", "1234567890", "infusion", "how long", "suicide", "ride home", "cost"])),
    max_size=12).map(" ".join)
# Pieces of personal details glued together with no spaces: where one rule's tag opens a boundary
# another needs ("11111www.x", "Dr. Street Thanks, Street"), redaction must still settle.
GLUED = st.lists(st.sampled_from([
    "1", "23", "4567", "11111", " ", "-", "/", ".", "(", ")", "+", "@", "a", "Ann", "Lee", "my name is ", "Dr. ",
    "I'm ", "This is ", "Street", "St", " Elm ", "March ", "May ", "3rd", ",", "[", "]", "name", "x@y.com", "\n",
    "of ", "Apt ", "Suite", "PO Box ", "www.", "http://", "call me ", "Thanks, ", "and ", "I ", "Worried "]),
    max_size=30).map("".join)
ANY_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
                        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                        max_leaves=6)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- redact -------------------------------------------------------------------------------
@FAST
@given(st.one_of(TEXT, WORDY, GLUED))
def test_redact_returns_storable_text_without_contact_details(text):
    out = redact(text)
    out.encode("utf-8")  # no lone surrogates
    assert not CONTROL.search(out) and "\n" not in out
    assert not re.search(r"\d{5,}", out), "no run of 5+ digits survives"
    assert not EMAIL.search(out), "no e-mail address survives"


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXT, WORDY, GLUED))
def test_redact_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


@FAST
@given(TEXT, st.sampled_from(["ann.lee@example.com", "(555) 123-4567", "+1 555 010 0199", "123-45-6789",
                              "03/14/1985", "March 14, 1985", "1234 Elm Street", "my name is Zed Quux"]), TEXT)
def test_planted_details_never_survive_in_any_context(before, secret, after):
    out = redact(f"{before} {secret} {after}")
    for piece in ("ann.lee", "example.com", "123-4567", "010 0199", "45-6789", "14/1985", "March 14", "Elm Street",
                  "Zed", "Quux"):
        if piece in secret:
            assert piece not in out.replace(before, "").replace(after, "") or piece in before + after


# -- FAQBot.ask ---------------------------------------------------------------------------
def check_contract(answer: dict) -> None:
    assert answer["type"] in {"answer", "clarify", "no_answer", "urgent"}
    assert isinstance(answer["reply"], str) and answer["reply"].strip()
    assert isinstance(answer["id"], str) and re.fullmatch(r"[0-9a-f]{32}", answer["id"])
    assert bool(answer["disclaimer"]) == (answer["type"] != "urgent")  # help carries no "general information" line
    if answer["type"] == "answer":
        assert answer["passage"] and answer["reply"] == answer["passage"]["text"]
    if answer["type"] == "urgent":
        assert answer["passage"] is None and answer["resources"]
    if answer["type"] == "clarify":
        assert answer["passage"] is None and 1 <= len(answer["suggestions"]) <= 3
        assert all(set(s) == {"id", "section", "text"} and s["text"] for s in answer["suggestions"])
    else:
        assert answer["suggestions"] == []
    json.loads(json.dumps(answer))


def ask_or_documented_error(bot, question):
    try:
        answer = bot.ask(question)
    except (InvalidQuestion, QuestionTooLong) as exc:
        assert isinstance(exc, FAQBotError) and str(exc)
        return None
    check_contract(answer.to_dict())
    return answer


@FAST
@given(st.one_of(TEXT, WORDY))
def test_ask_keeps_the_contract_on_any_text(bot, question):
    ask_or_documented_error(bot, question)


@FAST
@given(ANY_JSON)
def test_ask_refuses_what_is_not_text_with_invalid_question(bot, value):
    if isinstance(value, str):
        return
    with pytest.raises(InvalidQuestion, match="question must be text"):
        bot.ask(value)


@pytest.mark.parametrize("question", [
    "a" * 1000, "a" * 1001, "how long " * 5000, "\x00" * 100_000, "💊" * 50_000, "I want to die " + "x" * 200_000,
    "\ud800" * 10, " \t\r\n ", "é" * 999 + "\u0301",
])
def test_ask_on_huge_and_odd_input(bot, question):
    start = time.perf_counter()
    answer = ask_or_documented_error(bot, question)
    assert time.perf_counter() - start < 5
    if question.startswith("I want to die"):
        assert answer is not None and answer.type == "urgent", "a crisis is answered even in an over-long message"


# -- the store ----------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def fuzz_store(request, tmp_path):
    url = str(tmp_path / "fuzz.db") if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(url) as store:
        yield store


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(question=st.one_of(TEXT, WORDY, texts(2000, 5000)),
       kind=st.sampled_from(["answer", "no_answer", "urgent"]), passage=st.one_of(st.none(), TEXT))
def test_store_records_any_question(fuzz_store, question, kind, passage):
    answer_id = fuzz_store.record_answer(kind, question, passage_id=passage)
    row = fuzz_store._query("SELECT type, passage_id, question FROM faqbot_answers WHERE id = ?", (answer_id,))[0]
    assert row[0] == kind
    if kind != "no_answer" or row[2] is None:
        assert row[2] is None
    else:
        assert row[2] == row[2].strip() and len(row[2]) <= MAX_STORED_QUESTION_CHARS and "\x00" not in row[2]
    if kind == "urgent":
        assert row[1] is None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(answer_id=st.one_of(st.none(), ANY_JSON, st.just("known")), helpful=ANY_JSON,
       comment=st.one_of(ANY_JSON, TEXT, texts(MAX_COMMENT_CHARS - 5, MAX_COMMENT_CHARS + 5)))
def test_store_feedback_accepts_or_refuses_with_documented_errors(fuzz_store, answer_id, helpful, comment):
    known = fuzz_store.record_answer("no_answer", "q")
    try:
        fuzz_store.record_feedback(known if answer_id == "known" else answer_id, helpful, comment)
    except (InvalidFeedback, CommentTooLong, UnknownAnswer) as exc:
        assert str(exc) and exc.code in {"invalid_feedback", "comment_too_long", "unknown_answer"}
        return
    saved = fuzz_store.feedback_for(known if answer_id == "known" else answer_id)
    assert saved["helpful"] is helpful
    assert saved["comment"] is None or ("\x00" not in saved["comment"] and len(saved["comment"]) <= 2 * MAX_COMMENT_CHARS)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(question=st.one_of(TEXT, WORDY, GLUED))
def test_any_question_answered_is_recorded_without_an_error(bot, tmp_path_factory, question):
    store = _shared_store(tmp_path_factory)
    answer = ask_or_documented_error(bot, question)
    if answer is not None:
        assert store.record(answer, question) == answer.id
        stored = store._query("SELECT type, question FROM faqbot_answers WHERE id = ?", (answer.id,))[0]
        assert stored[0] == answer.type and (stored[1] is None or answer.type in ("no_answer", "clarify"))


_STORES: dict = {}


def _shared_store(factory):
    """One SQLite store for all examples of a test (hypothesis runs them in one test call)."""
    if "sqlite" not in _STORES:
        _STORES["sqlite"] = open_store(factory.mktemp("fuzz") / "record.db")
    return _STORES["sqlite"]
