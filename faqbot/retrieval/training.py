"""Train the learned answer model: ``python -m faqbot.retrieval.training`` (needs the ``train`` extra).

Data: the guides and patients' questions under ``training/answers/`` and the project's question
sets for its other guides (``tests/data``); the guides under ``training/answers/heldout/`` are
never read here. Each question is read by the bot exactly as at run time (``FAQBot.evidence``).

Leave-one-guide-out: for each guide, the scorer is fitted on the other guides, and the decision on
the other guides' scores from scorers that never saw them either; the figures per guide are
written into the model's ``about``. The thresholds are chosen on those held-out decisions, every
guide weighing the same: answer where answers are right TARGET_PRECISION of the time; offer
suggestions down to where CLARIFY_SHARE of messages would get them. Deterministic (lbfgs, sorted data).

The model for guides with example questions (``with_examples``, ``stack_training.py``) reads the
same questions, each given its guide's other questions as examples, as a new patient's message
meets questions other people wrote: a guide with several question sets (each by other writers)
is split by set, a guide with one into FOLDS folds by a hash of the question's text; a question's
examples are those of the other folds.
"""
from __future__ import annotations

import argparse
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .examples import UNANSWERED, example_evidence
from .learned import MODEL_FILE, AnswerModel, candidates, decision_features

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "training" / "answers"
TESTS_DATA = ROOT / "tests" / "data"
C = 1.0
TARGET_PRECISION = 0.85
CLARIFY_SHARE = 0.33
FOLDS = 5
SHIPPED_GUIDE = ROOT / "corpus" / "ketamine-infusion-guide.md"
SHIPPED_EXAMPLES = ROOT / "corpus" / "taught-questions.jsonl"  # made from QUESTION_SETS by --examples
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
    sets.append((SHIPPED_GUIDE.stem, root / "corpus" / SHIPPED_GUIDE.name,
                 [data / name for name in QUESTION_SETS]))
    for folder in sorted(data.glob("*-guide")):
        guide = next(g for g in sorted(folder.iterdir()) if g.suffix in (".md", ".txt"))
        sets.append((guide.stem, guide, [folder / "questions.jsonl"]))
    return sets


def read_guide(name: str, guide: Path, question_files: list[Path]) -> list[tuple]:
    """(evidence, right passages, fold) of every question of one guide, read by a bot on it (the
    rules decide; only the evidence is kept), the evidence with the other folds' questions as examples."""
    from ..bot import FAQBot
    from ..guide.cases import load_cases, resolve_sections

    from ..guide.library import lay_terms_path, load_corpus
    from ..language.lay_terms import LayTerms

    bot = FAQBot(load_corpus([guide]), lay_terms=LayTerms.load(lay_terms_path([guide])), answer_model=False)
    position = {p.id: i for i, p in enumerate(bot.passages)}
    sets = [(n, case) for n, path in enumerate(question_files) for case in resolve_sections(load_cases(path), bot.passages)]
    cases = [case for _, case in sets]
    rights = [{position[i] for i in case.expected if i in position} for case in cases]
    vectors = bot.encoder.encode([case.question for case in cases], by_length=True)
    folds = np.array([n if len(question_files) > 1 else zlib.crc32(case.question.strip().lower().encode()) % FOLDS
                      for n, case in sets])
    owners = np.array([i for i, right in enumerate(rights) for _ in (sorted(right) or [UNANSWERED])])
    passages = np.array([d for right in rights for d in (sorted(right) or [UNANSWERED])])
    items = []
    for i, case in enumerate(cases):
        others = folds[owners] != folds[i]
        examples = example_evidence(vectors[owners[others]] @ vectors[i], passages[others], len(bot.passages))
        items.append((replace(bot.evidence(case.question), examples=examples), rights[i], int(folds[i])))
    return items


def guide_data(name: str, items: list[tuple]) -> GuideData:
    """One guide's questions as the plain model reads them (without the examples)."""
    data = GuideData(name, [], [], [])
    for evidence, right, _ in items:
        evidence = replace(evidence, examples=None)
        docs, rows = candidates(evidence)
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


_GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


