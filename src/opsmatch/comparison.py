"""A résumé against a posting: per competency what is asked and what is shown, the gaps, the fit.

``compare(resume, posting)`` analyses both with the same ``Analyzer`` and answers the job
seeker's question "what does this posting want that my résumé cannot yet show?":

- ``.competencies``: per competency, what the posting asks (score, ``required`` /
  ``preferred``, its evidence) and what the résumé shows (score, evidence with its part);
- ``.gaps``: competencies the posting asks that the résumé does not show (no evidence in
  work, projects, skills or awards; self-praise alone does not count), required ones first;
- ``.missing_terms``: the posting's terms (skills and role words, then traits) found nowhere in the résumé;
- ``.fit`` in [0, 1]:

      fit = level × (0.3 · C + 0.35 · T + 0.35 · R) / (sum of the weights used)

  C, the competencies: Σ_c A_c · min(1, S_c / A_c) / (Σ_c A_c + 0.5) over the competencies the
  posting asks (A_c its score, S_c the résumé's); left out when the posting asks none.

  T, the words: (n / (Σ_t w_t + 1) + 1 - exp(-n / 2)) / 2 with n = Σ_t w_t · credit_t over the
  posting's distinct terms t — the share of the posting's words the résumé holds, and how much
  specific vocabulary the two share. w_t is the lexicon weight × 1 (required) or 0.5
  (preferred), halved again for competency terms (Excel, 数据分析 are asked everywhere; role
  words such as 信息流, 社群, 亚马逊 say what the job is); credit_t is the weight of the best
  résumé part holding t (1 in work, 0.3 in a self-evaluation, 0 if absent).

  R, the kind of job: (1 - p_other) · (0.7 · Σ_s √(p_s q_s) + 0.3 · Σ_f √(p_f q_f)), the
  overlap of the two sub-type distributions over operations sub-types (p the posting's, q the
  résumé's) and of their families (readers mix neighbouring sub-types, ANNOTATION.md), times
  the posting's probability of being an operations job; left out without a classifier.

  The + 0.5 and + 1 keep a posting that says little (会Excel即可) from fitting well on the one
  thing it says. ``level`` is 0.8 when the posting is an internship or assistant job and the
  résumé shows 3 years of work or more, or the posting leads a team (主管, 经理, 总监 …) and the
  résumé shows under 2 years; 1 otherwise.

>>> c = compare("## 工作经历\\n负责社群运营，用SQL统计群数据", "岗位职责：社群运营，撰写活动文案；要求：熟练SQL")
>>> [g.competency for g in c.gaps], 0 < c.fit < 1
(['copywriting'], True)
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import TYPE_CHECKING, Any

from opsmatch.results import Match, PostingAnalysis
from opsmatch.resume import Resume, ResumeEvidence, parse_resume, read_resume
from opsmatch.sections import BOILERPLATE
from opsmatch.taxonomy import SUBTYPE_FAMILY, SUBTYPES

if TYPE_CHECKING:
    from opsmatch.analyzer import Analyzer

__all__ = [
    "FIT_WEIGHTS",
    "Comparison",
    "CompetencyComparison",
    "FitParts",
    "Gap",
    "compare",
    "compare_html",
    "format_comparison",
]

FIT_WEIGHTS: dict[str, float] = {"competencies": 0.3, "terms": 0.35, "role": 0.35}
"""Weights of the three parts of ``fit`` (see the module docstring)."""

PRIOR_COMPETENCIES = 0.5
PRIOR_TERMS = 1.0
SHARED_SATURATION = 2.0
COMPETENCY_TERM_FACTOR = 0.5
FAMILY_SHARE = 0.3
LEVEL_MISMATCH = 0.8
JUNIOR_MAX_YEARS = 3.0  # a résumé with this many years of work is over-qualified for an internship
LEAD_MIN_YEARS = 2.0  # ... and one with fewer is short of a team-lead job
_JUNIOR = frozenset({"intern", "graduate", "junior"})
_LEAD = frozenset({"lead", "manager", "director", "vp"})
_JUNIOR_TITLE = re.compile(r"实习|助理|应届|校招|管培")
_LEAD_TITLE = re.compile(r"主管|经理|总监|负责人|组长|(?<![A-Za-z])VP(?![A-Za-z])|head", re.IGNORECASE)
_STRENGTH = {"required": 1.0, "preferred": 0.5}
_LEVEL = {"required": "必备", "preferred": "加分", "none": "—"}


@dataclass(frozen=True)
class CompetencyComparison:
    """One competency on both sides: asked by the posting, shown by the résumé."""

    id: str
    label: str
    asked: float
    level: str  # "required" | "preferred" | "none" (what the posting asks)
    posting_evidence: tuple[Match, ...]
    shown: float
    resume_evidence: tuple[ResumeEvidence, ...]

    @property
    def is_asked(self) -> bool:
        """Whether the posting asks for it (evidence that is not a trait)."""
        return self.level != "none"

    @property
    def is_shown(self) -> bool:
        """Whether the résumé shows it (work, projects, skills or awards; not traits)."""
        return any(e.counts for e in self.resume_evidence)

    @property
    def is_gap(self) -> bool:
        """Asked but not shown."""
        return self.is_asked and not self.is_shown

    @property
    def coverage(self) -> float:
        """``min(1, shown / asked)``; 1 when nothing is asked."""
        return 1.0 if self.asked <= 0 else min(1.0, self.shown / self.asked)


@dataclass(frozen=True)
class Gap:
    """A competency the posting asks and the résumé does not show.

    ``terms`` are the posting's words for it; ``claimed`` is what the résumé says without
    showing it (a self-evaluation, a wish, a trait), if anything.
    """

    competency: str
    label: str
    level: str
    asked: float
    terms: tuple[str, ...]
    claimed: tuple[ResumeEvidence, ...] = ()

    def __str__(self) -> str:
        return f"{self.label}（{_LEVEL.get(self.level, self.level)}）"


@dataclass(frozen=True)
class FitParts:
    """The parts of ``fit``: competencies covered (``None`` when none is asked), terms present, sub-type overlap
    (``None`` without a model), and the level factor."""

    competencies: float | None
    terms: float
    role: float | None
    level: float = 1.0


@dataclass(frozen=True)
class Comparison:
    """A résumé against a posting (see ``opsmatch.compare``)."""

    resume: Resume
    posting: PostingAnalysis
    competencies: Mapping[str, CompetencyComparison]
    gaps: tuple[Gap, ...]
    missing_terms: tuple[str, ...]
    fit: float
    fit_parts: FitParts

    def to_dict(self, top_gaps: int = 3, top_terms: int = 10) -> dict[str, Any]:
        """One flat, JSON-safe row: fit and its parts, gaps, missing terms, scores on both sides."""
        row: dict[str, Any] = {
            "fit": round(self.fit, 4),
            "fit_competencies": None if self.fit_parts.competencies is None else round(self.fit_parts.competencies, 4),
            "fit_terms": round(self.fit_parts.terms, 4),
            "fit_role": None if self.fit_parts.role is None else round(self.fit_parts.role, 4),
            "fit_level": self.fit_parts.level,
            "gaps": "、".join(g.label for g in self.gaps[:top_gaps]),
            "missing_terms": "、".join(self.missing_terms[:top_terms]),
        }
        for cid, c in self.competencies.items():
            row[f"{cid}_asked"] = round(c.asked, 4)
            row[f"{cid}_shown"] = round(c.shown, 4)
        return row

    def __repr__(self) -> str:
        gaps = ",".join(g.competency for g in self.gaps) or "-"
        return f"Comparison(fit={self.fit:.2f}, gaps={gaps}, missing_terms={len(self.missing_terms)})"

    def __str__(self) -> str:
        return format_comparison(self)

    def _repr_html_(self) -> str:
        return compare_html(self)


# -- computing ----------------------------------------------------------------------------
def _counted(m: Match) -> bool:
    return m.section not in BOILERPLATE and m.strength != "implied"


@dataclass(frozen=True)
class _Term:
    canonical: str
    weight: float  # lexicon weight x strength factor (the strongest mention)
    start: int
    competency: bool
    required: bool
    forms: tuple[str, ...] = ()  # the words the posting wrote for it


def _posting_terms(posting: PostingAnalysis) -> dict[str, _Term]:
    """The posting's distinct counted terms by casefolded canonical name."""
    out: dict[str, _Term] = {}
    competencies = posting.competencies
    for m in posting.matches:
        if not _counted(m):
            continue
        key = m.canonical.casefold()
        w = m.weight * _STRENGTH.get(m.strength, 1.0)
        old = out.get(key)
        form = (m.term,) if m.kind == "exact" else ()
        if old is None:
            out[key] = _Term(m.canonical, w, m.start, m.category in competencies, m.strength == "required", form)
        else:
            forms = old.forms + tuple(f for f in form if f not in old.forms)
            out[key] = _Term(
                old.canonical,
                max(w, old.weight),
                old.start,
                old.competency,
                old.required or m.strength == "required",
                forms,
            )
    return out


