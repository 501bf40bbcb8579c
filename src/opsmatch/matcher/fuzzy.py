"""Fuzzy matching: tool names written wrong (the seed article's ``Pythom``).

Only ASCII words of five or more letters that no exact match touches are looked up, with a
Levenshtein distance of 1 (2 for words of nine or more letters) and the same first letter.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from opsmatch.lexicon import Term
from opsmatch.matcher.hits import Hit
from opsmatch.normalize import normalize_term

__all__ = ["FuzzyMatcher"]

_FUZZY_FORM = re.compile(r"[a-z][a-z0-9]{4,}")
_ASCII_RUN = re.compile(r"[a-z0-9]{5,}")  # maximal runs of 5+


class FuzzyMatcher:
    """Misspelt ASCII tool names, looked up among the entries' ASCII forms of 5+ letters.

    >>> from opsmatch.lexicon import Term
    >>> [h.term.canonical for h in FuzzyMatcher([Term("Python", "data_analysis", ("Python",))]).find("会pythom", [])]
    ['Python']
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        forms: dict[str, Term] = {}
        for term in terms:
            for form in term.forms:
                key = normalize_term(form)
                if _FUZZY_FORM.fullmatch(key):
                    forms.setdefault(key, term)
        self._keys = list(forms)
        self._terms = [forms[k] for k in self._keys]

    def __bool__(self) -> bool:
        return bool(self._keys)

    def find(self, text: str, exact: Sequence[Hit]) -> list[Hit]:
        """Fuzzy hits among the ASCII words of ``text`` that no hit of ``exact`` (in text order,
        non-overlapping) touches; linear in the text."""
        ends = [h.end for h in exact]
        out = []
        for m in _ASCII_RUN.finditer(text):
            start, end = m.span()
            if not "a" <= text[start] <= "z":
                continue
            i = bisect_right(ends, start)  # the first exact hit that ends after this word starts
            if i < len(exact) and exact[i].start < end:
                continue
            term = self.lookup(m.group())
            if term is not None:
                out.append(Hit(start, end, term, "fuzzy", term.is_trait))
        return out

    def lookup(self, word: str) -> Term | None:
        """The entry ``word`` is a misspelling of: same first letter, 1 edit (2 if long)."""
        cutoff = 1 if len(word) < 9 else 2
        best = process.extractOne(word, self._keys, scorer=Levenshtein.distance, score_cutoff=cutoff)
        if best is not None and best[1] > 0 and best[0][0] == word[0]:
            return self._terms[best[2]]
        return None
