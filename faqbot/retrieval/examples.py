"""What a guide's example questions say about a new message: a nearest-neighbour vote in meaning.

A guide may come with example questions (staff taught them, see ``guide/taught.py``): each names
the passage that answers it, or none when the guide does not answer it. A new message is compared
with every example through the encoder; its ``NEIGHBOURS`` closest vote for their passages (or for
"not answered"), each weighed by how close it is. The learned answer model reads the result as
features next to the passage's own evidence (``learned.py``), once the guide has ``ENOUGH`` of them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEIGHBOURS = 10  # closest examples that vote
SHARPNESS = 0.05  # a neighbour this much less alike in cosine weighs 1/e as much as the closest
UNANSWERED = -1  # an example's passage when the guide does not answer it
# Examples a guide needs before their vote is read. Measured: the shipped guide, read with its
# other writers' 1,400-1,700 questions, gains (first look: lenient 0.771 -> 0.876, precision 0.882
# -> 0.951); the other training guides, each read with about 130 of its own questions by models
# that never saw it, lose (strict about 0.1 lower, a third more suggestions). Between, untested.
ENOUGH = 500


@dataclass(frozen=True)
class ExampleEvidence:
    """The examples' reading of one message against a guide of n passages."""

    closest: np.ndarray  # (n,) cosine of the closest example of each passage (0 where it has none)
    vote: np.ndarray  # (n,) each passage's share of the neighbours' weighed vote
    nearest: float  # cosine of the closest example of all
    nearest_unanswered: float  # cosine of the closest example the guide does not answer (0 if none)
    unanswered_vote: float  # the "not answered" share of the vote
    count: int  # examples the guide has


def example_evidence(similarities: np.ndarray, passages: np.ndarray, n: int) -> ExampleEvidence:
    """Evidence from the message's cosine to each example (``similarities``) and each example's
    passage position (``passages``, ``UNANSWERED`` for none), for a guide of ``n`` passages."""
    closest, vote = np.zeros(n), np.zeros(n)
    answered = passages != UNANSWERED
    np.maximum.at(closest, passages[answered], similarities[answered])
    order = np.argsort(-similarities, kind="stable")[:NEIGHBOURS]
    weights = np.exp((similarities[order] - similarities[order[0]]) / SHARPNESS)
    weights /= weights.sum()
    for weight, passage in zip(weights, passages[order]):
        if passage != UNANSWERED:
            vote[passage] += weight
    unanswered = similarities[~answered]
    return ExampleEvidence(closest, vote, float(similarities[order[0]]),
                           float(unanswered.max()) if len(unanswered) else 0.0,
                           float(weights[passages[order] == UNANSWERED].sum()), len(similarities))