def _missing_traits(posting: PostingAnalysis, resume: Resume, skills: set[str]) -> list[str]:
    """Traits the posting asks for (团队管理, 执行力 …) that the résumé never names: they never claim
    a competency, but a seeker still wants to see them, after the skills."""
    out: dict[str, None] = {}
    for m in posting.matches:
        key = m.canonical.casefold()
        if m.strength != "implied" or m.section in BOILERPLATE or key in skills:
            continue
        if not resume.has_term(m.canonical, (m.term,)):
            out.setdefault(m.canonical)
    return list(out)


@dataclass(frozen=True)
class _Dist:
    """Sub-type and family distributions over the operations sub-types."""

    subtypes: dict[str, float]
    families: dict[str, float]


def _distribution(proba: Mapping[str, float], ops: Sequence[str]) -> _Dist | None:
    """``proba`` renormalised over ``ops``, with its family sums; ``None`` when it holds nothing."""
    total = sum(proba.get(s, 0.0) for s in ops)
    if total <= 0:
        return None
    p = {s: proba.get(s, 0.0) / total for s in ops}
    fam: dict[str, float] = {}
    for s in ops:
        f = SUBTYPE_FAMILY.get(s, s)
        fam[f] = fam.get(f, 0.0) + p[s]
    return _Dist(p, fam)


