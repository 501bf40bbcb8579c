"""Fast, safe inference for a fitted ``SubtypeClassifier``: NumPy only, no scikit-learn import.

``LinearTextModel`` holds what prediction needs (vocabularies, idf weights, coefficients) and
computes exactly what the scikit-learn estimator computes (sublinear TF-IDF, L2 norm, linear
scores, softmax, title combination). It is saved as a ``.npz`` file read with
``allow_pickle=False``, so loading runs no code and needs neither scikit-learn nor skops:
that is what makes a cold ``opsmatch analyze`` quick. The ``.skops`` file stays the full
estimator for training, ``clone`` and evaluation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from opsmatch._version import __version__
from opsmatch.errors import ModelLoadError
from opsmatch.normalize import normalize
from opsmatch.titles import TitleRules, apply_title_rule
from opsmatch.tokenizer import feature_tokens

__all__ = [
    "FORMAT",
    "Doc",
    "LinearTextModel",
    "combine_title",
    "compose_gate",
    "confidences",
    "decide",
    "gate_calibrate",
    "margin",
    "margins",
    "title_entropy",
    "title_grams",
]

FORMAT = "opsmatch-linear-1"
_WHITE = re.compile(r"\s\s+")


@dataclass(frozen=True)
class Doc:
    """A posting as the models see it: description tokens and the normalized title."""

    tokens: tuple[str, ...]
    title: str = ""

    @classmethod
    def from_words(cls, words: Iterable[str], title: str | None = None, *, all_tokens: bool = False) -> Doc:
        """The ``Doc`` of a posting's jieba words (of its normalized text) and its raw title.

        ``all_tokens`` keeps every token, not only feature tokens: a word model (no pairs)
        gives the same scores either way, since its vocabulary holds feature tokens only, and
        skipping the filter pays (``benchmarks/compare_moment.py``: ~5% of a posting with rjieba).
        """
        tokens = tuple(words) if all_tokens else tuple(feature_tokens(words))
        return cls(tokens, normalize(title).text.strip() if title else "")


def margins(proba: np.ndarray) -> np.ndarray:
    """``margin`` of every row of a probability matrix at once.

    >>> margins(np.array([[0.7, 0.2, 0.1], [0.4, 0.5, 0.1]])).round(2).tolist()
    [0.5, 0.1]
    """
    if proba.shape[1] < 2:
        return proba[:, 0].copy() if proba.shape[1] else np.zeros(len(proba))
    top2 = -np.partition(-proba, 1, axis=1)[:, :2]
    result: np.ndarray = top2[:, 0] - top2[:, 1]
    return result


def margin(proba: Sequence[float]) -> float:
    """Top-1 minus top-2 probability: a confidence users can act on.

    SOCcer found expert agreement of 0.7-0.8 where the top score is >= 0.3 and this margin
    >= 0.1, and 0.3-0.5 elsewhere.
    """
    top = sorted(proba, reverse=True)
    return float(top[0] - (top[1] if len(top) > 1 else 0.0))


@dataclass(frozen=True)
class _Linear:
    """A sublinear TF-IDF vocabulary and the linear layer on top of it."""

    vocab: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # (n_classes, n_features)
    intercept: np.ndarray

    @classmethod
    def from_fitted(cls, vectorizer: Any, model: Any) -> _Linear:
        """From a fitted ``TfidfVectorizer`` and the linear model on top of it."""
        return cls(
            {k: int(v) for k, v in vectorizer.vocabulary_.items()},
            np.asarray(vectorizer.idf_, dtype=np.float64),
            np.asarray(model.coef_, dtype=np.float64),
            np.asarray(model.intercept_, dtype=np.float64),
        )

    def scores(self, grams: list[list[str]], gate: _Gate | None = None) -> np.ndarray:
        """Linear scores of many documents at once: one dictionary look-up per gram, the rest in NumPy.

        With a ``gate`` (a linear layer over the same features), its score is one more column,
        from the same TF-IDF weights: one pass over the words for both.
        """
        n_docs, n_vocab, n_out = len(grams), len(self.vocab), self.coef.shape[0]
        intercept = self.intercept if gate is None else np.concatenate([self.intercept, gate.intercept])
        out = np.zeros((n_docs, len(intercept)))
        flat = list(chain.from_iterable(grams))
        idx = np.fromiter(map(self.vocab.get, flat, repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
        if not idx.size:
            empty: np.ndarray = out + intercept
            return empty
        owner = np.repeat(np.arange(n_docs), [len(doc) for doc in grams])
        known = idx >= 0
        cells, tf = np.unique(owner[known] * n_vocab + idx[known], return_counts=True)
        if not cells.size:
            no_cells: np.ndarray = out + intercept
            return no_cells
        doc, col = cells // n_vocab, cells % n_vocab  # sorted by document
        w = (1.0 + np.log(tf)) * self.idf[col]
        firsts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        present = doc[firsts]
        w /= np.repeat(np.sqrt(np.add.reduceat(w * w, firsts)), np.diff(np.r_[firsts, doc.size]))
        out[present, :n_out] = np.add.reduceat(self.coef_t[col] * w[:, None], firsts, axis=0)
        if gate is not None:  # a separate 1-D sum: reduceat over 16 columns is far slower than 15 + 1
            out[present, n_out] = np.add.reduceat(gate.coef[0][col] * w, firsts)
        result: np.ndarray = out + intercept
        return result

    @cached_property
    def coef_t(self) -> np.ndarray:
        """``coef`` as (n_features, n_classes), C-ordered: a feature's weights are one row to gather."""
        return np.ascontiguousarray(self.coef.T)


