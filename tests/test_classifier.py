import csv
import warnings
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from hypothesis import given
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from opsmatch import SUBTYPES, ModelLoadError, SubtypeClassifier
from opsmatch.classifier import DEFAULT_MODEL_PATH
from opsmatch.evaluate import read_labelled
from opsmatch.linear import LinearTextModel

ROOT = Path(__file__).resolve().parents[1]
NON_OPS = [
    (
        "负责公司Java后端服务的设计与开发，熟悉Spring Boot、MySQL、Redis，有高并发系统经验",
        "Java开发工程师",
    ),
    ("负责公司日常账务处理，编制财务报表，办理税务申报，持有初级会计证", "会计"),
    ("负责仓库货物的出入库、盘点和发货，能吃苦耐劳，有叉车证优先", "仓管员"),
    ("负责门诊患者的护理工作，持有护士执业证书，有三甲医院经验优先", "护士"),
    ("负责开拓华东区域大客户，完成销售业绩指标，有建材行业销售经验", "销售经理"),
]


@pytest.fixture(scope="module")
def corpus():
    return read_labelled(ROOT / "corpus" / "train.csv", "description", "title", "subtype")


@pytest.fixture(scope="module")
def small(corpus):
    """A stratified subset (30 postings of each class): enough for every code path, quick to fit."""
    return corpus.groupby("label", sort=False).head(30).reset_index(drop=True)


@pytest.fixture(scope="module")
def fitted(small):
    """One fit per test run, with the cross-validated choices (gate temperature, title weight)."""
    return SubtypeClassifier().fit(small[["text", "title"]], small["label"])


