"""One self-contained HTML page about a scored file, for readers without Jupyter.

``opsmatch report SCORED.csv -o report.html`` (or ``write_report``) reads the output of
``opsmatch score`` and writes a page with: counts, the family and sub-type mix, the sub-type ×
competency heatmap, the top evidence terms per competency, the salary premium and the
seniority ladder when the file has them, and a few example postings with their evidence
highlighted (``opsmatch.display``). No network and no scripts: inline CSS, SVG charts, a CJK
font stack, and a Content-Security-Policy that forbids anything else. Every piece of text from
the data is escaped.

>>> import pandas as pd
>>> page = render_report(pd.DataFrame({"subtype_label": ["<script>x</script>"], "data_analysis_score": [0.5]}), examples=0)
>>> "<script>x" in page, "&lt;script&gt;x" in page
(False, True)
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from opsmatch._version import __version__
from opsmatch.display import COMPETENCY_COLORS, _esc, _tint, to_html
from opsmatch.errors import InputError
from opsmatch.profile import EDUCATION, SENIORITY
from opsmatch.results import EVIDENCE_SEPARATOR, result_schema
from opsmatch.taxonomy import COMPETENCIES, FAMILIES

if TYPE_CHECKING:
    from opsmatch.analyzer import Analyzer

__all__ = ["load_scored", "render_report", "write_report"]

_DATA = Path(__file__).resolve().parent / "data"
_FAMILY_COLORS = {
    "content_media": "#B07AA1",
    "users_community": "#F28E2B",
    "product_data": "#4E79A7",
    "promotion_traffic": "#59A14F",
    "ecommerce": "#EDC948",
    "other": "#9C9C9C",
}


# -- reading ------------------------------------------------------------------------------
def load_scored(path: str | Path) -> pd.DataFrame:
    """A scored file (CSV from ``opsmatch score``, or Parquet) with its result columns typed.

    Raises ``InputError`` (one line) when the file cannot be read or was not scored.
    """
    name = str(path)
    try:
        if name.lower().endswith(".parquet"):
            df = pd.read_parquet(path)
        else:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(
            f"{name}: cannot be read ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
        ) from exc
    if not any(str(c).endswith("_score") for c in df.columns):
        raise InputError(
            f"{name}: has no <competency>_score columns — score it first: opsmatch score {name} -o scored.csv"
        )
    return _typed(df)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    from opsmatch.pricing import result_view

    out: pd.DataFrame = result_view(df).copy()
    for col, kind in result_schema().items():
        if col not in out.columns:
            continue
        if kind in {"float", "int"}:
            out[col] = pd.to_numeric(out[col].replace("", np.nan), errors="coerce")
        elif kind == "bool":
            text = out[col].astype("string").str.strip().str.lower()
            out[col] = text.map({"true": True, "1": True, "false": False, "0": False}).astype("boolean")
        else:
            out[col] = out[col].astype("object").where(out[col].astype("string").fillna("") != "", None)
    return out


# -- small pieces -------------------------------------------------------------------------
def _fmt_int(v: float) -> str:
    return f"{round(v):,}"


def _fmt_money(v: float | None) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "—"
    return f"{v:,.0f}"


def _signed(v: float) -> str:
    if np.isnan(v):
        return "—"
    cls = "pos" if v > 0 else "neg" if v < 0 else "dim"
    return f'<span class="{cls}">{v:+,.0f}</span>'


def _section(anchor: str, title: str, note: str, body: str) -> str:
    note_html = f'<p class="note">{note}</p>' if note else ""
    return f'<section id="{anchor}"><h2>{title}</h2>{note_html}{body}</section>'


def _card(heading: str, body: str) -> str:
    """A bordered card with a heading (HTML already escaped)."""
    return f'<div class="card"><h3>{heading}</h3>{body}</div>'


def _cards(anchor: str, title: str, note: str, cards: list[str], grid: str = "grid2") -> str:
    """A section of cards, or nothing when there are none."""
    return _section(anchor, title, note, f'<div class="{grid}">{"".join(cards)}</div>') if cards else ""


def _hbars(
    items: Sequence[tuple[str, float]], color: str | Sequence[str], total: float | None = None, width: int = 520
) -> str:
    """Horizontal bars with a label, the count and (with ``total``) the share; SVG."""
    if not items:
        return '<p class="note">—</p>'
    colors = [color] * len(items) if isinstance(color, str) else list(color)
    label_w, row = 150, 24
    bar_w = width - label_w - 90
    top = max(v for _, v in items) or 1.0
    height = row * len(items) + 6
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for i, ((label, value), c) in enumerate(zip(items, colors)):
        y = 3 + i * row
        w = max(1.0, bar_w * value / top)
        share = f" · {value / total:.0%}" if total else ""
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1F2328">{_esc(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="2" fill="{c}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 16}" font-size="12" fill="#57606A">{_fmt_int(value)}{share}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _heatmap(rows: Sequence[tuple[str, int]], cols: Sequence[tuple[str, str]], shares: np.ndarray) -> str:
    """Sub-type × competency: the share of postings asking for each competency; SVG."""
    label_w, head_h, cw, rh = 130, 46, 104, 26
    width = label_w + cw * len(cols) + 60
    height = head_h + rh * len(rows) + 4
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for j, (_, label) in enumerate(cols):
        x = label_w + j * cw + cw / 2
        parts.append(
            f'<text x="{x:.0f}" y="{head_h - 12}" text-anchor="middle" font-size="13" fill="#1F2328">{_esc(label)}</text>'
        )
    parts.append(f'<text x="{label_w + cw * len(cols) + 6}" y="{head_h - 12}" font-size="12" fill="#57606A">n</text>')
    for i, (label, n) in enumerate(rows):
        y = head_h + i * rh
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="13" fill="#1F2328">{_esc(label)}</text>'
        )
        for j, (cid, _) in enumerate(cols):
            v = float(shares[i, j])
            base = COMPETENCY_COLORS.get(cid, "#4E79A7")
            fill = _tint(base, 0.08 + 0.92 * v) if not np.isnan(v) else "#FFFFFF"
            ink = "#FFFFFF" if v >= 0.55 else "#1F2328"
            x = label_w + j * cw
            parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cw - 2}" height="{rh - 2}" fill="{fill}"/>'
                f'<text x="{x + cw / 2:.0f}" y="{y + 17}" text-anchor="middle" font-size="12" fill="{ink}">{v:.0%}</text>'
            )
        parts.append(
            f'<text x="{label_w + cw * len(cols) + 6}" y="{y + 17}" font-size="12" fill="#57606A">{_fmt_int(n)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``df`` as plain dicts (column name -> value)."""
    return [{str(k): v for k, v in row.items()} for row in df.to_dict("records")]


