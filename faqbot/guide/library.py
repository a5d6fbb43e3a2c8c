"""A library: one or more guides (files or folders) read as one corpus, and its index file.

An index file (``faqbot index GUIDE... -o FILE``) holds the passages, the BM25
postings, the spelling vocabulary and the passages' encoder vectors, so a large library
starts without re-reading, re-analyzing or re-encoding its guides. It is a numpy ``.npz`` archive of plain number arrays
and UTF-8 JSON, read with ``allow_pickle=False``: no code runs from the file. It
records each guide's SHA-256 and the analyzer's fingerprint, and ``load_index``
refuses it, with the command that rebuilds it, once a guide or the analyzer changed.
"""
from __future__ import annotations

import json
import os
import shlex
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .corpus import Passage, load_passages
from .taught import TAUGHT_NAME
from ..errors import CorpusError
from ..retrieval.dense import GuideVectors
from ..retrieval.index import BM25Index

FORMAT = "faqbot-index/1"
GUIDE_SUFFIXES = (".md", ".markdown", ".txt", ".jsonl")
LAY_TERMS_NAME = "lay-terms.txt"
Paths = Sequence["str | Path"]


def corpus_paths(corpus: "str | Path | Paths | None", default: Path) -> list[Path]:
    """A --corpus value as a list of paths: one path, several joined by os.pathsep, or a list."""
    if corpus is None or corpus == "" or corpus == []:
        return [default]
    if isinstance(corpus, (str, Path)):
        return [Path(p) for p in str(corpus).split(os.pathsep) if p]
    return [Path(p) for p in corpus]


def is_question_set(path: Path) -> bool:
    """A .jsonl file of questions (faqbot eval's cases: rows with "question" and no "text"), not a guide."""
    if path.suffix.lower() != ".jsonl":
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        row = json.loads(first) if first else None
    except (OSError, UnicodeDecodeError, ValueError):
        return False  # load_passages names what is wrong with it
    return isinstance(row, dict) and "question" in row and "text" not in row


