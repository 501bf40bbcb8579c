"""Pricing competencies: the salary premium of postings that ask for each one (``opsmatch.premium``).

``premium(scored)`` compares, per competency, the median monthly salary of the postings that
ask for it (any evidence, ``<competency>_score > 0``) with the median of those that do not, and
gives the difference with a seeded bootstrap 95% interval (each group resampled with
replacement, the 2.5th and 97.5th percentiles of the difference of medians). ``by="subtype"``
(or ``"family"``, ``"seniority"``, any column) does the same within each group.
``salary_by(scored, "seniority")`` is the plain ladder: postings and median pay per rung.

The monthly salary of a posting is the middle of its range per month
(``Salary.mid_monthly``: 15-25K → 20,000; 1万以上 → 10,000), from the ``salary_min_monthly`` /
``salary_max_monthly`` columns of ``score_frame`` / ``score_csv``, or parsed on the fly from a
salary column (薪资, salary …). Postings with an ``error``, without a figure, or 面议 are left out.
These are associations on the postings you give, not causes: a competency asked mostly by
senior jobs will show a premium that is the seniority's.

>>> import pandas as pd
>>> df = pd.DataFrame({"data_analysis_score": [0.8, 0.7, 0.0, 0.0], "薪资": ["20k", "22k", "10k", "12k"]})
>>> premium(df, n_boot=200)[["competency", "n_with", "median_with", "median_without", "premium"]].to_dict("records")
[{'competency': 'data_analysis', 'n_with': 2, 'median_with': 21000.0, 'median_without': 11000.0, 'premium': 10000.0}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from opsmatch.salary import SALARY_COLUMN_NAMES, parse_salary
from opsmatch.taxonomy import COMPETENCIES

__all__ = ["monthly_salary", "premium", "result_view", "salary_by"]

_GROUP_COLUMNS = {"subtype": "subtype_label", "family": "family_label", "seniority": "seniority"}
_BATCH = 250  # bootstrap resamples drawn at a time (memory stays ~n × 250 integers)


def result_view(scored: pd.DataFrame) -> pd.DataFrame:
    """``scored`` with each result column under its own name: where the input had a column of the
    same name, scoring wrote ours as ``opsmatch_<name>``; the view uses ours and drops theirs.

    >>> list(result_view(pd.DataFrame({"subtype": ["mine"], "opsmatch_subtype": ["user_ops"]})).columns)
    ['subtype']
    """
    from opsmatch.results import result_columns

    moved = {f"opsmatch_{c}": c for c in result_columns() if f"opsmatch_{c}" in scored.columns}
    if not moved:
        return scored
    view: pd.DataFrame = scored.drop(columns=[c for c in moved.values() if c in scored.columns]).rename(columns=moved)
    return view


def _find(columns: Sequence[Any], names: Sequence[str]) -> Any | None:
    norm = {str(c).strip().lower().replace("_", "").replace(" ", ""): c for c in reversed(list(columns))}
    for name in names:
        hit = norm.get(name.lower().replace("_", "").replace(" ", ""))
        if hit is not None:
            return hit
    return None


def monthly_salary(scored: pd.DataFrame, salary_col: Any = None) -> pd.Series:
    """The monthly salary (CNY, middle of the range) of each row, NaN where there is none.

    From ``salary_min_monthly`` / ``salary_max_monthly`` when present, else by parsing
    ``salary_col`` (default: a column named like 薪资 / salary).

    >>> monthly_salary(pd.DataFrame({"salary": ["15-25K", "面议", None]})).tolist()
    [20000.0, nan, nan]
    """
    if salary_col is None and {"salary_min_monthly", "salary_max_monthly"} <= set(scored.columns):
        lo = pd.to_numeric(scored["salary_min_monthly"], errors="coerce").astype("float64")
        hi = pd.to_numeric(scored["salary_max_monthly"], errors="coerce").astype("float64")
        out: pd.Series = pd.concat([lo, hi], axis=1).mean(axis=1, skipna=True).rename("salary_monthly")
        return out
    col = salary_col if salary_col is not None else _find(list(scored.columns), SALARY_COLUMN_NAMES)
    if col is None or col not in scored.columns:
        raise KeyError(
            "no salary: expected salary_min_monthly / salary_max_monthly (score with a salary column) "
            f"or a column named like {', '.join(SALARY_COLUMN_NAMES[:5])}; its columns are {list(scored.columns)}"
        )
    mids = []
    for value in scored[col].tolist():
        s = parse_salary(value)
        mid = None if s is None else s.mid_monthly
        mids.append(np.nan if mid is None else mid)
    parsed: pd.Series = pd.Series(mids, index=scored.index, dtype="float64", name="salary_monthly")
    return parsed


def _usable(scored: pd.DataFrame) -> pd.Series:
    if "error" not in scored.columns:
        everything: pd.Series = pd.Series(True, index=scored.index)
        return everything
    err = scored["error"]
    ok: pd.Series = err.isna() | (err.astype("string").fillna("") == "")
    return ok


def _bootstrap(a: np.ndarray, b: np.ndarray, n_boot: int, rng: np.random.Generator) -> tuple[float, float]:
    """95% percentile interval of median(a) - median(b), each resampled with replacement."""
    diffs = np.empty(n_boot, dtype=np.float64)
    for start in range(0, n_boot, _BATCH):
        k = min(_BATCH, n_boot - start)
        ma = np.median(a[rng.integers(0, len(a), size=(k, len(a)))], axis=1)
        mb = np.median(b[rng.integers(0, len(b), size=(k, len(b)))], axis=1)
        diffs[start : start + k] = ma - mb
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(low), float(high)


def _rows(
    pay: pd.Series, asks: Mapping[str, pd.Series], n_boot: int, rng: np.random.Generator, min_count: int
) -> list[dict[str, Any]]:
    rows = []
    for cid, ask in asks.items():
        with_ = pay[ask].to_numpy(dtype=np.float64)
        without = pay[~ask].to_numpy(dtype=np.float64)
        row: dict[str, Any] = {
            "competency": cid,
            "label": COMPETENCIES.get(cid, cid),
            "n_with": len(with_),
            "n_without": len(without),
            "median_with": float(np.median(with_)) if len(with_) else np.nan,
            "median_without": float(np.median(without)) if len(without) else np.nan,
        }
        row["premium"] = row["median_with"] - row["median_without"]
        row["premium_pct"] = row["premium"] / row["median_without"] if row["median_without"] else np.nan
        if len(with_) >= min_count and len(without) >= min_count:
            row["ci_low"], row["ci_high"] = _bootstrap(with_, without, n_boot, rng)
        else:
            row["ci_low"] = row["ci_high"] = np.nan
        rows.append(row)
    return rows


def premium(
    scored: pd.DataFrame,
    by: str = "competency",
    *,
    salary_col: Any = None,
    n_boot: int = 2000,
    seed: int = 0,
    min_count: int = 5,
    competencies: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Median monthly salary of postings asking for each competency vs not, with a bootstrap 95% CI.

    ``scored`` is the output of ``score_frame`` / ``score_csv`` (``<competency>_score`` columns).
    ``by="competency"``: one row per competency over all postings; ``by="subtype"``,
    ``"family"``, ``"seniority"`` (or any column name): one row per group and competency,
    compared within the group. Columns: ``competency``, ``label``, [``group``], ``n_with``,
    ``n_without``, ``median_with``, ``median_without``, ``premium`` (the difference, CNY a month),
    ``premium_pct`` (of ``median_without``), ``ci_low``, ``ci_high`` (NaN when either side has
    fewer than ``min_count`` postings). Result columns renamed ``opsmatch_<name>`` (the input had
    a column of that name) are used under their own name. The interval is seeded: the same input gives the same table.
    ``competencies`` lists the ids to price (default: the five built-in ones; pass your own
    lexicon's ids to price them).
    """
    scored = result_view(scored)
    pay = monthly_salary(scored, salary_col)
    keep = _usable(scored) & pay.notna()
    ids = COMPETENCIES if competencies is None else competencies
    found = [c for c in ids if f"{c}_score" in scored.columns]
    if not found:
        raise KeyError("no <competency>_score columns: pass the output of score_frame / score_csv")
    data = scored[keep]
    pay = pay[keep]
    asks = {c: pd.to_numeric(data[f"{c}_score"], errors="coerce").fillna(0).to_numpy() > 0 for c in found}
    rng = np.random.default_rng(seed)
    columns = ["competency", "label", "n_with", "n_without", "median_with", "median_without"]
    columns += ["premium", "premium_pct", "ci_low", "ci_high"]
    if by == "competency":
        series = {c: pd.Series(a, index=data.index) for c, a in asks.items()}
        table: pd.DataFrame = pd.DataFrame(_rows(pay, series, n_boot, rng, min_count), columns=columns)
        return table
    group_col = _GROUP_COLUMNS.get(by, by)
    if group_col not in data.columns:
        raise KeyError(f"cannot group by {by!r}: no column {group_col!r}; its columns are {list(scored.columns)}")
    rows = []
    groups = data[group_col].astype("object").where(data[group_col].notna(), None)
    for value in groups.dropna().value_counts().index:  # the largest groups first
        inside = (groups == value).to_numpy()
        series = {c: pd.Series(a[inside], index=data.index[inside]) for c, a in asks.items()}
        for row in _rows(pay[inside], series, n_boot, rng, min_count):
            rows.append({"group": value, **row})
    out: pd.DataFrame = pd.DataFrame(rows, columns=["group", *columns])
    return out


