"""Summaries of scored postings: per sub-type, how many, and how often each competency is asked.

``summarize(scored)`` reads a frame from ``score_frame`` / ``score_csv`` (any lexicon: the
competencies are those whose ``<id>_score`` and ``<id>_evidence`` columns it holds) and finds
its OWN result columns even when your input had columns of the same names (they are then all
prefixed ``opsmatch_``). ``format_summary`` lays it out for a terminal, Chinese labels aligned.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from opsmatch.taxonomy import COMPETENCIES, FAMILIES, SUBTYPES

__all__ = ["ResultColumns", "find_result_columns", "format_summary", "summarize"]

_PREFIX = re.compile(r"^(opsmatch\d*_)")
_NONE = "(none)"


class ResultColumns:
    """Where a scored frame keeps opsmatch's result columns: their common prefix and the competencies."""

    def __init__(self, prefix: str, competencies: list[str]) -> None:
        self.prefix = prefix
        self.competencies = competencies

    def __getitem__(self, name: str) -> str:
        return self.prefix + name


def _prefix_rank(prefix: str) -> int:
    if not prefix:
        return 0
    digits = prefix[len("opsmatch") : -1]
    return int(digits) if digits else 1


def find_result_columns(columns: Sequence[Hashable]) -> ResultColumns:
    """The result columns of a scored frame: the LAST set appended (``opsmatch_`` … wins over none).

    >>> find_result_columns(["error", "opsmatch_subtype", "opsmatch_error", "opsmatch_a_score", "opsmatch_a_evidence"]).prefix
    'opsmatch_'
    """
    names = {str(c) for c in columns}
    prefixes = {""} | {m.group(1) for c in names if (m := _PREFIX.match(c))}
    for prefix in sorted(prefixes, key=_prefix_rank, reverse=True):
        if {prefix + "subtype", prefix + "error"} <= names:
            cids = [
                c[len(prefix) : -len("_score")]
                for c in map(str, columns)
                if c.startswith(prefix) and c.endswith("_score") and c[: -len("_score")] + "_evidence" in names
            ]
            return ResultColumns(prefix, cids)
    raise ValueError("not a scored frame (see opsmatch.score_frame): no `subtype` and `error` result columns")


def summarize(
    scored: pd.DataFrame,
    *,
    top: int = 5,
    stat: str = "share",
    labels: Mapping[str, str] | None = None,
    by: str = "subtype",
) -> pd.DataFrame:
    """Per sub-type (indexed by its id, operations first, then ``other``): postings, their share,
    per competency the share of postings asking for it (``stat="mean"``: the mean score), and the
    most frequent evidence terms. Rows with an error are left out. ``by="family"`` groups by the
    six families of sub-types instead (``opsmatch.FAMILIES``), with a ``family_label`` column.

    Column names say which figure they hold: ``<id>_share`` or ``<id>_mean``. ``labels`` maps
    competency ids to labels (Chinese ones by default) for ``format_summary``.

    >>> import opsmatch, pandas as pd
    >>> scored = opsmatch.score_frame(pd.DataFrame({"jd": ["熟练使用SQL，负责社群运营", None]}), "jd", progress=False)
    >>> summarize(scored)[["postings", "data_analysis_share"]].to_dict("index")  # doctest: +ELLIPSIS
    {'...': {'postings': 1, 'data_analysis_share': 1.0}}
    """
    if stat not in ("share", "mean"):
        raise ValueError(f"stat must be 'share' or 'mean', not {stat!r}")
    if by not in ("subtype", "family"):
        raise ValueError(f"by must be 'subtype' or 'family', not {by!r}")
    known_labels = SUBTYPES if by == "subtype" else FAMILIES
    cols = find_result_columns(list(scored.columns))
    ok = scored[scored[cols["error"]].isna()]
    key = ok[cols[by]].astype("object").where(ok[cols[by]].notna(), _NONE)
    label_col = cols[f"{by}_label"]
    rows: dict[str, dict[str, Any]] = {}
    for sid, group in ok.groupby(key, sort=False):
        label = group[label_col].dropna() if label_col in group else pd.Series(dtype=object)
        row: dict[str, Any] = {
            f"{by}_label": str(label.iloc[0]) if len(label) else known_labels.get(str(sid), ""),
            "postings": len(group),
            "posting_share": len(group) / max(len(ok), 1),
        }
        terms: Counter[str] = Counter()
        for cid in cols.competencies:
            scores = group[cols[f"{cid}_score"]].astype("float64").fillna(0.0)
            row[f"{cid}_{stat}"] = float((scores > 0).mean() if stat == "share" else scores.mean())
            for cell in group[cols[f"{cid}_evidence"]].dropna():
                terms.update(t for t in str(cell).split("、") if t)
        row["top_terms"] = "、".join(t for t, _ in terms.most_common(top))
        rows[str(sid)] = row
    order = sorted(rows, key=lambda s: (s == _NONE, s == "other", -rows[s]["postings"], s))
    columns = [f"{by}_label", "postings", "posting_share", *(f"{c}_{stat}" for c in cols.competencies), "top_terms"]
    out: pd.DataFrame = pd.DataFrame([rows[s] for s in order], index=pd.Index(order, name=by), columns=columns)
    out.attrs["stat"] = stat
    known = {**COMPETENCIES, **scored.attrs.get("opsmatch", {}).get("competencies", {}), **(labels or {})}
    out.attrs["labels"] = {c: known.get(c, c) for c in cols.competencies}
    return out


def _width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def format_summary(summary: pd.DataFrame) -> str:
    """A ``summarize`` table for a terminal: Chinese headers and labels, columns lined up.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"subtype_label": ["用户运营"], "postings": [3], "posting_share": [1.0], "top_terms": ["SQL"]},
    ...                  index=pd.Index(["user_ops"], name="subtype"))
    >>> print(format_summary(s))
    子类型             岗位数  占比  常见证据
    user_ops 用户运营       3  1.00  SQL
    """
    stat = summary.attrs.get("stat", "share")
    labels: Mapping[str, str] = summary.attrs.get("labels", {})
    suffix = f"_{stat}"
    comp_cols = [c for c in summary.columns if c.endswith(suffix) and c != "posting_share"]
    what = "占比" if stat == "share" else "均分"
    by = "family" if "family_label" in summary.columns else "subtype"
    headers = [
        "子类型" if by == "subtype" else "运营类别",
        "岗位数",
        "占比",
        *(f"{labels.get(c[: -len(suffix)], c[: -len(suffix)])}{what}" for c in comp_cols),
        "常见证据",
    ]
    body = []
    for sid, row in summary.iterrows():
        body.append(
            [f"{sid} {row[f'{by}_label']}".strip(), str(row["postings"]), f"{row['posting_share']:.2f}"]
            + [f"{row[c]:.2f}" for c in comp_cols]
            + [str(row["top_terms"])]
        )
    widths = [max(_width(r[i]) for r in [headers, *body]) for i in range(len(headers))]
    right = [False] + [True] * (len(headers) - 2) + [False]
    lines = []
    for r in [headers, *body]:
        cells = [_pad(v, w, rt) for v, w, rt in zip(r, widths, right)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
