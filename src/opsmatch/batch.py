"""Batch scoring: DataFrames and postings files of any size, in order, nothing lost.

``score_frame`` returns a NEW DataFrame (the caller's columns untouched) with the result
columns of the Analyzer's lexicon appended; ``score_csv`` streams a CSV (or ``.xlsx``) file in
chunks (flat memory) to CSV, Parquet or Excel. A row that cannot be analysed keeps its place
and gets its reason in the ``error`` column; a file or column that cannot be read at all
raises ``InputError`` with one line naming it. Reading is ``opsmatch.sources``, writing
``opsmatch.sinks``, the per-posting work ``Analyzer.map_rows``.
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from collections.abc import Generator, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple, TypeVar, cast

import pandas as pd

from opsmatch.analyzer import Analyzer, RowChunk, default_analyzer, progress_bar, resolve_n_jobs
from opsmatch.errors import InputError
from opsmatch.results import EVIDENCE_COLUMNS, EVIDENCE_SCHEMA, result_schema
from opsmatch.salary import SALARY_COLUMN_NAMES, SALARY_COLUMNS, salary_frame, salary_values
from opsmatch.sinks import Sink, open_sink, output_format, pandas_dtypes
from opsmatch.sources import SURROGATE, Source, detect_encoding, open_source
from opsmatch.summary import summarize

__all__ = [
    "MAX_CHARS",
    "RESULT_DTYPES",
    "TEXT_COLUMN_NAMES",
    "TITLE_COLUMN_NAMES",
    "InputError",
    "ScoreReport",
    "detect_encoding",
    "find_column",
    "output_names",
    "score_csv",
    "score_frame",
    "summarize",
]

TEXT_COLUMN_NAMES = (
    "职位描述", "岗位描述", "职位详情", "岗位详情", "岗位职责", "工作职责", "工作内容", "职位介绍",
    "职位要求", "描述", "详情", "description", "job_description", "jobdescription", "job description",
    "jd", "desc", "text", "content",
)  # fmt: skip
TITLE_COLUMN_NAMES = (
    "职位名称", "岗位名称", "职位", "岗位", "职位标题", "招聘职位", "标题", "title", "job_title",
    "jobtitle", "job title", "position", "job_name", "name",
)  # fmt: skip
_Name = TypeVar("_Name", bound=Hashable)  # a column name: str in files, any hashable in frames

MAX_CHARS = 1_000_000
"""The longest posting analysed; a longer one gets an ``error`` naming this limit (its row is kept)."""

RESULT_DTYPES = pandas_dtypes(result_schema())
"""The pandas dtype of each result column with the shipped lexicon (``Analyzer.result_schema`` for yours)."""


@dataclass(frozen=True)
class ScoreReport:
    """What ``score_csv`` did: rows written, rows with an error, seconds, and its choices."""

    rows: int
    errors: int
    seconds: float
    output: str
    text_col: str
    title_col: str | None
    encoding: str
    salary_col: str | None = None

    def __str__(self) -> str:
        rate = self.rows / self.seconds if self.seconds > 0 else float("inf")
        return (
            f"{self.rows} rows ({self.errors} with an error) in {self.seconds:.1f} s "
            f"({rate:,.0f} rows/s) -> {self.output}"
        )


# -- cells and columns --------------------------------------------------------------------
class Cell(NamedTuple):
    """A cell as posting text: the text to analyse, why it cannot be (``error``), or a ``note``."""

    text: str | None
    error: str | None = None
    note: str | None = None


def coerce_text(value: object) -> Cell:
    """A cell as posting text, or the reason it is not usable text.

    >>> coerce_text(None).error, coerce_text(" ").error, coerce_text("运营").text
    ('missing text', 'empty text', '运营')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return Cell(None, "missing text")
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return Cell(None, "bytes that are not UTF-8")
    if not isinstance(value, str):
        return Cell(None, f"not text: {type(value).__name__}")
    if not value or value.isspace():
        return Cell(None, "empty text")
    if len(value) > MAX_CHARS:
        return Cell(None, f"text longer than the limit of {MAX_CHARS:,} characters ({len(value):,})")
    note = None
    if SURROGATE.search(value):
        value = SURROGATE.sub("\ufffd", value)
        note = "undecodable bytes (analysed as U+FFFD)"
    return Cell(value.replace("\x00", " ") if "\x00" in value else value, None, note)


def coerce_title(value: object) -> str | None:
    """A cell as a title, or ``None`` (titles are optional: a bad title is just left out)."""
    text = coerce_text(value).text
    return text[:200] if text is not None else None


