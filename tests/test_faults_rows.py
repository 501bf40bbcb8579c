"""Rows as a reader counts them: stray quotes, mixed encodings, undecodable bytes, huge cells,
other delimiters, no header. Each case is built on disk; rows in = rows out, input cells
byte-identical (or text-identical where a row was re-encoded to the UTF-8 output)."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd
import pytest
from _faults import POSTING, TITLE, cli, read_rows

from opsmatch import InputError, score_csv
from opsmatch.errors import RowWarning
from opsmatch.sources import open_source

HEADER = ["编号", "职位名称", "职位描述", "城市"]


def _rows(n: int) -> list[list[str]]:
    return [[str(i), TITLE, f"{POSTING}，编号{i}", "北京"] for i in range(n)]


def _csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def test_a_stray_quote_swallows_nothing(tmp_path: Path, analyzer) -> None:
    rows = _rows(1000)
    data = bytearray(_csv_bytes([HEADER, *rows]))
    # one stray quote opening the description of row 10 (line 12 of the file)
    lines = data.split(b"\n")
    lines[11] = lines[11].replace("岗位职责".encode(), b'"' + "岗位职责".encode(), 1)
    src = tmp_path / "stray.csv"
    src.write_bytes(b"\n".join(lines))
    with pytest.warns(RowWarning, match=r"line 12: a stray quote"):
        report = score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    out = read_rows(tmp_path / "out.csv")
    assert report.rows == len(out) - 1 == 1000  # rows in = rows out
    err = out[0].index("error")
    assert [r[0] for r in out[1:]] == [str(i) for i in range(1000)]
    assert "a quote on line 12" in out[11][err]
    assert out[11][2] == '"' + rows[10][2]  # the cell as written, quote included
    assert all(r[err] == "" for i, r in enumerate(out[1:]) if i != 10)
    assert [r[:4] for i, r in enumerate(out[1:]) if i != 10] == [r for i, r in enumerate(rows) if i != 10]


def test_a_real_multiline_cell_is_not_a_stray_quote(tmp_path: Path, analyzer) -> None:
    rows = [["1", TITLE, "岗位职责:\n1,负责运营,数据\n2,熟练Excel,SQL", "北京"], ["2", TITLE, POSTING, "上海"]]
    src = tmp_path / "multi.csv"
    src.write_bytes(_csv_bytes([HEADER, *rows]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    out = read_rows(tmp_path / "out.csv")
    assert [r[:4] for r in out[1:]] == rows


def test_gb18030_file_with_utf8_last_rows_and_utf8_file_with_gbk_rows(tmp_path: Path, analyzer) -> None:
    rows = _rows(300)
    gb_then_utf8 = _csv_bytes([HEADER, *rows[:250]], "gb18030") + _csv_bytes(rows[250:], "utf-8")
    utf8_with_gbk = _csv_bytes([HEADER, *rows[:100]]) + _csv_bytes(rows[100:103], "gbk") + _csv_bytes(rows[103:])
    for name, data in (("gb.csv", gb_then_utf8), ("u8.csv", utf8_with_gbk)):
        src = tmp_path / name
        src.write_bytes(data)
        with pytest.warns(RowWarning, match=r"line\(s\) are not"):
            report = score_csv(src, tmp_path / f"{name}.out.csv", analyzer=analyzer, progress=False)
        out = read_rows(tmp_path / f"{name}.out.csv")
        assert report.rows == len(out) - 1 == 300
        assert [r[:4] for r in out[1:]] == rows  # every cell's text as written, no mojibake, no U+FFFD
        err = out[0].index("error")
        assert all(r[err] == "" for r in out[1:])
        assert all(r[out[0].index("copywriting_evidence")] for r in out[1:])


def test_undecodable_bytes_are_written_back_unchanged(tmp_path: Path, analyzer) -> None:
    good = _csv_bytes([HEADER, *_rows(3)])
    bad_cell = b"\xff\xfe broken \x81"
    data = good + b"3," + TITLE.encode() + b"," + POSTING.encode() + bad_cell + b",\xfe\xff\n"
    src = tmp_path / "bad.csv"
    src.write_bytes(data)
    with pytest.warns(RowWarning, match="bytes no encoding reads"):
        score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    raw = (tmp_path / "out.csv").read_bytes()
    assert POSTING.encode() + bad_cell + b",\xfe\xff," in raw  # byte for byte
    out = read_rows(tmp_path / "out.csv")
    err = out[0].index("error")
    assert len(out) == 5 and "undecodable bytes (kept as they were)" in out[4][err]
    assert out[4][out[0].index("data_analysis_evidence")]  # the readable part was still analysed
    # Parquet cannot hold them: replaced, and the row says so
    with pytest.warns(RowWarning):
        score_csv(src, tmp_path / "out.parquet", analyzer=analyzer, progress=False)
    pq = pd.read_parquet(tmp_path / "out.parquet")
    assert len(pq) == 4 and "replaced by U+FFFD" in pq["error"].iloc[3]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_any_cell_size_reads_and_too_long_postings_name_the_limit(tmp_path: Path, analyzer, suffix: str) -> None:
    from opsmatch.batch import MAX_CHARS

    rows = [
        ["0", TITLE, POSTING, "x" * 200_000],
        ["1", TITLE, "熟练SQL" + "啊" * (MAX_CHARS + 1), "北京"],
        ["2", TITLE, POSTING, "上海"],
    ]
    src = tmp_path / "big.csv"
    src.write_bytes(_csv_bytes([HEADER, *rows]))
    report = score_csv(src, tmp_path / f"out{suffix}", analyzer=analyzer, progress=False)
    assert report.rows == 3
    if suffix == ".csv":
        out = read_rows(tmp_path / "out.csv")
        assert [r[:4] for r in out[1:]] == rows
        errors = [r[out[0].index("error")] for r in out[1:]]
    else:
        pq = pd.read_parquet(tmp_path / "out.parquet")
        assert pq[HEADER].values.tolist() == rows
        errors = ["" if pd.isna(e) else e for e in pq["error"]]
    assert errors[0] == errors[2] == ""
    assert f"limit of {MAX_CHARS:,} characters" in errors[1]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters_are_sniffed(tmp_path: Path, analyzer, delimiter: str) -> None:
    rows = _rows(5)
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter).writerows([HEADER, *rows])
    src = tmp_path / "semi.csv"
    src.write_bytes(buf.getvalue().encode())
    report = score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    assert report.text_col == "职位描述" and report.rows == 5
    out = read_rows(tmp_path / "out.csv")
    assert [r[:4] for r in out[1:]] == rows


def test_no_header_is_named_as_such(tmp_path: Path, analyzer) -> None:
    src = tmp_path / "noheader.csv"
    src.write_bytes(_csv_bytes(_rows(5)))
    with pytest.raises(InputError, match="first row looks like a posting, not a header") as info:
        score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out.csv").exists()


def test_the_reader_keeps_line_numbers(tmp_path: Path) -> None:
    data = _csv_bytes([HEADER, ["1", "a", "多\n行", "x"], ["2", "b", "c", "d"]])
    with open_source(io.BytesIO(data)) as source:
        assert [(r.cells[0], r.line) for r in source.records()] == [("1", 2), ("2", 4)]


def test_cli_stray_quote_warns_in_one_line(tmp_path: Path) -> None:
    data = bytearray(_csv_bytes([HEADER, *_rows(20)]))
    lines = data.split(b"\n")
    lines[5] = lines[5].replace(b"," + TITLE.encode() + b",", b"," + TITLE.encode() + b',"', 1)
    src = tmp_path / "stray.csv"
    src.write_bytes(b"\n".join(lines))
    res = cli("score", str(src), "-o", str(tmp_path / "out.csv"), "--quiet")
    assert res.returncode == 0, res.stderr.decode()
    warning_lines = [ln for ln in res.stderr.decode().splitlines() if "stray quote" in ln]
    assert (
        len(warning_lines) == 1 and warning_lines[0].startswith("opsmatch: warning: ") and "line 6" in warning_lines[0]
    )
    assert len(read_rows(tmp_path / "out.csv")) == 21


@pytest.mark.parametrize(("encoding", "newline"), [("utf-16", "\r\n"), ("utf-8", "\r"), ("gb18030", "\r\n")])
def test_other_encodings_and_line_ends(tmp_path: Path, analyzer, encoding: str, newline: str) -> None:
    rows = [*_rows(40), ["40", TITLE, "岗位职责:" + newline + "熟练SQL", "北京"]]
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=newline).writerows([HEADER, *rows])
    src = tmp_path / "in.csv"
    src.write_bytes(buf.getvalue().encode(encoding))
    report = score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    out = read_rows(tmp_path / "out.csv")
    assert report.rows == 41 and [r[:4] for r in out[1:]] == rows
    assert all(r[out[0].index("error")] == "" for r in out[1:])
