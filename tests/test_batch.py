import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import opsmatch
from opsmatch import InputError, result_columns, score_csv, score_frame, summarize
from opsmatch.batch import detect_encoding
from opsmatch.errors import RowWarning

GOOD = "岗位职责：负责社群拉新和活跃；任职要求：熟练使用Excel，文案功底好"


def test_score_frame_keeps_columns_index_order_and_does_not_mutate(analyzer):
    df = pd.DataFrame(
        {
            "id": [3, 1, 2],
            "描述": [GOOD, "Java开发，熟悉Spring", "负责抖音信息流投放"],
            "x": [1.5, None, "s"],
        },
        index=["c", "a", "b"],
    )
    before = df.copy()
    out = score_frame(df, "描述", analyzer=analyzer, progress=False)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.index) == ["c", "a", "b"]
    assert list(out.columns) == list(df.columns) + result_columns()
    pd.testing.assert_frame_equal(out[df.columns], df)
    assert "拉新" in out.loc["c", "role_keywords"]
    assert out["error"].isna().all()


def test_bad_cells_get_an_error_and_keep_their_place(analyzer):
    cells = [GOOD, None, np.nan, 42, "", "   ", b"\xff\xfe", "熟悉SQL" + "啊" * 1_000_000, GOOD]
    out = score_frame(pd.DataFrame({"jd": cells}), "jd", analyzer=analyzer, progress=False)
    assert len(out) == len(cells)
    errors = out["error"].tolist()
    assert errors[0] is None or pd.isna(errors[0])
    assert errors[1] == "missing text" and errors[2] == "missing text"
    assert errors[3] == "not text: int"
    assert errors[4] == "empty text" and errors[5] == "empty text"
    assert errors[6] == "bytes that are not UTF-8"
    assert "longer than" in errors[7]
    assert out["subtype"].iloc[0] == out["subtype"].iloc[8]
    assert pd.isna(out["data_analysis_score"].iloc[1])


def test_result_column_never_overwrites_a_user_column(analyzer):
    df = pd.DataFrame({"jd": [GOOD], "subtype": ["mine"], "error": ["keep"]})
    out = score_frame(df, "jd", analyzer=analyzer, progress=False)
    assert out["subtype"].tolist() == ["mine"] and out["error"].tolist() == ["keep"]
    # one rule for every result column: all are prefixed, not only those that collide
    assert list(out.columns) == ["jd", "subtype", "error"] + [f"opsmatch_{c}" for c in result_columns()]


def test_missing_column_is_a_clear_error(analyzer):
    with pytest.raises(InputError, match="'职位描述' is not in the DataFrame"):
        score_frame(pd.DataFrame({"jd": [GOOD]}), "职位描述", analyzer=analyzer)


def test_accessor_and_parallel_equal_serial(analyzer):
    df = pd.DataFrame(
        {
            "jd": [GOOD, "负责天猫店铺运营", None, "会计"] * 15,
            "t": ["社群运营", None, "x", "会计"] * 15,
        }
    )
    serial = score_frame(df, "jd", "t", analyzer=analyzer, progress=False, chunksize=7)
    parallel = df.opsmatch.score("jd", "t", n_jobs=2, progress=False)
    pd.testing.assert_frame_equal(serial, parallel)


def test_summarize(analyzer):
    df = pd.DataFrame({"jd": [GOOD, "负责百度竞价账户优化，分析数据", "Java开发", None]})
    summary = summarize(score_frame(df, "jd", analyzer=analyzer, progress=False))
    assert summary.index.name == "subtype"
    assert list(summary.columns) == ["subtype_label", "postings", "posting_share"] + [
        f"{c}_share" for c in opsmatch.COMPETENCIES
    ] + ["top_terms"]
    assert summary["postings"].sum() == 3  # the row with an error is left out
    assert summary.index[-1] == "other"  # operations sub-types first
    assert summary.loc["other", "subtype_label"] == "非运营岗位"
    means = summarize(score_frame(df, "jd", analyzer=analyzer, progress=False), stat="mean")
    assert "data_analysis_mean" in means and means.attrs["stat"] == "mean"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


CSV_TEXT = '职位名称,职位描述,薪资\n社群运营,"负责社群拉新，""活跃""；\n熟练使用Excel",8k\nJava开发,熟悉Spring，有高并发经验,20k\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_score_csv_reads_encodings_and_finds_columns(tmp_path, analyzer, encoding):
    src = _write(tmp_path / "in.csv", CSV_TEXT, encoding)
    report = score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    assert report.rows == 2 and report.errors == 0
    assert report.text_col == "职位描述" and report.title_col == "职位名称"
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert list(out.columns[:3]) == ["职位名称", "职位描述", "薪资"]
    assert out["职位描述"][0] == '负责社群拉新，"活跃"；\n熟练使用Excel'
    assert out["薪资"].tolist() == ["8k", "20k"]
    assert out["subtype"][1] == "other"