def _norm_header(name: str) -> str:
    return str(name).strip().lstrip("\ufeff").lower().replace("_", " ").replace(" ", "")


def find_column(columns: Sequence[_Name], candidates: Sequence[str]) -> _Name | None:
    """The first column whose name is one of ``candidates`` (case, spaces and ``_`` ignored).

    >>> find_column(["ID", "Job_Description"], TEXT_COLUMN_NAMES)
    'Job_Description'
    """
    by_norm: dict[str, _Name] = {}
    for col in columns:
        by_norm.setdefault(_norm_header(str(col)), col)
    for name in candidates:
        hit = by_norm.get(_norm_header(name))
        if hit is not None:
            return hit
    return None


def output_names(existing: Iterable[Hashable], columns: Iterable[str]) -> dict[str, str]:
    """Result column -> output name. When any result column would take a name the input has, ALL
    result columns get a prefix (``opsmatch_``, then ``opsmatch2_`` …), so they stay unique and
    ``df.subtype`` never silently means one of yours.

    >>> output_names(["subtype"], ["subtype", "subtype_label"])
    {'subtype': 'opsmatch_subtype', 'subtype_label': 'opsmatch_subtype_label'}
    """
    taken = {str(c) for c in existing}
    columns = list(columns)
    prefix, n = "", 1
    while any(prefix + c in taken for c in columns):
        prefix = "opsmatch_" if n == 1 else f"opsmatch{n}_"
        n += 1
    return {c: prefix + c for c in columns}


def _check_unique(columns: Sequence[Any], where: str) -> None:
    counts = Counter(str(c) for c in columns)
    repeated = [name for name, n in counts.items() if n > 1]
    if repeated:
        raise InputError(f"{where}: column names repeat: {repeated}; rename them so each is one column")


# -- DataFrames ---------------------------------------------------------------------------
def _chunks(
    texts: Sequence[Any],
    titles: Sequence[Any] | None,
    notes: Sequence[str | None] | None,
    size: int,
    *,
    cell_notes: bool = True,
) -> Iterator[tuple[RowChunk, list[str | None]]]:
    """Chunks of raw cells as ``RowChunk`` plus each row's note (kept in this process); ``cell_notes``
    adds what ``coerce_text`` noticed (a file's reader already noted it per row)."""
    for start in range(0, len(texts), size):
        cells = [coerce_text(v) for v in texts[start : start + size]]
        part_titles = [None] * len(cells) if titles is None else [coerce_title(v) for v in titles[start : start + size]]
        given = [None] * len(cells) if notes is None else notes[start : start + size]
        merged = [_join(n, c.note) for n, c in zip(given, cells)] if cell_notes else list(given)
        yield RowChunk([c.text for c in cells], part_titles, [c.error for c in cells]), merged


def _join(*parts: str | None) -> str | None:
    text = "; ".join(p for p in parts if p)
    return text or None


