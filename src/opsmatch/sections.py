"""Step 2 of the flow: split a normalized posting into sections.

Postings are written as 岗位职责 / 任职要求 / 加分项 blocks, often with a company blurb and a
benefits list around them. Knowing the section lets evidence say where it was found and keeps
boilerplate (公司介绍, 福利) from counting as a requirement.

A heading word counts only where a heading can stand (``heading_at``):

- where a line or sentence starts (start of text, after a line break, 。；！？, a bullet mark or
  white space, with list numbers and 【】 allowed around it) and a line or a colon ends it; or
- anywhere it is directly followed by ：/: (岗位要求：…) outside parentheses; or
- in text an export stripped of all punctuation (51job writes space-joined words), between
  spaces: ``岗位职责 负责… 福利待遇 五险一金``.

Every section ends where the next heading starts, so a benefits part ends at the next duties
or requirements heading. Without headings, lines (or, in unpunctuated text, space-separated
pieces) that list benefits are marked as benefits, and company blurb lines as company.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BOILERPLATE",
    "HEADING_KIND",
    "SECTIONS",
    "Heading",
    "Section",
    "find_headings",
    "heading_at",
    "is_flat",
    "reference_headings",
    "section_at",
    "sections_at",
    "split_sections",
]

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
    "benefits": "福利待遇|薪资福利|薪酬福利|员工福利|薪资待遇|职位福利|公司福利|我们提供|你将获得|福利|待遇|benefits",
    "company": "公司介绍|公司简介|关于我们|企业介绍|公司概况|团队介绍|about us",
}
HEADING_KIND: dict[str, str] = {h: kind for kind, alts in _HEADINGS.items() for h in alts.split("|")}
"""Heading word -> section kind."""

# the heading grammar, once: where a heading may stand, what may decorate it, what ends it
_STAND = "\n。；;!！?？#*>【[ \t\u3000"  # a heading may start just after one of these (or at the start)
_DECOR = " \t\u3000【[、.)．0123456789一二三四五六七八九十"  # list numbers, brackets, spaces before the word
_CLOSE = "】]"
_COLONS = ":："
_PAREN = re.compile(r"[(（)）]")
_FLAT_PUNCT = re.compile(r"[\n。；;!！?？,，:：]")  # list commas (、) may survive such exports
_WORD = re.compile("|".join(sorted(HEADING_KIND, key=len, reverse=True)))

_COMPANY_LINE = re.compile(
    r"^\s*(?:我们是|公司成立于|公司是|本公司|公司简介|集团成立|"
    r".{0,20}(?:公司|集团)(?:成立于|成立\d|创立于|始创于|是一家|致力于|坐落于|总部位于|总部设在))"
)
_COMPANY_HINT = re.compile(
    r"我们是|成立于|成立\d|创立于|始创于|坐落于|总部位于|总部设在|本公司|公司是|公司简介|集团|是一家|致力于"
)
_BENEFIT = re.compile(
    r"五险一金|六险一金|带薪年假|年终奖|下午茶|节日福利|弹性工作|包吃住|团建|周末双休|年底双薪|绩效奖金|"
    r"定期体检|员工旅游|餐补|交通补贴|通讯补贴|住房补贴|全勤奖|补充医疗"
)
_FLAT_PIECE = re.compile(r"[^ ]+ *|  *")


@dataclass(frozen=True)
class Section:
    """A run of the normalized text, [start, end), of one kind (a key of ``SECTIONS``)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A heading found in the text: where its section starts, the heading word and its kind."""

    start: int
    word_start: int
    word: str

    @property
    def kind(self) -> str:
        return HEADING_KIND[self.word]


def is_flat(text: str) -> bool:
    """Whether ``text`` has no sentence punctuation, commas, colons or line breaks (a board export
    stripped them; a list comma 、 may be left).

    >>> is_flat("岗位职责 负责店铺运营"), is_flat("岗位职责：负责店铺运营")
    (True, False)
    """
    return _FLAT_PUNCT.search(text) is None


def heading_at(text: str, start: int, word: str, flat: bool, in_parens: bool) -> int | None:
    """Where the section starts when heading word ``word`` at ``start`` is a heading, else ``None``.

    This is the heading grammar itself (see the module docstring), checked at one place:
    linear in the decoration and white space around the word.

    >>> heading_at("一、岗位职责\\n写文案", 2, "岗位职责", False, False), heading_at("负责职责范围", 2, "职责", False, False)
    (0, None)
    """
    end = start + len(word)
    lead = start
    while lead > 0 and text[lead - 1] in _DECOR:
        lead -= 1
    # the leftmost place in the decoration where a heading may stand
    stand = None
    for p in range(lead, start + 1):
        if p == 0 or text[p - 1] in _STAND:
            stand = p
            break
    n = len(text)
    after = end
    closed = after < n and text[after] in _CLOSE
    after += closed
    while after < n and text[after] in " \t\u3000":
        after += 1
    ends = closed or after == n or text[after] in "\n" + _CLOSE + _COLONS
    colon = after < n and text[after] in _COLONS
    if stand is not None and ends:
        return stand
    if colon and not in_parens:
        return start if stand is None else stand
    if flat and stand is not None and (end == n or text[end] == " "):
        return stand
    return None


def find_headings(text: str) -> list[Heading]:
    """Every heading of ``text``, in order, in time linear in the text.

    A plain scan finds each heading word (the longest at its place); ``heading_at`` decides.
    A word that is not a heading lets the scan resume one character later, so overlapping
    words are tried too (岗位职责描述 → 职责描述). The parentheses open on the current line are
    counted as the scan goes (``reference_headings``, its plain meaning, recounts them at every
    word; a property test holds the two equal).
    """
    out: list[Heading] = []
    flat = is_flat(text)
    parens = "(" in text or "（" in text
    pos = 0
    depth, depth_at = 0, 0  # open parentheses on the current line, counted up to depth_at
    while True:
        cand = _WORD.search(text, pos)
        if cand is None:
            return out
        start, word = cand.start(), cand.group()
        if parens:
            depth, depth_at = _paren_depth(text, depth_at, start, depth), start
        pos = _take(out, text, start, word, flat, depth)


def reference_headings(text: str) -> list[Heading]:
    """The plain meaning of ``find_headings``: at each place, the longest heading word there,
    asked of ``heading_at`` with its parentheses counted afresh (quadratic: for tests)."""
    words = sorted(HEADING_KIND, key=len, reverse=True)
    flat = is_flat(text)
    out: list[Heading] = []
    start = 0
    while start < len(text):
        word = next((w for w in words if text.startswith(w, start)), None)
        if word is None:
            start += 1
        else:
            start = _take(out, text, start, word, flat, _paren_depth(text, 0, start, 0))
    return out


def _take(out: list[Heading], text: str, start: int, word: str, flat: bool, depth: int) -> int:
    """Append the heading that ``word`` at ``start`` makes, if it is one and does not overlap the
    previous heading's word; return where the scan goes on (after the word, or one character on)."""
    cut = heading_at(text, start, word, flat, depth > 0)
    if cut is not None and cut >= (out[-1].word_start + len(out[-1].word) if out else 0):
        out.append(Heading(cut, start, word))
        return start + len(word)
    return start + 1


