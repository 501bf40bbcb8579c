"""Rank a CSV file of postings against one résumé: fit, top gaps, missing terms, best first.

``rank_csv(resume, "postings.csv", "ranked.csv")`` streams the postings in chunks like
``score_csv`` (same column detection and encodings, from ``opsmatch.batch``: ``find_column``,
``TEXT_COLUMN_NAMES`` / ``TITLE_COLUMN_NAMES``, ``detect_encoding``, ``coerce_text`` /
``coerce_title``), compares each with the résumé, and writes every input row once, sorted by
fit (rows that could not be analysed last, in input order, with their reason in ``error``).

Memory stays flat: each finished row goes to an anonymous temporary file (gone as soon as it
is closed, even if the process is killed) and only its fit and offset are kept; the sorted
file is then copied out of it into ``dst`` through a ``.part`` file renamed at the end. Input
cells are written back unchanged (bytes that are not valid in the input's encoding included).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import sys
import tempfile
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from opsmatch.batch import (
    TEXT_COLUMN_NAMES,
    TITLE_COLUMN_NAMES,
    coerce_text,
    coerce_title,
    detect_encoding,
    find_column,
)
from opsmatch.comparison import compare_analyses
from opsmatch.errors import InputError
from opsmatch.results import PostingAnalysis
from opsmatch.resume import Resume, parse_resume, read_resume

if TYPE_CHECKING:
    from opsmatch.analyzer import Analyzer

__all__ = ["RANK_COLUMNS", "RankReport", "rank_csv"]

RANK_COLUMNS = (
    "rank", "fit", "fit_competencies", "fit_terms", "fit_role", "fit_level", "gaps", "missing_terms", "error",
)  # fmt: skip
"""The columns ``rank_csv`` appends to the input's (``opsmatch_<name>`` where the input has the name)."""

_SURROGATE = re.compile("[\udc80-\udcff]")
_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class RankReport:
    """What ``rank_csv`` did: rows written, rows with an error, seconds, and its choices."""

    rows: int
    errors: int
    seconds: float
    output: str
    text_col: str
    title_col: str | None
    encoding: str
    best_fit: float | None

    def __str__(self) -> str:
        best = "" if self.best_fit is None else f", best fit {self.best_fit:.2f}"
        return (
            f"{self.rows} postings ranked ({self.errors} with an error{best}) in {self.seconds:.1f} s -> {self.output}"
        )


def _open(src: str | PathLike[str] | IO[bytes], encoding: str) -> tuple[io.TextIOWrapper, str, str, bool]:
    """A text stream over the source, its encoding, its name, and whether we opened it."""
    if isinstance(src, (str, PathLike)) and str(src) == "-":
        raw: IO[bytes] = sys.stdin.buffer
        name, owned = "<stdin>", False
    elif isinstance(src, (str, PathLike)):
        name, owned = str(src), True
        try:
            raw = open(src, "rb")  # noqa: SIM115 - closed through the text wrapper
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    else:
        raw, name, owned = src, getattr(src, "name", "<stream>"), False
    buffered: Any = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(cast(Any, raw))
    if encoding == "auto":
        encoding = detect_encoding(buffered.peek(1 << 16)[: 1 << 16])
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        if owned:
            buffered.close()
        raise InputError(f"{name}: unknown encoding {encoding!r}") from exc
    return io.TextIOWrapper(buffered, encoding=encoding, errors="surrogateescape", newline=""), encoding, name, owned


def _rows(reader: Iterator[list[str]], width: int) -> Iterator[tuple[list[str], str | None]]:
    """Rows made ``width`` wide (a note says what was wrong); blank lines are no record."""
    for line in reader:
        if not line:
            continue
        note = None
        if len(line) != width:
            note = f"row has {len(line)} fields, header has {width}"
            line = (
                (line + [""] * width)[:width]
                if len(line) < width
                else [*line[: width - 1], ",".join(line[width - 1 :])]
            )
        yield line, note


def _chunks(rows: Iterator[tuple[list[str], str | None]], size: int) -> Iterator[list[tuple[list[str], str | None]]]:
    chunk: list[tuple[list[str], str | None]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cell_for_analysis(cell: str) -> tuple[Any, str | None]:
    """The cell as text to analyse: bytes the decoder could not read become U+FFFD (noted)."""
    if _SURROGATE.search(cell):
        return _SURROGATE.sub("\ufffd", cell), "undecodable bytes replaced for the analysis"
    return cell, None


def _encode(cells: Sequence[Any], terminator: bool) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    text = buf.getvalue() if terminator else buf.getvalue()[:-1]
    return text.encode("utf-8", errors="surrogateescape")


def rank_csv(
    resume: Resume | str | PathLike[str],
    src: str | PathLike[str] | IO[bytes],
    dst: str | PathLike[str],
    *,
    text_col: str | None = None,
    title_col: str | None = None,
    n_jobs: int = 1,
    encoding: str = "auto",
    excel: bool = False,
    top_gaps: int = 3,
    top_terms: int = 10,
    chunksize: int = 500,
    progress: bool | None = None,
    analyzer: Analyzer | None = None,
) -> RankReport:
    """Rank the postings of a CSV file (``-`` for stdin) for a résumé into ``dst`` (CSV, ``-`` for stdout).

    ``resume`` is a ``Resume``, a résumé file (a path object) or résumé text. Every input row is
    written once, input columns unchanged, then ``RANK_COLUMNS``, best fit first.
    """
    started = time.perf_counter()
    if str(dst).lower().endswith(".parquet"):
        raise InputError(f"{dst}: rank writes CSV; give an output ending in .csv")
    if analyzer is None:
        from opsmatch.analyzer import default_analyzer

        analyzer = default_analyzer()
    if isinstance(resume, Resume):
        res = resume
    elif isinstance(resume, PathLike):
        res = read_resume(resume, analyzer)
    else:
        res = parse_resume(resume, analyzer)
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)  # cells up to MAX_CHARS are ours to judge, not the csv module's
    stream, used_encoding, name, owned = _open(src, encoding)
    try:
        reader = csv.reader(stream)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{name}: is empty (no header row)") from None
        except (csv.Error, UnicodeError) as exc:
            raise InputError(f"{name}: cannot be read as CSV ({exc})") from exc
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
        taken = set(header)
        out_header = header + [f"opsmatch_{c}" if c in taken else c for c in RANK_COLUMNS]
        return _rank_stream(
            res, reader, header, out_header, text_i, title_i, dst, analyzer, n_jobs, chunksize, top_gaps,
            top_terms, excel, progress, name, started, str(text_name),
            None if title_name is None else str(title_name), used_encoding,
        )  # fmt: skip
    except csv.Error as exc:
        raise InputError(f"{name}: broken CSV ({exc})") from exc
    finally:
        if owned:
            stream.close()
        else:
            stream.detach()


