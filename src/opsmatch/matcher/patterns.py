"""Pattern matching: lexicon ``patterns`` (regular expressions) catch evidence written with its
words apart (数据…监控…分析), which no fixed term can list.

A pattern never runs past a clause: its match must lie between two of ``、；;。!！?？`` or
line ends (or, in text an export stripped of punctuation, spaces between Chinese characters).
Patterns start only where one of their starting literals occurs (one overlapping automaton
scan finds those places; ``pattern_anchors`` reads them from the parsed pattern), and the
lexicon refuses patterns that could backtrack without bound, so matching is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

from ahocorasick_rs import AhoCorasick, MatchKind

from opsmatch._regex import pattern_anchors, pattern_reach
from opsmatch.lexicon import Term
from opsmatch.matcher.hits import Hit

__all__ = [
    "PATTERN_BREAK_PLAIN",
    "PatternMatcher",
    "matches_in_clauses",
    "matches_within_reach",
    "pattern_clauses",
    "reference_matches",
]

PATTERN_BREAK_PLAIN = re.compile(r"[、;；。!！?？\n]|(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
# the same, starting with one character class (the engine skips to candidates in C, as for
# the clause breaks of strength.py); test_matcher holds the two equal. It stays while it pays:
# the plain form costs 17-33 µs a posting in a break-heavy micro-benchmark (generated / 51job)
_PATTERN_BREAK = re.compile(r"[、;；。!！?？\n ](?:(?<=[、;；。!！?？\n])|(?<=[\u3400-\u9fff] )(?=[\u3400-\u9fff]))")


def pattern_clauses(text: str) -> list[int]:
    """Offsets where a pattern's match must stop: each break's start, then ``len(text)``.

    >>> pattern_clauses("数据、分析。x")
    [2, 5, 7]
    """
    return [m.start() for m in _PATTERN_BREAK.finditer(text)] + [len(text)]


def reference_clauses(text: str) -> list[int]:
    """``pattern_clauses`` with the plain form of the break regex."""
    return [m.start() for m in PATTERN_BREAK_PLAIN.finditer(text)] + [len(text)]


def matches_in_clauses(
    regex: re.Pattern[str], text: str, places: Sequence[int] | None, stops: Sequence[int]
) -> list[tuple[int, int]]:
    """Non-empty, non-overlapping match spans of ``regex``, none crossing a stop; starting only
    at ``places`` (sorted) when given, else anywhere."""
    out: list[tuple[int, int]] = []
    if places is None:
        begin = 0
        for stop in stops:
            out.extend(m.span() for m in regex.finditer(text, begin, stop) if m.end() > m.start())
            begin = stop + 1
        return out
    end = 0
    for pos in places:
        if pos < end:
            continue
        found = regex.match(text, pos, stops[bisect_right(stops, pos - 1)])
        if found is not None and found.end() > pos:
            end = found.end()
            out.append((pos, end))
    return out


def matches_within_reach(regex: re.Pattern[str], text: str, places: Sequence[int], reach: int) -> list[tuple[int, int]]:
    """``matches_in_clauses`` for a pattern that never looks more than ``reach`` characters on
    from where it starts: each place finds its own stop within that reach, so no clause list
    of the whole text is needed (tests hold the two equal)."""
    out: list[tuple[int, int]] = []
    end = 0
    n = len(text)
    for pos in places:
        if pos < end:
            continue
        limit = min(n, pos + reach + 1)
        brk = _PATTERN_BREAK.search(text, pos, limit)
        found = regex.match(text, pos, limit if brk is None else brk.start())
        if found is not None and found.end() > pos:
            end = found.end()
            out.append((pos, end))
    return out


def reference_matches(regex: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The plain meaning of ``matches_in_clauses``: ``finditer`` over each clause in turn."""
    out: list[tuple[int, int]] = []
    begin = 0
    for stop in pattern_clauses(text):
        out.extend(m.span() for m in regex.finditer(text, begin, stop) if m.end() > m.start())
        begin = stop + 1
    return out


class PatternMatcher:
    """Every lexicon pattern, anchored where it can be: each is tried only where one of its own
    starting literals occurs.

    >>> from opsmatch.lexicon import Term
    >>> pm = PatternMatcher([Term("数据分析", "data_analysis", ("数据分析",), patterns=("数据[^、]{0,6}?分析",))])
    >>> [(h.start, h.end) for h in pm.find("数据的收集与分析、数据、分析", [])]
    [(0, 8)]
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.patterns: list[tuple[re.Pattern[str], Term]] = [(re.compile(p), t) for t in terms for p in t.patterns]
        owners: dict[str, list[int]] = {}
        self.scanned: list[bool] = []
        for i, (regex, _) in enumerate(self.patterns):
            anchors = pattern_anchors(regex.pattern)
            self.scanned.append(anchors is None)
            for a in anchors or ():
                owners.setdefault(a, []).append(i)
        self._owners = [tuple(o) for o in owners.values()]
        self._reach = [pattern_reach(regex.pattern) for regex, _ in self.patterns]
        self._term_ids = [id(t) for _, t in self.patterns]
        self._scanned_ids = [i for i, scan in enumerate(self.scanned) if scan]
        self._anchors = AhoCorasick(list(owners), matchkind=MatchKind.Standard) if owners else None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def starts(self, text: str, skip: frozenset[int] | set[int] = frozenset()) -> dict[int, list[int]]:
        """Per pattern (index, unless in ``skip``) whose starting literals occur, the sorted
        places where they do."""
        places: defaultdict[int, list[int]] = defaultdict(list)
        if self._anchors is not None:
            for idx, start, _ in self._anchors.find_matches_as_indexes(text, overlapping=True):
                for i in self._owners[idx]:
                    if i not in skip:
                        places[i].append(start)
        for p in places.values():
            p.sort()
        return places

    def find(self, text: str, found: Sequence[Hit], counted: set[int] | None = None) -> list[Hit]:
        """Pattern hits where no evidence of the same competency stands (``found``, traits
        aside), of entries not already evidence (``counted``: ids of terms with a counted hit).

        They may overlap hits of other categories: 用户行为 inside 数据及用户行为的监控 is
        evidence of user insight and, as a whole, of data analysis.
        """
        out: list[Hit] = []
        taken: dict[str, bytearray] = {}
        stops: list[int] | None = None
        # an entry already evidence gets nothing from its patterns
        skip = {i for i, tid in enumerate(self._term_ids) if tid in counted} if counted else set()
        places = self.starts(text, skip)
        todo = sorted([*places, *(i for i in self._scanned_ids if i not in skip)])
        for i in todo:
            regex, term = self.patterns[i]
            reach = self._reach[i]
            if i in places and reach is not None:
                spans = matches_within_reach(regex, text, places[i], reach)
            else:
                if stops is None:
                    stops = pattern_clauses(text)
                spans = matches_in_clauses(regex, text, places.get(i), stops)
            if not spans:
                continue
            mask = taken.get(term.category)
            if mask is None:
                mask = taken[term.category] = bytearray(len(text))
                for h in found:
                    if h.term.category == term.category and not h.implied:
                        mask[h.start : h.end] = b"\x01" * (h.end - h.start)
            for s, e in spans:
                if not any(mask[s:e]):
                    mask[s:e] = b"\x01" * (e - s)
                    out.append(Hit(s, e, term, "pattern", term.is_trait))
        return out
