"""The rerunnable evaluation on the shipped question set (runs `faqbot eval`'s code)."""
from __future__ import annotations

import json

import pytest

from faqbot.cli.main import main
from faqbot.cli.evaluate import Case, bot_answerer, evaluate, load_cases
from faqbot.errors import FAQBotError

from conftest import DATA

QUESTIONS = DATA / "questions.jsonl"
# Measured floors (see the issue notes); the engine must not regress below them.
# Blind sets, each written by a helper without sight of the engine, the lay map or the other sets.
# questions_fresh: 0.674 / 0.917 at first look; its misses were read since (0.745 / 0.917 now).
# questions_blind2: 0.647 / 0.883 at first look; 0.713 / 0.900 after this session's changes,
# which were checked on it and some of whose refusals were read.
# questions_blind3: 0.700 / 0.717 at first look (with the meaning reranker), its misses unread;
# 0.700 / 0.667 once meaning agreement may answer below min_coverage (kept: it gains on the others);
# 0.700 / 0.633 once "before", "after", "during" are indexed ("coffee b4 my session" is answered;
# kept: 12 questions gained over all sets, 7 lost).
# questions_blind4 (written after this session's changes): 0.593 / 0.700 at first look (0.580 / 0.700
# with the engine as the session began); a warning of how far fresh patients' words still are. Its dev
# half's misses were read since; its holdout half went from 0.680 / 0.700 to 0.693 / 0.800 unread.
# questions_blind5, written at the end of that session, unread: 0.687 / 0.767 at first look (0.680 / 0.683
# with the engine as the session began; rank_bm25 0.360 / 0.117): this session's refusals generalize,
# its top-1 gains mostly did not.
# Floors sit about two questions under the figures of 2026-11-26 (README "Commands").
BLIND_FLOORS = {"questions_fresh.jsonl": (0.78, 0.87), "questions_blind2.jsonl": (0.79, 0.90),
                "questions_blind3.jsonl": (0.70, 0.68), "questions_blind4.jsonl": (0.62, 0.85),
                "questions_blind5.jsonl": (0.67, 0.75)}
# Guides on other topics (an overnight sleep study, an MRI scan) and their questions, each written by
# a helper who saw neither the engine nor the ketamine guide: proof the engine is not tuned to one
# document. First look: sleep 0.430 / 0.825 (with the meaning reranker), MRI 0.630 / 0.775.
# With the general part of the lay-term map: sleep 0.590 / 0.775, MRI 0.690 / 0.775. The fourth
# guide (a colonoscopy): 0.540 / 0.725 at first look, its dev half's misses read on 2026-11-26. The fifth (cataract
# surgery, 17 of its 40 unanswerable questions use the guide's own words): 0.590 / 0.600 at first look.
# The sixth (knee replacement, plain text as pasted from a web page) came last: 0.530 / 0.650 at first
# look (0.520 / 0.475 with the engine as that session began).
OTHER_GUIDES = {DATA / "second-guide" / "sleep-study-guide.md": (0.61, 0.80),
                DATA / "third-guide" / "mri-guide.md": (0.71, 0.85),
                DATA / "fourth-guide" / "colonoscopy-guide.md": (0.57, 0.72),
                DATA / "fifth-guide" / "cataract-surgery-guide.md": (0.62, 0.58),
                DATA / "sixth-guide" / "knee-replacement-guide.txt": (0.51, 0.62)}
TARGET = 0.90


def test_question_set_is_large_and_labelled_against_the_shipped_guide(bot):
    cases = load_cases(QUESTIONS)
    ids = {p.id for p in bot.passages}
    answerable = [c for c in cases if c.expected]
    assert len(answerable) >= 200 and len(cases) - len(answerable) >= 60
    assert all(set(c.expected) <= ids for c in answerable), "a label names a passage the guide lacks"


