"""The scalable index (issue 5): scores equal to the reference formula, candidate-only search,
index files that refuse stale or foreign input, and libraries of several guides."""
from __future__ import annotations

import json
import random
import re
import shutil

import numpy as np
import pytest

from faqbot import FAQBot
from faqbot.cli.main import main
from faqbot.guide.corpus import load_passages
from faqbot.errors import CorpusError
from faqbot.retrieval.index import BM25Index, reference_bm25
from faqbot.guide.library import load_corpus, load_index, save_index

from conftest import DATA, ROOT

GUIDE = ROOT / "corpus" / "ketamine-infusion-guide.md"


def _zipf_corpus(seed: int, n_docs: int, vocab: int):
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(vocab)]
    weights = [1.0 / (i + 1) for i in range(vocab)]
    return [rng.choices(words, weights, k=rng.randint(0, 70)) for _ in range(n_docs)], words, rng


@pytest.mark.parametrize("seed, n_docs, vocab", [(11, 2000, 3000), (12, 500, 200)])
def test_scores_equal_rank_bm25_reference_on_thousands_of_random_queries(seed, n_docs, vocab):
    docs, words, rng = _zipf_corpus(seed, n_docs, vocab)
    reference, index = reference_bm25(docs), BM25Index(docs)
    for _ in range(1500):
        query = rng.choices(words, k=rng.randint(1, 8)) + rng.choices(["unseen", "w1"], k=rng.randint(0, 1))
        expected = reference.get_scores(query)
        assert np.max(np.abs(index.scores(query) - expected)) < 1e-9
        found, found_scores = index.search(query, 10)
        # identical top-10: the same scores, best first, and each found passage really has its score
        best = np.sort(expected[expected > 0])[::-1][:10]
        assert np.allclose(found_scores, best, atol=1e-9, rtol=0)
        assert np.allclose(expected[found], found_scores, atol=1e-9, rtol=0)


@pytest.mark.parametrize("sparse_share", [1, 10**9])  # the dense path and the candidate-only path
def test_search_equals_top_of_scores_on_both_paths(monkeypatch, sparse_share):
    monkeypatch.setattr("faqbot.retrieval.index.SPARSE_SHARE", sparse_share)
    docs, words, rng = _zipf_corpus(3, 800, 400)
    index = BM25Index(docs)
    for _ in range(300):
        query = {w: rng.choice([0.5, 1.0, 2.0]) for w in rng.choices(words, k=rng.randint(1, 5))}
        scores = index.scores(query)
        top = [d for d in index.top(scores, 10) if scores[d] > 0]
        found, found_scores = index.search(query, 10)
        assert found.tolist() == top
        assert np.array_equal(found_scores, scores[top])


def test_dense_rows_of_frequent_terms_give_the_same_scores_bit_for_bit(monkeypatch):
    docs, words, rng = _zipf_corpus(5, 1500, 600)
    with_rows = BM25Index(docs)
    monkeypatch.setattr("faqbot.retrieval.index.ROW_SHARE", 0)  # no term is frequent enough: no rows
    without_rows = BM25Index(docs)
    assert with_rows._rows and not without_rows._rows
    for _ in range(500):
        query = {w: rng.choice([0.5, 1.0, 2.0]) for w in rng.choices(words[:40] + words, k=rng.randint(1, 6))}
        assert np.array_equal(with_rows.scores(query), without_rows.scores(query))
        assert all(np.array_equal(a, b) for a, b in zip(with_rows.search(query, 10), without_rows.search(query, 10)))


def test_ties_put_the_earlier_passage_first_and_zero_scores_are_not_found():
    index = BM25Index([["x", "y"], ["y", "x"], ["z"], ["x", "y"]])
    assert index.top(index.scores(["x"]), 3) == [0, 1, 3]
    assert index.search(["x"], 2)[0].tolist() == [0, 1]
    assert index.search(["nothing"], 5)[0].tolist() == []
    assert index.top(index.scores(["nothing"]), 2) == [0, 1]


def test_flat_token_ids_build_the_same_index():
    docs, _, _ = _zipf_corpus(5, 300, 100)
    terms = sorted({t for d in docs for t in d})
    number = {t: i for i, t in enumerate(terms)}
    flat = np.array([number[t] for d in docs for t in d], dtype=np.int64)
    built = BM25Index.from_token_ids(terms, flat, np.array([len(d) for d in docs]))
    reference = BM25Index(docs)
    for term in terms[:50]:
        assert np.array_equal(built.scores([term]), reference.scores([term]))
    with pytest.raises(ValueError, match="lengths add up"):
        BM25Index.from_token_ids(terms, flat[:-1], np.array([len(d) for d in docs]))


# --- index files --------------------------------------------------------------------------

@pytest.fixture()
def guide_copy(tmp_path):
    path = tmp_path / "guides" / "clinic.md"
    path.parent.mkdir()
    shutil.copy(GUIDE, path)
    return path


def test_a_bot_from_an_index_file_answers_like_one_from_the_guide(tmp_path, guide_copy, bot):
    out = tmp_path / "library.idx"
    fresh = FAQBot.from_path(guide_copy)
    save_index(fresh.passages, fresh.index, fresh.vocabulary, [guide_copy], out)
    loaded = FAQBot.from_index(out, guide_copy)
    assert loaded.passages == fresh.passages
    questions = [json.loads(line)["question"] for line in (DATA / "questions.jsonl").read_text().splitlines()[:80]]
    for question in questions + ["how long is an infusoin", "I want to kill myself"]:
        got, expected = loaded.ask(question).to_dict(), fresh.ask(question).to_dict()
        got.pop("id", None), expected.pop("id", None)
        assert got == expected, question


