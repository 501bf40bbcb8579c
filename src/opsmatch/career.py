"""Career paths of the seed article, ranked for a résumé or a posting, with their reasons and gaps.

The paths are data: ``lexicons/paths.toml`` (专家型, 管理型 …, 跨领域 …, 创业或自由职业 …,
国际化 …), each with a competency profile, the sub-types whose words support it, the years of
work it implies and its signals (patterns such as 带领…团队, 跨境, 雅思). For each path:

    score = years_factor × core_factor × (w_p · profile + w_s · signals + w_t · subtypes)

with weights (w_p, w_s, w_t) = (0.4, 0.4, 0.2) unless the path sets its own (专家型 weighs the
concentration in one sub-type most: 0.25, 0.25, 0.5), and

- ``profile``: Σ w_c · s_c / Σ w_c over the path's competencies (s_c the competency score of the
  résumé or posting); for ``profile = "peak"`` the strongest competency score;
- ``signals``: Σ w_s · credit_s / Σ w_s, where credit_s is how strongly signal s appears (1 in
  work, projects or skills, less in a self-evaluation or a job wish: ``opsmatch.resume.PART_WEIGHTS``);
- ``subtypes``: 1 - exp(-n / 3), n the credited distinct role words of the path's sub-types; for
  ``"dominant"`` (专家型: 深耕一个方向) n is that of the sub-type with most, and the result is
  multiplied by its share of all role words (words spread over five sub-types are breadth,
  not depth); a path without sub-types gets a neutral 0.5 here (neither help nor harm);
- ``core_factor`` = 0.3 + 0.7 × the mean credit of the path's core signals (1 without any): a
  founder's path without any sign of founding ranks low whatever else fits;
- ``years_factor`` = min(1, 0.2 + 0.8 · years / min_years) when the years are known.

Each ``PathMatch`` has ``.reason`` (the evidence that supports it, spans into the text) and
``.gap`` (profile competencies not shown, core signals missing, years short).

>>> ranked = paths("## 工作经历\\n2015.01 - 2024.01 某公司 运营经理，带领8人团队，跨部门协作推动项目上线，用SQL做数据分析")
>>> ranked[0].id in {"team_lead", "project_manager"}
True
"""

from __future__ import annotations

import html
import math
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from opsmatch.lexicon import DEFAULT_LEXICON_DIR, LexiconError, LexiconProblem
from opsmatch.results import PostingAnalysis
from opsmatch.resume import Resume, ResumePart, _credit, parse_resume, read_resume, split_parts
from opsmatch.taxonomy import COMPETENCIES, SUBTYPES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from opsmatch.analyzer import Analyzer

__all__ = [
    "DEFAULT_PATHS_FILE",
    "CareerPath",
    "CareerPaths",
    "PathEvidence",
    "PathGap",
    "PathMatch",
    "PathScoreParts",
    "Signal",
    "check_paths",
    "load_paths",
    "paths",
]

DEFAULT_PATHS_FILE: Path = DEFAULT_LEXICON_DIR / "paths.toml"
"""The career paths shipped with opsmatch."""

WEIGHT_PROFILE = 0.4
WEIGHT_SIGNALS = 0.4
WEIGHT_SUBTYPES = 0.2
CORE_FLOOR = 0.3
YEARS_FLOOR = 0.2
SUBTYPE_SATURATION = 3.0
NEUTRAL_SUBTYPES = 0.5  # the sub-type part of a path that names no sub-types
SHOWN_CREDIT = 0.5  # a core signal seen only in a self-evaluation or a wish (credit < 0.5) is still a gap
GAP_PROFILE_WEIGHT = 0.6  # profile competencies this important are a gap when not shown

_PATH_KEYS = frozenset({"id", "label", "group", "summary", "profile", "subtypes", "min_years", "weights", "signal"})
_WEIGHT_KEYS = ("profile", "signals", "subtypes")
_SIGNAL_KEYS = frozenset({"name", "patterns", "weight", "core"})


