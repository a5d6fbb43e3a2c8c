"""The layout holds the architecture: the core never imports its adapters, safety never imports retrieval."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "faqbot"
CORE = ["bot.py", "answer.py", "messages.py", "settings.py", "errors.py", "guide", "language", "retrieval", "safety"]
ADAPTERS = ("faqbot.server", "faqbot.cli", "faqbot.store", "flask", "waitress")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, as absolute names."""
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join(base + ([node.module] if node.module else []))
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def files_of(*parts: str) -> list[Path]:
    paths = []
    for part in parts:
        target = PACKAGE / part
        paths += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    return paths


def test_the_core_imports_no_adapter():
    offending = {module_name(path): sorted(name for name in imports_of(path) if name.startswith(ADAPTERS))
                 for path in files_of(*CORE)}
    assert {module: names for module, names in offending.items() if names} == {}


def test_safety_imports_nothing_from_retrieval():
    offending = {module_name(path): sorted(name for name in imports_of(path) if name.startswith("faqbot.retrieval"))
                 for path in files_of("safety")}
    assert {module: names for module, names in offending.items() if names} == {}


def test_the_top_level_is_small_and_modules_are_short():
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert len(top) <= 8, top
    long = {module_name(path): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 350}
    assert long == {}


def test_architecture_md_names_every_module_and_only_real_ones():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("## The modules", 1)[1]
    named = set(re.findall(r"`([\w/]+\.py)`", table))
    real = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
            if path.name not in ("__init__.py", "__main__.py")}
    assert named == real, f"not in ARCHITECTURE.md: {real - named}; no such module: {named - real}"


def test_the_public_api_stays_where_it_was():
    import faqbot
    from faqbot import FAQBot, InvalidQuestion, QuestionTooLong  # noqa: F401
    from faqbot.server.app import create_app
    from faqbot.web import create_app as old_path

    assert old_path is create_app
    assert faqbot.Answer is faqbot.bot.Answer
