"""The store's settings and connections: SQLite files (WAL, synced commits) and PostgreSQL (psycopg 3)."""
from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import StorageConfigError

DEFAULT_URL = "faqbot.db"
RETENTION_DAYS = 90


@dataclass(frozen=True)
class StoreSettings:
    """Where and what to record; ``from_env`` reads the FAQBOT_* variables."""

    url: str = DEFAULT_URL
    record: bool = True  # False: no store at all (no answer log, no feedback)
    record_questions: bool = True  # False: no_answer questions are counted, their text not stored
    retention_days: int = RETENTION_DAYS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "StoreSettings":
        """FAQBOT_DATABASE_URL, FAQBOT_RECORD, FAQBOT_RECORD_QUESTIONS, FAQBOT_RETENTION_DAYS."""
        env = os.environ if environ is None else environ
        days = env.get("FAQBOT_RETENTION_DAYS", str(RETENTION_DAYS)).strip()
        if not days.isdigit() or int(days) < 1:
            raise StorageConfigError(f"FAQBOT_RETENTION_DAYS={days!r} is not a whole number of days >= 1; "
                                     f"set e.g. FAQBOT_RETENTION_DAYS={RETENTION_DAYS}")
        return cls(url=env.get("FAQBOT_DATABASE_URL", "").strip() or DEFAULT_URL,
                   record=_flag(env, "FAQBOT_RECORD"), record_questions=_flag(env, "FAQBOT_RECORD_QUESTIONS"),
                   retention_days=int(days))


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "on").strip().lower()
    if value not in {"1", "0", "on", "off", "true", "false", "yes", "no"}:
        raise StorageConfigError(f"{name}={value!r} is not on or off; set {name}=on or {name}=off")
    return value in {"1", "on", "true", "yes"}


class StorageUnavailable(RuntimeError):
    """The database cannot be reached or written now (not the caller's fault: retry later, HTTP 503)."""

    code = "storage_unavailable"


def mask(url: str) -> str:
    """A URL with its password hidden, fit for messages and logs."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def sqlite_connector(url: str, create: bool = True) -> Callable[[], Any]:
    path = Path(url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url.removeprefix("sqlite://"))
    if str(path) in {"", ".", ":memory:"}:
        raise StorageConfigError(f"database URL {url!r} names no file; use sqlite:///faqbot.db or a file path "
                                 "(an in-memory database cannot be shared between threads)")
    if path.is_dir() or not path.parent.is_dir():
        raise StorageConfigError(f"database file {str(path)!r}: {'is a directory' if path.is_dir() else 'its folder does not exist'}; "
                                 "give a file path in an existing folder")
    if not create and not path.is_file():
        raise StorageConfigError(f"there is no database at {str(path)!r}; give the server's database with "
                                 "--database or FAQBOT_DATABASE_URL")
    _owner_only(path)

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise StorageConfigError(f"database file {str(path)!r} cannot use WAL mode; put it on a local disk")
            conn.execute("PRAGMA synchronous = FULL")  # a commit is on disk before we acknowledge it
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StorageConfigError(f"{str(path)!r} is not a usable SQLite database ({exc}); "
                                     "give another --database path") from exc
        return conn
    return connect


def _owner_only(path: Path) -> None:
    """Create the database file if needed and make it (and its -wal, -shm files) readable by the
    owner only, whatever mode an existing file had: it holds patients' questions."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)
        for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if companion.exists():
                os.chmod(companion, 0o600)
    except OSError as exc:
        raise StorageConfigError(f"cannot open database file {str(path)!r} for its owner alone ({exc.strerror}); "
                                 "give a writable path of this user with --database or FAQBOT_DATABASE_URL") from exc


def postgres_connector(url: str) -> Callable[[], Any]:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a declared dependency
        raise StorageConfigError("PostgreSQL needs psycopg; pip install 'psycopg[binary]'") from exc
    url = re.sub(r"^postgres(?:ql)?(?:\+psycopg)?://", "postgresql://", url)

    def connect() -> Any:
        try:
            return psycopg.connect(url, connect_timeout=10, autocommit=True)
        except psycopg.Error as exc:
            raise StorageUnavailable(f"cannot connect to {mask(url)} ({str(exc).strip()}); check the server "
                                     "is up and the URL is right") from exc
    return connect


def is_db_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    module = type(exc).__module__ or ""
    return module.startswith("psycopg")


class PendingStore:
    """A store whose server could not be reached at start-up. Each use tries to open it again,
    at most once every ``retry_seconds``; until then StorageUnavailable is raised at once, so a
    database that is down never holds up a patient's chat (the caller answers anyway)."""

    def __init__(self, opener: Callable[[], Any], backend: str, retry_seconds: float = 30.0) -> None:
        self.backend, self._opener, self._retry_seconds = backend, opener, retry_seconds
        self._store: Any = None
        self._next_try = 0.0
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._store is None:
                if time.monotonic() < self._next_try:
                    raise StorageUnavailable(f"the {self.backend} database is still unreachable; try again later")
                try:
                    self._store = self._opener()
                except StorageUnavailable:
                    self._next_try = time.monotonic() + self._retry_seconds
                    raise
        return getattr(self._store, name)