def _results(
    analyzer: Analyzer,
    chunks: Iterable[tuple[RowChunk, list[str | None]]],
    n_jobs: int,
    evidence: Sink | None = None,
) -> Generator[list[list[Any]], None, None]:
    """Result rows per chunk, in order, each row's note joined into its ``error``; with an
    ``evidence`` sink, the long form of the evidence is written there (row = row number)."""
    err_i = analyzer.result_columns.index("error")
    kept: deque[list[str | None]] = deque()

    def feed() -> Iterator[RowChunk]:
        for chunk, notes in chunks:
            kept.append(notes)
            yield chunk

    def scored() -> Generator[list[list[Any]], None, None]:
        if evidence is None:
            yield from analyzer.map_rows(feed(), n_jobs=n_jobs)
            return
        first = 0
        with closing(analyzer.map_rows_with_evidence(feed(), n_jobs=n_jobs)) as parts:
            for rows, found in parts:
                evidence.write([(first + cast(int, r[0]), *r[1:]) for r in found])
                first += len(rows)
                yield rows

    with closing(scored()) as results:
        for rows in results:
            for row, note in zip(rows, kept.popleft()):
                if note:
                    row[err_i] = _join(note, row[err_i])
            yield rows


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
    """A new DataFrame: ``df``'s columns untouched, plus the result columns, same index and order.

    Result columns are those of the Analyzer's lexicon (``analyzer.result_schema``), with
    nullable dtypes: ``df[df.is_operations]`` works even when some rows have an error. The
    salary columns (``salary_min_monthly`` …) are parsed from ``salary_col``, by default a
    column named like 薪资 / 月薪 / salary (``opsmatch.salary``); empty without one.

    >>> import pandas as pd
    >>> out = score_frame(pd.DataFrame({"jd": ["熟练使用SQL", None]}), "jd", progress=False)
    >>> out["data_analysis_evidence"].tolist(), out["error"].tolist()
    (['SQL', None], [None, 'missing text'])
    """
    if hasattr(df, "npartitions"):
        raise TypeError("a Dask DataFrame: use opsmatch.score_frame or opsmatch.dask.score_dataframe")
    _check_unique(list(df.columns), "the DataFrame")
    for col in (text_col, title_col, salary_col):
        if col is not None and col not in df.columns:
            raise InputError(f"column {col!r} is not in the DataFrame; its columns are {list(df.columns)}")
    analyzer = analyzer or default_analyzer()
    schema = analyzer.result_schema
    bar = progress_bar(len(df), progress, "opsmatch")
    titles = None if title_col is None else df[title_col].tolist()
    rows: list[list[Any]] = []
    with closing(_results(analyzer, _chunks(df[text_col].tolist(), titles, None, chunksize), n_jobs)) as parts:
        for part in parts:
            rows.extend(part)
            if bar is not None:
                bar.update(len(part))
    if bar is not None:
        bar.close()
    typed = {col: dtype for col, dtype in pandas_dtypes(schema).items() if dtype != "object"}
    result = pd.DataFrame(rows, columns=list(schema), index=df.index, dtype=object).astype(typed)  # text keeps None
    salary_name = salary_col if salary_col is not None else find_column(list(df.columns), SALARY_COLUMN_NAMES)
    if salary_name is not None:  # built on the result's own index: no realignment
        salaries = salary_frame(df[salary_name].tolist(), index=result.index)
        for col in SALARY_COLUMNS:
            result[col] = salaries[col]
    result = result.rename(columns=output_names(df.columns, schema))
    combined: pd.DataFrame = pd.concat([df, result], axis=1)
    combined.attrs["opsmatch"] = {"competencies": dict(analyzer.lexicon.competencies)}  # labels for charts
    return combined


# -- files ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Columns:
    """The posting text, title and salary columns chosen in a file's header (names and positions)."""

    text: str
    text_at: int
    title: str | None
    title_at: int | None
    salary: str | None = None
    salary_at: int | None = None


def _looks_like_data(header: Sequence[str]) -> bool:
    return any(len(h) > 30 or any(p in h for p in "，。；！？") for h in header)


def resolve_columns(
    source: Source, text_col: str | None, title_col: str | None, salary_col: str | None = None
) -> Columns:
    """The text, title and salary columns of ``source``: as given, or found by common board names."""
    header, name = source.header, source.name
    _check_unique(header, name)
    for given in (text_col, title_col, salary_col):
        if given is not None and given not in header:
            raise InputError(f"{name}: has no column {given!r}; its columns are {header}")
    text = text_col if text_col is not None else find_column(header, TEXT_COLUMN_NAMES)
    if text is None:
        shown = [h[:20] + ("…" if len(h) > 20 else "") for h in header[:8]] + (["…"] if len(header) > 8 else [])
        if _looks_like_data(header):
            problem = "its first row looks like a posting, not a header: add a header row (e.g. 职位描述)"
        else:
            problem = "no column is named like a posting text (职位描述, description, jd …)"
        raise InputError(
            f"{name}: has no text column ({problem}); read as {source.describe()}, its columns are {shown}; "
            "choose one with --text-col"
        )
    title = title_col if title_col is not None else find_column(header, TITLE_COLUMN_NAMES)
    salary = salary_col if salary_col is not None else find_column(header, SALARY_COLUMN_NAMES)
    return Columns(
        text,
        header.index(text),
        title,
        None if title is None else header.index(title),
        salary,
        None if salary is None else header.index(salary),
    )


def _record_chunks(
    source: Source, columns: Columns, size: int, kept: deque[list[list[Any]]], lossy: bool
) -> Iterator[tuple[RowChunk, list[str | None]]]:
    """Records padded to ``width`` with their notes, as chunks for the Analyzer (cells kept in ``kept``)."""
    width, delimiter = len(source.header), source.delimiter or ","
    rows: list[list[Any]] = []
    notes: list[str | None] = []
    for record in source.records():
        cells, note = record.cells, record.note
        if len(cells) != width:
            note = _join(note, f"row has {len(cells)} fields, header has {width}")
            cells = (
                (cells + [""] * width)[:width]
                if len(cells) < width
                else [*cells[: width - 1], delimiter.join(map(str, cells[width - 1 :]))]
            )
        if _has_surrogates(cells):
            kept_as = "replaced by U+FFFD in this output format" if lossy else "kept as they were"
            note = _join(note, f"undecodable bytes ({kept_as})")
        rows.append(cells)
        notes.append(note)
        if len(rows) >= size:
            yield from _flush(rows, notes, columns, size, kept)
            rows, notes = [], []
    if rows:
        yield from _flush(rows, notes, columns, size, kept)


