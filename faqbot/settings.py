"""Deployment settings shared by every interface: disclaimer, clinic contact, limits."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .errors import FAQBotError

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_folder(in_package: str, in_checkout: str) -> Path:
    """A folder that ships with faqbot: inside the package when installed from a wheel (the build
    maps corpus/ and web/ there), else the checkout's own (an editable install)."""
    packaged = PACKAGE_DIR / in_package
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / in_checkout


DEFAULT_CORPUS = shipped_folder("corpus", "corpus") / "ketamine-infusion-guide.md"
WEB_DIR = shipped_folder("widget", "web")
DEFAULT_DISCLAIMER = (
    "This is general information from the clinic's patient guide, not medical advice. "
    "Please talk to your provider about your own health and treatment."
)


@dataclass(frozen=True)
class Settings:
    """What a clinic configures. Every field has a safe default."""

    disclaimer: str = DEFAULT_DISCLAIMER
    clinic_name: str = "the clinic"
    clinic_phone: str = ""
    crisis_name: str = "988 Suicide & Crisis Lifeline"
    crisis_number: str = "988"
    crisis_chat: str = "https://988lifeline.org/chat/"
    emergency_number: str = "911"
    poison_name: str = "Poison Help"
    poison_number: str = "1-800-222-1222"
    poison_chat: str = "https://www.poison.org"
    abuse_name: str = "National Domestic Violence Hotline"
    abuse_number: str = "1-800-799-7233"
    abuse_text_number: str = "88788"
    abuse_text_word: str = "START"
    abuse_chat: str = "https://www.thehotline.org"
    max_question_chars: int = 1000
    min_coverage: float = 0.45
    meaning_weight: float = 1.5  # weight of similarity in meaning against the best lexical match (0: words only)
    related_count: int = 2

    def with_overrides(self, **overrides) -> "Settings":
        """A copy with the given fields replaced; None values and unknown names are rejected."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown setting(s) {', '.join(unknown)}; known settings: {', '.join(sorted(known))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def clinic_contact(self) -> str:
        """"the clinic at 555-0100" or just "the clinic"."""
        return f"{self.clinic_name} at {self.clinic_phone}" if self.clinic_phone else self.clinic_name

    def placeholders(self) -> dict[str, str]:
        """Values for the {placeholders} of messages.py."""
        return {"clinic": self.clinic_contact, "crisis_name": self.crisis_name, "crisis_number": self.crisis_number,
                "crisis_chat": _bare(self.crisis_chat), "emergency_number": self.emergency_number,
                "poison_name": self.poison_name, "poison_number": self.poison_number,
                "abuse_name": self.abuse_name, "abuse_number": self.abuse_number,
                "abuse_text_number": self.abuse_text_number, "abuse_text_word": self.abuse_text_word}

    def help_links(self, order: tuple[str, ...]) -> list[dict]:
        """One-tap help links {name, action, href, primary} for the services named in ``order``
        ("emergency", "crisis", "poison", "abuse"), the first link the one primary action; the
        clinic's number comes last when it is set."""
        services = self._service_links()
        links = [link for service in (*order, "clinic") for link in services[service]]
        return [{**link, "primary": i == 0} for i, link in enumerate(links)]

    def _service_links(self) -> dict[str, list[dict]]:
        """Each service's links: call, text, chat as it offers them."""
        def link(name: str, action: str, href: str) -> dict:
            return {"name": name, "action": action, "href": href}

        crisis, poison, abuse = self.crisis_name, self.poison_name, self.abuse_name
        return {
            "emergency": [link("Emergency services", f"Call {self.emergency_number}", f"tel:{_dial(self.emergency_number)}")],
            "crisis": [link(crisis, f"Call {self.crisis_number}", f"tel:{_dial(self.crisis_number)}"),
                       link(crisis, f"Text {self.crisis_number}", f"sms:{_dial(self.crisis_number)}"),
                       link(crisis, "Chat online", self.crisis_chat)],
            "poison": [link(poison, f"Call {self.poison_number}", f"tel:{_dial(self.poison_number)}"),
                       link(poison, "Get help online", self.poison_chat)],
            "abuse": [link(abuse, f"Call {self.abuse_number}", f"tel:{_dial(self.abuse_number)}"),
                      link(abuse, f"Text {self.abuse_text_word} to {self.abuse_text_number}",
                           f"sms:{_dial(self.abuse_text_number)}?&body={self.abuse_text_word}"),
                      link(abuse, "Chat online", self.abuse_chat)],
            "clinic": [link(self.clinic_name, f"Call {self.clinic_phone}", f"tel:{_dial(self.clinic_phone)}")]
            if self.clinic_phone else [],
        }


CONFIGURED = ("disclaimer", "clinic_name", "clinic_phone", "crisis_name", "crisis_number", "crisis_chat",
              "emergency_number", "poison_name", "poison_number", "poison_chat", "abuse_name", "abuse_number",
              "abuse_text_number", "abuse_text_word", "abuse_chat", "max_question_chars", "min_coverage")
NUMBERS = {"max_question_chars": (int, 20, 20_000), "min_coverage": (float, 0.0, 1.0)}


def settings_from_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """Settings fields from FAQBOT_<NAME> keys (the environment, or a server's config), numbers
    checked: the one path by which every command and the server read them."""
    found: dict[str, Any] = {}
    for name in CONFIGURED:
        value = config.get(f"FAQBOT_{name.upper()}")
        if value not in (None, ""):
            found[name] = _number(name, value) if name in NUMBERS else str(value)
    return found


def whole_number(config: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    """A whole-number FAQBOT_* setting from ``config`` (``default`` when unset), checked to lie in
    [low, high]: FAQBotError names the variable and the range."""
    raw = config.get(key)
    text = str(raw if raw is not None else "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise FAQBotError(f"{key}={raw!r} is not a whole number from {low} to {high}; set it to e.g. {default}")
    return int(text)


def _number(name: str, value: Any) -> float | int:
    kind, low, high = NUMBERS[name]
    try:
        number = kind(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise FAQBotError(f"FAQBOT_{name.upper()}={value!r} is not a {'whole ' if kind is int else ''}number from "
                          f"{low} to {high}; set it to e.g. {getattr(Settings, name)}")
    return number


def _bare(url: str) -> str:
    """A web address as said in a sentence: no scheme, no trailing slash."""
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


def _dial(number: str) -> str:
    """A phone number as a tel:/sms: link wants it: digits and a leading +."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")