def test_engine_reaches_the_issue_target(bot):
    """Issue 2's target on the shipped question set, through the code ``faqbot eval`` runs. The set's
    misses have been read over several sessions, so this is a regression guard; the blind sets and
    the other guides below are the honest forecast."""
    report = evaluate(load_cases(QUESTIONS), bot_answerer(bot))
    assert report.top1 >= TARGET, report.misses
    assert report.abstention >= TARGET, report.misses


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_engine_holds_its_floor_on_the_blind_question_sets(bot, name):
    cases = load_cases(DATA / name)
    assert sum(1 for c in cases if c.expected) >= 150 and sum(1 for c in cases if not c.expected) >= 60
    assert all(set(c.expected) <= {p.id for p in bot.passages} for c in cases)
    report = evaluate(cases, bot_answerer(bot))
    floor_top1, floor_abstention = BLIND_FLOORS[name]
    assert report.top1 >= floor_top1 and report.abstention >= floor_abstention, report.to_dict()


@pytest.mark.parametrize("guide", sorted(OTHER_GUIDES), ids=lambda path: path.parent.name)
def test_engine_holds_its_floor_on_guides_it_was_not_built_for(guide):
    from faqbot import FAQBot

    other = FAQBot.from_path(guide)
    cases = load_cases(guide.with_name("questions.jsonl"))
    assert sum(1 for c in cases if c.expected) >= 100 and sum(1 for c in cases if not c.expected) >= 40
    assert all(set(c.expected) <= {p.id for p in other.passages} for c in cases)
    report = evaluate(cases, bot_answerer(other))
    floor_top1, floor_abstention = OTHER_GUIDES[guide]
    assert report.top1 >= floor_top1 and report.abstention >= floor_abstention, report.to_dict()


def test_evaluate_counts_correct_wrong_and_abstained():
    cases = [Case("a", ("p1",)), Case("b", ("p2",)), Case("c", ()), Case("d", ())]
    answers = {"a": ("p1", "answer"), "b": ("p1", "answer"), "c": (None, "no_answer"), "d": ("p3", "answer")}
    report = evaluate(cases, lambda q: answers[q])
    assert (report.top1, report.abstention) == (0.5, 0.5)
    assert [m["question"] for m in report.misses] == ["b", "d"]


def test_evaluate_gives_strict_lenient_precision_refused_and_clarify_figures():
    cases = [Case("a", ("p1",)), Case("b", ("p2",)), Case("c", ("p3",)), Case("d", ()), Case("e", ())]
    answers = {"a": ("p1", "answer", []), "b": (None, "clarify", ["p4", "p2"]), "c": ("p9", "answer", []),
               "d": (None, "clarify", ["p1"]), "e": ("p1", "answer", [])}
    report = evaluate(cases, lambda q: answers[q]).to_dict()
    assert report["strict"] == round(1 / 3, 4) and report["lenient"] == round(2 / 3, 4)
    assert report["answer_precision"] == round(1 / 3, 4)  # a right one of the three answers given
    assert report["refused"] == 0.5 and report["clarify_rate"] == 0.4


def test_cases_may_name_the_sections_that_answer_them(tmp_path, capsys):
    guide = tmp_path / "guide.md"
    guide.write_text("# Clinic guide\n\n## Can I drive myself home?\n\nNo. Bring an adult driver; a taxi alone "
                     "is not allowed.\n\n## Parking\n\nFree parking is behind the building on Elm Street.\n")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"question": "where do i park", "sections": ["Parking"]}) + "\n"
                     + json.dumps({"question": "can my son drive me", "sections": ["can I drive myself home"]}) + "\n")
    assert main(["eval", "--corpus", str(guide), str(cases), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["answerable"] == 2
    cases.write_text(json.dumps({"question": "where do i park", "sections": ["Car park"]}) + "\n")
    assert main(["eval", "--corpus", str(guide), str(cases)]) == 2
    assert "'Car park'" in capsys.readouterr().err


def test_eval_command_prints_both_figures_and_the_baseline(capsys):
    assert main(["eval", str(QUESTIONS), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert main(["eval", str(QUESTIONS), "--json", "--baseline"]) == 0
    baseline = json.loads(capsys.readouterr().out)
    assert ours["top1_accuracy"] > baseline["top1_accuracy"] + 0.2
    assert ours["abstention"] > baseline["abstention"] + 0.5


def test_bad_cases_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "cases.jsonl"
    bad.write_text('{"question": "x"}\nnot json\n')
    with pytest.raises(FAQBotError, match="line 2"):
        load_cases(bad)
