"""The chat service through Flask's test client: the contract, every error, CORS, headers, limits."""
from __future__ import annotations

import logging

import pytest

from faqbot import FAQBot
from faqbot.server.app import create_app

CONTRACT_KEYS = {"type", "reply", "passage", "score", "disclaimer"}
CRISIS = "i want to kill myself"


@pytest.fixture()
def make_app(bot: FAQBot, tmp_path):
    """An app factory sharing the session's bot; each test gets fresh limits and its own store."""
    def make(**config):
        settings = {"TESTING": True, "FAQBOT_BOT": bot, "FAQBOT_RATE_LIMIT": "1000 per minute",
                    "FAQBOT_DATABASE_URL": str(tmp_path / "faqbot.db")}
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


def test_a_tapped_suggestion_is_answered_and_a_bad_one_is_a_json_400(client):
    unsure = client.post("/api/chat", json={"message": "what happens after"}).get_json()
    assert unsure["type"] == "clarify" and unsure["suggestions"]
    picked = unsure["suggestions"][0]
    body = client.post("/api/chat", json={"message": "what happens after", "passage_id": picked["id"]}).get_json()
    assert body["type"] == "answer" and body["passage"]["id"] == picked["id"] and body["reply"] == picked["text"]
    for bad in ("no-such-passage", 7, ["x"]):
        response = client.post("/api/chat", json={"message": "what happens after", "passage_id": bad})
        assert response.status_code == 400 and "passage_id" in response.get_json()["error"]["message"]


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
    assert client.get("/healthz").get_json() == {"status": "ok", "passages": len(bot.passages), "store": "sqlite",
                                                "safety": "rules and classifier"}
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and {"/api/chat", "/api/feedback"} <= set(spec["paths"])


def test_openapi_lists_every_api_route(make_app):
    app = make_app()
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")} | {"/healthz"}
    spec = app.test_client().get("/api/openapi.json").get_json()
    assert routes - {"/api/openapi.json"} == set(spec["paths"])


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
        encoder = object()

        def urgent_reply(self, question):
            return None

        def ask(self, question):
            raise RuntimeError("database password is hunter2")

    client = make_app(FAQBOT_BOT=Broken()).test_client()
    with caplog.at_level(logging.ERROR):
        message = assert_error(client.post("/api/chat", json={"message": "hi"}), 500, "internal_error")
    assert "hunter2" not in message


# --- feedback ----------------------------------------------------------------

def answer_id(client, message: str = "Do I need a ride home?") -> str:
    return client.post("/api/chat", json={"message": message}).get_json()["id"]


def test_feedback_is_stored_and_a_later_verdict_replaces_it(make_app):
    app = make_app()
    client, store = app.test_client(), app.extensions["faqbot_store"]
    served = answer_id(client)
    response = client.post("/api/feedback", json={"answer_id": served, "helpful": False})
    assert response.status_code == 201 and response.get_json() == {"status": "stored", "answer_id": served}
    client.post("/api/feedback", json={"answer_id": served, "helpful": False,
                                       "comment": "I wanted to know about parking, call me at 555-867-5309"})
    stored = store.feedback_for(served)
    assert stored["helpful"] is False and "867" not in stored["comment"] and "parking" in stored["comment"]


@pytest.mark.parametrize("body, status, code", [
    ({"answer_id": "0" * 32, "helpful": True}, 404, "unknown_answer"),
    ({"helpful": True}, 400, "missing_answer"),
    ({"answer_id": "SERVED", "helpful": "yes"}, 400, "invalid_feedback"),
    ({"answer_id": "SERVED"}, 400, "invalid_feedback"),
    ({"answer_id": "SERVED", "helpful": True, "comment": 7}, 400, "invalid_feedback"),
    ({"answer_id": "SERVED", "helpful": False, "comment": "x" * 501}, 413, "comment_too_long"),
    ({"answer_id": ["SERVED"], "helpful": True}, 400, None),
])
def test_bad_feedback_gets_a_clear_4xx(make_app, body, status, code):
    client = make_app().test_client()
    served = answer_id(client)
    body = {k: (served if v == "SERVED" else [served] if v == ["SERVED"] else v) for k, v in body.items()}
    assert_error(client.post("/api/feedback", json=body), status, code)


def test_urgent_messages_are_counted_never_stored(make_app):
    app = make_app()
    client, store = app.test_client(), app.extensions["faqbot_store"]
    client.post("/api/chat", json={"message": CRISIS + " my name is Rosalind"})
    client.post("/api/chat", json={"message": "Do you take Aetna insurance, my name is Rosalind"})
    assert store.type_counts()["urgent"] == 1
    unanswered = " ".join(question for question, _ in store.unanswered())
    assert "insurance" in unanswered and "Rosalind" not in unanswered and "kill" not in unanswered


def test_feedback_off_when_recording_is_off(make_app, tmp_path):
    app = make_app(FAQBOT_RECORD="off")
    client = app.test_client()
    assert app.extensions["faqbot_store"] is None and client.get("/healthz").get_json()["store"] == "off"
    served = answer_id(client)
    assert_error(client.post("/api/feedback", json={"answer_id": served, "helpful": True}), 404, "feedback_disabled")


