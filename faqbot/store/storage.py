"""What staff need to improve the guide, stored minimally: answers served and patients' feedback.

One row per answer served: its id, time, type and passage id; the question's text only for a
``no_answer`` or a ``clarify`` (redacted, and only while ``record_questions`` is on); an ``urgent`` message is
counted, its text never stored. Feedback: helpful yes/no and an optional redacted comment.
SQLite (WAL, one connection per thread) by default; a ``postgresql://`` URL for a shared store.
Every write is committed (and on SQLite synced) before the call returns.
"""
from __future__ import annotations

import os
import re
import threading
import time
import uuid
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping

from ..errors import CommentTooLong, FAQBotError, InvalidFeedback, StorageConfigError, UnknownAnswer
from .redact import clean, redact
from .backends import (DEFAULT_URL, RETENTION_DAYS, StorageUnavailable, StoreSettings, is_db_error, mask,
                               postgres_connector, sqlite_connector)

__all__ = ["DEFAULT_URL", "MAX_COMMENT_CHARS", "RETENTION_DAYS", "Store", "StoreSettings", "StorageUnavailable",
           "mask", "open_store", "store_from_env"]
MAX_COMMENT_CHARS = 500
MAX_STORED_QUESTION_CHARS = 1000
ANSWER_TYPES = ("answer", "clarify", "no_answer", "urgent")
UNANSWERED_TYPES = ("clarify", "no_answer")  # the questions staff read to improve the guide
ANSWER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
DAY = 86_400.0
ROWS_PER_INSERT = 100  # 500 parameters: under every SQLite's and PostgreSQL's limit
INSERT_ANSWER = "INSERT INTO faqbot_answers (id, at, type, passage_id, question) VALUES (?, ?, ?, ?, ?)"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS faqbot_answers (id VARCHAR(64) PRIMARY KEY, at BIGINT NOT NULL,"
    " type VARCHAR(16) NOT NULL, passage_id TEXT, question TEXT)",
    "CREATE INDEX IF NOT EXISTS faqbot_answers_at ON faqbot_answers (at)",
    "CREATE TABLE IF NOT EXISTS faqbot_feedback (answer_id VARCHAR(64) PRIMARY KEY, helpful BOOLEAN NOT NULL,"
    " comment TEXT, at BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS faqbot_feedback_at ON faqbot_feedback (at)",
)


def store_from_env(environ: Mapping[str, str] | None = None, url: str | None = None) -> "Store | None":
    """The store the FAQBOT_* variables describe (``url`` overrides FAQBOT_DATABASE_URL),
    or None when FAQBOT_RECORD=off."""
    settings = StoreSettings.from_env(environ)
    if not settings.record:
        return None
    return open_store(url or settings.url, record_questions=settings.record_questions,
                      retention_days=settings.retention_days)


def open_store(url: str | os.PathLike | None = None, *, record_questions: bool = True,
               retention_days: int = RETENTION_DAYS, auto_purge: bool = True, create: bool = True) -> "Store":
    """Open (creating tables if needed) the store at ``url``: ``sqlite:///path``, a plain path,
    or ``postgresql://user:pw@host:port/db``; default FAQBOT_DATABASE_URL, else ``faqbot.db``.
    ``create=False`` refuses a SQLite file that does not exist yet (a reader's typo)."""
    url = str(url if url is not None else os.environ.get("FAQBOT_DATABASE_URL", "").strip() or StoreSettings.url)
    if not isinstance(retention_days, int) or retention_days < 1:
        raise StorageConfigError(f"retention_days={retention_days!r}: give a whole number of days >= 1")
    if re.match(r"postgres(?:ql)?(?:\+psycopg)?://", url):
        store = Store(postgres_connector(url), "postgresql", record_questions, retention_days, auto_purge)
    elif "://" in url and not url.startswith("sqlite://"):
        raise StorageConfigError(f"database URL {mask(url)!r} is not supported; use sqlite:///PATH, a file path "
                                 "or postgresql://USER:PASSWORD@HOST:PORT/DB")
    else:
        store = Store(sqlite_connector(url, create), "sqlite", record_questions, retention_days, auto_purge)
    store.create_tables()
    return store


