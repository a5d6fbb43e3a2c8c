"""The crisis classifier's memory of its training messages: neighbour features, never a writer's own."""
from __future__ import annotations

import io

import numpy as np

from faqbot.safety.classifier import shipped_model
from faqbot.safety.memory import NEIGHBOURS, ExampleMemory, nearest, out_of_group_features


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_nearest_gives_the_largest_similarity_and_the_mean_of_the_largest_few():
    similarities = np.array([[0.1 * i for i in range(NEIGHBOURS + 5)]])
    top = np.array([0.1 * i for i in range(5, NEIGHBOURS + 5)])
    assert np.allclose(nearest(similarities), [[top.max(), top.mean()]])


def test_a_writers_own_messages_are_never_its_neighbours():
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(60, 8)))
    urgent = np.arange(60) % 2 == 0
    groups = np.array(["a"] * 20 + ["b"] * 20 + ["c"] * 20)
    features = out_of_group_features(vectors, urgent, groups)
    others = groups != "a"
    similarities = vectors[:20] @ vectors[others].T
    expected = np.hstack([nearest(similarities[:, urgent[others]]), nearest(similarities[:, ~urgent[others]])])
    assert np.allclose(features[None][:20], expected, atol=1e-6)
    assert features[None][:20, 0].max() < 0.999  # its own copy (cosine 1) is not among them
    only_c = groups == "c"  # with "b" left out as well, "a" sees only "c"
    expected = nearest((vectors[:20] @ vectors[only_c].T)[:, urgent[only_c]])
    assert np.allclose(features["b"][:20, :2], expected, atol=1e-6)


def test_the_memory_is_plain_data_that_round_trips():
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(200, 384)))
    memory = ExampleMemory.fit(vectors, np.arange(200) % 3 == 0, dimensions=16)
    buffer = io.BytesIO()
    memory.save(buffer)
    buffer.seek(0)
    again = ExampleMemory.load(buffer)
    assert again.vectors.shape == (200, 16) and again.urgent.sum() == 67
    assert np.allclose(again.features(vectors[:5]), memory.features(vectors[:5]), atol=2e-3)
    assert np.allclose(memory.features(vectors[:1])[0, 0], 1.0, atol=1e-5)  # an urgent example is its own nearest


def test_the_shipped_memory_holds_every_training_message():
    model = shipped_model()
    assert model.memory is not None
    assert len(model.memory.vectors) == model.about["examples"]
    assert int(model.memory.urgent.sum()) == model.about["urgent"]
    assert len(model.coef) == 384 * 2 + 3 + 4
