"""The README is one short page whose commands work as shown; docs/ pages exist where it points and
name only real commands."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import urllib.request

from faqbot.cli.main import build_parser
from conftest import ROOT
from live_server import Server
from test_cli import run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shown(prefix: str) -> list[str]:
    """The README's indented command lines that start with ``prefix``."""
    return [line.strip() for line in README.splitlines() if line.startswith("    " + prefix)]


def test_the_readme_fits_on_about_two_screens():
    assert len(README.splitlines()) <= 120


def test_the_python_example_runs_as_shown():
    code = re.search(r"```python\n(.*?)```", README, flags=re.S).group(1)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "40 to 60 minutes" in result.stdout


def test_the_ask_example_runs_as_shown():
    (line,) = _shown('faqbot ask "')
    code, out = run(shlex.split(line)[1:])
    assert code == 0 and "40 to 60 minutes" in out


def test_the_http_example_runs_as_shown():
    (line,) = _shown("curl ")
    words = shlex.split(line)
    body = words[words.index("-d") + 1]
    server = Server(None, FAQBOT_RECORD="off").start()
    try:
        url = f"{server.url}api/chat"
        if shutil.which("curl"):
            command = [url if word == "localhost:8000/api/chat" else word for word in words]
            reply = json.loads(subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout)
        else:
            request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": "application/json"})
            reply = json.load(urllib.request.urlopen(request, timeout=60))
    finally:
        server.stop()
    assert reply["type"] == "answer" and "40 to 60 minutes" in reply["reply"]


def test_the_embed_example_uses_attributes_the_widget_reads():
    widget = (ROOT / "web" / "widget.js").read_text(encoding="utf-8")
    attributes = re.findall(r"data-([a-z-]+)=", README)
    assert attributes and all(name in widget or _camel(name) in widget for name in attributes), attributes


def _camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(part.title() for part in rest)


def test_every_linked_page_exists_and_docs_name_only_real_commands():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
        named = set(re.findall(r"`faqbot ([a-z]\w*)|^[ \t]+faqbot ([a-z]\w*)", text, flags=re.M))
        unknown = {a or b for a, b in named} - commands
        assert not unknown, f"{page.name} names unknown commands {unknown}"