def _role_overlap(posting: PostingAnalysis, resume: Resume) -> float | None:
    p_all, q_all = posting.subtype_proba, resume.analysis.subtype_proba
    if not p_all or not q_all:
        return None
    ops = tuple(s for s in p_all if s != "other")
    key = "role:" + ",".join(ops)
    if key not in resume._cache:  # the résumé's side is the same for every posting
        resume._cache[key] = _distribution(q_all, ops)
    mine = resume._cache[key]
    theirs = _distribution(p_all, ops)
    if not isinstance(mine, _Dist) or theirs is None:
        return 0.0
    q, qf = mine.subtypes, mine.families
    p, pf = theirs.subtypes, theirs.families
    bc = sum(math.sqrt(p[s] * q[s]) for s in ops)
    bc_family = sum(math.sqrt(pf[f] * qf.get(f, 0.0)) for f in pf)
    overlap = (1 - FAMILY_SHARE) * bc + FAMILY_SHARE * bc_family
    return max(0.0, min(1.0, (1.0 - p_all.get("other", 0.0)) * overlap))


def _level(posting: PostingAnalysis, resume: Resume) -> float:
    """``LEVEL_MISMATCH`` when the posting's level and the résumé's years of work are far apart, else 1."""
    if resume.years is None:
        return 1.0
    seniority = getattr(posting, "seniority", None)
    title = posting.title or ""
    junior = seniority in _JUNIOR if seniority else bool(_JUNIOR_TITLE.search(title))
    lead = seniority in _LEAD if seniority else bool(_LEAD_TITLE.search(title))
    if junior and resume.years >= JUNIOR_MAX_YEARS:
        return LEVEL_MISMATCH
    if lead and not junior and resume.years < LEAD_MIN_YEARS:
        return LEVEL_MISMATCH
    return 1.0


def _as_resume(resume: Resume | str | PathLike[str], analyzer: Analyzer | None) -> Resume:
    if isinstance(resume, Resume):
        return resume
    if isinstance(resume, PathLike):
        return read_resume(resume, analyzer)
    if isinstance(resume, str):
        return parse_resume(resume, analyzer)
    raise TypeError(f"a résumé must be a Resume, a text or a file path, got {type(resume).__name__}")


