"""Step 6 of the flow: the operations sub-type of a posting, from its description and title.

``SubtypeClassifier`` follows scikit-learn's estimator conventions (``fit`` / ``predict`` /
``predict_proba`` / ``classes_`` / ``get_params``; it works with ``clone`` and in a
``Pipeline``). Its inputs are postings: plain strings (descriptions), ``(text, title)``
pairs, or a DataFrame with ``text`` / ``title`` columns.

What it combines, and why:

- the DESCRIPTION expert, a logistic regression on TF-IDF of the description's jieba tokens
  (lexicon words stay whole). It decides alone when there is no title;
- the TITLE RULE (``opsmatch.titles``): a title holding an unambiguous sub-type keyword and no
  veto word names that sub-type, which then wins — the employer's word, right on most real
  titles that hold one. It weighs as much as it is right on the training titles it reads;
- the TITLE EXPERT, a logistic regression on character 1-3-grams of the title, for the other
  titles. Real titles are vaguer than written ones (运营, 运营专员) and mislead as often as
  they help, so its weight in ``log p = log p_desc + w * log p_title`` is fitted by
  cross-validation on the training postings whose titles the rule does not read;
- a GATE CALIBRATION of ``other`` (not an operations job): balanced class weights leave it the
  prior of one sub-type, so its probability is rescaled on the logit scale by a temperature
  fitted by cross-validation (``opsmatch.linear.gate_calibrate``).

Training runs BLAS on one thread: the problem is small, and on a shared two-core machine
OpenBLAS threads made fitting ten times slower. Models are saved with skops: loading runs no
code and refuses unknown types. Measurements of each choice: ``benchmarks/eval_subtypes.py``
and the README's accuracy section.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from opsmatch._version import __version__
from opsmatch.errors import ModelLoadError
from opsmatch.fingerprint import lexicon_fingerprint
from opsmatch.lexicon import load_lexicon
from opsmatch.linear import (
    Doc,
    LinearTextModel,
    combine_title,
    compose_gate,
    decide,
    gate_calibrate,
    margin,
    title_entropy,
    title_grams,
    word_grams,
)
from opsmatch.normalize import normalize
from opsmatch.titles import TitleRules, apply_title_rule
from opsmatch.tokenizer import Tokenizer, jieba_can_hold

__all__ = [
    "DEFAULT_EXPORT_PATH",
    "DEFAULT_MODEL_PATH",
    "REGISTER_WORDS_PATH",
    "Doc",
    "ModelLoadError",
    "SubtypeClassifier",
    "TitleGrams",
    "TokenNgrams",
]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "models" / "default.skops"
"""The shipped estimator (skops): for training, ``clone`` and evaluation."""
DEFAULT_EXPORT_PATH = DEFAULT_MODEL_PATH.with_suffix(".npz")
"""The same model exported for fast NumPy inference (what ``Analyzer()`` loads)."""


REGISTER_WORDS_PATH = Path(__file__).resolve().parent / "data" / "register_words.txt"
"""Board boilerplate (section headings, degrees, perks, generic traits): no sub-type signal."""


@lru_cache(maxsize=4)
def register_words(path: Path = REGISTER_WORDS_PATH) -> tuple[str, ...]:
    """The words of a register file (one a line, ``#`` comments), normalized, sorted."""
    from opsmatch.normalize import normalize_term

    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(sorted({normalize_term(w.strip()) for w in lines if w.strip() and not w.lstrip().startswith("#")}))


@lru_cache(maxsize=4)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


class TokenNgrams:
    """TF-IDF analyzer over pre-tokenized text: the tokens, plus adjacent pairs when ``n == 2``.

    Single words in ``drop`` (the register words) are left out, so they are not features; pairs
    are made from every token, so an exported model reading the same tokens agrees (words it
    does not know are ignored). A module-level class, not a lambda, so the vectorizer can be
    saved (scikit-learn #6184).
    """

    def __init__(self, n: int = 1, drop: tuple[str, ...] = ()) -> None:
        self.n = n
        self.drop = drop

    def __call__(self, tokens: Sequence[str]) -> list[str]:
        grams = word_grams(tokens, self.n)
        drop = getattr(self, "drop", ())
        if not drop:
            return grams
        skip = _word_set(drop)
        return [g for g in grams if g not in skip]


class TitleGrams:
    """TF-IDF analyzer of titles: ``opsmatch.linear.title_grams`` (a class, so the vectorizer saves)."""

    def __init__(self, lo: int = 1, hi: int = 3) -> None:
        self.lo = lo
        self.hi = hi

    def __call__(self, title: str) -> list[str]:
        return title_grams(title, self.lo, self.hi)


def _split_inputs(X: Any) -> tuple[list[str], list[str]]:
    """Descriptions and titles from strings, (text, title) pairs, or a text/title DataFrame."""
    if hasattr(X, "columns"):
        texts = ["" if v is None or v != v else str(v) for v in X["text"]]
        titles = X["title"] if "title" in X.columns else [""] * len(texts)
        return texts, ["" if v is None or v != v else str(v) for v in titles]
    texts, titles = [], []
    for item in X:
        if isinstance(item, str):
            texts.append(item)
            titles.append("")
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            texts.append("" if item[0] is None else str(item[0]))
            titles.append("" if item[1] is None else str(item[1]))
        else:
            raise TypeError(f"a posting must be a str or a (text, title) pair, got {type(item).__name__}")
    return texts, titles


class SubtypeClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Operations sub-type classifier (scikit-learn estimator).

    ``title_weight`` and ``gate_temperature`` are fitted by 5-fold cross-validation on the
    training postings when left ``None``; ``title_rule=False`` turns the title rule off.

    >>> clf = SubtypeClassifier().fit(
    ...     [("负责社群拉新和留存", "用户运营"), ("负责公众号推文写作", "新媒体运营"), ("Java后端开发", "工程师")] * 3,
    ...     ["user_ops", "new_media_ops", "other"] * 3,
    ... )
    >>> clf.predict(["Java开发工程师"])[0]
    'other'
    >>> clf.predict([("负责日常运营工作", "新媒体运营专员")])[0]  # the title names the sub-type
    'new_media_ops'
    """

    drop_register = False
    """Models saved before this parameter existed read their descriptions whole (get_params finds this)."""

    def __init__(
        self,
        title_weight: float | None = None,
        C: float = 10.0,
        title_C: float = 10.0,
        ngrams: int = 1,
        min_df: int = 2,
        class_weight: str | None = "balanced",
        other_weight: float = 1.0,
        gate_temperature: float | None = None,
        title_rule: bool = True,
        title_abstain: float = 0.5,
        gate: bool = True,
        lexicon_dir: str | None = None,
        drop_register: bool = False,
    ) -> None:
        self.title_weight = title_weight
        self.C = C
        self.title_C = title_C
        self.ngrams = ngrams
        self.min_df = min_df
        self.class_weight = class_weight
        self.other_weight = other_weight
        self.gate_temperature = gate_temperature
        self.title_rule = title_rule
        self.title_abstain = title_abstain
        self.gate = gate
        self.lexicon_dir = lexicon_dir
        self.drop_register = drop_register

    # -- featurization -------------------------------------------------------------------
    def _tokenizer(self) -> Tokenizer:
        return Tokenizer(self.tokenizer_words_)

    def make_doc(self, text: str, title: str = "", tokenizer: Tokenizer | None = None) -> Doc:
        """The ``Doc`` of a raw posting (normalize, tokenize)."""
        tok = tokenizer or self._tokenizer()
        return Doc.from_words(tok.words(normalize(text).text), title)

    def _features(self, docs: Sequence[Doc]) -> Any:
        return self.desc_vectorizer_.transform([d.tokens for d in docs])

    def _docs(self, X: Any) -> list[Doc]:
        if isinstance(X, Sequence) and X and all(isinstance(d, Doc) for d in X):
            return list(X)
        texts, titles = _split_inputs(X)
        tok = self._tokenizer()
        return [self.make_doc(t, ti, tok) for t, ti in zip(texts, titles)]

    def _title_rules(self) -> TitleRules | None:
        keywords = getattr(self, "title_keywords_", None)
        if not self.title_rule or not keywords:
            return None
        return _rules(tuple(keywords.items()), tuple(self.title_vetoes_))

    # -- estimator API -------------------------------------------------------------------
    def fit(self, X: Any, y: Iterable[str]) -> SubtypeClassifier:
        """Fit on postings ``X`` and their sub-type ids ``y`` (deterministic)."""
        with threadpool_limits(limits=1, user_api="blas"):
            return self._fit(X, y)

    def _fit(self, X: Any, y: Iterable[str]) -> SubtypeClassifier:
        lexicon = load_lexicon(self.lexicon_dir)
        self.tokenizer_words_ = sorted(w for w in lexicon.surface_forms() if jieba_can_hold(w))
        self.lexicon_fingerprint_ = lexicon_fingerprint(lexicon)
        rules = TitleRules.from_lexicon(lexicon)
        self.title_keywords_, self.title_vetoes_ = dict(rules.keywords), list(rules.vetoes)
        labels = np.asarray(list(y), dtype=object)
        if not hasattr(X, "columns") and not isinstance(X, (list, tuple)):
            X = list(X)
        docs = self._docs(X)
        if len(docs) != len(labels):
            raise ValueError(f"X has {len(docs)} postings but y has {len(labels)} labels")
        self.register_words_ = register_words() if self.drop_register else ()
        self.desc_vectorizer_ = TfidfVectorizer(
            analyzer=TokenNgrams(self.ngrams, self.register_words_),
            sublinear_tf=True,
            min_df=self.min_df,
            dtype=np.float64,
        ).fit([d.tokens for d in docs])
        features = self._features(docs)
        self.model_ = self._new_model(self.C).fit(features, labels, sample_weight=self._sample_weight(labels))
        self.classes_ = self.model_.classes_
        self.gate_model_ = self._fit_gate(features, labels)
        titled = np.array([i for i, d in enumerate(docs) if d.title], dtype=np.int64)
        self.title_vectorizer_ = self.title_model_ = None
        if len(titled) and len(set(labels[titled])) == len(self.classes_):
            self.title_vectorizer_, self.title_model_ = self._fit_title([docs[i].title for i in titled], labels[titled])
        folds = self._folds(labels)
        needs_cv = not self.gate_temperature or self.title_weight is None
        desc_oof = self._out_of_fold_desc(features, labels, folds) if needs_cv else None
        self.gate_temperature_ = (
            float(self.gate_temperature) if self.gate_temperature else self._cv_gate_temperature(desc_oof, labels)
        )
        readings = [rules.read_normalized(d.title) if self.title_rule and d.title else None for d in docs]
        self.title_rule_confidence_ = _rule_confidence(readings, labels)
        self.title_weight_ = (
            float(self.title_weight)
            if self.title_weight is not None
            else self._cv_title_weight(docs, labels, folds, desc_oof, readings)
        )
        self.opsmatch_version_ = __version__
        self.sklearn_version_ = _sklearn_version()
        return self

    @staticmethod
    def _new_model(C: float) -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=5000)

    def _fit_gate(self, features: Any, labels: np.ndarray) -> LogisticRegression | None:
        """The other-vs-operations model: every sub-type's postings pooled against ``other``.

        Pooled, operations postings weigh as one class, where the multinomial gives ``other``
        the weight of one sub-type among fourteen. ``None`` when off or without both sides.
        """
        is_other = np.asarray(labels == "other", dtype=bool)
        if not self.gate or is_other.all() or not is_other.any():
            return None
        from sklearn.utils.class_weight import compute_sample_weight

        weights = compute_sample_weight(self.class_weight, is_other) if self.class_weight else np.ones(len(labels))
        weights = np.where(is_other, weights * self.other_weight, weights)
        return self._new_model(self.C).fit(features, is_other, sample_weight=weights)

    def _description_proba(
        self, features: Any, model: LogisticRegression, gate: LogisticRegression | None
    ) -> np.ndarray:
        """The description's probabilities: the sub-types' from ``model``, ``other``'s from the gate."""
        proba = np.asarray(model.predict_proba(features))
        if gate is None:
            return proba
        return compose_gate(proba, np.asarray(gate.predict_proba(features))[:, 1], self.classes_)

    def _fit_title(self, titles: list[str], labels: np.ndarray) -> tuple[TfidfVectorizer, LogisticRegression]:
        vectorizer = TfidfVectorizer(analyzer=TitleGrams(1, 3), sublinear_tf=True)
        model = self._new_model(self.title_C)
        model.fit(vectorizer.fit_transform(titles), labels, sample_weight=self._sample_weight(labels))
        return vectorizer, model

    def _sample_weight(self, labels: np.ndarray) -> np.ndarray:
        """``class_weight`` ("balanced" or None) per row, with ``other`` scaled by ``other_weight``.

        Balanced weights give ``other`` the prior of ONE sub-type; on a real board most
        postings are not operations jobs, so ``other_weight`` > 1 trades recall of
        is_operations for precision.
        """
        from sklearn.utils.class_weight import compute_sample_weight

        weights = compute_sample_weight(self.class_weight, labels) if self.class_weight else np.ones(len(labels))
        return np.asarray(np.where(labels == "other", weights * self.other_weight, weights), dtype=np.float64)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probabilities, one row per posting, columns in ``classes_`` order; rows sum to 1."""
        docs = self._docs(X)
        if not docs:
            return np.zeros((0, len(self.classes_)))
        proba = self._description_proba(self._features(docs), self.model_, getattr(self, "gate_model_", None))
        rules = self._title_rules()
        readings = [rules.read_normalized(d.title) if rules and d.title else None for d in docs]
        weight = getattr(self, "title_weight_", self.title_weight)
        expert = [i for i, d in enumerate(docs) if d.title and readings[i] is None]
        if expert and self.title_model_ is not None and self.title_vectorizer_ is not None and weight:
            p_title = self.title_model_.predict_proba(self.title_vectorizer_.transform([docs[i].title for i in expert]))
            proba[expert] = combine_title(proba[expert], p_title, weight, self.title_abstain)
        proba = gate_calibrate(proba, self.classes_, getattr(self, "gate_temperature_", 1.0))
        return apply_title_rule(proba, self.classes_, readings, getattr(self, "title_rule_confidence_", 0.0))

    # -- cross-validated choices -----------------------------------------------------------
    @staticmethod
    def _folds(labels: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Stratified, seeded folds (up to 5; none when a class has a single posting)."""
        from sklearn.model_selection import StratifiedKFold

        k = min(5, int(min(np.unique(labels, return_counts=True)[1])))
        if k < 2:
            return []
        return list(StratifiedKFold(k, shuffle=True, random_state=0).split(np.zeros(len(labels)), labels))

    def _out_of_fold_desc(
        self, features: Any, labels: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray | None:
        """Description probabilities of each training posting from a model that did not see it."""
        if not folds:
            return None
        proba = np.zeros((len(labels), len(self.classes_)))
        for train, test in folds:
            fold = self._new_model(self.C).fit(
                features[train], labels[train], sample_weight=self._sample_weight(labels[train])
            )
            gate = self._fit_gate(features[train], labels[train]) if self.gate_model_ is not None else None
            proba[test] = self._description_proba(features[test], fold, gate)
        return proba

    def _cv_gate_temperature(self, desc_oof: np.ndarray | None, labels: np.ndarray) -> float:
        """The gate temperature minimizing the cross-validated other-vs-operations log-loss.

        1.0 (no rescaling) without an ``other`` class or with too few postings to fold.
        """
        from scipy.optimize import minimize_scalar

        if desc_oof is None or "other" not in set(labels):
            return 1.0
        is_other = labels == "other"

        def log_loss(log_t: float) -> float:
            p = gate_calibrate(desc_oof, self.classes_, float(np.exp(log_t)))[:, self._other]
            p = np.clip(p, 1e-12, 1 - 1e-12)
            return float(-np.mean(np.where(is_other, np.log(p), np.log1p(-p))))

        best = minimize_scalar(log_loss, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
        return float(np.exp(best.x))

    def _cv_title_weight(
        self,
        docs: Sequence[Doc],
        labels: np.ndarray,
        folds: list[tuple[np.ndarray, np.ndarray]],
        desc_oof: np.ndarray | None,
        readings: Sequence[str | None],
    ) -> float:
        """The title expert's weight minimizing the cross-validated log-loss where it speaks.

        It speaks on titled postings the rule does not read and whose reading is not spread
        (normalized entropy below ``title_abstain``), so the weight is fitted on those alone
        (0 when there are too few, or no title expert).
        """
        from scipy.optimize import minimize_scalar

        candidates = np.array([i for i, d in enumerate(docs) if d.title and readings[i] is None], dtype=np.int64)
        if desc_oof is None or self.title_model_ is None or len(candidates) < 10:
            return 0.0
        titled = np.array([i for i, d in enumerate(docs) if d.title], dtype=np.int64)
        p_title = np.full((len(labels), len(self.classes_)), 1.0 / len(self.classes_))
        for train, test in folds:
            train_titled = np.intersect1d(train, titled)
            if len(set(labels[train_titled])) < len(self.classes_):
                return 0.0
            vectorizer, model = self._fit_title([docs[i].title for i in train_titled], labels[train_titled])
            test_titled = np.intersect1d(test, titled)
            p_title[test_titled] = model.predict_proba(vectorizer.transform([docs[i].title for i in test_titled]))
        rows = candidates[title_entropy(p_title[candidates]) < self.title_abstain]
        if len(rows) < 10:
            return 0.0
        truth = np.searchsorted(self.classes_, labels[rows])

        def log_loss(weight: float) -> float:
            p = gate_calibrate(
                combine_title(desc_oof[rows], p_title[rows], weight), self.classes_, self.gate_temperature_
            )
            return float(-np.mean(np.log(np.clip(p[np.arange(len(rows)), truth], 1e-12, 1.0))))

        best = minimize_scalar(log_loss, bounds=(0.0, 4.0), method="bounded")
        return float(best.x) if log_loss(best.x) < log_loss(0.0) else 0.0

    @property
    def lexicon_fingerprint(self) -> str | None:
        """The fingerprint of the lexicon this model was fitted with (``opsmatch.fingerprint``)."""
        value = getattr(self, "lexicon_fingerprint_", None)
        return None if value is None else str(value)

    @property
    def _other(self) -> int:
        return int(list(self.classes_).index("other"))

    def predict(self, X: Any) -> np.ndarray:
        """The sub-type id of each posting (``opsmatch.linear.decide``: the gate, then the best sub-type)."""
        proba = self.predict_proba(X)
        if not len(proba):
            return np.array([], dtype=object)
        return np.asarray(self.classes_[decide(proba, self.classes_, self.gate_decision)])

    @property
    def gate_decision(self) -> bool:
        """Whether ``other`` is decided by the gate rather than by argmax."""
        return getattr(self, "gate_model_", None) is not None

    def top_k(self, text: str, k: int = 3, title: str = "") -> list[tuple[str, float]]:
        """The ``k`` most probable sub-types of one posting with their probabilities.

        How sure the answer is: ``opsmatch.linear.confidences`` (what ``subtype_confidence`` holds).
        """
        proba = self.predict_proba([(text, title)])[0]
        order = np.argsort(-proba)[:k]
        return [(str(self.classes_[i]), float(proba[i])) for i in order]

    margin = staticmethod(margin)

    def export(self, path: str | Path) -> Path:
        """Write the fast, scikit-learn-free ``.npz`` form of this model (see ``opsmatch.linear``)."""
        return LinearTextModel.from_estimator(self).save(path)

    # -- persistence ---------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Save with skops (stamped with the opsmatch and scikit-learn versions)."""
        import skops.io as sio

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        sio.dump(self, path)
        return path

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_PATH, *, strict: bool = False) -> SubtypeClassifier:
        """Load a model saved by ``save``, running no code from the file.

        Types outside opsmatch's own and scikit-learn's refuse to load (``ModelLoadError``).
        A model stamped with another scikit-learn version warns, or raises when ``strict``.
        """
        import skops.io as sio

        path = Path(path)
        try:
            untrusted = sio.get_untrusted_types(file=path)
        except Exception as exc:
            raise ModelLoadError(f"{path}: not a readable opsmatch model file ({exc})") from exc
        unknown = [t for t in untrusted if t not in _TRUSTED]
        if unknown:
            raise ModelLoadError(f"{path}: refused, it holds types opsmatch does not trust: {', '.join(unknown)}")
        try:
            obj = sio.load(path, trusted=[t for t in untrusted if t in _TRUSTED])
        except Exception as exc:
            raise ModelLoadError(f"{path}: cannot be loaded ({exc})") from exc
        if not isinstance(obj, cls):
            raise ModelLoadError(f"{path}: holds a {type(obj).__name__}, not a SubtypeClassifier")
        try:
            exported = LinearTextModel.from_estimator(obj)
        except Exception as exc:
            raise ModelLoadError(f"{path}: not a fitted SubtypeClassifier ({type(exc).__name__}: {exc})") from exc
        exported.check(path)
        stamped = getattr(obj, "sklearn_version_", None)
        if stamped != _sklearn_version():
            msg = f"{path}: saved with scikit-learn {stamped}, running {_sklearn_version()}"
            if strict:
                raise ModelLoadError(msg)
            warnings.warn(msg + "; retrain with `opsmatch train` if results look wrong", stacklevel=2)
        return obj


@lru_cache(maxsize=16)
def _rules(keywords: tuple[tuple[str, str], ...], vetoes: tuple[str, ...]) -> TitleRules:
    """The title rules of a fitted model, built once per distinct rule set (regexes compile once)."""
    return TitleRules(dict(keywords), vetoes)


def _rule_confidence(readings: Sequence[str | None], labels: np.ndarray) -> float:
    """How often the title rule is right on the training titles it reads (Laplace-smoothed).

    0 when it reads none of them: an untested rule gets no weight.
    """
    read = [(r, label) for r, label in zip(readings, labels) if r is not None]
    if not read:
        return 0.0
    right = sum(bool(r == label) for r, label in read)
    return (right + 1) / (len(read) + 2)


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)


_TRUSTED = frozenset(
    {
        "opsmatch.classifier.SubtypeClassifier",
        "opsmatch.classifier.TokenNgrams",
        "opsmatch.classifier.TitleGrams",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.feature_extraction.text.CountVectorizer",
        "numpy.dtype",
        "numpy.float64",
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
        "builtins.NoneType",
    }
)
