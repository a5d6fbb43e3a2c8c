"""Trains the crisis classifier (``classifier.CrisisModel``) from the messages in ``training/safety/``.

    python -m faqbot.safety.training            # rebuilds faqbot/safety/data/crisis-model.json

Needs the ``train`` extra (scikit-learn). Deterministic: the same data and encoder give the same
weights (lbfgs from zeros, no sampling). The thresholds are chosen on leave-one-writer-out
predictions, so they reflect messages by a writer the model never saw: ``urgent`` where at most
``URGENT_FALSE_ALARMS`` of the benign messages pass, ``concern`` where at most ``CONCERN_FALSE_ALARMS`` do.
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

from .classifier import MEAN_DIMENSIONS, MODEL_FILE, NEIGHBOUR_SCALE, CrisisModel
from .memory import ExampleMemory, out_of_group_features
from .screen import is_urgent, read_messages

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "training" / "safety"
# Patients' ordinary questions: the shipped guide's set (both splits) and the dev halves of the other
# guides' sets. Never a blind set: their holdout halves and every questions_blind*/fresh set stay unseen.
EXTRA_BENIGN = [(ROOT / "tests" / "data" / "questions.jsonl", None)] + [
    (ROOT / "tests" / "data" / guide / "questions.jsonl", "dev")
    for guide in ("second-guide", "third-guide", "fourth-guide", "fifth-guide", "sixth-guide")]
BLIND_SETS = ("*blind*.jsonl", "questions_fresh.jsonl")  # never trained on; a few short questions recur by chance
SHIPPED = Path(__file__).resolve().parent / "data" / MODEL_FILE
C = 16.0  # inverse L2 strength, chosen by leave-one-writer-out recall at the false-alarm budget (4 and 64: no better)
URGENT_FALSE_ALARMS = 0.015  # of the benign look-alikes (below), left out by writer
CONCERN_FALSE_ALARMS = 0.05


def _source_writer(path: Path) -> str:
    """The writer name of an extra benign file: its guide's folder, or the file's name ("questions")."""
    return path.parent.name if path.parent.name != "data" else path.stem


# Writers of ordinary patients' questions, not look-alikes: trained on, but not in the pool the
# thresholds are read from (thousands of easy messages there would lower them for the hard ones).
ORDINARY_QUESTION_WRITERS = {"w12", "w13", "w20", "w21"} | {_source_writer(path) for path, _ in EXTRA_BENIGN}


def load_examples(folder: Path = TRAINING_DIR, extra_benign: list[tuple[Path, str | None]] = EXTRA_BENIGN) -> list[dict]:
    """Every training message as {text, urgent, category, writer}, in a fixed order, each text once."""
    examples = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for row in _rows(path):
            examples.append({"text": row["text"], "urgent": bool(row["urgent"]),
                             "category": row.get("category", ""), "writer": row.get("writer") or path.stem})
    for path, split in extra_benign:
        writer = _source_writer(path)
        examples += [{"text": row["question"], "urgent": False, "category": "clinic_question", "writer": writer}
                     for row in _rows(path) if split in (None, row.get("split"))]
    seen = {text.strip().lower() for text in blind_texts()}  # a blind set's message is never trained on
    return [e for e in examples if not (e["text"].strip().lower() in seen or seen.add(e["text"].strip().lower()))]


def blind_texts() -> set[str]:
    """Every message of the red-team and question sets kept blind (``BLIND_SETS``)."""
    texts = set()
    for pattern in BLIND_SETS:
        for path in sorted((ROOT / "tests" / "data").glob(pattern)):
            texts |= {row.get("text") or row.get("question", "") for row in _rows(path)}
    return texts


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _logistic(c: float = C):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, tol=1e-8)


def out_of_writer_probabilities(rows: np.ndarray, neighbours: dict, labels: np.ndarray, writers: list[str],
                                c: float = C) -> np.ndarray:
    """Each message's urgent probability from a model trained without its writer's messages (its
    memory too: ``neighbours[writer]`` are every row's neighbour features with that writer left out)."""
    out = np.zeros(len(labels))
    for writer in sorted(set(writers)):
        held = np.array([w == writer for w in writers])
        if len(set(labels[~held])) < 2:
            continue
        inputs = np.hstack([rows, NEIGHBOUR_SCALE * neighbours[writer]])
        out[held] = _logistic(c).fit(inputs[~held], labels[~held]).predict_proba(inputs[held])[:, 1]
    return out


def threshold_for(probabilities: np.ndarray, labels: np.ndarray, false_alarms: float) -> float:
    """The lowest threshold at which at most that share of benign messages reach it."""
    benign = np.sort(probabilities[~labels])[::-1]
    allowed = int(np.floor(false_alarms * len(benign)))
    return float(np.nextafter(benign[allowed], 1.0)) if allowed < len(benign) else 0.0


def train(examples: list[dict], encoder, c: float = C) -> CrisisModel:
    """Fit both heads and choose the thresholds; ``about`` records data, parameters and figures."""
    rules, rows = read_messages([e["text"] for e in examples], encoder)
    labels = np.array([e["urgent"] for e in examples])
    writers = [e["writer"] for e in examples]
    memory = ExampleMemory.fit(rows[:, :MEAN_DIMENSIONS], labels)
    neighbours = out_of_group_features(memory.vectors, labels, np.array(writers))
    held_out = out_of_writer_probabilities(rows, neighbours, labels, writers, c)
    pool = labels | ~np.isin(writers, sorted(ORDINARY_QUESTION_WRITERS))  # crises and their look-alikes
    urgent_at = threshold_for(held_out[pool], labels[pool], URGENT_FALSE_ALARMS)
    concern_at = threshold_for(held_out[pool], labels[pool], CONCERN_FALSE_ALARMS)
    inputs = np.hstack([rows, NEIGHBOUR_SCALE * neighbours[None]])  # a writer's own messages are never its neighbours
    main = _logistic(c).fit(inputs, labels)
    kinds = [i for i, e in enumerate(examples) if e["urgent"] and e["category"]]
    kind_model = _logistic(c).fit(inputs[kinds], [examples[i]["category"] for i in kinds])
    digest = hashlib.sha256("\n".join(f"{e['urgent']}\t{e['text']}" for e in examples).encode()).hexdigest()
    model = CrisisModel(main.coef_[0].astype(np.float32), float(main.intercept_[0]), urgent_at, concern_at,
                        [str(k) for k in kind_model.classes_], kind_model.coef_.astype(np.float32),
                        kind_model.intercept_.astype(np.float32), {}, memory)
    rules_urgent = np.array([r.urgent for r in rules])
    model.about = {"encoder": "all-MiniLM-L6-v2 (mean and max of token states) + rule flags + nearest examples", "C": c,
                   "examples": len(examples), "urgent": int(labels.sum()),
                   "writers": dict(sorted(Counter(writers).items())), "data_sha256": digest,
                   "leave_one_writer_out": _figures(held_out, rules_urgent, labels, examples, model)}
    return model


def _figures(held_out: np.ndarray, rules_urgent: np.ndarray, labels: np.ndarray, examples: list[dict],
             model: CrisisModel) -> dict:
    """Recall per category and false alarms of the decision, as a writer the model never saw would meet them."""
    from sklearn.metrics import roc_auc_score

    caught = np.array([is_urgent(p, r, model) for p, r in zip(held_out, rules_urgent)])
    per_category = {}
    for category in sorted({e["category"] for e, urgent in zip(examples, labels) if urgent}):
        rows = [i for i, e in enumerate(examples) if labels[i] and e["category"] == category]
        per_category[category or "(none)"] = round(float(caught[rows].mean()), 3)
    ordinary = np.isin([e["writer"] for e in examples], sorted(ORDINARY_QUESTION_WRITERS))
    return {"auc": round(float(roc_auc_score(labels, held_out)), 4), "recall": round(float(caught[labels].mean()), 3),
            "false_urgent": round(float(caught[~labels].mean()), 4),
            "false_urgent_look_alikes": round(float(caught[~labels & ~ordinary].mean()), 4),
            "false_urgent_ordinary_questions": round(float(caught[~labels & ordinary].mean()), 4),
            "rules_alone": {"recall": round(float(rules_urgent[labels].mean()), 3),
                            "false_urgent": round(float(rules_urgent[~labels].mean()), 4)},
            "urgent_or_concern_recall": round(float((held_out >= model.concern_threshold)[labels].mean()), 3),
            "recall_by_category": per_category}


def main(argv: list[str] | None = None) -> int:
    """Train on training/safety/ and write the model file (default: the shipped one)."""
    from ..language.encoder import shared_encoder

    parser = argparse.ArgumentParser(prog="python -m faqbot.safety.training", description=main.__doc__)
    parser.add_argument("--data", type=Path, default=TRAINING_DIR)
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--C", type=float, default=C)
    args = parser.parse_args(argv)
    encoder = shared_encoder()
    if encoder is None:
        parser.error("the sentence encoder is not installed; run `faqbot model` first")
    model = train(load_examples(args.data), encoder, args.C)
    model.save(args.out)
    print(json.dumps(model.about, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
