"""The server's log: request threads queue records, one writer thread formats and writes them.

Request threads never wait on the log's lock or on a write. The writer wakes once per burst
rather than once per line (it lingers ``LINGER_SECONDS`` after the first record of a burst, then
takes every record queued): a wake per line competed with the request threads for the GIL and
cost the chat about a tenth of its requests/s (``benchmarks/http_bench.py``).
"""
from __future__ import annotations

import collections
import logging
import logging.handlers
import queue
import time

LINGER_SECONDS = 0.05
FORMAT = "%(asctime)s %(name)s %(message)s"


class DeferredFormatting(logging.handlers.QueueHandler):
    """Queues the record as it is: the writer thread formats it (our log args are plain values)."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record


class LingeringListener(logging.handlers.QueueListener):
    """A QueueListener that takes the records of a burst together (``dequeue`` is its extension point)."""

    def __init__(self, records: queue.SimpleQueue, *handlers: logging.Handler) -> None:
        super().__init__(records, *handlers)
        self._taken: collections.deque = collections.deque()

    def dequeue(self, block: bool) -> logging.LogRecord:
        if not self._taken:
            self._taken.append(self.queue.get(block))
            time.sleep(LINGER_SECONDS)
            try:
                while True:
                    self._taken.append(self.queue.get_nowait())
            except queue.Empty:
                pass
        return self._taken.popleft()


def log_in_background() -> logging.handlers.QueueListener:
    """Send log lines (INFO and up) of this process through the writer thread; returns the
    listener, to stop (which writes what is queued) at shutdown."""
    # Records skip what our lines never show (the logging HOWTO's "Optimization" settings): no
    # caller lookup (a stack walk per line), thread, process or multiprocessing names.
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    records: queue.SimpleQueue = queue.SimpleQueue()
    writer = logging.StreamHandler()
    writer.setFormatter(logging.Formatter(FORMAT))
    listener = LingeringListener(records, writer)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.handlers[:] = [DeferredFormatting(records)]
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a warning per burst of requests
    listener.start()
    return listener
