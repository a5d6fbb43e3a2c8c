"""The deployment the docs describe, run for real: Debian's nginx with docs/deploy/nginx.conf in front
of `faqbot serve` on loopback (TLS, separate budgets per visitor only with trusted proxies, gzip, the
body limit), Redis sharing one rate limit between two servers, and the systemd unit's settings."""
from __future__ import annotations

import gzip
import http.client
import json
import os
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from faqbot.language.vector_cache import CACHE_ENV
from faqbot.server.app import DEFAULT_CONFIG
from faqbot.server.ratelimit import RateLimit
from live_server import FAQBOT, Server, free_port

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "docs" / "deploy" / "nginx.conf"
UNIT = ROOT / "docs" / "deploy" / "faqbot.service"
REQUIRED = os.environ.get("FAQBOT_REQUIRE_SERVICES") == "1"  # CI: fail, not skip, without nginx or Redis


def _program(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        message = f"{name} is not installed (apt-get install {'nginx' if name == 'nginx' else 'redis-server'})"
        pytest.fail(message) if REQUIRED else pytest.skip(message)
    return found


def _nginx_config(folder: Path, https_port: int, http_port: int, upstream_port: int) -> Path:
    """docs/deploy/nginx.conf with loopback ports and a self-signed certificate, inside a whole nginx.conf."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    site = NGINX_CONF.read_text(encoding="utf-8")
    swaps = {"listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
             "listen 80;": f"listen 127.0.0.1:{http_port};",
             "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream_port};",
             "/etc/letsencrypt/live/chat.example-clinic.org/fullchain.pem": str(folder / "cert.pem"),
             "/etc/letsencrypt/live/chat.example-clinic.org/privkey.pem": str(folder / "key.pem")}
    for documented, tested in swaps.items():
        assert documented in site, f"docs/deploy/nginx.conf no longer holds {documented!r}"
        site = site.replace(documented, tested)
    temp = "".join(f"{kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    whole = (f"{'user root;' if os.geteuid() == 0 else ''}\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
             f"error_log {folder / 'error.log'};\nevents {{ worker_connections 256; }}\n"
             f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}{site}\n}}\n")
    (folder / "nginx.conf").write_text(whole, encoding="utf-8")
    return folder / "nginx.conf"


@pytest.fixture()
def behind_nginx(tmp_path):
    """Start faqbot (with the given settings) and nginx in front; yields a function making HTTPS requests
    from a chosen loopback address."""
    nginx = _program("nginx")
    started: list = []

    def start(**settings: str):
        server = Server(None, FAQBOT_RATE_LIMIT="2 per minute", FAQBOT_RECORD="off", **settings).start()
        started.append(server)
        https_port = free_port()
        conf = _nginx_config(tmp_path, https_port, free_port(), server.port)
        process = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        started.append(process)
        _wait_for_port(https_port, process, "nginx", tmp_path / "error.log")
        return https_port
    yield start
    for item in reversed(started):
        item.stop() if isinstance(item, Server) else (item.terminate(), item.wait(timeout=10))


def _wait_for_port(port: int, process: subprocess.Popen, name: str, log: Path | None = None) -> None:
    """Wait until ``process`` (nginx, redis-server) accepts connections on ``port``."""
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped: {log.read_text(errors='replace') if log else ''}")
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not listen")


def _request(port: int, source: str, method: str = "POST", path: str = "/api/chat", body: bytes | None = None,
             headers: dict | None = None) -> tuple[int, dict, bytes]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own self-signed certificate
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context,
                                             source_address=(source, 0))
    if body is None and method == "POST":
        body = json.dumps({"message": "how long does the infusion take"}).encode()
    connection.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return result


def test_behind_nginx_two_visitors_have_separate_budgets_with_trusted_proxies(behind_nginx):
    port = behind_nginx(FAQBOT_TRUSTED_PROXIES="1")
    first = [_request(port, "127.0.0.1")[0] for _ in range(3)]
    assert first == [200, 200, 429]
    assert _request(port, "127.0.0.2")[0] == 200  # another visitor, another budget
    # a visitor's own X-Forwarded-For is replaced by nginx: no fresh budget from a made-up address
    assert _request(port, "127.0.0.1", headers={"X-Forwarded-For": "203.0.113.9"})[0] == 429


def test_behind_nginx_without_the_setting_forwarded_headers_are_ignored(behind_nginx):
    port = behind_nginx()
    assert [_request(port, "127.0.0.1")[0] for _ in range(2)] == [200, 200]
    assert _request(port, "127.0.0.2")[0] == 429  # every visitor shares nginx's address


def test_nginx_compresses_the_widget_and_the_api_and_refuses_big_bodies(behind_nginx):
    port = behind_nginx(FAQBOT_TRUSTED_PROXIES="1")
    status, headers, body = _request(port, "127.0.0.1", "GET", "/widget.js", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip" and b"function" in gzip.decompress(body)
    assert "max-age" in headers.get("strict-transport-security", "")
    status, _, _ = _request(port, "127.0.0.3", body=b'{"message": "' + b"a" * 100_000 + b'"}')
    assert status == 413


@pytest.fixture()
def redis_url(tmp_path):
    redis = _program("redis-server")
    port = free_port()
    process = subprocess.Popen([redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _wait_for_port(port, process, "redis-server")
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_two_servers_share_one_budget_through_redis(redis_url):
    one = Server(None, FAQBOT_RATE_LIMIT="3 per minute", FAQBOT_RATE_LIMIT_STORAGE=redis_url, FAQBOT_RECORD="off")
    two = Server(None, FAQBOT_RATE_LIMIT="3 per minute", FAQBOT_RATE_LIMIT_STORAGE=redis_url, FAQBOT_RECORD="off")
    try:
        one.start(), two.start()
        ask = {"message": "how long does the infusion take"}
        statuses = [server.post("/api/chat", ask)[0] for server in (one, two, one, two)]
        assert statuses == [200, 200, 200, 429]
        status, body = one.post("/api/chat", {"message": "i want to kill myself tonight"})
        assert status == 200 and body["type"] == "urgent"  # help is never rate limited
    finally:
        one.stop(), two.stop()


def test_a_redis_limit_counts_per_client(redis_url):
    limit = RateLimit("2 per minute", redis_url)
    assert [limit.hit("a"), limit.hit("a"), limit.hit("b")] == [None, None, None]
    assert isinstance(limit.hit("a"), int)


def test_the_systemd_unit_uses_real_settings_and_flags():
    unit = UNIT.read_text(encoding="utf-8")
    names = {line.split("=", 2)[1] for line in unit.splitlines() if line.lstrip("# ").startswith("Environment=")}
    known = set(DEFAULT_CONFIG) | {"FAQBOT_CLINIC_NAME", "FAQBOT_CLINIC_PHONE", "FAQBOT_DATABASE_URL", CACHE_ENV}
    assert names and names <= known, names - known
    serve_help = subprocess.run([str(FAQBOT), "serve", "--help"], capture_output=True, text=True, check=True).stdout
    flags = {word for line in unit.splitlines() if line.startswith("ExecStart=") for word in line.split()
             if word.startswith("--")}
    assert flags and all(flag in serve_help for flag in flags), flags
