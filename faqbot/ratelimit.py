"""Per-client rate limits, with the ``limits`` library (the engine under flask-limiter).

flask-limiter's Flask layer evaluated its limits twice a request at ~0.15 ms, more than
answering the question; ``limits`` itself takes ~2 us a hit, with the same limit syntax
("30 per minute;300 per hour") and the same storage URIs (memory://, redis://, memcached://)
so that several servers can share one count.
"""
from __future__ import annotations

import time

from .errors import FAQBotError

NAMESPACE = "faqbot"


class RateLimit:
    """Fixed-window limits per client key; ``hit`` says how long to wait when one is exceeded."""

    def __init__(self, spec: str, storage_uri: str = "memory://") -> None:
        from limits import parse_many, storage, strategies

        try:
            self.items = parse_many(spec) if spec.strip() else []
        except ValueError as exc:
            raise FAQBotError(f"rate limit {spec!r} is not understood ({exc}); write e.g. "
                              '"30 per minute;300 per hour"') from None
        try:
            backend = storage.storage_from_string(storage_uri)
        except Exception as exc:  # noqa: BLE001 - limits raises several types for a bad URI or a missing driver
            raise FAQBotError(f"rate limit storage {storage_uri!r} cannot be used ({exc}); use memory:// or "
                              "redis://HOST:PORT") from None
        self.spec = spec
        self._limiter = strategies.FixedWindowRateLimiter(backend)

    def hit(self, key: str) -> int | None:
        """Count one request of ``key``; None if allowed, else the seconds until it would be."""
        for item in self.items:
            if not self._limiter.hit(item, NAMESPACE, key):
                reset_at, _ = self._limiter.get_window_stats(item, NAMESPACE, key)
                return max(1, int(reset_at - time.time() + 0.999))
        return None