def compare(
    resume: Resume | str | PathLike[str],
    posting: PostingAnalysis | str,
    *,
    title: str | None = None,
    analyzer: Analyzer | None = None,
) -> Comparison:
    """Compare a résumé (``Resume``, text, or a file path object) with a posting (text or ``PostingAnalysis``).

    >>> c = compare("## 技能证书\\nSQL、Python", "任职要求：熟练使用SQL，熟悉企业微信")
    >>> c.competencies["data_analysis"].is_shown, c.missing_terms
    (True, ('企业微信',))
    """
    if analyzer is None:
        from opsmatch.analyzer import default_analyzer

        analyzer = default_analyzer()
    res = _as_resume(resume, analyzer)
    if isinstance(posting, PostingAnalysis):
        post = posting
    elif isinstance(posting, str):
        post = analyzer.analyze(posting, title)
    else:
        raise TypeError(f"a posting must be a text or a PostingAnalysis, got {type(posting).__name__}")
    return compare_analyses(res, post)


def compare_analyses(resume: Resume, posting: PostingAnalysis) -> Comparison:
    """``compare`` for a résumé and a posting already analysed (what ``rank`` runs per posting)."""
    comps: dict[str, CompetencyComparison] = {}
    for cid, pc in posting.competencies.items():
        asked_ev = tuple(m for m in pc.evidence if m.strength != "implied")
        level = "none"
        if asked_ev:
            level = "required" if any(m.strength == "required" for m in asked_ev) else "preferred"
        rc = resume.competencies.get(cid)
        comps[cid] = CompetencyComparison(
            cid,
            pc.label,
            pc.score if asked_ev else 0.0,
            level,
            asked_ev,
            rc.score if rc else 0.0,
            rc.evidence if rc else (),
        )
    gaps = sorted(
        (
            Gap(
                c.id,
                c.label,
                c.level,
                c.asked,
                tuple(dict.fromkeys(m.canonical for m in c.posting_evidence)),
                tuple(c.resume_evidence),
            )
            for c in comps.values()
            if c.is_gap
        ),
        key=lambda g: (g.level != "required", -g.asked),
    )
    terms = _posting_terms(posting)
    missing = sorted(
        (t for t in terms.values() if not resume.has_term(t.canonical, t.forms)),
        key=lambda t: (not t.competency, not t.required, t.start),
    )
    missing_traits = _missing_traits(posting, resume, set(terms))
    asked_total = sum(c.asked for c in comps.values())
    comp_fit = (
        sum(c.asked * c.coverage for c in comps.values()) / (asked_total + PRIOR_COMPETENCIES)
        if asked_total > 0
        else None
    )
    weights = {k: t.weight * (COMPETENCY_TERM_FACTOR if t.competency else 1.0) for k, t in terms.items()}
    shared = sum(weights[k] * min(1.0, resume.credit(t.canonical, t.forms)) for k, t in terms.items())
    term_fit = (shared / (sum(weights.values()) + PRIOR_TERMS) + 1.0 - math.exp(-shared / SHARED_SATURATION)) / 2
    role = _role_overlap(posting, resume)
    parts = {"terms": term_fit}
    if comp_fit is not None:
        parts["competencies"] = comp_fit
    if role is not None:
        parts["role"] = role
    level_factor = _level(posting, resume)
    fit = level_factor * sum(FIT_WEIGHTS[k] * v for k, v in parts.items()) / sum(FIT_WEIGHTS[k] for k in parts)
    return Comparison(
        resume,
        posting,
        comps,
        tuple(gaps),
        (*(t.canonical for t in missing), *missing_traits),
        max(0.0, min(1.0, fit)),
        FitParts(comp_fit, term_fit, role, level_factor),
    )


