"""Train the learned answer model: ``python -m faqbot.retrieval.training`` (needs the ``train`` extra).

Data: the guides and patients' questions under ``training/answers/`` and the project's question
sets for its other guides (``tests/data``); the guides under ``training/answers/heldout/`` are
never read here. Each question is read by the bot exactly as at run time (``FAQBot.evidence``).

Leave-one-guide-out: for each guide, the scorer is fitted on the other guides, and the decision on
the other guides' scores from scorers that never saw them either; the figures per guide are
written into the model's ``about``. The thresholds are chosen on those held-out decisions, every
guide weighing the same: answer where answers are right TARGET_PRECISION of the time; offer
suggestions down to where CLARIFY_SHARE of messages would get them. Deterministic (lbfgs, sorted data).
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .learned import MODEL_FILE, AnswerModel, candidates, decision_features

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "training" / "answers"
TESTS_DATA = ROOT / "tests" / "data"
C = 1.0
TARGET_PRECISION = 0.85
CLARIFY_SHARE = 0.33
QUESTION_SETS = ("questions.jsonl", "questions_blind2.jsonl", "questions_blind3.jsonl", "questions_blind4.jsonl",
                 "questions_blind5.jsonl", "questions_fresh.jsonl")  # the shipped guide's


@dataclass
class GuideData:
    """One guide's questions as the model reads them."""

    name: str
    rows: list[np.ndarray]  # per question: its candidates' scorer features
    labels: list[np.ndarray]  # per question: which candidates are right
    evidence: list  # per question: Evidence


def training_sets(root: Path = ROOT) -> list[tuple[str, Path, list[Path]]]:
    """(name, guide, question files) of every guide trained on."""
    answers, data = root / "training" / "answers", root / "tests" / "data"
    sets = [(q.stem, next(g for g in (answers / "guides").iterdir() if g.stem == q.stem), [q])
            for q in sorted((answers / "questions").glob("*.jsonl"))]
    sets.append(("ketamine-infusion-guide", root / "corpus" / "ketamine-infusion-guide.md",
                 [data / name for name in QUESTION_SETS]))
    for folder in sorted(data.glob("*-guide")):
        guide = next(g for g in sorted(folder.iterdir()) if g.suffix in (".md", ".txt"))
        sets.append((guide.stem, guide, [folder / "questions.jsonl"]))
    return sets


def read_guide(name: str, guide: Path, question_files: list[Path]) -> GuideData:
    """Every question of one guide read by a bot on it (the rules decide; only the evidence is kept)."""
    from ..bot import FAQBot
    from ..guide.cases import load_cases, resolve_sections

    from ..guide.library import lay_terms_path, load_corpus
    from ..language.lay_terms import LayTerms

    bot = FAQBot(load_corpus([guide]), lay_terms=LayTerms.load(lay_terms_path([guide])), answer_model=False)
    position = {p.id: i for i, p in enumerate(bot.passages)}
    data = GuideData(name, [], [], [])
    for path in question_files:
        for case in resolve_sections(load_cases(path), bot.passages):
            evidence = bot.evidence(case.question)
            docs, rows = candidates(evidence)
            right = {position[i] for i in case.expected if i in position}
            data.rows.append(rows)
            data.labels.append(np.array([d in right for d in docs]))
            data.evidence.append((evidence, docs, right))
    return data


def _fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000).fit(rows, labels, sample_weight=weights)


def fit_scorer(guides: list[GuideData]):
    """The candidate scorer over the guides' questions; each guide weighs the same in total."""
    rows = np.vstack([r for g in guides for r in g.rows])
    labels = np.concatenate([y for g in guides for y in g.labels])
    weights = np.concatenate([np.full(len(r), 1.0 / len(g.rows)) for g in guides for r in g.rows])
    return _fit(rows, labels, weights * len(labels) / weights.sum())


def decisions(scorer, guide: GuideData) -> tuple[np.ndarray, np.ndarray, list]:
    """Decision features, whether the top passage is right, and the ranked passages, per question."""
    features, right, ranked = [], [], []
    for rows, (evidence, docs, expected) in zip(guide.rows, guide.evidence):
        probabilities = scorer.predict_proba(rows)[:, 1]
        order = np.argsort(-probabilities, kind="stable")
        features.append(decision_features(evidence, docs, rows, probabilities))
        ranked.append(([docs[i] for i in order], expected))
        right.append(docs[order[0]] in expected)
    return np.array(features), np.array(right), ranked


def fit_decision(scored: list[tuple[np.ndarray, np.ndarray, list]]):
    """The decision over out-of-guide scores; each guide weighs the same in total."""
    features = np.vstack([f for f, _, _ in scored])
    labels = np.concatenate([y for _, y, _ in scored])
    weights = np.concatenate([np.full(len(y), 1.0 / len(y)) for _, y, _ in scored])
    return _fit(features, labels, weights * len(labels) / weights.sum())


