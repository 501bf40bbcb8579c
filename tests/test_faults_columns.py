"""Columns: result names unique whatever the input holds, one collision rule for all of them, our own
`error` found by summaries, repeated input names refused, nullable dtypes, and a custom lexicon's
competencies driving the result columns, the summary and the charts."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from _faults import POSTING, cli
from hypothesis import given, settings
from hypothesis import strategies as st

import opsmatch
from opsmatch import InputError, result_columns, score_csv, score_frame, summarize
from opsmatch.analyzer import Analyzer
from opsmatch.batch import output_names
from opsmatch.errors import LexiconMismatchWarning

RESULTS = result_columns()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            RESULTS + [f"opsmatch_{c}" for c in RESULTS] + [f"opsmatch2_{c}" for c in RESULTS] + ["jd", "x"]
        ),
        unique=True,
    )
)
def test_result_names_are_unique_and_share_one_prefix(existing: list[str]) -> None:
    names = output_names(existing, RESULTS)
    assert not set(names.values()) & set(existing)
    assert len(set(names.values())) == len(RESULTS)
    prefixes = {out[: -len(col)] for col, out in names.items()}
    assert len(prefixes) == 1  # every result column follows the same rule


def test_subtype_and_opsmatch_subtype_in_the_input(tmp_path: Path, analyzer) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"职位描述,subtype,opsmatch_subtype,subtype_label\n{POSTING},a,b,c\n", encoding="utf-8")
    score_csv(src, tmp_path / "out.parquet", analyzer=analyzer, progress=False)
    out = pd.read_parquet(tmp_path / "out.parquet")  # readable: no two columns share a name
    assert list(out.columns[:4]) == ["职位描述", "subtype", "opsmatch_subtype", "subtype_label"]
    assert list(out.columns[4:]) == [f"opsmatch2_{c}" for c in RESULTS]
    assert out.loc[0, ["subtype", "opsmatch_subtype", "subtype_label"]].tolist() == ["a", "b", "c"]
    assert out.loc[0, "opsmatch2_subtype"] in opsmatch.SUBTYPES


def test_summaries_find_our_own_error_column(tmp_path: Path, analyzer) -> None:
    df = pd.DataFrame({"jd": [POSTING, POSTING, None], "error": ["user note", "another", "x"]})
    scored = score_frame(df, "jd", analyzer=analyzer, progress=False)
    summary = summarize(scored)
    assert summary["postings"].sum() == 2  # ours says two rows are fine; the user's column is left alone
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    res = cli("score", str(src), "-o", str(tmp_path / "o.csv"), "--summary", "--quiet")
    assert res.returncode == 0, res.stderr.decode()
    body = res.stdout.decode().splitlines()[1:]
    assert len(body) == 1 and body[0].split()[2] == "2", res.stdout.decode()


def test_repeated_input_column_names_are_an_input_error(tmp_path: Path, analyzer) -> None:
    df = pd.DataFrame([[POSTING, "x"]], columns=["jd", "jd"])
    with pytest.raises(InputError, match=r"column names repeat: \['jd'\]"):
        score_frame(df, "jd", analyzer=analyzer, progress=False)
    src = tmp_path / "in.csv"
    src.write_text(f"职位描述,城市,城市\n{POSTING},a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column names repeat: \['城市'\]"):
        score_csv(src, tmp_path / "o.csv", analyzer=analyzer, progress=False)
    assert not (tmp_path / "o.csv").exists()


def test_result_columns_keep_nullable_dtypes_with_an_empty_row(tmp_path: Path, analyzer) -> None:
    df = pd.DataFrame({"jd": [POSTING, "", "Java开发，熟悉Spring"]})
    out = score_frame(df, "jd", analyzer=analyzer, progress=False)
    assert str(out["is_operations"].dtype) == "boolean" and str(out["salary_months"].dtype) == "Int64"
    assert out["experience_min"].dtype == "float64"  # 半年 is 0.5 years
    assert out["data_analysis_score"].dtype == "float64"
    assert out[out.is_operations]["jd"].tolist() == [POSTING]  # NA (the empty row) counts as False
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    score_csv(src, tmp_path / "o.parquet", analyzer=analyzer, progress=False)
    back = pd.read_parquet(tmp_path / "o.parquet")
    assert str(back["is_operations"].dtype) == "boolean" and back[back.is_operations]["jd"].tolist() == [POSTING]


# -- a custom lexicon's competencies --------------------------------------------------------
AI_TOOLS = """[competency]
id = "ai_tools"
label = "AI工具能力"