# -- the data -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Signal:
    """Words that show a path (带领…团队, 跨境, 雅思 …): compiled patterns, a weight, whether it is core."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    weight: float = 1.0
    core: bool = False


@dataclass(frozen=True)
class CareerPath:
    """One path of the article: its profile, sub-types, years and signals (from ``paths.toml``)."""

    id: str
    label: str
    group: str
    group_label: str
    summary: str
    profile: Mapping[str, float] | Literal["peak"]
    subtypes: tuple[str, ...] | Literal["dominant"] = ()
    min_years: float = 0.0
    signals: tuple[Signal, ...] = ()
    weights: tuple[float, float, float] = (WEIGHT_PROFILE, WEIGHT_SIGNALS, WEIGHT_SUBTYPES)


def _problems_of_path(
    raw: Any, i: int, file: str, groups: Mapping[str, str], out: list[LexiconProblem]
) -> CareerPath | None:
    pid = raw.get("id") if isinstance(raw, dict) else None
    entry = f"path #{i} {pid!r}" if isinstance(pid, str) else f"path #{i}"
    if not isinstance(raw, dict):
        out.append(LexiconProblem(file, entry, "must be a table"))
        return None
    before = len(out)
    for key in set(raw) - _PATH_KEYS:
        out.append(LexiconProblem(file, entry, f"unknown key {key!r}"))
    for key in ("id", "label", "group", "summary"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            out.append(LexiconProblem(file, entry, f"missing or empty `{key}`"))
    group = raw.get("group")
    if isinstance(group, str) and group not in groups:
        out.append(LexiconProblem(file, entry, f"group {group!r} is not a key of [groups] {sorted(groups)}"))
    profile = raw.get("profile")
    if profile != "peak":
        if not isinstance(profile, dict) or not profile:
            out.append(LexiconProblem(file, entry, '`profile` must be "peak" or a table of competency weights'))
            profile = {}
        for cid, w in profile.items():
            if cid not in COMPETENCIES:
                out.append(LexiconProblem(file, entry, f"profile: unknown competency {cid!r}"))
            if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 1:
                out.append(LexiconProblem(file, entry, f"profile: weight of {cid!r} must be in (0, 1], got {w!r}"))
    subtypes = raw.get("subtypes", [])
    if subtypes != "dominant" and (
        not isinstance(subtypes, list) or any(s not in SUBTYPES or s == "other" for s in subtypes)
    ):
        out.append(
            LexiconProblem(file, entry, f'`subtypes` must be "dominant" or a list of sub-type ids, got {subtypes!r}')
        )
        subtypes = []
    years = raw.get("min_years", 0)
    if isinstance(years, bool) or not isinstance(years, (int, float)) or not 0 <= years <= 50:
        out.append(LexiconProblem(file, entry, f"min_years must be a number in [0, 50], got {years!r}"))
        years = 0
    weights = raw.get("weights", {})
    if (
        not isinstance(weights, dict)
        or set(weights) - set(_WEIGHT_KEYS)
        or any(isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0 for w in weights.values())
    ):
        out.append(LexiconProblem(file, entry, f"weights must be a table of {list(_WEIGHT_KEYS)} -> numbers >= 0"))
        weights = {}
    triple = (
        float(weights.get("profile", WEIGHT_PROFILE)),
        float(weights.get("signals", WEIGHT_SIGNALS)),
        float(weights.get("subtypes", WEIGHT_SUBTYPES)),
    )
    if sum(triple) <= 0:
        out.append(LexiconProblem(file, entry, "weights must not all be 0"))
        triple = (WEIGHT_PROFILE, WEIGHT_SIGNALS, WEIGHT_SUBTYPES)
    signals: list[Signal] = []
    raw_signals = raw.get("signal", [])
    if not isinstance(raw_signals, list) or not raw_signals:
        out.append(LexiconProblem(file, entry, "needs at least one [[path.signal]]"))
        raw_signals = []
    for j, sig in enumerate(raw_signals, 1):
        where = f"{entry} signal #{j}"
        if not isinstance(sig, dict):
            out.append(LexiconProblem(file, where, "must be a table"))
            continue
        for key in set(sig) - _SIGNAL_KEYS:
            out.append(LexiconProblem(file, where, f"unknown key {key!r}"))
        name = sig.get("name")
        if not isinstance(name, str) or not name.strip():
            out.append(LexiconProblem(file, where, "missing or empty `name`"))
            name = f"signal {j}"
        pats = sig.get("patterns")
        compiled: list[re.Pattern[str]] = []
        if not isinstance(pats, list) or not pats:
            out.append(LexiconProblem(file, where, "`patterns` must be a non-empty list of regular expressions"))
        else:
            for pat in pats:
                if not isinstance(pat, str) or not pat:
                    out.append(LexiconProblem(file, where, f"empty or non-string pattern {pat!r}"))
                    continue
                try:
                    compiled.append(re.compile(pat, re.IGNORECASE))
                except re.error as exc:
                    out.append(LexiconProblem(file, where, f"pattern {pat!r} is not a valid regular expression: {exc}"))
        w = sig.get("weight", 1.0)
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w <= 1:
            out.append(LexiconProblem(file, where, f"weight must be in (0, 1], got {w!r}"))
            w = 1.0
        core = sig.get("core", False)
        if not isinstance(core, bool):
            out.append(LexiconProblem(file, where, f"core must be true or false, got {core!r}"))
            core = False
        signals.append(Signal(name.strip(), tuple(compiled), float(w), core))
    if len(out) > before:
        return None
    return CareerPath(
        raw["id"].strip(),
        raw["label"].strip(),
        raw["group"],
        groups[raw["group"]],
        raw["summary"].strip(),
        "peak" if profile == "peak" else {c: float(w) for c, w in profile.items()},
        "dominant" if subtypes == "dominant" else tuple(subtypes),
        float(years),
        tuple(signals),
        tuple(w / sum(triple) for w in triple),  # type: ignore[arg-type]
    )


def _load(path: Path) -> tuple[tuple[CareerPath, ...], list[LexiconProblem]]:
    file = path.name
    problems: list[LexiconProblem] = []
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return (), [LexiconProblem(str(path), "(file)", f"cannot be read: {exc}")]
    for key in set(data) - {"groups", "path"}:
        problems.append(LexiconProblem(file, f"[{key}]", "unknown table or key"))
    groups = data.get("groups", {})
    if not isinstance(groups, dict) or not all(isinstance(v, str) for v in groups.values()):
        problems.append(LexiconProblem(file, "[groups]", "must be a table of group id -> label"))
        groups = {}
    raw_paths = data.get("path", [])
    if not isinstance(raw_paths, list) or not raw_paths:
        problems.append(LexiconProblem(file, "[[path]]", "no paths: `path` must be an array of tables"))
        raw_paths = []
    out: list[CareerPath] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_paths, 1):
        parsed = _problems_of_path(raw, i, file, groups, problems)
        if parsed is None:
            continue
        if parsed.id in seen:
            problems.append(LexiconProblem(file, f"path #{i} {parsed.id!r}", "duplicate id"))
            continue
        seen.add(parsed.id)
        out.append(parsed)
    return tuple(out), problems


def check_paths(path: str | PathLike[str] | None = None) -> list[LexiconProblem]:
    """Every problem of a paths file (each names the file and the entry); empty when it is sound.

    >>> check_paths()
    []
    """
    return _load(Path(path) if path is not None else DEFAULT_PATHS_FILE)[1]


@lru_cache(maxsize=8)
def _cached(path: Path, mtime: float) -> tuple[CareerPath, ...]:
    found, problems = _load(path)
    if problems:
        raise LexiconError(problems)
    return found


def load_paths(path: str | PathLike[str] | None = None) -> tuple[CareerPath, ...]:
    """The career paths of a ``paths.toml`` (the shipped one by default); ``LexiconError`` on any problem.

    >>> [p.id for p in load_paths()][:3]
    ['expert', 'team_lead', 'project_manager']
    """
    p = Path(path) if path is not None else DEFAULT_PATHS_FILE
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise LexiconError([LexiconProblem(str(p), "(file)", f"cannot be read: {exc.strerror or exc}")]) from exc
    return _cached(p.resolve(), mtime)


# -- results ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PathEvidence:
    """One piece of support for a path: a span of the text and what it stands for.

    ``kind`` is ``"signal"`` (``name`` the signal), ``"competency"`` (``name`` its id) or
    ``"subtype"`` (``name`` the sub-type id); ``part`` the résumé part (``"posting"`` for a posting).
    """

    kind: str
    name: str
    term: str
    start: int
    end: int
    part: str
    credit: float


@dataclass(frozen=True)
class PathGap:
    """What a path asks that the text does not show: a competency, a core signal, or years of work."""

    kind: str  # "competency" | "signal" | "years"
    name: str  # competency id, signal name, or "min_years"
    label: str

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class PathScoreParts:
    """The pieces of a path's score (see the module docstring for the formula)."""

    profile: float
    signals: float
    subtypes: float | None
    core_factor: float
    years_factor: float


