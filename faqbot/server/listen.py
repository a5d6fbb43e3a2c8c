"""How `faqbot serve` listens: waitress's limits, chosen so that the open internet cannot exhaust it.

- Request bodies stop at the app's own limit (64 KB): waitress refuses a bigger one before
  reading it, rather than buffering up to its 1 GB default.
- Request headers (the path included) stop at 32 KB.
- Up to ``FAQBOT_CONNECTION_LIMIT`` (default 1,000) open connections, watched with poll() (select()
  cannot watch more than 1,024 files), and the process may open that many files.
- X-Forwarded-* headers are dropped unless FAQBOT_TRUSTED_PROXIES is set (the app's ProxyFix reads them).
- A connection idle for ``FAQBOT_CHANNEL_TIMEOUT`` seconds (default 30) is closed, checked every 5 s:
  a few hundred half-open connections neither fill the limit nor stay for long.
- glibc's malloc keeps at most ``MALLOC_ARENAS`` arenas (what ``MALLOC_ARENA_MAX`` sets), and a
  background thread hands its free pages back every ``TRIM_SECONDS`` (``malloc_trim``): with one
  arena a worker thread, the encoder's short-lived buffers fragmented memory, and a server fed only
  new messages grew about 3 MiB a minute (``benchmarks/soak.py --unique``).
"""
from __future__ import annotations

import ctypes
import os
import resource
import sys
import threading
from typing import Any, Mapping

from ..settings import whole_number

# (default, lowest, highest) of each whole-number setting of the server
WHOLE_NUMBERS = {"FAQBOT_CONNECTION_LIMIT": (1000, 10, 100_000), "FAQBOT_CHANNEL_TIMEOUT": (30, 1, 86_400),
                 "FAQBOT_TRUSTED_PROXIES": (0, 0, 10)}
MAX_HEADER_BYTES = 32 * 1024
SPARE_FILES = 64  # files the process needs beside its connections (the guide, the model, the database, logs)
MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # glibc's mallopt() parameter number for the arena cap (malloc.h)
TRIM_SECONDS = 30.0


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


def _glibc(name: str):
    """A function of glibc's malloc, or None on another C library or platform."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas before the worker threads start, unless ``MALLOC_ARENA_MAX`` already
    chose a number; True when the cap was set."""
    mallopt = _glibc("mallopt")
    if mallopt is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1


def trim_memory_regularly(seconds: float = TRIM_SECONDS, stop: threading.Event | None = None) -> threading.Thread | None:
    """A daemon thread that returns malloc's free pages to the system every ``seconds`` until ``stop``
    is set (never, by default); None without glibc."""
    malloc_trim = _glibc("malloc_trim")
    if malloc_trim is None:
        return None
    malloc_trim.argtypes, malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int
    stop = stop or threading.Event()

    def trim() -> None:
        while not stop.wait(seconds):
            malloc_trim(0)

    thread = threading.Thread(target=trim, name="faqbot-malloc-trim", daemon=True)
    thread.start()
    return thread


def trusted_proxies(config: Mapping[str, Any]) -> int:
    """How many reverse proxies stand in front (FAQBOT_TRUSTED_PROXIES; 0: believe no forwarded header)."""
    return whole_number(config, "FAQBOT_TRUSTED_PROXIES", *WHOLE_NUMBERS["FAQBOT_TRUSTED_PROXIES"])