[[term]]
name = "ChatGPT"
aliases = ["chatgpt"]
weight = 1.0
kind = "tool"

[[term]]
name = "Midjourney"
weight = 1.0
kind = "tool"
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    extra = tmp_path_factory.mktemp("extra")
    (extra / "ai_tools.toml").write_text(AI_TOOLS, encoding="utf-8")
    with pytest.warns(LexiconMismatchWarning):  # the shipped model learnt with the shipped lexicon only
        return Analyzer([opsmatch.DEFAULT_LEXICON_DIR, extra])


@pytest.fixture(scope="module")
def data_only(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    folder = tmp_path_factory.mktemp("data_only")
    shutil.copy(opsmatch.DEFAULT_LEXICON_DIR / "data_analysis.toml", folder)
    shutil.copy(opsmatch.DEFAULT_LEXICON_DIR / "contexts.toml", folder)  # the word groups its contexts name
    return Analyzer(folder, model=None)


def test_a_lexicon_that_adds_a_competency_gets_its_columns(tmp_path: Path, extended: Analyzer) -> None:
    df = pd.DataFrame({"jd": ["熟练使用ChatGPT和SQL撰写文案", None]})
    out = score_frame(df, "jd", analyzer=extended, progress=False)
    assert out.loc[0, "ai_tools_evidence"] == "ChatGPT" and out.loc[0, "ai_tools_score"] > 0
    assert list(out.columns[1:]) == list(extended.result_schema)
    summary = summarize(out, labels=extended.lexicon.competencies)
    assert "ai_tools_share" in summary and summary.attrs["labels"]["ai_tools"] == "AI工具能力"
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    score_csv(src, tmp_path / "o.parquet", analyzer=extended, progress=False, n_jobs=2)
    assert pd.read_parquet(tmp_path / "o.parquet").loc[0, "ai_tools_evidence"] == "ChatGPT"


def test_a_lexicon_with_only_data_analysis(tmp_path: Path, data_only: Analyzer) -> None:
    df = pd.DataFrame({"jd": ["熟练使用SQL和Excel", "负责公众号文案", ""]})
    out = score_frame(df, "jd", analyzer=data_only, progress=False)
    assert [c for c in out.columns if c.endswith("_score")] == ["data_analysis_score"]
    assert out["data_analysis_evidence"].tolist()[:2] == ["SQL、Excel", ""]
    summary = summarize(out)
    assert [c for c in summary.columns if c.endswith("_share")] == ["posting_share", "data_analysis_share"]
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    report = score_csv(src, tmp_path / "o.csv", analyzer=data_only, progress=False, n_jobs=2)
    assert report.rows == 3


def test_charts_follow_the_lexicon(extended: Analyzer, data_only: Analyzer) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from opsmatch import plot

    scored = score_frame(
        pd.DataFrame({"jd": ["熟练使用ChatGPT和SQL", "Midjourney出图"]}), "jd", analyzer=extended, progress=False
    )
    ax = plot.heatmap(scored)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "AI工具能力"
    fig = plot.top_terms(scored, competencies=["ai_tools"])
    assert fig.axes[0].get_title() == "AI工具能力"
    only = score_frame(pd.DataFrame({"jd": ["熟练使用SQL"]}), "jd", analyzer=data_only, progress=False)
    radar = plot.radar(only)
    assert [t.get_text() for t in radar.get_xticklabels()] == ["数据分析能力"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.pyplot.close("all")
