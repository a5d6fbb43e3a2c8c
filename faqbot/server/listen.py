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

from ..settings import whole_number

# (default, lowest, highest) of each whole-number setting of the server
WHOLE_NUMBERS = {"FAQBOT_CONNECTION_LIMIT": (1000, 10, 100_000), "FAQBOT_CHANNEL_TIMEOUT": (30, 1, 86_400),
                 "FAQBOT_TRUSTED_PROXIES": (0, 0, 10)}
MAX_HEADER_BYTES = 32 * 1024
SPARE_FILES = 64  # files the process needs beside its connections (the guide, the model, the database, logs)


def waitress_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for ``waitress.create_server`` from the app's config."""
    return {
        "connection_limit": whole_number(config, "FAQBOT_CONNECTION_LIMIT", *WHOLE_NUMBERS["FAQBOT_CONNECTION_LIMIT"]),
        "channel_timeout": whole_number(config, "FAQBOT_CHANNEL_TIMEOUT", *WHOLE_NUMBERS["FAQBOT_CHANNEL_TIMEOUT"]),
        "cleanup_interval": 5,
        "max_request_body_size": int(config["MAX_CONTENT_LENGTH"]),
        "max_request_header_size": MAX_HEADER_BYTES,
        "asyncore_use_poll": True,
        # forwarded headers reach the app (whose ProxyFix reads them) only when proxies are trusted
        "clear_untrusted_proxy_headers": not trusted_proxies(config),
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


def trusted_proxies(config: Mapping[str, Any]) -> int:
    """How many reverse proxies stand in front (FAQBOT_TRUSTED_PROXIES; 0: believe no forwarded header)."""
    return whole_number(config, "FAQBOT_TRUSTED_PROXIES", *WHOLE_NUMBERS["FAQBOT_TRUSTED_PROXIES"])
