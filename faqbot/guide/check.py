"""Guide lint for editors: passages too short or too long to answer well, repeated headings and text,
and a missing meaning model."""
from __future__ import annotations

from .corpus import Passage

MIN_WORDS = 8
MAX_WORDS = 300


def check_passages(passages: list[Passage]) -> list[str]:
    """Warnings about a guide's passages, one sentence each, naming the passage and the fix."""
    warnings = []
    for passage in passages:
        count = len(passage.text.split())
        if count < MIN_WORDS:
            words = "1 word" if count == 1 else f"{count} words"
            warnings.append(f"{passage.id}: only {words}; merge it with its neighbour or expand it")
        elif count > MAX_WORDS:
            warnings.append(f"{passage.id}: {count} words; split it into paragraphs of one topic each")
    last_section, seen_sections, seen_texts = None, set(), {}
    for passage in passages:
        if passage.section != last_section and passage.section in seen_sections:
            warnings.append(f"heading {passage.section!r} appears more than once; give each section its own title")
        seen_sections.add(passage.section)
        last_section = passage.section
        key = " ".join(passage.text.lower().split())
        if key in seen_texts:
            warnings.append(f"{passage.id}: same text as {seen_texts[key]}; remove one of them")
        seen_texts.setdefault(key, passage.id)
    return warnings


def setup_warnings() -> list[str]:
    """Warnings about the installation that change answers or safety: a model's files missing or wrong."""
    from ..language import model_files as encoder_files
    from ..language.semantic import INSTALL_HINT, MODEL_PACKAGE, model_files

    warnings = []
    wrong = encoder_files.problems(encoder_files.model_dir())
    if wrong:
        warnings.append(f"the sentence encoder is missing or damaged ({'; '.join(wrong)}), so urgent messages are "
                        f"found by rules only; {encoder_files.INSTALL_HINT}")
    if model_files() is None:
        warnings.append(f"the meaning model is missing (the {MODEL_PACKAGE} package or its files), so answers are "
                        f"ranked by shared words only; {INSTALL_HINT}")
    return warnings