def test_score_csv_ragged_rows_nul_and_undecodable_bytes(tmp_path, analyzer):
    raw = (
        ("title,description,note\n运营,负责社群运营,a\ntoo,many,fields,here\nshort\nnul,负责\x00文案写作,b\n").encode()
        + b"bad,\xff\xfe\xfa broken bytes,c\n"
        + "last,负责SEO优化,d\n".encode()
    )
    src = tmp_path / "ragged.csv"
    src.write_bytes(raw)
    with pytest.warns(RowWarning, match="bytes no encoding reads"):
        report = score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False, encoding="utf-8")
    with open(tmp_path / "out.csv", encoding="utf-8", errors="surrogateescape", newline="") as fh:
        rows = list(csv.reader(fh))
    out = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    assert report.rows == len(out) == 6
    assert out["title"].tolist() == ["运营", "too", "short", "nul", "bad", "last"]
    err = out["error"].tolist()
    assert err[0] == "" and err[5] == ""
    assert err[1].startswith("row has 4 fields, header has 3")
    assert out["note"][1] == "fields,here"
    assert err[2].startswith("row has 1 fields") and "empty text" in err[2]
    assert err[3] == "" and out["copywriting_evidence"][3]
    assert "undecodable bytes" in err[4]
    assert b"bad,\xff\xfe\xfa broken bytes,c," in (tmp_path / "out.csv").read_bytes()  # kept as they were


def test_score_csv_parquet_and_excel(tmp_path, analyzer):
    src = _write(tmp_path / "in.csv", CSV_TEXT)
    score_csv(src, tmp_path / "out.parquet", analyzer=analyzer, progress=False)
    pq = pd.read_parquet(tmp_path / "out.parquet")
    assert len(pq) == 2 and pq["is_operations"].dtype == "boolean" and pq["data_analysis_score"].dtype == float
    score_csv(src, tmp_path / "x.csv", analyzer=analyzer, progress=False, excel=True)
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_missing_text_column_and_unreadable_file(tmp_path, analyzer):
    src = _write(tmp_path / "in.csv", "a,b\n1,2\n")
    with pytest.raises(InputError, match="in.csv: has no text column"):
        score_csv(src, tmp_path / "out.csv", analyzer=analyzer)
    with pytest.raises(InputError, match="has no column 'nope'"):
        score_csv(src, tmp_path / "out.csv", text_col="nope", analyzer=analyzer)
    with pytest.raises(InputError, match="missing.csv: cannot be read"):
        score_csv(tmp_path / "missing.csv", tmp_path / "out.csv", analyzer=analyzer)
    assert not (tmp_path / "out.csv").exists()


def test_interrupted_run_leaves_no_output(tmp_path, analyzer, monkeypatch):
    src = _write(tmp_path / "in.csv", "description\n" + "负责社群运营\n" * 50)
    calls = {"n": 0}
    real = analyzer._analyze_chunk

    def boom(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 1:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(analyzer, "_analyze_chunk", boom)
    with pytest.raises(KeyboardInterrupt):
        score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False, chunksize=10)
    assert list(tmp_path.iterdir()) == [src]


def test_detect_encoding():
    assert detect_encoding("职位描述,标题".encode("gbk")) == "gb18030"
    assert detect_encoding(b"\xef\xbb\xbfa,b") == "utf-8-sig"
    assert detect_encoding("职位描述".encode()) == "utf-8"


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "opsmatch.cli", *args], input=stdin, capture_output=True, timeout=300)


def test_cli_score_stdin_stdout_and_errors(tmp_path):
    res = _cli("score", "-", "-o", "-", "--quiet", stdin=CSV_TEXT.encode("gbk"))
    assert res.returncode == 0, res.stderr.decode()
    rows = list(csv.reader(io.StringIO(res.stdout.decode("utf-8"))))
    assert rows[0][:3] == ["职位名称", "职位描述", "薪资"] and len(rows) == 3
    bad = _cli("score", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv"))
    assert bad.returncode == 2
    assert bad.stderr.decode().strip().startswith("opsmatch:") and "Traceback" not in bad.stderr.decode()
    src = _write(tmp_path / "in.csv", "a,b\n1,2\n")
    res = _cli("score", str(src), "-o", str(tmp_path / "o.csv"))
    assert res.returncode == 2 and "has no text column" in res.stderr.decode()


def test_cli_score_file_reports_choice_and_summary(tmp_path):
    src = _write(tmp_path / "in.csv", CSV_TEXT)
    res = _cli("score", str(src), "-o", str(tmp_path / "o.csv"), "--summary")
    err = res.stderr.decode()
    assert res.returncode == 0, err
    assert "text column '职位描述'" in err and "title column '职位名称'" in err and "2 rows" in err
    assert "岗位数" in res.stdout.decode() and "community_ops 社群运营" in res.stdout.decode()


def test_public_names():
    for name in (
        "analyze",
        "analyze_many",
        "score_frame",
        "score_csv",
        "Analyzer",
        "SubtypeClassifier",
    ):
        assert callable(getattr(opsmatch, name))
