"""Batch scoring: DataFrames and CSV files of any size, in order, nothing lost.

``score_frame`` returns a NEW DataFrame (the caller's columns untouched) with the result
columns of ``opsmatch.result_columns()`` appended; ``score_csv`` streams a CSV file in chunks
(flat memory) to CSV or Parquet. A row that cannot be analysed keeps its place and gets its
reason in the ``error`` column; a file or column that cannot be read at all raises
``InputError`` with one line naming it.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from opsmatch.analyzer import Analyzer, progress_bar, resolve_n_jobs
from opsmatch.errors import InputError
from opsmatch.results import result_columns, result_schema

__all__ = [
    "RESULT_DTYPES",
    "TEXT_COLUMN_NAMES",
    "TITLE_COLUMN_NAMES",
    "InputError",
    "ScoreReport",
    "detect_encoding",
    "find_column",
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
MAX_CHARS = 1_000_000
_SURROGATE = re.compile("[\udc80-\udcff]")  # bytes a decoder could not read, kept by surrogateescape


_PANDAS_DTYPE = {"string": "object", "float": "float64", "int": "Int64", "bool": "boolean"}


def _result_dtypes() -> dict[str, str]:
    return {col: _PANDAS_DTYPE[kind] for col, kind in result_schema().items()}


RESULT_DTYPES = _result_dtypes()
"""The dtype of each result column in ``score_frame`` output (the same in every chunk)."""


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

    def __str__(self) -> str:
        rate = self.rows / self.seconds if self.seconds > 0 else float("inf")
        return (
            f"{self.rows} rows ({self.errors} with an error) in {self.seconds:.1f} s "
            f"({rate:,.0f} rows/s) -> {self.output}"
        )


# -- cells and columns --------------------------------------------------------------------
def coerce_text(value: Any) -> tuple[str | None, str | None]:
    """A cell as posting text, or ``(None, reason)`` when it is not usable text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None, "missing text"
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None, "bytes that are not UTF-8"
    if not isinstance(value, str):
        return None, f"not text: {type(value).__name__}"
    if _SURROGATE.search(value):
        return None, "undecodable bytes in text"
    if not value or value.isspace():
        return None, "empty text"
    if len(value) > MAX_CHARS:
        return None, f"text longer than {MAX_CHARS:,} characters"
    return (value.replace("\x00", " ") if "\x00" in value else value), None


def coerce_title(value: Any) -> str | None:
    """A cell as a title, or ``None`` (titles are optional: a bad title is just left out)."""
    text, _ = coerce_text(value)
    return text[:200] if text is not None else None


def _norm_header(name: str) -> str:
    return str(name).strip().lstrip("\ufeff").lower().replace("_", " ").replace(" ", "")


def find_column(columns: Sequence[Any], candidates: Sequence[str]) -> Any | None:
    """The first column whose name is one of ``candidates`` (case, spaces and ``_`` ignored)."""
    by_norm: dict[str, Any] = {}
    for col in columns:
        by_norm.setdefault(_norm_header(str(col)), col)
    for name in candidates:
        hit = by_norm.get(_norm_header(name))
        if hit is not None:
            return hit
    return None


def _output_names(existing: Sequence[Any]) -> dict[str, str]:
    """Result column -> output name, prefixed with ``opsmatch_`` where a user column has the name."""
    taken = {str(c) for c in existing}
    return {c: (f"opsmatch_{c}" if c in taken else c) for c in result_columns()}


def _rows(results: Sequence[list[Any] | str]) -> list[list[Any]]:
    """Result rows from ``map_chunks(safe=True, flat=True)``: values in ``result_columns()`` order,
    or an error string, which becomes a row of nothing but that error."""
    columns = result_columns()
    empty: list[Any] = [None] * (len(columns) - 1)
    assert columns[-1] == "error"
    return [r if isinstance(r, list) else [*empty, r] for r in results]


def _prepare_chunk(texts: Sequence[Any], titles: Sequence[Any] | None) -> tuple[list[Any], list[Any], list[Any]]:
    """A chunk of raw cells as (texts, titles, errors) for ``Analyzer.map_chunks(safe=True)``."""
    cleaned = [coerce_text(v) for v in texts]
    clean_titles = [coerce_title(v) for v in titles] if titles is not None else [None] * len(cleaned)
    return [t for t, _ in cleaned], clean_titles, [e for _, e in cleaned]


