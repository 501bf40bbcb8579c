"""opsmatch.linear: the NumPy model computes what the scikit-learn estimator computes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.utils.extmath import softmax

from opsmatch.classifier import DEFAULT_MODEL_PATH, SubtypeClassifier
from opsmatch.errors import ModelLoadError
from opsmatch.linear import Doc, LinearTextModel, _char_grams, _softmax, margin, margins, title_grams, word_grams

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "postings.csv"


@pytest.fixture(scope="module")
def estimator() -> SubtypeClassifier:
    return SubtypeClassifier.load(DEFAULT_MODEL_PATH)


@pytest.fixture(scope="module")
def postings() -> pd.DataFrame:
    df = pd.read_csv(EXAMPLES, dtype=str, keep_default_na=False)
    text_col = next(c for c in df.columns if c in ("职位描述", "description", "text"))
    title_col = next(c for c in df.columns if c in ("职位名称", "title"))
    return pd.DataFrame({"text": df[text_col], "title": df[title_col]}).head(60)


def test_numpy_model_gives_the_estimators_probabilities(estimator: SubtypeClassifier, postings) -> None:
    linear = LinearTextModel.from_estimator(estimator)
    tok = estimator._tokenizer()
    for use_title in (True, False):
        titles = postings["title"] if use_title else [""] * len(postings)
        docs = [estimator.make_doc(t, ti, tok) for t, ti in zip(postings["text"], titles)]
        ours = linear.predict_proba(docs)
        theirs = estimator.predict_proba(docs)
        assert ours.shape == theirs.shape == (len(postings), len(estimator.classes_))
        np.testing.assert_allclose(ours, theirs, atol=1e-9)
        np.testing.assert_allclose(ours.sum(axis=1), 1.0)
    assert list(linear.classes_) == list(estimator.classes_)


def test_saved_and_loaded_model_is_the_same(tmp_path: Path, estimator: SubtypeClassifier, postings) -> None:
    linear = LinearTextModel.from_estimator(estimator)
    path = linear.save(tmp_path / "m.npz")
    again = LinearTextModel.load(path)
    docs = [estimator.make_doc(t, ti) for t, ti in zip(postings["text"][:10], postings["title"][:10])]
    np.testing.assert_array_equal(again.predict_proba(docs), linear.predict_proba(docs))
    assert again.predict_proba([]).shape == (0, len(linear.classes_))


def test_a_broken_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelLoadError):
        LinearTextModel.load(bad)
    with np.load(LinearTextModel.from_estimator(SubtypeClassifier.load()).save(tmp_path / "ok.npz")) as z:
        arrays = {k: z[k] for k in z.files}
    name = next(k for k, v in arrays.items() if v.dtype.kind == "f" and v.size)
    arrays[name] = arrays[name].copy()
    arrays[name].flat[0] = np.nan
    np.savez(tmp_path / "nan.npz", **arrays)
    with pytest.raises(ModelLoadError):
        LinearTextModel.load(tmp_path / "nan.npz")


def test_softmax_and_char_grams_match_scikit_learn() -> None:
    z = np.random.default_rng(0).normal(size=(20, 7)) * 5
    np.testing.assert_allclose(_softmax(z), softmax(z.copy()), atol=1e-12)
    analyzer = CountVectorizer(analyzer="char", ngram_range=(1, 3)).build_analyzer()
    for title in ("新媒体运营", "SEO/SEM  运营 专员", "APP运营（电商）"):
        assert _char_grams(title, 1, 3) == analyzer(title)


def test_grams() -> None:
    assert title_grams("IP运营", 1, 2) == ["ip", "运", "营", "运营"]
    assert "app" in title_grams("APP运营") and "ip" not in title_grams("APP运营")
    assert word_grams(["数据", "分析"], 2) == ["数据", "分析", "数据 分析"]
    assert word_grams(["数据", "分析"], 1) == ["数据", "分析"]
    assert Doc.from_words(["熟练", "SQL"], " 新媒体运营 ").title == "新媒体运营"


def test_margins() -> None:
    p = np.random.default_rng(1).dirichlet(np.ones(5), size=50)
    np.testing.assert_allclose(margins(p), [margin(row) for row in p])
    top2 = np.sort(p, axis=1)[:, -2:]
    np.testing.assert_allclose(margins(p), top2[:, 1] - top2[:, 0])
