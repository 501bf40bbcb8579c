"""Candidate lexicon terms mined from your own postings (``opsmatch lexicon suggest``).

For each competency, the words and word pairs that occur in postings with evidence of it far
more often than in postings at large (lift = P(unit | competency) / P(unit), with a minimum
count), minus what the lexicon already matches: the words of an evidence span are masked
before counting, so what comes out is phrasing the lexicon does not hold yet. Each candidate
comes with its counts and two short contexts, for a person to judge; nothing is added by itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from opsmatch.normalize import normalize
from opsmatch.sections import BOILERPLATE, split_sections

if TYPE_CHECKING:
    import pandas as pd

    from opsmatch.analyzer import Analyzer

__all__ = ["Suggestion", "suggest_terms", "suggestions_frame"]

_UNIT = re.compile(r"[\u3400-\u9fffa-z]")
_ONLY_DIGITS = re.compile(r"[\d.%+\-]+")
# words of every posting, whatever it asks for: never a suggestion
_STOP = frozenset(
    [
        "负责",
        "工作",
        "能力",
        "经验",
        "以上",
        "相关",
        "具有",
        "良好",
        "优先",
        "公司",
        "进行",
        "以及",
        "岗位",
        "职位",
        "要求",
        "我们",
        "一定",
        "熟悉",
        "熟练",
        "能够",
        "具备",
        "完成",
        "参与",
        "提供",
        "根据",
        "通过",
        "学历",
        "本科",
        "大专",
        "专业",
        "年",
        "以上学历",
        "及以上",
        "及",
        "和",
        "或",
        "与",
        "等",
        "的",
        "了",
        "在",
        "对",
        "为",
        "是",
        "有",
        "任职",
        "职责",
        "描述",
        "内容",
        "其他",
        "其它",
        "相应",
        "各类",
        "各种",
        "日常",
        "主要",
        "积极",
        "较强",
        "强",
        "好",
        "高",
        "新",
        "上级",
        "领导",
        "安排",
        "交办",
    ]
)
_CONTEXT = 12


class Suggestion(NamedTuple):
    """A candidate term for a competency, with the evidence for suggesting it."""

    competency: str
    unit: str
    with_competency: int  # postings with evidence of the competency that hold the unit
    postings: int  # postings that hold the unit
    lift: float
    pmi: float
    contexts: tuple[str, ...]


def _units(tokens: Sequence[tuple[str, int, int]], masked: bytearray) -> dict[str, int]:
    """Words (2+ characters, a letter or a Han character) and adjacent word pairs outside the
    masked spans, each with the offset of its first occurrence."""
    out: dict[str, int] = {}
    prev: tuple[str, int] | None = None
    for word, start, end in tokens:
        ok = (
            len(word) >= 2
            and _UNIT.search(word) is not None
            and word not in _STOP
            and not _ONLY_DIGITS.fullmatch(word)
            and not any(masked[start:end])
        )
        if not ok:
            prev = None
            continue
        out.setdefault(word, start)
        if prev is not None:
            out.setdefault(prev[0] + word, prev[1])
        prev = (word, start)
    return out


def suggest_terms(
    texts: Iterable[str],
    analyzer: Analyzer | None = None,
    *,
    competency: str | None = None,
    top: int = 20,
    min_count: int = 5,
    min_lift: float = 1.5,
) -> list[Suggestion]:
    """Candidate terms per competency from ``texts``, best first (lift, then count).

    >>> from opsmatch.analyzer import Analyzer
    >>> texts = ["负责数据分析，关注复购指标"] * 6 + ["负责门店陈列，关注客流"] * 10
    >>> found = suggest_terms(texts, Analyzer(model=None), competency="data_analysis", min_count=3)
    >>> "复购指标" in {s.unit for s in found}, "关注" in {s.unit for s in found}
    (True, False)
    """
    if analyzer is None:
        from opsmatch.analyzer import Analyzer

        analyzer = Analyzer(model=None)
    wanted = [competency] if competency else list(analyzer.lexicon.competencies)
    unknown = [c for c in wanted if c not in analyzer.lexicon.competencies]
    if unknown:
        raise ValueError(f"unknown competency {unknown[0]!r}; the lexicon has {list(analyzer.lexicon.competencies)}")
    forms = analyzer.lexicon.surface_forms()
    total: Counter[str] = Counter()
    per: dict[str, Counter[str]] = {c: Counter() for c in wanted}
    claimed: Counter[str] = Counter()
    contexts: dict[tuple[str, str], list[str]] = defaultdict(list)
    n = 0
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        n += 1
        norm = normalize(text).text
        tokens = analyzer.tokenizer.tokenize(norm)
        sections = split_sections(norm)
        hits = analyzer.matcher.hits_many([norm], [[t.text for t in tokens]], [sections])[0]
        masked = bytearray(len(norm))
        for sec in sections:
            if sec.kind in BOILERPLATE:
                masked[sec.start : sec.end] = b"\x01" * (sec.end - sec.start)
        has = set()
        for h in hits:
            if h.term.category in analyzer.lexicon.competencies:  # sub-type keywords stay countable
                masked[h.start : h.end] = b"\x01" * (h.end - h.start)
            if not h.implied and h.term.category in per:
                has.add(h.term.category)
        units = {u: pos for u, pos in _units(tokens, masked).items() if u not in forms}
        total.update(units.keys())
        for cid in has:
            claimed[cid] += 1
            per[cid].update(units.keys())
            for unit, pos in units.items():
                seen = contexts[cid, unit]
                snippet = norm[max(0, pos - _CONTEXT) : pos + len(unit) + _CONTEXT].replace("\n", " ")
                if len(seen) < 2 and snippet not in seen:
                    seen.append(snippet)
    out: list[Suggestion] = []
    for cid in wanted:
        n_c = claimed[cid]
        if not n_c:
            continue
        found: list[Suggestion] = []
        for unit, k in per[cid].items():
            if k < min_count:
                continue
            lift = (k / n_c) / (total[unit] / n)
            if lift >= min_lift:
                found.append(Suggestion(cid, unit, k, total[unit], lift, math.log2(lift), tuple(contexts[cid, unit])))
        found.sort(key=lambda s: (-s.lift, -s.with_competency, s.unit))
        out.extend(found[:top])
    return out


def suggestions_frame(suggestions: Sequence[Suggestion]) -> pd.DataFrame:
    """The suggestions as a DataFrame (contexts joined with `` | ``)."""
    import pandas as pd

    rows = [(*s[:6], " | ".join(s.contexts)) for s in suggestions]
    frame: pd.DataFrame = pd.DataFrame(rows, columns=[*Suggestion._fields[:6], "contexts"])
    return frame
