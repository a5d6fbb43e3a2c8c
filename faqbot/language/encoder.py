"""The sentence encoder: all-MiniLM-L6-v2 run by a numpy forward pass (no torch).

A model is a folder in the sentence-transformers layout (``config.json``, ``tokenizer.json``,
``model.safetensors``), loaded by ``load_encoder``. ``Encoder.encode`` takes a list of texts and
returns unit vectors (384 numbers), the mean of the last layer's token states as
sentence-transformers computes them. The model is sentence-transformers' all-MiniLM-L6-v2
(Apache-2.0), fine-tuned from Microsoft's MiniLM-L6-H384; ``model_files`` installs and verifies it.
"""
from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .model_files import INSTALL_HINT, model_dir, problems

MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length: longer texts are cut, as sentence-transformers does
BATCH = 32  # texts encoded at once (padding to the longest text of a batch)
SINGLE_CACHE = 64  # single texts whose vectors are kept

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BertConfig:
    """The numbers of a BERT encoder that the forward pass needs (from config.json)."""

    layers: int
    heads: int
    hidden: int
    eps: float

    @classmethod
    def from_file(cls, path: Path) -> "BertConfig":
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("model_type") != "bert" or raw.get("hidden_act") != "gelu":
            raise ValueError(f"{path}: not a BERT model with gelu activations (model_type {raw.get('model_type')!r})")
        return cls(int(raw["num_hidden_layers"]), int(raw["num_attention_heads"]), int(raw["hidden_size"]),
                   float(raw.get("layer_norm_eps", 1e-12)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


_ERFC_COEFFICIENTS = (-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
                      -1.13520398, 1.48851587, -0.82215223, 0.17087277)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf by the Chebyshev fit of Numerical Recipes' erfcc (relative error under 1.2e-7: float32's own)."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = np.zeros_like(z)
    for coefficient in reversed(_ERFC_COEFFICIENTS[1:]):
        poly = t * (coefficient + poly)
    erfc = t * np.exp(-z * z + _ERFC_COEFFICIENTS[0] + poly)
    return np.sign(x) * (1.0 - erfc)


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact gelu, x * Phi(x) (not the tanh approximation)."""
    return 0.5 * x * (1.0 + _erf(x * np.float32(1 / math.sqrt(2.0))))


class Encoder:
    """Texts -> unit vectors with a BERT model and mean pooling."""

    def __init__(self, tokenizer, weights: dict[str, np.ndarray], config: BertConfig) -> None:
        self.tokenizer = tokenizer
        self.config = config
        self.dimensions = config.hidden
        # One message is read by triage and by retrieval: encoded once (a bounded cache of single texts).
        self._single = lru_cache(maxsize=SINGLE_CACHE)(lambda text: self._encode_batch([text]))
        self._w = {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in weights.items()
                   if value.dtype.kind == "f"}
        for i in range(config.layers):  # one matrix for query, key and value: one product instead of three
            p = f"encoder.layer.{i}.attention.self."
            self._w[p + "qkv.weight"] = np.concatenate([self._w[p + n + ".weight"] for n in ("query", "key", "value")])
            self._w[p + "qkv.bias"] = np.concatenate([self._w[p + n + ".bias"] for n in ("query", "key", "value")])
            for n in ("query", "key", "value"):
                del self._w[p + n + ".weight"], self._w[p + n + ".bias"]
            for name in list(self._w):  # Linear weights are (out, in): keep them transposed once
                if name.startswith(f"encoder.layer.{i}.") and name.endswith(".weight") and self._w[name].ndim == 2:
                    self._w[name] = np.ascontiguousarray(self._w[name].T)

    def encode(self, texts: list[str], by_length: bool = False) -> np.ndarray:
        """One unit vector (float32) a text, the mean of its token states (the sentence vector);
        an empty list gives an empty (0, dimensions) array. ``by_length`` batches texts of like
        length together (a guide's long passages and short sentences: far less padding); the
        vectors are the same but for the last bits of rounding, so the training scripts keep the
        given order."""
        if not by_length or len(texts) < 2:
            return self.encode_pooled(texts)[0]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.empty((len(texts), self.dimensions), dtype=np.float32)
        vectors[order] = self.encode_pooled([texts[i] for i in order])[0]
        return vectors

    def encode_pooled(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """From one forward pass, the mean (``encode``'s vector) and the maximum of each text's token
        states, each scaled to unit length: the maximum keeps a strong word that the mean of a long
        message dilutes ("...also my son just swallowed pills")."""
        if len(texts) == 1:
            mean, peak = self._single(texts[0])
            return mean.copy(), peak.copy()
        mean = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        peak = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), BATCH):  # in order: the shipped models were trained on these vectors
            mean[start:start + BATCH], peak[start:start + BATCH] = self._encode_batch(texts[start:start + BATCH])
        return mean, peak

    def _encode_batch(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        clean = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]  # a lone surrogate is no text
        encodings = self.tokenizer.encode_batch(clean)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        states = self._forward(ids, mask)
        mean = (states * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        peak = np.where(mask[:, :, None] > 0, states, np.float32(-1e9)).max(axis=1)
        return _unit(mean), _unit(peak)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, c = self._w, self.config
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], c.eps)
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]  # padding is never attended to
        for i in range(c.layers):
            x = self._layer(x, blocked, f"encoder.layer.{i}.")
        return x

    def _layer(self, x: np.ndarray, blocked: np.ndarray, p: str) -> np.ndarray:
        w, c = self._w, self.config
        batch, length, hidden = x.shape
        size = hidden // c.heads
        qkv = x @ w[p + "attention.self.qkv.weight"] + w[p + "attention.self.qkv.bias"]
        qkv = qkv.reshape(batch, length, 3, c.heads, size).transpose(2, 0, 3, 1, 4)
        scores = qkv[0] @ qkv[1].transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        context = (scores / scores.sum(axis=-1, keepdims=True)) @ qkv[2]
        context = context.transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        attended = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
        x = _layer_norm(x + attended, w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"], c.eps)
        inner = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
        out = inner @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
        return _layer_norm(x + out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], c.eps)


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def load_encoder(folder: str | Path) -> Encoder:
    """The encoder in a sentence-transformers model folder (config.json, tokenizer.json, model.safetensors)."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = Path(folder)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of each batch
    return Encoder(tokenizer, load_file(str(folder / "model.safetensors")), BertConfig.from_file(folder / "config.json"))


@lru_cache(maxsize=1)
def shared_encoder() -> Encoder | None:
    """The installed encoder, loaded once a process; None (and a warning) when its files are missing or wrong."""
    folder = model_dir()
    wrong = problems(folder)
    if wrong:
        log.warning("the sentence encoder is unavailable (%s); %s", "; ".join(wrong), INSTALL_HINT)
        return None
    return load_encoder(folder)
