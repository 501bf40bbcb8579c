"""Evidence in long form: one row per competency match, for analysts who group and count evidence.

``evidence_frame`` turns analyses (or texts, or a DataFrame column) into a DataFrame with one
row per match; ``opsmatch score IN.csv -o OUT.csv --evidence EVIDENCE.csv`` writes the same
rows for a whole file while it is scored (``EvidenceWriter``).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from opsmatch.results import PostingAnalysis, result_columns
from opsmatch.sections import BOILERPLATE

if TYPE_CHECKING:
    import pandas as pd

    from opsmatch.analyzer import Analyzer

__all__ = ["EVIDENCE_COLUMNS", "EvidenceWriter", "evidence_frame", "evidence_rows"]

EVIDENCE_COLUMNS = ("row", "competency", "canonical", "term", "start", "end", "section", "strength", "kind", "counted")
"""The columns of the long form: the posting's row id, the competency id, the lexicon entry,
the words as written, their span in the posting, its section, ``required`` / ``preferred`` /
``implied``, ``exact`` / ``fuzzy`` / ``pattern``, and whether the match counts (False in
company blurbs and benefits)."""


def evidence_rows(analysis: PostingAnalysis, row: Hashable) -> list[tuple[object, ...]]:
    """The long-form rows of one analysis: its competency matches, in text order.

    >>> import opsmatch
    >>> [r[1:4] for r in evidence_rows(opsmatch.analyze("熟悉SQL"), 0)]
    [('data_analysis', 'SQL', 'SQL')]
    """
    return [
        (row, m.category, m.canonical, m.term, m.start, m.end, m.section, m.strength, m.kind,
         m.section not in BOILERPLATE)
        for m in analysis.matches
        if m.category in analysis.competencies
    ]  # fmt: skip


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
    from opsmatch import default_analyzer

    return default_analyzer()


class EvidenceWriter:
    """Writes the long form of a file's analyses to a CSV while ``score_csv`` scores it.

    ``take(results, first_row)`` receives a chunk of ``map_chunks(safe=True)`` results
    (analyses, or error strings), writes their evidence rows and hands back the chunk as flat
    result rows, as ``map_chunks(flat=True)`` would have. The file appears at ``commit``; on
    ``abort`` the temporary file is removed.
    """

    def __init__(self, path: str | Path) -> None:
        self.final = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.final.name}.", suffix=".part", dir=self.final.parent or ".")
        self._tmp = Path(tmp)
        self._fh: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(EVIDENCE_COLUMNS)
        self._columns = result_columns()
        self.rows = 0

    def take(self, results: Sequence[object], first_row: int) -> list[list[object] | str]:
        out: list[list[object] | str] = []
        for i, res in enumerate(results):
            if isinstance(res, PostingAnalysis):
                found = evidence_rows(res, first_row + i)
                self._writer.writerows(found)
                self.rows += len(found)
                values = res.to_dict()
                out.append([values[c] for c in self._columns])
            else:
                out.append(str(res))
        return out

    def commit(self) -> None:
        self._fh.close()
        os.replace(self._tmp, self.final)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)
