"""The rerunnable evaluation on the shipped question set (runs `faqbot eval`'s code)."""
from __future__ import annotations

import json

import pytest

from faqbot.cli.main import main
from faqbot.cli.evaluate import Case, bot_answerer, evaluate, load_cases, resolve_sections
from faqbot.errors import FAQBotError

from conftest import DATA, ROOT

QUESTIONS = DATA / "questions.jsonl"
# Measured floors; the engine must not regress below them. Figures are (strict, lenient, answer
# precision, refused): see faqbot/cli/evaluate.py. Since issue 14 the learned answer model decides;
# it was trained on these sets (training/answers, tests/data), so they guard against regressions and
# are no forecast. The rules-only decision (without the encoder) keeps issue 2's target on
# questions.jsonl. History of first looks with the rules engine: README, docs.
# Floors sit about two questions under the figures of 2026-12-06.
BLIND_FLOORS = {"questions_fresh.jsonl": (0.55, 0.82, 0.87, 0.92), "questions_blind2.jsonl": (0.48, 0.81, 0.90, 0.90),
                "questions_blind3.jsonl": (0.44, 0.78, 0.87, 0.85), "questions_blind4.jsonl": (0.37, 0.76, 0.88, 0.92),
                "questions_blind5.jsonl": (0.41, 0.76, 0.82, 0.85)}
OTHER_GUIDES = {DATA / "second-guide" / "sleep-study-guide.md": (0.47, 0.82, 0.91, 0.92),
                DATA / "third-guide" / "mri-guide.md": (0.60, 0.85, 0.94, 0.95),
                DATA / "fourth-guide" / "colonoscopy-guide.md": (0.49, 0.74, 0.83, 0.85),
                DATA / "fifth-guide" / "cataract-surgery-guide.md": (0.56, 0.84, 0.87, 0.87),
                DATA / "sixth-guide" / "knee-replacement-guide.txt": (0.45, 0.65, 0.75, 0.85)}
# Guides never trained on (training/answers/heldout: guides and questions by helpers who saw neither
# engine nor model), scored first on 2026-12-06 (first look = these figures plus about 0.02).
HELD_OUT = ROOT / "training" / "answers" / "heldout"
HELD_OUT_FLOORS = {"hearing-aid-guide": (0.58, 0.85, 0.79, 0.72), "iron-infusion-guide": (0.48, 0.71, 0.79, 0.79),
                   "new-patient-guide": (0.56, 0.86, 0.81, 0.77), "tms-therapy-guide": (0.42, 0.71, 0.67, 0.72)}
# The shipped guide's first-look sets (training/answers/blind, never trained on and never example
# questions), read with the shipped guide's example questions: ketamine-e and -f were this model's
# first look (2026-12-07); the others had theirs on earlier engines. Floors about two questions under.
SHIPPED_BLIND = ROOT / "training" / "answers" / "blind"
SHIPPED_BLIND_FLOORS = {"ketamine-a": (0.70, 0.87, 0.89, 0.97), "ketamine-b": (0.41, 0.73, 0.84, 0.92),
                        "ketamine-d": (0.59, 0.87, 0.90, 0.88), "ketamine-earlier": (0.70, 0.86, 0.91, 0.93),
                        "ketamine-e": (0.64, 0.87, 0.90, 0.93), "ketamine-f": (0.44, 0.83, 0.94, 0.95)}
TARGET = 0.90


def _holds(report, floors) -> bool:
    figures = report.to_dict()
    return all(figures[k] >= f for k, f in zip(("strict", "lenient", "answer_precision", "refused"), floors))


def test_question_set_is_large_and_labelled_against_the_shipped_guide(bot):
    cases = load_cases(QUESTIONS)
    ids = {p.id for p in bot.passages}
    answerable = [c for c in cases if c.expected]
    assert len(answerable) >= 200 and len(cases) - len(answerable) >= 60
    assert all(set(c.expected) <= ids for c in answerable), "a label names a passage the guide lacks"


