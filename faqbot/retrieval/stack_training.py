"""Train the answer model for guides with example questions (``stacked.py``); ``training.py`` calls it.

Every training question is read with its guide's other questions as examples (see
``training.read_guide``) and by plain models that never saw its guide, as the stacked model will
read a new guide's messages. The stacked scorer is fitted on every question, each weighing the
same (the shipped guide, with the densest examples, counts by its number of questions); the
decision on scores from stacked scorers that never saw the guide. Figures come from
leave-one-guide-out, as for the plain model, and so does ``answer_at`` (answers right
TARGET_PRECISION of the time on guides never seen). ``clarify_at`` comes from the guide with the
most examples (the shipped one: the others have too few to show how a guide with many reads),
read fold by fold (its question sets) by models fitted without that fold: suggestions go down to
where DENSE_CLARIFY_SHARE of its messages get them. That is less than the plain model's third:
a new writer's messages read less surely than the training sets' (the same band gave about half
again as many suggestions on the shipped guide's earlier blind sets).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DENSE_CLARIFY_SHARE = 0.25

from .learned import candidates, decision_features
from .stacked import ExampleModel, decision_row, scorer_rows


@dataclass
class StackQuestion:
    """One question as the stacked model reads it."""

    docs: list[int]
    plain_probabilities: np.ndarray
    plain_confidence: float
    rows: np.ndarray  # the stacked scorer's features, one row a candidate
    labels: np.ndarray  # which candidates are right
    evidence: object
    right: set[int]
    fold: int  # its fold within its guide (training.read_guide)


def stack_questions(plain_models: list[tuple], read: list[tuple[str, list[tuple]]]) -> list[tuple[str, list[StackQuestion]]]:
    """Each guide's questions read by ``plain_models[i]`` (scorer, decision), fitted without guide i."""
    guides = []
    for (scorer, decision), (name, items) in zip(plain_models, read):
        questions = []
        for evidence, right, fold in items:
            docs, rows = candidates(evidence)
            probabilities = scorer.predict_proba(rows)[:, 1]
            confidence = float(decision.predict_proba(decision_features(evidence, docs, rows, probabilities)[None])[0, 1])
            questions.append(StackQuestion(docs, probabilities, confidence, scorer_rows(evidence, docs, probabilities),
                                           np.array([d in right for d in docs]), evidence, right, fold))
        guides.append((name, questions))
    return guides


def _fit(rows: np.ndarray, labels: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=5000).fit(rows, labels)


def fit_scorer(guides: list[tuple[str, list[StackQuestion]]]):
    questions = [q for _, qs in guides for q in qs]
    return _fit(np.vstack([q.rows for q in questions]), np.concatenate([q.labels for q in questions]))


def decision_rows(scorer, questions: list[StackQuestion]) -> tuple[np.ndarray, np.ndarray, list]:
    """Decision features, whether the top passage is right, and the ranked passages, per question."""
    rows, right, ranked = [], [], []
    for q in questions:
        probabilities = scorer.predict_proba(q.rows)[:, 1]
        order = np.argsort(-probabilities, kind="stable")
        rows.append(decision_row(q.evidence, q.docs, q.plain_probabilities, q.plain_confidence, probabilities))
        right.append(q.docs[order[0]] in q.right)
        ranked.append(([q.docs[i] for i in order], q.right))
    return np.array(rows), np.array(right), ranked


def fit_decision(unseen: list[tuple], without: int, extra: tuple | None = None):
    """The stacked decision on every guide's unseen decision rows but guide ``without``'s, plus
    ``extra`` (rows, labels) when given."""
    kept = [(rows, right) for j, (rows, right, _) in enumerate(unseen) if j != without] + ([extra] if extra else [])
    return _fit(np.vstack([rows for rows, _ in kept]), np.concatenate([right for _, right in kept]))


def dense_outcomes(guides: list[tuple[str, list[StackQuestion]]], unseen: list[tuple]) -> list:
    """The guide with the most questions, each read by stacked models fitted without its fold."""
    from .training import Outcome

    dense = max(range(len(guides)), key=lambda i: len(guides[i][1]))
    name, questions = guides[dense]
    others = guides[:dense] + guides[dense + 1:]
    outcomes = []
    for fold in sorted({q.fold for q in questions}):
        kept = [q for q in questions if q.fold != fold]
        scorer = fit_scorer(others + [(name, kept)])
        rows, _, ranked = decision_rows(scorer, [q for q in questions if q.fold == fold])
        decision = fit_decision(unseen, dense, decision_rows(scorer, kept)[:2])
        outcomes += [Outcome(name, float(c), docs, right)
                     for c, (docs, right) in zip(decision.predict_proba(rows)[:, 1], ranked)]
    return outcomes


def train_stacked(plain_models: list[tuple], read: list[tuple[str, list[tuple]]]) -> ExampleModel:
    """The stacked model with its thresholds and leave-one-guide-out figures."""
    from .training import Outcome, answer_threshold, clarify_threshold, figures

    guides = stack_questions(plain_models, read)
    unseen = [decision_rows(fit_scorer(guides[:i] + guides[i + 1:]), qs) for i, (_, qs) in enumerate(guides)]
    outcomes = []
    for i, (name, _) in enumerate(guides):
        confidence = fit_decision(unseen, i).predict_proba(unseen[i][0])[:, 1]
        outcomes += [Outcome(name, float(c), docs, right) for c, (docs, right) in zip(confidence, unseen[i][2])]
    dense = dense_outcomes(guides, unseen)
    answer_at = answer_threshold(outcomes)
    clarify_at = clarify_threshold(dense, answer_at, DENSE_CLARIFY_SHARE)
    scorer = fit_scorer(guides)
    decision = fit_decision(unseen, -1)
    by_guide = {name: figures([o for o in outcomes if o.guide == name], answer_at, clarify_at) for name, _ in guides}
    by_guide[f"{dense[0].guide} (by folds)"] = figures(dense, answer_at, clarify_at)
    return ExampleModel(scorer.coef_[0].copy(), float(scorer.intercept_[0]), decision.coef_[0].copy(),
                        float(decision.intercept_[0]), answer_at, clarify_at,
                        {"data": "the plain model's training questions, each with its guide's other folds' "
                                       "questions as examples", "leave_one_guide_out": by_guide})
