"""Families of sub-types: never contradicting the sub-type, and usable to group summaries and charts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from opsmatch.analyzer import Analyzer
from opsmatch.batch import score_frame
from opsmatch.summary import format_summary, summarize
from opsmatch.taxonomy import FAMILIES, SUBTYPE_FAMILY

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "postings.csv"


@pytest.fixture(scope="module")
def scored(analyzer: Analyzer) -> pd.DataFrame:
    df = pd.read_csv(EXAMPLES)
    return score_frame(df, "职位描述", title_col="职位名称", analyzer=analyzer, progress=False)


def test_family_never_contradicts_the_sub_type(scored: pd.DataFrame) -> None:
    assert (scored["family"] == scored["subtype"].map(SUBTYPE_FAMILY)).all()
    assert (scored["family_label"] == scored["family"].map(FAMILIES)).all()
    assert (scored["is_operations"] == scored["family"].ne("other")).all()


def test_summarize_by_family(scored: pd.DataFrame) -> None:
    by_family = summarize(scored, by="family")
    assert by_family.index.name == "family"
    assert list(by_family.columns[:3]) == ["family_label", "postings", "posting_share"]
    assert set(by_family.index) <= set(FAMILIES)
    assert (by_family["family_label"] == by_family.index.map(FAMILIES)).all()
    assert by_family["postings"].sum() == len(scored)
    assert by_family.index[-1] == "other"  # operations first
    by_subtype = summarize(scored)
    for family, n in by_family["postings"].items():
        members = scored.loc[scored["family"] == family, "subtype"].unique()
        assert by_subtype.loc[list(members), "postings"].sum() == n
    assert format_summary(by_family).splitlines()[0].startswith("运营类别")
    with pytest.raises(ValueError, match="family"):
        summarize(scored, by="city")


def test_charts_group_by_family(scored: pd.DataFrame) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    import opsmatch.plot as plot

    try:
        ax = plot.heatmap(scored, by="family")
        assert [t.get_text().split(" (")[0] for t in ax.get_yticklabels()] == list(
            scored["family_label"].value_counts().index
        )
        assert "运营类别" in ax.get_title()
        ax = plot.subtype_bars(scored, by="family")
        assert {t.get_text() for t in ax.get_yticklabels()} == set(scored["family_label"])
        ax = plot.radar(scored, by="family")
        assert len(ax.get_legend().get_texts()) == scored["family"].nunique()
    finally:
        plt.close("all")