def _rank_stream(
    res: Resume, reader: Iterator[list[str]], header: list[str], out_header: list[str], text_i: int,
    title_i: int | None, dst: str | PathLike[str], analyzer: Analyzer, n_jobs: int, chunksize: int,
    top_gaps: int, top_terms: int, excel: bool, progress: bool | None, name: str, started: float,
    text_name: str, title_name: str | None, used_encoding: str,
) -> RankReport:  # fmt: skip
    from opsmatch.analyzer import progress_bar

    fits = array("d")  # per row: fit, or -1 for a row with an error
    offsets = array("q")
    splits = array("l")  # where the input cells end in the spilled line (the rank goes there)
    lengths = array("l")
    errors = 0
    bar = progress_bar(None, progress, Path(name).name)
    with tempfile.TemporaryFile() as spill:
        pending: list[tuple[list[tuple[list[str], str | None]], list[str | None]]] = []

        def work() -> Iterator[tuple[list[str], list[str | None]]]:
            for chunk in _chunks(_rows(reader, len(header)), chunksize):
                texts, titles, errs = [], [], []
                for cells, _ in chunk:
                    value, err, _ = coerce_text(_cell_for_analysis(cells[text_i])[0])
                    errs.append(err)
                    if err is None and value is not None:
                        texts.append(value)
                        titles.append(None if title_i is None else coerce_title(_cell_for_analysis(cells[title_i])[0]))
                pending.append((chunk, errs))
                yield texts, titles  # only the rows that can be analysed; the others keep their error

        for analysed in analyzer.map_chunks(work(), n_jobs=n_jobs):
            chunk, errs = pending.pop(0)
            done = iter(analysed)
            results: list[PostingAnalysis | str] = [next(done) if e is None else e for e in errs]
            for (cells, note), result in zip(chunk, results):
                notes = [note, _cell_for_analysis(cells[text_i])[1]]
                if isinstance(result, PostingAnalysis):
                    row = compare_analyses(res, result).to_dict(top_gaps, top_terms)
                    values = [row["fit"], row["fit_competencies"], row["fit_terms"], row["fit_role"], row["fit_level"],
                              row["gaps"], row["missing_terms"]]  # fmt: skip
                    fits.append(float(row["fit"]))
                else:
                    values = [None] * 7
                    notes.append(str(result))
                    fits.append(-1.0)
                    errors += 1
                error = "; ".join(n for n in notes if n)
                prefix = _encode(cells, terminator=False) + b","
                line = prefix + _encode([*values, error or None], terminator=True)
                offsets.append(spill.tell())
                splits.append(len(prefix))
                lengths.append(len(line))
                spill.write(line)
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()
        order = sorted(range(len(fits)), key=lambda i: (fits[i] < 0, -fits[i], i))
        _write_sorted(spill, order, offsets, splits, lengths, fits, out_header, dst, excel)
    best = max(fits) if len(fits) and max(fits) >= 0 else None
    return RankReport(
        len(fits), errors, time.perf_counter() - started, str(dst), text_name, title_name, used_encoding, best
    )


def _write_sorted(
    spill: IO[bytes], order: Sequence[int], offsets: array[int], splits: array[int], lengths: array[int],
    fits: array[float], header: list[str], dst: str | PathLike[str], excel: bool,
) -> None:  # fmt: skip
    """Copy the spilled rows in ``order`` into ``dst``, with their rank, via a ``.part`` file."""
    head = (codecs.BOM_UTF8 if excel else b"") + _encode(header, terminator=True)
    if str(dst) == "-":
        out = sys.stdout.buffer
        _copy(spill, order, offsets, splits, lengths, fits, head, out)
        out.flush()
        return
    final = Path(dst)
    if final.is_dir():
        raise InputError(f"{final}: is a directory; give an output file")
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            _copy(spill, order, offsets, splits, lengths, fits, head, fh)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy(
    spill: IO[bytes], order: Sequence[int], offsets: array[int], splits: array[int], lengths: array[int],
    fits: array[float], head: bytes, out: IO[bytes],
) -> None:  # fmt: skip
    out.write(head)
    rank = 0
    for i in order:
        spill.seek(offsets[i])
        line = spill.read(lengths[i])
        cut = splits[i]
        if fits[i] >= 0:
            rank += 1
            out.write(line[:cut] + str(rank).encode() + b"," + line[cut:])
        else:
            out.write(line[:cut] + b"," + line[cut:])