@dataclass(frozen=True)
class PathMatch:
    """A career path ranked for one résumé or posting: ``.id``, ``.label``, ``.score``, ``.reason``, ``.gap``."""

    id: str
    label: str
    group: str
    group_label: str
    summary: str
    score: float
    reason: tuple[PathEvidence, ...]
    gap: tuple[PathGap, ...]
    parts: PathScoreParts
    focus: str | None = None  # the dominant sub-type, for paths that follow it (专家型)

    @property
    def title(self) -> str:
        """The label, with the sub-type for the expert path: ``专家型人才（社群运营）``."""
        return f"{self.label}（{SUBTYPES.get(self.focus, self.focus)}）" if self.focus else self.label

    @property
    def why(self) -> str:
        """The reason as one readable line: signals and competencies with the words that show them."""
        groups: dict[str, list[str]] = {}
        for e in self.reason:
            name = COMPETENCIES.get(e.name, e.name) if e.kind == "competency" else e.name
            if e.kind == "subtype":
                name = "岗位词"
            words = groups.setdefault(name, [])
            if e.term not in words:
                words.append(e.term)
        return "；".join(f"{k}：{'、'.join(v[:4])}" for k, v in groups.items())

    def to_dict(self) -> dict[str, Any]:
        """A flat, JSON-safe row."""
        return {
            "id": self.id,
            "label": self.title,
            "group": self.group_label,
            "score": round(self.score, 4),
            "reason": self.why,
            "gap": "、".join(g.label for g in self.gap),
        }


