"""The store, the same suite on SQLite and on a real PostgreSQL server (tests/pg.py)."""
from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time

import pytest

from faqbot.errors import CommentTooLong, FAQBotError, InvalidFeedback, StorageConfigError, UnknownAnswer
from faqbot.store.storage import (MAX_COMMENT_CHARS, Store, StorageUnavailable, StoreSettings, mask, open_store,
                            store_from_env)

DAY = 86_400


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty store location on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'faqbot.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url):
    with open_store(url) as opened:
        yield opened


def test_answers_are_logged_with_the_least_text(store):
    store.record_answer("answer", "How long is an infusion? I'm Ann, ann@example.com", passage_id="step-2-1")
    store.record_answer("urgent", "I want to end my life, I'm Ann Lee at 12 Oak Street")
    missed = store.record_answer("no_answer", "My name is Ann Lee, do you take Aetna? Call 555-867-5309")
    assert store.type_counts() == {"answer": 1, "clarify": 0, "no_answer": 1, "urgent": 1}
    assert store.unanswered() == [("My name is [name], do you take Aetna? Call [phone]", 1)]
    assert len(missed) == 32
    dumped = _all_text(store)
    for secret in ("Ann", "example.com", "end my life", "Oak", "555"):
        assert secret not in dumped


def _all_text(store: Store) -> str:
    rows = (store._query("SELECT type, passage_id, question FROM faqbot_answers")
            + store._query("SELECT helpful, comment FROM faqbot_feedback"))  # not the random ids: "555" may be in one
    return repr(rows)


def test_record_takes_the_answer_object_and_keeps_its_id(store, bot):
    answer = bot.ask("how long does an infusion take")
    assert store.record(answer, "how long does an infusion take") == answer.id
    as_dict = bot.ask("do you validate parking").to_dict()
    assert store.record(as_dict, "do you validate parking") == as_dict["id"]
    assert store.feedback_by_passage() == []
    store.record_feedback(answer.id, True)
    assert store.feedback_by_passage() == [{"type": "answer", "passage_id": answer.passage.id, "votes": 1, "helpful": 1}]


def test_recording_questions_can_be_turned_off(url):
    with open_store(url, record_questions=False) as store:
        store.record_answer("no_answer", "do you take insurance")
        assert store.type_counts()["no_answer"] == 1 and store.unanswered() == []


def test_feedback_is_stored_redacted_and_a_later_vote_replaces_the_first(store):
    answer_id = store.record_answer("answer", passage_id="p-1")
    store.record_feedback(answer_id, False)
    store.record_feedback(answer_id, False, "  wrong section, I'm Ann: email ann@example.com  ")
    assert store.feedback_for(answer_id)["comment"] == "wrong section, I'm [name]: email [email]"
    store.record_feedback(answer_id, True)  # a vote without a comment keeps the comment
    saved = store.feedback_for(answer_id)
    assert saved["helpful"] is True and saved["comment"].startswith("wrong section")
    assert store.feedback_by_passage() == [{"type": "answer", "passage_id": "p-1", "votes": 1, "helpful": 1}]


def test_feedback_on_an_urgent_reply_keeps_the_vote_not_the_comment(store):
    answer_id = store.record_answer("urgent", "crisis text")
    store.record_feedback(answer_id, False, "I still feel like hurting myself")
    assert store.feedback_for(answer_id)["comment"] is None and store.comments() == []


