"""Crash safety: feedback the server acknowledged survives a SIGKILL in the middle of a stream."""
from __future__ import annotations

import http.client
import signal
import threading
import time

import pytest

from faqbot.store.storage import open_store
from live_server import Server

WRITERS = 4
KILL_AFTER_ACKS = 120


def post_feedback_until_refused(server: Server, answer_ids: list[str], acknowledged: list[str]) -> None:
    """Send a verdict on each answer; keep the ids the server acknowledged with 201."""
    for number, answer_id in enumerate(answer_ids):
        try:
            status, _ = server.post("/api/feedback", {"answer_id": answer_id, "helpful": number % 2 == 0,
                                                      "comment": f"comment {number}"}, timeout=5)
        except (OSError, http.client.HTTPException, ValueError):
            return  # the server is gone (refused, reset, or cut off mid-response)
        if status == 201:
            acknowledged.append(answer_id)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "crash.db")
    return request.getfixturevalue("postgres_url")


def test_every_acknowledged_feedback_survives_sigkill(database):
    server = Server(FAQBOT_DATABASE_URL=database).start()
    try:
        answer_ids = [server.post("/api/chat", {"message": "Do I need a ride home?"})[1]["id"] for _ in range(600)]
        acknowledged: list[str] = []
        chunks = [answer_ids[i::WRITERS] for i in range(WRITERS)]
        writers = [threading.Thread(target=post_feedback_until_refused, args=(server, chunk, acknowledged))
                   for chunk in chunks]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < KILL_AFTER_ACKS and time.monotonic() < deadline:
            time.sleep(0.005)
        server.process.send_signal(signal.SIGKILL)  # mid-stream: the writers are still sending
        server.process.wait(timeout=10)
        for writer in writers:
            writer.join(timeout=30)
    finally:
        server.stop()
    assert KILL_AFTER_ACKS <= len(acknowledged) < len(answer_ids), "the kill did not land mid-stream"

    restarted = Server(FAQBOT_DATABASE_URL=database).start()  # the server starts again on the same file
    restarted.stop()
    store = open_store(database)
    try:
        missing = [answer_id for answer_id in acknowledged if store.feedback_for(answer_id) is None]
    finally:
        store.close()
    assert missing == [], f"{len(missing)} of {len(acknowledged)} acknowledged items were lost"
