"""Salary strings of Chinese job boards as numbers: ``parse_salary("15-25K·14薪")``.

Boards write pay as 15-25K·14薪, 1.5-2万/月, 5千-1.2万, 8000/月, 200元/天, 30元/小时,
10-15万/年, 1万以上, 面议 … ``parse_salary`` reads them into a ``Salary`` with the pay per
MONTH in CNY, so postings quoted in different ways can be compared. Conversions (the same
everywhere in opsmatch, also in the README):

* month: as quoted.
* year: divided by ``months`` — 12, or the N of "N薪" when stated — so that
  ``monthly × months`` is the yearly pay again.
* day: × 21.75, the average paid working days per month of China's labour rules
  (劳社部发〔2008〕3号: (365 − 104 weekend days) / 12).
* hour: × 8 hours × 21.75 days = × 174.
* week: × 52 / 12 (4.33 weeks per month).

A number with no unit (k/K/千 = ×1,000, w/W/万 = ×10,000, 元/块 = ×1) is in yuan; in a range
a bare number below 1,000 takes the other end's unit when the range stays in order (1.5-2万 is
15,000-20,000; 15k-25 is 15,000-25,000; 8000-1.2万 is 8,000-12,000). With no period stated the pay is monthly,
except amounts of 10万 and more written in 万 with no period (20-30万), which boards such as
Liepin quote per year. A ``+提成`` / ``+绩效`` tail marks base pay: a single figure then becomes
a floor (底薪4000+提成 is 4,000 and up). Anything else gives ``None`` and a reason
(``explain_salary``), never an exception in a batch.

>>> s = parse_salary("15-25K·14薪")
>>> s.min_monthly, s.max_monthly, s.months, s.period
(15000.0, 25000.0, 14, 'month')
>>> parse_salary("200元/天").min_monthly
4350.0
>>> parse_salary("面议").negotiable
True
>>> parse_salary("三五千") is None, explain_salary("三五千")
(True, 'amount in Chinese numerals: 三五千')
"""

from __future__ import annotations

import html
import math
import numbers
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DAYS_PER_MONTH",
    "HOURS_PER_DAY",
    "SALARY_COLUMNS",
    "SALARY_COLUMN_NAMES",
    "SALARY_SCHEMA",
    "WEEKS_PER_MONTH",
    "Salary",
    "SalaryError",
    "explain_salary",
    "parse_salary",
    "salary_frame",
    "salary_values",
]

DAYS_PER_MONTH = 21.75
"""Paid working days per month (劳社部发〔2008〕3号): daily pay × 21.75 = monthly pay."""
HOURS_PER_DAY = 8.0
"""Working hours per day: hourly pay × 8 × 21.75 = monthly pay."""
WEEKS_PER_MONTH = 52 / 12
"""Weeks per month: weekly pay × 52 / 12 = monthly pay."""

PERIODS = ("hour", "day", "week", "month", "year")
_PER_MONTH: dict[str, float | None] = {
    "hour": HOURS_PER_DAY * DAYS_PER_MONTH,
    "day": DAYS_PER_MONTH,
    "week": WEEKS_PER_MONTH,
    "month": 1.0,
    "year": None,  # divided by the months of the year's pay
}
MIN_MONTHLY = 100.0
"""Below this a monthly figure is not a salary but a missing unit (15-25/月)."""
MAX_MONTHLY = 5_000_000.0
"""Above this a monthly figure is a typo or a different kind of number."""

SALARY_COLUMN_NAMES = (
    "薪资", "薪水", "月薪", "工资", "salary", "薪酬", "薪资待遇", "薪资范围", "工资待遇", "薪资水平",
    "pay", "wage", "job_salary", "salary_range",
)  # fmt: skip
"""Column names ``score_frame`` / ``score_csv`` look for when no salary column is given."""

SALARY_SCHEMA: dict[str, str] = {
    "salary_min_monthly": "float",
    "salary_max_monthly": "float",
    "salary_months": "int",
    "salary_period": "string",
    "salary_negotiable": "bool",
    "salary_error": "string",
}
"""The salary result columns and their kinds (as in ``opsmatch.results.result_schema``)."""
SALARY_COLUMNS = tuple(SALARY_SCHEMA)


