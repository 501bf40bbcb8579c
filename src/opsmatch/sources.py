"""Reading postings files: rows as a reader counts them, whatever the encoding, delimiter or size.

``open_source(src)`` is a context manager over a CSV file (any delimiter among ``, ; tab |``,
sniffed), stdin, a binary stream or an ``.xlsx`` workbook (``opsmatch[excel]``). It yields the
header and then ``Record`` objects, each with the physical line it starts on and a note of
what was wrong with it. What it guarantees:

- **Encodings per line.** The file's encoding is detected from its start (UTF-8, BOM, GB18030,
  else charset-normalizer), but each line is decoded on its own: UTF-8 first, then the detected
  encoding, so a GB18030 file whose last rows are UTF-8 (or the reverse) reads right. Bytes no
  encoding can read are kept as they are (``surrogateescape``) and written back unchanged.
- **A stray quote** that opens a cell swallowing the lines after it is found (a quoted cell
  holding line breaks whose following lines are each a whole row of the file: a real
  multi-line cell always closes on its last line, leaving an odd number of quotes there), its
  line is read on its own with the quote kept as a character, and the lines after it are read
  as the rows they are; the row gets a note and a ``RowWarning`` names the line.
- **Any cell size** (the csv module's field limit is lifted); a broken file names its line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

from opsmatch.errors import InputError, RowWarning

__all__ = ["Record", "Source", "detect_encoding", "open_source"]

SURROGATE = re.compile("[\ud800-\udfff]")
"""Lone surrogates: bytes a decoder could not read (kept by ``surrogateescape``) or odd text."""
_DELIMITERS = (",", "\t", ";", "|")
_SAMPLE = 1 << 16
_XLSX_MAGIC = b"PK\x03\x04"


class Record(NamedTuple):
    """One row of the input: its cells, the physical line it starts on, and what was wrong with it."""

    cells: list[Any]
    line: int
    note: str | None = None


def detect_encoding(sample: bytes) -> str:
    """The encoding of a CSV sample: UTF-8 (with or without BOM), else GB18030 / what charset-normalizer finds.

    >>> detect_encoding("职位描述".encode("gbk"))
    'gb18030'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            return encoding
        except UnicodeDecodeError:
            pass
    lines = [line for line in sample.split(b"\n")[:-1] if not line.isascii()]  # the last may be cut
    for encoding in ("utf-8", "gb18030"):  # mixed lines: the encoding of most of them
        if lines and sum(_decodes(line, encoding) for line in lines) * 2 >= len(lines):
            return encoding
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return "utf-8"
    enc = str(best.encoding)
    return "gb18030" if enc.replace("_", "").lower() in {"gb2312", "gbk"} else enc


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _text_stream(raw: IO[bytes], encoding: str) -> io.TextIOWrapper:
    stream: Any = raw
    return io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")


def _ascii_compatible(encoding: str) -> bool:
    try:
        return ',;\t|\r\n"'.encode(encoding) == b',;\t|\r\n"' and codecs.lookup(encoding).name != "utf-16"
    except (LookupError, UnicodeError):
        return False