def thresholds(outcomes: list[Outcome]) -> tuple[float, float]:
    """(answer_at, clarify_at) on held-out decisions, every guide weighing the same."""
    answer_at = answer_threshold(outcomes)
    return answer_at, clarify_threshold(outcomes, answer_at)


def answer_threshold(outcomes: list[Outcome]) -> float:
    """The least confidence at which held-out answers are right TARGET_PRECISION of the time."""
    confidence = np.array([o.confidence for o in outcomes])
    right = np.array([bool(o.expected) and o.ranked[0] in o.expected for o in outcomes])
    weights = _weights(outcomes)
    return next((float(t) for t in _GRID if (weights * right)[confidence >= t].sum()
                 >= TARGET_PRECISION * weights[confidence >= t].sum()), float(_GRID[-1]))


def clarify_threshold(outcomes: list[Outcome], answer_at: float, share: float = CLARIFY_SHARE) -> float:
    """The least confidence down to which at most ``share`` of messages get suggestions."""
    confidence = np.array([o.confidence for o in outcomes])
    weights = _weights(outcomes)
    clarify_at = answer_at
    for t in _GRID[::-1]:
        band = (confidence >= t) & (confidence < answer_at)
        if t < answer_at and weights[band].sum() <= share * weights.sum():
            clarify_at = float(t)
    return clarify_at


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


def train_both(read: list[tuple[str, list[tuple]]]) -> AnswerModel:
    """The shipped model, with its ``with_examples`` model, from every guide's read questions."""
    from .stack_training import train_stacked

    guides = [guide_data(name, items) for name, items in read]
    model = train(guides)
    plain_models = [out_of_guide(guides, held)[:2] for held in range(len(guides))]
    model.with_examples = train_stacked(plain_models, read)
    model.with_examples.plain = model
    return model


def train(guides: list[GuideData]) -> AnswerModel:
    """The plain model: scorer on every guide, decision on out-of-guide scores, thresholds and
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


def shipped_examples(root: Path = ROOT) -> str:
    """The shipped guide's example questions (``taught-questions.jsonl``): every question of its
    question sets once, with each passage that answers it (null when none does)."""
    import json

    from ..guide.cases import load_cases, resolve_sections
    from ..guide.library import load_corpus

    passages = load_corpus([root / "corpus" / SHIPPED_GUIDE.name])
    lines = {}
    for name in QUESTION_SETS:
        for case in resolve_sections(load_cases(root / "tests" / "data" / name), passages):
            for passage in case.expected or [None]:
                row = {"question": case.question.strip(), "passage": passage}
                lines.setdefault(json.dumps(row, ensure_ascii=False), None)
    return "".join(line + "\n" for line in lines)


def write_shipped_vectors() -> Path:
    """Encode the shipped guide and its example questions into the read-only entries that ship
    with faqbot (``language/vector_cache.py``), replacing the old ones."""
    import os

    from ..bot import FAQBot
    from ..language.vector_cache import CACHE_ENV, shipped_vectors_folder

    folder = shipped_vectors_folder()
    for old in folder.glob("*.npy"):
        old.unlink()
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)  # the bot's encodings are stored there
    try:
        FAQBot.from_path()
    finally:
        os.environ.pop(CACHE_ENV) if before is None else os.environ.__setitem__(CACHE_ENV, before)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=MODEL_FILE, help="where to write the model")
    parser.add_argument("--examples", action="store_true",
                        help=f"write the shipped guide's example questions ({SHIPPED_EXAMPLES.name}) and the "
                             "shipped vectors instead")
    args = parser.parse_args(argv)
    if args.examples:
        SHIPPED_EXAMPLES.write_text(shipped_examples(), encoding="utf-8")
        write_shipped_vectors()
        return 0
    model = train_both([(entry[0], read_guide(*entry)) for entry in training_sets()])
    model.save(args.output)
    for title, part in (("without examples", model), ("with examples", model.with_examples)):
        print(f"{title}: answer_at {part.answer_at:.2f}, clarify_at {part.clarify_at:.2f}")
        for name, row in part.about["leave_one_guide_out"].items():
            print(f"  {name:28s} " + " ".join(f"{k} {v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