@dataclass(frozen=True)
class Salary:
    """A salary read from a board's string, per month in CNY.

    ``min_monthly`` / ``max_monthly`` are ``None`` for an open end (1万以上 has no maximum)
    and both ``None`` for 面议; ``months`` is the months of pay a year (·14薪 → 14, else 12);
    ``period`` is what the figure was quoted per (``"hour"``, ``"day"``, ``"week"``,
    ``"month"``, ``"year"``; ``None`` when no figure is given); ``raw`` is the input.

    >>> Salary("10-15万/年", 8333.33, 12500.0, 12, "year").mid_monthly
    10416.665
    """

    raw: str
    min_monthly: float | None
    max_monthly: float | None
    months: int = 12
    period: str | None = "month"
    negotiable: bool = False

    @property
    def mid_monthly(self) -> float | None:
        """The middle of the range, or its one end when the other is open; ``None`` for 面议."""
        lo, hi = self.min_monthly, self.max_monthly
        if lo is not None and hi is not None:
            return (lo + hi) / 2
        return lo if lo is not None else hi

    @property
    def annual(self) -> float | None:
        """``mid_monthly × months``: the yearly pay the string promises (``None`` for 面议)."""
        mid = self.mid_monthly
        return None if mid is None else mid * self.months


class SalaryError(ValueError):
    """A salary string opsmatch cannot read; ``.reason`` says why, ``.raw`` is the input.

    Raised only by ``parse_salary(value, errors="raise")``; batches get ``None`` and the reason.
    """

    def __init__(self, raw: object, reason: str) -> None:
        super().__init__(f"cannot read salary {raw!r}: {reason}")
        self.raw = raw
        self.reason = reason


# -- the grammar --------------------------------------------------------------------------
_NEGOTIABLE = re.compile(r"(?:薪资|薪酬|工资|待遇|薪水)?(?:面议|面谈|保密|商议|可议|negotiable)")
_FOREIGN = re.compile(r"\$|usd|us\$|美元|美金|港币|港元|hkd|欧元|€|eur|£|英镑|gbp|日元|円|jpy|新台币|ntd|twd")
_MONTHS = re.compile(r"[·•*×x/,，+]?(?:年底)?(\d{1,2})薪")
_PREFIX_PERIOD = {"年薪": "year", "月薪": "month", "日薪": "day", "时薪": "hour", "周薪": "week"}
_SUFFIX_PERIOD = {
    "year": r"/年|每年|一年|/year|/yr|/annum|per year|/a",
    "month": r"/月|每月|一个月|个月|/month|/mo|per month|/m",
    "day": r"/天|/日|每天|每日|一天|/day|per day|/d",
    "hour": r"/小时|/时|每小时|一小时|/hour|/hr|/h|per hour",
    "week": r"/周|/星期|每周|一周|/week|/wk|per week|/w",
}
_PERIOD_RE = re.compile(
    "|".join(
        [f"(?P<p_{p}>{alts})" for p, alts in _SUFFIX_PERIOD.items()]
        + [f"(?P<q_{_PREFIX_PERIOD[w]}>{w})" for w in _PREFIX_PERIOD]
    )
)
_BASE = re.compile(r"\+?(?:提成|绩效|奖金|分红|补贴|佣金)+$")  # base pay + commission tail
_NOISE = re.compile(r"税前|税后|基本工资|底薪|综合|固定|大约|约|薪资|薪酬|工资|待遇|薪水|人民币|rmb|cny|¥|:")
_BRACKETS = re.compile(r"[(\[（【][^()\[\]（）【】\d]*[)\]）】]")  # a note without digits: (税前), （包住）
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CHINESE_NUMERAL = re.compile(r"[一二两三四五六七八九十百千万]{2,}|[一二两三四五六七八九十百]")
_AMOUNT = r"(\d+(?:\.\d+)?)([kw千万]?)(?:元|块|rmb)?"
_SEP = r"(?:-{1,2}|~|至|到|—{1,2}|–|―|‐|‑|‒|−|〜|～)"
_OPEN = r"(以上|及以上|或以上|以上均可|起|起步|\+|以下|以内|及以下|左右|上下)?"
_CORE = re.compile(rf"{_AMOUNT}(?:{_SEP}{_AMOUNT})?{_OPEN}")
_UNIT = {"": 1.0, "k": 1_000.0, "千": 1_000.0, "w": 10_000.0, "万": 10_000.0}


_TAG = re.compile(r"<[^<>]{1,60}>")  # HTML tags of an export: <b>10k</b>