def salary_by(scored: pd.DataFrame, by: str = "seniority", *, salary_col: Any = None) -> pd.DataFrame:
    """Postings, postings with a salary, and the median / quartiles of monthly pay per group.

    ``by="seniority"`` gives the ladder in its order (实习 … VP); other groups by size.

    >>> df = pd.DataFrame({"seniority": ["intern", "senior", "senior"], "salary": ["150元/天", "25k", "35k"]})
    >>> salary_by(df)[["seniority", "postings", "median"]].values.tolist()
    [['intern', 1, 3262.5], ['senior', 2, 30000.0]]
    """
    from opsmatch.profile import SENIORITY

    scored = result_view(scored)
    group_col = _GROUP_COLUMNS.get(by, by)
    if group_col not in scored.columns:
        raise KeyError(f"cannot group by {by!r}: no column {group_col!r}")
    pay = monthly_salary(scored, salary_col)
    ok = _usable(scored)
    data = pd.DataFrame({"group": scored[group_col], "pay": pay})[ok & scored[group_col].notna()]
    rows = []
    for value, g in data.groupby("group", sort=False):
        p = g["pay"].dropna()
        rows.append(
            {
                by: value,
                "postings": len(g),
                "with_salary": len(p),
                "median": float(p.median()) if len(p) else np.nan,
                "q25": float(p.quantile(0.25)) if len(p) else np.nan,
                "q75": float(p.quantile(0.75)) if len(p) else np.nan,
            }
        )
    out: pd.DataFrame = pd.DataFrame(rows, columns=[by, "postings", "with_salary", "median", "q25", "q75"])
    if by == "seniority":
        order = {k: i for i, k in enumerate(SENIORITY)}
        out = out.sort_values(by, key=lambda s: s.map(lambda v: order.get(v, len(order))), ignore_index=True)
    else:
        out = out.sort_values("postings", ascending=False, kind="stable", ignore_index=True)
    return out
