"""How strongly a posting asks for what a match names: required, preferred, or implied (traits).

A cue counts only in its own clause: ``有A能力，有B经验者优先`` makes B preferred, not A.
Clauses end at sentence ends, commas, colons, list numbers, and (in text whose punctuation an
export stripped) at a space between two Chinese characters. A parenthesis is its own scope:
in ``熟悉Excel（会VBA者优先）`` only VBA is preferred, and everything inside
``（加分项：SQL、Python）`` is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

__all__ = [
    "CLAUSE_BREAK_PLAIN",
    "STRENGTHS",
    "Breaks",
    "clause_breaks",
    "reference_enclosing",
    "reference_outside_parens",
    "reference_segment",
    "strength_of",
]

STRENGTHS = ("required", "preferred", "implied")
"""``required`` (asked for), ``preferred`` (优先 / 加分 / 了解), ``implied`` (a trait that leans towards it)."""

# a clause ends at a sentence end, a comma, a colon, a bullet, an inline list number ("2、",
# "(3)"), or a space an export left between two Chinese characters in place of punctuation
CLAUSE_BREAK_PLAIN = re.compile(
    r"[。;；!！?？\n,，:：•●▪◆■]"
    r"|(?<!\d)\d{1,2}[、.．)](?!\d)"
    r"|[(（]\d{1,2}[)）]"
    r"|(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])"
)
# the same breaks, written to start with ONE character class (each alternative then checks,
# behind, which kind of character it was): the engine skips to candidates in C. It stays while
# benchmarks/compare_moment.py shows it pays (the plain form: 5-13% slower with rjieba);
# test_matcher holds the two equal
_CLAUSE_BREAK = re.compile(
    r"[。;；!！?？\n,，:：•●▪◆■(（\d ]"
    r"(?:(?<=[。;；!！?？\n,，:：•●▪◆■])"
    r"|(?<=(?<!\d)\d)\d?[、.．)](?!\d)"
    r"|(?<=[(（])\d{1,2}[)）]"
    r"|(?<=[\u3400-\u9fff] )(?=[\u3400-\u9fff]))"
)
_PAREN = re.compile(r"[(（)）]")
_PREFERRED = re.compile(r"优先(?!级)|加分|更佳|为佳|最好有|最好能|plus|bonus|nice to have")
_REQUIRED = re.compile(r"精通|熟练|熟悉|掌握|具备|具有|擅长|必须|负责|能够|需要|要求|会用|会使用|扎实|良好|较强|很强")
_WEAK = re.compile(r"(?:了解|知道|接触过|懂得?|听说过)[^,，、]{0,3}$")
_WINDOW = 80  # no cue sits further than this from its match


def clause_breaks(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the clause breaks of ``text``, in order.

    >>> clause_breaks("熟悉SQL，有Python经验者优先")
    [(5, 6)]
    """
    return [m.span() for m in _CLAUSE_BREAK.finditer(text)]