def test_the_rules_decision_reaches_the_issue_target(rules_bot):
    """Issue 2's target on the shipped question set by the rules-only decision (what runs without the
    encoder), through the code ``faqbot eval`` runs: a regression guard, its misses read long ago."""
    report = evaluate(load_cases(QUESTIONS), bot_answerer(rules_bot))
    assert report.top1 >= TARGET, report.misses
    assert report.abstention >= TARGET, report.misses


def test_the_learned_decision_is_right_when_it_answers_on_the_shipped_set(bot):
    """The learned decision on the same set: it answers less often, and rightly; the rest get suggestions."""
    report = evaluate(load_cases(QUESTIONS), bot_answerer(bot))
    assert _holds(report, (0.52, 0.86, TARGET, TARGET)), report.to_dict()
    assert report.clarify_rate <= 0.35


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_engine_holds_its_floor_on_the_blind_question_sets(bot, name):
    cases = load_cases(DATA / name)
    assert sum(1 for c in cases if c.expected) >= 150 and sum(1 for c in cases if not c.expected) >= 60
    assert all(set(c.expected) <= {p.id for p in bot.passages} for c in cases)
    report = evaluate(cases, bot_answerer(bot))
    assert _holds(report, BLIND_FLOORS[name]), report.to_dict()


@pytest.mark.parametrize("name", sorted(SHIPPED_BLIND_FLOORS))
def test_engine_holds_its_floor_on_the_shipped_guides_first_look_sets(bot, name):
    cases = resolve_sections(load_cases(SHIPPED_BLIND / f"{name}.jsonl"), bot.passages)
    taught = {q.lower() for q in bot.taught.questions}
    assert len(cases) >= 100 and sum(1 for c in cases if c.question.strip().lower() in taught) <= 0.2 * len(cases)
    report = evaluate(cases, bot_answerer(bot))
    assert _holds(report, SHIPPED_BLIND_FLOORS[name]), report.to_dict()
    assert report.clarify_rate <= 0.45


@pytest.mark.parametrize("guide", sorted(OTHER_GUIDES), ids=lambda path: path.parent.name)
def test_engine_holds_its_floor_on_guides_it_was_not_built_for(guide):
    from faqbot import FAQBot

    other = FAQBot.from_path(guide)
    cases = load_cases(guide.with_name("questions.jsonl"))
    assert sum(1 for c in cases if c.expected) >= 100 and sum(1 for c in cases if not c.expected) >= 40
    assert all(set(c.expected) <= {p.id for p in other.passages} for c in cases)
    report = evaluate(cases, bot_answerer(other))
    assert _holds(report, OTHER_GUIDES[guide]), report.to_dict()


@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_engine_holds_its_floor_on_guides_never_trained_on(name):
    from faqbot import FAQBot

    held_out = FAQBot.from_path(next((HELD_OUT / "guides").glob(name + ".*")))
    cases = resolve_sections(load_cases(HELD_OUT / "questions" / f"{name}.jsonl"), held_out.passages)
    assert len(cases) >= 150 and sum(1 for c in cases if not c.expected) >= 50
    report = evaluate(cases, bot_answerer(held_out))
    assert _holds(report, HELD_OUT_FLOORS[name]), report.to_dict()
    assert report.clarify_rate <= 0.35


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
    assert ours["lenient"] > baseline["lenient"] + 0.2
    assert ours["answer_precision"] > baseline["answer_precision"] + 0.3
    assert ours["abstention"] > baseline["abstention"] + 0.5


def test_bad_cases_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "cases.jsonl"
    bad.write_text('{"question": "x"}\nnot json\n')
    with pytest.raises(FAQBotError, match="line 2"):
        load_cases(bad)


def test_a_section_may_be_named_by_the_first_words_of_its_heading_when_they_are_unique(tmp_path):
    from faqbot.guide.corpus import Passage

    passages = [Passage("a-1", "How a Scan Is Done: Every Stage Explained", "x"),
                Passage("b-1", "Step 1: Your Evaluation", "y"), Passage("c-1", "Step 2: The Session", "z")]
    [case] = resolve_sections([Case("q", (), sections=("How a Scan Is Done",))], passages)
    assert case.expected == ("a-1",)
    with pytest.raises(FAQBotError, match="'Step'"):  # starts two headings: not unique
        resolve_sections([Case("q", (), sections=("Step",))], passages)
