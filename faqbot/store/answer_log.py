"""The log of answers served, written by one background thread in batches.

A chat request only prepares its row (validated, the question redacted) and queues it; the
writer stores whatever has queued up in one transaction. So requests never wait on the
database's write lock, and a busy server writes one transaction per batch, not per answer
(fewer, larger batches cost the request threads less: each SQLite step hands the GIL back).
Feedback names an answer, so ``flush`` (called before storing feedback) waits until every
answer queued so far is stored. Rows still queued when the process is killed are lost: this
is a log of what was served, never something we acknowledged to a patient.
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from .storage import answer_fields

MAX_BATCH = 500
LINGER_SECONDS = 0.1  # after the first queued row, wait this long for more (a flush cuts it short)
LOG = logging.getLogger("faqbot.store")


class AnswerLog:
    """Queues answers for a Store (``record``), stores them from one thread, ``flush`` waits."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.backend = getattr(store, "backend", "")
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._hurry = threading.Event()  # set while a flush waits: no lingering then
        self._flushes, self._flushes_lock = 0, threading.Lock()  # flushes queued and not yet done
        self._writer = threading.Thread(target=self._write_forever, name="faqbot-answer-log", daemon=True)
        self._writer.start()

    def record(self, answer: Any, question: str) -> None:
        """Queue an Answer (or its to_dict()) given for ``question``."""
        self._queue.put(self.store.answer_row(*answer_fields(answer, question)))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued before this call is stored (or failed); False on timeout."""
        done = threading.Event()
        with self._flushes_lock:
            self._flushes += 1
            self._hurry.set()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self) -> None:
        """Store what is queued, then stop the writer."""
        self.flush()
        self._queue.put(None)
        self._writer.join(timeout=10)

    def __getattr__(self, name: str) -> Any:
        """Anything else (feedback, the report's queries) goes to the store once what is queued
        is stored, so feedback finds its answer and a count includes every answer served."""
        self.flush()
        return getattr(self.store, name)

    def _write_forever(self) -> None:
        while True:
            batch = [self._queue.get()]
            if isinstance(batch[0], tuple) and self._queue.qsize() < MAX_BATCH:  # a full batch never waits
                self._hurry.wait(LINGER_SECONDS)
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            rows = [item for item in batch if isinstance(item, tuple)]
            try:
                self.store.record_answer_rows(rows)
            except Exception as exc:  # noqa: BLE001 - a store that is down must not stop the writer
                LOG.error("%d answers not recorded: %s", len(rows), type(exc).__name__)
            for item in batch:
                if isinstance(item, threading.Event):
                    item.set()
                    with self._flushes_lock:
                        self._flushes -= 1
                        if not self._flushes:
                            self._hurry.clear()
            if any(item is None for item in batch):
                return