def _codec(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf-8" if name == "utf-8-sig" else name


_BLOCK = 1 << 20


class _Lines:
    """Physical lines of a binary stream, decoded block by block, remembered by line number.

    A block that is valid UTF-8 (the common case) is decoded in one call; otherwise each of its
    lines is decoded on its own: UTF-8, else the file's encoding, else kept as bytes
    (``surrogateescape``). Lines split as ``open(newline="")`` splits them (``\\n``, ``\\r\\n``,
    ``\\r``), so the csv module sees what it expects. The last blocks are kept so the lines of
    a record can be looked up by number (``line(i)``, 1-based) when one needs a second look.
    """

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self.raw = raw
        self.primary = encoding
        self._primary = _codec(encoding)
        self.order = ["utf-8"] if self._primary == "utf-8" else ["utf-8", encoding]
        if "gb18030" not in {_codec(e) for e in self.order}:
            self.order.append("gb18030")
        self.other_lines: dict[str, int] = {}
        self.undecodable = 0
        self._blocks: deque[tuple[int, list[str]]] = deque()
        self._next_line = 1
        self._text: io.TextIOWrapper | None = None if _ascii_compatible(encoding) else _text_stream(raw, encoding)

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable(map(self._keep, self._texts() if self._text is None else self._wide_texts()))

    def _wide_texts(self) -> Iterator[str]:
        """Text of an encoding that is not ASCII-compatible (UTF-16), decoded as a whole stream."""
        assert self._text is not None
        parts: list[str] = []  # a line longer than a block: its pieces, joined once (linear)
        while data := self._text.read(_BLOCK):
            cut = data.rfind("\n") + 1  # cut after a \n, so a \r\n is never split
            if not cut:
                parts.append(data)
                continue
            yield "".join([*parts, data[:cut]])
            parts = [data[cut:]]
        if any(parts):
            yield "".join(parts)

    def detach(self) -> None:
        if self._text is not None:
            self._text.detach()

    def _texts(self) -> Iterator[str]:
        parts: list[bytes] = []  # a line longer than a block: its pieces, joined once (linear)
        first = True
        read = getattr(self.raw, "read1", self.raw.read)  # a pipe: what has come, not a full block
        while data := read(_BLOCK):
            cut = data.rfind(b"\n") + 1
            if not cut:
                parts.append(data)
                continue
            block = b"".join([*parts, data[:cut]])
            parts = [data[cut:]]
            if first:
                first = False
                block = block.removeprefix(codecs.BOM_UTF8)
            yield self._decode_block(block)
        rest = b"".join(parts)
        if rest:
            yield self._decode_block(rest.removeprefix(codecs.BOM_UTF8) if first else rest)

    def _keep(self, text: str) -> list[str]:
        lines = list(io.StringIO(text, newline=""))
        self._blocks.append((self._next_line, lines))
        self._next_line += len(lines)
        return lines

    def forget(self, before: int) -> None:
        """Drop blocks that end before line ``before`` (their records are done)."""
        blocks = self._blocks
        while len(blocks) > 1 and blocks[0][0] + len(blocks[0][1]) <= before:
            blocks.popleft()

    def line(self, number: int) -> str:
        """The text of physical line ``number`` (among the last few blocks read)."""
        for start, lines in reversed(self._blocks):
            if start <= number < start + len(lines):
                return lines[number - start]
        raise IndexError(number)  # pragma: no cover - records keep their blocks until forgotten

    def _decode_block(self, block: bytes) -> str:
        if self._primary == "utf-8":
            try:
                return block.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return "".join(self._decode(line) for line in block.splitlines(keepends=True))

    def _decode(self, data: bytes) -> str:
        if data.isascii():
            return data.decode("ascii")
        for encoding in self.order:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _codec(encoding) != self._primary:
                self.other_lines[encoding] = self.other_lines.get(encoding, 0) + 1
            return text
        self.undecodable += 1
        return data.decode(self.primary, "surrogateescape")


def _sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the sample's first lines into the same number of fields (> 1)."""
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut
    lines = lines[:50]
    best, best_key = ",", (0.0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        key = (sum(c == counts[0] for c in counts) / len(counts), counts[0])
        if key > best_key:
            best, best_key = delimiter, key
    return best


_DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "vertical bar"}


class Source(AbstractContextManager["Source"]):
    """An open input: ``header``, ``records()``, and what was decided (``encoding``, ``delimiter``)."""

    name: str
    encoding: str
    delimiter: str
    header: list[str]

    def records(self) -> Iterator[Record]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        """How the file was read, for messages: its encoding and, when not a comma, the delimiter."""
        if self.delimiter in ("", ","):
            return self.encoding
        return f"{self.encoding}, {_DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}-separated"

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _CsvSource(Source):
    def __init__(self, raw: io.BufferedReader, name: str, encoding: str, owned: bool) -> None:
        self.name = name
        self._raw = raw
        self._owned = owned
        sample = raw.peek(_SAMPLE)[:_SAMPLE]
        if encoding == "auto":
            encoding = detect_encoding(sample)
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from exc
        self.encoding = encoding
        sniff_as = "utf-8" if _ascii_compatible(encoding) else encoding
        self.delimiter = _sniff_delimiter(sample.decode(sniff_as, "replace"))
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        self._lines = _Lines(raw, encoding)
        self._reader = csv.reader(iter(self._lines), delimiter=self.delimiter)
        try:
            header = next(self._reader, None)
        except csv.Error as exc:
            raise InputError(f"{name}: line {self._reader.line_num}: cannot be read as CSV ({exc})") from exc
        if header is None:
            raise InputError(f"{name}: is empty (no header row)")
        self.header = [SURROGATE.sub("\ufffd", h) for h in header]
        if self.header:
            self.header[0] = self.header[0].lstrip("\ufeff")

    def records(self) -> Iterator[Record]:
        reader, lines, width = self._reader, self._lines, len(self.header)
        done = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(f"{self.name}: line {reader.line_num}: broken CSV ({exc})") from exc
            first, end = done + 1, reader.line_num
            # a record over several lines: a real multi-line cell closes on its last line (an odd
            # number of quotes there); otherwise, is it a stray quote that swallowed whole rows?
            if end > first and not lines.line(end).count('"') % 2:
                taken = [lines.line(i) for i in range(first, end + 1)]
                if self._swallowed(taken[1:], width):
                    yield from self._reread(taken, first)
                    cells = []
            if cells:
                yield Record(cells, first)
            done = end
            lines.forget(first)
        self._warn_encodings()

    def _whole_row(self, line: str, width: int) -> bool:
        if line.count('"') % 2:
            return False
        return len(next(csv.reader([line], delimiter=self.delimiter), [])) == width

    def _swallowed(self, rest: Sequence[str], width: int) -> bool:
        """Whether the lines after a record's first are whole rows of their own (a stray quote)."""
        if rest[-1].count('"') % 2:  # a real multi-line cell closes on the last line: odd quotes there
            return False
        return all(self._whole_row(line, width) for line in rest)

    def _reread(self, taken: list[str], first: int) -> Iterator[Record]:
        cells = next(csv.reader([taken[0]], delimiter=self.delimiter, quoting=csv.QUOTE_NONE), [])
        note = f"a quote on line {first} opens a cell that swallows the lines after it; read to the end of its line"
        warnings.warn(
            f"{self.name}: line {first}: a stray quote swallowed the {len(taken) - 1} lines after it; "
            "they are read as rows and this row is marked in `error`",
            RowWarning,
            stacklevel=2,
        )
        yield Record(cells, first, note)
        for i, line in enumerate(taken[1:], 1):
            row = next(csv.reader([line], delimiter=self.delimiter), [])
            if row:
                yield Record(row, first + i)

    def _warn_encodings(self) -> None:
        decoder = self._lines
        for encoding, n in decoder.other_lines.items():
            warnings.warn(
                f"{self.name}: {n} line(s) are not {self.encoding}; read as {encoding}", RowWarning, stacklevel=3
            )
        if decoder.undecodable:
            warnings.warn(
                f"{self.name}: {decoder.undecodable} line(s) hold bytes no encoding reads; kept as they are",
                RowWarning,
                stacklevel=3,
            )

    def close(self) -> None:
        if self._owned:
            self._raw.close()
        else:
            self._lines.detach()


class _XlsxSource(Source):
    def __init__(self, path: Path, name: str) -> None:
        openpyxl = _openpyxl(name)
        self.name, self.encoding, self.delimiter = name, "xlsx", ""
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise InputError(f"{name}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})") from exc
        sheet = self._book.worksheets[0] if self._book.worksheets else None
        if sheet is None:
            raise InputError(f"{name}: the workbook has no sheet")
        self._rows = sheet.iter_rows(values_only=True)
        header = next(self._rows, None)
        if header is None:
            raise InputError(f"{name}: is empty (no header row)")
        self.header = ["" if h is None else str(h) for h in header]
        while self.header and self.header[-1] == "":
            self.header.pop()

    def records(self) -> Iterator[Record]:
        width = len(self.header)
        for line, row in enumerate(self._rows, 2):
            cells = list(row)
            if all(c is None for c in cells):
                continue
            note = None
            if len(cells) > width and any(c is not None for c in cells[width:]):
                note = f"row has {len(cells)} cells, header has {width}"
            yield Record((cells + [None] * width)[:width], line, note)

    def close(self) -> None:
        self._book.close()


def _openpyxl(name: str) -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise InputError(f'{name}: reading or writing .xlsx needs openpyxl: pip install "opsmatch[excel]"') from exc
    return openpyxl


def open_source(src: str | Path | IO[bytes], encoding: str = "auto") -> Source:
    """Open a postings file (``-`` for stdin, a path, or a binary stream) for reading: use it in ``with``."""
    if isinstance(src, (str, Path)) and str(src) == "-":
        stdin: Any = sys.stdin.buffer
        return _CsvSource(
            stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin), "<stdin>", encoding, False
        )
    if isinstance(src, (str, Path)):
        name = str(src)
        path = Path(src)
        if path.is_dir():
            raise InputError(f"{name}: is a folder, not a file")
        try:
            raw = open(path, "rb")  # noqa: SIM115 - closed by the Source
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
        if raw.peek(4)[:4] == _XLSX_MAGIC:  # a zip file: an Excel workbook, never a CSV
            raw.close()
            return _XlsxSource(path, name)
        try:
            return _CsvSource(raw, name, encoding, True)
        except BaseException:
            raw.close()
            raise
    stream: Any = src
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)
    return _CsvSource(buffered, str(getattr(src, "name", "<stream>")), encoding, False)
