"""The whole flow for one posting or many: ``Analyzer`` builds every piece once and reuses it.

normalize -> sections -> tokenize -> match -> score -> classify -> ``PostingAnalysis``.
Building an Analyzer costs about a second (jieba's dictionary, the model); analysing a
posting costs about a millisecond. Build one and keep it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from opsmatch.lexicon import Lexicon, load_lexicon
from opsmatch.linear import Doc, LinearTextModel, confidences, decide
from opsmatch.matcher import Matcher
from opsmatch.normalize import normalize
from opsmatch.results import PostingAnalysis, result_columns
from opsmatch.scoring import score_competencies
from opsmatch.sections import split_sections
from opsmatch.taxonomy import SUBTYPES
from opsmatch.tokenizer import Tokenizer, jieba_can_hold

__all__ = ["Analyzer", "resolve_n_jobs"]

ModelSpec = Any  # "default" | None | str | Path | SubtypeClassifier | LinearTextModel
_MODELS = Path(__file__).resolve().parent / "models"
Chunk = tuple[Sequence[Any], ...]  # (texts, titles) or (texts, titles, errors)


def resolve_n_jobs(n_jobs: int) -> int:
    """``n_jobs`` as a worker count: -1 is every core, 0 and 1 mean in this process."""
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return max(1, n_jobs)


def _load_model(model: ModelSpec) -> Any:
    """The sub-type model: ``.npz`` exports load with NumPy alone; ``.skops`` needs scikit-learn."""
    if model is None or model is False:
        return None
    if isinstance(model, LinearTextModel) or hasattr(model, "predict_proba"):
        return model
    path = _MODELS / "default.npz" if model == "default" else Path(model)
    if model == "default" and not path.exists():
        return None
    if path.suffix == ".npz":
        return LinearTextModel.load(path)
    from opsmatch.classifier import SubtypeClassifier

    return SubtypeClassifier.load(path)


def _check_types(text: Any, title: Any) -> None:
    if not isinstance(text, str):
        raise TypeError(f"a posting text must be a str, got {type(text).__name__}: {text!r:.60}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"a title must be a str or None, got {type(title).__name__}: {title!r:.60}")


class Analyzer:
    """Reusable analyzer: lexicons, tokenizer, matcher and model, loaded once.

    ``lexicon_dir`` is a folder (or a list of folders layered in order, e.g.
    ``[opsmatch.DEFAULT_LEXICON_DIR, "my_lexicon"]`` to extend ours); ``model`` is
    ``"default"`` (the shipped model), a path (``.npz`` export or ``.skops``), a fitted
    ``SubtypeClassifier``, or ``None`` for no sub-type. ``backend`` is the tokenizer:
    ``"jieba"``, ``"rjieba"`` (``opsmatch[fast]``) or ``"auto"`` (rjieba when installed);
    every result is identical whichever runs.

    >>> a = Analyzer().analyze("熟练使用SQL和Excel，负责用户拉新留存")
    >>> a.competencies["data_analysis"].terms
    ('SQL', 'Excel')
    """

    def __init__(
        self,
        lexicon_dir: str | Path | Sequence[str | Path] | None = None,
        model: ModelSpec = "default",
        *,
        fuzzy: bool = True,
        backend: str = "auto",
    ) -> None:
        self._init_args = (lexicon_dir, model, fuzzy, backend)
        self.lexicon: Lexicon = load_lexicon(lexicon_dir)
        self.classifier = _load_model(model)
        words = {w for w in self.lexicon.surface_forms() if jieba_can_hold(w)}
        if self.classifier is not None:
            words.update(self.classifier.tokenizer_words_)
        self.tokenizer = Tokenizer(words, backend)
        self.matcher = Matcher(self.lexicon.all_terms(), fuzzy=fuzzy)

    def __repr__(self) -> str:
        model = "none" if self.classifier is None else f"{len(self.classifier.classes_)} classes"
        return f"Analyzer({len(self.lexicon.terms)} competency terms, model={model})"

    # -- one posting -----------------------------------------------------------------------
    def analyze(self, text: str, title: str | None = None) -> PostingAnalysis:
        """Analyse one posting (any ``str``; a non-string raises ``TypeError``).

        >>> Analyzer(model=None).analyze("了解Python者优先").matches[0].strength
        'preferred'
        """
        return self._analyze_chunk([text], [title])[0]

    def _analyze_chunk(self, texts: Sequence[str], titles: Sequence[str | None]) -> list[PostingAnalysis]:
        """Each step over the whole chunk before the next: ~25% faster than posting by posting,
        as the tokenizer's and the matcher's code and tables stay warm in the CPU caches."""
        for text, title in zip(texts, titles):
            _check_types(text, title)
        norms = [normalize(t) for t in texts]
        words = list(map(self.tokenizer.words, [n.text for n in norms]))
        sections = [split_sections(n.text) for n in norms]
        matches = self.matcher.find_many(norms, words, sections)
        comps = [score_competencies(m, self.lexicon.competencies) for m in matches]
        if self.classifier is None or not texts:
            return list(map(PostingAnalysis, texts, titles, comps, matches))
        all_tokens = getattr(self.classifier, "ngrams", 2) == 1
        docs = [Doc.from_words(w, title, all_tokens=all_tokens) for w, title in zip(words, titles)]
        del words
        proba = np.asarray(self.classifier.predict_proba(docs), dtype=np.float64)
        classes = [str(c) for c in self.classifier.classes_]
        labels = [self.lexicon.subtypes[c].label if c in self.lexicon.subtypes else SUBTYPES.get(c, c) for c in classes]
        gate = bool(getattr(self.classifier, "gate_decision", False))
        best = decide(proba, classes, gate).tolist()
        confidence = confidences(proba, classes, gate).tolist()
        return [
            PostingAnalysis(text, title, comp, found, classes[b], labels[b], dict(zip(classes, row)), conf)
            for text, title, comp, found, row, b, conf in zip(
                texts, titles, comps, matches, proba.tolist(), best, confidence
            )
        ]

    # -- many postings ---------------------------------------------------------------------
    def analyze_many(
        self,
        texts: Iterable[str],
        titles: Iterable[str | None] | None = None,
        n_jobs: int = 1,
        chunksize: int = 500,
        progress: bool = False,
    ) -> list[PostingAnalysis]:
        """Analyse many postings, in the same order; ``n_jobs`` worker processes (-1: all cores).

        >>> [a.competencies["copywriting"].asked for a in Analyzer().analyze_many(["文案功底好", "会开叉车"])]
        [True, False]
        """
        texts = list(texts)
        title_list: list[str | None] = [None] * len(texts) if titles is None else list(titles)
        if len(title_list) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(title_list)} titles")
        chunks = [(texts[i : i + chunksize], title_list[i : i + chunksize]) for i in range(0, len(texts), chunksize)]
        out: list[PostingAnalysis] = []
        bar = progress_bar(len(texts), None if progress else False)
        for part in self.map_chunks(chunks, n_jobs):
            out.extend(part)
            if bar is not None:
                bar.update(len(part))
        if bar is not None:
            bar.close()
        return out

    def map_chunks(
        self, chunks: Iterable[Chunk], n_jobs: int = 1, safe: bool = False, flat: bool = False
    ) -> Iterator[list[Any]]:
        """Analyse chunks of ``(texts, titles)``, in order, in ``n_jobs`` worker processes.

        Each worker builds its Analyzer once, from the same lexicon and model as this one.
        With ``safe``, a chunk is ``(texts, titles, errors)``: rows with an error (or that
        fail) come back as the error string in place of a ``PostingAnalysis``. With ``flat``,
        results come back as lists of ``to_dict()`` values in ``result_columns()`` order, made
        in the worker: far less to send back and to unpack in the parent.
        """
        workers = resolve_n_jobs(n_jobs)
        if workers == 1:
            for chunk in chunks:
                yield self._run(chunk, safe, flat)
            return
        global _WORKER
        method = "fork" if sys.platform.startswith("linux") else None
        _WORKER = self  # a forked worker starts with this Analyzer already built
        pending: deque[Future[list[Any]]] = deque()
        try:
            ctx = multiprocessing.get_context(method)
            with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=self._init_args) as ex:
                for chunk in chunks:  # at most 2 chunks per worker in flight: memory stays flat
                    pending.append(ex.submit(_work_chunk, (chunk, safe, flat)))
                    if len(pending) >= 2 * workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
            _WORKER = None

    def _run(self, chunk: Chunk, safe: bool, flat: bool = False) -> list[Any]:
        out = self._run_safe(chunk) if safe else self._analyze_chunk(chunk[0], chunk[1])
        if not flat:
            return out
        columns = result_columns()
        return [_values(r.to_dict(), columns) if isinstance(r, PostingAnalysis) else r for r in out]

    def _run_safe(self, chunk: Chunk) -> list[Any]:
        texts, titles, errors = (
            chunk[0],
            chunk[1],
            chunk[2] if len(chunk) > 2 else [None] * len(chunk[0]),
        )
        keep = [i for i, e in enumerate(errors) if e is None]
        out: list[Any] = list(errors)
        done: list[Any]
        try:
            done = self._analyze_chunk([texts[i] for i in keep], [titles[i] for i in keep])
        except Exception:  # find the row that failed; the others still get their result
            done = []
            for i in keep:
                try:
                    done.append(self._analyze_chunk([texts[i]], [titles[i]])[0])
                except Exception as exc:
                    done.append(f"analysis failed: {type(exc).__name__}: {exc}")
        for i, res in zip(keep, done):
            out[i] = res
        return out


def _values(row: dict[str, Any], columns: list[str]) -> list[Any]:
    """A ``to_dict()`` row as its values, in ``columns`` order (what workers send back)."""
    return [row[c] for c in columns]


def progress_bar(total: int | None, progress: bool | None, desc: str = "opsmatch") -> Any:
    """A tqdm bar on stderr: ``None`` = only on a terminal, ``True`` = always, ``False`` = none."""
    if progress is False:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="posting", desc=desc, file=sys.stderr, disable=None if progress is None else False)


_WORKER: Analyzer | None = None


def _init_worker(lexicon_dir: Any, model: Any, fuzzy: bool, backend: str) -> None:
    """Build the worker's Analyzer once, unless fork already handed it the parent's."""
    global _WORKER
    if _WORKER is None or _WORKER._init_args != (lexicon_dir, model, fuzzy, backend):
        _WORKER = Analyzer(lexicon_dir, model, fuzzy=fuzzy, backend=backend)


def _work_chunk(item: tuple[Chunk, bool, bool]) -> list[Any]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER._run(*item)
