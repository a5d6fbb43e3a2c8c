"""Shared fixtures: the shipped guide's bot, paths to ../shared material."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from faqbot import FAQBot

# CI (.ci/run sets HYPOTHESIS_PROFILE=ci) replays the same examples every run, so a red build is
# always reproducible; runs elsewhere explore new random examples each time.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The guide-vector cache of this run (servers and CLI runs started by the tests share it): never the
# user's own ~/.cache, and gone at the end.
if "FAQBOT_CACHE_DIR" not in os.environ:
    os.environ["FAQBOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="faqbot-test-cache-")
    atexit.register(shutil.rmtree, os.environ["FAQBOT_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_GUIDE = SHARED / "seed-guide.txt"
MEDQUAD_GUIDE = SHARED / "datasets" / "medquad" / "guide.md"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def bot() -> FAQBot:
    """The bot on the shipped guide, built once for the whole run."""
    return FAQBot.from_path()


@pytest.fixture(scope="session")
def rules_bot() -> FAQBot:
    """The bot on the shipped guide deciding by the rules alone (as it does without the encoder):
    what the language components (spelling, lay terms, question types) are tested through."""
    return rules_only(FAQBot.from_path())


def rules_only(bot: FAQBot) -> FAQBot:
    """The same bot with its learned answer model set aside (the rules decide)."""
    bot.answer_model = None
    return bot


@pytest.fixture(scope="session")
def seed_bot() -> FAQBot:
    """The bot on the clinic's web article as published (skips where ../shared is absent)."""
    if not SEED_GUIDE.is_file():
        pytest.skip(f"{SEED_GUIDE} is absent (the shared folder is not beside this checkout)")
    return FAQBot.from_path(SEED_GUIDE)


from pg import postgres_server, postgres_url  # noqa: E402,F401  (PostgreSQL fixtures, see tests/pg.py)


@pytest.fixture(scope="session", autouse=True)
def _no_database_in_the_checkout(tmp_path_factory):
    """Servers and apps the tests start record to a temporary SQLite file, never ./faqbot.db."""
    import os

    old = os.environ.get("FAQBOT_DATABASE_URL")
    os.environ["FAQBOT_DATABASE_URL"] = str(tmp_path_factory.mktemp("store") / "faqbot.db")
    yield
    if old is None:
        os.environ.pop("FAQBOT_DATABASE_URL", None)
    else:
        os.environ["FAQBOT_DATABASE_URL"] = old
