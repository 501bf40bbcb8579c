"""Step 2 of the flow: split a normalized posting into sections.

Postings are written as 岗位职责 / 任职要求 / 加分项 blocks, often with a company blurb and a
benefits list around them. Knowing the section lets evidence say where it was found and
keeps boilerplate (公司介绍, 福利) from counting as a requirement.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = ["BOILERPLATE", "SECTIONS", "Section", "section_at", "split_sections"]

SECTIONS: dict[str, str] = {
    "duties": "岗位职责",
    "requirements": "任职要求",
    "bonus": "加分项",
    "benefits": "福利待遇",
    "company": "公司介绍",
    "other": "其他",
}
"""Section id -> Chinese label."""

BOILERPLATE = frozenset({"benefits", "company"})
"""Sections whose words describe the employer, not the job: never counted as evidence."""

_HEADINGS: dict[str, str] = {
    "duties": "岗位职责|工作职责|职位职责|岗位描述|职位描述|工作内容|工作描述|主要职责|职责描述|"
    "职责|你将负责|你要做的|你需要做的|你的职责|岗位内容|job description|responsibilities",
    "requirements": "任职要求|任职资格|岗位要求|职位要求|任职条件|岗位资格|能力要求|基本要求|"
    "我们希望你|我们期望你|你需要具备|希望你|我们需要你|要求|requirements|qualifications",
    "bonus": "加分项|加分条件|优先条件|优先考虑|加分|bonus points|nice to have|preferred",
    "benefits": "福利待遇|薪资福利|薪酬福利|员工福利|薪资待遇|我们提供|福利|待遇|benefits",
    "company": "公司介绍|公司简介|关于我们|企业介绍|公司概况|团队介绍|about us",
}
_HEADING_TO_KIND = {h: kind for kind, alts in _HEADINGS.items() for h in alts.split("|")}
_HEADING_RE = re.compile(
    r"(?:^|(?<=[。；;!！?？\s【\[#*>]))[ \t]*[【\[]?"
    r"(?:[一二三四五六七八九十\d]{1,2}[、.)]\s*)?"
    r"(?P<h>" + "|".join(sorted(_HEADING_TO_KIND, key=len, reverse=True)) + r")"
    r"[】\]]?[ \t]*(?:[:：]|\n|$|[】\]])",
    re.M,
)
# the heading words alone: a quick scan for candidates; _HEADING_RE then checks the context
_HEADING_WORD = re.compile("|".join(sorted(_HEADING_TO_KIND, key=len, reverse=True)))
# what may stand between a heading and the line start / punctuation _HEADING_RE requires
_HEADING_PREFIX = frozenset("【[一二三四五六七八九十、.)")  # with white space and digits
_HEADING_AFTER = frozenset("。；;!！?？【[#*>")  # with white space: what may stand just before a heading
_COMPANY_LINE = re.compile(
    r"^\s*(?:我们是|公司成立于|公司是|本公司|公司简介|集团成立|.{0,20}(?:公司|集团)(?:成立于|是一家|致力于))"
)
_COMPANY_HINT = re.compile(r"我们是|成立于|本公司|公司是|公司简介|集团|是一家|致力于")
_BENEFIT_LINE = re.compile(r"五险一金|带薪年假|年终奖|下午茶|节日福利|弹性工作|包吃住|团建|六险一金")


@dataclass(frozen=True)
class Section:
    """A run of the normalized text, [start, end), of one kind (a key of ``SECTIONS``)."""

    kind: str
    start: int
    end: int


def split_sections(text: str) -> tuple[Section, ...]:
    """Cover ``text`` with sections, in order; text before any heading is ``other``.

    >>> [s.kind for s in split_sections("岗位职责：写文案\\n任职要求：熟悉Excel")]
    ['duties', 'requirements']
    """
    cuts: list[tuple[int, str]] = [(0, "other")]
    for m in _headings(text):
        cuts.append((m.start(), _HEADING_TO_KIND[m.group("h")]))
    sections: list[Section] = []
    for (start, kind), (end, _) in zip(cuts, [*cuts[1:], (len(text), "")]):
        if end > start or (start == 0 and not text):
            sections.extend(_refine(text, Section(kind, start, end)))
    return tuple(sections) or (Section("other", 0, len(text)),)


def _may_start(text: str, pos: int) -> bool:
    """Whether _HEADING_RE's look-behind (or ``^``) holds at ``pos``: a cheap test before the regex."""
    return pos == 0 or text[pos - 1].isspace() or text[pos - 1] in _HEADING_AFTER


def _headings(text: str) -> list[re.Match[str]]:
    """``list(_HEADING_RE.finditer(text))``, about twice as fast.

    _HEADING_RE tries its look-behind at every character; here a plain scan finds each
    heading word, and _HEADING_RE runs from the first character of the prefix it may have.
    """
    out: list[re.Match[str]] = []
    pos = 0
    while True:
        cand = _HEADING_WORD.search(text, pos)
        if cand is None:
            return out
        first = lo = cand.start()
        while lo > pos and (text[lo - 1] in _HEADING_PREFIX or text[lo - 1].isspace() or text[lo - 1].isdecimal()):
            lo -= 1
        # the leftmost match, if any, starts in the prefix run (where its look-behind holds)
        # and takes this heading word
        m = None
        for p in range(lo, first + 1):
            if _may_start(text, p):
                m = _HEADING_RE.match(text, p)
                if m is not None:
                    break
        if m is None:
            pos = first + 1
            continue
        out.append(m)
        pos = m.end()


def _refine(text: str, section: Section) -> list[Section]:
    """Mark headless company-blurb and benefit lines inside an ``other`` section."""
    if section.kind != "other":
        return [section]
    body = text[section.start : section.end]
    if not _BENEFIT_LINE.search(body) and not _COMPANY_HINT.search(body):
        return [section]
    out: list[Section] = []
    pos = section.start
    for line in text[section.start : section.end].splitlines(keepends=True):
        kind = "other"
        if _COMPANY_LINE.match(line):
            kind = "company"
        elif len(_BENEFIT_LINE.findall(line)) >= 2:
            kind = "benefits"
        if out and out[-1].kind == kind:
            out[-1] = Section(kind, out[-1].start, pos + len(line))
        else:
            out.append(Section(kind, pos, pos + len(line)))
        pos += len(line)
    return out or [section]


def section_at(sections: tuple[Section, ...], pos: int) -> str:
    """The kind of the section that holds normalized offset ``pos``."""
    if len(sections) == 1:
        return sections[0].kind
    i = bisect.bisect_right([s.start for s in sections], pos) - 1
    return sections[max(i, 0)].kind
