"""Rate limit windows: counted in process for memory://, in a limits storage otherwise."""
from __future__ import annotations

import threading

import pytest

from faqbot.server import ratelimit
from faqbot.server.ratelimit import InProcessWindows, RateLimit, SharedWindows


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(ratelimit.time, "time", fake.time)
    return fake


def test_window_allows_the_limit_then_names_the_wait_then_reopens(clock):
    limit = RateLimit("2 per minute")
    assert [limit.hit("a"), limit.hit("a")] == [None, None]
    clock.now += 20
    assert limit.hit("a") == 40  # the window opened at the first hit, 60 s long
    clock.now += 40
    assert limit.hit("a") is None


def test_every_limit_counts_and_the_tightest_one_answers(clock):
    limit = RateLimit("3 per minute;4 per hour")
    assert [limit.hit("a") for _ in range(3)] == [None] * 3
    assert limit.hit("a") == 60
    clock.now += 60
    assert limit.hit("a") is None  # a new minute, the hour's 4th
    assert limit.hit("a") == 3600 - 60


def test_closed_windows_are_swept_from_memory(clock):
    windows = InProcessWindows([(5, 60)])
    for client in range(100):
        windows.hit(f"10.0.0.{client}")
    assert len(windows._windows) == 100
    clock.now += ratelimit.SWEEP_SECONDS + 1
    windows.hit("10.0.0.1")
    assert list(windows._windows) == [(0, "10.0.0.1")]


def test_threads_never_let_more_than_the_limit_through():
    windows = InProcessWindows([(500, 60)])
    allowed = []

    def client() -> None:
        allowed.extend(windows.hit("same") is None for _ in range(200))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 500


def test_a_limits_storage_uri_counts_in_that_storage():
    from limits import parse_many

    windows = SharedWindows(parse_many("2 per minute"), "memory://")
    assert [windows.hit("a"), windows.hit("a")] == [None, None]
    assert 0 < windows.hit("a") <= 60
    assert windows.hit("b") is None
