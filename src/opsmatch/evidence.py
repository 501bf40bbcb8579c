"""Evidence in long form: one row per competency match, for analysts who group and count evidence.

``evidence_frame`` turns analyses (or texts, or a DataFrame column) into a DataFrame with one
row per match; ``opsmatch score IN.csv -o OUT.csv --evidence EVIDENCE.csv`` writes the same
rows for a whole file while it is scored (the workers make them: ``Analyzer.map_rows_with_evidence``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

from opsmatch.results import EVIDENCE_COLUMNS, EVIDENCE_SCHEMA, PostingAnalysis, evidence_rows

if TYPE_CHECKING:
    import pandas as pd

    from opsmatch.analyzer import Analyzer

__all__ = ["EVIDENCE_COLUMNS", "EVIDENCE_SCHEMA", "evidence_frame", "evidence_rows"]


def evidence_frame(
    data: pd.DataFrame | Iterable[PostingAnalysis] | Iterable[str],
    text_col: Hashable | None = None,
    *,
    title_col: Hashable | None = None,
    ids: Sequence[Hashable] | None = None,
    analyzer: Analyzer | None = None,
) -> pd.DataFrame:
    """One row per competency match (columns ``EVIDENCE_COLUMNS``).

    ``data`` is a list of ``PostingAnalysis``, a list of posting texts, or a DataFrame with
    the text in ``text_col`` (then ``row`` is the DataFrame's index). ``ids`` names the rows
    otherwise (default 0, 1, 2 …).

    >>> import opsmatch
    >>> df = opsmatch.evidence_frame(["熟练使用SQL，执行力强", "负责公众号推文撰写"])
    >>> df[["row", "competency", "canonical", "strength"]].values.tolist()
    [[0, 'data_analysis', 'SQL', 'required'], [0, 'project_management', '执行力', 'implied'], [1, 'copywriting', '公众号文章', 'required']]
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        if text_col is None or text_col not in data.columns:
            raise ValueError(f"text_col must name a column of the DataFrame, got {text_col!r}")
        texts = ["" if not isinstance(t, str) else t for t in data[text_col]]
        titles = None if title_col is None else [t if isinstance(t, str) else None for t in data[title_col]]
        analyses = _analyzer(analyzer).analyze_many(texts, titles)
        row_ids: Sequence[Hashable] = list(data.index)
    else:
        items = list(data)
        strings = [x for x in items if isinstance(x, str)]
        analyses = _analyzer(analyzer).analyze_many(strings) if strings else []
        if strings and len(strings) != len(items):
            raise TypeError("data must hold only texts or only PostingAnalysis objects")
        if not strings:
            analyses = [x for x in items if isinstance(x, PostingAnalysis)]
            if len(analyses) != len(items):
                raise TypeError("data must hold only texts or only PostingAnalysis objects")
        row_ids = list(range(len(analyses))) if ids is None else list(ids)
        if len(row_ids) != len(analyses):
            raise ValueError(f"{len(analyses)} postings but {len(row_ids)} ids")
    rows = [r for a, rid in zip(analyses, row_ids) for r in evidence_rows(a, rid)]
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(EVIDENCE_COLUMNS))
    frame = frame.astype({"start": "int64", "end": "int64", "counted": "bool"})
    return frame


def _analyzer(analyzer: Analyzer | None) -> Analyzer:
    if analyzer is not None:
        return analyzer
    from opsmatch.analyzer import default_analyzer

    return default_analyzer()
