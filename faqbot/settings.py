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
    max_question_chars: int = 1000
    min_coverage: float = 0.45
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