def out_of_guide(guides: list[GuideData], held: int) -> tuple:
    """Scorer and decision fitted without guide ``held``; the decision on scores of scorers that
    never saw the guide they scored."""
    rest = [g for i, g in enumerate(guides) if i != held]
    scored = [decisions(fit_scorer([g for g in rest if g is not other]), other) for other in rest]
    return fit_scorer(rest), fit_decision(scored), scored


@dataclass
class Outcome:
    """One held-out question: the decision's probability and what the model ranked."""

    guide: str
    confidence: float
    ranked: list[int]
    expected: set[int]


def held_out_outcomes(guides: list[GuideData]) -> list[Outcome]:
    """Leave-one-guide-out: every question decided by models that never saw its guide."""
    outcomes = []
    for held, guide in enumerate(guides):
        scorer, decision, _ = out_of_guide(guides, held)
        features, _, ranked = decisions(scorer, guide)
        for confidence, (docs, expected) in zip(decision.predict_proba(features)[:, 1], ranked):
            outcomes.append(Outcome(guide.name, float(confidence), docs, expected))
    return outcomes


def _weights(outcomes: list[Outcome]) -> np.ndarray:
    counts = {}
    for o in outcomes:
        counts[o.guide] = counts.get(o.guide, 0) + 1
    return np.array([1.0 / counts[o.guide] for o in outcomes])


def thresholds(outcomes: list[Outcome]) -> tuple[float, float]:
    """(answer_at, clarify_at) on held-out decisions, every guide weighing the same."""
    confidence = np.array([o.confidence for o in outcomes])
    right = np.array([bool(o.expected) and o.ranked[0] in o.expected for o in outcomes])
    weights = _weights(outcomes)
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    answer_at = next((float(t) for t in grid if (weights * right)[confidence >= t].sum()
                      >= TARGET_PRECISION * weights[confidence >= t].sum()), float(grid[-1]))
    clarify_at = answer_at
    for t in grid[::-1]:
        band = (confidence >= t) & (confidence < answer_at)
        if t < answer_at and weights[band].sum() <= CLARIFY_SHARE * weights.sum():
            clarify_at = float(t)
    return answer_at, clarify_at


def figures(outcomes: list[Outcome], answer_at: float, clarify_at: float) -> dict:
    """strict, lenient, precision, refused, clarify rate, top-1 and top-3 of a set of outcomes."""
    answerable = [o for o in outcomes if o.expected]
    unanswerable = [o for o in outcomes if not o.expected]
    answered = [o for o in outcomes if o.confidence >= answer_at]

    def share(items, test):
        return round(sum(map(test, items)) / len(items), 3) if items else None
    return {"questions": len(outcomes),
            "top1": share(answerable, lambda o: o.ranked[0] in o.expected),
            "top3": share(answerable, lambda o: bool(set(o.ranked[:3]) & o.expected)),
            "strict": share(answerable, lambda o: o.confidence >= answer_at and o.ranked[0] in o.expected),
            "lenient": share(answerable, lambda o: (o.confidence >= answer_at and o.ranked[0] in o.expected)
                             or (clarify_at <= o.confidence < answer_at and bool(set(o.ranked[:3]) & o.expected))),
            "precision": share(answered, lambda o: o.ranked[0] in o.expected),
            "refused": share(unanswerable, lambda o: o.confidence < answer_at),
            "clarify": share(outcomes, lambda o: clarify_at <= o.confidence < answer_at)}


def train(guides: list[GuideData]) -> AnswerModel:
    """The shipped model: scorer on every guide, decision on out-of-guide scores, thresholds and
    figures from leave-one-guide-out."""
    outcomes = held_out_outcomes(guides)
    answer_at, clarify_at = thresholds(outcomes)
    scorer = fit_scorer(guides)
    decision = fit_decision([decisions(fit_scorer([g for g in guides if g is not other]), other) for other in guides])
    by_guide = {g.name: figures([o for o in outcomes if o.guide == g.name], answer_at, clarify_at) for g in guides}
    about = {"data": "training/answers (guides, questions) and tests/data question sets; training/answers/heldout "
                     "never read", "C": C, "target_precision": TARGET_PRECISION, "clarify_share": CLARIFY_SHARE,
             "leave_one_guide_out": by_guide}
    return AnswerModel(scorer.coef_[0].copy(), float(scorer.intercept_[0]), decision.coef_[0].copy(),
                       float(decision.intercept_[0]), answer_at, clarify_at, about)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=MODEL_FILE, help="where to write the model")
    args = parser.parse_args(argv)
    guides = [read_guide(*entry) for entry in training_sets()]
    model = train(guides)
    model.save(args.output)
    print(f"answer_at {model.answer_at:.2f}, clarify_at {model.clarify_at:.2f}")
    for name, row in model.about["leave_one_guide_out"].items():
        print(f"{name:28s} " + " ".join(f"{k} {v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
