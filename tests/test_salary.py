"""parse_salary on the formats job boards use, on nonsense, and as columns."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import opsmatch
from opsmatch import salary as salary_mod
from opsmatch.salary import (
    DAYS_PER_MONTH,
    HOURS_PER_DAY,
    SALARY_COLUMNS,
    WEEKS_PER_MONTH,
    Salary,
    SalaryError,
    explain_salary,
    parse_salary,
    salary_frame,
    salary_values,
)

H = HOURS_PER_DAY * DAYS_PER_MONTH  # 174 hours a month
D = DAYS_PER_MONTH
W = WEEKS_PER_MONTH

# (string, min_monthly, max_monthly, months, period) — formats of Boss / Lagou / Liepin / 51job /
# Zhilian / Shixiseng / neitui, written for this test.
BOARD_FORMATS = [
    # k / K ranges (Lagou, Boss, neitui)
    ("15k-25k", 15000, 25000, 12, "month"),
    ("15K-25K", 15000, 25000, 12, "month"),
    ("15-25K", 15000, 25000, 12, "month"),
    ("15-25k", 15000, 25000, 12, "month"),
    ("15k-25", 15000, 25000, 12, "month"),
    ("2.5k-3.5k", 2500, 3500, 12, "month"),
    ("4-6K", 4000, 6000, 12, "month"),
    # months of pay a year (Boss, Liepin)
    ("15-25K·14薪", 15000, 25000, 14, "month"),
    ("20-40K·15薪", 20000, 40000, 15, "month"),
    ("15-25k·13薪", 15000, 25000, 13, "month"),
    ("12-24K*16薪", 12000, 24000, 16, "month"),
    ("15k-25k/月 13薪", 15000, 25000, 13, "month"),
    ("15K·13薪", 15000, 15000, 13, "month"),
    # 万 / 千 / w, mixed units (51job, Zhilian)
    ("1.5-2万/月", 15000, 20000, 12, "month"),
    ("1-1.5万/月", 10000, 15000, 12, "month"),
    ("0.8-1.2万/月", 8000, 12000, 12, "month"),
    ("1万-1.5万", 10000, 15000, 12, "month"),
    ("2万-3万/月", 20000, 30000, 12, "month"),
    ("1.5万-2万元/月", 15000, 20000, 12, "month"),
    ("4.5千-6千/月", 4500, 6000, 12, "month"),
    ("6-8千/月", 6000, 8000, 12, "month"),
    ("5千-1.2万", 5000, 12000, 12, "month"),
    ("8000-1.2万", 8000, 12000, 12, "month"),
    ("1w-2w", 10000, 20000, 12, "month"),
    ("1.2W-1.8W", 12000, 18000, 12, "month"),
    # 元 and plain numbers
    ("8000/月", 8000, 8000, 12, "month"),
    ("8000元/月", 8000, 8000, 12, "month"),
    ("5250/月", 5250, 5250, 12, "month"),
    ("8001-10000元/月", 8001, 10000, 12, "month"),
    ("10000-15000元/月", 10000, 15000, 12, "month"),
    ("6000元-8000元", 6000, 8000, 12, "month"),
    ("8,000-10,000元/月", 8000, 10000, 12, "month"),
    ("8000", 8000, 8000, 12, "month"),
    ("￥8000", 8000, 8000, 12, "month"),
    ("月薪1.5万", 15000, 15000, 12, "month"),
    ("约8000", 8000, 8000, 12, "month"),
    # open ends
    ("1万以上", 10000, None, 12, "month"),
    ("10k以上", 10000, None, 12, "month"),
    ("8k及以上", 8000, None, 12, "month"),
    ("10k+", 10000, None, 12, "month"),
    ("1万起", 10000, None, 12, "month"),
    ("3000以下", None, 3000, 12, "month"),
    ("5000元以内/月", None, 5000, 12, "month"),
    ("底薪4000+提成", 4000, None, 12, "month"),
    ("3000+提成", 3000, None, 12, "month"),
    ("4000-6000+提成", 4000, 6000, 12, "month"),
    # daily, hourly, weekly (Shixiseng, part-time boards)
    ("200元/天", 200 * D, 200 * D, 12, "day"),
    ("150-200/天", 150 * D, 200 * D, 12, "day"),
    ("100-150元/天", 100 * D, 150 * D, 12, "day"),
    ("日薪200", 200 * D, 200 * D, 12, "day"),
    ("120元/日", 120 * D, 120 * D, 12, "day"),
    ("30元/小时", 30 * H, 30 * H, 12, "hour"),
    ("20元/时", 20 * H, 20 * H, 12, "hour"),
    ("时薪25", 25 * H, 25 * H, 12, "hour"),
    ("20-30元/小时", 20 * H, 30 * H, 12, "hour"),
    ("1000元/周", 1000 * W, 1000 * W, 12, "week"),
    # yearly (51job, Liepin)
    ("10-15万/年", 100000 / 12, 150000 / 12, 12, "year"),
    ("年薪30万", 25000, 25000, 12, "year"),
    ("年薪30-50万·14薪", 300000 / 14, 500000 / 14, 14, "year"),
    ("20-30万", 200000 / 12, 300000 / 12, 12, "year"),
    ("20w/年", 200000 / 12, 200000 / 12, 12, "year"),
    ("年薪20万以上", 200000 / 12, None, 12, "year"),
    # full-width and every separator
    ("１５Ｋ－２５Ｋ", 15000, 25000, 12, "month"),
    ("15~25k", 15000, 25000, 12, "month"),
    ("15～25k", 15000, 25000, 12, "month"),
    ("15至25k", 15000, 25000, 12, "month"),
    ("15到25k", 15000, 25000, 12, "month"),
    ("15k—25k", 15000, 25000, 12, "month"),
    ("15k–25k", 15000, 25000, 12, "month"),
    ("15 - 25 K", 15000, 25000, 12, "month"),
    ("１．５－２万／月", 15000, 20000, 12, "month"),
    # notes that do not change the figure
    ("15-25k(税前)", 15000, 25000, 12, "month"),
    ("8-10k（包住）", 8000, 10000, 12, "month"),
    ("薪资：10k-15k", 10000, 15000, 12, "month"),
    ("<b>10k-15k</b>", 10000, 15000, 12, "month"),
    ("8k&nbsp;-&nbsp;12k", 8000, 12000, 12, "month"),
]

NEGOTIABLE = ["面议", "薪资面议", "保密", "薪酬面议", "工资面议", "面谈", "Negotiable"]

# (string, a piece of the reason)
NONSENSE = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "no amount"),
    ("k", "no amount"),
    ("待定", "no amount"),
    ("三千到五千", "Chinese numerals"),
    ("一万五", "Chinese numerals"),
    ("15-25", "implausibly low"),
    ("15-25/月", "implausibly low"),
    ("15k-10k", "minimum above maximum"),
    ("2万-8000", "minimum above maximum"),
    ("15k-25k-35k", "unrecognised"),
    ("3-5年", "unrecognised"),
    ("-5k", "unrecognised"),
    ("0", "not a positive amount"),
    ("$5000/month", "not in CNY"),
    ("5000美元/月", "not in CNY"),
    ("8000/月/年", "more than one period"),
    ("99999万/月", "implausibly high"),
    ("15k-25k·99薪", "not a number of months"),
    ("1万以上-2万", "unrecognised"),
    ("x" * 300, "too long"),
]


@pytest.mark.parametrize(("text", "lo", "hi", "months", "period"), BOARD_FORMATS)
def test_board_formats(text, lo, hi, months, period):
    s = parse_salary(text)
    assert s is not None, explain_salary(text)
    assert s.raw == text
    assert s.min_monthly == (None if lo is None else pytest.approx(lo, abs=0.01))
    assert s.max_monthly == (None if hi is None else pytest.approx(hi, abs=0.01))
    assert (s.months, s.period, s.negotiable) == (months, period, False)
    assert explain_salary(text) is None


def test_at_least_sixty_board_formats():
    assert len(BOARD_FORMATS) + len(NEGOTIABLE) >= 60


@pytest.mark.parametrize("text", NEGOTIABLE)
def test_negotiable(text):
    s = parse_salary(text)
    assert s is not None and s.negotiable
    assert (s.min_monthly, s.max_monthly, s.period, s.mid_monthly, s.annual) == (None, None, None, None, None)


def test_negotiable_with_a_figure_keeps_it():
    s = parse_salary("8-10k面议")
    assert s is not None and s.negotiable and (s.min_monthly, s.max_monthly) == (8000, 10000)


@pytest.mark.parametrize(("text", "reason"), NONSENSE)
def test_nonsense_is_none_with_a_reason(text, reason):
    assert parse_salary(text) is None
    why = explain_salary(text)
    assert why is not None and reason in why
    with pytest.raises(SalaryError) as info:
        parse_salary(text, errors="raise")
    assert reason in info.value.reason and info.value.raw == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (8000, (8000.0, 8000.0)),
        (8000.0, (8000.0, 8000.0)),
        (np.int64(12000), (12000.0, 12000.0)),
        (np.float64(9500.5), (9500.5, 9500.5)),
        (b"15k-25k", (15000.0, 25000.0)),
        ("1.5万".encode(), (15000.0, 15000.0)),
    ],
)
def test_numbers_and_bytes(value, expected):
    s = parse_salary(value)
    assert s is not None and (s.min_monthly, s.max_monthly) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "missing"),
        (float("nan"), "missing"),
        (pd.NA, "missing"),
        (np.nan, "missing"),
        (True, "not a salary"),
        (-5, "not a positive amount"),
        (float("inf"), "not a positive amount"),
        (["15k"], "not a salary"),
        ("\udcff".encode("utf-8", "surrogatepass"), "not UTF-8"),
        (5, "implausibly low"),
    ],
)
def test_odd_values(value, reason):
    assert parse_salary(value) is None
    assert reason in (explain_salary(value) or "")


def test_mid_and_annual():
    s = parse_salary("15-25K·14薪")
    assert s is not None and s.mid_monthly == 20000 and s.annual == 280000
    assert parse_salary("1万以上").mid_monthly == 10000  # type: ignore[union-attr]
    assert parse_salary("3000以下").mid_monthly == 3000  # type: ignore[union-attr]
    yearly = parse_salary("年薪30-50万·14薪")
    assert yearly is not None and yearly.annual == pytest.approx(400000, abs=1)  # monthly × months = yearly


def test_conversions_are_the_documented_ones():
    assert DAYS_PER_MONTH == 21.75 and HOURS_PER_DAY == 8 and abs(WEEKS_PER_MONTH - 4.3333) < 1e-4
    assert parse_salary("100元/天").min_monthly == 2175.0  # type: ignore[union-attr]
    assert parse_salary("10元/小时").min_monthly == 1740.0  # type: ignore[union-attr]


def test_salary_is_frozen_and_hashable():
    s = parse_salary("15k-25k")
    assert isinstance(s, Salary)
    with pytest.raises(AttributeError):
        s.months = 13  # type: ignore[misc]
    assert hash(s) == hash(parse_salary("15k-25k"))


def test_salary_values_and_frame():
    assert salary_values("8000/月") == [8000.0, 8000.0, 12, "month", False, None]
    assert salary_values(None) == [None] * len(SALARY_COLUMNS)
    assert salary_values("") == [None] * len(SALARY_COLUMNS)
    assert salary_values("abc")[-1] == "no amount: abc"
    frame = salary_frame(["15-25K·13薪", "面议", None, "abc"], index=[10, 20, 30, 40])
    assert list(frame.columns) == list(SALARY_COLUMNS) and list(frame.index) == [10, 20, 30, 40]
    assert str(frame["salary_min_monthly"].dtype) == "float64"
    assert str(frame["salary_months"].dtype) == "Int64"
    assert str(frame["salary_negotiable"].dtype) == "boolean"
    assert frame["salary_negotiable"].tolist() == [False, True, pd.NA, pd.NA]
    assert frame["salary_error"].tolist()[:3] == [None, None, None]
    assert frame["salary_error"].iloc[3].startswith("no amount")


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_never_raises_and_results_are_sane(text):
    s = parse_salary(text)
    if s is None:
        assert explain_salary(text)
        return
    ends = [v for v in (s.min_monthly, s.max_monthly) if v is not None]
    assert s.negotiable or ends
    assert all(salary_mod.MIN_MONTHLY <= v <= salary_mod.MAX_MONTHLY or v < salary_mod.MIN_MONTHLY for v in ends)
    assert max(ends, default=salary_mod.MIN_MONTHLY) >= salary_mod.MIN_MONTHLY
    if len(ends) == 2:
        assert ends[0] <= ends[1]
    assert 12 <= s.months <= 24


@given(
    st.integers(min_value=1, max_value=200),
    st.integers(min_value=0, max_value=200),
    st.sampled_from(["k", "K", "千"]),
    st.sampled_from(["-", "~", "～", "至", "到", "—"]),
    st.integers(min_value=12, max_value=20),
)
@settings(max_examples=200, deadline=None)
def test_ranges_round_trip(low, extra, unit, sep, months):
    high = low + extra
    s = parse_salary(f"{low}{sep}{high}{unit}·{months}薪")
    assert s is not None
    assert (s.min_monthly, s.max_monthly, s.months) == (low * 1000.0, high * 1000.0, months)


def test_public_names_and_doctests():
    assert opsmatch.parse_salary is parse_salary and opsmatch.Salary is Salary
    assert opsmatch.explain_salary is explain_salary and opsmatch.SalaryError is SalaryError
    result = doctest.testmod(salary_mod, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 5 and result.failed == 0


def test_repeated_cells_are_parsed_once():
    # a board's salary column repeats a few hundred strings: each is parsed once (timing: benchmarks/)
    salary_mod._parse_text.cache_clear()
    cells = [f"{i % 50 + 1}-{i % 50 + 5}k" for i in range(2000)]
    frame = salary_frame(cells)
    info = salary_mod._parse_text.cache_info()
    assert info.misses == 50 and info.hits == 2000 - 50
    assert frame["salary_min_monthly"].iloc[51] == 2000.0
