"""What every ``faqbot`` command shares: exit codes, the environment's settings (checked once, before
any command runs), the default guide and the bot a command answers with."""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Mapping

from ..server.listen import WHOLE_NUMBERS as SERVER_NUMBERS
from ..settings import settings_from_config, whole_number

EXIT_OK, EXIT_BELOW_TARGET, EXIT_USAGE = 0, 1, 2
# Whole-number settings read outside Settings: (default, lowest, highest).
WHOLE_NUMBERS = {"FAQBOT_PORT": (8000, 0, 65535), "FAQBOT_THREADS": (4, 1, 256), "FAQBOT_RETENTION_DAYS": (90, 1, 36_500),
                 **SERVER_NUMBERS}


def check_environment(environ: Mapping[str, str]) -> None:
    """Every FAQBOT_* setting that must be a number, checked once: FAQBotError names the first bad one."""
    for name, limits in WHOLE_NUMBERS.items():
        whole_number(environ, name, *limits)
    settings_from_config(environ)


def env_number(name: str, default: int) -> int:
    """A whole-number setting from the environment (already checked by ``check_environment``)."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def default_corpus() -> Path:
    from ..settings import DEFAULT_CORPUS

    return DEFAULT_CORPUS


def bot_for(args: argparse.Namespace) -> Any:
    """The bot for a command: its --corpus / --index, the FAQBOT_* settings (clinic name and phone,
    crisis lines...) as the server reads them, and --disclaimer over them."""
    from ..bot import FAQBot

    settings = settings_from_config(os.environ)
    if getattr(args, "disclaimer", None):
        settings["disclaimer"] = args.disclaimer
    return FAQBot.load(args.corpus, getattr(args, "index", None), **settings)