@dataclass(frozen=True)
class _Gate:
    """The other-vs-operations gate: a binary linear layer over the description's TF-IDF."""

    coef: np.ndarray  # (1, n_features): the log-odds of ``other``
    intercept: np.ndarray  # (1,)

    @classmethod
    def from_fitted(cls, model: Any) -> _Gate:
        """From a fitted binary ``LogisticRegression`` whose positive class is ``other``."""
        if list(model.classes_) != [False, True]:
            raise ValueError(f"the gate must be fitted on is-other booleans, has classes {list(model.classes_)}")
        return cls(np.asarray(model.coef_, dtype=np.float64), np.asarray(model.intercept_, dtype=np.float64))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return result


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    result: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return result


def gate_calibrate(proba: np.ndarray, classes: Sequence[str] | np.ndarray, temperature: float) -> np.ndarray:
    """Rescale p(``other``) on the logit scale by ``1 / temperature``; the other classes share the rest.

    The classes' proportions among themselves are kept, so only the is-operations question is
    re-calibrated. A no-op when ``temperature`` is 1 or there is no ``other`` class.
    """
    names = [str(c) for c in classes]
    if temperature == 1.0 or "other" not in names or not len(proba):
        return proba
    k = names.index("other")
    p = np.clip(proba[:, k], 1e-12, 1 - 1e-12)
    new = 1.0 / (1.0 + np.exp(-(np.log(p) - np.log1p(-p)) / temperature))
    out: np.ndarray = proba * ((1.0 - new) / (1.0 - p))[:, None]
    out[:, k] = new
    return out


def compose_gate(p_desc: np.ndarray, p_other: np.ndarray, classes: Sequence[str] | np.ndarray) -> np.ndarray:
    """The gate's probability of ``other``; the description's proportions among the sub-types.

    >>> compose_gate(np.array([[0.2, 0.6, 0.2]]), np.array([0.5]), ["a", "other", "b"]).tolist()
    [[0.25, 0.5, 0.25]]
    """
    k = [str(c) for c in classes].index("other")
    shares = p_desc.copy()
    shares[:, k] = 0.0
    total = shares.sum(axis=1, keepdims=True)
    shares = np.divide(shares, total, out=np.full_like(shares, 1.0 / max(shares.shape[1] - 1, 1)), where=total > 0)
    shares[:, k] = 0.0
    out: np.ndarray = shares * (1.0 - p_other)[:, None]
    out[:, k] = p_other
    return out


