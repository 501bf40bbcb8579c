"""What a user meets first: the names opsmatch offers, the accessor, the chart module, and
result columns that behave like pandas data."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import opsmatch
from opsmatch.batch import output_names, score_csv, score_frame
from opsmatch.results import result_schema
from opsmatch.summary import format_summary, summarize

POSTING = "岗位职责：负责社群拉新与用户分层；任职要求：熟练使用SQL、Excel，有公众号文案经验"


def run(code: str) -> subprocess.CompletedProcess[str]:
    """Python code in a fresh interpreter (imports and registrations start from nothing)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


# -- names --------------------------------------------------------------------------------
def test_dir_lists_the_public_api_only() -> None:
    names = dir(opsmatch)
    assert names == sorted({*opsmatch.__all__, "plot"})
    for noise in ("Any", "annotations", "TYPE_CHECKING", "Iterable", "Hashable", "lru_cache", "importlib", "sys"):
        assert noise not in names
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    for name in opsmatch.__all__:  # every name listed resolves (lazily where it is heavy)
        assert getattr(opsmatch, name) is not None, name


def test_unknown_names_are_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'plotz'"):
        _ = opsmatch.plotz  # type: ignore[attr-defined]


def test_plot_module_imports_every_way() -> None:
    res = run(
        "import sys, opsmatch\n"
        "assert 'opsmatch.plot' not in sys.modules and 'matplotlib' not in sys.modules\n"
        "import opsmatch.plot\n"
        "from opsmatch.plot import radar, heatmap\n"
        "from opsmatch import plot\n"
        "assert opsmatch.plot is plot and plot.radar is radar\n"
        "print('ok')\n"
    )
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr
    lazy = run("import opsmatch; print(opsmatch.plot.__name__)")
    assert lazy.stdout.strip() == "opsmatch.plot", lazy.stderr


def test_plotting_is_a_deprecated_alias() -> None:
    res = run(
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as seen:\n"
        "    warnings.simplefilter('always')\n"
        "    import opsmatch.plotting as old\n"
        "import opsmatch.plot as new\n"
        "assert [w.category.__name__ for w in seen] == ['DeprecationWarning'], seen\n"
        "assert 'opsmatch.plot' in str(seen[0].message)\n"
        "assert old.radar is new.radar and old.heatmap is new.heatmap and old.__all__ == new.__all__\n"
        "assert old.use_cjk_font is new.use_cjk_font\n"
        "print('ok')\n"
    )
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr


# -- df.opsmatch --------------------------------------------------------------------------
ACCESSOR = (
    "df = pandas.DataFrame({'jd': ['熟练使用SQL，负责社群运营']})\n"
    "out = df.opsmatch.score('jd', progress=False)\n"
    "print(out['data_analysis_evidence'].tolist(), 'opsmatch.batch' in sys.modules)\n"
)


@pytest.mark.parametrize(
    "imports",
    [
        "import sys, pandas, opsmatch",
        "import sys, opsmatch, pandas",
        "import sys, opsmatch\nimport pandas as pandas",
        # a library asking whether pandas is installed loads nothing: the hook stays for the real import
        "import sys, importlib.util, opsmatch\nassert importlib.util.find_spec('pandas')\nimport pandas",
    ],
)
def test_accessor_works_after_importing_pandas_and_opsmatch(imports: str) -> None:
    res = run(f"{imports}\nassert 'opsmatch.batch' not in sys.modules\n{ACCESSOR}")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "['SQL'] True"
    hooks = run(f"{imports}\nprint([type(f).__name__ for f in sys.meta_path if 'Pandas' in type(f).__name__])")
    assert hooks.stdout.strip() == "[]", hooks.stderr  # once pandas is loaded, the hook is gone


def test_importing_opsmatch_does_not_import_pandas() -> None:
    res = run(
        "import sys, opsmatch\nprint(sorted(m for m in ('pandas', 'numpy', 'sklearn', 'matplotlib') if m in sys.modules))"
    )
    assert res.returncode == 0 and res.stdout.strip() == "[]", res.stderr


def test_accessor_summarize(analyzer) -> None:
    scored = score_frame(pd.DataFrame({"jd": [POSTING, "Java开发"]}), "jd", analyzer=analyzer, progress=False)
    pd.testing.assert_frame_equal(scored.opsmatch.summarize(stat="mean"), summarize(scored, stat="mean"))


