"""Writing scored rows: CSV, Parquet or Excel, all or nothing, with the usual file permissions.

``open_sink(dst, header, kinds)`` is a context manager: rows are written to a file that has
no name yet (Linux ``O_TMPFILE``; elsewhere a hidden ``.part`` file removed on any failure)
and given ``dst``'s name only when the block ends without an exception. So an interrupted,
killed (even ``SIGKILL``) or failed run (disk full, a broken row) leaves no partial file and
keeps an older ``dst`` as it was. A new file gets the permissions of the umask; a replaced
file keeps its own. ``-`` writes CSV to stdout.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from opsmatch.errors import OutputError
from opsmatch.sources import SURROGATE

__all__ = ["FORMATS", "Sink", "arrow_schema", "open_sink", "output_format", "pandas_dtypes"]

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
"""Output file suffix -> format. Anything else is refused before any work is done."""

_PANDAS = {"string": "object", "float": "float64", "int": "Int64", "bool": "boolean"}


def pandas_dtypes(schema: Mapping[str, str]) -> dict[str, str]:
    """Result column -> pandas dtype: nullable ``boolean`` / ``Int64`` so a row with an error keeps the type.

    >>> pandas_dtypes({"is_operations": "bool", "data_analysis_score": "float"})
    {'is_operations': 'boolean', 'data_analysis_score': 'float64'}
    """
    return {col: _PANDAS[kind] for col, kind in schema.items()}


def arrow_schema(input_columns: Sequence[str], kinds: Sequence[str], names: Sequence[str]) -> Any:
    """Input columns as strings, result columns typed, with pandas metadata so read_parquet gives nullable dtypes."""
    import pandas as pd
    import pyarrow as pa

    arrow = {"string": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    fields = [pa.field(h, pa.string()) for h in input_columns]
    fields += [pa.field(name, arrow[kind]) for name, kind in zip(names, kinds)]
    frame = pd.DataFrame({name: pd.Series(dtype=_PANDAS[kind]) for name, kind in zip(names, kinds)})
    meta = pa.Schema.from_pandas(frame, preserve_index=False).metadata
    return pa.schema(fields, metadata=meta)


def output_format(dst: str | Path) -> str:
    """``"csv"``, ``"parquet"`` or ``"xlsx"`` for an output path (``-`` is CSV on stdout); else ``OutputError``."""
    if str(dst) == "-":
        return "csv"
    path = Path(dst)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        choices = ", ".join(sorted(FORMATS))
        raise OutputError(f"{dst}: cannot write {path.suffix or 'a file without a suffix'}; choose one of {choices}")
    if path.is_dir():
        raise OutputError(f"{dst}: is a folder; give a file name")
    return fmt


class _Pending:
    """A file in ``dst``'s folder that takes ``dst``'s name only at ``commit``."""

    def __init__(self, final: Path) -> None:
        self.final = final
        folder = final.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{final}: its folder cannot be made ({exc.strerror or exc})") from exc
        self.temp: Path | None = None
        try:
            fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o666)  # unnamed: gone if we die
        except (AttributeError, OSError):
            fd = self._named(folder)
        try:
            mode = os.stat(final).st_mode & 0o7777  # a replaced file keeps its permissions
            os.fchmod(fd, mode)
        except OSError:
            pass  # a new file: the umask decided, as for any file
        self.file: IO[bytes] = os.fdopen(fd, "wb")

    def _named(self, folder: Path) -> int:
        for i in range(100):
            temp = folder / f".{self.final.name}.{os.getpid()}.{i}.part"
            try:
                fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise OutputError(f"{self.final}: cannot be written ({exc.strerror or exc})") from exc
            self.temp = temp
            return fd
        raise OutputError(f"{self.final}: cannot make a temporary file beside it")

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        if self.temp is None:  # name the unnamed file beside dst, then move it over dst
            temp = self.final.parent / f".{self.final.name}.{os.getpid()}.part"
            with suppress(FileNotFoundError):
                os.unlink(temp)
            self.temp = temp
            if not _link(self.file.fileno(), temp):
                self._copy_to(temp)
        self.file.close()
        os.replace(self.temp, self.final)
        self.temp = None

    def _copy_to(self, temp: Path) -> None:
        """Where the file system cannot name an unnamed file: copy it (only then can a .part exist)."""
        mode = os.fstat(self.file.fileno()).st_mode & 0o7777
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            os.fchmod(fd, mode)
            self.file.seek(0)
            reader = os.fdopen(os.dup(self.file.fileno()), "rb")
            with reader:
                shutil.copyfileobj(reader, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())

    def abort(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        finally:
            if self.temp is not None:
                self.temp.unlink(missing_ok=True)
                self.temp = None


class Sink(AbstractContextManager["Sink"]):
    """Rows in, one output out; ``write(rows)`` in order, committed when the ``with`` block ends well."""

    def __init__(self, dst: str | Path, header: Sequence[str], kinds: Sequence[str], *, excel: bool = False) -> None:
        self.dst = str(dst)
        self.format = output_format(dst)
        self.header = list(header)
        self.kinds = list(kinds)  # of the result columns, the last len(kinds) of the header
        self.excel = excel
        self.rows = 0
        self._pending: _Pending | None = None if self.dst == "-" else _Pending(Path(dst))
        try:
            self._open()
        except BaseException:
            self._abort()
            raise

    # -- formats --------------------------------------------------------------------------
    def _open(self) -> None:
        if self.format == "csv":
            raw: IO[bytes] = sys.stdout.buffer if self._pending is None else self._pending.file
            encoding = "utf-8-sig" if self.excel and self._pending is not None else "utf-8"
            self._text = io.TextIOWrapper(
                raw, encoding=encoding, errors="surrogateescape", newline="", write_through=True
            )
            delimiter = "\t" if self.dst.lower().endswith(".tsv") else ","
            self._csv = csv.writer(self._text, delimiter=delimiter)
            self._csv.writerow(self.header)
        elif self.format == "parquet":
            import pyarrow.parquet as pq

            n = len(self.kinds)
            self._schema = arrow_schema(self.header[:-n], self.kinds, self.header[-n:])
            assert self._pending is not None
            self._parquet = pq.ParquetWriter(self._pending.file, self._schema)
        else:
            from opsmatch.sources import _openpyxl

            openpyxl = _openpyxl(self.dst)
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet("opsmatch")
            self._sheet.append([_xlsx_value(h) for h in self.header])

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Append rows (input cells, then result values in the header's order)."""
        try:
            if self.format == "csv":
                self._csv.writerows(rows)
            elif self.format == "parquet":
                self._write_parquet(rows)
            else:
                for row in rows:
                    self._sheet.append([_xlsx_value(v) for v in row])
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"{self.dst}: cannot be written ({exc.strerror or exc})") from exc
        self.rows += len(rows)

    def _write_parquet(self, rows: Sequence[Sequence[Any]]) -> None:
        import pyarrow as pa

        columns: list[Sequence[Any]] = [list(c) for c in zip(*rows)] if rows else [[] for _ in self.header]
        n_input = len(self.header) - len(self.kinds)
        for i in range(n_input):  # Parquet strings are UTF-8 text: undecodable bytes cannot stay
            columns[i] = [None if v is None else _utf8(v if isinstance(v, str) else str(v)) for v in columns[i]]
        arrays = [pa.array(c, type=f.type) for c, f in zip(columns, self._schema)]
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._schema))

    # -- ending ---------------------------------------------------------------------------
    def _commit(self) -> None:
        if self.format == "csv":
            self._text.flush()
            self._text.detach()
        elif self.format == "parquet":
            self._parquet.close()
        else:
            assert self._pending is not None
            self._book.save(self._pending.file)
        if self._pending is not None:
            self._pending.commit()

    def _abort(self) -> None:
        try:
            if self.format == "parquet" and hasattr(self, "_parquet"):
                self._parquet.close()
            elif self.format == "csv" and hasattr(self, "_text"):
                self._text.detach()  # write-through: nothing of ours is left to flush
        except Exception:
            pass
        finally:
            if self._pending is not None:
                self._pending.abort()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self._abort()
            return
        try:
            self._commit()
        except BrokenPipeError:
            self._abort()
            raise
        except OSError as err:
            self._abort()
            raise OutputError(f"{self.dst}: cannot be written ({err.strerror or err})") from err
        except BaseException:
            self._abort()
            raise


def _link(fd: int, path: Path) -> bool:
    """Give the unnamed file ``fd`` the name ``path``: ``linkat(AT_EMPTY_PATH)``, else via /proc."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.linkat(fd, b"", -100, os.fsencode(path), 0x1000) == 0:  # AT_FDCWD, AT_EMPTY_PATH
            return True
    except (OSError, AttributeError):
        pass
    try:
        os.link(f"/proc/self/fd/{fd}", path)
    except OSError:
        return False
    return True


def _utf8(value: Any) -> Any:
    if isinstance(value, str) and SURROGATE.search(value):
        return SURROGATE.sub("\ufffd", value)
    return value


def _xlsx_value(value: Any) -> Any:
    """A value Excel can hold: no control characters or undecodable bytes in text."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _utf8(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if ILLEGAL_CHARACTERS_RE.search(value) else value


def open_sink(dst: str | Path, header: Sequence[str], kinds: Sequence[str], *, excel: bool = False) -> Sink:
    """A ``Sink`` for ``dst`` (``.csv``/``.tsv``, ``.parquet``, ``.xlsx`` or ``-``); use it in ``with``."""
    return Sink(dst, header, kinds, excel=excel)
