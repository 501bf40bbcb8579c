"""What level a posting hires at: seniority, years of experience, minimum education.

``read_profile(text, title)`` reads the three from a posting, the title first:

* ``seniority``: one rung of the ladder in ``SENIORITY`` (``intern`` 实习 … ``vp`` VP/副总裁),
  from the title's rung words (资深运营专员 → senior, 运营总监助理 → junior); when the title
  names none, from the text (实习生, 每周到岗3天 → intern; 应届毕业生 as the audience → graduate).
* ``experience_years``: ``(min, max)`` years of work experience required, ``None`` for an open
  end (3年以上 → (3, None), 3-5年 → (3, 5), 经验不限 → (0, None), graduates only → (0, 0)).
  A clause that ends in 优先 / 加分 / 为佳 is a preference, not a requirement.
* ``education``: the minimum degree required, an id of ``EDUCATION`` (本科及以上 → bachelor,
  本科或硕士 → bachelor, 硕士优先 alone → not required).

Company blurbs and benefits (``opsmatch.sections.BOILERPLATE``) never count. The words are data
(``opsmatch/data/profile.toml``); the conventions, and how they were measured against a
reader: ``benchmarks/gold/PROFILE.md``.

>>> p = read_profile("任职要求：本科及以上学历，3年以上新媒体运营经验，有电商经验者优先", title="资深新媒体运营")
>>> p.seniority, p.experience_years, p.education
('senior', (3, None), 'bachelor')
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from opsmatch.normalize import normalize
from opsmatch.sections import BOILERPLATE, Section, split_sections

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["EDUCATION", "SENIORITY", "Profile", "read_profile"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "profile.toml"

SENIORITY: dict[str, str] = {
    "intern": "实习",
    "graduate": "校招/应届",
    "junior": "初级/助理",
    "specialist": "专员",
    "senior": "资深/高级",
    "lead": "主管/组长",
    "manager": "经理",
    "director": "总监",
    "vp": "VP/副总裁",
}
"""Seniority rung id -> Chinese label, from the bottom of the ladder to the top."""

EDUCATION: dict[str, str] = {
    "none": "学历不限",
    "secondary": "高中/中专",
    "college": "大专",
    "bachelor": "本科",
    "master": "硕士",
    "doctor": "博士",
}
"""Education id -> Chinese label, from the lowest to the highest degree."""

Years = tuple[float | None, float | None]


@dataclass(frozen=True)
class Profile:
    """Seniority rung, ``(min, max)`` years of experience and minimum degree (each ``None`` when not stated)."""

    seniority: str | None = None
    experience_years: Years | None = None
    education: str | None = None


# -- the words, compiled once -------------------------------------------------------------
_BREAK = r"[，,。；;！!？?\n]"
_CLAUSE_BREAK = re.compile(r"(?=[，,。；;！!？?\n\s])(?:" + _BREAK + r"|\s{2,})")
_NUMERAL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _alternation(words: Iterable[str], fast: bool = True) -> str:
    """One regex alternative per word, longest first; ASCII words on word boundaries.

    A lookahead on the words' first characters lets the engine skip every other position at
    once (Python's ``re`` otherwise tries each alternative at each position: 4x slower here).
    """
    parts = []
    firsts = set()
    for w in sorted(set(words), key=len, reverse=True):
        esc = re.escape(w)
        if w.isascii() and w[:1].isalnum():
            esc = rf"(?<![a-z0-9]){esc}(?![a-z0-9])"
        parts.append(esc)
        firsts.add(w[:1])
    if not fast:
        return "|".join(parts)
    guard = "".join(re.escape(c) for c in sorted(firsts))  # a set: no repeats
    return rf"(?=[{guard}])(?:{'|'.join(parts)})"


def _first_chars(pattern: str) -> str | None:
    """What can start a match of one of our patterns, as a character-class body, or ``None``
    when it cannot be told (then the list goes unguarded). Our patterns begin with a literal,
    ``\\d`` or a group of literal alternatives ``(?:每周|一周|周)``."""
    if pattern.startswith("(?:"):
        body = pattern[3 : pattern.find(")")]
        alts = body.split("|")
        if all(a and a[0] not in "\\[(.^$?*+{" for a in alts):
            return "".join(re.escape(a[0]) for a in alts)
        return None
    if pattern.startswith("\\d"):
        return "0-9"
    return re.escape(pattern[0]) if pattern[0] not in "\\[(.^$?*+{|" else None


def _guarded(patterns: Sequence[str], fast: bool = True) -> str:
    """The patterns as one alternation, behind a lookahead on what can start them (4x faster)."""
    firsts = [_first_chars(p) for p in patterns]
    joined = "|".join(patterns)
    if not fast or any(f is None for f in firsts):
        return joined
    return rf"(?=[{''.join(dict.fromkeys(f for f in firsts if f))}])(?:{joined})"


@dataclass(frozen=True)
class _Rules:
    fast: bool
    clause_break: re.Pattern[str]
    title_rung: re.Pattern[str]
    rung_of: dict[str, str]
    not_a_rung: re.Pattern[str]
    text_intern: re.Pattern[str]
    text_graduate: re.Pattern[str]
    intern_requires: tuple[str, ...]
    graduate_requires: tuple[str, ...]
    graduate_optional: re.Pattern[str]
    years: re.Pattern[str]
    cue_after: re.Pattern[str]
    cue_before: re.Pattern[str]
    preference: re.Pattern[str]
    none_needed: re.Pattern[str]
    none_needed_requires: str
    degree: re.Pattern[str]
    degree_of: dict[str, str]
    not_a_degree: re.Pattern[str]
    context_free: frozenset[str]
    context_after: re.Pattern[str]
    context_before: re.Pattern[str]
    degree_preference: re.Pattern[str]


@lru_cache(maxsize=2)
def _rules(fast: bool = True) -> _Rules:
    """The compiled words. ``fast=False`` is the plain reference: no lookahead guards, no
    shortcuts in the code (``_profile_plain``); a property test holds the two equal."""
    data: dict[str, Any] = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    sen, exp, edu = data["seniority"], data["experience"], data["education"]
    rung_of = {w: rung for rung, words in sen["title"].items() for w in words}
    degree_of = {w: rid for rid in EDUCATION for w in edu[rid]}
    pref = exp["preference"]
    return _Rules(
        fast=fast,
        clause_break=_CLAUSE_BREAK if fast else re.compile(_BREAK + r"|\s{2,}"),
        title_rung=re.compile(_alternation(rung_of, fast)),
        rung_of=rung_of,
        not_a_rung=re.compile(_alternation(sen["not_a_rung"]["words"], fast)),
        text_intern=re.compile(_guarded(sen["text"]["intern"], fast)),
        text_graduate=re.compile(_guarded(sen["text"]["graduate"], fast)),
        intern_requires=tuple(sen["text"]["intern_requires"]),
        graduate_requires=tuple(sen["text"]["graduate_requires"]),
        graduate_optional=re.compile(sen["text"]["graduate_optional"]),
        years=re.compile(
            (r"(?=[至不超最满\d])" if fast else "") + r"(?:(?P<pre>至少|不少于|不低于|超过|最少|满)\s*)?"
            r"(?<![\d.])(?P<a>\d{1,2}(?:\.\d)?)\s*(?:年)?\s*"
            r"(?:(?:-|~|至|到|—|–)\s*(?P<b>\d{1,2}(?:\.\d)?)\s*)?"
            r"(?:\+\s*)?年(?![级度代底初末届前后月份纪])"
            r"(?P<post>\s*(?:及以上|或以上|以上|\+|以内|以下|及以下|左右|内)?)"
        ),
        cue_after=re.compile(exp["cue_after"]),
        cue_before=re.compile(exp["cue_before"]),
        preference=re.compile(pref),
        none_needed=re.compile(_alternation(exp["none_needed"], fast)),
        none_needed_requires=exp["none_needed_requires"],
        degree=re.compile(_alternation(degree_of, fast)),
        degree_of=degree_of,
        not_a_degree=re.compile(_alternation(edu["not_a_degree"], fast)),
        context_free=frozenset(edu["context_free"]),
        context_after=re.compile(edu["context_after"]),
        context_before=re.compile(rf"(?:{edu['context_before']})$"),
        degree_preference=re.compile(
            r"(?:及以上|以上|或以上|及其以上|学历|学位|毕业生?|在读|在校生?|研究生|生|者|的|\(含\)|\s)*"
            rf"(?:者)?(?:{pref})"
        ),
    )


# -- text helpers -------------------------------------------------------------------------
_CHINESE_YEARS = re.compile(
    r"(?=[一二两三四五六七八九十半])(?<![\d一二两三四五六七八九十])"
    r"([一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]|半)年"
)
_CHINESE_YEARS_PLAIN = re.compile(_CHINESE_YEARS.pattern.replace("(?=[一二两三四五六七八九十半])", ""))
_HALF_YEAR = re.compile(r"(\d+)年半")
_NUMERAL_CHARS = frozenset("一二两三四五六七八九十半")


def _has_chinese_years(text: str) -> bool:
    """Whether a Chinese numeral or 半 stands before a 年, or 半 after one (what ``_CHINESE_YEARS`` rewrites)."""
    i = text.find("年", 1)
    while i != -1:
        if text[i - 1] in _NUMERAL_CHARS or text.startswith("半", i + 1):
            return True
        i = text.find("年", i + 1)
    return False


def _chinese_years(text: str, fast: bool = True) -> str:
    """Chinese numerals and 半 before 年 as digits (两年 → 2年, 十年 → 10年, 一年半 → 1.5年, 半年 → 0.5年)."""
    if fast and not _has_chinese_years(text):  # most texts: a few str.find calls, no substitution
        return text

    def number(m: re.Match[str]) -> str:
        s = m.group(1)
        if s == "半":
            return " 0.5年"
        if s == "十":
            value = 10
        elif s.startswith("十"):
            value = 10 + _NUMERAL[s[1]]
        elif s.endswith("十"):
            value = _NUMERAL[s[0]] * 10
        elif "十" in s:
            value = _NUMERAL[s[0]] * 10 + _NUMERAL[s[2]]
        else:
            value = _NUMERAL[s]
        return f" {value}年"  # a space: 2.五年 (item 2, five years) must not read as 2.5 years

    text = re.sub(
        r"(?<![\d一二两三四五六七八九十])([一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]|半)年",
        number,
        text,
    )
    return re.sub(r"(\d+)年半", r"\1.5年", text)


def _spans(text: str, sections: Sequence[Section]) -> list[tuple[int, int]]:
    """The parts of ``text`` that are not company blurb or benefits.

    When boilerplate covers (nearly) all of the text, the split failed — 51job's flattened
    one-line postings with a benefit word become one "benefits" section — so all of it is read.
    """
    kept = [(s.start, s.end) for s in sections if s.kind not in BOILERPLATE]
    if sum(hi - lo for lo, hi in kept) < 0.2 * len(text):
        return [(0, len(text))]
    return kept


def _clause_bounds(r: _Rules, text: str, start: int, end: int, reach: int = 40) -> tuple[int, int]:
    """The clause around ``text[start:end]`` (between clause punctuation or 2+ spaces), at most
    ``reach`` characters to each side."""
    lo = max(0, start - reach)
    left = max((m.end() for m in r.clause_break.finditer(text, lo, start)), default=lo)
    m = r.clause_break.search(text, end, end + reach)
    return left, (m.start() if m else min(len(text), end + reach))


def _clause_starts(r: _Rules, text: str) -> list[int]:
    """Where each clause of ``text`` starts (for grouping words by clause)."""
    return [0, *(m.end() for m in r.clause_break.finditer(text))]


# -- seniority ----------------------------------------------------------------------------
_RANK = {rung: i for i, rung in enumerate(SENIORITY)}


def _title_seniority(r: _Rules, title: str) -> str | None:
    masked = r.not_a_rung.sub(lambda m: " " * len(m.group(0)), title)
    found = [r.rung_of[m.group(0)] for m in r.title_rung.finditer(masked)]
    if not found:
        return None
    for early in ("intern", "graduate"):
        if early in found:
            return early
    if found[-1] == "junior":  # 助理 as the head noun: 总监助理, 运营助理
        return "junior"
    top = max(found, key=_RANK.__getitem__)
    if top == "specialist" and "junior" in found:  # 初级专员
        return "junior"
    return top


def _graduates(r: _Rules, text: str, spans: list[tuple[int, int]]) -> str | None:
    """``"only"`` when the text recruits graduates (应届毕业生, 2026届), ``"also"`` when it merely
    accepts them (应届生亦可, 或应届生), ``None`` when it does not say."""
    if r.fast and not any(w in text for w in r.graduate_requires):
        return None
    found = None
    for lo, hi in spans:
        for m in r.text_graduate.finditer(text, lo, hi):
            after = text[m.end() : m.end() + 8]
            before = text[max(lo, m.start() - 4) : m.start()]
            if not r.graduate_optional.search(after) and "或" not in before:
                return "only"
            found = "also"
    return found


def _text_seniority(r: _Rules, text: str, spans: list[tuple[int, int]], graduates: str | None) -> str | None:
    may_be_intern = not r.fast or any(w in text for w in r.intern_requires)
    if may_be_intern and any(r.text_intern.search(text, lo, hi) for lo, hi in spans):
        return "intern"
    return "graduate" if graduates == "only" else None


# -- experience ---------------------------------------------------------------------------
def _years_value(raw: str) -> float:
    """A number of years; a fraction other than .5 is a list number glued on (1.3年 = item 1, 3年)."""
    if "." in raw:
        frac = raw.split(".")[1]
        if frac != "5":
            return int(frac)
        return float(raw)
    return int(raw)


def _experience(r: _Rules, text: str, spans: list[tuple[int, int]]) -> Years | None:
    """The first required number of years in the non-boilerplate parts of ``text``."""
    parts = [_chinese_years(text[lo:hi], r.fast) for lo, hi in spans]
    for part in parts:
        if r.fast and "年" not in part:  # every number of years ends in 年
            continue
        for m in r.years.finditer(part):
            c_lo, c_hi = _clause_bounds(r, part, m.start(), m.end())
            after = part[m.end() : min(c_hi, m.end() + 20)]
            before = part[max(c_lo, m.start() - 12) : m.start()]
            if not (r.cue_after.search(after) or r.cue_before.search(before)):
                continue
            if r.preference.search(part, m.end(), min(c_hi, m.end() + 30)):
                continue
            a = _years_value(m.group("a"))
            b = None if m.group("b") is None else _years_value(m.group("b"))
            post = m.group("post").strip()
            if b is not None:
                return (a, b) if a <= b else (b, a)
            if post in {"以内", "以下", "及以下", "内"}:
                return (0, a)
            return (a, None)
    if any((not r.fast or r.none_needed_requires in part) and r.none_needed.search(part) for part in parts):
        return (0, None)
    return None


# -- education ----------------------------------------------------------------------------
_EDU_RANK = {e: i for i, e in enumerate(EDUCATION)}


def _education(r: _Rules, text: str, spans: list[tuple[int, int]]) -> str | None:
    """The lowest degree required. A degree word without context of its own (优秀硕士) counts when
    another degree word of its clause has context (博士和优秀硕士); 优先 right after it drops it."""
    found: list[tuple[int, str, bool, bool]] = []  # (start, degree, has context, preferred)
    for lo, hi in spans:
        for m in r.degree.finditer(text, lo, hi):
            if r.not_a_degree.match(text, m.start()):  # 博士后, 硕士点
                continue
            word = m.group(0)
            degree = r.degree_of[word]
            context = (
                word in r.context_free
                or degree == "none"
                or bool(r.context_after.match(text, m.end()))
                or bool(r.context_before.search(text, max(0, m.start() - 4), m.start()))
            )
            found.append((m.start(), degree, context, bool(r.degree_preference.match(text, m.end()))))
    if not r.fast or (len(found) > 1 and not all(context for _, _, context, _ in found)):
        starts = _clause_starts(r, text)  # fast: only when grouping by clause can change anything
        clause_of = [bisect.bisect_right(starts, pos) for pos, _, _, _ in found]
        with_context = {c for c, (_, _, context, _) in zip(clause_of, found) if context}
        found = [(p, d, c in with_context, pref) for c, (p, d, _, pref) in zip(clause_of, found)]
    required = [degree for _, degree, context, preferred in found if context and not preferred]
    return min(required, key=_EDU_RANK.__getitem__) if required else None


# -- the whole profile --------------------------------------------------------------------
def profile_of(text: str, title: str | None, sections: Sequence[Section], *, _fast: bool = True) -> Profile:
    """The profile of an already normalized posting (``opsmatch.normalize``) and its sections.

    This is what ``Analyzer`` calls; ``read_profile`` normalizes first.
    """
    r = _rules(_fast)
    spans = _spans(text, sections)
    graduates = _graduates(r, text, spans)
    seniority = _title_seniority(r, title) if title else None
    if seniority is None:
        seniority = _text_seniority(r, text, spans, graduates)
    experience = _experience(r, text, spans)
    if experience is None:
        experience = (0, 0) if graduates == "only" else (0, None) if graduates == "also" else None
    return Profile(seniority, experience, _education(r, text, spans))


def _profile_plain(text: str, title: str | None, sections: Sequence[Section]) -> Profile:
    """``profile_of`` without its speed tricks (regex guards, the quick year scan, lazy clause
    grouping): the reference the property test and ``benchmarks/bench_profile.py`` compare with."""
    return profile_of(text, title, sections, _fast=False)


def read_profile(text: str, title: str | None = None) -> Profile:
    """Seniority, experience and education of one posting (title first, then the text).

    >>> read_profile("负责活动策划。要求：大专以上学历，经验不限", title="活动运营助理")
    Profile(seniority='junior', experience_years=(0, None), education='college')
    >>> read_profile("每周至少实习4天，本科或硕士在读").seniority
    'intern'
    """
    norm = normalize(text).text
    norm_title = normalize(title).text if title else None
    return profile_of(norm, norm_title, split_sections(norm))
