"""Deployment settings shared by every interface: disclaimer, clinic contact, limits."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "ketamine-infusion-guide.md"
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
                "crisis_chat": self.crisis_chat.removeprefix("https://").rstrip("/"), "emergency_number": self.emergency_number}

    def resources(self, emergency_first: bool) -> list[dict]:
        """One-tap help links {name, action, href}: the crisis line, emergency services, the clinic."""
        crisis = [
            {"name": self.crisis_name, "action": f"Call {self.crisis_number}", "href": f"tel:{_dial(self.crisis_number)}"},
            {"name": self.crisis_name, "action": f"Text {self.crisis_number}", "href": f"sms:{_dial(self.crisis_number)}"},
            {"name": self.crisis_name, "action": "Chat online", "href": self.crisis_chat},
        ]
        emergency = [{"name": "Emergency services", "action": f"Call {self.emergency_number}",
                      "href": f"tel:{_dial(self.emergency_number)}"}]
        clinic = [{"name": self.clinic_name, "action": f"Call {self.clinic_phone}", "href": f"tel:{_dial(self.clinic_phone)}"}
                  ] if self.clinic_phone else []
        return (emergency + crisis if emergency_first else crisis + emergency) + clinic


def _dial(number: str) -> str:
    """A phone number as a tel:/sms: link wants it: digits and a leading +."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")

