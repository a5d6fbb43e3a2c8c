"""Property-based tests of POST /api/chat: whatever a client sends, never a 500, always the contract."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faqbot.server.app import create_app

ANSWER_KEYS = {"id", "type", "reply", "passage", "score", "disclaimer"}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12)


@pytest.fixture(scope="module")
def client(bot):
    return create_app({"TESTING": True, "FAQBOT_BOT": bot, "FAQBOT_RATE_LIMIT": "1000000 per minute"}).test_client()


def check(response) -> dict:
    """The response is the answer object or the one error shape, never a server error."""
    assert response.status_code < 500, response.get_data(as_text=True)
    body = response.get_json()
    if response.status_code == 200:
        assert ANSWER_KEYS <= set(body) and body["type"] in ("answer", "clarify", "no_answer", "urgent")
        assert isinstance(body["reply"], str) and body["reply"]
        assert bool(body["disclaimer"]) == (body["type"] != "urgent")
    else:
        assert set(body) == {"error"} and body["error"]["message"]
    return body


@FUZZ
@given(st.text(max_size=1500))
def test_any_text_message(client, text):
    check(client.post("/api/chat", json={"message": text}))


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Co", "So"]),
               max_size=300))
def test_control_and_format_characters(client, text):
    check(client.post("/api/chat", json={"message": text}))


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_a_json_body(client, raw):
    check(client.post("/api/chat", data=raw, content_type="application/json"))


@FUZZ
@given(st.binary(max_size=200))
def test_invalid_utf8_inside_a_message(client, raw):
    body = b'{"message": "' + raw.replace(b'"', b"").replace(b"\\", b"") + b'"}'
    check(client.post("/api/chat", data=body, content_type="application/json"))


@FUZZ
@given(json_values)
def test_odd_json_documents(client, document):
    check(client.post("/api/chat", data=json.dumps(document), content_type="application/json"))
    check(client.post("/api/chat", json={"message": document}))


@pytest.mark.parametrize("size", [1_001, 20_000, 60_000])
def test_huge_messages_are_refused_cleanly(client, size):
    response = client.post("/api/chat", json={"message": "a" * size})
    assert response.status_code == 413 and check(response)["error"]["message"]


def test_huge_crisis_message_still_gets_help(client):
    body = check(client.post("/api/chat", json={"message": "i want to kill myself. " + "x " * 5_000}))
    assert body["type"] == "urgent"


def test_a_deeply_nested_body_is_a_bad_request(client):
    for body in ('{"message": ' + "[" * 20_000 + "]" * 20_000 + "}", "[" * 5_000 + "]" * 5_000):
        response = client.post("/api/chat", data=body, content_type="application/json")
        assert response.status_code == 400 and check(response)["error"]["code"] == "malformed_json"


METHODS = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND"])
PATHS = st.one_of(st.sampled_from(["/api/chat", "/api/feedback", "/healthz", "/", "/widget.js", "/api/openapi.json"]),
                  st.text(alphabet=st.characters(codec="utf-8", exclude_characters="?#"), max_size=60).map(
                      lambda tail: "/" + tail.lstrip("/")))  # "//x" would be a host to the test client
CONTENT_TYPES = st.sampled_from(["application/json", "application/json; charset=latin-1", "text/plain",
                                 "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "",
                                 "application/json; charset=utf-16", "application/xml"])
BODIES = st.one_of(st.binary(max_size=300), json_values.map(lambda value: json.dumps(value).encode()),
                   st.text(max_size=200).map(lambda text: json.dumps({"message": text}).encode()),
                   st.text(max_size=60).map(lambda text: json.dumps({"answer_id": text, "helpful": True}).encode()))
HEADERS = st.dictionaries(st.sampled_from(["X-Forwarded-For", "Accept", "Accept-Encoding", "Origin", "Range",
                                           "If-None-Match", "Content-Encoding", "Transfer-Encoding", "Cookie"]),
                          st.text(alphabet=st.characters(codec="latin-1", exclude_categories=["Cc"]), max_size=40),
                          max_size=3)


@pytest.fixture(scope="module")
def malformed_client(bot, tmp_path_factory):
    """One app for the fuzz run, with a store in a temporary file (feedback ids are looked up)."""
    database = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    return create_app({"TESTING": True, "FAQBOT_BOT": bot, "FAQBOT_RATE_LIMIT": "1000000 per minute",
                       "FAQBOT_NOT_FOUND_LIMIT": "1000000 per minute",
                       "FAQBOT_DATABASE_URL": f"sqlite:///{database}"}).test_client()


@settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(METHODS, PATHS, CONTENT_TYPES, BODIES, HEADERS)
def test_ten_thousand_malformed_requests_get_no_5xx_and_only_json_errors(malformed_client, method, path,
                                                                         content_type, body, headers):
    """Whatever method, path, content type, body and headers: never a 5xx, and every error in the one shape."""
    response = malformed_client.open(path, method=method, data=body, content_type=content_type or None,
                                     headers=headers)
    assert response.status_code < 500, (method, path, response.get_data(as_text=True)[:300])
    if response.status_code >= 400 and method != "HEAD":
        assert response.mimetype == "application/json", (method, path, response.status_code)
        body = response.get_json()
        assert set(body) == {"error"} and body["error"]["message"] and body["error"]["code"]
