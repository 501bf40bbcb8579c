"""The whole flow for one posting or many: ``Analyzer`` builds every piece once and reuses it.

normalize -> sections -> tokenize -> match -> score -> classify -> ``PostingAnalysis``.
Building an Analyzer costs about a second (jieba's dictionary, the model); analysing a
posting costs about a millisecond. Build one and keep it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar, cast, runtime_checkable

import numpy as np

from opsmatch.errors import LexiconMismatchWarning, ModelLoadError
from opsmatch.fingerprint import lexicon_fingerprint
from opsmatch.lexicon import Lexicon, load_lexicon
from opsmatch.linear import Doc, LinearTextModel, confidences, decide
from opsmatch.matcher import Matcher
from opsmatch.normalize import normalize
from opsmatch.profile import profile_of
from opsmatch.results import PostingAnalysis, evidence_rows, result_schema
from opsmatch.scoring import score_competencies
from opsmatch.sections import split_sections
from opsmatch.taxonomy import SUBTYPES
from opsmatch.tokenizer import Tokenizer, jieba_can_hold

__all__ = ["Analyzer", "RowChunk", "SubtypeModel", "default_analyzer", "resolve_n_jobs"]

_MODELS = Path(__file__).resolve().parent / "models"
_T = TypeVar("_T")


@runtime_checkable
class SubtypeModel(Protocol):
    """What ``Analyzer`` needs of a sub-type model: ``LinearTextModel`` and ``SubtypeClassifier`` both fit."""

    @property
    def classes_(self) -> np.ndarray: ...

    @property
    def tokenizer_words_(self) -> Sequence[str]: ...

    @property
    def ngrams(self) -> int: ...

    @property
    def lexicon_fingerprint(self) -> str | None: ...

    def predict_proba(self, X: Sequence[Doc]) -> np.ndarray: ...


ModelSpec = str | Path | SubtypeModel | None
"""``"default"`` (the shipped model), a model file (``.npz`` or ``.skops``), a fitted model, or ``None``."""


class RowChunk(NamedTuple):
    """A chunk of postings for ``Analyzer.map_rows``: a row with an ``error`` is not analysed."""

    texts: Sequence[str | None]
    titles: Sequence[str | None]
    errors: Sequence[str | None]


def resolve_n_jobs(n_jobs: int) -> int:
    """``n_jobs`` as a worker count: -1 is every core, 0 and 1 mean in this process.

    >>> resolve_n_jobs(1), resolve_n_jobs(0)
    (1, 1)
    """
    if n_jobs < 0:
        return max(1, (os.cpu_count() or 1) + 1 + n_jobs)
    return max(1, n_jobs)


def _load_model(model: ModelSpec) -> SubtypeModel | None:
    """The sub-type model: ``.npz`` exports load with NumPy alone; ``.skops`` needs scikit-learn."""
    if model is None:
        return None
    if isinstance(model, SubtypeModel):
        return model
    if not isinstance(model, (str, Path)):
        raise TypeError(f"model must be 'default', a path, a fitted model or None, not {type(model).__name__}")
    path = _MODELS / "default.npz" if model == "default" else Path(model)
    if model == "default" and not path.exists():
        return None
    if path.suffix == ".npz":
        return LinearTextModel.load(path)
    from opsmatch.classifier import SubtypeClassifier

    loaded: SubtypeModel = SubtypeClassifier.load(path)
    return loaded


def _model_name(model: ModelSpec) -> str:
    if model == "default":
        return "the default model"
    return str(model) if isinstance(model, (str, Path)) else f"the {type(model).__name__}"


def _check_model(model: SubtypeModel, lexicon: Lexicon, where: str) -> None:
    """Refuse a model whose classes neither opsmatch nor the lexicon knows; warn if it was trained
    with another lexicon."""
    known = set(SUBTYPES) | set(lexicon.subtypes)
    unknown = [str(c) for c in model.classes_ if str(c) not in known]
    if unknown:
        raise ModelLoadError(
            f"{where}: sub-types {unknown} are neither opsmatch's nor in the lexicon's subtypes.toml; "
            "add them there (with a label) or retrain"
        )
    trained = model.lexicon_fingerprint
    if trained is not None and trained != lexicon_fingerprint(lexicon):
        warnings.warn(
            f"{where} was trained with another lexicon (fingerprint {trained}, this one "
            f"{lexicon_fingerprint(lexicon)}); its sub-types may be off: retrain it with this lexicon "
            "(opsmatch train --lexicon-dir ...)",
            LexiconMismatchWarning,
            stacklevel=3,
        )


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
        if self.classifier is not None:
            where = _model_name(model)
            _check_model(self.classifier, self.lexicon, where)
        words = {w for w in self.lexicon.surface_forms() if jieba_can_hold(w)}
        if self.classifier is not None:
            words.update(self.classifier.tokenizer_words_)
        self.tokenizer = Tokenizer(words, backend)
        self.matcher = Matcher(self.lexicon.all_terms(), fuzzy=fuzzy)

    @cached_property
    def result_schema(self) -> dict[str, str]:
        """Result column -> kind for this Analyzer's competencies (see ``opsmatch.results.result_schema``)."""
        return result_schema(self.lexicon.competencies)

    @property
    def result_columns(self) -> list[str]:
        """The result columns of this Analyzer's rows, in order (its lexicon's competencies)."""
        return list(self.result_schema)

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
        """Each step over the whole chunk before the next, so the model scores the chunk in one
        NumPy pass (and each step's code and tables stay warm while it runs)."""
        for text, title in zip(texts, titles):
            _check_types(text, title)
        norms = [normalize(t) for t in texts]
        words = list(map(self.tokenizer.words, [n.text for n in norms]))
        sections = [split_sections(n.text) for n in norms]
        matches = self.matcher.find_many(norms, words, sections)
        comps = [score_competencies(m, self.lexicon.competencies) for m in matches]
        levels = [
            profile_of(n.text, None if t is None else normalize(t).text, s).__dict__
            for n, t, s in zip(norms, titles, sections)
        ]
        if self.classifier is None or not texts:
            return [
                PostingAnalysis(text, title, comp, found, **lv)
                for text, title, comp, found, lv in zip(texts, titles, comps, matches, levels)
            ]
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
            PostingAnalysis(text, title, comp, found, classes[b], labels[b], dict(zip(classes, row)), conf, **lv)
            for text, title, comp, found, row, b, conf, lv in zip(
                texts, titles, comps, matches, proba.tolist(), best, confidence, levels
            )
        ]

    # -- many postings ---------------------------------------------------------------------
    def analyze_many(
        self,
        texts: Iterable[str],
        titles: Iterable[str | None] | None = None,
        *,
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
        for part in self.map_chunks(chunks, n_jobs=n_jobs):
            out.extend(part)
            if bar is not None:
                bar.update(len(part))
        if bar is not None:
            bar.close()
        return out

    def map_chunks(
        self, chunks: Iterable[tuple[Sequence[str], Sequence[str | None]]], *, n_jobs: int = 1
    ) -> Generator[list[PostingAnalysis], None, None]:
        """Analyse chunks of ``(texts, titles)``, in order, in ``n_jobs`` worker processes.

        Each worker builds its Analyzer once, from the same lexicon and model as this one. A
        text that is not a ``str`` raises ``TypeError`` (``map_rows`` puts it in an error column).
        """
        return _map(self, Analyzer._analyses, chunks, n_jobs)

    def map_rows(self, chunks: Iterable[RowChunk], *, n_jobs: int = 1) -> Generator[list[list[Any]], None, None]:
        """Result rows for chunks of postings, in order: per posting, its ``to_dict()`` values in
        ``result_columns`` order (made in the worker: far less to send back than the analyses).

        A posting with an error in its ``RowChunk``, or whose analysis fails, gets a row of
        ``None`` with the reason in the ``error`` column; nothing raises for one row.
        """
        return _map(self, Analyzer._rows, chunks, n_jobs)

    def map_rows_with_evidence(
        self, chunks: Iterable[RowChunk], *, n_jobs: int = 1
    ) -> Generator[RowsAndEvidence, None, None]:
        """``map_rows`` plus, per chunk, the evidence in long form (``opsmatch.evidence``): rows of
        ``EVIDENCE_COLUMNS`` whose ``row`` is the posting's index within its chunk."""
        return _map(self, Analyzer._rows_and_evidence, chunks, n_jobs)

    def _analyses(self, chunk: tuple[Sequence[str], Sequence[str | None]]) -> list[PostingAnalysis]:
        return self._analyze_chunk(chunk[0], chunk[1])

    def _outcomes(self, chunk: RowChunk) -> list[PostingAnalysis | str]:
        """Per posting of the chunk, its analysis or why there is none (its error, or the failure)."""
        keep = [i for i, e in enumerate(chunk.errors) if e is None]
        texts = [cast(str, chunk.texts[i]) for i in keep]  # a row without an error has its text
        titles = [chunk.titles[i] for i in keep]
        done: list[PostingAnalysis | str]
        try:
            done = list(self._analyze_chunk(texts, titles))
        except Exception:  # find the row that failed; the others still get their result
            done = []
            for text, title in zip(texts, titles):
                try:
                    done.append(self._analyze_chunk([text], [title])[0])
                except Exception as exc:
                    done.append(f"analysis failed: {type(exc).__name__}: {exc}")
        out: list[PostingAnalysis | str] = [cast(str, e) for e in chunk.errors]
        for i, res in zip(keep, done):
            out[i] = res
        return out

    def _rows(self, chunk: RowChunk) -> list[list[Any]]:
        columns = self.result_columns
        return [_row(res, columns) for res in self._outcomes(chunk)]

    def _rows_and_evidence(self, chunk: RowChunk) -> RowsAndEvidence:
        columns = self.result_columns
        outcomes = self._outcomes(chunk)
        evidence = [
            r for i, res in enumerate(outcomes) if isinstance(res, PostingAnalysis) for r in evidence_rows(res, i)
        ]
        return RowsAndEvidence([_row(res, columns) for res in outcomes], evidence)


class RowsAndEvidence(NamedTuple):
    """A chunk's result rows and its evidence rows in long form (``Analyzer.map_rows_with_evidence``)."""

    rows: list[list[Any]]
    evidence: list[tuple[object, ...]]


def _row(outcome: PostingAnalysis | str, columns: Sequence[str]) -> list[Any]:
    """A result row in ``columns`` order: the analysis's values, or ``None`` with the reason in ``error``."""
    if isinstance(outcome, str):
        return [outcome if c == "error" else None for c in columns]
    values = outcome.to_dict()
    return [values[c] for c in columns]


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The shared Analyzer with the shipped lexicons and model, built on first use."""
    return Analyzer()


def progress_bar(total: int | None, progress: bool | None, desc: str = "opsmatch") -> Any:
    """A tqdm bar on stderr: ``None`` = only on a terminal, ``True`` = always, ``False`` = none."""
    if progress is False:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="posting", desc=desc, file=sys.stderr, disable=None if progress is None else False)


# -- worker processes -------------------------------------------------------------------------
_WORKER: Analyzer | None = None


_Work = Callable[[Analyzer, Any], _T]  # one chunk -> its result


def _map(analyzer: Analyzer, work: _Work[_T], chunks: Iterable[Any], n_jobs: int) -> Generator[_T, None, None]:
    """``work(analyzer, chunk)`` over ``chunks`` in order: here, or in worker processes that die with this one."""
    workers = resolve_n_jobs(n_jobs)
    if workers == 1:
        for chunk in chunks:
            yield work(analyzer, chunk)
        return
    yield from _pooled(analyzer, work, chunks, workers)


def _pooled(analyzer: Analyzer, work: _Work[_T], chunks: Iterable[Any], workers: int) -> Iterator[_T]:
    """At most 2 chunks per worker in flight, so memory stays flat. Whatever ends this generator
    early (an exception, Ctrl-C, SIGTERM, the caller closing it), the workers are stopped and
    reaped before it returns; a worker whose parent dies (even by SIGKILL) exits too."""
    global _WORKER
    method = "fork" if sys.platform.startswith("linux") else None
    _WORKER = analyzer  # a forked worker starts with this Analyzer already built
    pending: deque[Future[_T]] = deque()
    ctx = multiprocessing.get_context(method)
    ex = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker, initargs=(analyzer._init_args, os.getpid())
    )
    finished = False
    try:
        for chunk in chunks:
            pending.append(ex.submit(_in_worker, work, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        if finished:
            ex.shutdown(wait=True)
        else:  # stop now, and never wait on the pool's own threads: only on the processes
            for f in pending:
                f.cancel()
            workers_left = _stop_workers(ex)
            ex.shutdown(wait=False, cancel_futures=True)
            for proc in workers_left:
                proc.join(timeout=5)
                if proc.is_alive():  # pragma: no cover - a worker that ignored SIGTERM
                    proc.kill()
                    proc.join(timeout=5)
        _WORKER = None


def _stop_workers(ex: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    """Terminate the pool's workers now (they would otherwise finish their chunk first).

    Chunks still queued for workers that are gone would block the pool's queue feeder on a
    full pipe, and with it ``shutdown`` (before Python 3.12): the queue is told not to wait.
    """
    queue = getattr(ex, "_call_queue", None)
    if queue is not None:
        queue.cancel_join_thread()
    processes = list((getattr(ex, "_processes", None) or {}).values())
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    return processes


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this worker when its parent dies (Linux), and leave if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the parent's cleanup still runs
            pass
    if os.getppid() != parent:
        os._exit(1)


def _init_worker(init_args: tuple[Any, Any, bool, str], parent: int) -> None:
    """Build the worker's Analyzer once, unless fork already handed it the parent's.

    Ctrl-C goes to the whole process group: the parent stops the workers, so they ignore it
    (no traceback per worker)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just end
    _die_with_parent(parent)
    if _WORKER is None or _WORKER._init_args != init_args:
        lexicon_dir, model, fuzzy, backend = init_args
        _WORKER = Analyzer(lexicon_dir, model, fuzzy=fuzzy, backend=backend)


def _in_worker(work: _Work[_T], chunk: Any) -> _T:
    assert _WORKER is not None, "worker not initialised"
    return work(_WORKER, chunk)
