"""Ingestion: a guide file becomes passages {id, section, text}."""
from __future__ import annotations

import pytest

from faqbot.guide.corpus import load_passages, parse_guide
from faqbot.errors import CorpusError

from conftest import MEDQUAD_GUIDE, ROOT, SEED_GUIDE

MARKDOWN = """# Clinic Guide

Welcome to the guide.

## Before your visit

Bring your ID card.
Arrive early.

What to bring:

- a list of medicines
- a friend who can drive

## During the visit

### The room

The room is **quiet** and has a [chair](http://x).
"""


def test_markdown_one_passage_per_paragraph_with_heading_path():
    passages = parse_guide(MARKDOWN, markdown=True)
    assert [p.section for p in passages] == [
        "Clinic Guide", "Before your visit", "Before your visit", "During the visit > The room"]
    assert passages[1].text == "Bring your ID card. Arrive early."
    assert passages[2].text == "What to bring:\n- a list of medicines\n- a friend who can drive"
    assert passages[3].text == "The room is quiet and has a chair."


def test_ids_are_slugs_with_ordinals_and_stable_across_runs():
    first = [p.id for p in parse_guide(MARKDOWN, markdown=True)]
    assert first == [p.id for p in parse_guide(MARKDOWN, markdown=True)]
    assert first[1:3] == ["before-your-visit-1", "before-your-visit-2"]
    assert len(set(first)) == len(first)


def test_plain_text_headings_are_short_unpunctuated_lines():
    text = ("My Clinic Guide\n\nIntro paragraph that says hello to everyone.\n\nStep 1: Arrive\n\n"
            "Come in the front door. Sign in at the desk:\n\nThe Waiting Room\n\nSit and relax.\n\n"
            "Step 2: Leave\n\nGo home with a friend.\n\nNext post Ten Tips For Sleep\n")
    passages = parse_guide(text, markdown=False)
    assert [(p.section, p.text) for p in passages] == [
        ("My Clinic Guide", "Intro paragraph that says hello to everyone."),
        ("Step 1: Arrive", "Come in the front door. Sign in at the desk:"),
        ("Step 1: Arrive > The Waiting Room", "Sit and relax."),
        ("Step 2: Leave", "Go home with a friend."),
    ]


def test_shipped_guide_has_topics_and_no_tiny_fragments():
    passages = load_passages(ROOT / "corpus" / "ketamine-infusion-guide.md")
    assert len(passages) >= 20
    assert all(len(p.text.split()) >= 8 for p in passages)
    assert any("40" in p.text and "minutes" in p.text for p in passages)


@pytest.mark.skipif(not SEED_GUIDE.is_file(), reason="../shared/seed-guide.txt is absent")
def test_seed_article_ingests_into_its_real_sections_without_navigation():
    passages = load_passages(SEED_GUIDE)
    sections = {p.section for p in passages}
    assert "Step 2: The Infusion Process > Administering the Ketamine" in sections
    assert "Step 1: Pre-Treatment Evaluation" in sections
    assert "Benefits of Ketamine Infusion > Fast-Acting Relief" in sections
    assert not any("Previous post" in p.text or "Next post" in p.text for p in passages)
    assert not any("Previous post" in p.section or "Next post" in p.section for p in passages)


@pytest.mark.skipif(not MEDQUAD_GUIDE.is_file(), reason="optional check: ../shared medquad guide is absent")
def test_medquad_guide_ingests_all_sections():
    passages = load_passages(MEDQUAD_GUIDE)
    assert len({p.id.rsplit("-", 1)[0] + p.section for p in passages}) >= 190
    assert len({p.id for p in passages}) == len(passages)
    assert len(passages) >= 286


@pytest.mark.parametrize("content, fix", [
    (None, "does not exist"),
    (b"", "has no paragraphs"),
    (b"   \n\n  ", "has no paragraphs"),
    (b"# Title\n\n## Only headings\n", "has no paragraphs"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    (b"\xff\xfe\x00\x00garbage\x00", "binary"),
])
def test_bad_guides_raise_a_clear_error_naming_the_file(tmp_path, content, fix):
    path = tmp_path / "guide.md"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CorpusError) as error:
        load_passages(path)
    assert str(path) in str(error.value) and fix in str(error.value)


def test_a_folder_is_not_a_guide(tmp_path):
    with pytest.raises(CorpusError, match="is a folder"):
        load_passages(tmp_path)


def test_windows_encoded_text_is_read(tmp_path):
    path = tmp_path / "guide.txt"
    path.write_bytes("Caf\xe9 Hours\n\nWe open at nine and close at five o\x92clock.\n".encode("latin-1"))
    passages = load_passages(path)
    assert passages[0].section == "Café Hours"
    assert "o’clock" in passages[0].text
