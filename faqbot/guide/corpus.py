"""Guide file -> passages: one passage per paragraph, with its heading path.

Two input formats: Markdown (``#`` headings) and plain text as pasted from a web
page (headings are short lines without end punctuation). Site navigation lines
("Previous post ...", "Share this") are dropped. Errors name the file and the fix.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import CorpusError

SECTION_SEPARATOR = " > "
MAX_GUIDE_BYTES = 50_000_000

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u2013]|\d{1,3}[.)])\s+")
_NAVIGATION = re.compile(
    r"\b(?:previous|next|older|newer)\s+(?:post|article|story|entry|page)\b"
    r"|^(?:share|tweet|pin)\s+(?:this|on)\b|^(?:tags?|categories|posted in|filed under)\s*:"
    r"|^(?:read more|continue reading|back to top|skip to (?:main )?content)\W*$"
    r"|all rights reserved|^\s*(?:\u00a9|copyright\b)",
    re.IGNORECASE,
)
_TOP_LEVEL_WORDS = {
    "conclusion", "conclusions", "summary", "in summary", "introduction", "overview",
    "references", "resources", "faq", "faqs", "frequently asked questions", "final thoughts",
}
_NUMBERED_HEADING = re.compile(r"^(step|part|phase|stage|chapter|section)\s+\w+\s*[:.\-\u2013]", re.I)


@dataclass(frozen=True)
class Passage:
    """One answerable unit of a guide: a paragraph (a list stays with its lead-in)."""

    id: str
    section: str
    text: str
    guide: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Block:
    kind: str  # "heading" or "body"
    text: str
    level: int = 0


def slugify(text: str, limit: int = 60) -> str:
    """ASCII slug: lower case words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "section"


def read_guide_text(path: str | Path) -> str:
    """Read a guide file as text, or raise CorpusError naming the file and the fix."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"guide {str(path)!r} does not exist; check the path or pass --corpus PATH")
    if path.is_dir():
        raise CorpusError(f"guide {str(path)!r} is a folder; pass a Markdown (.md) or plain-text guide file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"guide {str(path)!r} cannot be read ({exc.strerror}); check its permissions") from exc
    if len(data) > MAX_GUIDE_BYTES:
        raise CorpusError(f"guide {str(path)!r} is {len(data):,} bytes, over the {MAX_GUIDE_BYTES:,} limit; split it")
    return _decode(data, path)


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data:
        raise CorpusError(f"guide {str(path)!r} is a binary file; save the guide as UTF-8 text or Markdown")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > 3:
            raise CorpusError(f"guide {str(path)!r} is not UTF-8 text; save it as UTF-8 and try again") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 1000):
        raise CorpusError(f"guide {str(path)!r} looks binary ({controls} control characters); save it as text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_passages(path: str | Path) -> list[Passage]:
    """Read a guide file and split it into passages."""
    text = read_guide_text(path)
    if Path(path).suffix.lower() == ".jsonl":
        return parse_jsonl(text, Path(path))
    markdown = Path(path).suffix.lower() in {".md", ".markdown"} or _looks_like_markdown(text)
    passages = parse_guide(text, markdown=markdown, guide=Path(path).name)
    if not passages:
        raise CorpusError(
            f"guide {str(path)!r} has no paragraphs (it is empty or holds only headings); "
            "add the guide's text under its headings"
        )
    return passages


def parse_jsonl(text: str, path: Path) -> list[Passage]:
    """Passages exported as JSON lines: {"text", "id"?, "section" or "title"?} one a line."""
    import json

    passages, seen = [], set()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise CorpusError(f"guide {str(path)!r} line {number} is not JSON ({exc}); "
                              "write one object a line") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            raise CorpusError(f"guide {str(path)!r} line {number} has no \"text\"; give each line a non-empty text")
        pid = str(row.get("id") or f"{slugify(path.stem)}-{number}")
        if pid in seen:
            raise CorpusError(f"guide {str(path)!r} line {number} repeats id {pid!r}; give every passage its own id")
        seen.add(pid)
        section = str(row.get("section") or row.get("title") or path.stem)
        passages.append(Passage(pid, section, row["text"].strip(), path.name))
    if not passages:
        raise CorpusError(f"guide {str(path)!r} has no paragraphs (it is empty); add one JSON object a line")
    return passages


def _looks_like_markdown(text: str) -> bool:
    return sum(1 for line in text.splitlines() if _MD_HEADING.match(line)) >= 1


def parse_guide(text: str, markdown: bool, guide: str = "") -> list[Passage]:
    """Split guide text into passages; headings become each passage's section path."""
    blocks = _markdown_levels(_markdown_blocks(text)) if markdown else _plain_blocks(text)
    blocks = _merge_lists(blocks)
    return _to_passages(blocks, guide)


# --- Markdown ---------------------------------------------------------------

def _markdown_blocks(text: str) -> list[_Block]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    blocks: list[_Block] = []
    paragraph: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        heading = _MD_HEADING.match(line)
        setext = i + 1 < len(lines) and paragraph == [] and line.strip() \
            and re.fullmatch(r"\s*(=+|-{3,})\s*", lines[i + 1]) and not _LIST_ITEM.match(line)
        if heading or setext or not line.strip() or re.fullmatch(r"\s*(=+|-{3,}|\*{3,}|_{3,})\s*", line):
            _flush(blocks, paragraph)
            if heading:
                blocks.append(_Block("heading", _inline(heading.group(2)), len(heading.group(1))))
            elif setext:
                blocks.append(_Block("heading", _inline(line.strip()), 1 if "=" in lines[i + 1] else 2))
            continue
        paragraph.append(line)
    _flush(blocks, paragraph)
    return blocks