def test_a_changed_guide_makes_the_index_stale(tmp_path, guide_copy):
    out = tmp_path / "library.idx"
    assert main(["index", str(guide_copy), "-o", str(out)]) == 0
    guide_copy.write_text(guide_copy.read_text() + "\n\nA new paragraph about parking.\n")
    with pytest.raises(CorpusError, match=r"stale: guide .*clinic\.md.* changed .* faqbot index"):
        load_index(out)
    guide_copy.unlink()
    with pytest.raises(CorpusError, match="stale: its guide .* is gone"):
        load_index(out)


def test_an_index_of_other_guides_or_another_analyzer_is_refused(tmp_path, guide_copy, monkeypatch):
    out = tmp_path / "library.idx"
    assert main(["index", str(guide_copy), "-o", str(out)]) == 0
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nA paragraph about something else entirely, long enough.\n")
    with pytest.raises(CorpusError, match=r"was built from .*clinic\.md, not .*other\.md"):
        FAQBot.from_index(out, other)
    monkeypatch.setattr("faqbot.guide.library.analyzer_fingerprint", lambda: "changed")
    with pytest.raises(CorpusError, match="another version of the analyzer"):
        load_index(out)


@pytest.mark.parametrize("content", [b"", b"not an index", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_an_index_is_refused(tmp_path, content):
    bad = tmp_path / "bad.idx"
    bad.write_bytes(content)
    with pytest.raises(CorpusError, match=r"not a faqbot index .*faqbot index GUIDE\.\.\. -o"):
        load_index(bad)
    with pytest.raises(CorpusError, match="does not exist; build it with"):
        load_index(tmp_path / "missing.idx")


def test_a_pickled_object_in_the_file_is_never_loaded(tmp_path):
    bad = tmp_path / "evil.idx"
    with open(bad, "wb") as file:
        np.savez(file, meta=np.array([{"format": "faqbot-index/1"}], dtype=object))
    with pytest.raises(CorpusError, match="not a faqbot index"):
        load_index(bad)


def test_cli_index_then_ask_with_index(tmp_path, guide_copy, capsys):
    out = tmp_path / "library.idx"
    assert main(["index", str(guide_copy.parent), "-o", str(out)]) == 0
    assert re.search(r"indexed \d+ passages .* from 1 guide", capsys.readouterr().out)
    assert main(["ask", "--index", str(out), "--json", "how long does an infusion take"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["type"] == "answer" and answer["passage"]["guide"] == "clinic.md"
    assert main(["ask", "--index", str(tmp_path / "nope.idx"), "hi"]) == 2
    assert "does not exist; build it with" in capsys.readouterr().err


# --- libraries of several guides -------------------------------------------------------------

def test_a_folder_of_guides_is_one_corpus_and_each_passage_names_its_guide(tmp_path):
    library = tmp_path / "library"
    (library / "eyes").mkdir(parents=True)
    shutil.copy(GUIDE, library / "ketamine.md")
    (library / "eyes" / "glaucoma.txt").write_text("Glaucoma\n\nGlaucoma damages the optic nerve over time.\n")
    (library / "faq.jsonl").write_text(json.dumps({"id": "q1", "title": "Parking?", "text": "Park behind the "
                                                   "building in the blue spaces."}) + "\n")
    (library / "lay-terms.txt").write_text("eye pressure = glaucoma\n")
    (library / ".hidden.md").write_text("# Hidden\n\nNever read.\n")
    passages = load_corpus([library])
    assert {p.guide for p in passages} == {"ketamine.md", "eyes/glaucoma.txt", "faq.jsonl"}
    assert len(passages) == len(load_passages(GUIDE)) + 2
    bot = FAQBot.from_path(library)
    answer = bot.ask("where do I park").to_dict()
    assert answer["passage"]["guide"] == "faq.jsonl" and answer["passage"]["id"] == "q1"
    assert bot.ask("what does eye pressure do to the optic nerve").to_dict()["passage"]["guide"] == "eyes/glaucoma.txt"


def test_library_errors_name_the_problem_and_the_fix(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="holds no guide .* add guide files"):
        load_corpus([tmp_path / "empty"])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(GUIDE, tmp_path / "a" / "guide.md")
    shutil.copy(GUIDE, tmp_path / "b" / "guide.md")
    with pytest.raises(CorpusError, match="both named 'guide.md'; rename one"):
        load_corpus([tmp_path / "a" / "guide.md", tmp_path / "b" / "guide.md"])


@pytest.mark.parametrize("lines, fix", [
    (['{"text": "fine"}', "{oops"], "line 2 is not JSON"),
    (['{"title": "no text"}'], 'line 1 has no "text"'),
    (['{"id": "x", "text": "a"}', '{"id": "x", "text": "b"}'], "line 2 repeats id 'x'"),
    ([""], "has no paragraphs"),
])
def test_json_lines_guides_report_the_bad_line(tmp_path, lines, fix):
    path = tmp_path / "faq.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CorpusError, match=fix):
        load_passages(path)


@pytest.mark.parametrize("set_limit", [0, 10**9])  # binary search in the postings, or a cached set
def test_contains_agrees_with_the_postings_either_way(monkeypatch, set_limit):
    monkeypatch.setattr("faqbot.retrieval.index.SET_LIMIT", set_limit)
    docs, words, _ = _zipf_corpus(9, 300, 80)
    index = BM25Index(docs)
    for doc_id, doc in enumerate(docs[:100]):
        for word in words[:40] + ["unseen"]:
            assert index.contains(word, doc_id) == (word in doc)
