"""Kept for WSGI servers and scripts: ``faqbot.web.create_app`` is ``faqbot.server.app.create_app``."""
from .server.app import create_app  # noqa: F401