def test_a_store_that_is_down_costs_no_answer_and_feedback_says_try_again(make_app):
    from faqbot.store.storage import StorageUnavailable

    class DownStore:
        backend = "postgresql"

        def record(self, answer, question):
            raise StorageUnavailable("cannot connect")

        def record_feedback(self, *args):
            raise StorageUnavailable("cannot connect")

    client = make_app(FAQBOT_STORE=DownStore()).test_client()
    assert client.post("/api/chat", json={"message": "Do I need a ride home?"}).get_json()["type"] == "answer"
    response = client.post("/api/feedback", json={"answer_id": "abc", "helpful": True})
    assert_error(response, 503, "storage_unavailable") and response.headers["Retry-After"]


def test_server_starts_and_answers_while_postgres_is_down(make_app, caplog):
    with caplog.at_level(logging.ERROR):
        app = make_app(FAQBOT_DATABASE_URL="postgresql://faqbot:secret@127.0.0.1:1/faqbot")
    assert "secret" not in caplog.text and "retrying on use" in caplog.text
    client = app.test_client()
    assert client.post("/api/chat", json={"message": "i want to kill myself"}).get_json()["type"] == "urgent"
    assert client.post("/api/chat", json={"message": "Do I need a ride home?"}).get_json()["type"] == "answer"
    response = client.post("/api/feedback", json={"answer_id": "abc", "helpful": True})
    assert_error(response, 503, "storage_unavailable")


def test_pending_store_opens_once_the_database_is_back(postgres_url):
    from faqbot.store.storage import open_store
    from faqbot.store.backends import PendingStore, StorageUnavailable

    attempts = []

    def opener():
        attempts.append(1)
        if len(attempts) == 1:
            raise StorageUnavailable("down")
        return open_store(postgres_url)

    pending = PendingStore(opener, "postgresql", retry_seconds=0)
    with pytest.raises(StorageUnavailable):
        pending.record_answer("answer", passage_id="p")
    answer_id = pending.record_answer("answer", passage_id="p")
    pending.record_feedback(answer_id, True)
    assert pending.feedback_for(answer_id)["helpful"] is True and len(attempts) == 2


@pytest.mark.parametrize("setting, value", [("FAQBOT_RATE_LIMIT", "lots per fortnight"),
                                            ("FAQBOT_RATE_LIMIT_STORAGE", "nosuchstore://x")])
def test_bad_rate_limit_settings_are_clear_errors(make_app, setting, value):
    with pytest.raises(ValueError, match=f"{value!r}"):
        make_app(**{setting: value})


def test_rate_limit_counts_chat_and_feedback_together_and_names_the_wait(make_app):
    client = make_app(FAQBOT_RATE_LIMIT="2 per minute").test_client()
    served = answer_id(client)
    assert client.post("/api/feedback", json={"answer_id": served, "helpful": True}).status_code == 201
    response = client.post("/api/feedback", json={"answer_id": served, "helpful": True})
    message = assert_error(response, 429, "rate_limited")
    assert "2 per minute" in message and f"wait {response.headers['Retry-After']} second" in message


def test_a_crisis_is_answered_even_over_the_rate_limit_and_a_429_names_the_crisis_line(make_app):
    client = make_app(FAQBOT_RATE_LIMIT="1 per minute").test_client()
    assert client.post("/api/chat", json={"message": "ride home?"}).status_code == 200
    refused = client.post("/api/chat", json={"message": "ride home?"})
    assert "988" in assert_error(refused, 429, "rate_limited")
    for _ in range(3):  # behind a proxy every visitor shares one address: help still comes
        response = client.post("/api/chat", json={"message": CRISIS})
        assert response.status_code == 200 and response.get_json()["type"] == "urgent"


def test_no_start_without_the_sentence_encoder_unless_told_to_run_degraded(bot, tmp_path, monkeypatch):
    from faqbot import FAQBot
    from faqbot.errors import FAQBotError

    rules_only = FAQBot(bot.passages, bot.settings, bot.lay_terms, encoder=None)
    monkeypatch.setenv("FAQBOT_MODEL_DIR", str(tmp_path / "no-model"))
    config = {"TESTING": True, "FAQBOT_BOT": rules_only, "FAQBOT_DATABASE_URL": str(tmp_path / "faqbot.db")}
    with pytest.raises(FAQBotError, match="no-model.*faqbot model.*FAQBOT_DEGRADED=1"):
        create_app(config)
    client = create_app({**config, "FAQBOT_DEGRADED": "1"}).test_client()
    assert client.get("/healthz").get_json()["safety"] == "rules only (degraded)"
    assert client.post("/api/chat", json={"message": CRISIS}).get_json()["type"] == "urgent"


@pytest.mark.parametrize("path", ["/widget.js", "/widget.css", "/"])
def test_the_page_and_widget_files_are_compressed_for_browsers_that_accept_it(client, path):
    import gzip

    plain, packed = client.get(path), client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) / 2
    assert "Content-Encoding" not in plain.headers
    again = client.get(path, headers={"If-None-Match": plain.headers["ETag"]}) if path != "/" else None
    assert again is None or again.status_code == 304
