"""Both tokenizer backends give identical results, field by field."""

import csv
from pathlib import Path

import pytest

from opsmatch.analyzer import Analyzer
from opsmatch.tokenizer import Tokenizer, resolve_backend

pytest.importorskip("rjieba", reason="the [fast] extra (rjieba) is not installed")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def examples():
    with open(ROOT / "examples" / "postings.csv", encoding="utf-8", newline="") as fh:
        return [(r["职位描述"], r["职位名称"]) for r in csv.DictReader(fh)]


def test_auto_prefers_rjieba_and_names_are_checked():
    assert resolve_backend("auto") == "rjieba"
    with pytest.raises(ValueError, match="backend must be"):
        resolve_backend("jieba-fast")


def test_tokens_identical(examples, analyzer):
    words = analyzer.tokenizer.words_added
    ref, fast = Tokenizer(words, "jieba"), Tokenizer(words, "rjieba")
    for text, title in examples:
        assert ref.words(text) == fast.words(text)
        assert ref.words(title) == fast.words(title)


def test_every_result_field_identical(examples):
    ref = Analyzer(backend="jieba").analyze_many([t for t, _ in examples], [ti for _, ti in examples])
    fast = Analyzer(backend="rjieba").analyze_many([t for t, _ in examples], [ti for _, ti in examples])
    for a, b in zip(ref, fast):
        assert a.matches == b.matches
        assert a.competencies == b.competencies
        assert a.subtype == b.subtype and a.subtype_proba == b.subtype_proba and a.confidence == b.confidence
        assert a.to_dict() == b.to_dict()
