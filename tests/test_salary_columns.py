"""Salary, seniority, experience and education columns through score_frame, score_csv, Parquet and Dask."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from opsmatch import score_csv, score_frame
from opsmatch.errors import InputError
from opsmatch.results import result_columns, result_schema
from opsmatch.salary import SALARY_COLUMNS

ROWS = [
    ("资深用户运营", "负责用户增长。任职要求：本科，3年以上用户运营经验", "20-30K·14薪"),
    ("运营实习生", "协助社群运营，每周实习4天", "150元/天"),
    ("内容运营", None, "8k-12k"),  # no text: an error row, its salary still read
    ("新媒体运营", "负责公众号文案。大专以上学历", "面议"),
    ("运营总监", "负责运营团队管理，8年以上经验", "不知道"),
    ("社群运营", "负责社群拉新", ""),
]


def _frame(index=None) -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["职位名称", "职位描述", "月薪"], index=index)


def test_schema_has_the_level_and_salary_columns_before_error():
    cols = result_columns()
    assert cols[-1] == "error"
    assert cols[-1 - len(SALARY_COLUMNS) : -1] == list(SALARY_COLUMNS)
    kinds = result_schema()
    assert (kinds["experience_min"], kinds["salary_months"], kinds["salary_negotiable"]) == ("float", "int", "bool")


def test_score_frame_reads_the_salary_column_by_name(analyzer):
    df = _frame(index=[7, 7, 3, 1, 1, 0])  # a repeated index must not scramble rows
    before = df.copy()
    out = score_frame(df, "职位描述", "职位名称", analyzer=analyzer, progress=False)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.index) == [7, 7, 3, 1, 1, 0]
    assert out["salary_min_monthly"].tolist()[:2] == [20000.0, pytest.approx(150 * 21.75)]
    assert out["salary_months"].tolist()[0] == 14
    assert out["salary_period"].tolist()[:2] == ["month", "day"]
    assert out["salary_min_monthly"].iloc[2] == 8000.0 and out["error"].iloc[2] == "missing text"
    assert out["salary_negotiable"].iloc[3] == True  # noqa: E712 - pandas boolean
    assert out["salary_error"].iloc[4].startswith("no amount") and pd.isna(out["salary_error"].iloc[5])
    assert out["seniority"].tolist()[:2] == ["senior", "intern"]
    assert out["experience_min"].iloc[0] == 3 and out["education"].iloc[0] == "bachelor"
    assert out["experience_min"].iloc[4] == 8


def test_score_frame_salary_col_given_or_missing(analyzer):
    df = _frame().rename(columns={"月薪": "待遇说明"})
    out = score_frame(df, "职位描述", analyzer=analyzer, progress=False)
    assert out["salary_min_monthly"].isna().all()  # not found by name: columns stay empty
    out = score_frame(df, "职位描述", analyzer=analyzer, progress=False, salary_col="待遇说明")
    assert out["salary_max_monthly"].iloc[0] == 30000.0
    with pytest.raises(InputError, match="not in the DataFrame"):
        score_frame(df, "职位描述", analyzer=analyzer, progress=False, salary_col="nope")


def _csv_bytes() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["职位名称", "职位描述", "salary"])
    w.writerows([(t, d or "", s) for t, d, s in ROWS])
    return buf.getvalue().encode("utf-8")


def test_score_csv_salary_columns_and_input_untouched(tmp_path, analyzer):
    src = tmp_path / "in.csv"
    src.write_bytes(_csv_bytes())
    report = score_csv(src, tmp_path / "out.csv", analyzer=analyzer, progress=False)
    assert report.salary_col == "salary" and report.rows == len(ROWS)
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert [r["salary"] for r in rows] == [s for _, _, s in ROWS]  # input cells byte-identical
    assert rows[0]["salary_min_monthly"] == "20000.0" and rows[0]["salary_months"] == "14"
    assert rows[2]["salary_min_monthly"] == "8000.0" and rows[2]["error"] == "empty text"
    assert rows[5]["salary_min_monthly"] == "" and rows[5]["salary_error"] == ""
    assert rows[1]["seniority"] == "intern" and rows[0]["experience_min"] == "3"
    with pytest.raises(InputError, match="no column 'pay'"):
        score_csv(src, tmp_path / "x.csv", analyzer=analyzer, progress=False, salary_col="pay")
    assert not (tmp_path / "x.csv").exists()


def test_parquet_types(tmp_path, analyzer):
    pytest.importorskip("pyarrow", reason="the [parquet] extra is not installed")
    src = tmp_path / "in.csv"
    src.write_bytes(_csv_bytes())
    score_csv(src, tmp_path / "out.parquet", analyzer=analyzer, progress=False)
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert str(out["salary_min_monthly"].dtype) == "float64"
    assert out["salary_months"].iloc[0] == 14 and out["experience_min"].iloc[0] == 3.0
    assert out["salary_negotiable"].iloc[3] == True  # noqa: E712


def test_dask_path_reads_salary_by_name(analyzer):
    dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed")
    import dask

    from opsmatch.dask import score_dataframe

    df = _frame()
    expected = score_frame(df, "职位描述", "职位名称", analyzer=analyzer, progress=False)
    with dask.config.set({"scheduler": "sync", "dataframe.convert-string": False}):
        got = score_dataframe(dd.from_pandas(df, npartitions=2), "职位描述", "职位名称").compute()
    ours = [*SALARY_COLUMNS, "seniority", "experience_min", "experience_max", "education"]
    pd.testing.assert_frame_equal(got[ours], expected[ours])
    assert got["salary_min_monthly"].iloc[0] == 20000.0