class Store:
    """Answers served and feedback; safe to share between threads (one connection each)."""

    def __init__(self, connect: Callable[[], Any], backend: str, record_questions: bool = True,
                 retention_days: int = RETENTION_DAYS, auto_purge: bool = True) -> None:
        self.backend, self.record_questions, self.retention_days = backend, record_questions, retention_days
        self._connect, self._local, self._lock = connect, threading.local(), threading.Lock()
        self._purge_lock = threading.Lock()  # apart from _lock: purging opens connections, which takes _lock
        self._connections: list[tuple[threading.Thread, Any]] = []
        self._closed = False
        self._next_purge = time.time() if auto_purge else float("inf")

    # -- writing ---------------------------------------------------------------------------
    def record_answer(self, type: str, question: str = "", passage_id: str | None = None,
                      answer_id: str | None = None, at: float | None = None) -> str:
        """Log one answer served and return its id (``answer_id``, e.g. ``Answer.id``, or a new one).
        The question is kept, redacted, only for a no_answer or clarify; never for an urgent message."""
        row = self.answer_row(type, question, passage_id, answer_id, at)
        self._maybe_purge()
        with self._transaction(durable=False) as run:  # a log line, not something we acknowledged
            if run("SELECT 1 FROM faqbot_answers WHERE id = ?", (row[0],)).fetchone():
                raise FAQBotError(f"answer id {row[0]!r} is already recorded; give each answer its own id")
            run(INSERT_ANSWER, row)
        return row[0]

    def answer_row(self, type: str, question: str = "", passage_id: str | None = None,
                   answer_id: str | None = None, at: float | None = None) -> tuple:
        """The row ``record_answer`` stores (validated, question redacted), for ``record_answer_rows``."""
        if type not in ANSWER_TYPES:
            raise FAQBotError(f"answer type {type!r} is not one of {', '.join(ANSWER_TYPES)}")
        answer_id = uuid.uuid4().hex if answer_id is None else _checked_id(answer_id)
        if passage_id is not None and not isinstance(passage_id, str):
            raise FAQBotError(f"passage_id must be text or None, not {passage_id.__class__.__name__}")
        text = None
        if type in UNANSWERED_TYPES and self.record_questions and isinstance(question, str):
            text = redact(question[: MAX_STORED_QUESTION_CHARS + 100]).strip()[:MAX_STORED_QUESTION_CHARS] or None
        return (answer_id, _stamp(at), type, None if type == "urgent" else _short(passage_id), text)

    def record_answer_rows(self, rows: list[tuple]) -> None:
        """Store many ``answer_row``s in one transaction (rows whose id is already stored are skipped)."""
        if not rows:
            return
        self._maybe_purge()
        with self._transaction(durable=False) as run:
            for start in range(0, len(rows), ROWS_PER_INSERT):  # one statement, one step, per 100 rows
                chunk = rows[start:start + ROWS_PER_INSERT]
                run(INSERT_ANSWER + ", (?, ?, ?, ?, ?)" * (len(chunk) - 1) + " ON CONFLICT (id) DO NOTHING",
                    tuple(value for row in chunk for value in row))

    def record(self, answer: Any, question: str) -> str:
        """Log an ``Answer`` (or its ``to_dict()``) given for ``question``; returns its id."""
        return self.record_answer(*answer_fields(answer, question))

    def record_feedback(self, answer_id: object, helpful: object, comment: object = None,
                        at: float | None = None) -> None:
        """Store a patient's verdict on an answer (a later one for the same answer replaces it).
        Raises InvalidFeedback, CommentTooLong or UnknownAnswer (FAQBotErrors) for bad input."""
        answer_id = _checked_id(answer_id)
        if not isinstance(helpful, bool):
            raise InvalidFeedback(f"helpful must be true or false, not {helpful.__class__.__name__}; send a boolean")
        if comment is not None and not isinstance(comment, str):
            raise InvalidFeedback(f"comment must be text or null, not {comment.__class__.__name__}")
        if comment is not None and len(comment.strip()) > MAX_COMMENT_CHARS:
            raise CommentTooLong(f"comment is {len(comment.strip()):,} characters, over the {MAX_COMMENT_CHARS} "
                                 "character limit; shorten it")
        text = redact(comment).strip() or None if comment else None
        with self._transaction() as run:
            row = run("SELECT type FROM faqbot_answers WHERE id = ?", (answer_id,)).fetchone()
            if row is None:
                raise UnknownAnswer(f"no answer has id {answer_id!r} (never served, or older than "
                                    f"{self.retention_days} days); send the id from the answer object")
            run("INSERT INTO faqbot_feedback (answer_id, helpful, comment, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id) DO UPDATE SET helpful = excluded.helpful, "
                "comment = COALESCE(excluded.comment, faqbot_feedback.comment), at = excluded.at",
                (answer_id, helpful, None if row[0] == "urgent" else text, _stamp(at)))

    def purge(self, older_than_days: float | None = None, now: float | None = None) -> dict[str, int]:
        """Delete answers and feedback older than the retention period; returns the counts deleted."""
        days = self.retention_days if older_than_days is None else older_than_days
        if isinstance(days, bool) or not isinstance(days, (int, float)) or days < 0:
            raise FAQBotError(f"older_than_days={days!r}: give a number of days >= 0")
        cutoff = int((time.time() if now is None else now) - days * DAY)
        with self._transaction() as run:
            feedback = run("DELETE FROM faqbot_feedback WHERE at < ? OR answer_id IN "
                           "(SELECT id FROM faqbot_answers WHERE at < ?)", (cutoff, cutoff)).rowcount
            answers = run("DELETE FROM faqbot_answers WHERE at < ?", (cutoff,)).rowcount
        return {"answers": answers, "feedback": feedback}

    def _maybe_purge(self) -> None:
        """Apply retention at most once a day per process, from the recording path."""
        if time.time() < self._next_purge or not self._purge_lock.acquire(blocking=False):
            return
        try:
            if time.time() >= self._next_purge:
                self._next_purge = time.time() + DAY
                self.purge()
        finally:
            self._purge_lock.release()

    # -- reading (the staff report) --------------------------------------------------------
    def type_counts(self, since: float = 0) -> dict[str, int]:
        """Answers served since ``since`` (epoch seconds) by type, every type present."""
        rows = self._query("SELECT type, COUNT(*) FROM faqbot_answers WHERE at >= ? GROUP BY type", (int(since),))
        return {**dict.fromkeys(ANSWER_TYPES, 0), **{t: int(n) for t, n in rows}}

    def weekly_type_counts(self, since: float = 0) -> list[tuple[int, str, int]]:
        """(week number since 1970, type, answers) since ``since``, oldest week first."""
        rows = self._query("SELECT at / 604800, type, COUNT(*) FROM faqbot_answers WHERE at >= ? GROUP BY at / 604800, type",
                           (int(since),))
        return sorted((int(w), t, int(n)) for w, t, n in rows)

    def unanswered(self, since: float = 0) -> list[tuple[str, int]]:
        """Redacted questions not answered (no_answer, clarify) since ``since`` with how often each exact text came."""
        rows = self._query("SELECT question, COUNT(*) FROM faqbot_answers WHERE type IN ('no_answer', 'clarify') AND "
                           "question IS NOT NULL AND at >= ? GROUP BY question", (int(since),))
        return sorted(((q, int(n)) for q, n in rows), key=lambda r: (-r[1], r[0]))

    def feedback_by_passage(self, since: float = 0) -> list[dict]:
        """Feedback given since ``since``, per (answer type, passage id): votes and helpful votes."""
        rows = self._query("SELECT a.type, a.passage_id, COUNT(*), SUM(CASE WHEN f.helpful THEN 1 ELSE 0 END) "
                           "FROM faqbot_feedback f JOIN faqbot_answers a ON a.id = f.answer_id WHERE f.at >= ? "
                           "GROUP BY a.type, a.passage_id", (int(since),))
        return [{"type": t, "passage_id": p, "votes": int(n), "helpful": int(h or 0)} for t, p, n, h in rows]

    def comments(self, since: float = 0, limit: int = 200) -> list[dict]:
        """The newest feedback comments (redacted) since ``since``, with their answer's passage."""
        rows = self._query("SELECT a.type, a.passage_id, f.helpful, f.comment, f.at FROM faqbot_feedback f "
                           "JOIN faqbot_answers a ON a.id = f.answer_id WHERE f.comment IS NOT NULL AND f.at >= ? "
                           "ORDER BY f.at DESC LIMIT ?", (int(since), int(limit)))
        return [{"type": t, "passage_id": p, "helpful": bool(h), "comment": c, "at": int(a)} for t, p, h, c, a in rows]

    def feedback_for(self, answer_id: str) -> dict | None:
        """The stored feedback on one answer (``{"helpful", "comment", "at"}``), or None."""
        rows = self._query("SELECT helpful, comment, at FROM faqbot_feedback WHERE answer_id = ?", (answer_id,))
        return {"helpful": bool(rows[0][0]), "comment": rows[0][1], "at": int(rows[0][2])} if rows else None

    # -- connections -----------------------------------------------------------------------
    def create_tables(self) -> None:
        """Create the tables if absent (several servers may race to do it on PostgreSQL)."""
        with self._transaction() as run:
            if self.backend == "postgresql":
                run("SELECT pg_advisory_xact_lock(?)", (0x46415142,))
            for statement in SCHEMA:
                run(statement)

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._transaction(write=False) as run:
            return run(sql, params).fetchall()

    @contextmanager
    def _transaction(self, write: bool = True, durable: bool = True) -> Iterator[Callable[..., Any]]:
        """One transaction on this thread's connection, committed on exit; database failures
        become StorageUnavailable and the connection is dropped, to be remade on the next call.

        ``durable`` (feedback, purges): the commit is on disk before we return. Not durable (the
        log of answers served, written on every chat request): the commit survives the process
        being killed but may be lost with the machine's power, for ~50x less time per write.
        """
        conn, cursor = self._begin(write, durable)
        pg = self.backend == "postgresql"

        def run(sql: str, params: tuple = ()) -> Any:
            cursor.execute(sql.replace("?", "%s") if pg else sql, params)
            return cursor
        try:
            yield run
            cursor.execute("COMMIT")
        except BaseException as exc:
            self._rollback(conn)
            if isinstance(exc, (FAQBotError, StorageUnavailable)) or not is_db_error(exc):
                raise
            self._drop(conn)
            raise self._unavailable(exc) from exc

    def _begin(self, write: bool, durable: bool = True) -> tuple[Any, Any]:
        """This thread's connection with a transaction open. A PostgreSQL connection that went
        stale while idle (a server restart) is replaced once: nothing was done on it yet."""
        begin = "BEGIN" if self.backend == "postgresql" else "BEGIN IMMEDIATE" if write else "BEGIN"
        for attempt in (1, 2):
            conn = self._connection()
            try:
                cursor = conn.cursor()
                self._set_durability(conn, cursor, durable)
                cursor.execute(begin)
                if self.backend == "postgresql" and not durable:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                return conn, cursor
            except Exception as exc:
                if not is_db_error(exc):
                    raise
                self._drop(conn)
                if attempt == 2 or self.backend != "postgresql":
                    raise self._unavailable(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _set_durability(self, conn: Any, cursor: Any, durable: bool) -> None:
        """SQLite: FULL (sync every commit) or NORMAL (WAL: sync at checkpoints) for this connection."""
        if self.backend != "sqlite" or getattr(self._local, "durable", True) == durable:
            return
        cursor.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        self._local.durable = durable

    def _unavailable(self, exc: BaseException) -> StorageUnavailable:
        return StorageUnavailable(f"the {self.backend} database failed ({str(exc).strip() or type(exc).__name__}); "
                                  "try again later")

    def _connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise StorageUnavailable("the store is closed; open it again with open_store()")
            conn = self._connect()
            with self._lock:  # reap connections of finished threads (a server may use one per request)
                finished = [c for thread, c in self._connections if not thread.is_alive()]
                self._connections = [(t, c) for t, c in self._connections if t.is_alive()]
                self._connections.append((threading.current_thread(), conn))
            for old in finished:
                _close_quietly(old)
            self._local.conn, self._local.durable = conn, True  # connectors open with FULL sync
        return conn

    def _rollback(self, conn: Any) -> None:
        try:
            conn.cursor().execute("ROLLBACK")
        except Exception:  # no transaction open, or the connection is gone: nothing to undo
            pass

    def _drop(self, conn: Any) -> None:
        self._local.conn = None
        with self._lock:
            self._connections = [(t, c) for t, c in self._connections if c is not conn]
        _close_quietly(conn)

    def close(self) -> None:
        """Close every thread's connection; call when no request is using the store."""
        with self._lock:
            self._closed, connections, self._connections = True, self._connections, []
        for _, conn in connections:
            _close_quietly(conn)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _close_quietly(conn: Any) -> None:
    try:
        conn.close()
    except Exception:  # already closed or broken: nothing left to release
        pass


def answer_fields(answer: Any, question: str) -> tuple[str, str, str | None, str | None]:
    """(type, question, passage id, answer id) of an ``Answer`` or its ``to_dict()``."""
    if isinstance(answer, Mapping):
        passage = answer.get("passage") or {}
        return answer["type"], question, passage.get("id"), answer.get("id")
    return answer.type, question, None if answer.passage is None else answer.passage.id, answer.id


def _checked_id(answer_id: object) -> str:
    if not isinstance(answer_id, str):
        raise InvalidFeedback(f"answer_id must be text (the answer object's id), not {answer_id.__class__.__name__}")
    if not ANSWER_ID.fullmatch(answer_id):
        shown = repr(answer_id) if len(answer_id) <= 64 and answer_id.isprintable() else f"{len(answer_id)} characters"
        raise InvalidFeedback(f"answer_id {shown} is not an answer id (1-64 letters, digits, - or _); "
                              "send the id from the answer object")
    return answer_id


def _stamp(at: float | None) -> int:
    return int(time.time() if at is None else at)


def _short(passage_id: str | None) -> str | None:
    return None if passage_id is None else clean(passage_id)[:300]
