"""How `faqbot serve` listens: waitress's limits, chosen so that the open internet cannot exhaust it.

- Request bodies stop at the app's own limit (64 KB): waitress refuses a bigger one before
  reading it, rather than buffering up to its 1 GB default.
- Request headers (the path included) stop at 32 KB.
- Up to ``FAQBOT_CONNECTION_LIMIT`` (default 1,000) open connections, watched with poll() (select()
  cannot watch more than 1,024 files), and the process may open that many files.
- X-Forwarded-* headers are dropped unless FAQBOT_TRUSTED_PROXIES is set (the app's ProxyFix reads them).
- A connection idle for ``FAQBOT_CHANNEL_TIMEOUT`` seconds (default 30) is closed, checked every 5 s:
  a few hundred half-open connections neither fill the limit nor stay for long.
"""
from __future__ import annotations

import resource
from typing import Any, Mapping

from ..errors import FAQBotError

DEFAULTS = {"FAQBOT_CONNECTION_LIMIT": 1000, "FAQBOT_CHANNEL_TIMEOUT": 30}
MAX_HEADER_BYTES = 32 * 1024
SPARE_FILES = 64  # files the process needs beside its connections (the guide, the model, the database, logs)


def waitress_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``waitress.create_server`` from the app's config."""
    connections = _whole_number(config, "FAQBOT_CONNECTION_LIMIT", low=10)
    return {
        "connection_limit": connections,
        "channel_timeout": _whole_number(config, "FAQBOT_CHANNEL_TIMEOUT", low=1),
        "cleanup_interval": 5,
        "max_request_body_size": int(config["MAX_CONTENT_LENGTH"]),
        "max_request_header_size": MAX_HEADER_BYTES,
        "asyncore_use_poll": True,
        # forwarded headers reach the app (whose ProxyFix reads them) only when proxies are trusted
        "clear_untrusted_proxy_headers": str(config.get("FAQBOT_TRUSTED_PROXIES") or "0").strip() in ("", "0"),
        "ident": "faqbot",
    }


def allow_open_files(connections: int) -> int:
    """Raise this process's open-file limit (up to what the system allows) to fit ``connections``;
    returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
        soft = raised
    return soft


def _whole_number(config: Mapping[str, Any], key: str, low: int) -> int:
    raw = config.get(key, DEFAULTS[key])
    text = str(raw).strip()
    if not text.isdigit() or int(text) < low:
        raise FAQBotError(f"{key}={raw!r} is not a whole number of at least {low}; set it to e.g. {DEFAULTS[key]}")
    return int(text)
