"""rank_csv / `opsmatch rank`: every row out once, input cells unchanged, best fit first, nothing left behind."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opsmatch.analyzer import Analyzer
from opsmatch.errors import InputError
from opsmatch.rank import RANK_COLUMNS, rank_csv
from opsmatch.resume import Resume, parse_resume

RESUME = """## 工作经历
2019.01 - 2024.01 某品牌 社群运营：管理粉丝群和企业微信，撰写群公告和朋友圈文案，用Excel统计群数据
## 技能证书
Excel、企业微信
"""
GOOD = "岗位职责：负责品牌粉丝群和企业微信社群运营，撰写朋友圈文案；要求：会Excel"
MEH = "岗位职责：负责公司抖音账号运营，拍摄剪辑短视频"
OFF = "岗位职责：负责应收账款核对，开具发票"


@pytest.fixture(scope="module")
def resume(analyzer: Analyzer) -> Resume:
    return parse_resume(RESUME, analyzer)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="", errors="surrogateescape") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="", errors="surrogateescape") as fh:
        csv.writer(fh).writerows([header, *rows])


def test_rows_sorted_by_fit_with_input_cells_unchanged(tmp_path: Path, resume: Resume, analyzer: Analyzer) -> None:
    hostile = [
        ["1", "社群运营", GOOD],
        ["2", "抖音运营", MEH],
        ["3", "会计", OFF],
        ["4", "空", ""],
        ["5", "空白", "   \n  "],
        ["6", "引号,逗号", '含"引号"、逗号,和\n换行的' + GOOD],
        ["7", "HTML", "<p>负责<b>社群</b>运营&nbsp;撰写文案</p><script>alert(1)</script>"],
        ["8", "emoji", "🔥🔥 负责社群运营 🚀 会Excel 👍"],
        ["9", "NUL", "负责社群\x00运营"],
        ["10", "巨大", "社群运营" * 300_000],
    ]
    src = tmp_path / "in.csv"
    _write(src, ["编号", "职位名称", "职位描述"], hostile)
    out = tmp_path / "out.csv"
    report = rank_csv(resume, src, out, progress=False, analyzer=analyzer)
    header, rows = _read(out)
    assert header == ["编号", "职位名称", "职位描述", *RANK_COLUMNS]
    assert report.rows == len(rows) == len(hostile)
    by_id = {r[0]: r for r in rows}
    assert sorted(by_id) == sorted(r[0] for r in hostile)
    for original in hostile:
        assert by_id[original[0]][:3] == original  # input cells unchanged
    col = {name: i for i, name in enumerate(header)}
    ok = [r for r in rows if not r[col["error"]]]
    bad = [r for r in rows if r[col["error"]]]
    assert {r[0] for r in bad} == {"4", "5", "10"}  # empty, blank, over a million characters
    assert rows[-len(bad) :] == bad  # errors last, in input order
    assert [r[0] for r in bad] == ["4", "5", "10"] and all(r[col["rank"]] == "" for r in bad)
    fits = [float(r[col["fit"]]) for r in ok]
    assert fits == sorted(fits, reverse=True)
    assert [int(r[col["rank"]]) for r in ok] == list(range(1, len(ok) + 1))
    assert rows[0][0] in {"1", "6"} and by_id["3"][col["fit"]] < by_id["1"][col["fit"]]
    assert "longer than" in by_id["10"][col["error"]]
    assert report.errors == 3 and report.best_fit == max(fits)
    assert sorted(os.listdir(tmp_path)) == ["in.csv", "out.csv"]


def test_gbk_input_ragged_rows_and_undecodable_bytes(tmp_path: Path, resume: Resume, analyzer: Analyzer) -> None:
    src = tmp_path / "gbk.csv"
    lines = [
        "职位描述,职位名称",
        f"{GOOD},社群运营",
        f"{OFF}",  # one field short
        f"{MEH},抖音运营,多出来的,两列",  # two fields too many
        "",  # a blank line is no record
    ]
    src.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    out = tmp_path / "out.csv"
    report = rank_csv(resume, src, out, progress=False, analyzer=analyzer)
    assert report.encoding == "gb18030" and report.rows == 3
    header, rows = _read(out)
    assert header[:2] == ["职位描述", "职位名称"]
    notes = {r[0]: r[header.index("error")] for r in rows}
    assert "1 fields" in notes[OFF] and "4 fields" in notes[MEH] and notes[GOOD] == ""
    assert next(r for r in rows if r[0] == MEH)[1] == "抖音运营,多出来的,两列"

    # UTF-8 (said so: detection would take the whole file for GB18030) with a stray GBK byte run
    # in one cell: the cell is kept byte for byte, and analysed with U+FFFD in its place
    raw = tmp_path / "raw.csv"
    bad_cell = "负责社群运营".encode() + "撰写文案".encode("gbk")
    raw.write_bytes(b"jd\n" + bad_cell + b"\n" + GOOD.encode() + b"\n")
    out2 = tmp_path / "out2.csv"
    rank_csv(resume, raw, out2, encoding="utf-8", progress=False, analyzer=analyzer)
    data = out2.read_bytes()
    assert bad_cell in data
    _, rows2 = _read(out2)
    note = next(r for r in rows2 if r[0] != GOOD)[-1]
    assert "undecodable" in note and next(r for r in rows2 if r[0] != GOOD)[RANK_COLUMNS.index("rank") + 1] != ""


def test_column_names_never_clash(tmp_path: Path, resume: Resume, analyzer: Analyzer) -> None:
    src = tmp_path / "in.csv"
    _write(src, ["rank", "fit", "description", "error"], [["a", "b", GOOD, "mine"]])
    out = tmp_path / "out.csv"
    rank_csv(resume, src, out, progress=False, analyzer=analyzer)
    header, rows = _read(out)
    assert header[:4] == ["rank", "fit", "description", "error"]
    assert header[4:] == [f"opsmatch_{c}" if c in ("rank", "fit", "error") else c for c in RANK_COLUMNS]
    assert rows[0][:4] == ["a", "b", GOOD, "mine"] and rows[0][4] == "1"


def test_inputs_that_cannot_be_read(tmp_path: Path, resume: Resume, analyzer: Analyzer) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    no_text = tmp_path / "no_text.csv"
    _write(no_text, ["a", "b"], [["1", "2"]])
    header_only = tmp_path / "header.csv"
    header_only.write_text("职位描述,职位名称\n", encoding="utf-8")
    out = tmp_path / "out" / "ranked.csv"
    for src, needle in ((empty, "empty"), (no_text, "no a text column"), (tmp_path / "absent.csv", "cannot be read")):
        with pytest.raises(InputError) as err:
            rank_csv(resume, src, out, progress=False, analyzer=analyzer)
        assert needle in str(err.value) and str(src) in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(InputError, match="parquet"):
        rank_csv(resume, header_only, tmp_path / "x.parquet", progress=False, analyzer=analyzer)
    with pytest.raises(InputError, match="encoding"):
        rank_csv(resume, header_only, out, encoding="klingon", progress=False, analyzer=analyzer)
    report = rank_csv(resume, header_only, out, progress=False, analyzer=analyzer)
    assert report.rows == 0 and out.read_text(encoding="utf-8").splitlines() == [
        "职位描述,职位名称," + ",".join(RANK_COLUMNS)
    ]
    (tmp_path / "dir.csv").mkdir()
    src = tmp_path / "one.csv"
    _write(src, ["jd"], [[GOOD]])
    with pytest.raises(InputError, match="directory"):
        rank_csv(resume, src, tmp_path / "dir.csv", progress=False, analyzer=analyzer)
    assert not [p for p in tmp_path.rglob("*.part")]


def test_streams_from_a_binary_stream(resume: Resume, analyzer: Analyzer, tmp_path: Path) -> None:
    buf = io.BytesIO(("jd\n" + "\n".join([GOOD, MEH, OFF]) + "\n").encode("utf-8"))
    out = tmp_path / "out.csv"
    report = rank_csv(resume, buf, out, chunksize=1, progress=False, analyzer=analyzer)
    assert report.rows == 3 and _read(out)[1][0][0] == GOOD


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "opsmatch.cli", *args], input=stdin, capture_output=True, timeout=300)


def test_cli_rank_files_stdio_and_workers(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text(RESUME, encoding="utf-8")
    src = tmp_path / "in.csv"
    _write(src, ["编号", "职位描述"], [[str(i), t] for i, t in enumerate([GOOD, MEH, OFF, ""] * 30)])
    one = _cli("rank", str(cv), str(src), "-o", str(tmp_path / "one.csv"))
    assert one.returncode == 0, one.stderr
    assert b"120 postings ranked (30 with an error" in one.stderr
    two = _cli("rank", str(cv), str(src), "-o", str(tmp_path / "two.csv"), "-j", "2", "--quiet")
    assert two.returncode == 0 and two.stderr == b""
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    piped = _cli("rank", str(cv), "-", "-o", "-", "--quiet", stdin=src.read_bytes())
    assert piped.returncode == 0 and piped.stdout == (tmp_path / "one.csv").read_bytes()
    bad = _cli("rank", str(cv), str(tmp_path / "absent.csv"), "-o", str(tmp_path / "x.csv"))
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1


def test_sigterm_leaves_nothing_behind(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text(RESUME, encoding="utf-8")
    src = tmp_path / "big.csv"
    _write(src, ["jd"], [[GOOD + str(i)] for i in range(30_000)])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "opsmatch.cli", "rank", str(cv), str(src), "-o", str(out_dir / "r.csv"), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(4)
    if proc.poll() is not None:
        pytest.skip("the run ended before it could be signalled (a faster machine): nothing to test")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert list(out_dir.iterdir()) == []