def _norm(raw: str) -> str:
    s = unicodedata.normalize("NFKC", _TAG.sub("", html.unescape(raw) if "&" in raw else raw)).lower()
    return re.sub(r"\s+", "", s)


def _amounts(lo_num: str, lo_unit: str, hi_num: str | None, hi_unit: str | None) -> tuple[float, float | None]:
    """The two ends in yuan. A bare end below 1,000 takes the other end's unit when that keeps
    the range in order (1.5-2万, 15k-25); a bare 1,000 or more is yuan already (8000-1.2万)."""
    lo = float(lo_num)
    if hi_num is None:
        return lo * _UNIT[lo_unit], None
    hi = float(hi_num)
    hi_unit = hi_unit or ""
    if not lo_unit and hi_unit and lo < 1000 and lo <= hi:
        lo_unit = hi_unit
    if lo_unit and not hi_unit and hi < 1000 and lo <= hi:
        hi_unit = lo_unit
    return lo * _UNIT[lo_unit], hi * _UNIT[hi_unit]


def _find_period(s: str) -> tuple[str | None, str, str | None]:
    """(period or None, ``s`` without the period words, a conflict reason or None)."""
    found = {m.lastgroup[2:] for m in _PERIOD_RE.finditer(s) if m.lastgroup}
    if len(found) > 1:
        return None, s, f"more than one period ({', '.join(sorted(found))})"
    return (found.pop() if found else None), _PERIOD_RE.sub("", s), None


@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> Salary | str:
    """A ``Salary`` or the reason there is none (cached: salary columns repeat a lot)."""
    s = _norm(raw)
    if not s:
        return "empty"
    if _FOREIGN.search(s):
        return f"not in CNY: {raw.strip()}"
    negotiable = bool(_NEGOTIABLE.search(s))
    s = _NEGOTIABLE.sub("", s)
    s = _BRACKETS.sub("", s)
    months = 12
    m = _MONTHS.search(s)
    if m:
        months = int(m.group(1))
        if not 12 <= months <= 24:
            return f"{months}薪 is not a number of months of pay (12-24)"
        s = s[: m.start()] + s[m.end() :]
    period, s, conflict = _find_period(s)
    if conflict:
        return conflict
    base = bool(_BASE.search(s))
    s = _BASE.sub("", s)
    s = _THOUSANDS.sub("", _NOISE.sub("", s)).strip("/,，;；。.、 ")
    if not s:
        if negotiable:
            return Salary(raw, None, None, months, None, True)
        return f"no amount: {raw.strip()}"
    if not any(c.isdigit() for c in s):
        if _CHINESE_NUMERAL.search(s):
            return f"amount in Chinese numerals: {raw.strip()}"
        return f"no amount: {raw.strip()}"
    core = _CORE.fullmatch(s)
    if core is None:
        return f"unrecognised text: {raw.strip()}"
    lo_num, lo_unit, hi_num, hi_unit, open_end = core.groups()
    lo, hi = _amounts(lo_num, lo_unit, hi_num, hi_unit)
    if hi is None:
        if open_end in {"以上", "及以上", "或以上", "以上均可", "起", "起步", "+"} or base:
            lo_v, hi_v = lo, None
        elif open_end in {"以下", "以内", "及以下"}:
            lo_v, hi_v = None, lo
        else:
            lo_v, hi_v = lo, lo
    else:
        if open_end and open_end not in {"左右", "上下"}:
            return f"a range with an open end ({open_end}): {raw.strip()}"
        if lo > hi:
            return f"minimum above maximum: {raw.strip()}"
        lo_v, hi_v = lo, hi
    if period is None:
        biggest = max(v for v in (lo_v, hi_v) if v is not None)
        wan = "万" in (lo_unit, hi_unit) or "w" in (lo_unit, hi_unit)
        period = "year" if wan and biggest >= 100_000 else "month"
    factor = _PER_MONTH[period]
    per_month = (1.0 / months) if factor is None else factor
    lo_m = None if lo_v is None else round(lo_v * per_month, 2)
    hi_m = None if hi_v is None else round(hi_v * per_month, 2)
    top = max(v for v in (lo_m, hi_m) if v is not None)
    low = min(v for v in (lo_m, hi_m) if v is not None)
    if low <= 0:
        return f"not a positive amount: {raw.strip()}"
    if top < MIN_MONTHLY:
        return f"implausibly low ({top:g} CNY a month): a unit (k, 千, 万) missing? {raw.strip()}"
    if top > MAX_MONTHLY:
        return f"implausibly high ({top:,.0f} CNY a month): {raw.strip()}"
    return Salary(raw, lo_m, hi_m, months, period, negotiable)


