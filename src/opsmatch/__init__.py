"""opsmatch: what a Chinese internet-operations job posting really asks for.

>>> import opsmatch
>>> a = opsmatch.analyze("熟练使用SQL、Excel，有社群运营经验者优先")
>>> a.competencies["data_analysis"].terms
('SQL', 'Excel')

Heavy modules (scikit-learn, pandas) load on first use, so ``import opsmatch`` is quick.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from opsmatch._version import __version__
from opsmatch.lexicon import DEFAULT_LEXICON_DIR, LexiconError, check_lexicon, load_lexicon
from opsmatch.profile import EDUCATION, SENIORITY
from opsmatch.results import CompetencyScore, Match, PostingAnalysis, result_columns
from opsmatch.salary import Salary, SalaryError, explain_salary, parse_salary
from opsmatch.sections import SECTIONS
from opsmatch.taxonomy import COMPETENCIES, FAMILIES, SUBTYPES

if TYPE_CHECKING:
    import pandas as pd

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


def __getattr__(name: str) -> Any:
    import importlib

    if name == "plot":  # charts: pip install "opsmatch[plot]"
        return importlib.import_module("opsmatch.plotting")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'opsmatch' has no attribute {name!r}")


def analyze(text: str, title: str | None = None) -> PostingAnalysis:
    """Analyse one posting with the default Analyzer.

    >>> analyze("负责公众号文案撰写").competencies["copywriting"].asked
    True
    """
    from opsmatch.analyzer import default_analyzer

    return default_analyzer().analyze(text, title)


def analyze_many(
    texts: Iterable[str], titles: Iterable[str | None] | None = None, *, n_jobs: int = 1
) -> list[PostingAnalysis]:
    """Analyse many postings with the default Analyzer, in the same order."""
    from opsmatch.analyzer import default_analyzer

    return default_analyzer().analyze_many(texts, titles, n_jobs=n_jobs)


def score_frame(
    df: pd.DataFrame,
    text_col: Hashable,
    title_col: Hashable | None = None,
    *,
    salary_col: Hashable | None = None,
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