def _paren_pairs(text: str) -> list[tuple[int, int]]:
    """Balanced parenthesis pairs (either width), as (open, close) offsets sorted by ``open``."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _PAREN.finditer(text):
        if m.group() in "(（":
            stack.append(m.start())
        elif stack:
            pairs.append((stack.pop(), m.start()))
    pairs.sort()
    return pairs


class Breaks:
    """The clause breaks and parentheses of one text, found once, so that every match of the
    text finds its clause by bisection."""

    __slots__ = ("_ends", "_length", "_opens", "_pairs", "_starts")

    def __init__(self, text: str) -> None:
        spans = clause_breaks(text)
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]
        self._length = len(text)
        self._pairs = _paren_pairs(text)
        self._opens = [o for o, _ in self._pairs]

    @property
    def has_parens(self) -> bool:
        """Whether the text holds a balanced parenthesis pair."""
        return bool(self._pairs)

    def segment(self, start: int, end: int) -> tuple[int, int]:
        """The clause [seg_start, seg_end) around the match [start, end): from the end of the
        last break before it to the next break after it, at most ``_WINDOW`` characters away.

        >>> Breaks("熟悉SQL，有Python经验者优先").segment(7, 13)
        (6, 18)
        """
        i = bisect_right(self._ends, start) - 1
        seg_start = max(start - _WINDOW, self._ends[i] if i >= 0 else 0, 0)
        j = bisect_left(self._starts, end)
        limit = end + _WINDOW
        seg_end = self._starts[j] if j < len(self._starts) and self._ends[j] <= limit else min(self._length, limit)
        return seg_start, seg_end

    def enclosing(self, start: int, end: int) -> tuple[int, int] | None:
        """The innermost parenthesis pair (open, close) around [start, end), looked for within
        ``_WINDOW`` characters before it."""
        i = bisect_left(self._opens, start) - 1
        while i >= 0 and self._opens[i] >= start - _WINDOW:
            o, c = self._pairs[i]
            if c >= end:
                return o, c
            i -= 1
        return None

    def outside_parens(self, text: str, lo: int, hi: int, keep: tuple[int, int] | None) -> str:
        """``text[lo:hi]`` without the contents of the parentheses in it (other than ``keep``)."""
        pieces: list[str] = []
        pos = lo
        for o, c in self._pairs[bisect_left(self._opens, lo) :]:
            if o >= hi:
                break
            if o < pos or (keep is not None and o <= keep[0] and c >= keep[1]):
                continue  # inside a removed pair, or holding the match
            pieces.append(text[pos : o + 1])
            pos = min(c, hi)
        pieces.append(text[pos:hi])
        return "".join(pieces)


def reference_segment(text: str, start: int, end: int) -> tuple[int, int]:
    """The plain meaning of ``Breaks.segment``: the plain break regex, every break looked at.

    From the end of the last break that ends at or before ``start`` to the start of the first
    break that starts at or after ``end`` (when that break ends within ``_WINDOW`` of ``end``),
    never more than ``_WINDOW`` characters from the match.
    """
    spans = [m.span() for m in CLAUSE_BREAK_PLAIN.finditer(text)]
    seg_start = max([start - _WINDOW, 0, *(e for s, e in spans if e <= start)])
    after = [(s, e) for s, e in spans if s >= end]
    if after and after[0][1] <= end + _WINDOW:
        return seg_start, after[0][0]
    return seg_start, min(len(text), end + _WINDOW)


def reference_enclosing(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The plain meaning of ``Breaks.enclosing``: of the balanced pairs that open before
    ``start`` (at most ``_WINDOW`` before it) and close at or after ``end``, the innermost."""
    around = [(o, c) for o, c in _paren_pairs(text) if start - _WINDOW <= o < start and c >= end]
    return max(around, default=None)


def reference_outside_parens(text: str, lo: int, hi: int, keep: tuple[int, int] | None) -> str:
    """The plain meaning of ``Breaks.outside_parens``: every character of ``text[lo:hi]`` but those
    inside a pair that opens in [lo, hi) and is not ``keep`` or a pair around it."""
    gone = bytearray(len(text))
    for o, c in _paren_pairs(text):
        if lo <= o < hi and not (keep is not None and o <= keep[0] and c >= keep[1]):
            gone[o + 1 : c] = b"\x01" * (c - o - 1)
    return "".join(ch for i, ch in enumerate(text[lo:hi], lo) if not gone[i])


def strength_of(text: str, start: int, end: int, section: str, breaks: Breaks | None = None) -> str:
    """``"preferred"`` or ``"required"`` for a match at [start, end) of normalized ``text``.

    Preferred when the match sits in a 加分项 section, when its clause carries a preference
    cue (优先, 加分, 为佳 …), or, with no requirement cue, a weak verb just before it (了解, 懂).
    Inside a parenthesis, a cue there decides first.

    >>> strength_of("熟悉SQL，有Python经验者优先", 7, 13, "other")
    'preferred'
    >>> strength_of("熟悉SQL，有Python经验者优先", 2, 5, "other")
    'required'
    >>> strength_of("精通excel（会vba者优先）", 2, 7, "other")
    'required'
    """
    if section == "bonus":
        return "preferred"
    b = breaks or Breaks(text)
    seg_start, seg_end = b.segment(start, end)
    if b.has_parens:
        paren = b.enclosing(start, end)
        if paren is not None:
            inside = text[paren[0] + 1 : paren[1]]
            if _PREFERRED.search(inside):
                return "preferred"
            if _REQUIRED.search(inside):
                return "required"
        own = b.outside_parens(text, seg_start, seg_end, paren)
    else:  # most postings: the clause as it stands
        own = text[seg_start:seg_end]
    if _PREFERRED.search(own):
        return "preferred"
    if not _REQUIRED.search(own) and _WEAK.search(text, seg_start, start):
        return "preferred"
    return "required"