def _score_lists(
    analyzer: Analyzer,
    texts: Sequence[Any],
    titles: Sequence[Any] | None,
    n_jobs: int,
    chunksize: int,
    bar: Any,
) -> Iterator[list[list[Any]]]:
    """Result rows for raw cells, chunk by chunk, in order (bad cells get an error row)."""
    chunks = (
        _prepare_chunk(texts[i : i + chunksize], None if titles is None else titles[i : i + chunksize])
        for i in range(0, len(texts), chunksize)
    )
    for results in analyzer.map_chunks(chunks, n_jobs, safe=True, flat=True):
        if bar is not None:
            bar.update(len(results))
        yield _rows(results)


# -- DataFrames ---------------------------------------------------------------------------
def score_frame(
    df: pd.DataFrame,
    text_col: Any,
    title_col: Any = None,
    n_jobs: int = 1,
    progress: bool | None = None,
    analyzer: Analyzer | None = None,
    chunksize: int = 500,
) -> pd.DataFrame:
    """A new DataFrame: ``df``'s columns untouched, plus the result columns, same index and order.

    >>> import pandas as pd
    >>> out = score_frame(pd.DataFrame({"jd": ["熟练使用SQL", None]}), "jd", progress=False)
    >>> out["data_analysis_evidence"].tolist(), out["error"].tolist()
    (['SQL', None], [None, 'missing text'])
    """
    if hasattr(df, "npartitions"):  # a Dask DataFrame: stay lazy
        from opsmatch.dask import score_dataframe

        return score_dataframe(df, text_col, title_col)  # type: ignore[no-any-return]
    for col in (text_col, title_col):
        if col is not None and col not in df.columns:
            raise InputError(f"column {col!r} is not in the DataFrame; its columns are {list(df.columns)}")
    from opsmatch import default_analyzer

    analyzer = analyzer or default_analyzer()
    bar = progress_bar(len(df), progress, "opsmatch")
    titles = None if title_col is None else df[title_col].tolist()
    rows = [r for part in _score_lists(analyzer, df[text_col].tolist(), titles, n_jobs, chunksize, bar) for r in part]
    if bar is not None:
        bar.close()
    names = _output_names(list(df.columns))
    result = pd.DataFrame(rows, columns=result_columns(), index=df.index).astype(RESULT_DTYPES).rename(columns=names)
    combined: pd.DataFrame = pd.concat([df, result], axis=1)
    return combined


@pd.api.extensions.register_dataframe_accessor("opsmatch")
class OpsmatchAccessor:
    """``df.opsmatch.score("职位描述")``: ``score_frame`` as a DataFrame accessor."""

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    def score(
        self, text_col: Any, title_col: Any = None, n_jobs: int = 1, progress: bool | None = None
    ) -> pd.DataFrame:
        """Score this frame; see ``opsmatch.score_frame``."""
        return score_frame(self._df, text_col, title_col, n_jobs=n_jobs, progress=progress)

    def summarize(self) -> pd.DataFrame:
        """Summarize a scored frame; see ``opsmatch.summarize``."""
        return summarize(self._df)