@dataclass(frozen=True)
class CareerPaths:
    """The paths ranked for one text, best first; iterate, index by rank or by id.

    >>> ranked = paths("负责小红书账号运营，撰写种草笔记", kind="posting")
    >>> len(ranked) == len(load_paths()), ranked["creator"].id
    (True, 'creator')
    """

    ranked: tuple[PathMatch, ...]
    kind: str  # "resume" | "posting"
    text: str = field(repr=False, default="")

    def __iter__(self) -> Iterator[PathMatch]:
        return iter(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    @overload
    def __getitem__(self, key: int) -> PathMatch: ...
    @overload
    def __getitem__(self, key: str) -> PathMatch: ...
    def __getitem__(self, key: int | str) -> PathMatch:
        if isinstance(key, str):
            for p in self.ranked:
                if p.id == key:
                    return p
            raise KeyError(key)
        return self.ranked[key]

    @property
    def ids(self) -> tuple[str, ...]:
        """Path ids, best first."""
        return tuple(p.id for p in self.ranked)

    def top(self, k: int = 3) -> tuple[PathMatch, ...]:
        """The ``k`` best paths."""
        return self.ranked[:k]

    def to_dicts(self) -> list[dict[str, Any]]:
        """One flat row per path, best first (``pd.DataFrame(ranked.to_dicts())``)."""
        return [p.to_dict() for p in self.ranked]

    def __str__(self) -> str:
        return format_paths(self)

    def _repr_html_(self) -> str:
        return paths_html(self)


# -- scoring ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Profile:
    """What one text shows, in the terms paths need."""

    text: str
    kind: str
    scores: Mapping[str, float]
    shown: Mapping[str, bool]
    competency_evidence: Mapping[str, tuple[PathEvidence, ...]]
    roles: tuple[PathEvidence, ...]
    years: float | None
    parts: tuple[ResumePart, ...]  # for résumés; empty for postings

    def credit_at(self, pos: int) -> tuple[str, float]:
        """The part at ``pos`` and how much a signal there counts (0 on a heading)."""
        if not self.parts:
            return "posting", 1.0
        return _credit(self.parts, pos, all(p.kind == "other" for p in self.parts))


def _from_resume(r: Resume) -> _Profile:
    evidence = {
        cid: tuple(
            PathEvidence("competency", cid, e.term, e.start, e.end, e.part, e.weight)
            for e in sorted(c.evidence, key=lambda e: -e.weight)
            if not e.is_trait
        )
        for cid, c in r.competencies.items()
    }
    roles = tuple(PathEvidence("subtype", e.match.category, e.term, e.start, e.end, e.part, e.weight) for e in r.roles)
    return _Profile(
        r.text,
        "resume",
        {cid: c.score for cid, c in r.competencies.items()},
        {cid: c.shown for cid, c in r.competencies.items()},
        evidence,
        roles,
        r.years,
        r.parts,
    )


def _from_posting(a: PostingAnalysis) -> _Profile:
    evidence = {
        cid: tuple(
            PathEvidence("competency", cid, m.term, m.start, m.end, "posting", 1.0)
            for m in c.evidence
            if m.strength != "implied"
        )
        for cid, c in a.competencies.items()
    }
    roles = tuple(
        PathEvidence("subtype", m.category, m.term, m.start, m.end, "posting", 1.0)
        for m in a.role_matches
        if m.section not in ("company", "benefits")
    )
    years = a.experience_years[0] if a.experience_years else None
    return _Profile(
        a.text,
        "posting",
        {cid: c.score for cid, c in a.competencies.items()},
        {cid: bool(evidence[cid]) for cid in a.competencies},
        evidence,
        roles,
        None if years is None else float(years),
        (),
    )


def _signal_hits(signal: Signal, prof: _Profile) -> tuple[float, tuple[PathEvidence, ...]]:
    """The best credit of a signal in the text, and its occurrences (best first, a few)."""
    hits: list[PathEvidence] = []
    for pat in signal.patterns:
        for m in pat.finditer(prof.text):
            if m.end() <= m.start():
                continue
            part, credit = prof.credit_at(m.start())
            if credit <= 0:
                continue
            hits.append(PathEvidence("signal", signal.name, m.group(), m.start(), m.end(), part, credit))
            if len(hits) > 64:
                break
    if not hits:
        return 0.0, ()
    hits.sort(key=lambda e: (-e.credit, e.start, -(e.end - e.start)))
    seen: set[str] = set()
    best: list[PathEvidence] = []
    for h in hits:  # one per wording, and none inside another kept one (年度运营规划 in 制定年度运营规划)
        if h.term not in seen and not any(b.start <= h.start and h.end <= b.end for b in best):
            seen.add(h.term)
            best.append(h)
    return hits[0].credit, tuple(best[:3])


def _role_strength(roles: Sequence[PathEvidence], subtypes: Sequence[str]) -> tuple[float, tuple[PathEvidence, ...]]:
    best: dict[str, PathEvidence] = {}
    for e in roles:
        key = e.term.casefold()
        if e.name in subtypes and (key not in best or best[key].credit < e.credit):
            best[key] = e
    n = sum(e.credit for e in best.values())
    top = tuple(sorted(best.values(), key=lambda e: (-e.credit, e.start))[:4])
    return n, top


def _dominant(roles: Sequence[PathEvidence]) -> str | None:
    totals: dict[str, float] = {}
    seen: set[tuple[str, str]] = set()
    for e in sorted(roles, key=lambda e: -e.credit):
        key = (e.name, e.term.casefold())
        if key in seen:
            continue
        seen.add(key)
        totals[e.name] = totals.get(e.name, 0.0) + e.credit
    if not totals:
        return None
    return max(totals.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _score_path(path: CareerPath, prof: _Profile) -> PathMatch:
    reason: list[PathEvidence] = []
    gaps: list[PathGap] = []
    # profile
    if path.profile == "peak":
        cid = max(prof.scores, key=lambda c: prof.scores[c]) if prof.scores else None
        profile_fit = prof.scores[cid] if cid else 0.0
        if cid and prof.scores[cid] > 0:
            reason.extend(prof.competency_evidence[cid][:2])
    else:
        weights = {c: w for c, w in path.profile.items() if c in prof.scores}
        total = sum(weights.values())
        profile_fit = sum(w * prof.scores[c] for c, w in weights.items()) / total if total else 0.0
        for c, w in sorted(weights.items(), key=lambda kv: -kv[1]):
            if prof.shown.get(c):
                reason.extend(prof.competency_evidence[c][:2])
            elif w >= GAP_PROFILE_WEIGHT:
                gaps.append(PathGap("competency", c, COMPETENCIES.get(c, c)))
    # signals
    sig_total = sum(s.weight for s in path.signals)
    sig_sum = 0.0
    core_credits: list[float] = []
    for s in path.signals:
        credit, hits = _signal_hits(s, prof)
        sig_sum += s.weight * credit
        reason.extend(hits[:2])
        if s.core:
            core_credits.append(credit)
            if credit < SHOWN_CREDIT:
                gaps.append(PathGap("signal", s.name, s.name))
    signal_fit = sig_sum / sig_total if sig_total else 0.0
    core_factor = CORE_FLOOR + (1 - CORE_FLOOR) * (sum(core_credits) / len(core_credits)) if core_credits else 1.0
    # sub-types
    focus: str | None = None
    subtype_fit: float | None = None
    if path.subtypes == "dominant":
        focus = _dominant(prof.roles)
        if focus is not None:
            n, top = _role_strength(prof.roles, [focus])
            n_all, _ = _role_strength(prof.roles, sorted({e.name for e in prof.roles}))
            subtype_fit = (1 - math.exp(-n / SUBTYPE_SATURATION)) * (n / n_all if n_all > 0 else 0.0)
            reason.extend(top)
        else:
            subtype_fit = 0.0
    elif path.subtypes:
        n, top = _role_strength(prof.roles, path.subtypes)
        subtype_fit = 1 - math.exp(-n / SUBTYPE_SATURATION)
        reason.extend(top)
    # years
    years_factor = 1.0
    if path.min_years > 0 and prof.years is not None and prof.years < path.min_years:
        years_factor = min(1.0, YEARS_FLOOR + (1 - YEARS_FLOOR) * prof.years / path.min_years)
        gaps.append(PathGap("years", "min_years", f"{path.min_years:g}年以上经验（约{prof.years:.1f}年）"))
    neutral = NEUTRAL_SUBTYPES if subtype_fit is None else subtype_fit
    w_profile, w_signals, w_subtypes = path.weights
    base = w_profile * profile_fit + w_signals * signal_fit + w_subtypes * neutral
    score = years_factor * core_factor * base
    return PathMatch(
        path.id,
        path.label,
        path.group,
        path.group_label,
        path.summary,
        score,
        tuple(reason),
        tuple(gaps),
        PathScoreParts(profile_fit, signal_fit, subtype_fit, core_factor, years_factor),
        focus,
    )


def _looks_like_resume(text: str) -> bool:
    return len({p.kind for p in split_parts(text) if p.kind != "other"}) >= 2


def paths(
    text_or_analysis: str | PostingAnalysis | Resume | PathLike[str],
    *,
    kind: str = "auto",
    analyzer: Analyzer | None = None,
    paths_file: str | PathLike[str] | None = None,
) -> CareerPaths:
    """The article's career paths ranked for a résumé or a posting, each with its reason and gap.

    ``text_or_analysis`` is a ``Resume``, a ``PostingAnalysis``, a résumé file (a path object),
    or text; ``kind`` says what text is (``"resume"``, ``"posting"``, or ``"auto"``: a résumé
    when it has at least two résumé part headings such as 工作经历 and 教育背景).

    >>> ranked = paths("## 工作经历\\n负责亚马逊美国站运营，Listing优化\\n## 技能证书\\n英语专业八级")
    >>> ranked[0].id, [str(g) for g in ranked[0].gap]
    ('cross_border', ['数据分析能力', '市场分析能力'])
    """
    if kind not in ("auto", "resume", "posting"):
        raise ValueError(f"kind must be 'auto', 'resume' or 'posting', got {kind!r}")
    known = load_paths(paths_file)
    prof: _Profile
    if isinstance(text_or_analysis, Resume):
        prof = _from_resume(text_or_analysis)
    elif isinstance(text_or_analysis, PostingAnalysis):
        prof = _from_posting(text_or_analysis)
    elif isinstance(text_or_analysis, PathLike):
        prof = _from_resume(read_resume(text_or_analysis, analyzer))
    elif isinstance(text_or_analysis, str):
        is_resume = kind == "resume" or (kind == "auto" and _looks_like_resume(text_or_analysis))
        if is_resume:
            prof = _from_resume(parse_resume(text_or_analysis, analyzer))
        else:
            if analyzer is None:
                from opsmatch.analyzer import default_analyzer

                analyzer = default_analyzer()
            prof = _from_posting(analyzer.analyze(text_or_analysis))
    else:
        raise TypeError(
            f"paths() takes a text, a Resume, a PostingAnalysis or a file path, got {type(text_or_analysis).__name__}"
        )
    order = {p.id: i for i, p in enumerate(known)}
    ranked = sorted((_score_path(p, prof) for p in known), key=lambda m: (-m.score, order[m.id]))
    return CareerPaths(tuple(ranked), prof.kind, prof.text)


# -- display ------------------------------------------------------------------------------
def format_paths(ranked: CareerPaths, k: int | None = None) -> str:
    """The ranked paths as readable text: score, label, reason and gap per path."""
    rows = ranked.ranked if k is None else ranked.ranked[:k]
    what = "简历" if ranked.kind == "resume" else "岗位"
    lines = [f"职业发展方向（按{what}证据排序）"]
    for i, p in enumerate(rows, 1):
        bar = "█" * round(p.score * 10) + "·" * (10 - round(p.score * 10))
        lines.append(f"{i:>2}. {p.title}  [{p.group_label}]  {bar} {p.score:.2f}")
        lines.append(f"    依据：{p.why or '—'}")
        lines.append(f"    差距：{'、'.join(g.label for g in p.gap) or '—'}")
    return "\n".join(lines)


def _esc(text: str) -> str:
    return html.escape(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]", "\ufffd", text), quote=True)


def paths_html(ranked: CareerPaths, k: int | None = None) -> str:
    """An HTML table of the ranked paths (what Jupyter shows); every text escaped."""
    rows = []
    cell = "padding:3px 10px 3px 0;text-align:left;vertical-align:top;border:none"
    for p in ranked.ranked if k is None else ranked.ranked[:k]:
        pct = max(0.0, min(1.0, p.score)) * 100
        bar = (
            '<div style="display:inline-block;width:6em;height:0.7em;background:#EAEEF2;border-radius:3px">'
            f'<div style="width:{pct:.0f}%;height:100%;background:#4E79A7;border-radius:3px"></div></div>'
        )
        rows.append(
            f'<tr><td style="{cell};white-space:nowrap"><b>{_esc(p.title)}</b><br>'
            f'<span style="color:#57606A;font-size:85%">{_esc(p.group_label)}</span></td>'
            f'<td style="{cell};white-space:nowrap">{bar} {p.score:.2f}</td>'
            f'<td style="{cell}">{_esc(p.why or "—")}</td>'
            f'<td style="{cell};color:#CF222E">{_esc("、".join(g.label for g in p.gap) or "—")}</td></tr>'
        )
    head = "".join(f'<th style="{cell}">{h}</th>' for h in ("方向 path", "得分 score", "依据 reason", "差距 gap"))
    return (
        '<div class="opsmatch-paths" style="font-family:sans-serif;color:#1F2328;background:#FFFFFF">'
        f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