# -- result columns -------------------------------------------------------------------------
@pytest.mark.parametrize("taken", ["subtype_label", "is_operations", "data_analysis_score", "error", "family"])
def test_any_collision_prefixes_every_result_column(taken: str, analyzer) -> None:
    df = pd.DataFrame({"jd": [POSTING], taken: ["mine"]})
    out = score_frame(df, "jd", analyzer=analyzer, progress=False)
    results = list(analyzer.result_schema)
    assert list(out.columns) == ["jd", taken] + [f"opsmatch_{c}" for c in results]
    assert out[taken].tolist() == ["mine"]  # df.<name> still means the input's column
    assert out["opsmatch_subtype_label"].iloc[0] == opsmatch.SUBTYPES[out["opsmatch_subtype"].iloc[0]]
    assert output_names([taken], results) == {c: f"opsmatch_{c}" for c in results}


def test_no_collision_no_prefix() -> None:
    assert output_names(["职位描述", "城市"], ["subtype", "subtype_label"]) == {
        "subtype": "subtype",
        "subtype_label": "subtype_label",
    }


def _kinds() -> dict[str, str]:
    return {col: kind for col, kind in result_schema().items()}


def test_booleans_and_integers_stay_nullable_with_an_empty_row(tmp_path: Path, analyzer) -> None:
    df = pd.DataFrame({"jd": [POSTING, "", "Java开发，熟悉Spring"], "薪资": ["10-15K", "8k", "面议"]})
    out = score_frame(df, "jd", analyzer=analyzer, progress=False)
    assert out["error"].notna().tolist() == [False, True, False]
    dtypes = {c: str(out[c].dtype) for c in analyzer.result_schema}
    assert dtypes["is_operations"] == "boolean" and dtypes["salary_negotiable"] == "boolean"
    assert dtypes["salary_months"] == "Int64"
    assert all(dtypes[f"{c}_score"] == "float64" for c in opsmatch.COMPETENCIES)
    assert out[out.is_operations]["jd"].tolist() == [POSTING]
    assert out[~out.is_operations.fillna(True)]["jd"].tolist() == ["Java开发，熟悉Spring"]

    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    score_csv(src, tmp_path / "out.parquet", analyzer=analyzer, progress=False)
    back = pd.read_parquet(tmp_path / "out.parquet")
    assert {c: str(back[c].dtype) for c in ("is_operations", "salary_negotiable", "salary_months")} == {
        "is_operations": "boolean",
        "salary_negotiable": "boolean",
        "salary_months": "Int64",
    }
    assert back[back.is_operations]["jd"].tolist() == [POSTING]
    for col in analyzer.result_schema:  # the file holds what the frame holds
        left, right = out[col].tolist(), back[col].tolist()
        assert [None if pd.isna(v) else v for v in left] == [None if pd.isna(v) else v for v in right], col


# -- summaries ------------------------------------------------------------------------------
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_summary_is_indexed_by_subtype_id_operations_first(analyzer) -> None:
    texts = [
        POSTING,
        "负责百度竞价账户优化，分析投放数据",
        "Java开发，熟悉Spring",
        "负责天猫店铺运营，策划大促活动",
        None,
    ]
    scored = score_frame(pd.DataFrame({"jd": texts}), "jd", analyzer=analyzer, progress=False)
    summary = summarize(scored)
    assert summary.index.name == "subtype" and set(summary.index) <= set(opsmatch.SUBTYPES)
    assert "other" in summary.index and summary.index[-1] == "other"
    assert summary.attrs["stat"] == "share" and all(f"{c}_share" in summary for c in opsmatch.COMPETENCIES)
    assert summary["postings"].sum() == 4 and summary["posting_share"].sum() == pytest.approx(1.0)
    assert (summary["subtype_label"] == [opsmatch.SUBTYPES[s] for s in summary.index]).all()
    means = summarize(scored, stat="mean")
    assert means.attrs["stat"] == "mean" and all(f"{c}_mean" in means for c in opsmatch.COMPETENCIES)


def test_summary_table_lines_up_with_chinese_labels(analyzer) -> None:
    texts = [POSTING, "负责百度竞价账户优化，SEO/SEM", "Java开发，熟悉Spring", "负责天猫店铺运营，策划大促活动"]
    scored = score_frame(pd.DataFrame({"jd": texts}), "jd", analyzer=analyzer, progress=False)
    lines = format_summary(summarize(scored)).splitlines()
    assert lines[0].startswith("子类型") and "数据分析能力占比" in lines[0]
    # the figures (postings, share, one per competency) are right-aligned: their right edges
    # line up on screen, whatever the width of the Chinese labels before them
    figures = 2 + len(opsmatch.COMPETENCIES)
    edges = []
    for line in lines:
        cells = list(re.finditer(r"\S+(?: \S+)*", line))
        edges.append([_width(line[: m.end()]) for m in cells[1 : 1 + figures]])
    assert all(e == edges[0] for e in edges) and len(edges[0]) == figures, "\n".join(lines)
    terms = [_width(line[: line.index("SQL")]) for line in lines if "SQL" in line]
    assert terms == [_width(lines[0][: lines[0].index("常见证据")])]  # the last column starts in line too
