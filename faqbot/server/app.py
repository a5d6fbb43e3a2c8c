"""The chat service: a Flask app factory around the core. No module-level app or bot.

Routes: POST /api/chat, POST /api/feedback, GET /healthz, GET /api/openapi.json, GET / (a
demo clinic page with the widget), GET /widget.js, /widget.css, /demo.css. Every error is JSON of one
shape, built in ``errors.error_response``: {"error": {"code", "message"}}.
"""
from __future__ import annotations

import functools
import html
import logging
import os
from pathlib import Path
from typing import Any, Callable

from flask import Flask, Response, current_app, jsonify, request

from .. import messages
from ..bot import FAQBot
from ..errors import FAQBotError
from ..settings import WEB_DIR, settings_from_config
from ..store.answer_log import AnswerLog
from .errors import error_response, register_error_handlers, too_many
from .listen import trusted_proxies
from .openapi import openapi_document
from .ratelimit import RateLimit
from .wsgi import SecureHeadersAndAccessLog

DEFAULT_CONFIG: dict[str, Any] = {
    "FAQBOT_CORPUS": None,
    "FAQBOT_ALLOWED_ORIGINS": "",
    "FAQBOT_RATE_LIMIT": "30 per minute;300 per hour",
    "FAQBOT_RATE_LIMIT_STORAGE": "memory://",
    "FAQBOT_NOT_FOUND_LIMIT": "60 per minute",  # 404s a client may cause (scanners; each one is a log line)
    "FAQBOT_TRUSTED_PROXIES": "0",  # reverse proxies in front whose X-Forwarded-For is believed
    "FAQBOT_WEB_DIR": str(WEB_DIR),
    "FAQBOT_DEGRADED": "",  # "1": start without the sentence encoder (urgent messages found by rules alone)
    "MAX_CONTENT_LENGTH": 64 * 1024,
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: FAQBOT_* environment variables, then ``config``, over the defaults.

    ``config`` may hold "FAQBOT_BOT": a ready FAQBot (tests share one across apps).
    """
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(DEFAULT_CONFIG)
    app.config.from_mapping({k: v for k, v in os.environ.items() if k.startswith("FAQBOT_")})
    app.config.from_mapping(config or {})
    bot = app.config.get("FAQBOT_BOT") or FAQBot.load(  # FAQBOT_INDEX: an index file made by ``faqbot index``
        app.config["FAQBOT_CORPUS"], app.config.get("FAQBOT_INDEX"), **settings_from_config(app.config))
    _refuse_without_encoder(bot, app.config)
    app.extensions["faqbot"] = bot
    app.extensions["faqbot_store"] = _open_store(app.config)
    app.extensions["faqbot_demo"] = _demo_page(Path(app.config["FAQBOT_WEB_DIR"]), bot)
    app.extensions["faqbot_assets"] = _assets(Path(app.config["FAQBOT_WEB_DIR"]))
    _compress(app)
    _add_cors(app)
    storage = str(app.config["FAQBOT_RATE_LIMIT_STORAGE"])
    app.extensions["faqbot_limit"] = RateLimit(str(app.config["FAQBOT_RATE_LIMIT"]), storage)
    app.extensions["faqbot_not_found_limit"] = RateLimit(str(app.config["FAQBOT_NOT_FOUND_LIMIT"]), storage)
    app.add_url_rule("/api/chat", view_func=chat, methods=["POST"])  # triaged before its limit (in chat)
    app.add_url_rule("/api/feedback", view_func=_rate_limited(feedback), methods=["POST"])
    app.add_url_rule("/healthz", view_func=healthz)
    app.add_url_rule("/api/openapi.json", view_func=openapi)
    app.add_url_rule("/", view_func=demo)
    app.add_url_rule("/<any('widget.js', 'widget.css', 'demo.css'):name>", view_func=asset)
    register_error_handlers(app)
    _behind_proxies(app)
    app.wsgi_app = SecureHeadersAndAccessLog(app.wsgi_app)  # type: ignore[method-assign]
    return app


def _refuse_without_encoder(bot: FAQBot, config: dict[str, Any]) -> None:
    """A missing or damaged encoder is never silent: no start unless told to run degraded."""
    if bot.encoder is not None:
        return
    if str(config.get("FAQBOT_DEGRADED", "")).strip().lower() in ("1", "true", "yes", "on"):
        logging.getLogger("faqbot").warning("running degraded: urgent messages are found by the safety rules alone")
        return
    from ..language.model_files import INSTALL_HINT, model_dir, problems

    raise FAQBotError(f"the sentence encoder that reads messages for crises is not usable "
                      f"({'; '.join(problems(model_dir())) or 'it could not be loaded'}); {INSTALL_HINT}; "
                      f"or set FAQBOT_DEGRADED=1 (faqbot serve --degraded) to run with the safety rules alone")


# --- views -----------------------------------------------------------------

def chat() -> Response:
    """POST /api/chat {"message": "..."} -> the answer object. With "passage_id" (one of a
    clarify's suggestions, tapped by the patient): that passage as the answer, recorded as such."""
    data = _json_body("message", '{"message": "your question"}')
    message = data["message"]
    bot = current_app.extensions["faqbot"]
    answer = bot.urgent_reply(message)  # before any limit: a person in crisis is never turned away
    if answer is None:
        refused = _over_limit(crisis_line=True)
        if refused is not None:
            return refused
        chosen = data.get("passage_id")
        answer = bot.ask(message) if chosen is None else bot.chosen(message, chosen)  # InvalidQuestion: 400
    _record(answer, message)
    return jsonify(answer.to_dict())


def feedback() -> Response:
    """POST /api/feedback {"answer_id", "helpful", "comment"?} -> 201 once it is stored."""
    store = current_app.extensions["faqbot_store"]
    if store is None:
        return error_response(404, "feedback_disabled", "this server does not record feedback (FAQBOT_RECORD=off)")
    data = _json_body("answer_id", '{"answer_id": "...", "helpful": true, "comment": "optional"}')
    store.record_feedback(data["answer_id"], data.get("helpful"), data.get("comment"))
    response = jsonify({"status": "stored", "answer_id": data["answer_id"]})
    response.status_code = 201
    return response


def healthz() -> Response:
    bot, store = current_app.extensions["faqbot"], current_app.extensions["faqbot_store"]
    return jsonify({"status": "ok", "passages": len(bot.passages), "store": store.backend if store else "off",
                    "safety": "rules and classifier" if bot.encoder is not None else "rules only (degraded)"})


def openapi() -> Response:
    return jsonify(openapi_document(current_app.extensions["faqbot"].settings.max_question_chars))


def demo() -> Response:
    return Response(current_app.extensions["faqbot_demo"], mimetype="text/html")


def asset(name: str) -> Response:
    """The widget's files from memory (read at start), gzip- or brotli-compressed by flask-compress."""
    data, mimetype = current_app.extensions["faqbot_assets"][name]
    response = Response(data, mimetype=mimetype)
    response.cache_control.public, response.cache_control.max_age = True, 300
    response.add_etag()
    response.headers["Access-Control-Allow-Origin"] = "*"  # the widget is embedded on other sites
    return response.make_conditional(request)


# --- plumbing --------------------------------------------------------------

def _demo_page(web_dir: Path, bot: FAQBot) -> str:
    """The demo page, with the deployment's crisis and clinic settings in the widget's data-* attributes."""
    page = (web_dir / "demo.html").read_text(encoding="utf-8")
    settings = bot.settings
    values = {"crisis_number": settings.crisis_number, "emergency_number": settings.emergency_number,
              "crisis_chat": settings.crisis_chat, "clinic_phone": settings.clinic_phone}
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", html.escape(value, quote=True))
    return page


ASSETS = {"widget.js": "text/javascript", "widget.css": "text/css", "demo.css": "text/css"}


def _assets(web_dir: Path) -> dict[str, tuple[bytes, str]]:
    return {name: ((web_dir / name).read_bytes(), mimetype) for name, mimetype in ASSETS.items()}


def _compress(app: Flask) -> None:
    """Pages and widget files compressed for browsers that accept it (API replies are small: left as is)."""
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    Compress(app)


class BadRequest(FAQBotError):
    """A request body that is not what an endpoint takes."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _json_body(required: str, example: str) -> dict:
    """The request's JSON object, which must hold ``required``; BadRequest names the fix."""
    if not request.is_json:
        raise BadRequest(f"send JSON with Content-Type: application/json, not {request.mimetype or 'nothing'!r}",
                         "unsupported_content_type")
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest(f"the body is not valid JSON; send {example}", "malformed_json")
    if not isinstance(data, dict) or required not in data:
        raise BadRequest(f'the body needs a "{required}" field: {example}', f"missing_{required.split('_')[0]}")
    return data


def _open_store(config: dict[str, Any]):
    """The feedback store: "FAQBOT_STORE" if given (tests), else FAQBOT_DATABASE_URL / FAQBOT_RECORD."""
    if "FAQBOT_STORE" in config:
        return config["FAQBOT_STORE"]
    from ..store.storage import StorageUnavailable, store_from_env
    from ..store.backends import PendingStore

    settings = {k: str(v) for k, v in config.items() if k.startswith("FAQBOT_") and v is not None}
    try:
        store = store_from_env(settings)
    except StorageUnavailable as exc:  # the chat must run (crisis help included) while the database is down
        logging.getLogger("faqbot").error("store unavailable at start-up, retrying on use: %s", exc)
        store = PendingStore(lambda: store_from_env(settings), "postgresql")
    return None if store is None else AnswerLog(store)


def _record(answer: Any, message: str) -> None:
    """Log the answer for staff; a store that is down never costs the patient the answer."""
    store = current_app.extensions["faqbot_store"]
    if store is None:
        return
    try:
        store.record(answer, message)
    except Exception as exc:  # noqa: BLE001 - any storage failure: answer anyway, and say so in the log
        current_app.logger.error("answer %s not recorded: %s", answer.id, type(exc).__name__)


def _add_cors(app: Flask) -> None:
    origins = [o.strip() for o in str(app.config["FAQBOT_ALLOWED_ORIGINS"]).split(",") if o.strip()]
    if origins:
        from flask_cors import CORS

        CORS(app, resources={r"/api/*": {"origins": origins, "methods": ["POST", "GET"],
                                         "allow_headers": ["Content-Type"], "max_age": 600}})


def _rate_limited(view: Callable[[], Response]) -> Callable[[], Response]:
    """The view behind the per-client limit: 429 with Retry-After once the client exceeds it."""
    @functools.wraps(view)
    def limited() -> Response:
        return _over_limit(crisis_line=False) or view()
    return limited


def _over_limit(crisis_line: bool) -> Response | None:
    """None while the client is within its limit, else the 429 (naming the crisis line for chat)."""
    limit = current_app.extensions["faqbot_limit"]
    wait = limit.hit(request.remote_addr or "unknown")
    if wait is None:
        return None
    extra = messages.RATE_LIMITED_HELP.format(**current_app.extensions["faqbot"].settings.placeholders())
    return too_many("messages", limit.spec, wait, extra if crisis_line else "")


def _behind_proxies(app: Flask) -> None:
    """FAQBOT_TRUSTED_PROXIES=N: N reverse proxies (nginx, a load balancer) stand in front, so the
    client's address is the Nth X-Forwarded-For entry from the right (werkzeug's ProxyFix). Unset
    or 0: those headers are ignored, since anyone can send them."""
    hops = trusted_proxies(app.config)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
