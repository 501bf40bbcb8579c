"""Exact matching: every surface form of every entry, found by one Aho-Corasick automaton.

The automaton (ahocorasick_rs) runs over the normalized text, so terms jieba cannot hold
(``SEO/SEM``, ``A/B测试``, ``Power BI``) are found like any other. Overlaps resolve
leftmost-longest inside the automaton; an entry's ``not_inside`` words (反应敏捷 for 敏捷) are
in it too, as blockers that win over the shorter form and yield nothing. Guards: ASCII forms
need word boundaries (no ``R`` in ``R&D``), and Chinese forms of one or two characters must
line up with jieba's tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick, MatchKind

from opsmatch.lexicon import Term
from opsmatch.matcher.hits import Hit
from opsmatch.normalize import normalize_term

__all__ = ["ExactMatcher", "is_ascii_alnum"]

_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_CJK = re.compile(r"[\u3400-\u9fff]")


def is_ascii_alnum(ch: str) -> bool:
    """Whether ``ch`` is a lower-case ASCII letter or a digit (normalized text has no upper case)."""
    return ch in _ASCII_ALNUM


class _Form(NamedTuple):
    """One automaton pattern: the entry it names (``None`` for a blocker) and its guards."""

    term: Term | None
    ascii_start: bool
    ascii_end: bool
    short_cjk: bool


class ExactMatcher:
    """Leftmost-longest exact matches of the entries' surface forms.

    >>> from opsmatch.normalize import normalize
    >>> m = ExactMatcher([Term("敏捷", "project_management", ("敏捷",), not_inside=("反应敏捷",))])
    >>> [(h.start, h.end) for h in m.find("敏捷开发，反应敏捷")]
    [(0, 2)]
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.forms: list[_Form] = []
        keys: dict[str, int] = {}
        blockers: dict[str, None] = {}
        for term in terms:
            for form in term.forms:
                key = normalize_term(form)
                if key and key not in keys:
                    keys[key] = len(self.forms)
                    self.forms.append(_guards(term, key))
            blockers.update((normalize_term(w), None) for w in term.not_inside)
        for key in blockers:
            if key and key not in keys:
                keys[key] = len(self.forms)
                self.forms.append(_guards(None, key))
        self.keys = list(keys)
        self._automaton = AhoCorasick(self.keys, matchkind=MatchKind.LeftmostLongest) if keys else None

    def find(self, text: str, words: Sequence[str] | None = None) -> list[Hit]:
        """Matches that pass the guards, in text order; ``words`` are jieba's tokens of ``text``."""
        if self._automaton is None:
            return []
        bounds: set[int] | None = None
        found: list[Hit] = []
        n = len(text)
        for idx, start, end in self._automaton.find_matches_as_indexes(text):
            form = self.forms[idx]
            if form.term is None:
                continue
            if form.ascii_start and start > 0 and text[start - 1] in _ASCII_ALNUM:
                continue
            if form.ascii_end and end < n and text[end] in _ASCII_ALNUM:
                continue
            if form.short_cjk and words is not None:
                if bounds is None:
                    bounds = {0, *accumulate(map(len, words))}
                if start not in bounds or end not in bounds:
                    continue
            found.append(Hit(start, end, form.term, "exact", form.term.is_trait))
        return found


def _guards(term: Term | None, key: str) -> _Form:
    return _Form(term, key[0] in _ASCII_ALNUM, key[-1] in _ASCII_ALNUM, len(key) <= 2 and bool(_CJK.fullmatch(key[0])))