def _forest(table: pd.DataFrame, width: int = 760) -> str:
    """The premium of each competency with its 95% interval, around a zero line; SVG."""
    rows = [r for r in _records(table) if not np.isnan(r["premium"])]
    if not rows:
        return ""
    label_w, rh = 130, 26
    plot_w = width - label_w - 20
    ends = [float(r[k]) for r in rows for k in ("premium", "ci_low", "ci_high") if not np.isnan(r[k])] + [0.0]
    lo, hi = min(ends), max(ends)
    span = (hi - lo) or 1.0
    lo, hi = lo - 0.05 * span, hi + 0.05 * span

    def x(v: float) -> float:
        return label_w + plot_w * (v - lo) / (hi - lo)

    height = rh * len(rows) + 30
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    parts.append(
        f'<line x1="{x(0):.1f}" y1="0" x2="{x(0):.1f}" y2="{rh * len(rows)}" stroke="#8C8C8C" stroke-dasharray="3,3"/>'
    )
    for i, r in enumerate(rows):
        y = i * rh + rh / 2
        color = COMPETENCY_COLORS.get(str(r["competency"]), "#4E79A7")
        label = _esc(str(r["label"]))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 4:.0f}" text-anchor="end" font-size="13" fill="#1F2328">{label}</text>'
        )
        if not np.isnan(r["ci_low"]):
            x1, x2 = x(float(r["ci_low"])), x(float(r["ci_high"]))
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y:.0f}" x2="{x2:.1f}" y2="{y:.0f}" stroke="{color}" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{x(float(r["premium"])):.1f}" cy="{y:.0f}" r="5" fill="{color}"/>')
    axis_y = rh * len(rows) + 18
    for v in _ticks(lo, hi):
        parts.append(
            f'<text x="{x(v):.1f}" y="{axis_y}" text-anchor="middle" font-size="11" fill="#57606A">{v:+,.0f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round axis ticks (1, 2 or 5 × 10^k apart) inside [lo, hi].

    >>> _ticks(-3543, 6043)
    [-2000.0, 0.0, 2000.0, 4000.0, 6000.0]
    """
    raw = (hi - lo) / target
    if raw <= 0:
        return [lo]
    mag = 10 ** np.floor(np.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    start = np.ceil(lo / step) * step
    return [float(v) + 0.0 for v in np.arange(start, hi + step / 2, step) if lo <= v <= hi]  # + 0.0: no "-0"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table; cells are HTML already (escape data before)."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# -- sections -----------------------------------------------------------------------------
def _competencies(df: pd.DataFrame) -> list[str]:
    return [c for c in COMPETENCIES if f"{c}_score" in df.columns]


def _asks(df: pd.DataFrame, cid: str) -> pd.Series:
    asks: pd.Series = pd.to_numeric(df[f"{cid}_score"], errors="coerce").fillna(0) > 0
    return asks


def _overview(df: pd.DataFrame, ok: pd.DataFrame, pay: pd.Series | None) -> str:
    kpis = [("岗位 postings", _fmt_int(len(df))), ("已分析 analysed", _fmt_int(len(ok)))]
    if len(df) - len(ok):
        kpis.append(("无法分析 with an error", _fmt_int(len(df) - len(ok))))
    if "is_operations" in ok.columns and ok["is_operations"].notna().any():
        kpis.append(("运营岗 operations", f"{ok['is_operations'].fillna(False).astype(bool).mean():.0%}"))
    if pay is not None and pay.notna().any():
        kpis.append(("有薪资 with a salary", _fmt_int(pay.notna().sum())))
        kpis.append(("月薪中位数 median / month", _fmt_money(float(pay.median()))))
    cards = "".join(f'<div class="kpi"><div class="v">{v}</div><div class="k">{k}</div></div>' for k, v in kpis)
    return _section("overview", "概况 Overview", "", f'<div class="kpis">{cards}</div>')


def _mix(ok: pd.DataFrame) -> str:
    cards = []
    if "family" in ok.columns and ok["family"].notna().any():
        counts = ok["family"].dropna().value_counts()
        items = [(FAMILIES.get(str(k), str(k)), float(v)) for k, v in counts.items()]
        colors = [_FAMILY_COLORS.get(str(k), "#4E79A7") for k in counts.index]
        cards.append(_card("岗位族 Families", _hbars(items, colors, total=len(ok))))
    label_col = "subtype_label" if "subtype_label" in ok.columns else "subtype" if "subtype" in ok.columns else None
    if label_col is not None and ok[label_col].notna().any():
        counts = ok[label_col].dropna().value_counts()
        items = [(str(k), float(v)) for k, v in counts.items()]
        cards.append(_card("子类型 Sub-types", _hbars(items, "#4E79A7", total=len(ok))))
    note = "每个岗位的族与子类型由 opsmatch 的分类器给出 (labels from opsmatch's classifier)."
    return _cards("mix", "岗位构成 What kind of jobs", note, cards)


def _heat(ok: pd.DataFrame, comps: list[str]) -> str:
    label_col = "subtype_label" if "subtype_label" in ok.columns else "subtype" if "subtype" in ok.columns else None
    if label_col is None or not comps or ok[label_col].isna().all():
        return ""
    groups = ok[label_col].fillna("(无分类)")
    order = groups.value_counts()
    rows = [(str(k), int(v)) for k, v in order.items()]
    shares = np.array([[float(_asks(ok[groups == k], c).mean()) for c in comps] for k, _ in rows])
    cols = [(c, COMPETENCIES[c]) for c in comps]
    note = "每格: 该子类型中要求此能力的岗位占比 (share of the sub-type's postings asking for the competency)."
    return _section(
        "heatmap",
        "子类型 × 能力 Sub-type × competency",
        note,
        f'<div class="card">{_heatmap(rows, cols, shares)}</div>',
    )


def _terms(ok: pd.DataFrame, comps: list[str], top: int) -> str:
    cards = []
    for cid in comps:
        col = f"{cid}_evidence"
        if col not in ok.columns:
            continue
        counts: Counter[str] = Counter()
        for cell in ok[col].dropna():
            counts.update(t for t in dict.fromkeys(str(cell).split(EVIDENCE_SEPARATOR)) if t)
        items = [(t, float(n)) for t, n in counts.most_common(top)]
        color = COMPETENCY_COLORS.get(cid, "#4E79A7")
        cards.append(_card(_esc(COMPETENCIES[cid]), _hbars(items, color, total=len(ok), width=420)))
    note = "证据词: 岗位中证明该能力的规范词, 按出现的岗位数 (evidence terms, by postings using them)."
    return _cards("terms", "各能力的证据词 Top evidence terms", note, cards, "grid3")


def _salary(ok: pd.DataFrame, pay: pd.Series | None, n_boot: int, seed: int) -> str:
    from opsmatch.pricing import premium

    if pay is None or pay.notna().sum() < 2 or not _competencies(ok):
        return ""
    table = premium(ok, n_boot=n_boot, seed=seed)
    rows = [
        [
            _esc(str(r["label"])),
            f"{int(r['n_with']):,} / {int(r['n_without']):,}",
            _fmt_money(float(r["median_with"])),
            _fmt_money(float(r["median_without"])),
            _signed(float(r["premium"])),
            "—" if np.isnan(r["ci_low"]) else f"{float(r['ci_low']):+,.0f} … {float(r['ci_high']):+,.0f}",
        ]
        for r in _records(table)
    ]
    header = [
        "能力 competency",
        "岗位 with / without",
        "月薪中位数 要求",
        "月薪中位数 不要求",
        "溢价 premium",
        "95% 区间 (bootstrap)",
    ]
    note = (
        "月薪 = 薪资区间中点, 元/月 (monthly pay, middle of the range, CNY). 溢价 = 要求该能力的岗位与不要求的岗位的月薪中位数之差; "
        f"区间为 {n_boot:,} 次自助抽样 (seed {seed}) 的 2.5%–97.5% 分位. 是相关, 不是因果 (an association, not a cause)."
    )
    forest = _forest(table)
    body = _table(header, rows) + (
        f'<div class="card" style="margin-top:12px"><h3>溢价与 95% 区间 Premium and interval (元/月)</h3>{forest}</div>'
        if forest
        else ""
    )
    return _section("salary", "能力的薪资溢价 Salary premium", note, body)


def _ladder(ok: pd.DataFrame, pay: pd.Series | None) -> str:
    cards = []
    if "seniority" in ok.columns and ok["seniority"].notna().any():
        counts = ok["seniority"].dropna().value_counts()
        ordered = [k for k in SENIORITY if k in counts.index] + [k for k in counts.index if k not in SENIORITY]
        items = [(f"{SENIORITY.get(k, k)}", float(counts[k])) for k in ordered]
        body = _hbars(items, "#76B7B2", total=len(ok))
        if pay is not None and pay.notna().any():
            from opsmatch.pricing import salary_by

            ladder = salary_by(ok, "seniority")
            rows = [
                [_esc(SENIORITY.get(str(r["seniority"]), str(r["seniority"]))), f"{int(r['postings']):,}",
                 f"{int(r['with_salary']):,}", _fmt_money(float(r["q25"])), _fmt_money(float(r["median"])),
                 _fmt_money(float(r["q75"]))]
                for r in _records(ladder)
            ]  # fmt: skip
            body += _table(["职级 rung", "岗位", "有薪资", "P25", "中位数 median", "P75"], rows)
        cards.append(_card("职级 Seniority (title first, then text)", body))
    if "education" in ok.columns and ok["education"].notna().any():
        counts = ok["education"].dropna().value_counts()
        ordered = [k for k in EDUCATION if k in counts.index] + [k for k in counts.index if k not in EDUCATION]
        items = [(EDUCATION.get(k, str(k)), float(counts[k])) for k in ordered]
        cards.append(_card("最低学历 Minimum education", _hbars(items, "#9C755F", total=len(ok))))
    if "experience_min" in ok.columns and ok["experience_min"].notna().any():
        years = pd.to_numeric(ok["experience_min"], errors="coerce").dropna()
        bins = [(0, 0, "不限/应届 0"), (0.1, 1, "≤1 年"), (1.1, 3, "2–3 年"), (3.1, 5, "4–5 年"), (5.1, 99, "5 年以上")]
        items = [(label, float(((years >= a) & (years <= b)).sum())) for a, b, label in bins]
        cards.append(_card("最低经验 Minimum experience", _hbars(items, "#EDC948", total=len(ok))))
    note = "从标题与正文读出 (read from the title, then the text); 空白表示未说明 (blank: not stated)."
    return _cards("ladder", "职级、经验与学历 Level", note, cards)


def _pick_examples(ok: pd.DataFrame, comps: list[str], n: int) -> list[Any]:
    """Up to ``n`` rows: the richest posting (most competencies asked) of each of the commonest sub-types."""
    if n <= 0 or not comps:
        return []
    richness = sum(_asks(ok, c).astype(int) for c in comps)
    data = ok.assign(_rich=richness)
    if "is_operations" in data.columns and data["is_operations"].fillna(False).astype(bool).any():
        data = data[data["is_operations"].fillna(False).astype(bool)]
    key = data["subtype"].fillna("") if "subtype" in data.columns else pd.Series("", index=data.index)
    picked: list[Any] = []
    for sub in key.value_counts().index:
        group = data[key == sub].sort_values("_rich", ascending=False, kind="stable")
        if len(group):
            picked.append(group.index[0])
        if len(picked) >= n:
            break
    return picked


def _examples(
    df: pd.DataFrame, ok: pd.DataFrame, comps: list[str], n: int, text_col: Any, title_col: Any, analyzer: Any
) -> str:
    from opsmatch.batch import TEXT_COLUMN_NAMES, TITLE_COLUMN_NAMES, find_column

    text_name = text_col if text_col is not None else find_column(list(df.columns), TEXT_COLUMN_NAMES)
    if text_name is None or text_name not in df.columns:
        return ""
    title_name = title_col if title_col is not None else find_column(list(df.columns), TITLE_COLUMN_NAMES)
    rows = _pick_examples(ok, comps, n)
    if not rows:
        return ""
    if analyzer is None:
        from opsmatch.analyzer import default_analyzer

        analyzer = default_analyzer()
    cards = []
    for idx in rows:
        text = df.at[idx, text_name]
        title = df.at[idx, title_name] if title_name is not None and title_name in df.columns else None
        if not isinstance(text, str) or not text.strip():
            continue
        a = analyzer.analyze(text, title if isinstance(title, str) and title else None)
        cards.append(f"<div>{to_html(a, max_height='16em')}</div>")
    note = "各常见子类型中要求能力最多的岗位, 证据高亮 (the posting asking most, per common sub-type; evidence highlighted)."
    return _section("examples", "示例岗位 Example postings", note, f'<div class="examples">{"".join(cards)}</div>')


# -- the page -----------------------------------------------------------------------------
def render_report(
    scored: pd.DataFrame,
    *,
    title: str | None = None,
    source: str | None = None,
    examples: int = 4,
    text_col: Hashable | None = None,
    title_col: Hashable | None = None,
    analyzer: Analyzer | None = None,
    top_terms: int = 8,
    n_boot: int = 2000,
    seed: int = 0,
) -> str:
    """The report page as one HTML string (see the module docstring for what it shows).

    ``scored`` is the output of ``score_frame`` / ``score_csv`` (``load_scored`` reads a file).
    ``examples`` postings are re-analysed (with ``analyzer``, default the shared one) to show
    their evidence in place; 0 leaves them out.
    """
    df = _typed(scored)
    ok = df[df["error"].isna()] if "error" in df.columns else df
    comps = _competencies(ok)
    pay: pd.Series | None = None
    if {"salary_min_monthly", "salary_max_monthly"} <= set(ok.columns) and ok["salary_min_monthly"].notna().any() | ok[
        "salary_max_monthly"
    ].notna().any():
        from opsmatch.pricing import monthly_salary

        pay = monthly_salary(ok)
    content = [
        _overview(df, ok, pay),
        _mix(ok),
        _heat(ok, comps),
        _terms(ok, comps, top_terms),
        _salary(ok, pay, n_boot, seed),
        _ladder(ok, pay),
        _examples(df, ok, comps, examples, text_col, title_col, analyzer),
    ]
    page_title = title or "opsmatch 岗位分析报告"
    meta = " · ".join(
        filter(
            None,
            [f"数据 data: {_esc(source)}" if source else "", f"{len(df):,} 行 rows", f"opsmatch {_esc(__version__)}"],
        )
    )
    footer = (
        "能力 = 岗位职责、任职要求与加分项中有证据 (a competency is asked when it has evidence outside company blurbs and benefits). "
        f"生成于 {_dt.date.today().isoformat()} · opsmatch {_esc(__version__)} · 本页无脚本、不联网 (no scripts, no network)."
    )
    template = Template((_DATA / "report.html").read_text(encoding="utf-8"))
    return template.substitute(
        version=_esc(__version__),
        title=_esc(page_title),
        css=(_DATA / "report.css").read_text(encoding="utf-8"),
        meta=meta,
        content="\n".join(c for c in content if c),
        footer=footer,
    )


def write_report(src: str | Path | pd.DataFrame, dst: str | Path, **kwargs: Any) -> Path:
    """Read a scored file (or take a DataFrame) and write the report page to ``dst``, atomically."""
    if isinstance(src, pd.DataFrame):
        scored, source = src, kwargs.pop("source", None)
    else:
        scored, source = load_scored(src), kwargs.pop("source", Path(str(src)).name)
    page = render_report(scored, source=source, **kwargs)
    out = Path(dst)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a report is for sharing
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out
