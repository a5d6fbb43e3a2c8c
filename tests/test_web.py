"""The chat service through Flask's test client: the contract, every error, CORS, headers, limits."""
from __future__ import annotations

import logging

import pytest

from faqbot import FAQBot
from faqbot.web import create_app

CONTRACT_KEYS = {"type", "reply", "passage", "score", "disclaimer"}
CRISIS = "i want to kill myself"


@pytest.fixture()
def make_app(bot: FAQBot):
    """An app factory sharing the session's bot; each test gets fresh limits."""
    def make(**config):
        settings = {"TESTING": True, "FAQBOT_BOT": bot, "FAQBOT_RATE_LIMIT": "1000 per minute"}
        settings.update(config)
        return create_app(settings)
    return make


@pytest.fixture()
def client(make_app):
    return make_app().test_client()


def assert_error(response, status: int, code: str | None = None) -> str:
    """The one error shape; returns its message."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"].strip()
    if code:
        assert body["error"]["code"] == code
    return body["error"]["message"]


def test_chat_returns_the_same_object_as_the_python_api(client, bot):
    question = "How long does an infusion take?"
    response = client.post("/api/chat", json={"message": question})
    assert response.status_code == 200
    body = response.get_json()
    assert CONTRACT_KEYS <= set(body)
    expected = bot.ask(question).to_dict()
    assert len(body.pop("id")) == 32 and expected.pop("id") and body == expected
    assert body["type"] == "answer" and body["reply"] == body["passage"]["text"]
    assert set(body["passage"]) >= {"id", "section", "text"} and "not medical advice" in body["disclaimer"]


def test_chat_says_so_when_the_guide_does_not_cover_it(client):
    body = client.post("/api/chat", json={"message": "Do you validate parking at the garage?"}).get_json()
    assert body["type"] == "no_answer" and body["passage"] is None
    assert "clinic" in body["reply"].lower() and body["disclaimer"]


def test_crisis_message_gets_help_first(client):
    body = client.post("/api/chat", json={"message": CRISIS}).get_json()
    assert body["type"] == "urgent" and body["passage"] is None
    assert "988" in body["reply"] and "911" in body["reply"]
    hrefs = [r["href"] for r in body["resources"]]
    assert "tel:988" in hrefs and "tel:911" in hrefs


@pytest.mark.parametrize("kwargs, code", [
    ({"data": "message=hello", "content_type": "application/x-www-form-urlencoded"}, "unsupported_content_type"),
    ({"data": "hello"}, "unsupported_content_type"),
    ({"data": "{not json", "content_type": "application/json"}, "malformed_json"),
    ({"json": ["a", "list"]}, "missing_message"),
    ({"json": {"question": "hi"}}, "missing_message"),
    ({"json": {"message": 42}}, "invalid_message"),
    ({"json": {"message": None}}, "invalid_message"),
    ({"json": {"message": {"text": "hi"}}}, "invalid_message"),
    ({"json": {"message": ""}}, "invalid_message"),
    ({"json": {"message": " \n\t "}}, "invalid_message"),
])
def test_bad_requests_are_400_with_a_message(client, kwargs, code):
    assert_error(client.post("/api/chat", **kwargs), 400, code)


def test_over_long_message_is_413_naming_the_limit(make_app, bot):
    client = make_app().test_client()
    limit = bot.settings.max_question_chars
    message = assert_error(client.post("/api/chat", json={"message": "why " * limit}), 413)
    assert f"{limit:,}" in message


def test_over_large_body_is_413(client):
    assert_error(client.post("/api/chat", data="x" * 70_000, content_type="application/json"), 413,
                 "payload_too_large")


def test_wrong_method_and_unknown_path(client):
    message = assert_error(client.get("/api/chat"), 405, "method_not_allowed")
    assert "POST" in message
    assert client.get("/api/chat").headers["Allow"]
    assert "/nowhere" in assert_error(client.get("/nowhere"), 404, "not_found")
    assert_error(client.delete("/healthz"), 405)


def test_invalid_utf8_body_is_a_400_not_a_crash(client):
    assert_error(client.post("/api/chat", data=b'{"message": "\xff\xfe"}', content_type="application/json"), 400)


def test_rate_limit_is_429_with_retry_after(make_app):
    client = make_app(FAQBOT_RATE_LIMIT="2 per minute").test_client()
    for _ in range(2):
        assert client.post("/api/chat", json={"message": "ride home?"}).status_code == 200
    response = client.post("/api/chat", json={"message": "ride home?"})
    assert "wait" in assert_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0


def test_rate_limit_is_per_client(make_app):
    client = make_app(FAQBOT_RATE_LIMIT="1 per minute").test_client()
    first = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.post("/api/chat", json={"message": "hi there"}, environ_base=first).status_code == 200
    assert client.post("/api/chat", json={"message": "hi there"}, environ_base=first).status_code == 429
    other = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.post("/api/chat", json={"message": "hi there"}, environ_base=other).status_code == 200


def test_cors_only_for_configured_origins(make_app):
    client = make_app(FAQBOT_ALLOWED_ORIGINS="https://clinic.example, https://www.clinic.example").test_client()
    allowed = client.post("/api/chat", json={"message": "ride home?"}, headers={"Origin": "https://clinic.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://clinic.example"
    preflight = client.options("/api/chat", headers={
        "Origin": "https://www.clinic.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://www.clinic.example"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    other = client.post("/api/chat", json={"message": "ride home?"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_no_cors_without_configuration(client):
    response = client.post("/api/chat", json={"message": "ride home?"}, headers={"Origin": "https://clinic.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_security_headers(client):
    page = client.get("/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    api = client.post("/api/chat", json={"message": "ride home?"})
    for response in (page, api, client.get("/widget.js"), client.get("/nowhere")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert api.headers["Cache-Control"] == "no-store"


def test_demo_page_has_the_widget_and_no_inline_script(client):
    page = client.get("/").get_data(as_text=True)
    assert '<script src="/widget.js"' in page and 'data-endpoint="/api/chat"' in page
    assert "<script>" not in page and "{{" not in page
    assert 'data-crisis-number="988"' in page


def test_demo_page_escapes_configured_values(make_app):
    hostile = FAQBot(list(make_app().extensions["faqbot"].passages))
    hostile.settings = hostile.settings.with_overrides(clinic_phone='"><script>alert(1)</script>')
    page = make_app(FAQBOT_BOT=hostile).test_client().get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_assets_healthz_and_openapi(client, bot):
    js, css = client.get("/widget.js"), client.get("/widget.css")
    assert js.status_code == 200 and "javascript" in js.mimetype and b"role" in js.data
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert client.get("/healthz").get_json() == {"status": "ok", "passages": len(bot.passages)}
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/api/chat" in spec["paths"]


def test_settings_come_from_environment(monkeypatch, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# Parking\n\nParking is free in the garage behind the clinic.\n", encoding="utf-8")
    monkeypatch.setenv("FAQBOT_CORPUS", str(guide))
    monkeypatch.setenv("FAQBOT_CLINIC_PHONE", "555-0100")
    app = create_app({"TESTING": True})
    assert app.extensions["faqbot"].settings.clinic_phone == "555-0100"
    body = app.test_client().post("/api/chat", json={"message": "where do I park?"}).get_json()
    assert body["type"] == "answer" and "garage" in body["reply"]


def test_bad_setting_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("FAQBOT_MAX_QUESTION_CHARS", "lots")
    with pytest.raises(ValueError, match="FAQBOT_MAX_QUESTION_CHARS='lots'"):
        create_app({"TESTING": True})


def test_access_log_never_holds_message_text(client, caplog):
    secret = "my husband Bartholomew takes lithium"
    with caplog.at_level(logging.DEBUG):
        client.post("/api/chat", json={"message": secret})
        client.post("/api/chat", json={"message": CRISIS})
        client.post("/api/chat", json={"message": secret * 200})
    lines = [record.getMessage() for record in caplog.records]
    assert any("POST /api/chat 200" in line for line in lines), lines
    assert not any("Bartholomew" in line or "kill" in line for line in lines)


def test_unexpected_failure_is_a_json_500_without_details(make_app, caplog):
    class Broken:
        settings = FAQBot.from_path().settings
        passages = []

        def ask(self, question):
            raise RuntimeError("database password is hunter2")

    client = make_app(FAQBOT_BOT=Broken()).test_client()
    with caplog.at_level(logging.ERROR):
        message = assert_error(client.post("/api/chat", json={"message": "hi"}), 500, "internal_error")
    assert "hunter2" not in message
