"""The guide-vector cache: a guide loaded again reads its vectors back; a changed guide, a damaged
or unwritable cache, or the cache turned off only cost the encoding."""
from __future__ import annotations

import os

import numpy as np

from faqbot.language import vector_cache
from faqbot.language.encoder import shared_encoder
from faqbot.language.vector_cache import cache_folder, cached_vectors, entry_name


class CountingEncoder:
    """Stands in for the encoder: one distinct unit vector a text, and a count of texts encoded."""

    dimensions = 4

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts: list[str], by_length: bool = False) -> np.ndarray:
        self.encoded += len(texts)
        rows = np.array([[len(t), t.count("a"), t.count("e"), 1.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


TEXTS = ["What is ketamine?", "How long does an infusion take?", "Eat nothing for six hours before."]


def test_a_guide_loaded_again_is_not_encoded_again(tmp_path):
    encoder = CountingEncoder()
    first = cached_vectors(encoder, TEXTS, tmp_path)
    again = cached_vectors(encoder, TEXTS, tmp_path)
    assert encoder.encoded == len(TEXTS)  # the second load read the file
    assert first.dtype == np.float16 and first.shape == (3, 4)
    np.testing.assert_array_equal(first, again)
    assert [p.name for p in tmp_path.iterdir()] == [entry_name(TEXTS)]


def test_a_changed_text_is_a_new_entry(tmp_path):
    encoder = CountingEncoder()
    cached_vectors(encoder, TEXTS, tmp_path)
    changed = TEXTS[:2] + ["Eat nothing for eight hours before."]
    vectors = cached_vectors(encoder, changed, tmp_path)
    assert encoder.encoded == 2 * len(TEXTS)
    assert entry_name(changed) != entry_name(TEXTS) and len(list(tmp_path.iterdir())) == 2
    np.testing.assert_array_equal(vectors, CountingEncoder().encode(changed).astype(np.float16))


def test_a_damaged_entry_is_encoded_and_written_again(tmp_path):
    encoder = CountingEncoder()
    (tmp_path / entry_name(TEXTS)).write_bytes(b"not a numpy file")
    vectors = cached_vectors(encoder, TEXTS, tmp_path)
    assert encoder.encoded == len(TEXTS)
    np.testing.assert_array_equal(np.load(tmp_path / entry_name(TEXTS)), vectors)


def test_an_unwritable_folder_only_costs_the_encoding(tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    encoder = CountingEncoder()
    vectors = cached_vectors(encoder, TEXTS, blocked / "cache")
    assert vectors.shape == (3, 4) and encoder.encoded == len(TEXTS)
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"
    monkeypatch.setenv("FAQBOT_CACHE_DIR", "off")
    assert cache_folder() is None
    monkeypatch.delenv("FAQBOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "faqbot"


def test_turned_off_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.setenv("FAQBOT_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    encoder = CountingEncoder()
    cached_vectors(encoder, TEXTS)
    cached_vectors(encoder, TEXTS)
    assert encoder.encoded == 2 * len(TEXTS) and not list(tmp_path.iterdir())


def test_the_entry_name_names_the_model_and_encoding(monkeypatch):
    before = entry_name(TEXTS)
    monkeypatch.setattr(vector_cache, "ENCODING_VERSION", "another-pooling")
    assert entry_name(TEXTS) != before


def test_batching_by_length_gives_the_same_vectors():
    encoder = shared_encoder()
    texts = ["Short.", "A much longer sentence about the infusion and what happens on the day, step by step, "
             "from arriving at the clinic to going home with someone who drives.", "Medium length question here?"]
    np.testing.assert_allclose(encoder.encode(texts, by_length=True), encoder.encode(texts), atol=1e-5)


def test_only_the_entries_used_last_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(vector_cache, "KEEP_ENTRIES", 2)
    encoder = CountingEncoder()
    guides = [[f"guide {i}, passage {j}" for j in range(3)] for i in range(4)]
    for i, guide in enumerate(guides):
        cached_vectors(encoder, guide, tmp_path)
        if i == 1:
            os.utime(tmp_path / entry_name(guides[0]), (1, 1))  # guide 0 was used long ago
        if i == 2:
            cached_vectors(encoder, guides[1], tmp_path)  # read again: used now
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(entry_name(g) for g in (guides[1], guides[3]))
