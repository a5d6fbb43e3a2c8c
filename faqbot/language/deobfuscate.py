"""Disguised text made plain before it is judged: "k\u00adill", Cyrillic "kіll", "k1ll mys3lf" -> "kill myself".

Used for reading only (triage and the learned safety look); what is shown or stored is the
message as typed. Steps: Unicode NFKC (full-width and styled letters), format characters removed
(soft hyphens, zero-width spaces and joiners), combining marks removed, letters that look like
Latin ones folded to them (Unicode's confusables table, as shipped by ``confusable-homoglyphs``),
and digits or symbols inside a word read as the letters they stand for.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
# A leet character between letters ("k1ll", "mys3lf", "d!e") or opening a word of letters ("0verdose").
_LEET_INSIDE = re.compile(r"(?<=[^\W\d_])[013457@$!]+(?=[^\W\d_])")
_LEET_OPENING = re.compile(r"(?<![\w@$!])[013457@$](?=[^\W\d_]{3,}\b)")
_UNIT_AFTER_NUMBER = re.compile(r"^(?:st|nd|rd|th|am|pm|mg|mcg|ml|kg|lbs?|hrs?|mins?|min|days?|weeks?|ish|x)$", re.I)


@lru_cache(maxsize=1)
def _latin_look_alikes() -> dict[int, str]:
    """Every non-ASCII letter that Unicode's confusables table says looks like one ASCII letter or digit."""
    from confusable_homoglyphs import confusables

    folds = {}
    for character, entry in confusables.confusables_data.items():
        if len(character) != 1 or character.isascii():
            continue
        targets = [g["c"] for g in entry if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalnum()]
        if targets:
            letters = [t for t in targets if t.isalpha()]
            folds[ord(character)] = (letters or targets)[0]
    for character in confusables.confusables_data:  # "к" looks like "ĸ" in the table; its capital "К" is "K"
        upper = character.upper()
        if len(character) == 1 and not character.isascii() and ord(character) not in folds and len(upper) == 1:
            if ord(upper) in folds:
                folds[ord(character)] = folds[ord(upper)].lower()
    return folds


def _read_leet(match: re.Match) -> str:
    return "".join(LEET[ch] for ch in match.group(0))


def _opening_leet(match: re.Match) -> str:
    word = re.match(r"[^\W\d_]+", match.string[match.end():]).group(0)
    return match.group(0) if _UNIT_AFTER_NUMBER.match(word) else LEET[match.group(0)]


@lru_cache(maxsize=512)
def deobfuscate(text: str) -> str:
    """The text as a reader sees it: look-alike letters, invisible characters and leetspeak undone."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if unicodedata.category(ch) not in ("Cf", "Mn", "Me"))
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        latin = _mostly_latin(text)
        text = re.sub(r"\S+", lambda m: _fold_word(m.group(0), latin), text)
    text = _LEET_INSIDE.sub(_read_leet, text)
    return _LEET_OPENING.sub(_opening_leet, text)


def _fold(word: str) -> str:
    folds = _latin_look_alikes()
    return "".join(ch if ch.isascii() else folds.get(ord(ch), ch) for ch in word)


def _mostly_latin(text: str) -> bool:
    """Whether most words that are not plain ASCII would fold to it: a Latin message with look-alikes,
    not a message in another alphabet (where "у" is a word, not a disguised "y")."""
    foreign = [w for w in text.split() if not w.isascii()]
    return sum(_fold(w).isascii() for w in foreign) * 2 > len(foreign)


def _fold_word(word: str, latin_context: bool) -> str:
    """A word whose every letter looks Latin is folded to Latin ("кіll" -> "kill") in a Latin message
    or when it mixes in Latin letters; a word of another alphabet ("привет", "у") is left as written."""
    folded = _fold(word)
    if folded.isascii() and (latin_context or any(ch.isascii() and ch.isalpha() for ch in word)):
        return folded
    return word
