"""The API's one JSON error shape, {"error": {"code", "message"}}, built here and only here, and the
Flask error handlers that turn every failure into it (404 floods are limited like messages)."""
from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from ..errors import CommentTooLong, FAQBotError, QuestionTooLong, UnknownAnswer
from ..store.storage import StorageUnavailable

ERROR_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
               415: "unsupported_media_type", 429: "rate_limited"}
ERROR_STATUS = {QuestionTooLong: 413, CommentTooLong: 413, UnknownAnswer: 404}
SHOWN_PATH_CHARS = 100  # a path echoed in a message is cut here (a 200,000-character path is no one's typo)


def error_response(status: int, code: str, message: str) -> Response:
    """The one JSON error shape of the API."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def too_many(limit_name: str, spec: str, wait: int, extra: str = "") -> Response:
    """A 429 with Retry-After, in the one shape (``extra`` adds a sentence, e.g. the crisis line)."""
    message = f"too many {limit_name} ({spec}); please wait {wait} second{'s' if wait != 1 else ''} and try again"
    response = error_response(429, "rate_limited", message + (f". {extra}" if extra else ""))
    response.headers["Retry-After"] = str(wait)
    return response


def register_error_handlers(app: Flask) -> None:
    """Every error a request can meet, as JSON in the one shape."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(FAQBotError, _client_error)
    app.register_error_handler(StorageUnavailable, _storage_error)
    app.register_error_handler(RecursionError, _too_deep)
    app.register_error_handler(Exception, _unexpected_error)


def shown_path() -> str:
    """The request's path as a message may echo it: cut, and quoted so control characters show as escapes."""
    path = request.path
    return repr(path if len(path) <= SHOWN_PATH_CHARS else path[:SHOWN_PATH_CHARS] + "...")


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    message = exc.description or exc.name
    if status == 404:
        flood = _not_found_flood()
        if flood is not None:
            return flood
        message = f"there is nothing at {shown_path()}; ask questions with POST /api/chat"
    elif status == 405:
        allowed = ", ".join(sorted(getattr(exc, "valid_methods", None) or [])) or "another method"
        message = f"{request.method} is not allowed on {shown_path()}; use {allowed}"
    elif status == 413:
        message = f"the request body is over the {current_app.config['MAX_CONTENT_LENGTH']:,} byte limit"
    response = error_response(status, ERROR_CODES.get(status, "http_error"), message)
    for header in ("Allow", "Retry-After"):
        value = exc.get_response().headers.get(header)
        if value:
            response.headers[header] = value
    return response


def _not_found_flood() -> Response | None:
    """A 429 once a client has asked for too many paths that do not exist (scanners, log floods)."""
    limit = current_app.extensions.get("faqbot_not_found_limit")
    wait = limit.hit(request.remote_addr or "unknown") if limit is not None else None
    return None if wait is None else too_many("requests for pages that do not exist", limit.spec, wait)


def _client_error(exc: FAQBotError) -> Response:
    status = next((code for kind, code in ERROR_STATUS.items() if isinstance(exc, kind)), 400)
    return error_response(status, exc.code, str(exc))


def _too_deep(exc: RecursionError) -> Response:
    """A body nested deeper than a parser can follow ({"message": [[[[...]]]]}) is the client's error."""
    return error_response(400, "malformed_json", 'the body is nested too deeply; send {"message": "your question"}')


def _storage_error(exc: Exception) -> Response:
    current_app.logger.error("storage unavailable in %s %s", request.method, shown_path())
    response = error_response(503, "storage_unavailable", "we could not save that just now; please try again shortly")
    response.headers["Retry-After"] = "30"
    return response


def _unexpected_error(exc: Exception) -> Response:
    current_app.logger.error("unexpected %s in %s %s", type(exc).__name__, request.method, shown_path())
    return error_response(500, "internal_error", "something went wrong on our side; please try again")