@pytest.fixture(scope="module")
def shipped():
    """The shipped estimator (a scikit-learn version other than the one that saved it only warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return SubtypeClassifier.load(DEFAULT_MODEL_PATH)


def _examples() -> list[dict[str, str]]:
    with open(ROOT / "examples" / "postings.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shapes_classes_and_probabilities(fitted):
    assert set(fitted.classes_) == set(SUBTYPES)
    X = ["负责社群的日常维护和拉新", ("写公众号推文", "新媒体运营"), ""]
    proba = fitted.predict_proba(X)
    assert proba.shape == (3, len(fitted.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert fitted.predict(X).shape == (3,)
    assert fitted.predict_proba([]).shape == (0, len(fitted.classes_))


def test_clearly_non_ops_postings_are_other(shipped):
    assert list(shipped.predict([t for t, _ in NON_OPS])) == ["other"] * len(NON_OPS)
    assert list(shipped.predict(NON_OPS)) == ["other"] * len(NON_OPS)


def test_a_title_naming_a_sub_type_wins(shipped):
    text = "负责日常运营工作，完成领导交办的任务"
    assert shipped.predict([(text, "新媒体运营专员")])[0] == "new_media_ops"
    assert shipped.predict([(text, "SEM竞价专员")])[0] == "seo_sem"
    assert shipped.predict([(text, "社区运营（海外）")])[0] == "community_ops"
    community = shipped.predict_proba([(text, "社群运营")])[0]
    assert community[list(shipped.classes_).index("community_ops")] >= shipped.title_rule_confidence_


def test_a_title_that_says_nothing_leaves_the_description_alone(shipped):
    text = "负责公众号和小红书账号的日常更新，撰写推文，分析阅读和涨粉数据"
    bare = shipped.predict_proba([text])
    for vague in ("运营", "运营专员"):
        assert np.allclose(shipped.predict_proba([(text, vague)]), bare, atol=1e-12)
    assert shipped.predict([(text, "运营专员")])[0] == "new_media_ops"


def test_a_vetoed_title_is_not_read_as_its_sub_type(shipped):
    text = "负责后端服务开发，熟悉Java、MySQL和Redis，参与广告投放系统的架构设计"
    assert shipped.predict([(text, "广告投放系统开发工程师")])[0] == "other"


def test_top_k_and_margin(shipped):
    top = shipped.top_k("负责百度竞价账户的搭建与优化，控制CPC，提升转化", k=3)
    assert len(top) == 3 and top[0][0] == "seo_sem"
    assert top[0][1] >= top[1][1] >= top[2][1]
    assert SubtypeClassifier.margin([0.6, 0.3, 0.1]) == pytest.approx(0.3)


def test_deterministic_training(small, fitted):
    again = SubtypeClassifier().fit(small[["text", "title"]], small["label"])
    assert again.gate_temperature_ == fitted.gate_temperature_ and again.title_weight_ == fitted.title_weight_
    X = list(zip(small["text"][:60], small["title"][:60])) + list(small["text"][:60])
    assert np.array_equal(again.predict_proba(X), fitted.predict_proba(X))


def test_clone_get_params_and_pipeline(small):
    clf = SubtypeClassifier(C=3.0, title_weight=1.5)
    assert clone(clf).get_params() == clf.get_params()
    sub = small.groupby("label").head(8)
    pipe = Pipeline([("clf", clf)]).fit(list(zip(sub["text"], sub["title"])), sub["label"])
    assert pipe.predict(["负责抖音信息流广告投放，优化ROI"]).shape == (1,)


def test_save_load_round_trip(tmp_path, fitted):
    path = fitted.save(tmp_path / "m.skops")
    loaded = SubtypeClassifier.load(path)
    X = ["负责淘宝店铺运营", ("写文案", "内容运营")]
    assert np.array_equal(loaded.predict_proba(X), fitted.predict_proba(X))
    assert loaded.opsmatch_version_ and loaded.sklearn_version_


class Evil:
    def __reduce__(self):  # what a pickle-based loader would run
        return (print, ("pwned",))


def test_foreign_types_are_refused(tmp_path):
    path = tmp_path / "evil.skops"
    sio.dump({"x": Evil()}, path)
    with pytest.raises(ModelLoadError, match="does not trust"):
        SubtypeClassifier.load(path)


def test_wrong_object_and_garbage_are_refused(tmp_path):
    lr = tmp_path / "lr.skops"
    sio.dump(LogisticRegression(), lr)
    with pytest.raises(ModelLoadError, match="not a SubtypeClassifier"):
        SubtypeClassifier.load(lr)
    junk = tmp_path / "junk.skops"
    junk.write_bytes(b"PK\x03\x04 this is not a model")
    with pytest.raises(ModelLoadError, match="junk.skops"):
        SubtypeClassifier.load(junk)


def test_version_mismatch_warns_or_refuses(tmp_path, fitted):
    fitted.sklearn_version_, real = "0.0.1", fitted.sklearn_version_
    try:
        path = fitted.save(tmp_path / "old.skops")
    finally:
        fitted.sklearn_version_ = real
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        SubtypeClassifier.load(path)
    assert any("0.0.1" in str(w.message) for w in caught)
    with pytest.raises(ModelLoadError, match="0.0.1"):
        SubtypeClassifier.load(path, strict=True)


def test_shipped_model_is_rebuilt_from_corpus(corpus, shipped):
    """The shipped model is what scripts/build_default_model.py makes of corpus/train.csv.

    Its two cross-validated numbers are passed in, so one plain fit (no CV) rebuilds it; the
    tolerance lets another scikit-learn patch release (solver rounding) pass.
    """
    assert shipped.get_params() == SubtypeClassifier().get_params()
    fixed = {"gate_temperature": shipped.gate_temperature_, "title_weight": shipped.title_weight_}
    rebuilt = SubtypeClassifier(**fixed).fit(corpus[["text", "title"]], corpus["label"])
    assert rebuilt.title_rule_confidence_ == pytest.approx(shipped.title_rule_confidence_)
    rows = _examples()
    X = [(r["职位描述"], r["职位名称"]) for r in rows] + [r["职位描述"] for r in rows]
    assert np.allclose(shipped.predict_proba(X), rebuilt.predict_proba(X), atol=1e-3)
    assert np.mean(shipped.predict(X) == rebuilt.predict(X)) >= 0.99


def test_analyzer_fills_subtype_from_model(analyzer):
    a = analyzer.analyze("负责百度SEM竞价账户的日常优化，提升关键词排名与转化", title="SEM专员")
    assert a.subtype == "seo_sem" and a.subtype_label == "SEO/SEM运营"
    assert a.is_operations is True
    assert sum(a.subtype_proba.values()) == pytest.approx(1.0)
    assert 0 <= a.confidence <= 1
    b = analyzer.analyze(*NON_OPS[0])
    assert b.subtype == "other" and b.is_operations is False


def test_analyzer_and_classifier_agree(analyzer, shipped):
    pairs = [("负责社群拉新与活跃，策划群内活动", None), ("负责天猫店铺日常运营和直通车推广", "电商运营专员")]
    probs = shipped.predict_proba([(t, ti or "") for t, ti in pairs])
    for (text, title), row in zip(pairs, probs):
        a = analyzer.analyze(text, title)
        assert np.allclose([a.subtype_proba[c] for c in shipped.classes_], row, atol=1e-12)
        assert a.subtype == shipped.predict([(text, title or "")])[0]


def test_numpy_export_equals_estimator(tmp_path, fitted):
    path = fitted.export(tmp_path / "m.npz")
    fast = LinearTextModel.load(path)
    assert list(fast.classes_) == list(fitted.classes_)
    assert fast.gate_decision and fitted.gate_decision
    tok = fitted._tokenizer()
    rows = _examples()
    titles = [r["职位名称"] for r in rows] + ["社群运营专员", "运营", "Java开发工程师", "新媒体运营（电商）"]
    texts = [r["职位描述"] for r in rows] + ["负责日常运营"] * 4
    docs = [fitted.make_doc(t, ti, tok) for t, ti in zip(texts, titles)] + [fitted.make_doc("", "", tok)]
    assert np.allclose(fast.predict_proba(docs), fitted.predict_proba(docs), atol=1e-12)


def test_word_model_scores_all_tokens_like_feature_tokens(tmp_path, fitted):
    """The analyzer skips the feature-token filter for a word model: the scores must not change."""
    from opsmatch.linear import Doc
    from opsmatch.normalize import normalize

    assert fitted.ngrams == 1
    fast = LinearTextModel.load(fitted.export(tmp_path / "m.npz"))
    tok = fitted._tokenizer()
    rows = _examples()
    words = [tok.words(normalize(r["职位描述"]).text) for r in rows]
    filtered = [Doc.from_words(w, r["职位名称"]) for w, r in zip(words, rows)]
    everything = [Doc.from_words(w, r["职位名称"], all_tokens=True) for w, r in zip(words, rows)]
    assert any(len(a.tokens) > len(b.tokens) for a, b in zip(everything, filtered))
    for model in (fast, fitted):
        assert np.allclose(model.predict_proba(everything), model.predict_proba(filtered), atol=1e-12)


def test_shipped_export_matches_shipped_estimator(shipped):
    from opsmatch.classifier import DEFAULT_EXPORT_PATH

    est, fast = shipped, LinearTextModel.load(DEFAULT_EXPORT_PATH)
    docs = [est.make_doc(t, ti) for t, ti in NON_OPS] + [
        est.make_doc("负责社群运营", ""),
        est.make_doc("写推文", "运营"),
    ]
    assert np.allclose(fast.predict_proba(docs), est.predict_proba(docs), atol=1e-12)


def test_bad_npz_refused(tmp_path):
    bad = tmp_path / "bad.npz"
    np.savez(bad, meta=np.asarray('{"format": "something-else"}'))
    with pytest.raises(ModelLoadError, match="not an opsmatch-linear-1 model"):
        LinearTextModel.load(bad)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, meta=np.asarray([{"format": "opsmatch-linear-1"}], dtype=object))
    with pytest.raises(ModelLoadError, match="pickled.npz"):
        LinearTextModel.load(pickled)


def test_cli_train_and_evaluate(tmp_path, small, capsys):
    from opsmatch.cli import main

    sub = small.groupby("label").head(12)
    src = tmp_path / "labelled.csv"
    sub.rename(columns={"text": "description", "label": "subtype"})[["title", "description", "subtype"]].to_csv(
        src, index=False
    )
    model = tmp_path / "m.skops"
    assert main(["train", str(src), "-o", str(model)]) == 0
    assert model.exists() and model.with_suffix(".npz").exists()
    assert main(["evaluate", str(src), "--model", str(model), "--no-title"]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "is_operations" in out and "confusion matrix" in out
    assert main(["evaluate", str(tmp_path / "missing.csv")]) == 2


def test_gate_calibration_rescales_other_and_keeps_subtype_proportions():
    from opsmatch.linear import gate_calibrate

    classes = np.array(["content_ops", "other", "user_ops"])
    proba = np.array([[0.3, 0.6, 0.1], [0.5, 0.2, 0.3], [0.25, 0.5, 0.25]])
    out = gate_calibrate(proba, classes, 0.5)
    assert np.allclose(out.sum(axis=1), 1.0)
    assert out[0, 1] > 0.6 and out[1, 1] < 0.2  # sharper: above one half rises, below falls
    assert np.isclose(out[2, 1], 0.5)  # one half stays
    assert np.allclose(out[:, 0] / out[:, 2], proba[:, 0] / proba[:, 2])  # sub-types keep their ratios
    assert gate_calibrate(proba, classes, 1.0) is proba
    assert gate_calibrate(proba, np.array(["a", "b", "c"]), 0.5) is proba


def test_cross_validated_numbers_are_fitted_exported_and_fixed_when_given(tmp_path, fitted, small):
    assert 0.05 < fitted.gate_temperature_ < 20 and fitted.gate_temperature_ != 1.0
    assert 0.0 <= fitted.title_weight_ <= 4.0
    assert 0.5 < fitted.title_rule_confidence_ < 1.0
    fast = LinearTextModel.load(fitted.export(tmp_path / "m.npz"))
    assert fast.meta["gate_temperature"] == fitted.gate_temperature_
    assert fast.meta["title_weight"] == fitted.title_weight_
    assert fast.meta["title_rule_confidence"] == fitted.title_rule_confidence_
    head = small.groupby("label", sort=False).head(8)
    fixed = SubtypeClassifier(gate_temperature=1.0, title_weight=0.5).fit(head[["text", "title"]], head["label"])
    assert fixed.gate_temperature_ == 1.0 and fixed.title_weight_ == 0.5


def test_switches_turn_the_rule_and_the_gate_off(small):
    head = small.groupby("label", sort=False).head(10)
    plain = SubtypeClassifier(title_rule=False, gate=False, title_weight=0.0).fit(
        head[["text", "title"]], head["label"]
    )
    assert plain.gate_model_ is None and not plain.gate_decision
    assert plain._title_rules() is None
    text = "负责日常运营工作"
    assert np.allclose(plain.predict_proba([(text, "社群运营")]), plain.predict_proba([text]))
    proba = plain.predict_proba([text])
    assert plain.predict([text])[0] == plain.classes_[proba.argmax()]


def test_fit_runs_blas_on_one_thread_and_restores_it(small):
    from threadpoolctl import threadpool_info

    before = [(i["internal_api"], i["num_threads"]) for i in threadpool_info()]
    head = small.groupby("label", sort=False).head(6)
    SubtypeClassifier(gate_temperature=1.0, title_weight=0.0).fit(head[["text", "title"]], head["label"])
    assert [(i["internal_api"], i["num_threads"]) for i in threadpool_info()] == before


_ROWS = st.lists(
    st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4).filter(lambda r: sum(r) > 1e-6), min_size=1, max_size=8
)
_CLASSES = np.array(["a", "b", "other", "c"])


def _normalized(rows: list[list[float]]) -> np.ndarray:
    proba = np.array(rows)
    return proba / proba.sum(axis=1, keepdims=True)


@given(_ROWS, st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8))
def test_compose_gate_takes_other_from_the_gate_and_keeps_sub_type_proportions(rows, gate):
    from opsmatch.linear import compose_gate

    proba = _normalized(rows)
    p_other = np.array(gate[: len(proba)])
    out = compose_gate(proba, p_other, _CLASSES)
    assert np.allclose(out.sum(axis=1), 1.0) and np.allclose(out[:, 2], p_other)
    ops = np.delete(proba, 2, axis=1)
    for before, after, p in zip(ops, np.delete(out, 2, axis=1), p_other):
        if before.sum() > 1e-9 and p < 1:
            assert np.allclose(after / after.sum(), before / before.sum())


@given(_ROWS)
def test_decide_and_confidences(rows):
    from opsmatch.linear import confidences, decide, margins

    proba = _normalized(rows)
    chosen = decide(proba, _CLASSES, gate=True)
    assert np.array_equal(chosen == 2, proba[:, 2] >= 0.5)  # other exactly when the gate says so
    for row, c in zip(proba, chosen):
        if c != 2:
            assert row[c] == np.delete(row, 2).max()  # else the best sub-type
    conf = confidences(proba, _CLASSES, gate=True)
    assert ((conf >= -1e-12) & (conf <= 1 + 1e-12)).all()
    assert np.array_equal(decide(proba, _CLASSES, gate=False), proba.argmax(axis=1))
    assert np.array_equal(confidences(proba, _CLASSES, gate=False), margins(proba))


def test_the_title_expert_abstains_on_a_spread_reading():
    from opsmatch.linear import combine_title, title_entropy

    desc = np.array([[0.6, 0.2, 0.1, 0.1], [0.6, 0.2, 0.1, 0.1]])
    title = np.array([[0.05, 0.85, 0.05, 0.05], [0.3, 0.3, 0.2, 0.2]])
    assert title_entropy(title)[0] < 0.5 <= title_entropy(title)[1]
    out = combine_title(desc, title, 2.0, abstain=0.5)
    assert out[0].argmax() == 1  # a clear title moves the answer
    assert np.array_equal(out[1], desc[1])  # a spread one leaves the description alone
    assert np.allclose(combine_title(desc, title, 0.0), desc)


def test_register_words_are_no_features_and_boilerplate_leaves_the_answer_alone(tmp_path, small):
    """With ``drop_register``, board boilerplate (src/opsmatch/data/register_words.txt) is no feature."""
    from opsmatch.classifier import register_words

    words = register_words()
    assert "岗位职责" in words and "五险一金" in words
    head = small.groupby("label", sort=False).head(10)
    fitted = SubtypeClassifier(drop_register=True).fit(head[["text", "title"]], head["label"])
    assert not set(words) & set(fitted.desc_vectorizer_.vocabulary_)
    kept = SubtypeClassifier(title_weight=0.0).fit(head[["text", "title"]], head["label"])
    assert not kept.drop_register and set(words) & set(kept.desc_vectorizer_.vocabulary_)
    text = "负责公众号的选题、撰写和排版，提升阅读量和粉丝数"
    padded = "岗位职责：" + text + "\n福利待遇：五险一金，带薪年假，双休，年终奖"
    tok = fitted._tokenizer()
    assert set(fitted.make_doc(padded, "", tok).tokens) - set(fitted.make_doc(text, "", tok).tokens) <= set(words)
    assert np.allclose(fitted.predict_proba([padded]), fitted.predict_proba([text]), atol=1e-12)
    fast = LinearTextModel.load(fitted.export(tmp_path / "m.npz"))  # the export reads the same features
    docs = [fitted.make_doc(padded, "", tok), fitted.make_doc(text, "", tok)]
    assert np.allclose(fast.predict_proba(docs), fitted.predict_proba(docs), atol=1e-12)
