"""The staff report: grouping, worst-rated answers, counts, formats, and `faqbot report`."""
from __future__ import annotations

import csv
import io
import json
import time

import pytest

from faqbot.errors import FAQBotError
from faqbot.store.report import build_report, group_questions, parse_since, render
from faqbot.store.storage import open_store

from test_cli import run

DAY = 86_400
NOW = time.time()


def fill(store) -> None:
    """A month of traffic: repeated unanswered questions in several wordings, votes, an old row."""
    for question in ["Do you take insurance?", "do you accept insurance", "Do you take Aetna insurance?",
                     "is there parking", "Is there parking nearby?", "do u take insurence",
                     "My name is Ann Lee, can I bring my dog?"]:
        store.record_answer("no_answer", question, at=NOW - DAY)
    store.record_answer("no_answer", "do you take insurance", at=NOW - 60 * DAY)  # outside --since 30d
    store.record_answer("urgent", "I want to die", at=NOW - DAY)
    for n in range(4):
        good = store.record_answer("answer", "how long", passage_id="how-long-1", at=NOW - DAY)
        store.record_feedback(good, n < 3, at=NOW - DAY)
        bad = store.record_answer("answer", "ride home", passage_id="ride-home-1", at=NOW - DAY)
        store.record_feedback(bad, n == 0, "=not what I asked, call 555-123-4567" if n == 1 else None, at=NOW - DAY)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "report.db"
    with open_store(path, auto_purge=False) as store:
        fill(store)
    return path


def test_report_groups_near_duplicates_and_ranks_the_worst_answers(db):
    with open_store(db, auto_purge=False) as store:
        report = build_report(store, since=NOW - 30 * DAY, now=NOW)
    assert report["answers_by_type"] == {"answer": 8, "clarify": 0, "no_answer": 7, "urgent": 1}
    groups = {g["question"]: g for g in report["unanswered"]}
    top = report["unanswered"][0]
    assert top["count"] == 4 and "insur" in top["question"].lower()  # four wordings, one misspelt
    assert sum(g["count"] for g in report["unanswered"]) == 7
    assert any(g["count"] == 2 and "parking" in g["question"].lower() for g in report["unanswered"])
    assert "My name is [name], can I bring my dog?" in groups
    assert [r["passage_id"] for r in report["worst_rated"]] == ["ride-home-1", "how-long-1"]
    assert report["worst_rated"][0] == {"passage_id": "ride-home-1", "type": "answer", "section": "", "votes": 4, "helpful": 1,
                                        "rate": 0.25}
    assert report["feedback"] == {"votes": 8, "helpful": 4, "rate": 0.5}
    assert [c["comment"] for c in report["comments"]] == ["=not what I asked, call [phone]"]


def test_group_questions_keeps_unrelated_questions_apart():
    groups = group_questions([("how much does it cost", 3), ("what does it cost", 1),
                              ("can I drive home", 2), ("hi", 1), ("hello", 1)])
    assert [(g["question"], g["count"]) for g in groups][:2] == [("how much does it cost", 4), ("can I drive home", 2)]
    assert {g["question"] for g in groups} >= {"hi", "hello"}


@pytest.mark.parametrize("text, seconds", [("30d", 30 * DAY), ("12h", 12 * 3600), ("2w", 14 * DAY), (" 7D ", 7 * DAY)])
def test_since_periods(text, seconds):
    assert parse_since(text, now=NOW) == NOW - seconds


def test_since_all_and_dates():
    assert parse_since("all") == 0
    assert parse_since("2027-01-15") == 1_799_971_200  # midnight UTC


@pytest.mark.parametrize("bad", ["30", "d", "soon", "-3d", "30 days", "2026-13-01", "", "1e9d"])
def test_bad_since_names_the_value_and_the_fix(bad):
    with pytest.raises(FAQBotError, match="is not a period; use"):
        parse_since(bad)