@pytest.mark.parametrize("answer_id, helpful, comment, error, words", [
    ("nope", True, None, UnknownAnswer, "no answer has id 'nope'"),
    (123, True, None, InvalidFeedback, "answer_id must be text"),
    (None, True, None, InvalidFeedback, "not NoneType"),
    ("has space", True, None, InvalidFeedback, "is not an answer id"),
    ("x" * 65, True, None, InvalidFeedback, "65 characters"),
    ("ID", "yes", None, InvalidFeedback, "helpful must be true or false, not str"),
    ("ID", 1, None, InvalidFeedback, "not int"),
    ("ID", None, None, InvalidFeedback, "not NoneType"),
    ("ID", True, 5, InvalidFeedback, "comment must be text or null, not int"),
    ("ID", True, ["x"], InvalidFeedback, "not list"),
    ("ID", False, "x" * (MAX_COMMENT_CHARS + 1), CommentTooLong, "501 characters, over the 500"),
])
def test_bad_feedback_is_refused_with_an_error_naming_the_fix(store, answer_id, helpful, comment, error, words):
    real = store.record_answer("answer", passage_id="p")
    with pytest.raises(error) as caught:
        store.record_feedback(real if answer_id == "ID" else answer_id, helpful, comment)
    assert words in str(caught.value)
    assert isinstance(caught.value, FAQBotError) and isinstance(caught.value, ValueError)
    assert store.feedback_for(real) is None


def test_a_comment_of_exactly_the_limit_and_blank_comments_are_accepted(store):
    answer_id = store.record_answer("no_answer", "q")
    store.record_feedback(answer_id, False, "y" * MAX_COMMENT_CHARS)
    assert store.feedback_for(answer_id)["comment"] == "y" * MAX_COMMENT_CHARS
    other = store.record_answer("no_answer", "q")
    store.record_feedback(other, True, "   ")
    assert store.feedback_for(other)["comment"] is None


def test_bad_answer_records_are_refused(store):
    with pytest.raises(FAQBotError, match="not one of answer, clarify, no_answer, urgent"):
        store.record_answer("maybe")
    answer_id = store.record_answer("answer", passage_id="p")
    with pytest.raises(FAQBotError, match="already recorded"):
        store.record_answer("answer", answer_id=answer_id)
    with pytest.raises(FAQBotError, match="passage_id must be text"):
        store.record_answer("answer", passage_id=7)


def test_purge_applies_retention_to_answers_and_their_feedback(store):
    now = time.time()
    old = store.record_answer("no_answer", "old question", at=now - 91 * DAY)
    store.record_feedback(old, False, "old comment", at=now - 1 * DAY)
    recent = store.record_answer("no_answer", "new question", at=now - 89 * DAY)
    store.record_feedback(recent, True, at=now - 89 * DAY)
    assert store.purge() == {"answers": 1, "feedback": 1}
    assert store.unanswered() == [("new question", 1)]
    assert store.feedback_for(old) is None and store.feedback_for(recent)["helpful"] is True
    with pytest.raises(UnknownAnswer):
        store.record_feedback(old, True)
    assert store.purge(older_than_days=0, now=now) == {"answers": 1, "feedback": 1}
    with pytest.raises(FAQBotError, match="days >= 0"):
        store.purge(older_than_days=-1)


def test_recording_applies_retention_by_itself(url):
    with open_store(url, auto_purge=False) as setup:
        setup.record_answer("no_answer", "stale", at=time.time() - 100 * DAY)
    with open_store(url, retention_days=90) as store:
        store.record_answer("answer", passage_id="p")
        assert store.unanswered() == [] and store.type_counts()["no_answer"] == 0


def test_since_filters_the_report_queries(store):
    now = time.time()
    store.record_answer("no_answer", "older", at=now - 40 * DAY)
    recent = store.record_answer("no_answer", "newer", at=now - DAY)
    store.record_feedback(recent, False, "meh", at=now - DAY)
    since = now - 30 * DAY
    assert store.unanswered(since) == [("newer", 1)]
    assert store.type_counts(since)["no_answer"] == 1
    assert [c["comment"] for c in store.comments(since)] == ["meh"]


