"""A disk cache of the encoder's vectors for a guide's texts, so a guide loaded again is not encoded again.

Encoding a guide's passages, headings and sentences is most of a start (seconds on two cores); a
process that answers one question (``faqbot ask``) or a server restarted on the same guide reads
the vectors back in milliseconds instead. An entry is named by the SHA-256 of the model file's
pinned hash, the encoding's version and every text, so a changed guide or model never reads stale
vectors. The folder is ``FAQBOT_CACHE_DIR`` (``off`` turns the cache off), else
``$XDG_CACHE_HOME/faqbot``, else ``~/.cache/faqbot``; it keeps the ``KEEP_ENTRIES`` entries used
last (a guide edited every week leaves no trail). A folder that cannot be read or written only
costs the encoding: it is never an error. Entries for the shipped guide and its taught questions
ship with faqbot (``corpus/vectors/``, read only), so even the first start after an install
encodes nothing of them.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from .model_files import FILE_SHA256

log = logging.getLogger(__name__)

CACHE_ENV = "FAQBOT_CACHE_DIR"
ENCODING_VERSION = "mean-pooled-unit-float16-v1"  # change when the vectors a text gets change
KEEP_ENTRIES = 8  # guides whose vectors are kept (16k MedQuAD passages: about 150 MB an entry)


def cache_folder() -> Path | None:
    """Where vectors are kept: ``FAQBOT_CACHE_DIR``, the XDG cache folder or ~/.cache; None when off."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "faqbot"


def entry_name(texts: list[str]) -> str:
    """The file name of the vectors of exactly these texts under the shipped model and encoding."""
    digest = hashlib.sha256(f"{FILE_SHA256['model.safetensors']}\0{ENCODING_VERSION}".encode())
    for text in texts:
        digest.update(b"\0" + text.encode("utf-8", "replace"))
    return f"vectors-{digest.hexdigest()}.npy"


def shipped_vectors_folder() -> Path:
    """The read-only entries that ship with faqbot, beside the shipped guide."""
    from ..settings import DEFAULT_CORPUS

    return DEFAULT_CORPUS.parent / "vectors"


def cached_vectors(encoder, texts: list[str], folder: Path | None = None) -> np.ndarray:
    """Float16 unit vectors of ``texts`` (``encoder.encode`` batched by length), from the shipped
    entries or the cache when there."""
    folder = cache_folder() if folder is None else folder
    name, expected = entry_name(texts), (len(texts), encoder.dimensions)
    shipped = _load(shipped_vectors_folder() / name, expected)
    if shipped is not None:
        return shipped
    path = folder / name if folder is not None else None
    found = _load(path, expected) if path is not None else None  # absent or damaged: encoded again below
    if found is not None:
        try:
            os.utime(path)  # used now: the last to be pruned
        except OSError:
            pass
        return found
    vectors = encoder.encode(texts, by_length=True).astype(np.float16)
    if path is not None:
        _store(path, vectors)
    return vectors


def _load(path: Path, expected: tuple[int, int]) -> np.ndarray | None:
    try:
        found = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return found if found.shape == expected and found.dtype == np.float16 else None


def _store(path: Path, vectors: np.ndarray) -> None:
    """Write atomically (a file named by its content, renamed into place); a failure is only logged."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            np.save(handle, vectors, allow_pickle=False)
        os.replace(temporary, path)
        _prune(path.parent, KEEP_ENTRIES)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        log.info("guide vectors not cached in %s (%s); set %s to a writable folder or to off",
                 path.parent, error, CACHE_ENV)


def _prune(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` entries used last."""
    entries = sorted(folder.glob("vectors-*.npy"), key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
    for stale in entries[keep:]:
        stale.unlink(missing_ok=True)