# -- CSV files ----------------------------------------------------------------------------
def detect_encoding(sample: bytes) -> str:
    """The encoding of a CSV sample: UTF-8 (with or without BOM), else GB18030 / what charset-normalizer finds.

    >>> detect_encoding("职位描述".encode("gbk"))
    'gb18030'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return "utf-8"
    enc = str(best.encoding)
    return "gb18030" if enc.replace("_", "").lower() in {"gb2312", "gbk"} else enc


def _open_source(src: str | Path | IO[bytes], encoding: str) -> tuple[io.TextIOWrapper, str, str]:
    """A text stream over the source, its encoding, and its display name."""
    if isinstance(src, (str, Path)) and str(src) == "-":
        raw: IO[bytes] = sys.stdin.buffer
        name = "<stdin>"
    elif isinstance(src, (str, Path)):
        name = str(src)
        try:
            raw = open(src, "rb")  # noqa: SIM115 - closed by the caller through the text wrapper
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    else:
        raw, name = src, getattr(src, "name", "<stream>")
    buffered: Any = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(cast(Any, raw))
    if encoding == "auto":
        encoding = detect_encoding(buffered.peek(1 << 16)[: 1 << 16])
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from exc
    text = io.TextIOWrapper(buffered, encoding=encoding, errors="surrogateescape", newline="")
    return text, encoding, name


def _fix_cell(cell: str) -> tuple[str, bool]:
    """Undecodable bytes (kept as surrogates) become U+FFFD; says whether there were any."""
    if _SURROGATE.search(cell):
        return _SURROGATE.sub("\ufffd", cell), True
    return cell, False


def _read_chunks(
    reader: Iterator[list[str]], width: int, chunksize: int
) -> Iterator[tuple[list[list[str]], list[str | None]]]:
    """Rows padded / trimmed to ``width`` with a per-row note of what was wrong with them."""
    rows: list[list[str]] = []
    notes: list[str | None] = []
    for line in reader:
        if not line:
            continue  # a blank line is no record
        note = None
        if len(line) != width:
            note = f"row has {len(line)} fields, header has {width}"
            line = (
                (line + [""] * width)[:width]
                if len(line) < width
                else [*line[: width - 1], ",".join(line[width - 1 :])]
            )
        if _SURROGATE.search("".join(line)):  # one search per row, not per cell
            line = [_fix_cell(c)[0] for c in line]
            note = "; ".join(filter(None, [note, "undecodable bytes replaced"]))
        rows.append(line)
        notes.append(note)
        if len(rows) >= chunksize:
            yield rows, notes
            rows, notes = [], []
    if rows:
        yield rows, notes


def _arrow_schema(header: list[str]) -> Any:
    """Input columns as strings; result columns typed (scores float, is_operations bool)."""
    import pyarrow as pa

    arrow = {"string": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    schema = result_schema()
    n_results = len(schema)
    fields = [pa.field(h, pa.string()) for h in header[:-n_results]]
    fields += [pa.field(name, arrow[kind]) for name, kind in zip(header[-n_results:], schema.values())]
    return pa.schema(fields)


class _Sink:
    """Writes chunks of rows to CSV or Parquet, into a temporary file renamed at the end."""

    def __init__(self, dst: str | Path, header: list[str], excel: bool) -> None:
        self.header = header
        self.stdout = str(dst) == "-"
        self.parquet = str(dst).lower().endswith(".parquet")
        self.final = Path(str(dst))
        self._writer: Any = None
        if self.stdout:
            self._fh: io.TextIOWrapper = io.TextIOWrapper(
                sys.stdout.buffer, encoding="utf-8", newline="", write_through=True
            )
            self._tmp = None
        else:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.final.name}.", suffix=".part", dir=self.final.parent)
            os.close(fd)
            self._tmp = Path(tmp)
            if not self.parquet:
                self._fh = open(self._tmp, "w", encoding="utf-8-sig" if excel else "utf-8", newline="")  # noqa: SIM115
        if not self.parquet:
            self._csv = csv.writer(self._fh)
            self._csv.writerow(header)

    def write(self, rows: list[list[Any]]) -> None:
        if not self.parquet:
            self._csv.writerows(rows)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(self.header)
        columns: list[Sequence[Any]] = list(zip(*rows)) if rows else [[] for _ in self.header]
        table = pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)
        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self._tmp), schema)
        self._writer.write_table(table)

    def commit(self) -> None:
        if self.parquet and self._writer is not None:
            self._writer.close()
        elif self.stdout:
            self._fh.flush()
            self._fh.detach()
        else:
            self._fh.close()
        if self._tmp is not None:
            os.replace(self._tmp, self.final)

    def abort(self) -> None:
        try:
            if self.parquet and self._writer is not None:
                self._writer.close()
            elif not self.stdout:
                self._fh.close()
        finally:
            if self._tmp is not None and self._tmp.exists():
                self._tmp.unlink()


class _buffered:
    """Hands chunks to the analyzer while keeping them, to be taken back in the same order."""

    def __init__(self, chunks: Iterator[tuple[list[list[str]], list[str | None]]]) -> None:
        self._chunks = chunks
        self._kept: deque[tuple[list[list[str]], list[str | None]]] = deque()

    def feed(self) -> Iterator[tuple[list[list[str]], list[str | None]]]:
        for chunk in self._chunks:
            self._kept.append(chunk)
            yield chunk

    def take(self) -> tuple[list[list[str]], list[str | None]]:
        return self._kept.popleft()


def score_csv(
    src: str | Path | IO[bytes],
    dst: str | Path,
    text_col: str | None = None,
    title_col: str | None = None,
    n_jobs: int = 1,
    encoding: str = "auto",
    excel: bool = False,
    progress: bool | None = None,
    chunksize: int | None = None,
    analyzer: Analyzer | None = None,
) -> ScoreReport:
    """Score a CSV file (``-`` for stdin) into ``dst`` (CSV, ``.parquet``, or ``-`` for stdout).

    Streams ``chunksize`` rows at a time (default 2,000 in one process; 500 with workers, so a
    10,000-row file still gives every worker a fair share: -j 2 measured 1.30x -> 1.57x on 51job's
    10,193 rows); every input column is written back unchanged, then
    the result columns. Columns are found by common board names when not given. ``excel``
    writes UTF-8 with a BOM so Excel and WPS open it right. Returns a ``ScoreReport``.
    """
    started = time.perf_counter()
    stream, used_encoding, name = _open_source(src, encoding)
    try:
        reader = csv.reader(stream)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{name}: is empty (no header row)") from None
        except (csv.Error, UnicodeError) as exc:
            raise InputError(f"{name}: cannot be read as CSV ({exc})") from exc
        header = [_fix_cell(h)[0] for h in header]
        if header:
            header[0] = header[0].lstrip("\ufeff")
        text_name = text_col if text_col is not None else find_column(header, TEXT_COLUMN_NAMES)
        if text_name is None or text_name not in header:
            what = f"column {text_col!r}" if text_col else "a text column (e.g. 职位描述, description, jd)"
            raise InputError(f"{name}: has no {what}; its columns are {header}; choose one with --text-col")
        title_name = title_col if title_col is not None else find_column(header, TITLE_COLUMN_NAMES)
        if title_col is not None and title_col not in header:
            raise InputError(f"{name}: has no column {title_col!r}; its columns are {header}")
        text_i = header.index(text_name)
        title_i = header.index(title_name) if title_name is not None else None
        from opsmatch import default_analyzer

        analyzer = analyzer or default_analyzer()
        names = _output_names(header)
        sink = _Sink(dst, header + [names[c] for c in result_columns()], excel)
        bar = progress_bar(None, progress, Path(name).name)
        rows_done = errors = 0
        try:
            if chunksize is None:
                chunksize = 2000 if resolve_n_jobs(n_jobs) == 1 else 500
            pairs = _buffered(_read_chunks(reader, len(header), chunksize))
            work = (
                _prepare_chunk([r[text_i] for r in rows], None if title_i is None else [r[title_i] for r in rows])
                for rows, _ in pairs.feed()
            )
            for results in analyzer.map_chunks(work, n_jobs, safe=True, flat=True):
                rows, notes = pairs.take()
                out = []
                for row, note, res in zip(rows, notes, _rows(results)):
                    if note:
                        res[-1] = "; ".join(filter(None, [note, res[-1]]))
                    errors += res[-1] is not None
                    out.append(row + res)
                sink.write(out)
                rows_done += len(rows)
                if bar is not None:
                    bar.update(len(rows))
        except csv.Error as exc:
            sink.abort()
            raise InputError(f"{name}: broken CSV near row {rows_done + 2} ({exc})") from exc
        except BaseException:
            sink.abort()
            raise
        sink.commit()
        if bar is not None:
            bar.close()
    finally:
        if stream is not sys.stdin:
            stream.close() if name != "<stdin>" else stream.detach()
    return ScoreReport(
        rows_done, errors, time.perf_counter() - started, str(dst), str(text_name),
        None if title_name is None else str(title_name), used_encoding,
    )  # fmt: skip


# -- summary ------------------------------------------------------------------------------
def summarize(scored: pd.DataFrame, top: int = 5, *, by: str = "subtype") -> pd.DataFrame:
    """Per sub-type (or per family, ``by="family"``): postings, share, the share asking for each
    competency, top evidence terms.

    ``scored`` is the output of ``score_frame`` / ``score_csv`` (result column names).
    """
    from opsmatch.taxonomy import COMPETENCIES

    if by not in ("subtype", "family"):
        raise ValueError(f"by must be 'subtype' or 'family', got {by!r}")
    ok = scored[scored["error"].isna()] if "error" in scored else scored
    label_col = f"{by}_label"
    key = ok[label_col].fillna("(无分类)") if label_col in ok else pd.Series("全部", index=ok.index)
    rows = []
    for label, group in ok.groupby(key, sort=False):
        row: dict[str, Any] = {
            by: label,
            "postings": len(group),
            "share": len(group) / max(len(ok), 1),
        }
        terms: Counter[str] = Counter()
        for cid, clabel in COMPETENCIES.items():
            col = f"{cid}_score"
            if col in group:
                row[clabel] = float((group[col].fillna(0) > 0).mean())
            ev = f"{cid}_evidence"
            if ev in group:
                for cell in group[ev].dropna():
                    terms.update(t for t in str(cell).split("、") if t)
        row["top_terms"] = "、".join(t for t, _ in terms.most_common(top))
        rows.append(row)
    out: pd.DataFrame = pd.DataFrame(rows)
    if len(out):
        out = out.sort_values("postings", ascending=False, ignore_index=True)
    return out