def decide(proba: np.ndarray, classes: Sequence[str] | np.ndarray, gate: bool) -> np.ndarray:
    """The column of each row's answer: the most probable class, or with a ``gate`` the two steps
    it answers — ``other`` when its probability is at least one half, else the best sub-type.

    >>> decide(np.array([[0.3, 0.45, 0.25], [0.2, 0.6, 0.2]]), ["a", "other", "b"], gate=True).tolist()
    [0, 1]
    """
    names = [str(c) for c in classes]
    if not gate or "other" not in names or not len(proba):
        result: np.ndarray = proba.argmax(axis=1)
        return result
    k = names.index("other")
    ops = proba.copy()
    ops[:, k] = -1.0
    return np.where(proba[:, k] >= 0.5, k, ops.argmax(axis=1))


def confidences(proba: np.ndarray, classes: Sequence[str] | np.ndarray, gate: bool) -> np.ndarray:
    """How sure each answer of ``decide`` is: a top-1 minus top-2 margin in [0, 1].

    Without a gate, the margin of the probabilities (``margins``). With one, the margin of the
    step that is least sure: is it an operations job (``|p(other) - p(operations)|``), and
    for an operations job, which sub-type (the margin of the sub-types' shares).

    >>> confidences(np.array([[0.3, 0.4, 0.3], [0.05, 0.9, 0.05]]), ["a", "other", "b"], gate=True).round(2).tolist()
    [0.0, 0.8]
    """
    names = [str(c) for c in classes]
    if not gate or "other" not in names or not len(proba):
        return margins(proba)
    k = names.index("other")
    p_other = proba[:, k]
    gate_margin = np.abs(2.0 * p_other - 1.0)
    ops = np.delete(proba, k, axis=1)
    share_margin = margins(ops) / np.maximum(1.0 - p_other, 1e-12)
    result: np.ndarray = np.where(p_other >= 0.5, gate_margin, np.minimum(gate_margin, share_margin))
    return result


def _title_analyzer_meta(vectorizer: Any) -> dict[str, Any]:
    """How titles are cut into features: ``title_grams`` (``"runs"``) or scikit-learn's ``"char"``."""
    if vectorizer is None or vectorizer.analyzer == "char":
        lo, hi = vectorizer.ngram_range if vectorizer is not None else (1, 3)
        return {"title_analyzer": "char", "title_ngram_range": [int(lo), int(hi)]}
    return {"title_analyzer": "runs", "title_ngram_range": [int(vectorizer.analyzer.lo), int(vectorizer.analyzer.hi)]}


def _title_rule_meta(est: Any) -> dict[str, Any]:
    """The title rule of a fitted estimator as JSON-safe metadata (empty when it has none or it is off)."""
    keywords = getattr(est, "title_keywords_", None)
    if not keywords or not getattr(est, "title_rule", True):
        return {}
    return {
        "title_keywords": dict(keywords),
        "title_vetoes": list(est.title_vetoes_),
        "title_rule_confidence": float(est.title_rule_confidence_),
    }


def combine_title(p_desc: np.ndarray, p_title: np.ndarray, weight: float, abstain: float = 1.0) -> np.ndarray:
    """``log p = log p_desc + weight * log p_title``, renormalized, where the title expert speaks.

    It abstains (the row keeps ``p_desc``) where its reading is spread: normalized entropy of
    ``p_title`` at or above ``abstain`` — titles such as 运营 or 运营专员 that say nothing.

    >>> combine_title(np.array([[0.5, 0.5], [0.5, 0.5]]), np.array([[0.8, 0.2], [0.5, 0.5]]), 1.0, 0.9).round(2).tolist()
    [[0.8, 0.2], [0.5, 0.5]]
    """
    out: np.ndarray = _softmax(np.log(p_desc + 1e-12) + weight * np.log(p_title + 1e-12))
    silent = title_entropy(p_title) >= abstain
    out[silent] = p_desc[silent]
    return out


def title_entropy(p_title: np.ndarray) -> np.ndarray:
    """Entropy of each row over log(number of classes): 0 for a sure reading, 1 for a flat one."""
    if p_title.shape[1] < 2:
        return np.zeros(len(p_title))
    result: np.ndarray = -(p_title * np.log(p_title + 1e-12)).sum(axis=1) / np.log(p_title.shape[1])
    return result


