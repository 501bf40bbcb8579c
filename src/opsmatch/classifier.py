"""Step 6 of the flow: the operations sub-type of a posting, by TF-IDF and linear models.

``SubtypeClassifier`` follows scikit-learn's estimator conventions (``fit`` / ``predict`` /
``predict_proba`` / ``classes_`` / ``get_params``; it works with ``clone`` and in a
``Pipeline``). Its inputs are postings: plain strings (descriptions), ``(text, title)``
pairs, or a DataFrame with ``text`` / ``title`` columns.

Two experts, each a logistic regression, are fitted separately and combined:

- the DESCRIPTION model: TF-IDF over the description's jieba tokens (the analyzer's
  lexicon-aware tokenizer, so lexicon words are whole features). Extra per-sub-type keyword
  counts were tried and cut macro-F1 on real postings (0.475 -> 0.388), so they are not used;
- the TITLE model: TF-IDF over character 1-3-grams of the title, so 产品运营实习生 and
  新媒体运营（公众号方向） read as what they are.

CALIBRATION of the is-it-operations question: balanced class weights leave ``other`` with the
prior of one sub-type, so the model is under-confident that a posting is not an operations job
and, on real postings, lets ``other`` win over operations postings whose probability is spread
over several sub-types. The probability of ``other`` is therefore rescaled on the logit scale,
``logit p'(other) = logit p(other) / gate_temperature``, the sub-types sharing the rest in
their original proportions. The gate temperature minimizes the 5-fold cross-validated log-loss
of other-vs-operations on the training postings (0.48 on the shipped corpus). It is applied to
the final probabilities (after the title is combined: measured slightly better with titles than
applying it to the description's alone). Measured on real postings (neitui, description only,
``benchmarks/eval_subtypes.py``): accuracy 0.451 -> 0.505, macro-F1 0.451 -> 0.500, top-2
0.652 -> 0.698, is_operations F1 0.755 -> 0.783 (precision 0.830 -> 0.758, recall 0.693 -> 0.809).

With a title, ``log p = log p_desc + title_weight * log p_title`` (renormalized): a title is
the strongest signal a posting has, yet a vague one (运营专员) leaves the choice to the text.
Without a title, the description model alone decides, exactly as it was trained.
Models are saved with skops: loading runs no arbitrary code and refuses unknown types.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from opsmatch._version import __version__
from opsmatch.errors import ModelLoadError
from opsmatch.fingerprint import lexicon_fingerprint
from opsmatch.lexicon import load_lexicon
from opsmatch.linear import Doc, LinearTextModel, gate_calibrate, margin, word_grams
from opsmatch.normalize import normalize
from opsmatch.tokenizer import Tokenizer, jieba_can_hold

__all__ = ["DEFAULT_EXPORT_PATH", "DEFAULT_MODEL_PATH", "Doc", "ModelLoadError", "SubtypeClassifier", "TokenNgrams"]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "models" / "default.skops"
"""The shipped estimator (skops): for training, ``clone`` and evaluation."""
DEFAULT_EXPORT_PATH = DEFAULT_MODEL_PATH.with_suffix(".npz")
"""The same model exported for fast NumPy inference (what ``Analyzer()`` loads)."""


class TokenNgrams:
    """TF-IDF analyzer over pre-tokenized text: the tokens, plus adjacent pairs when ``n == 2``.

    A module-level class, not a lambda, so the vectorizer can be saved (scikit-learn #6184).
    """

    def __init__(self, n: int = 1) -> None:
        self.n = n

    def __call__(self, tokens: Sequence[str]) -> list[str]:
        return word_grams(tokens, self.n)


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

    >>> clf = SubtypeClassifier().fit(
    ...     ["负责社群拉新和留存", "负责公众号推文写作", "Java后端开发"] * 3,
    ...     ["user_ops", "new_media_ops", "other"] * 3,
    ... )
    >>> clf.predict(["Java开发工程师"])[0]
    'other'
    """

    def __init__(
        self,
        title_weight: float = 2.0,
        C: float = 10.0,
        title_C: float = 10.0,
        ngrams: int = 1,
        min_df: int = 2,
        class_weight: str | None = "balanced",
        other_weight: float = 1.0,
        gate_temperature: float | None = None,
        lexicon_dir: str | None = None,
    ) -> None:
        self.title_weight = title_weight
        self.C = C
        self.title_C = title_C
        self.ngrams = ngrams
        self.min_df = min_df
        self.class_weight = class_weight
        self.other_weight = other_weight
        self.gate_temperature = gate_temperature
        self.lexicon_dir = lexicon_dir

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

    # -- estimator API -------------------------------------------------------------------
    def fit(self, X: Any, y: Iterable[str]) -> SubtypeClassifier:
        """Fit on postings ``X`` and their sub-type ids ``y`` (deterministic)."""
        lexicon = load_lexicon(self.lexicon_dir)
        self.tokenizer_words_ = sorted(w for w in lexicon.surface_forms() if jieba_can_hold(w))
        self.lexicon_fingerprint_ = lexicon_fingerprint(lexicon)
        labels = np.asarray(list(y), dtype=object)
        if not hasattr(X, "columns") and not isinstance(X, (list, tuple)):
            X = list(X)
        docs = self._docs(X)
        if len(docs) != len(labels):
            raise ValueError(f"X has {len(docs)} postings but y has {len(labels)} labels")
        self.desc_vectorizer_ = TfidfVectorizer(
            analyzer=TokenNgrams(self.ngrams),
            sublinear_tf=True,
            min_df=self.min_df,
            dtype=np.float64,
        ).fit([d.tokens for d in docs])
        features = self._features(docs)
        self.model_ = LogisticRegression(C=self.C, max_iter=5000)
        self.model_.fit(features, labels, sample_weight=self._sample_weight(labels))
        self.classes_ = self.model_.classes_
        self.gate_temperature_ = (
            float(self.gate_temperature) if self.gate_temperature else self._cv_gate_temperature(features, labels)
        )
        titled = [i for i, d in enumerate(docs) if d.title]
        self.title_vectorizer_ = self.title_model_ = None
        if titled and len(set(labels[titled])) == len(self.classes_):
            self.title_vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
            self.title_model_ = LogisticRegression(C=self.title_C, max_iter=5000)
            self.title_model_.fit(
                self.title_vectorizer_.fit_transform([docs[i].title for i in titled]),
                labels[titled],
                sample_weight=self._sample_weight(labels[titled]),
            )
        self.opsmatch_version_ = __version__
        self.sklearn_version_ = _sklearn_version()
        return self

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
        proba = np.asarray(self.model_.predict_proba(self._features(docs)))
        titled = [i for i, d in enumerate(docs) if d.title]
        if titled and self.title_model_ is not None and self.title_vectorizer_ is not None and self.title_weight:
            p_title = self.title_model_.predict_proba(self.title_vectorizer_.transform([docs[i].title for i in titled]))
            log_p = np.log(proba[titled] + 1e-12) + self.title_weight * np.log(p_title + 1e-12)
            log_p -= log_p.max(axis=1, keepdims=True)
            combined = np.exp(log_p)
            proba[titled] = combined / combined.sum(axis=1, keepdims=True)
        return gate_calibrate(proba, self.classes_, getattr(self, "gate_temperature_", 1.0))

    def _cv_gate_temperature(self, features: Any, labels: np.ndarray) -> float:
        """The gate temperature minimizing the 5-fold cross-validated other-vs-operations log-loss.

        1.0 (no rescaling) without an ``other`` class or with too few rows. Folds are stratified
        and seeded, so training stays deterministic.
        """
        from scipy.optimize import minimize_scalar
        from sklearn.base import clone
        from sklearn.model_selection import StratifiedKFold

        folds = min(5, int(min(np.unique(labels, return_counts=True)[1])))
        if folds < 2 or "other" not in set(labels):
            return 1.0
        proba = np.zeros((len(labels), len(self.classes_)))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(labels)), labels):
            fold = clone(self.model_).fit(
                features[train], labels[train], sample_weight=self._sample_weight(labels[train])
            )
            proba[test] = fold.predict_proba(features[test])
        is_other = labels == "other"

        def log_loss(log_t: float) -> float:
            p = np.clip(gate_calibrate(proba, self.classes_, float(np.exp(log_t)))[:, self._other], 1e-12, 1 - 1e-12)
            return float(-np.mean(np.where(is_other, np.log(p), np.log1p(-p))))

        best = minimize_scalar(log_loss, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
        return float(np.exp(best.x))

    @property
    def lexicon_fingerprint(self) -> str | None:
        """The fingerprint of the lexicon this model was fitted with (``opsmatch.fingerprint``)."""
        value = getattr(self, "lexicon_fingerprint_", None)
        return None if value is None else str(value)

    @property
    def _other(self) -> int:
        return int(list(self.classes_).index("other"))

    def predict(self, X: Any) -> np.ndarray:
        """The most probable sub-type id of each posting."""
        proba = self.predict_proba(X)
        return np.asarray(self.classes_[np.argmax(proba, axis=1)]) if len(proba) else np.array([], dtype=object)

    def top_k(self, text: str, k: int = 3, title: str = "") -> list[tuple[str, float]]:
        """The ``k`` most probable sub-types of one posting with their probabilities.

        The gap between the first two is the confidence ``margin``.
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


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)


_TRUSTED = frozenset(
    {
        "opsmatch.classifier.SubtypeClassifier",
        "opsmatch.classifier.TokenNgrams",
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