def _paren_depth(text: str, frm: int, to: int, depth: int) -> int:
    """The open-parenthesis depth at ``to`` on its line, given ``depth`` at ``frm`` (same line or earlier)."""
    piece = text[frm:to]
    line = piece.rfind("\n")
    if line >= 0:
        piece, depth = piece[line + 1 :], 0
    for ch in _PAREN.findall(piece):
        if ch in "(（":
            depth += 1
        elif depth:
            depth -= 1
    return depth


def split_sections(text: str) -> tuple[Section, ...]:
    """Cover ``text`` with sections, in order; text before any heading is ``other``.

    >>> [s.kind for s in split_sections("岗位职责：写文案\\n任职要求：熟悉Excel")]
    ['duties', 'requirements']
    >>> [s.kind for s in split_sections("岗位职责 负责店铺数据分析 福利待遇 五险一金 任职要求 熟悉excel")]
    ['duties', 'benefits', 'requirements']
    """
    cuts: list[tuple[int, str]] = [(0, "other")]
    cuts.extend((h.start, h.kind) for h in find_headings(text))
    sections: list[Section] = []
    flat = None
    for (start, kind), (end, _) in zip(cuts, [*cuts[1:], (len(text), "")]):
        if end > start or (start == 0 and not text):
            if kind == "other":
                flat = is_flat(text) if flat is None else flat
                sections.extend(_refine(text, Section(kind, start, end), flat))
            else:
                sections.append(Section(kind, start, end))
    return tuple(sections) or (Section("other", 0, len(text)),)


def _refine(text: str, section: Section, flat: bool) -> list[Section]:
    """Mark headless company-blurb and benefit lines (pieces, in flat text) of an ``other`` section.

    A line is benefits when it names two benefits; in flat text, a run of pieces that each
    name one, two or more in all.
    """
    body = text[section.start : section.end]
    if not _BENEFIT.search(body) and not _COMPANY_HINT.search(body):
        return [section]
    units = _FLAT_PIECE.findall(body) if flat else body.splitlines(keepends=True)
    counts = [len(_BENEFIT.findall(u)) for u in units]
    kinds = ["company" if _COMPANY_LINE.match(u) else "other" for u in units]
    if flat:
        i = 0
        while i < len(units):
            j = i
            while j < len(units) and counts[j] > 0:
                j += 1
            if sum(counts[i:j]) >= 2:
                kinds[i:j] = ["benefits"] * (j - i)
            i = max(j, i + 1)
    else:
        kinds = ["benefits" if c >= 2 and k == "other" else k for c, k in zip(counts, kinds)]
    out: list[Section] = []
    pos = section.start
    for unit, kind in zip(units, kinds):
        if out and out[-1].kind == kind:
            out[-1] = Section(kind, out[-1].start, pos + len(unit))
        else:
            out.append(Section(kind, pos, pos + len(unit)))
        pos += len(unit)
    return out or [section]


def section_at(sections: tuple[Section, ...], pos: int) -> str:
    """The kind of the section that holds normalized offset ``pos``."""
    return sections_at(sections, [pos])[0]


def sections_at(sections: tuple[Section, ...], positions: Sequence[int]) -> list[str]:
    """The kind of the section that holds each normalized offset of ``positions``."""
    if len(sections) == 1:  # most postings
        return [sections[0].kind] * len(positions)
    starts = [s.start for s in sections]
    return [sections[bisect.bisect_right(starts, pos) - 1].kind for pos in positions]  # sections start at 0
