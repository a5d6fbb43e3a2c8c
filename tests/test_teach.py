"""The teach loop: staff read unanswered questions in the report and teach the passage that answers them."""
from __future__ import annotations

import json
import shutil

import pytest

from faqbot import FAQBot
from faqbot.cli.main import main
from faqbot.guide.taught import TAUGHT_NAME
from faqbot.settings import DEFAULT_CORPUS
from faqbot.store.storage import open_store

QUESTION = "is my sister allowed to collect me"


@pytest.fixture()
def guide(tmp_path):
    copy = tmp_path / DEFAULT_CORPUS.name
    shutil.copy(DEFAULT_CORPUS, copy)
    return copy


def test_a_taught_question_is_answered_with_its_passage(guide, capsys):
    assert FAQBot.from_path(guide).ask(QUESTION).type != "answer"
    assert main(["teach", "--corpus", str(guide), QUESTION, "Getting home safely"]) == 0
    assert "getting-home-safely" in capsys.readouterr().out
    row = json.loads((guide.parent / TAUGHT_NAME).read_text().splitlines()[0])
    assert row == {"question": QUESTION, "passage": "step-3-recovery-after-the-infusion-getting-home-safely-1"}
    bot = FAQBot.from_path(guide)
    answer = bot.ask(QUESTION + "?")
    assert answer.type == "answer" and answer.passage.id == row["passage"] and "staff taught" in answer.reason
    assert bot.ask("how long does the infusion take").reason.startswith("learned decision")  # others unchanged
    assert main(["index", "--corpus", str(guide), "-o", str(guide.with_suffix(".idx"))]) == 0
    assert FAQBot.from_index(guide.with_suffix(".idx")).ask(QUESTION).passage.id == row["passage"]


def test_teaching_an_unknown_passage_or_reading_a_broken_file_is_a_clear_error(guide, capsys):
    assert main(["teach", "--corpus", str(guide), QUESTION, "No such heading"]) == 2
    assert "'No such heading'" in capsys.readouterr().err and not (guide.parent / TAUGHT_NAME).exists()
    (guide.parent / TAUGHT_NAME).write_text('{"question": "x", "passage": "gone-1"}\n')
    assert main(["ask", "--corpus", str(guide), "hello there, how long is it"]) == 2
    assert "'gone-1'" in capsys.readouterr().err
    assert main(["teach", "--corpus", str(guide), QUESTION, "Getting home safely"]) == 2
    assert (guide.parent / TAUGHT_NAME).read_text().count("\n") == 1  # nothing added to a broken file


def test_the_report_names_the_closest_passage_and_the_teach_command(guide, tmp_path, capsys):
    with open_store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        store.record_answer("no_answer", QUESTION)
    assert main(["report", "--database", str(tmp_path / "r.db"), "--corpus", str(guide)]) == 0
    table = capsys.readouterr().out
    assert f"faqbot teach '{QUESTION}' " in table and "closest:" in table
    assert main(["report", "--database", str(tmp_path / "r.db"), "--format", "json", "--no-suggest"]) == 0
    assert json.loads(capsys.readouterr().out)["unanswered"][0]["suggested"] is None


def test_a_question_the_guide_does_not_answer_is_taught_with_not_answered(guide, capsys):
    assert main(["teach", "--corpus", str(guide), "do you take medicare", "--not-answered"]) == 0
    assert "not answered by the guide" in capsys.readouterr().out
    assert json.loads((guide.parent / TAUGHT_NAME).read_text()) == {"question": "do you take medicare", "passage": None}
    assert FAQBot.from_path(guide).ask("do you take medicare").type != "answer"
    for wrong, word in ((["Getting home safely", "--not-answered"], "both"), ([], "neither")):
        assert main(["teach", "--corpus", str(guide), QUESTION, *wrong]) == 2
        assert f"not {word}" in capsys.readouterr().err
    assert (guide.parent / TAUGHT_NAME).read_text().count("\n") == 1
