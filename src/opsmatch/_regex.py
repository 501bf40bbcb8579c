"""What a lexicon pattern's parsed form tells: where its matches can start, and whether it is safe.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` takes time exponential in the
length of a line. Lexicon patterns are therefore held to a shape whose cost per starting
place is bounded (``pattern_problem``): every repetition bounded, none nested in another, no
back-references, and a bounded number of ways to try. Under that shape, and because the
matcher never lets a pattern run past a clause, matching time grows linearly with the text.
(``google-re2`` was measured as the alternative: ten times slower per call on postings.)
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as _c
    from re import _parser as _sre
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _sre

__all__ = ["MAX_REPEAT", "MAX_TRIES", "pattern_anchors", "pattern_problem", "pattern_reach"]

MAX_REPEAT = 50
"""The largest upper bound a repetition in a lexicon pattern may have (``{0,50}``)."""
MAX_TRIES = 100_000
"""The most ways (product of repetition ranges and alternatives) a pattern may try at one place."""

_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def _parse(pattern: str) -> Any:
    return _sre.parse(pattern)


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` may not be a lexicon pattern, or ``None`` when it is safe to run.

    >>> pattern_problem("数据[^。]{0,10}?分析") is None
    True
    >>> pattern_problem("(a+)+$")
    'an unbounded repetition (*, + or {n,}): bound it, e.g. {0,20}'
    >>> pattern_problem("(?:a{0,5}){0,5}")
    'a repetition inside a repetition: write the inner one out'
    """
    try:
        parsed = _parse(pattern)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    try:
        tries = _tries(list(parsed), depth=0)
    except _Unsafe as exc:
        return str(exc)
    if tries > MAX_TRIES:
        return f"too many ways to try at each place ({tries:,} > {MAX_TRIES:,}): use shorter gaps or fewer alternatives"
    return None


class _Unsafe(Exception):
    pass


def _tries(items: list[Any], depth: int) -> int:
    """An upper bound on the paths a backtracking engine walks from one place through ``items``."""
    total = 1
    for op, av in items:
        if op in _REPEATS:
            lo, hi, body = av
            if hi == _c.MAXREPEAT:
                raise _Unsafe("an unbounded repetition (*, + or {n,}): bound it, e.g. {0,20}")
            if hi > MAX_REPEAT:
                raise _Unsafe(f"a repetition bound above {MAX_REPEAT} ({{{lo},{hi}}})")
            if depth > 0 and hi > 1:
                raise _Unsafe("a repetition inside a repetition: write the inner one out")
            inner = _tries(list(body), depth + 1 if hi > 1 else depth)
            total *= (hi - lo + 1) if inner == 1 else sum(inner**i for i in range(lo, hi + 1))
        elif op is _c.BRANCH:
            total *= sum(_tries(list(b), depth) for b in av[1])
        elif op is _c.SUBPATTERN:
            total *= _tries(list(av[-1]), depth)
        elif op in (_c.GROUPREF, getattr(_c, "GROUPREF_EXISTS", None)):
            raise _Unsafe("a back-reference: lexicon patterns may not use them")
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            total *= _tries(list(av[1]), depth)
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            total *= _tries(list(av), depth)
    return total


def pattern_anchors(pattern: str) -> tuple[str, ...] | None:
    """The literals every match of ``pattern`` starts with, or ``None`` when some match may
    start otherwise (then the pattern is scanned over the whole text).

    Read from the parsed pattern, so a top-level ``|`` gives each branch its own anchors.

    >>> pattern_anchors("(?:撰写|编写)[^。]{0,8}?文案"), pattern_anchors("数据分析|用户调研")
    (('撰写', '编写'), ('数据分析', '用户调研'))
    >>> pattern_anchors("数据.{0,9}分析"), pattern_anchors("a?b"), pattern_anchors("(?i)ab")
    (('数据',), None, None)
    """
    try:
        parsed = _parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    prefixes = _prefixes(list(parsed))
    if not prefixes or any(not p for p in prefixes):
        return None
    return tuple(dict.fromkeys(prefixes))


def _prefixes(items: list[Any]) -> list[str] | None:
    """Literal prefixes of every string ``items`` can match (one per alternative), or ``None``
    when an alternative could be empty at the start or is not literal there."""
    if not items:
        return [""]
    op, av = items[0]
    if op is _c.LITERAL:
        lit = chr(av)
        i = 1
        while i < len(items) and items[i][0] is _c.LITERAL:
            lit += chr(items[i][1])
            i += 1
        return [lit]
    if op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
        return [chr(v) for _, v in av]
    if op is _c.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            sub = _prefixes(list(branch))
            if sub is None:
                return None
            out.extend(sub)
        return out
    if op is _c.SUBPATTERN and not av[1] and not av[2]:  # (group) without flags
        return _prefixes(list(av[-1]))
    if op in _REPEATS and av[0] >= 1:  # the body comes first at least once
        return _prefixes(list(av[2]))
    return None


def pattern_reach(pattern: str) -> int | None:
    """How many characters from where a match starts the engine may look at (the longest
    match, lookaheads included), or ``None`` when unbounded or anchored (``^ $ \\b``).

    >>> pattern_reach("数据[^。]{0,8}?分析"), pattern_reach("创作(?!者)"), pattern_reach("a+"), pattern_reach("a$")
    (12, 3, None, None)
    """
    try:
        return _reach(list(_parse(pattern)))
    except (re.error, _Unsafe):
        return None


def _reach(items: list[Any]) -> int:
    total = 0
    for op, av in items:
        if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.CATEGORY):
            total += 1
        elif op in _REPEATS:
            if av[1] == _c.MAXREPEAT:
                raise _Unsafe("unbounded")
            total += av[1] * _reach(list(av[2]))
        elif op is _c.BRANCH:
            total += max(_reach(list(b)) for b in av[1])
        elif op is _c.SUBPATTERN:
            total += _reach(list(av[-1]))
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if av[0] > 0:  # a lookahead reads on from here; a lookbehind reads back
                total += _reach(list(av[1]))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            total += _reach(list(av))
        else:  # anchors, back-references, conditionals: no bound we rely on
            raise _Unsafe(str(op))
    return total
