"""The built package works on its own: `python -m build`, then the wheel in a fresh venv answers
from the shipped guide and serves the demo page and the widget (no checkout beside it)."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from faqbot.language.model_files import model_dir
from live_server import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with only the built wheel (and its dependencies) installed."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    wheel = next((work / "dist").glob("faqbot-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "faqbot/corpus/ketamine-infusion-guide.md" in names and "faqbot/widget/widget.js" in names, names
    assert "faqbot/corpus/taught-questions.jsonl" in names, names  # the shipped guide's example questions
    assert sum(n.startswith("faqbot/corpus/vectors/vectors-") for n in names) == 2, names  # guide and examples encoded
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True, timeout=120)
    bin_dir = work / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=900)
    return bin_dir


def _env() -> dict[str, str]:
    """No FAQBOT_* of the test run; the encoder from this environment's verified copy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_") and k != "PYTHONPATH"}
    return {**env, "FAQBOT_MODEL_DIR": str(model_dir()), "FAQBOT_RECORD": "off"}


def test_the_wheel_answers_from_the_shipped_guide(installed, tmp_path):
    result = subprocess.run([str(installed / "faqbot"), "ask", "--json", "how long does the infusion take"],
                            cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert '"type": "answer"' in result.stdout and "minutes" in result.stdout
    assert str(ROOT) not in result.stdout + result.stderr


def test_the_wheel_serves_the_demo_page_and_the_widget(installed, tmp_path):
    port = free_port()
    server = subprocess.Popen([str(installed / "faqbot"), "serve", "--port", str(port)], cwd=tmp_path, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()
        assert "serving" in line, line + server.stdout.read()
        for path, kind in (("", "text/html"), ("widget.js", "javascript"), ("widget.css", "text/css")):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as response:
                assert response.status == 200 and kind in response.headers["Content-Type"], path
                assert response.read()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_every_subpackage_is_in_the_build():
    """The build lists its packages by name (corpus/ and web/ are mapped in): a new subpackage must join."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "faqbot").rglob("__init__.py")}
    assert on_disk <= listed and listed - on_disk == {"faqbot.corpus", "faqbot.widget"}
