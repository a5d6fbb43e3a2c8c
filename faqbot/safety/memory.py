"""The crisis classifier's memory of its training messages: how close a new message is to known crises
and to known ordinary messages.

A linear model draws one boundary through the encoder's space; crises said in a way of their own
("the cuts are deeper this time") sit in small pockets it can miss. The memory keeps every training
message's mean vector, reduced by principal components to ``DIMENSIONS`` numbers (so a look costs
well under a millisecond), and gives four features a message: its nearest urgent and nearest
ordinary example's cosine, and the mean cosine of its ``NEIGHBOURS`` nearest of each. Plain data
(``data/crisis-memory.npz``), rebuilt from ``training/safety/`` by ``faqbot.safety.training``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DIMENSIONS = 96
NEIGHBOURS = 10
MEMORY_FILE = "crisis-memory.npz"
FEATURE_NAMES = ("nearest_urgent", "neighbours_urgent", "nearest_ordinary", "neighbours_ordinary")


@dataclass
class ExampleMemory:
    """Training messages' reduced vectors and labels, and the reduction (centre and components)."""

    centre: np.ndarray  # (384,) mean of the training vectors
    components: np.ndarray  # (384, DIMENSIONS) principal directions
    vectors: np.ndarray  # (examples, DIMENSIONS) unit rows
    urgent: np.ndarray  # (examples,) bool
    _split: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def fit(cls, mean_vectors: np.ndarray, urgent: np.ndarray, dimensions: int = DIMENSIONS) -> "ExampleMemory":
        """Principal components of the training vectors (each signed so its largest loading is positive)."""
        centre = mean_vectors.astype(np.float64).mean(axis=0)
        _, _, rows = np.linalg.svd(mean_vectors.astype(np.float64) - centre, full_matrices=False)
        components = rows[:dimensions].T
        components *= np.sign(components[np.abs(components).argmax(axis=0), range(dimensions)])
        memory = cls(centre.astype(np.float32), components.astype(np.float32), np.zeros((0, dimensions)), urgent)
        memory.vectors = memory.reduce(mean_vectors)
        return memory

    def reduce(self, mean_vectors: np.ndarray) -> np.ndarray:
        """Unit vectors in the memory's reduced space."""
        reduced = (np.asarray(mean_vectors, dtype=np.float32) - self.centre) @ self.components
        return reduced / np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-9)

    def features(self, mean_vectors: np.ndarray) -> np.ndarray:
        """Four neighbour features a message (``FEATURE_NAMES``), against every remembered example."""
        if self._split is None:
            self._split = (np.ascontiguousarray(self.vectors[self.urgent]),
                           np.ascontiguousarray(self.vectors[~self.urgent]))
        queries = self.reduce(mean_vectors)
        return np.hstack([nearest(queries @ group.T) for group in self._split]).astype(np.float32)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, centre=self.centre, components=self.components,
                            vectors=self.vectors.astype(np.float16), urgent=self.urgent)

    @classmethod
    def load(cls, source) -> "ExampleMemory":
        with np.load(source) as data:
            return cls(data["centre"], data["components"], data["vectors"].astype(np.float32),
                       data["urgent"].astype(bool))


def nearest(similarities: np.ndarray, neighbours: int = NEIGHBOURS) -> np.ndarray:
    """Per row: the largest similarity and the mean of the ``neighbours`` largest."""
    k = min(neighbours, similarities.shape[1])
    top = -np.partition(-similarities, k - 1, axis=1)[:, :k]
    return np.stack([top.max(axis=1), top.mean(axis=1)], axis=1)


def out_of_group_features(vectors: np.ndarray, urgent: np.ndarray, groups: np.ndarray) -> dict:
    """Each row's neighbour features against the rows of other groups (writers), never its own:
    what the memory would say of a message by a writer it never saw. Keyed by a group also left out
    (for leave-one-writer-out training), and by None for no other group left out."""
    names = sorted(set(groups.tolist()))
    tops = {}  # (column group, label) -> every row's top similarities within that group's examples
    for name in names:
        columns = groups == name
        block = vectors @ vectors[columns].T
        for label in (True, False):
            part = block[:, urgent[columns] == label]
            k = min(NEIGHBOURS, part.shape[1])
            tops[name, label] = -np.partition(-part, k - 1, axis=1)[:, :k] if k else np.zeros((len(vectors), 0))
    return {left_out: _merged(tops, groups, names, left_out) for left_out in [None, *names]}


def _merged(tops: dict, groups: np.ndarray, names: list[str], left_out: str | None) -> np.ndarray:
    out = np.zeros((len(groups), 4), dtype=np.float32)
    for name in names:
        rows = groups == name
        for i, label in enumerate((True, False)):
            pool = np.hstack([tops[other, label][rows] for other in names if other not in (name, left_out)])
            out[rows, 2 * i:2 * i + 2] = nearest(pool)
    return out
