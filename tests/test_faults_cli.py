"""The command line with odd input: bytes in its arguments, broken lexicons (one line per problem),
and Excel workbooks in and out for real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _faults import POSTING, TITLE, cli

import opsmatch
from opsmatch import score_csv


def test_arguments_are_read_as_bytes() -> None:
    for raw in (b"\xff" + "熟练SQL".encode(), "熟练SQL，负责社群运营".encode("gbk"), b"\xed\xa0\x80SQL"):
        res = subprocess.run(
            [sys.executable, "-m", "opsmatch.cli", "analyze", raw, "--json"], capture_output=True, timeout=120
        )
        assert res.returncode == 0, res.stderr.decode()
        row = json.loads(res.stdout)
        assert row["data_analysis_evidence"] == "SQL"
    res = cli("analyze", "-", stdin="熟练SQL".encode("gbk") + b"\xff")
    assert res.returncode == 0 and "SQL" in res.stdout.decode()


def test_a_broken_lexicon_prints_one_line_per_problem(tmp_path: Path) -> None:
    lexicon = tmp_path / "lex"
    shutil.copytree(opsmatch.DEFAULT_LEXICON_DIR, lexicon)
    path = lexicon / "copywriting.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[term]]\nname = "A"\nweight = 5\n\n[[term]]\nname = "B"\ncolour = "red"\n',
        encoding="utf-8",
    )
    problems = opsmatch.check_lexicon(lexicon)
    assert len(problems) >= 2
    for args in (["analyze", "负责文案"], ["score", "-", "-o", "-"]):
        res = cli(*args, "--lexicon-dir", str(lexicon), stdin=f"职位描述\n{POSTING}\n".encode())
        lines = res.stderr.decode().strip().splitlines()
        assert res.returncode == 2
        assert lines == [f"opsmatch: {p}" for p in problems]


def test_excel_in_and_out(tmp_path: Path, analyzer) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "职位名称", "职位描述", "薪资"])
    sheet.append([1, TITLE, POSTING, 8000])
    sheet.append([2, "Java开发", "熟悉Spring", None])
    sheet.append([3, TITLE, None, "面议"])
    src = tmp_path / "in.xlsx"
    book.save(src)
    report = score_csv(src, tmp_path / "out.xlsx", analyzer=analyzer, progress=False)
    assert report.rows == 3 and report.text_col == "职位描述" and report.encoding == "xlsx"
    assert (tmp_path / "out.xlsx").read_bytes()[:4] == b"PK\x03\x04"  # a real workbook, not CSV text
    out = pd.read_excel(tmp_path / "out.xlsx")
    assert out["编号"].tolist() == [1, 2, 3] and out["薪资"].tolist()[0] == 8000  # values keep their types
    assert "SQL" in out["data_analysis_evidence"][0] and out["error"].tolist()[2] == "missing text"
    assert out["is_operations"].tolist()[:2] == [True, False]
    score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    assert pd.read_csv(tmp_path / "out.csv")["职位描述"][0] == POSTING


def test_cli_writes_xlsx_and_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    src = tmp_path / "in.csv"
    src.write_text(f"职位名称,职位描述\n{TITLE},{POSTING}\n", encoding="utf-8")
    res = cli("score", str(src), "-o", str(tmp_path / "o.xlsx"), "--quiet", "--summary")
    assert res.returncode == 0, res.stderr.decode()
    assert "岗位数" in res.stdout.decode()
    assert pd.read_excel(tmp_path / "o.xlsx")["职位描述"][0] == POSTING
    res = cli("score", str(src), "-o", str(tmp_path / "o.xls"), "--quiet")
    assert res.returncode == 2 and "cannot write .xls" in res.stderr.decode()
    assert not (tmp_path / "o.xls").exists()
