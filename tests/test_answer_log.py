"""The background answer log: every queued answer is stored, in order of need, and a store
failure never stops the writer."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from faqbot.store.answer_log import AnswerLog
from faqbot.store.storage import StorageUnavailable, open_store


def test_answers_from_many_threads_are_all_stored_and_feedback_finds_them(tmp_path, bot):
    log = AnswerLog(open_store(tmp_path / "log.db"))
    questions = ["Do I need a ride home?", "Do you take insurance?", "i want to kill myself"] * 200
    answers = [bot.ask(q) for q in questions]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(log.record, answers, questions))
    log.record_feedback(answers[-3].id, False, "call me on 555-123-4567")  # flushes first
    counts = log.type_counts()
    assert sum(counts.values()) == 600 and counts["urgent"] == 200
    assert "4567" not in (log.feedback_for(answers[-3].id)["comment"] or "")
    log.close()


def test_a_failing_store_loses_only_that_batch(tmp_path):
    class Flaky:
        backend = "sqlite"

        def __init__(self):
            self.real, self.calls = open_store(tmp_path / "flaky.db"), 0

        def answer_row(self, *args):
            return self.real.answer_row(*args)

        def record_answer_rows(self, rows):
            self.calls += 1
            if self.calls == 1:
                raise StorageUnavailable("down for a moment")
            self.real.record_answer_rows(rows)

    store = Flaky()
    log = AnswerLog(store)
    log.record({"type": "answer", "id": "a" * 32, "passage": {"id": "p"}}, "q")
    assert log._writer.is_alive() and log.flush()
    log.record({"type": "no_answer", "id": "b" * 32, "passage": None}, "my email is ann@example.com, parking?")
    log.flush()
    counts = store.real.type_counts()
    assert counts.get("no_answer") == 1 and counts.get("answer", 0) == 0, "only the failed batch is lost"
    assert "ann@" not in str(store.real.unanswered())
    log.close()


def test_flush_cuts_the_linger_short(tmp_path, bot, monkeypatch):
    monkeypatch.setattr("faqbot.store.answer_log.LINGER_SECONDS", 60.0)  # without the cut, flush would time out
    with open_store(tmp_path / "faqbot.db") as store:
        log = AnswerLog(store)
        answer = bot.ask("how long does the infusion take")
        log.record(answer, "how long does the infusion take")
        assert log.flush(timeout=10.0)
        assert store.type_counts()["answer"] == 1
        log.record(bot.ask("ride home?"), "ride home?")
        log.close()
        assert store.type_counts()["answer"] == 2


def test_a_backlog_is_written_in_full_batches_without_lingering(tmp_path, bot, monkeypatch):
    # Before: each batch lingered, so answers arriving faster than MAX_BATCH per linger piled up.
    monkeypatch.setattr("faqbot.store.answer_log.LINGER_SECONDS", 60.0)
    monkeypatch.setattr("faqbot.store.answer_log.MAX_BATCH", 10)
    with open_store(tmp_path / "faqbot.db") as store:
        log = AnswerLog(store)
        for _ in range(35):
            log.record(bot.ask("how long does the infusion take"), "how long does the infusion take")
        assert log.flush(timeout=10.0)
        assert store.type_counts()["answer"] == 35
        log.close()
