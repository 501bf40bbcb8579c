"""opsmatch: what a Chinese internet-operations job posting really asks for.

>>> import opsmatch
>>> a = opsmatch.analyze("熟练使用SQL、Excel，有社群运营经验者优先")
>>> a.competencies["data_analysis"].terms
('SQL', 'Excel')

Heavy modules (scikit-learn, pandas, matplotlib) load on first use, so ``import opsmatch`` is
quick; ``dir(opsmatch)`` lists the public names below. ``df.opsmatch`` (``opsmatch.accessor``)
is registered once pandas is loaded, whichever of the two is imported first.
"""

from __future__ import annotations

import sys as _sys
from collections.abc import Hashable as _Hashable
from collections.abc import Iterable as _Iterable
from collections.abc import Sequence as _Sequence
from typing import TYPE_CHECKING as _TYPE_CHECKING

from opsmatch._version import __version__
from opsmatch.lexicon import DEFAULT_LEXICON_DIR, LexiconError, check_lexicon, load_lexicon
from opsmatch.profile import EDUCATION, SENIORITY
from opsmatch.results import CompetencyScore, Match, PostingAnalysis, result_columns
from opsmatch.salary import Salary, SalaryError, explain_salary, parse_salary
from opsmatch.sections import SECTIONS
from opsmatch.taxonomy import COMPETENCIES, FAMILIES, SUBTYPES

if _TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType

    import pandas as pd

    from opsmatch import plot as plot
    from opsmatch.analyzer import Analyzer, default_analyzer
    from opsmatch.batch import score_csv
    from opsmatch.career import CareerPaths, PathMatch, paths
    from opsmatch.classifier import SubtypeClassifier
    from opsmatch.comparison import Comparison, CompetencyComparison, Gap, compare
    from opsmatch.errors import InputError, ModelLoadError
    from opsmatch.evidence import evidence_frame
    from opsmatch.linear import LinearTextModel
    from opsmatch.pricing import premium
    from opsmatch.rank import rank_csv
    from opsmatch.resume import Resume, parse_resume, read_resume
    from opsmatch.summary import summarize

__all__ = [
    "COMPETENCIES",
    "DEFAULT_LEXICON_DIR",
    "EDUCATION",
    "FAMILIES",
    "SECTIONS",
    "SENIORITY",
    "SUBTYPES",
    "Analyzer",
    "CareerPaths",
    "Comparison",
    "CompetencyComparison",
    "CompetencyScore",
    "Gap",
    "InputError",
    "LexiconError",
    "LinearTextModel",
    "Match",
    "ModelLoadError",
    "PathMatch",
    "PostingAnalysis",
    "Resume",
    "Salary",
    "SalaryError",
    "SubtypeClassifier",
    "__version__",
    "analyze",
    "analyze_many",
    "check_lexicon",
    "compare",
    "default_analyzer",
    "evidence_frame",
    "explain_salary",
    "load_lexicon",
    "parse_resume",
    "parse_salary",
    "paths",
    "premium",
    "rank_csv",
    "read_resume",
    "result_columns",
    "score_csv",
    "score_frame",
    "summarize",
]

_LAZY = {
    "Analyzer": "opsmatch.analyzer",
    "SubtypeClassifier": "opsmatch.classifier",
    "InputError": "opsmatch.errors",
    "ModelLoadError": "opsmatch.errors",
    "LinearTextModel": "opsmatch.linear",
    "score_csv": "opsmatch.batch",
    "summarize": "opsmatch.summary",
    "default_analyzer": "opsmatch.analyzer",
    "compare": "opsmatch.comparison",
    "Comparison": "opsmatch.comparison",
    "CompetencyComparison": "opsmatch.comparison",
    "Gap": "opsmatch.comparison",
    "paths": "opsmatch.career",
    "CareerPaths": "opsmatch.career",
    "PathMatch": "opsmatch.career",
    "rank_csv": "opsmatch.rank",
    "Resume": "opsmatch.resume",
    "parse_resume": "opsmatch.resume",
    "read_resume": "opsmatch.resume",
    "premium": "opsmatch.pricing",
    "evidence_frame": "opsmatch.evidence",
}


_SUBMODULES = ("plot",)  # charts: pip install "opsmatch[plot]"; loaded on first use


def __getattr__(name: str) -> object:
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"opsmatch.{name}")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'opsmatch' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API only (what ``__all__`` names, plus the ``plot`` module)."""
    return sorted({*__all__, *_SUBMODULES})


def analyze(text: str, title: str | None = None) -> PostingAnalysis:
    """Analyse one posting with the default Analyzer.

    >>> analyze("负责公众号文案撰写").competencies["copywriting"].asked
    True
    """
    from opsmatch.analyzer import default_analyzer

    return default_analyzer().analyze(text, title)


def analyze_many(
    texts: _Iterable[str], titles: _Iterable[str | None] | None = None, *, n_jobs: int = 1
) -> list[PostingAnalysis]:
    """Analyse many postings with the default Analyzer, in the same order."""
    from opsmatch.analyzer import default_analyzer

    return default_analyzer().analyze_many(texts, titles, n_jobs=n_jobs)


def score_frame(
    df: pd.DataFrame,
    text_col: _Hashable,
    title_col: _Hashable | None = None,
    *,
    salary_col: _Hashable | None = None,
    n_jobs: int = 1,
    progress: bool | None = None,
    analyzer: Analyzer | None = None,
    chunksize: int = 500,
) -> pd.DataFrame:
    """A new DataFrame: ``df``'s columns untouched plus the result columns (``opsmatch.batch.score_frame``).

    A Dask DataFrame stays lazy: it is handed to ``opsmatch.dask.score_dataframe``.
    """
    if hasattr(df, "npartitions"):
        from opsmatch.dask import score_dataframe

        lazy: pd.DataFrame = score_dataframe(df, text_col, title_col)
        return lazy
    from opsmatch.batch import score_frame as frame

    return frame(
        df,
        text_col,
        title_col,
        salary_col=salary_col,
        n_jobs=n_jobs,
        progress=progress,
        analyzer=analyzer,
        chunksize=chunksize,
    )


def _register_accessor() -> None:
    """``df.opsmatch`` without importing pandas here: at once when pandas is loaded, otherwise
    right after it loads (a one-shot import hook that wraps pandas' own loader)."""
    if "pandas" in _sys.modules:
        import opsmatch.accessor  # noqa: F401
    elif not any(isinstance(f, _PandasHook) for f in _sys.meta_path):
        _sys.meta_path.insert(0, _PandasHook())


class _PandasHook:
    """Finds nothing itself: when pandas is looked for, it asks the other finders, and wraps
    the loader they give so the accessor is registered as soon as pandas' own module code has
    run; then it leaves ``sys.meta_path``. A mere look-up (``importlib.util.find_spec``, as
    libraries do to see whether pandas is installed) loads nothing and keeps the hook."""

    def __init__(self) -> None:
        self._looking = False

    def find_spec(
        self, name: str, path: _Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "pandas" or self._looking:
            return None
        import importlib.util

        self._looking = True
        try:
            spec = importlib.util.find_spec(name)  # the other finders (this one answers None now)
        finally:
            self._looking = False
        loader = getattr(spec, "loader", None)
        run = getattr(loader, "exec_module", None)
        if run is None:
            return spec

        def exec_module(module: ModuleType) -> None:
            run(module)
            if self in _sys.meta_path:
                _sys.meta_path.remove(self)
            import opsmatch.accessor  # noqa: F401

        loader.exec_module = exec_module  # type: ignore[union-attr]  # this spec's own loader
        return spec


_register_accessor()
