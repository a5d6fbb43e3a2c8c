"""The service as the open internet meets it: trusted proxies, 404 floods, the access log, waitress's
limits (through a real `faqbot serve`), and SQLite's file mode."""
from __future__ import annotations

import logging
import socket
import threading
import time

import pytest

from faqbot.errors import FAQBotError
from faqbot.server.app import create_app
from faqbot.server import listen
from faqbot.server.listen import limit_malloc_arenas, trim_memory_regularly, waitress_options
from live_server import Server

CRISIS = "i want to kill myself"


@pytest.fixture()
def make_app(bot, tmp_path):
    def make(**config):
        return create_app({"TESTING": True, "FAQBOT_BOT": bot, "FAQBOT_RATE_LIMIT": "2 per minute",
                           "FAQBOT_DATABASE_URL": str(tmp_path / "faqbot.db"), **config})
    return make


def _chat(client, address: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/api/chat", json={"message": "how long is the infusion"}, headers=headers,
                       environ_base={"REMOTE_ADDR": address}).status_code


def test_without_trusted_proxies_forwarded_headers_are_ignored(make_app):
    client = make_app().test_client()
    statuses = [_chat(client, "10.0.0.9", forwarded=f"203.0.113.{n}") for n in range(3)]
    assert statuses == [200, 200, 429]  # a client cannot buy a new budget by inventing an address


def test_behind_one_trusted_proxy_each_visitor_has_a_budget(make_app):
    client = make_app(FAQBOT_TRUSTED_PROXIES="1").test_client()
    proxy = "10.0.0.2"
    assert [_chat(client, proxy, "203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert _chat(client, proxy, "198.51.100.7") == 200
    # what a visitor puts in front of the proxy's own entry is not believed
    assert _chat(client, proxy, "198.51.100.99, 203.0.113.5") == 429


def test_a_crisis_is_answered_even_when_over_the_limit(make_app):
    client = make_app().test_client()
    for _ in range(3):
        _chat(client, "10.0.0.9")
    response = client.post("/api/chat", json={"message": CRISIS}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 200 and response.get_json()["type"] == "urgent"


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99"])
def test_a_bad_trusted_proxies_setting_is_named(make_app, value):
    with pytest.raises(FAQBotError, match=f"FAQBOT_TRUSTED_PROXIES='{value}'"):
        make_app(FAQBOT_TRUSTED_PROXIES=value)


def test_404_floods_are_limited_and_paths_are_cut(make_app):
    client = make_app(FAQBOT_NOT_FOUND_LIMIT="3 per minute").test_client()
    long_path = "/" + "x" * 200_000
    responses = [client.get(long_path) for _ in range(4)]
    assert [r.status_code for r in responses] == [404, 404, 404, 429]
    assert len(responses[0].get_data()) < 400 and responses[3].headers["Retry-After"]
    assert responses[3].get_json()["error"]["code"] == "rate_limited"


def test_the_access_log_escapes_control_characters_and_cuts_long_paths(make_app, caplog):
    client = make_app().test_client()
    with caplog.at_level(logging.INFO, logger="faqbot.access"):
        client.get("/x%0d%0a2026-12-06 faqbot.access GET / 200")
        client.get("/" + "y" * 100_000)
    lines = [r.getMessage() for r in caplog.records if r.name == "faqbot.access"]
    assert len(lines) == 2 and all("\n" not in line and "\r" not in line for line in lines)
    assert "\\r\\n" in lines[0] and "[100,001 chars]" in lines[1] and len(lines[1]) < 300


@pytest.mark.parametrize("key, value", [("FAQBOT_CONNECTION_LIMIT", "many"), ("FAQBOT_CHANNEL_TIMEOUT", "0")])
def test_bad_waitress_settings_are_named(key, value):
    with pytest.raises(FAQBotError, match=key):
        waitress_options({"MAX_CONTENT_LENGTH": 65536, key: value})


@pytest.fixture(scope="module")
def server():
    running = Server(None, FAQBOT_RECORD="off").start()
    yield running
    running.stop()


def _healthz_seconds(port: int) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 200"), reply[:100]
    return time.perf_counter() - started


def test_300_idle_connections_do_not_stop_the_server(server):
    idle = []
    try:
        for n in range(300):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            if n % 2:
                sock.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\n")  # half a request, never finished
            idle.append(sock)
        time.sleep(0.5)
        assert _healthz_seconds(server.port) < 1.0
    finally:
        for sock in idle:
            sock.close()


def test_a_huge_body_is_refused_before_it_is_read(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1073741824\r\n\r\n" + b"{" * 70_000)
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]


def test_malloc_arenas_are_capped_unless_the_deployer_chose(monkeypatch):
    """glibc's arena cap (memory flat under endless new messages: benchmarks/soak.py --unique);
    a MALLOC_ARENA_MAX of the deployer's own wins."""
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True  # Linux with glibc, as CI and the deployment docs have
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False


def test_free_memory_is_handed_back_regularly(monkeypatch):
    assert listen._glibc("malloc_trim") is not None  # glibc's, as on CI and the documented servers
    calls = []

    class FakeTrim:
        def __call__(self, pad: int) -> int:
            calls.append(pad)
            return 1

    monkeypatch.setattr(listen, "_glibc", lambda name: FakeTrim())
    stop = threading.Event()
    thread = trim_memory_regularly(0.01, stop)
    time.sleep(0.2)
    stop.set()
    thread.join(1)
    assert thread.daemon and not thread.is_alive() and len(calls) >= 3 and set(calls) == {0}
