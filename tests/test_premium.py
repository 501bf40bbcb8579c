"""premium(): median pay of postings asking for a competency vs not, with a seeded bootstrap interval."""

from __future__ import annotations

import doctest
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmatch import pricing as premium_mod
from opsmatch.pricing import monthly_salary, premium, result_view, salary_by


def _frame(n: int = 400, seed: int = 1) -> pd.DataFrame:
    """Postings where asking for data analysis pays 3,000 more (by construction), copywriting nothing."""
    rng = np.random.default_rng(seed)
    da = rng.random(n) < 0.5
    cw = rng.random(n) < 0.5
    pay = 10000 + 3000 * da + rng.normal(0, 800, n).round(-2)
    return pd.DataFrame(
        {
            "data_analysis_score": np.where(da, 0.6, 0.0),
            "copywriting_score": np.where(cw, 0.5, 0.0),
            "salary_min_monthly": pay - 1000,
            "salary_max_monthly": pay + 1000,
            "subtype_label": np.where(rng.random(n) < 0.5, "用户运营", "内容运营"),
            "seniority": np.where(rng.random(n) < 0.3, "senior", "specialist"),
            "error": None,
        }
    )


def test_premium_finds_a_built_in_difference():
    t = premium(_frame()).set_index("competency")
    assert list(t.index) == ["data_analysis", "copywriting"]
    da, cw = t.loc["data_analysis"], t.loc["copywriting"]
    assert da["n_with"] + da["n_without"] == 400
    assert 2500 <= da["premium"] <= 3500 and da["ci_low"] > 1500 and da["ci_high"] < 4500
    assert da["ci_low"] <= da["premium"] <= da["ci_high"]
    assert cw["ci_low"] < 0 < cw["ci_high"] or abs(cw["premium"]) < 600  # nothing built in
    assert da["premium_pct"] == pytest.approx(da["premium"] / da["median_without"])
    assert da["label"] == "数据分析能力"


def test_seeded_and_reproducible():
    df = _frame()
    a, b = premium(df, seed=7), premium(df, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = premium(df, seed=8)
    assert (a["premium"] == c["premium"]).all()  # the point estimate does not depend on the seed


@given(
    st.lists(st.tuples(st.booleans(), st.integers(min_value=1000, max_value=60000)), min_size=2, max_size=60),
)
@settings(max_examples=100, deadline=None)
def test_premium_equals_the_plain_median_difference(rows):
    df = pd.DataFrame(
        {"data_analysis_score": [0.5 if a else 0.0 for a, _ in rows], "salary": [f"{p}/月" for _, p in rows]}
    )
    t = premium(df, n_boot=50).iloc[0]
    with_ = [p for a, p in rows if a]
    without = [p for a, p in rows if not a]
    assert t["n_with"] == len(with_) and t["n_without"] == len(without)
    if with_ and without:
        assert t["premium"] == pytest.approx(statistics.median(with_) - statistics.median(without))
    else:
        assert np.isnan(t["premium"])
    if min(len(with_), len(without)) < 5:
        assert np.isnan(t["ci_low"]) and np.isnan(t["ci_high"])


def test_rows_without_pay_or_with_an_error_are_left_out():
    df = pd.DataFrame(
        {
            "data_analysis_score": [0.5, 0.5, 0.0, 0.0, 0.5],
            "salary": ["20k", "面议", "10k", "abc", "30k"],
            "error": [None, None, None, None, "empty text"],
        }
    )
    t = premium(df).iloc[0]
    assert (t["n_with"], t["n_without"], t["median_with"], t["median_without"]) == (1, 1, 20000, 10000)


def test_by_group():
    df = _frame()
    t = premium(df, by="subtype")
    assert set(t["group"]) == {"用户运营", "内容运营"}
    assert len(t) == 4 and {"group", "competency", "premium", "ci_low"} <= set(t.columns)
    for name, g in t.groupby("group"):
        assert g["n_with"].iloc[0] + g["n_without"].iloc[0] == (df["subtype_label"] == name).sum()
    s = premium(df, by="seniority")
    assert set(s["group"]) == {"senior", "specialist"}
    with pytest.raises(KeyError, match="cannot group by"):
        premium(df, by="family")


def test_missing_columns_are_clear_errors():
    with pytest.raises(KeyError, match="no salary"):
        premium(pd.DataFrame({"data_analysis_score": [0.5]}))
    with pytest.raises(KeyError, match="_score"):
        premium(pd.DataFrame({"salary": ["10k"]}))


def test_monthly_salary_from_columns_or_raw():
    parsed = monthly_salary(
        pd.DataFrame({"salary_min_monthly": [10000, None, 8000], "salary_max_monthly": [20000, None, None]})
    )
    assert parsed.tolist()[0] == 15000 and np.isnan(parsed.tolist()[1]) and parsed.tolist()[2] == 8000
    raw = monthly_salary(pd.DataFrame({"月薪": ["15-25K", "200元/天"]}))
    assert raw.tolist() == [20000.0, 4350.0]


def test_result_view_prefers_our_columns():
    df = pd.DataFrame({"subtype": ["theirs"], "opsmatch_subtype": ["user_ops"], "title": ["x"]})
    assert result_view(df).to_dict("list") == {"title": ["x"], "subtype": ["user_ops"]}


def test_salary_by_is_the_ladder_in_order():
    df = pd.DataFrame(
        {
            "seniority": ["director", "intern", "senior", "intern", None],
            "salary": ["40k", "100元/天", "25k", "150元/天", "9k"],
        }
    )
    t = salary_by(df)
    assert t["seniority"].tolist() == ["intern", "senior", "director"]
    assert t["median"].tolist() == [pytest.approx(125 * 21.75), 25000, 40000]


def test_many_rows_in_batched_bootstrap():
    df = _frame(n=20000)
    t = premium(df, n_boot=300)
    assert t["n_with"].sum() + t["n_without"].sum() == 2 * 20000


def test_public_and_doctests():
    import opsmatch.pricing  # importing the module must not shadow the function

    assert opsmatch.premium is premium and callable(opsmatch.premium)
    result = doctest.testmod(premium_mod)
    assert result.attempted >= 4 and result.failed == 0