def test_many_threads_record_concurrently_and_nothing_is_lost(store):
    errors, ids = [], []

    def work(n: int) -> None:
        try:
            for i in range(25):
                answer_id = store.record_answer("no_answer", f"question {n} {i}")
                store.record_feedback(answer_id, i % 2 == 0, f"comment {i}")
                ids.append(answer_id)
        except Exception as exc:  # collected, the test fails below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.type_counts()["no_answer"] == 200 and all(store.feedback_for(i) for i in ids)
    assert store.feedback_by_passage() == [{"type": "no_answer", "passage_id": None, "votes": 200, "helpful": 104}]


def test_a_second_store_on_the_same_url_sees_committed_rows(url):
    with open_store(url) as first, open_store(url) as second:
        answer_id = first.record_answer("answer", passage_id="p")
        second.record_feedback(answer_id, True)
        assert first.feedback_for(answer_id)["helpful"] is True


def test_a_closed_store_says_so(url):
    store = open_store(url)
    store.close()
    with pytest.raises(StorageUnavailable, match="closed"):
        store.record_answer("answer")


def test_sqlite_uses_wal_and_an_owner_only_file(tmp_path):
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        store.record_answer("answer", passage_id="p")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_an_existing_database_readable_by_all_becomes_owner_only(tmp_path):
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        store.record_answer("answer", passage_id="p")
    for name in ("old.db", "old.db-wal", "old.db-shm"):
        if (tmp_path / name).exists():
            os.chmod(tmp_path / name, 0o644)
    with open_store(str(path)) as store:
        store.record_answer("answer", passage_id="q")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.glob("old.db*")}
    assert modes["old.db"] == 0o600 and set(modes.values()) == {0o600}, modes


def test_default_location_is_faqbot_db_in_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FAQBOT_DATABASE_URL", raising=False)
    open_store().close()
    assert (tmp_path / "faqbot.db").is_file()
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    open_store().close()
    assert (tmp_path / "env.db").is_file()


@pytest.mark.parametrize("bad, words", [
    ("mysql://u:secret@h/db", "not supported"),
    ("sqlite://", "names no file"),
    (":memory:", "in-memory"),
    ("/no/such/folder/x.db", "folder does not exist"),
])
def test_unusable_urls_are_refused_naming_the_fix(bad, words):
    with pytest.raises(StorageConfigError, match=words) as caught:
        open_store(bad)
    assert "secret" not in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageConfigError, match="not a usable SQLite database"):
        open_store(str(junk))


def test_an_unreachable_postgres_server_is_unavailable_not_a_crash():
    with pytest.raises(StorageUnavailable, match=r"cannot connect to postgresql://u:\*\*\*@127.0.0.1:1/db"):
        open_store("postgresql://u:secret@127.0.0.1:1/db")


def test_settings_come_from_the_environment(tmp_path):
    env = {"FAQBOT_DATABASE_URL": str(tmp_path / "e.db"), "FAQBOT_RECORD_QUESTIONS": "off",
           "FAQBOT_RETENTION_DAYS": "30"}
    assert StoreSettings.from_env(env) == StoreSettings(str(tmp_path / "e.db"), True, False, 30)
    assert StoreSettings.from_env({}) == StoreSettings()
    assert store_from_env({"FAQBOT_RECORD": "off"}) is None
    with store_from_env(env) as store:
        assert store.retention_days == 30 and store.record_questions is False
    with pytest.raises(StorageConfigError, match="FAQBOT_RETENTION_DAYS='soon'"):
        StoreSettings.from_env({"FAQBOT_RETENTION_DAYS": "soon"})
    with pytest.raises(StorageConfigError, match="FAQBOT_RECORD=on or FAQBOT_RECORD=off"):
        StoreSettings.from_env({"FAQBOT_RECORD": "maybe"})
    with pytest.raises(StorageConfigError, match="retention_days=0"):
        open_store(str(tmp_path / "r.db"), retention_days=0)


def test_mask_hides_passwords():
    assert mask("postgresql://user:pw@host:5432/db") == "postgresql://user:***@host:5432/db"
    assert mask("postgresql://host/db") == "postgresql://host/db"