# -- text ---------------------------------------------------------------------------------
def _width(text: str) -> int:
    """Columns a terminal gives ``text``: two for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _bar(x: float, n: int = 8) -> str:
    k = round(max(0.0, min(1.0, x)) * n)
    return "█" * k + "·" * (n - k)


def _first_line(text: str, n: int = 40) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:n] + ("…" if len(line) > n else "")


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, with … when cut."""
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def format_comparison(c: Comparison, max_terms: int = 4) -> str:
    """The comparison as readable text (what ``opsmatch gap`` prints)."""
    from opsmatch.resume import RESUME_PARTS

    p = c.fit_parts
    role = "—" if p.role is None else f"{p.role:.2f}"
    comp = "—" if p.competencies is None else f"{p.competencies:.2f}"
    level = "" if p.level == 1 else f" · 级别 ×{p.level:g}"
    post = c.posting
    head = post.title or _first_line(post.text)
    sub = f"  子类型 {post.subtype_label}" if post.subtype_label else ""
    lines = [
        f"匹配度 fit {c.fit:.2f}  {_bar(c.fit, 10)}   能力 {comp} · 岗位词 {p.terms:.2f} · 方向 {role}{level}",
        f"岗位  {head}{sub}",
        f"简历  {c.resume.source or _first_line(c.resume.text)}"
        + (f"  （约{c.resume.years:.1f}年工作经验）" if c.resume.years else ""),
        "",
    ]
    rows: list[tuple[str, str, str]] = [("能力", "岗位要求 asked", "简历证据 shown")]
    for x in c.competencies.values():
        asked = "—"
        if x.is_asked:
            terms = "、".join(dict.fromkeys(m.canonical for m in x.posting_evidence))
            asked = f"{_bar(x.asked)} {x.asked:.2f} {_LEVEL[x.level]} {_clip(terms, 18)}"
        seen: dict[str, str] = {}
        for e in sorted(x.resume_evidence, key=lambda e: (not e.counts, -e.weight, e.start)):
            seen.setdefault(e.canonical, f"{e.canonical}[{RESUME_PARTS.get(e.part, e.part)}]")
        shown = f"{_bar(x.shown)} {x.shown:.2f} " + "、".join(list(seen.values())[:max_terms]) if seen else "—"
        rows.append((x.label, asked, shown + ("  ✗ 差距" if x.is_gap else "")))
    w0 = max(_width(r[0]) for r in rows) + 2
    w1 = max(_width(r[1]) for r in rows) + 2
    lines.extend(_pad(a, w0) + _pad(b, w1) + d for a, b, d in rows)
    lines.append("")
    if c.gaps:
        lines.append("差距（岗位要求、简历未体现；必备在前）")
        for i, g in enumerate(c.gaps, 1):
            said = [f"{e.canonical}（{RESUME_PARTS.get(e.part, e.part)}）" for e in g.claimed]
            note = f"；简历只在{'、'.join(dict.fromkeys(said))}提到" if said else ""
            lines.append(f"  {i}. {g}  岗位：{'、'.join(g.terms[: max_terms + 2])}{note}")
    else:
        lines.append("差距：无（岗位要求的能力简历都有证据）")
    if c.missing_terms:
        lines.append(f"简历里没有的岗位词（{len(c.missing_terms)}）：" + "、".join(c.missing_terms[:15]))
    return "\n".join(lines)


# -- HTML ---------------------------------------------------------------------------------
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_MISSING = "#CF222E"


def _esc(text: str) -> str:
    return html.escape(_UNSAFE.sub("\ufffd", text), quote=True)


def _tint(color: str, alpha: float) -> str:
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - v) * alpha):02X}" for v in rgb)