def _has_surrogates(cells: list[Any]) -> bool:
    try:
        return SURROGATE.search("".join(cells)) is not None  # one search a row (CSV cells are text)
    except TypeError:  # a workbook's numbers and dates
        return any(isinstance(c, str) and SURROGATE.search(c) for c in cells)


def _flush(
    rows: list[list[Any]], notes: list[str | None], columns: Columns, size: int, kept: deque[list[list[Any]]]
) -> Iterator[tuple[RowChunk, list[str | None]]]:
    kept.append(rows)
    texts = [r[columns.text_at] for r in rows]
    titles = None if columns.title_at is None else [r[columns.title_at] for r in rows]
    yield from _chunks(texts, titles, notes, size, cell_notes=False)


def score_csv(
    src: str | Path | IO[bytes],
    dst: str | Path,
    *,
    text_col: str | None = None,
    title_col: str | None = None,
    n_jobs: int = 1,
    encoding: str = "auto",
    excel: bool = False,
    progress: bool | None = None,
    chunksize: int | None = None,
    analyzer: Analyzer | None = None,
    salary_col: str | None = None,
    evidence: str | Path | None = None,
) -> ScoreReport:
    """Score a postings file (CSV, ``.xlsx``, ``-`` for stdin) into ``dst`` (``.csv``, ``.tsv``,
    ``.parquet``, ``.xlsx``, or ``-`` for stdout).

    Streams ``chunksize`` rows at a time (2,000 in one process, 500 with workers so each gets
    a fair share); every input column is written back unchanged, then the result columns.
    Columns are found by common board names when not given. ``excel`` writes CSV as UTF-8 with
    a BOM so Excel and WPS open it right. A salary column (``salary_col``, or one named like
    薪资 / salary) is parsed into the salary columns. ``evidence`` names a file (``.csv``,
    ``.parquet`` …) for the evidence in long form, one row per match (``opsmatch.evidence``'s
    columns, ``row`` counted from 0). ``dst`` appears only when every row is written.

    >>> import io, tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "scored.csv")
    >>> score_csv(io.BytesIO("职位描述\\n熟练使用SQL\\n".encode()), out, progress=False).rows
    1
    """
    started = time.perf_counter()
    fmt = output_format(dst)  # an output we cannot write fails before any work
    if evidence is not None:
        output_format(evidence)
    analyzer = analyzer or default_analyzer()
    schema = analyzer.result_schema
    err_i = list(schema).index("error")
    salary_i = list(schema).index(SALARY_COLUMNS[0])
    with open_source(src, encoding) as source:
        columns = resolve_columns(source, text_col, title_col, salary_col)
        names = output_names(source.header, schema)
        if chunksize is None:
            chunksize = 2000 if resolve_n_jobs(n_jobs) == 1 else 500
        bar = progress_bar(None, progress, Path(source.name).name)
        kept: deque[list[list[Any]]] = deque()
        errors = 0
        header = source.header + [names[c] for c in schema]
        lossy = fmt != "csv"
        with ExitStack() as sinks:
            sink = sinks.enter_context(open_sink(dst, header, list(schema.values()), excel=excel))
            long_form = None
            if evidence is not None:
                long_form = sinks.enter_context(open_sink(evidence, EVIDENCE_COLUMNS, list(EVIDENCE_SCHEMA.values())))
            chunks = _record_chunks(source, columns, chunksize, kept, lossy)
            with closing(_results(analyzer, chunks, n_jobs, long_form)) as scored:  # workers stop on any error
                for results in scored:
                    cells = kept.popleft()
                    if columns.salary_at is not None:
                        for c, r in zip(cells, results):
                            r[salary_i : salary_i + len(SALARY_COLUMNS)] = salary_values(c[columns.salary_at])
                    errors += sum(r[err_i] is not None for r in results)
                    sink.write([c + r for c, r in zip(cells, results)])
                    if bar is not None:
                        bar.update(len(cells))
        if bar is not None:
            bar.close()
        return ScoreReport(
            sink.rows,
            errors,
            time.perf_counter() - started,
            str(dst),
            columns.text,
            columns.title,
            source.describe(),
            columns.salary,
        )


def result_dtypes(competencies: Mapping[str, str]) -> dict[str, str]:
    """The pandas dtype of each result column for a lexicon's competencies (nullable where needed)."""
    return pandas_dtypes(result_schema(competencies))
