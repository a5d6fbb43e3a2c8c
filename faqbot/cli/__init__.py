"""The ``faqbot`` command (``faqbot.cli.main``)."""
from .main import main

__all__ = ["main"]