def test_a_connection_the_server_dropped_is_replaced(postgres_url):
    import psycopg

    with open_store(postgres_url) as store:
        first = store.record_answer("answer", passage_id="p")
        with psycopg.connect(postgres_url, autocommit=True) as admin:  # as a server restart would
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE pid <> pg_backend_pid() AND datname = current_database()")
        store.record_feedback(first, True)  # the dead idle connection is replaced, nothing lost
        assert store.feedback_for(first)["helpful"] is True


WRITER = """
import sys
from faqbot.store.storage import open_store
store = open_store(sys.argv[1])
for n in range(100_000):
    answer_id = store.record_answer("no_answer", f"question {n}")
    store.record_feedback(answer_id, n % 2 == 0, f"comment {n}")
    print(answer_id, flush=True)  # acknowledged only once both calls returned
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_every_acknowledged_write_survives_sigkill(backend, tmp_path, request):
    import signal
    import subprocess
    import sys

    target = str(tmp_path / "kill.db") if backend == "sqlite" else request.getfixturevalue("postgres_url")
    open_store(target).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, target], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    for line in writer.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) == 150:
            writer.send_signal(signal.SIGKILL)
            break
    writer.wait(timeout=30)
    acknowledged += [line.strip() for line in writer.stdout.read().splitlines() if line.strip()]
    writer.stdout.close()
    with open_store(target) as store:
        missing = [i for i in acknowledged if store.feedback_for(i) is None]
    assert writer.returncode == -signal.SIGKILL and len(acknowledged) >= 150 and missing == []


def test_no_postgres_fails_where_required_and_skips_elsewhere(monkeypatch):
    import pg

    monkeypatch.setenv("FAQBOT_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="FAQBOT_REQUIRE_POSTGRES=1 but no PostgreSQL server: why"):
        pg.unavailable("why")
    monkeypatch.delenv("FAQBOT_REQUIRE_POSTGRES")
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server: why"):
        pg.unavailable("why")
    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    with pytest.raises(pg.NoPostgres, match="apt-get install postgresql"):
        pg.start_postgres()


def test_the_first_record_in_a_fresh_thread_with_a_purge_due_does_not_deadlock(url):
    store = open_store(url)  # auto-purge is due at the first record
    done = []
    worker = threading.Thread(target=lambda: done.append(store.record_answer("answer", passage_id="p")),
                              daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive() and len(done) == 1, "recording hung in a thread without a connection yet"
    store.close()  # only once the worker is done: a hung one would hold the lock close() takes


def test_connections_of_finished_threads_are_closed(store):
    for n in range(30):  # one short-lived thread a request, as some servers do
        worker = threading.Thread(target=store.record_answer, args=("answer",), kwargs={"passage_id": f"p{n}"})
        worker.start()
        worker.join()
    assert len(store._connections) <= 2 and store.type_counts()["answer"] == 30


def test_sqlite_syncs_feedback_to_disk_and_logs_answers_lazily(tmp_path):
    """Feedback is acknowledged, so its commit is synced (FULL); the per-request answer log uses
    WAL's NORMAL (safe when the process is killed, ~50x cheaper than a sync per chat request)."""
    with open_store(tmp_path / "sync.db") as opened:
        answer_id = opened.record_answer("answer", passage_id="p")
        assert opened._connection().execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        opened.record_feedback(answer_id, True)
        assert opened._connection().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_answer_rows_are_stored_in_chunks_and_a_repeated_id_once(store):
    rows = [store.answer_row("answer", "q", f"p-{n % 7}", f"id{n:04d}") for n in range(250)]
    rows.append(store.answer_row("no_answer", "what is the parking fee", None, "id0003"))
    store.record_answer_rows(rows)
    store.record_answer_rows(rows[:5])  # a batch written twice stores nothing new
    assert store.type_counts()["answer"] == 250 and sum(store.type_counts().values()) == 250
    store.record_feedback("id0249", True)
    assert store.feedback_for("id0249")["helpful"] is True