def _inline(text: str) -> str:
    """Strip Markdown inline markup: images, links, emphasis, code ticks, html tags."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    return text.strip()


def _flush(blocks: list[_Block], lines: list[str]) -> None:
    """Turn the collected lines of one paragraph into a body block (navigation dropped)."""
    kept = [line.strip() for line in lines if line.strip() and not _NAVIGATION.search(line.strip())]
    lines.clear()
    if not kept:
        return
    if any(_LIST_ITEM.match(line) for line in kept):
        body = "\n".join("- " + _inline(_LIST_ITEM.sub("", line, count=1)) if _LIST_ITEM.match(line)
                         else _inline(line) for line in kept)
    else:
        body = " ".join(_inline(line) for line in kept)
    if body.strip():
        blocks.append(_Block("body", body.strip()))


def _markdown_levels(blocks: list[_Block]) -> list[_Block]:
    """A lone first H1 is the document title (level 0), not part of every section path."""
    headings = [b for b in blocks if b.kind == "heading"]
    top = [b for b in headings if b.level == 1]
    if len(top) == 1 and headings[0] is top[0]:
        top[0].level = 0
    return blocks


# --- Plain text as pasted from a web page ----------------------------------

def _is_heading_line(line: str) -> bool:
    line = line.strip()
    words = line.split()
    return (
        0 < len(line) <= 90 and len(words) <= 14
        and not re.search(r"[.,;:!\u2026]$", line)
        and not _LIST_ITEM.match(line)
        and bool(re.search(r"[^\W\d_]", line))
        and (line[0].isupper() or line[0].isdigit())
    )


def _is_link_line(line: str) -> bool:
    """A short line of a page's link list: a few words, no punctuation, no digits."""
    return len(line.split()) <= 4 and not re.search(r"[.,;:!?()\d]", line)


def _plain_blocks(text: str) -> list[_Block]:
    """Blocks from blank-line separated text; short unpunctuated lines are headings."""
    blocks: list[_Block] = []
    paragraphs = [[ln.strip() for ln in raw.split("\n") if ln.strip() and not _NAVIGATION.search(ln)]
                  for raw in re.split(r"\n\s*\n", text)]
    while paragraphs and all(map(_is_link_line, paragraphs[-1])):
        paragraphs.pop()  # the page's links at the end ("Contact us", "Privacy policy"): furniture
    for lines in paragraphs:
        if not lines:
            continue
        if len(lines) > 1 and max(len(ln) for ln in lines) > 100:
            groups = [[ln] for ln in lines]  # one paragraph per line, as web pages paste
        elif (len(lines) > 1 and _is_heading_line(lines[0]) and len(lines[0]) < 0.6 * max(map(len, lines[1:]))
              and re.search(r"[.!?:]$", lines[-1])):  # a heading over its prose, not an address's first line
            groups = [[lines[0]], lines[1:]]
        else:
            groups = [lines]
        for group in groups:
            if len(group) == 1 and _is_heading_line(group[0]) and not _LIST_ITEM.match(group[0]):
                blocks.append(_Block("heading", group[0]))
            else:
                _flush(blocks, group)
    while blocks and blocks[-1].kind == "heading":
        blocks.pop()  # trailing headings have no text: page furniture
    return _plain_levels(blocks)


def _plain_levels(blocks: list[_Block]) -> list[_Block]:
    """Guess heading levels: leading headings are the title; numbered styles are siblings;
    a heading right after a heading, or after a lead-in ending in ':', goes one level down."""
    styles: dict[str, int] = {}
    level, previous = 0, None
    for block in blocks:
        if block.kind == "heading":
            style = _NUMBERED_HEADING.match(block.text)
            key = style.group(1).lower() if style else None
            if previous is None or (previous.kind == "heading" and previous.level == 0):
                new = 0  # title lines before the first paragraph
            elif block.text.lower().strip("?") in _TOP_LEVEL_WORDS:
                new = 1
            elif key in styles:
                new = styles[key]
            elif previous.kind == "heading" or previous.text.endswith(":"):
                new = level + 1
            else:
                new = level
            block.level = level = max(new, 1) if previous is not None and not (
                previous.kind == "heading" and previous.level == 0) else new
            if key and key not in styles:
                styles[key] = block.level
        previous = block
    return blocks


# --- Shared -----------------------------------------------------------------

def _merge_lists(blocks: list[_Block]) -> list[_Block]:
    """A list stays with its lead-in paragraph (and loose list items stay together)."""
    merged: list[_Block] = []
    for block in blocks:
        is_list = block.kind == "body" and all(ln.startswith("- ") for ln in block.text.split("\n"))
        if is_list and merged and merged[-1].kind == "body":
            merged[-1].text += "\n" + block.text
        else:
            merged.append(block)
    return merged


def _to_passages(blocks: list[_Block], guide: str) -> list[Passage]:
    stack: list[_Block] = []
    title = ""
    counts: dict[str, int] = {}
    passages: list[Passage] = []
    for block in blocks:
        if block.kind == "heading":
            if block.level == 0:
                title, stack = block.text, []
                continue
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
            continue
        section = SECTION_SEPARATOR.join(b.text for b in stack) or title or "Introduction"
        slug = slugify(section)
        counts[slug] = counts.get(slug, 0) + 1
        passages.append(Passage(f"{slug}-{counts[slug]}", section, block.text, guide))
    return passages
