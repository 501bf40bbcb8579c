"""opsmatch: what a Chinese internet-operations job posting really asks for.

>>> import opsmatch
>>> a = opsmatch.analyze("熟练使用SQL、Excel，有社群运营经验者优先")
>>> a.competencies["data_analysis"].terms
('SQL', 'Excel')

Heavy modules (scikit-learn, pandas) load on first use, so ``import opsmatch`` is quick.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from opsmatch._version import __version__
from opsmatch.lexicon import DEFAULT_LEXICON_DIR, LexiconError, check_lexicon, load_lexicon
from opsmatch.results import CompetencyScore, Match, PostingAnalysis, result_columns
from opsmatch.sections import SECTIONS
from opsmatch.taxonomy import COMPETENCIES, FAMILIES, SUBTYPES

if TYPE_CHECKING:
    from opsmatch.analyzer import Analyzer
    from opsmatch.batch import score_csv, score_frame, summarize
    from opsmatch.classifier import SubtypeClassifier
    from opsmatch.errors import InputError, ModelLoadError
    from opsmatch.evidence import evidence_frame
    from opsmatch.linear import LinearTextModel

__all__ = [
    "COMPETENCIES",
    "DEFAULT_LEXICON_DIR",
    "FAMILIES",
    "SECTIONS",
    "SUBTYPES",
    "Analyzer",
    "CompetencyScore",
    "InputError",
    "LexiconError",
    "LinearTextModel",
    "Match",
    "ModelLoadError",
    "PostingAnalysis",
    "SubtypeClassifier",
    "__version__",
    "analyze",
    "analyze_many",
    "check_lexicon",
    "default_analyzer",
    "evidence_frame",
    "load_lexicon",
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
    "score_frame": "opsmatch.batch",
    "score_csv": "opsmatch.batch",
    "summarize": "opsmatch.batch",
    "evidence_frame": "opsmatch.evidence",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "plot":  # charts: pip install "opsmatch[plot]"
        return importlib.import_module("opsmatch.plotting")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'opsmatch' has no attribute {name!r}")


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The shared Analyzer with the shipped lexicons and model, built on first use."""
    from opsmatch.analyzer import Analyzer

    return Analyzer()


def analyze(text: str, title: str | None = None) -> PostingAnalysis:
    """Analyse one posting with the default Analyzer.

    >>> analyze("负责公众号文案撰写").competencies["copywriting"].asked
    True
    """
    return default_analyzer().analyze(text, title)


def analyze_many(
    texts: Iterable[str], titles: Iterable[str | None] | None = None, n_jobs: int = 1
) -> list[PostingAnalysis]:
    """Analyse many postings with the default Analyzer, in the same order."""
    return default_analyzer().analyze_many(texts, titles, n_jobs=n_jobs)