def _is_missing(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pd = sys.modules.get("pandas")  # pandas.NA, without importing pandas for it
    return pd is not None and value is pd.NA


def _parse_any(value: object) -> Salary | str:
    if _is_missing(value):
        return "missing"
    if isinstance(value, bool):
        return f"not a salary: {type(value).__name__}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return "missing"
        if number <= 0 or math.isinf(number):
            return f"not a positive amount: {value!r}"
        return _parse_text(f"{number:.2f}".rstrip("0").rstrip("."))
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return "bytes that are not UTF-8"
    if not isinstance(value, str):
        return f"not a salary: {type(value).__name__}"
    if len(value) > 200:
        return f"too long for a salary ({len(value)} characters)"
    return _parse_text(value)


def parse_salary(value: object, *, errors: Literal["coerce", "raise"] = "coerce") -> Salary | None:
    """Read a salary cell (str, number, bytes, None, NaN) into a ``Salary``, or ``None``.

    ``errors="coerce"`` (the default, for batches) returns ``None`` for anything it cannot
    read — ``explain_salary`` says why; ``errors="raise"`` raises ``SalaryError`` instead.
    Numbers are yuan per month.

    >>> parse_salary("1.5-2万/月").max_monthly, parse_salary("5千-1.2万").min_monthly
    (20000.0, 5000.0)
    >>> parse_salary("10k以上").max_monthly is None, parse_salary("年薪30万").min_monthly
    (True, 25000.0)
    >>> parse_salary("15-25", errors="raise")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    opsmatch.salary.SalaryError: cannot read salary '15-25': implausibly low (25 CNY a month): a unit (k, 千, 万) missing? 15-25
    """
    result = _parse_any(value)
    if isinstance(result, Salary):
        return result
    if errors == "raise":
        raise SalaryError(value, result)
    return None


def explain_salary(value: object) -> str | None:
    """Why ``parse_salary(value)`` is ``None`` (one line), or ``None`` when it reads.

    >>> explain_salary("15k-10k"), explain_salary("15k-25k")
    ('minimum above maximum: 15k-10k', None)
    """
    result = _parse_any(value)
    return None if isinstance(result, Salary) else result


# -- columns ------------------------------------------------------------------------------
_EMPTY: tuple[None, ...] = (None,) * len(SALARY_SCHEMA)


def salary_values(value: object) -> list[Any]:
    """The salary result columns for one cell, in ``SALARY_COLUMNS`` order.

    An empty or missing cell gives nothing (no error: there was no salary to read); a cell
    that cannot be read gives its reason in ``salary_error``.

    >>> salary_values("8000/月")
    [8000.0, 8000.0, 12, 'month', False, None]
    >>> salary_values("")[-1] is None, salary_values("abc")[-1]
    (True, 'no amount: abc')
    """
    parsed = parse_salary(value)
    if parsed is not None:
        return [parsed.min_monthly, parsed.max_monthly, parsed.months, parsed.period, parsed.negotiable, None]
    reason = _parse_any(value)
    if reason in {"missing", "empty"}:
        return list(_EMPTY)
    return [*_EMPTY[:-1], reason]


_PANDAS_DTYPE = {"string": "object", "float": "float64", "int": "Int64", "bool": "boolean"}


def salary_frame(values: Iterable[object], index: Any = None) -> pd.DataFrame:
    """A DataFrame of the salary result columns for many cells (dtypes as in ``score_frame``).

    >>> salary_frame(["15-25K·13薪", "面议", None])["salary_months"].tolist()
    [13, 12, <NA>]
    """
    import pandas as pd

    rows = [salary_values(v) for v in values]
    columns = list(zip(*rows)) if rows else [() for _ in SALARY_COLUMNS]
    typed: pd.DataFrame = pd.DataFrame(
        {
            name: pd.Series(list(col), index=index, dtype=_PANDAS_DTYPE[kind])
            for (name, kind), col in zip(SALARY_SCHEMA.items(), columns)
        },
        index=index,
    )
    return typed
