"""Per-client rate limits, with the ``limits`` library (the engine under flask-limiter).

flask-limiter's Flask layer evaluated its limits twice a request at ~0.15 ms, more than
answering the question; we use ``limits`` directly, with the same limit syntax ("30 per
minute;300 per hour") and storage URIs (redis://, memcached://) so that several servers can
share one count. For ``memory://`` (one server, the default) the windows are counted here:
limits' MemoryStorage re-arms a 10 ms ``threading.Timer`` after every hit, that is a new thread
up to 100 times a second under load, which cost the chat about 13% of its requests/s
(``benchmarks/http_bench.py``). Both count fixed windows that open at a client's first hit.
"""
from __future__ import annotations

import threading
import time
from typing import Protocol

from ..errors import FAQBotError

NAMESPACE = "faqbot"
SWEEP_SECONDS = 60.0  # how often closed windows are dropped from memory


class _Windows(Protocol):
    def hit(self, key: str) -> int | None: ...


class RateLimit:
    """Fixed-window limits per client key; ``hit`` says how long to wait when one is exceeded."""

    def __init__(self, spec: str, storage_uri: str = "memory://") -> None:
        from limits import parse_many

        try:
            items = parse_many(spec) if spec.strip() else []
        except ValueError as exc:
            raise FAQBotError(f"rate limit {spec!r} is not understood ({exc}); write e.g. "
                              '"30 per minute;300 per hour"') from None
        self.spec = spec
        self._windows: _Windows = (InProcessWindows([(item.amount, item.get_expiry()) for item in items])
                                   if storage_uri.strip() == "memory://" else SharedWindows(items, storage_uri))

    def hit(self, key: str) -> int | None:
        """Count one request of ``key``; None if allowed, else the seconds until it would be."""
        return self._windows.hit(key)


class InProcessWindows:
    """Fixed windows counted in this process: a dict under one lock, no timer thread."""

    def __init__(self, limits: list[tuple[int, int]]) -> None:
        self._limits = limits  # (requests allowed, window seconds)
        self._windows: dict[tuple[int, str], list[float]] = {}  # (limit, key) -> [window end, count]
        self._lock = threading.Lock()
        self._next_sweep = time.time() + SWEEP_SECONDS

    def hit(self, key: str) -> int | None:
        now = time.time()
        with self._lock:
            if now >= self._next_sweep:
                self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
                self._next_sweep = now + SWEEP_SECONDS
            for number, (allowed, seconds) in enumerate(self._limits):
                window = self._windows.get((number, key))
                if window is None or window[0] <= now:
                    window = self._windows[(number, key)] = [now + seconds, 0]
                if window[1] >= allowed:
                    return _seconds_until(window[0], now)
                window[1] += 1
        return None


class SharedWindows:
    """Fixed windows in a ``limits`` storage (redis://, memcached://...), shared by several servers."""

    def __init__(self, items: list, storage_uri: str) -> None:
        from limits import storage, strategies

        try:
            backend = storage.storage_from_string(storage_uri)
        except Exception as exc:  # noqa: BLE001 - limits raises several types for a bad URI or a missing driver
            raise FAQBotError(f"rate limit storage {storage_uri!r} cannot be used ({exc}); use memory:// or "
                              "redis://HOST:PORT") from None
        self._items = items
        self._limiter = strategies.FixedWindowRateLimiter(backend)

    def hit(self, key: str) -> int | None:
        for item in self._items:
            if not self._limiter.hit(item, NAMESPACE, key):
                reset_at, _ = self._limiter.get_window_stats(item, NAMESPACE, key)
                return _seconds_until(reset_at, time.time())
        return None


def _seconds_until(reset_at: float, now: float) -> int:
    """Whole seconds to wait (at least 1) until a window that ends at ``reset_at`` reopens."""
    return max(1, int(reset_at - now + 0.999))