def guide_files(paths: Paths) -> list[tuple[Path, str]]:
    """(file, guide name) of every guide: a file as given, or each guide file in a folder (sorted)."""
    found: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append((path, path.name))  # load_passages names a missing or unreadable file
            continue
        inside = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in GUIDE_SUFFIXES
                        and f.name not in (LAY_TERMS_NAME, TAUGHT_NAME) and not is_question_set(f)
                        and not any(p.startswith(".") for p in f.relative_to(path).parts))
        if not inside:
            raise CorpusError(f"folder {str(path)!r} holds no guide (.md, .markdown, .txt or .jsonl file); "
                              "add guide files to it or pass a guide file")
        found += [(f, f.relative_to(path).as_posix()) for f in inside]
    names = [name for _, name in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise CorpusError(f"two guides are both named {twice[0]!r}; rename one or put them in one folder")
    return found


def load_corpus(paths: Paths) -> list[Passage]:
    """Passages of one or more guides, in order; each passage's ``guide`` names its file."""
    passages: list[Passage] = []
    for path, name in guide_files(paths):
        passages += [p if p.guide == name else replace(p, guide=name) for p in load_passages(path)]
    return passages


def lay_terms_path(paths: Paths) -> Path:
    """Where LayTerms.load looks beside the guides: next to the first guide (inside it if a folder)."""
    first = Path(paths[0])
    return first / LAY_TERMS_NAME if first.is_dir() else first


# --- index files --------------------------------------------------------------------------

@dataclass
class Library:
    """What an index file holds, ready for FAQBot."""

    passages: list[Passage]
    index: BM25Index
    vocabulary: Counter
    lay_terms_path: Path
    vectors: GuideVectors | None = None  # None in a file built without the encoder


def analyzer_fingerprint() -> str:
    """Changes whenever the analyzer (faqbot/text.py), what is indexed of a passage, or what is
    encoded of it (faqbot/retrieval/dense.py) changes."""
    import hashlib
    import inspect

    from ..language import text
    from ..retrieval import dense
    from ..retrieval.ranking import passage_terms

    digest = hashlib.sha256(Path(text.__file__).read_bytes())
    digest.update(Path(dense.__file__).read_bytes())
    digest.update(inspect.getsource(passage_terms).encode())
    return digest.hexdigest()[:16]


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _json_array(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _from_json_array(array: np.ndarray) -> object:
    return json.loads(array.tobytes().decode("utf-8"))


def save_index(passages: list[Passage], index: BM25Index, vocabulary: Counter, guides: Paths,
               out: str | Path, vectors: GuideVectors | None = None) -> None:
    """Write an index file for passages read from guides (atomically: a temp file, then rename)."""
    files = guide_files(guides)
    meta = {"format": FORMAT, "analyzer": analyzer_fingerprint(), "passages": len(passages),
            "guides": [{"path": str(f.resolve()), "name": name, "sha256": _sha256(f)} for f, name in files],
            "lay_terms": str(lay_terms_path(guides).resolve()), "given": [str(Path(g).resolve()) for g in guides]}
    arrays = {**index.to_arrays(), "meta": _json_array(meta), "terms": _json_array(index.terms),
              "passages": _json_array([[p.id, p.section, p.text, p.guide] for p in passages]),
              "vocabulary": _json_array(dict(vocabulary)), **(vectors.to_arrays() if vectors is not None else {})}
    out = Path(out)
    temp = out.with_name(out.name + ".tmp")
    try:
        with open(temp, "wb") as file:
            np.savez(file, **arrays)
        os.replace(temp, out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CorpusError(f"cannot write index file {str(out)!r} ({exc.strerror}); "
                          "pick a writable path with -o") from exc


def load_index(path: str | Path, guides: Paths | None = None) -> Library:
    """Read an index file; refuse one that is not faqbot's, is stale, or was built from other guides."""
    import zipfile  # imported here: only loading an index file needs it

    path = Path(path)
    rebuild = f"rebuild it with: faqbot index GUIDE... -o {path}"
    if not path.is_file():
        raise CorpusError(f"index file {str(path)!r} does not exist; build it with: faqbot index GUIDE... -o {path}")
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = _from_json_array(data["meta"])
            if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                raise CorpusError(f"index file {str(path)!r} is not a {FORMAT} file; {rebuild}")
            if meta.get("given"):  # name the very command that rebuilds it
                rebuild = f"rebuild it with: faqbot index {' '.join(map(shlex.quote, meta['given']))} -o {path}"
            _check_fresh(path, meta, guides, rebuild)
            terms = _from_json_array(data["terms"])
            index = BM25Index.from_arrays(terms, {k: data[k] for k in ("offsets", "docs", "weights", "idf",
                                                                        "shape", "params")})
            passages = [Passage(*row) for row in _from_json_array(data["passages"])]
            vocabulary = Counter(_from_json_array(data["vocabulary"]))
            vectors = GuideVectors.from_arrays({k: data[k] for k in data.files if k.startswith("dense_")})
    except CorpusError:
        raise
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise CorpusError(f"index file {str(path)!r} is not a faqbot index or is damaged ({exc}); {rebuild}") from None
    if len(passages) != index.n_docs or len(passages) != meta.get("passages"):
        raise CorpusError(f"index file {str(path)!r} is damaged (passage count differs); {rebuild}")
    if vectors is not None and len(vectors.passages) != len(passages):
        raise CorpusError(f"index file {str(path)!r} is damaged (vector count differs); {rebuild}")
    return Library(passages, index, vocabulary, Path(meta["lay_terms"]), vectors)


def _check_fresh(path: Path, meta: dict, guides: Paths | None, rebuild: str) -> None:
    """Stale (a guide or the analyzer changed since) or mismatched (other guides asked for): refuse."""
    if meta.get("analyzer") != analyzer_fingerprint():
        raise CorpusError(f"index file {str(path)!r} was built by another version of the analyzer; {rebuild}")
    recorded = [Path(g["path"]) for g in meta["guides"]]
    if guides is not None:
        wanted = [f.resolve() for f, _ in guide_files(guides)]
        if wanted != recorded:
            raise CorpusError(f"index file {str(path)!r} was built from {_names(recorded)}, not {_names(wanted)}; "
                              f"pass the same guides or {rebuild}")
    for guide in meta["guides"]:
        file = Path(guide["path"])
        if not file.is_file():
            raise CorpusError(f"index file {str(path)!r} is stale: its guide {str(file)!r} is gone; {rebuild}")
        if _sha256(file) != guide["sha256"]:
            raise CorpusError(f"index file {str(path)!r} is stale: guide {str(file)!r} changed since it was "
                              f"built; {rebuild}")


def _names(paths: Iterable[Path]) -> str:
    shown = [str(p) for p in paths]
    return ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