def test_cli_json_table_and_csv(db):
    code, out = run(["report", "--database", str(db), "--since", "all", "--format", "json"])
    report = json.loads(out)
    assert code == 0 and report["answers_by_type"]["no_answer"] == 8
    code, out = run(["report", "--database", f"sqlite:///{db}", "--since", "all"])
    assert code == 0
    for heading in ("Answers by type", "Most frequent unanswered questions", "worst helpful rate", "ride-home-1"):
        assert heading in out
    code, out = run(["report", "--database", str(db), "--since", "all", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {r["section"] for r in rows} == {"type", "feedback", "unanswered", "worst_rated", "comment"}
    comment = next(r for r in rows if r["section"] == "comment")
    assert comment["item"].startswith("ride-home-1: =not")  # a leading "=" is not the cell's first character
    assert all(not r["item"].startswith(("=", "+", "-", "@")) for r in rows)


def test_cli_purge_applies_retention(db, capsys, monkeypatch):
    code, out = run(["report", "--database", str(db), "--since", "all", "--purge", "--format", "json"])
    assert code == 0 and "purged 0 answers and 0 feedback items older than 90 days" in capsys.readouterr().err
    assert json.loads(out)["answers_by_type"]["no_answer"] == 8
    monkeypatch.setenv("FAQBOT_RETENTION_DAYS", "30")
    code, out = run(["report", "--database", str(db), "--since", "all", "--purge", "--format", "json"])
    assert code == 0 and "purged 1 answers and 0 feedback items older than 30 days" in capsys.readouterr().err
    assert json.loads(out)["answers_by_type"]["no_answer"] == 7


def test_cli_errors_exit_2_with_a_message(db, tmp_path, capsys):
    assert run(["report", "--database", str(db), "--since", "lately"])[0] == 2
    assert "--since 'lately' is not a period" in capsys.readouterr().err
    missing = tmp_path / "nope.db"
    assert run(["report", "--database", str(missing)])[0] == 2
    assert f"there is no database at '{missing}'" in capsys.readouterr().err
    assert not missing.exists()
    assert run(["report", "--database", "postgresql://u:secret@127.0.0.1:1/db"])[0] == 2
    err = capsys.readouterr().err
    assert "cannot connect" in err and "secret" not in err
    assert run(["report", "--database", str(db), "--top", "0"])[0] == 2
    with pytest.raises(SystemExit) as exited:
        run(["report", "--database", str(db), "--format", "xml"])
    assert exited.value.code == 2


def test_cli_reads_faqbot_database_url(db, monkeypatch):
    monkeypatch.setenv("FAQBOT_DATABASE_URL", str(db))
    code, out = run(["report", "--since", "all", "--format", "json"])
    assert code == 0 and json.loads(out)["answers_by_type"]["answer"] == 8


def test_report_on_postgresql(postgres_url):
    with open_store(postgres_url, auto_purge=False) as store:
        fill(store)
        report = build_report(store, since=NOW - 30 * DAY, now=NOW)
    assert report["answers_by_type"] == {"answer": 8, "clarify": 0, "no_answer": 7, "urgent": 1}
    assert report["unanswered"][0]["count"] == 4 and report["worst_rated"][0]["rate"] == 0.25
    assert render(report, "csv").startswith("section,item,count,helpful,rate\n")
    with pytest.raises(FAQBotError, match="not one of table, csv, json"):
        render(report, "xml")


def test_empty_store_reports_zeros(tmp_path):
    with open_store(tmp_path / "e.db") as store:
        report = build_report(store, since=0, now=time.time())
    assert report["feedback"]["rate"] is None and report["unanswered"] == []
    assert "(none)" in render(report) and "(no feedback)" in render(report)


def test_greetings_are_not_unanswered_questions_and_sections_name_passages(db):
    with open_store(db, auto_purge=False) as store:
        for text in ("hi", "thanks!", "ok"):
            store.record_answer("no_answer", text, at=NOW - DAY)
        report = build_report(store, NOW - 30 * DAY, now=NOW,
                              sections={"ride-home-1": "Step 3: After > Getting home"})
    assert report["not_questions"] == 3
    assert all(g["question"] not in ("hi", "thanks!", "ok") for g in report["unanswered"])
    table = render(report, "table")
    assert "Getting home" in table and "ride-home-1" not in table and "3 greetings" in table
    assert "1 votes" not in table


def test_html_report_has_charts_and_escapes_patients_text(db):
    with open_store(db, auto_purge=False) as store:
        store.record_answer("no_answer", "<script>alert(1)</script> insurance card?", at=NOW - DAY)
        report = build_report(store, NOW - 30 * DAY, now=NOW)
    page = render(report, "html")
    assert page.startswith("<!doctype html>") and page.count("<svg") >= 2
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Answers by type per week" in page and "not answered" in page
    assert [w["counts"] for w in report["weekly"]] and sum(sum(w["counts"].values()) for w in report["weekly"]) == 17
    code, out = run(["report", "--database", str(db), "--format", "html", "--no-suggest"])
    assert code == 0 and "<svg" in out
