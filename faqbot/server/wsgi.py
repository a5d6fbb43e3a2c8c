"""WSGI middleware around the Flask app: security headers on every response and the access log.

Done at the WSGI layer, on the plain list of header pairs, rather than in Flask's before/after
request hooks with werkzeug's ``Headers``: the same headers and log line for a fraction of the
cost per request (``benchmarks/http_bench.py``).
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable, Iterable

ACCESS_LOG = logging.getLogger("faqbot.access")
LOGGED_PATH_CHARS = 200  # longer paths are cut in the access log (a flood of huge 404 paths must not fill the disk)
DEMO_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
EVERY_RESPONSE = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
API_RESPONSE = EVERY_RESPONSE + (("Cache-Control", "no-store"),)
REPLACED = {name.lower() for name, _ in EVERY_RESPONSE}  # the app's own values of these are replaced
REPLACED_API = {name.lower() for name, _ in API_RESPONSE}

Headers = list[tuple[str, str]]
StartResponse = Callable[..., Any]


class SecureHeadersAndAccessLog:
    """Adds nosniff, no-referrer, a Content-Security-Policy (strict for the API, the demo page's own
    for HTML) and, under /api/, Cache-Control: no-store; logs method, path, status and time, never
    the request body (a visitor's message)."""

    def __init__(self, app: Callable[[dict, StartResponse], Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        is_api = path.startswith("/api/")

        def start(status: str, headers: Headers, exc_info: Any = None) -> Any:
            headers = secure_headers(headers, is_api)
            if ACCESS_LOG.isEnabledFor(logging.INFO):
                elapsed = (time.perf_counter() - started) * 1000
                ACCESS_LOG.info("%s %s %s %.1fms", loggable(environ.get("REQUEST_METHOD", "-"), 20), loggable(path),
                                status[:3], elapsed)
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def loggable(text: str, limit: int = LOGGED_PATH_CHARS) -> str:
    """``text`` safe for one log line: control characters (a decoded %0d%0a would forge a line),
    spaces and backslashes escaped, cut at ``limit`` characters with a note of the full length."""
    shown = text[:limit].encode("unicode_escape").decode("ascii").replace(" ", "\\x20")
    return shown if len(text) <= limit else f"{shown}...[{len(text):,} chars]"


def secure_headers(headers: Headers, is_api: bool) -> Headers:
    """The response's headers with the security headers set (a CSP the app chose is kept)."""
    replaced = REPLACED_API if is_api else REPLACED
    kept: Headers = []
    has_csp, is_html = False, False
    for name, value in headers:
        lower = name.lower()
        if lower in replaced:
            continue
        if lower == "content-security-policy":
            has_csp = True
        elif lower == "content-type":
            is_html = value.startswith("text/html")
        kept.append((name, value))
    kept.extend(API_RESPONSE if is_api else EVERY_RESPONSE)
    if not has_csp:
        kept.append(("Content-Security-Policy", DEMO_CSP if is_html else API_CSP))
    return kept
