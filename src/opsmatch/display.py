"""Rich display of a ``PostingAnalysis``: the posting as HTML with its evidence highlighted.

``to_html(analysis)`` is what Jupyter shows for a ``PostingAnalysis`` (its ``_repr_html_``):
the sub-type with its top probabilities, a bar per competency score, a legend, and the
posting text with every match highlighted in its competency's colour — solid underline for a
required ask, dashed for a preferred one, dotted grey for mentions in 公司介绍 / 福利 that do
not count. Hover a highlight for the canonical term and its strength.

Everything is escaped: a posting containing ``<script>`` shows as text. Overlapping matches
nest cleanly (a span inside another becomes a child of it; a span that crosses the end of an
earlier, longer one is cut where that one ends), so the HTML is always well formed. Only
inline styles are used (no ``<style>``, no scripts), so it renders the same in Jupyter,
VS Code and exported pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from opsmatch.sections import BOILERPLATE, SECTIONS
from opsmatch.taxonomy import SUBTYPES


# What the card reads of a result, as protocols: ``results`` imports this module for its
# ``_repr_html_``, so this module names the fields it needs instead of importing ``results``.
class Match(Protocol):
    """The fields of an evidence span (``opsmatch.results.Match``) that the card shows."""

    @property
    def term(self) -> str: ...
    @property
    def canonical(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def strength(self) -> str: ...


class Competency(Protocol):
    """The fields of a ``CompetencyScore`` that the card shows."""

    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def level(self) -> str: ...
    @property
    def terms(self) -> tuple[str, ...]: ...


class PostingAnalysis(Protocol):
    """The fields of a ``PostingAnalysis`` that the card shows."""

    @property
    def text(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def matches(self) -> Sequence[Match]: ...
    @property
    def competencies(self) -> Mapping[str, Competency]: ...
    @property
    def subtype(self) -> str | None: ...
    @property
    def subtype_label(self) -> str | None: ...
    @property
    def confidence(self) -> float | None: ...
    def top_subtypes(self, k: int = ...) -> list[tuple[str, float]]: ...


__all__ = ["COMPETENCY_COLORS", "ROLE_COLOR", "competency_colors", "highlight_html", "to_html"]

COMPETENCY_COLORS: dict[str, str] = {
    "data_analysis": "#4E79A7",
    "user_insight": "#F28E2B",
    "market_analysis": "#59A14F",
    "copywriting": "#B07AA1",
    "project_management": "#E15759",
}
"""The colour of each competency, shared by the HTML display and the charts."""

ROLE_COLOR = "#8C8C8C"
"""The colour of sub-type keywords (role evidence) and of mentions that do not count."""

_EXTRA_COLORS = ("#76B7B2", "#EDC948", "#FF9DA7", "#9C755F", "#BAB0AC")
_STRENGTH_LABEL = {"required": "必备 required", "preferred": "加分 preferred"}
_KIND_LABEL = {"exact": "原词 exact", "fuzzy": "近似 fuzzy", "pattern": "搭配 pattern"}
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_FONT = "'PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Microsoft YaHei','Source Han Sans SC',sans-serif"


def competency_colors(ids: Iterable[str]) -> dict[str, str]:
    """A colour per competency id: the fixed one for the five built-in ids, then a cycle.

    >>> competency_colors(["copywriting", "my_skill"])
    {'copywriting': '#B07AA1', 'my_skill': '#76B7B2'}
    """
    out: dict[str, str] = {}
    extra = 0
    for cid in ids:
        if cid in COMPETENCY_COLORS:
            out[cid] = COMPETENCY_COLORS[cid]
        else:
            out[cid] = _EXTRA_COLORS[extra % len(_EXTRA_COLORS)]
            extra += 1
    return out


def _tint(color: str, alpha: float) -> str:
    """``color`` (``#RRGGBB``) mixed with white: ``alpha`` 1 is the colour, 0 is white."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * alpha):02X}" for c in rgb)


def _esc(text: str) -> str:
    """Text as HTML: escaped, with control characters and lone surrogates shown as U+FFFD."""
    return html.escape(_UNSAFE.sub("\ufffd", text), quote=True)


# -- spans --------------------------------------------------------------------------------
@dataclass
class _Node:
    """One highlight: a (possibly cut) span of a match, with the highlights nested in it."""

    start: int
    end: int
    match: Match
    role: str  # "evidence" | "boilerplate" | "role"
    children: list[_Node] = field(default_factory=list)

    @property
    def height(self) -> int:
        return 1 + max((c.height for c in self.children), default=0) if self.children else 0


_ROLE_RANK = {"evidence": 0, "boilerplate": 1, "role": 2}


def _role(m: Match, competencies: Mapping[str, object]) -> str:
    if m.category not in competencies:
        return "role"
    return "boilerplate" if m.section in BOILERPLATE else "evidence"


def _spans(analysis: PostingAnalysis) -> list[tuple[int, int, Match, str]]:
    """Every match as a span clamped to the text, without exact duplicates, in drawing order."""
    n = len(analysis.text)
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for m in analysis.matches:
        start, end = max(0, m.start), min(n, m.end)
        key = (start, end, m.category, m.canonical)
        if start >= end or key in seen:
            continue
        seen.add(key)
        out.append((start, end, m, _role(m, analysis.competencies)))
    out.sort(key=lambda s: (s[0], -s[1], _ROLE_RANK[s[3]], s[2].strength != "required"))
    return out


def _nest_spans(spans: Sequence[tuple[int, int, Match, str]]) -> list[_Node]:
    """A forest of well-nested highlights from spans sorted by (start, -end).

    A span inside an open one becomes its child; a span that runs past the end of the open
    one keeps only its part after that end (the earlier, longer span takes precedence).
    """
    roots: list[_Node] = []
    stack: list[_Node] = []
    pending = list(reversed(spans))
    while pending:
        start, end, m, role = pending.pop()
        while stack and stack[-1].end <= start:
            stack.pop()
        if stack and end > stack[-1].end:
            rest = (stack[-1].end, end, m, role)
            # re-queue the remainder at its new start, keeping the (start, -end) order
            i = len(pending)
            while i > 0 and (pending[i - 1][0], -pending[i - 1][1]) < (rest[0], -rest[1]):
                i -= 1
            pending.insert(i, rest)
            continue
        node = _Node(start, end, m, role)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _hover(m: Match, role: str, labels: Mapping[str, str]) -> str:
    what = labels.get(m.category) or SUBTYPES.get(m.category, m.category)
    name = m.canonical if m.term == m.canonical else f"{m.term} → {m.canonical}"
    if role == "role":
        return f"岗位关键词 · {what} · {name}"
    parts = [what, name, _STRENGTH_LABEL.get(m.strength, m.strength), _KIND_LABEL.get(m.kind, m.kind)]
    parts.append(SECTIONS.get(m.section, m.section))
    if role == "boilerplate":
        parts.append("不计分 not counted")
    return " · ".join(parts)


def _mark_style(node: _Node, colors: Mapping[str, str]) -> str:
    pad = 1 + 3 * node.height  # stacked underlines: an outer highlight's line sits below its children's
    if node.role == "evidence":
        color = colors.get(node.match.category, ROLE_COLOR)
        line = "solid" if node.match.strength == "required" else "dashed"
        return (
            f"background:{_tint(color, 0.22)};color:inherit;border-bottom:2px {line} {color};"
            f"padding:0 1px {pad}px;border-radius:2px"
        )
    if node.role == "boilerplate":
        return f"background:none;color:inherit;border-bottom:2px dotted {ROLE_COLOR};padding:0 0 {pad}px"
    return f"background:{_tint(ROLE_COLOR, 0.18)};color:inherit;padding:0 1px {pad}px;border-radius:2px"


def _render(
    text: str, nodes: list[_Node], start: int, end: int, colors: Mapping[str, str], labels: Mapping[str, str]
) -> str:
    out = []
    pos = start
    for node in nodes:
        out.append(_esc(text[pos : node.start]))
        cls = f"opsmatch-{node.role}"
        out.append(
            f'<mark class="{cls}" data-category="{_esc(node.match.category)}" '
            f'data-strength="{_esc(node.match.strength)}" title="{_esc(_hover(node.match, node.role, labels))}" '
            f'style="{_mark_style(node, colors)}">'
        )
        out.append(_render(text, node.children, node.start, node.end, colors, labels))
        out.append("</mark>")
        pos = node.end
    out.append(_esc(text[pos:end]))
    return "".join(out)


def highlight_html(analysis: PostingAnalysis) -> str:
    """The posting text as escaped HTML with every match wrapped in a ``<mark>``.

    >>> from opsmatch.results import CompetencyScore, Match, PostingAnalysis
    >>> m = Match("SQL", "SQL", "data_analysis", 3, 6)
    >>> a = PostingAnalysis("<b>SQL", None, {"data_analysis": CompetencyScore("data_analysis", "数据分析能力", 0.49, (m,))}, (m,))
    >>> highlight_html(a).startswith("&lt;b&gt;<mark")
    True
    """
    colors = competency_colors(analysis.competencies)
    labels = {cid: c.label for cid, c in analysis.competencies.items()}
    roots = _nest_spans(_spans(analysis))
    return _render(analysis.text, roots, 0, len(analysis.text), colors, labels)


# -- the card -----------------------------------------------------------------------------
def _bar(fraction: float, color: str, width: str = "8em") -> str:
    pct = max(0.0, min(1.0, fraction)) * 100
    return (
        f'<div style="display:inline-block;vertical-align:middle;width:{width};height:0.7em;'
        f'background:#EAEEF2;border-radius:3px;overflow:hidden">'
        f'<div style="width:{pct:.1f}%;height:100%;background:{color}"></div></div>'
    )


_CELL = "padding:2px 8px 2px 0;text-align:left;border:none;background:none;vertical-align:middle"


def _subtype_html(analysis: PostingAnalysis, k: int) -> str:
    if analysis.subtype is None:
        return '<div style="color:#57606A">子类型 sub-type: — (no classifier loaded)</div>'
    label = analysis.subtype_label or SUBTYPES.get(analysis.subtype, analysis.subtype)
    conf = "" if analysis.confidence is None else f" · 置信度 confidence {analysis.confidence:.2f}"
    rows = []
    for sid, p in analysis.top_subtypes(k):
        rows.append(
            f'<tr><td style="{_CELL}">{_esc(SUBTYPES.get(sid, sid))}</td>'
            f'<td style="{_CELL}">{_bar(p, "#57606A", "6em")}</td>'
            f'<td style="{_CELL};font-variant-numeric:tabular-nums">{p:.0%}</td></tr>'
        )
    return (
        f'<div><span style="color:#57606A">子类型 sub-type:</span> <b>{_esc(label)}</b> '
        f'<span style="color:#57606A">({_esc(analysis.subtype)}){_esc(conf)}</span></div>'
        f'<table style="border-collapse:collapse;margin:4px 0 0;font-size:90%">{"".join(rows)}</table>'
    )


def _scores_html(analysis: PostingAnalysis, colors: Mapping[str, str]) -> str:
    rows = []
    for cid, comp in analysis.competencies.items():
        color = colors[cid]
        level = {"required": "必备", "preferred": "加分", "none": "—"}.get(comp.level, comp.level)
        terms = "、".join(comp.terms) or "—"
        rows.append(
            f'<tr><td style="{_CELL};white-space:nowrap"><span style="display:inline-block;width:0.8em;'
            f'height:0.8em;background:{color};border-radius:2px;margin-right:4px"></span>{_esc(comp.label)}</td>'
            f'<td style="{_CELL}">{_bar(comp.score, color)}</td>'
            f'<td style="{_CELL};font-variant-numeric:tabular-nums">{comp.score:.2f}</td>'
            f'<td style="{_CELL};color:#57606A">{_esc(level)}</td>'
            f'<td style="{_CELL}">{_esc(terms)}</td></tr>'
        )
    return f'<table style="border-collapse:collapse;margin:8px 0">{"".join(rows)}</table>'


def _legend_html(analysis: PostingAnalysis, colors: Mapping[str, str]) -> str:
    chip = "display:inline-block;margin:0 10px 2px 0;padding:0 3px;border-radius:2px;color:inherit"
    items = [
        f'<span style="{chip};background:{_tint(colors[cid], 0.22)};border-bottom:2px solid {colors[cid]}">'
        f"{_esc(comp.label)}</span>"
        for cid, comp in analysis.competencies.items()
    ]
    items.append(f'<span style="{chip};background:{_tint(ROLE_COLOR, 0.18)}">岗位关键词 role keyword</span>')
    key = (
        f'<span style="{chip};border-bottom:2px solid #24292F">必备 required</span>'
        f'<span style="{chip};border-bottom:2px dashed #24292F">加分 preferred</span>'
        f'<span style="{chip};border-bottom:2px dotted {ROLE_COLOR}">公司介绍/福利 不计分</span>'
    )
    return f'<div style="font-size:85%;margin:4px 0">{"".join(items)}<br>{key}</div>'


def to_html(analysis: PostingAnalysis, *, top_k: int = 3, max_height: str = "30em") -> str:
    """A self-contained HTML card: sub-type, score bars, legend and the highlighted posting.

    This is what Jupyter shows for a ``PostingAnalysis``; save it to look at it elsewhere.

    >>> import opsmatch
    >>> page = to_html(opsmatch.analyze("熟练使用SQL <script>alert(1)</script>"))
    >>> "<script>" in page, "&lt;script&gt;" in page
    (False, True)
    """
    colors = competency_colors(analysis.competencies)
    title = (
        f'<div style="font-size:110%;font-weight:600;margin-bottom:4px">{_esc(analysis.title)}</div>'
        if analysis.title
        else ""
    )
    body = (
        f'<div class="opsmatch-text" style="white-space:pre-wrap;word-break:break-word;line-height:1.9;'
        f"max-height:{_esc(max_height)};overflow:auto;border-top:1px solid #D0D7DE;margin-top:6px;"
        f'padding:6px 0 10px">{highlight_html(analysis)}</div>'
    )
    return (
        f'<div class="opsmatch-posting" style="font-family:{_FONT};color:#1F2328;background:#FFFFFF;'
        f'border:1px solid #D0D7DE;border-radius:6px;padding:10px 14px;max-width:62em;line-height:1.5;text-align:left">'
        f"{title}{_subtype_html(analysis, top_k)}{_scores_html(analysis, colors)}"
        f"{_legend_html(analysis, colors)}{body}</div>"
    )