_TITLE_RUN = re.compile(r"[a-z0-9][a-z0-9+#.&]*|[\u4e00-\u9fff]+")


def title_grams(title: str, lo: int = 1, hi: int = 3) -> list[str]:
    """The title model's features: character n-grams within each run of Han characters, and
    each ASCII word whole — so IP运营 shares no feature with APP运营 but 运营.

    >>> title_grams("IP运营", 1, 2)
    ['ip', '运', '营', '运营']
    """
    grams: list[str] = []
    for run in _TITLE_RUN.findall(title.lower()):
        if run.isascii():
            grams.append(run)
        else:
            grams += [run[i : i + n] for n in range(lo, hi + 1) for i in range(len(run) - n + 1)]
    return grams


def _char_grams(text: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's ``analyzer="char"``: lower-case, white space runs folded, n-grams lo..hi."""
    text = _WHITE.sub(" ", text.lower())
    return [text[i : i + n] for n in range(lo, hi + 1) for i in range(len(text) - n + 1)]


def word_grams(tokens: Sequence[str], n: int) -> list[str]:
    """The tokens, plus adjacent pairs ("a b") when ``n >= 2`` (shared with training)."""
    grams = list(tokens)
    if n >= 2:
        grams += [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return grams


class LinearTextModel:
    """NumPy inference of a fitted ``SubtypeClassifier`` (same probabilities, no scikit-learn).

    >>> from opsmatch.classifier import DEFAULT_EXPORT_PATH
    >>> m = LinearTextModel.load(DEFAULT_EXPORT_PATH)
    >>> m.classes_[:2]
    array(['activity_ops', 'ad_ops'], dtype='<U16')
    """

    def __init__(self, meta: dict[str, Any], desc: _Linear, title: _Linear | None, gate: _Gate | None = None) -> None:
        self.meta = meta
        self.classes_ = np.asarray(meta["classes"])
        self.tokenizer_words_: list[str] = meta["tokenizer_words"]
        self._desc = desc
        self._title = title
        self._gate = gate

    @property
    def gate_decision(self) -> bool:
        """Whether ``other`` is decided by the gate (``decide(..., gate=True)``) rather than by argmax."""
        return self._gate is not None

    @property
    def lexicon_fingerprint(self) -> str | None:
        """The fingerprint of the lexicon the model was trained with (``None`` for older models)."""
        value = self.meta.get("lexicon_fingerprint")
        return value if isinstance(value, str) else None

    def check(self, where: str | Path = "model") -> None:
        """Raise ``ModelLoadError`` (one line naming ``where``) unless the model is whole and consistent.

        Checks what would otherwise fail every row or classify silently wrong: finite numbers,
        shapes that agree, classes and tokenizer words that are distinct strings, sane settings.
        """
        problem = _problem(self.meta, self._desc, self._title, self._gate)
        if problem:
            raise ModelLoadError(f"{where}: {problem}")

    # -- building ------------------------------------------------------------------------
    @classmethod
    def from_estimator(cls, est: Any) -> LinearTextModel:
        """Export a fitted ``SubtypeClassifier``."""
        desc = _Linear.from_fitted(est.desc_vectorizer_, est.model_)
        gate_model = getattr(est, "gate_model_", None)
        gate = None if gate_model is None else _Gate.from_fitted(gate_model)
        title = None
        if est.title_model_ is not None:
            title = _Linear.from_fitted(est.title_vectorizer_, est.title_model_)
            if list(est.title_model_.classes_) != list(est.classes_):
                raise ValueError("title and description models disagree on the classes")
        meta = {
            "format": FORMAT,
            "opsmatch_version": __version__,
            "classes": [str(c) for c in est.classes_],
            "tokenizer_words": list(est.tokenizer_words_),
            "ngrams": int(est.ngrams),
            "title_weight": float(getattr(est, "title_weight_", est.title_weight) or 0.0),
            "title_abstain": float(getattr(est, "title_abstain", 1.0)),
            "gate_temperature": float(getattr(est, "gate_temperature_", 1.0)),
            **_title_analyzer_meta(est.title_vectorizer_ if title is not None else None),
            **_title_rule_meta(est),
        }
        fingerprint = getattr(est, "lexicon_fingerprint_", None)
        if fingerprint is not None:
            meta["lexicon_fingerprint"] = str(fingerprint)
        return cls(meta, desc, title, gate)

    @property
    def ngrams(self) -> int:
        """1 for words, 2 for words and adjacent pairs."""
        return int(self.meta["ngrams"])

    # -- inference -----------------------------------------------------------------------
    def predict_proba(self, docs: Sequence[Doc]) -> np.ndarray:
        """Probabilities for ``Doc`` objects (tokens and normalized title), ``classes_`` order."""
        if not docs:
            return np.zeros((0, len(self.classes_)))
        scores = self._desc.scores([word_grams(d.tokens, self.meta["ngrams"]) for d in docs], self._gate)
        proba = _softmax(scores[:, : len(self.classes_)])
        if self._gate is not None:
            proba = compose_gate(proba, _sigmoid(scores[:, len(self.classes_)]), self.classes_)
        readings = self._title_readings(docs)
        expert = [i for i, d in enumerate(docs) if d.title and readings[i] is None]
        if expert and self._title is not None and self.meta["title_weight"]:
            lo, hi = self.meta["title_ngram_range"]
            grams = title_grams if self.meta.get("title_analyzer") == "runs" else _char_grams
            p_title = _softmax(self._title.scores([grams(docs[i].title, lo, hi) for i in expert]))
            proba[expert] = combine_title(
                proba[expert], p_title, self.meta["title_weight"], self.meta.get("title_abstain", 1.0)
            )
        proba = gate_calibrate(proba, self.classes_, self.meta.get("gate_temperature", 1.0))
        return apply_title_rule(proba, self.classes_, readings, self.meta.get("title_rule_confidence", 0.0))

    def _title_readings(self, docs: Sequence[Doc]) -> list[str | None]:
        """The sub-type each title names by the title rule (``None``: no title, or it names none)."""
        rules = self._rules
        if rules is None:
            return [None] * len(docs)
        return [rules.read_normalized(d.title) if d.title else None for d in docs]

    @cached_property
    def _rules(self) -> TitleRules | None:
        keywords = self.meta.get("title_keywords")
        return TitleRules(keywords, tuple(self.meta.get("title_vetoes", ()))) if keywords else None

    # -- persistence ---------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write a ``.npz`` (arrays and JSON metadata; no pickled objects)."""
        path = Path(path)
        arrays: dict[str, Any] = {"meta": np.asarray(json.dumps(self.meta, ensure_ascii=False))}
        for name, part in (("desc", self._desc), ("title", self._title)):
            if part is None:
                continue
            words = sorted(part.vocab, key=part.vocab.__getitem__)
            arrays[f"{name}_vocab"] = np.asarray(json.dumps(words, ensure_ascii=False))
            arrays[f"{name}_idf"] = part.idf
            arrays[f"{name}_coef"] = part.coef
            arrays[f"{name}_intercept"] = part.intercept
        if self._gate is not None:
            arrays["gate_coef"], arrays["gate_intercept"] = self._gate.coef, self._gate.intercept
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> LinearTextModel:
        """Read a model written by ``save`` (``allow_pickle=False``: no code runs)."""
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                if meta.get("format") != FORMAT:
                    raise ModelLoadError(f"{path}: not an {FORMAT} model (format {meta.get('format')!r})")
                parts = {}
                for name in ("desc", "title"):
                    if f"{name}_vocab" in z:
                        words = json.loads(str(z[f"{name}_vocab"]))
                        parts[name] = _Linear(
                            {w: i for i, w in enumerate(words)},
                            z[f"{name}_idf"],
                            z[f"{name}_coef"],
                            z[f"{name}_intercept"],
                        )
                gate = _Gate(z["gate_coef"], z["gate_intercept"]) if "gate_coef" in z else None
        except ModelLoadError:
            raise
        except Exception as exc:
            raise ModelLoadError(f"{path}: not a readable opsmatch model file ({exc})") from exc
        if not isinstance(meta, dict):
            raise ModelLoadError(f"{path}: its metadata is not a table")
        if "desc" not in parts:
            raise ModelLoadError(f"{path}: holds no description model")
        model = cls(meta, parts["desc"], parts.get("title"), gate)
        model.check(path)
        return model


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and bool(np.isfinite(value))


def _meta_problem(meta: dict[str, Any]) -> str | None:
    classes = meta.get("classes")
    if not isinstance(classes, list) or not classes or not all(isinstance(c, str) and c for c in classes):
        return "`classes` must be a non-empty list of sub-type ids (strings)"
    if len(set(classes)) != len(classes):
        return f"`classes` repeats an id: {sorted(c for c in set(classes) if classes.count(c) > 1)}"
    words = meta.get("tokenizer_words")
    if not isinstance(words, list):
        return "`tokenizer_words` must be a list of strings"
    bad = next((w for w in words if not isinstance(w, str) or not w), "ok")
    if bad != "ok":
        return f"`tokenizer_words` holds {bad!r}, not a word"
    if meta.get("ngrams") not in (1, 2) or isinstance(meta.get("ngrams"), bool):
        return f"`ngrams` must be 1 or 2, not {meta.get('ngrams')!r}"
    if not _is_number(meta.get("title_weight")) or meta["title_weight"] < 0:
        return f"`title_weight` must be a finite number >= 0, not {meta.get('title_weight')!r}"
    temperature = meta.get("gate_temperature", 1.0)
    if not _is_number(temperature) or temperature <= 0:
        return f"`gate_temperature` must be a finite number > 0, not {temperature!r}"
    grams = meta.get("title_ngram_range")
    if (
        not isinstance(grams, list)
        or len(grams) != 2
        or not all(isinstance(g, int) and not isinstance(g, bool) for g in grams)
        or not 1 <= grams[0] <= grams[1]
    ):
        return f"`title_ngram_range` must be [low, high] with 1 <= low <= high, not {grams!r}"
    fingerprint = meta.get("lexicon_fingerprint")
    if fingerprint is not None and not isinstance(fingerprint, str):
        return f"`lexicon_fingerprint` must be a string, not {fingerprint!r}"
    return None


def _part_problem(name: str, part: _Linear, n_classes: int) -> str | None:
    n_vocab = len(part.vocab)
    if not all(isinstance(w, str) for w in part.vocab):
        return f"the {name} vocabulary holds a non-string entry"
    expected = {"idf": (n_vocab,), "coef": (n_classes, n_vocab), "intercept": (n_classes,)}
    for field, shape in expected.items():
        array = getattr(part, field)
        if not isinstance(array, np.ndarray) or array.shape != shape:
            got = getattr(array, "shape", type(array).__name__)
            return f"the {name} {field} has shape {got}, expected {shape} ({n_classes} classes, {n_vocab} words)"
        if array.dtype.kind not in "fiu":
            return f"the {name} {field} holds {array.dtype} values, not numbers"
        if not np.isfinite(array).all():
            return (
                f"the {name} {field} holds {int((~np.isfinite(array)).sum())} values that are not finite (NaN or inf)"
            )
    return None


def _gate_problem(gate: _Gate, n_vocab: int) -> str | None:
    for field, shape in {"coef": (1, n_vocab), "intercept": (1,)}.items():
        array = getattr(gate, field)
        if not isinstance(array, np.ndarray) or array.shape != shape or array.dtype.kind not in "fiu":
            got = getattr(array, "shape", type(array).__name__)
            return f"the gate {field} has shape {got}, expected {shape} numbers ({n_vocab} words)"
        if not np.isfinite(array).all():
            return f"the gate {field} holds {int((~np.isfinite(array)).sum())} values that are not finite (NaN or inf)"
    return None


def _problem(meta: dict[str, Any], desc: _Linear, title: _Linear | None, gate: _Gate | None = None) -> str | None:
    """What makes the model unusable, in a few words, or ``None``."""
    problem = _meta_problem(meta)
    if problem:
        return problem
    n_classes = len(meta["classes"])
    for name, part in (("description", desc), ("title", title)):
        if part is not None:
            problem = _part_problem(name, part, n_classes)
            if problem:
                return problem
    return None if gate is None else _gate_problem(gate, len(desc.vocab))