def _highlight(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, with non-overlapping ``(start, end, style, title)`` spans as ``<mark>``."""
    out: list[str] = []
    pos = 0
    for start, end, style, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        start, end = max(start, 0), min(end, len(text))
        if start < pos or end <= start:
            continue
        out.append(_esc(text[pos:start]))
        out.append(f'<mark style="{style}" title="{_esc(title)}">{_esc(text[start:end])}</mark>')
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out)


def compare_html(c: Comparison, max_height: str = "36em") -> str:
    """Both texts side by side with their evidence highlighted, the table of competencies, gaps and fit.

    Résumé evidence: solid underline when it shows the competency, dashed when it only says
    so (自我评价, 求职意向, traits). Posting terms missing from the résumé are outlined in red.
    Everything is escaped.
    """
    from opsmatch.display import ROLE_COLOR, competency_colors
    from opsmatch.resume import RESUME_PARTS

    colors = competency_colors(c.competencies)
    missing = {t.casefold() for t in c.missing_terms}
    r_spans: list[tuple[int, int, str, str]] = []
    for x in c.competencies.values():
        color = colors[x.id]
        for e in x.resume_evidence:
            line = "solid" if e.counts else "dashed"
            r_spans.append(
                (e.start, e.end, f"background:{_tint(color, 0.22)};color:inherit;border-bottom:2px {line} {color}",
                 f"{x.label} · {e.canonical} · {RESUME_PARTS.get(e.part, e.part)}" + ("" if e.counts else " · 未体现 not shown")),
            )  # fmt: skip
    for e in c.resume.roles:
        r_spans.append(
            (e.start, e.end, f"background:{_tint(ROLE_COLOR, 0.18)};color:inherit",
             f"岗位词 · {SUBTYPES.get(e.match.category, e.match.category)} · {e.canonical}"),
        )  # fmt: skip
    p_spans: list[tuple[int, int, str, str]] = []
    for m in c.posting.matches:
        if not _counted(m):
            continue
        absent = m.canonical.casefold() in missing
        outline = f";outline:2px solid {_MISSING}" if absent else ""
        if m.category in colors:
            style = f"background:{_tint(colors[m.category], 0.22)};color:inherit;border-bottom:2px solid {colors[m.category]}"
            what = c.competencies[m.category].label
        else:
            style = f"background:{_tint(ROLE_COLOR, 0.18)};color:inherit"
            what = "岗位词 " + SUBTYPES.get(m.category, m.category)
        p_spans.append(
            (m.start, m.end, style + outline, f"{what} · {m.canonical}" + (" · 简历中没有 missing" if absent else ""))
        )
    cell = "padding:3px 10px 3px 0;text-align:left;vertical-align:middle;border:none"

    def bar(x: float, color: str) -> str:
        return (
            '<div style="display:inline-block;vertical-align:middle;width:5em;height:0.7em;background:#EAEEF2;'
            f'border-radius:3px"><div style="width:{max(0.0, min(1.0, x)) * 100:.0f}%;height:100%;'
            f'background:{color};border-radius:3px"></div></div>'
        )

    rows = []
    for x in c.competencies.values():
        gap = f'<b style="color:{_MISSING}">差距 gap</b>' if x.is_gap else ""
        rows.append(
            f'<tr><td style="{cell};white-space:nowrap">{_esc(x.label)}</td>'
            f'<td style="{cell}">{bar(x.asked, colors[x.id])} {x.asked:.2f} {_esc(_LEVEL[x.level])}</td>'
            f'<td style="{cell}">{_esc("、".join(dict.fromkeys(m.canonical for m in x.posting_evidence)) or "—")}</td>'
            f'<td style="{cell}">{bar(x.shown, colors[x.id])} {x.shown:.2f}</td>'
            f'<td style="{cell}">{_esc("、".join(dict.fromkeys(e.canonical for e in x.resume_evidence if e.counts)) or "—")}</td>'
            f'<td style="{cell}">{gap}</td></tr>'
        )
    head = "".join(
        f'<th style="{cell}">{h}</th>' for h in ("能力", "岗位要求 asked", "岗位证据", "简历体现 shown", "简历证据", "")
    )
    p = c.fit_parts
    role = "—" if p.role is None else f"{p.role:.2f}"
    comp = "—" if p.competencies is None else f"{p.competencies:.2f}"
    gaps = "".join(f"<li>{_esc(str(g))}：{_esc('、'.join(g.terms))}</li>" for g in c.gaps) or "<li>无 none</li>"
    missing_html = _esc("、".join(c.missing_terms)) or "—"
    box = (
        "white-space:pre-wrap;word-break:break-word;line-height:1.9;overflow:auto;"
        f"max-height:{_esc(max_height)};border:1px solid #D0D7DE;border-radius:4px;padding:6px 8px;margin:0"
    )
    title = _esc(c.posting.title or "岗位 posting")
    return (
        '<div class="opsmatch-compare" style="font-family:sans-serif;color:#1F2328;background:#FFFFFF;'
        'border:1px solid #D0D7DE;border-radius:6px;padding:10px 14px;text-align:left">'
        f'<div style="font-size:110%"><b>匹配度 fit {c.fit:.2f}</b> '
        f'<span style="color:#57606A">能力 {comp} · 岗位词 {p.terms:.2f} · 方向 {role} · 级别 ×{p.level:g}</span></div>'
        f'<table style="border-collapse:collapse;margin:6px 0"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<div><b>差距 gaps</b><ol style="margin:2px 0 6px">{gaps}</ol></div>'
        f'<div><b>简历里没有的岗位词 missing terms</b>：<span style="color:{_MISSING}">{missing_html}</span></div>'
        '<div style="display:grid;grid-template-columns:1fr 1fr;gap:12px;margin-top:8px">'
        f'<div><div style="color:#57606A">简历 résumé</div><div class="opsmatch-resume" style="{box}">{_highlight(c.resume.text, r_spans)}</div></div>'
        f'<div><div style="color:#57606A">{title}</div><div class="opsmatch-posting" style="{box}">{_highlight(c.posting.text, p_spans)}</div></div>'
        "</div></div>"
    )
