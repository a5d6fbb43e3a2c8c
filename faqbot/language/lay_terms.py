"""The lay-term map: the words patients use -> the words a guide uses (needle -> IV, booster ->
maintenance). Shipped in ``data/lay-terms.txt`` and extendable by a ``lay-terms.txt`` beside a guide;
guide words a guide lacks are ignored, so one map serves any guide.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from .text import NUMBER_TERM, analyze, is_content_word, stem, words

LAY_TERMS_FILE = "lay-terms.txt"
# Object pronouns split phrasal verbs ("hook me up", "drive her home"); lay phrases match without them.
OBJECT_PRONOUNS = frozenset("me him her them us".split())


class LayTerms:
    """Lay word or phrase (as a stem tuple) -> guide stems that express it."""

    def __init__(self, rules: dict[tuple[str, ...], list[str]]) -> None:
        self.rules: dict[tuple[str, ...], list[str]] = {}
        for key, targets in rules.items():
            if _phrase_key(key):
                merged = self.rules.setdefault(_phrase_key(key), [])
                merged += [t for t in targets if t not in merged]
        self.longest = max((len(k) for k in self.rules), default=0)
        self.vocabulary = {s for key in self.rules for s in key}
        self.surface_words = {w for key in rules for w in key if is_content_word(w)}

    @classmethod
    def load(cls, guide_path: str | Path | None = None) -> "LayTerms":
        """The shipped map, extended by ``lay-terms.txt`` beside the guide if there is one."""
        texts = [resources.files("faqbot.language").joinpath("data", LAY_TERMS_FILE).read_text(encoding="utf-8")]
        if guide_path is not None:
            extra = Path(guide_path).with_name(LAY_TERMS_FILE)
            if extra.is_file():
                texts.append(extra.read_text(encoding="utf-8"))
        rules: dict[tuple[str, ...], list[str]] = {}
        for text in texts:
            for lay, guide_words in parse_lay_terms(text):
                rules.setdefault(lay, [])
                rules[lay] += [s for s in guide_words if s not in rules[lay]]
        return cls(rules)


def _phrase_key(words_of: tuple[str, ...]) -> tuple[str, ...]:
    """A lay phrase as it is matched: stems, object pronouns left out ("pick me up" -> pick up)."""
    return tuple(stem(w) for w in words_of if w not in OBJECT_PRONOUNS)


def parse_lay_terms(text: str) -> list[tuple[tuple[str, ...], list[str]]]:
    """Rules from lay-terms text ('lay, lay phrase = guide word, guide phrase' a line): lay words -> guide stems."""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.count("=") != 1:
            raise ValueError(f"lay-terms line {number} {line!r} needs one '=': 'lay words = guide words'")
        left, right = line.split("=")
        # Numbers are no words for a topic ("glp-1", "omega 3"): they would match any passage with a 1 or a 3.
        targets = [s for phrase in right.split(",") for s in analyze(phrase) if not s.isdigit() and s != NUMBER_TERM]
        for phrase in left.split(","):
            key = tuple(words(phrase))
            if key:
                rules.append((key, targets))
    return rules
