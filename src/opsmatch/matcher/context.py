"""Context rules: where a lexicon entry's matches count (``context = {...}`` in its entry).

Excel in 熟练掌握Word、Excel、PPT等办公软件 is office literacy, not data analysis; MySQL in a
back-end stack is engineering; 关注行业动态 alone is a trait, with 制定策略 beside it a duty.
The rules are data (``opsmatch.lexicon.Context``); this module applies them to hits: a hit
is kept, dropped, or kept as an implied trait.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ahocorasick_rs import AhoCorasick, MatchKind

from opsmatch.lexicon import Context, Term
from opsmatch.matcher.hits import Hit

__all__ = ["ContextJudge", "WordSet", "contains_word"]

_SENTENCE_END = re.compile(r"[。;；!！?？\n]")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def contains_word(haystack: str, word: str) -> bool:
    """Whether ``word`` occurs in ``haystack``; an ASCII word only between word boundaries.

    >>> contains_word("熟悉word和ppt", "word"), contains_word("会用wordpress", "word")
    (True, False)
    """
    if word[0] not in _ASCII_ALNUM and word[-1] not in _ASCII_ALNUM:
        return word in haystack
    pos = haystack.find(word)
    while pos >= 0:
        end = pos + len(word)
        before = pos == 0 or word[0] not in _ASCII_ALNUM or haystack[pos - 1] not in _ASCII_ALNUM
        after = end == len(haystack) or word[-1] not in _ASCII_ALNUM or haystack[end] not in _ASCII_ALNUM
        if before and after:
            return True
        pos = haystack.find(word, pos + 1)
    return False


class WordSet:
    """``any(contains_word(s, w) for w in words)`` as one compiled search (ASCII words on word
    boundaries); a test holds the two equal.

    >>> WordSet(("word", "办公软件")).found_in("会用wordpress"), WordSet(("word",)).found_in("word和ppt")
    (False, True)
    """

    def __init__(self, words: Sequence[str]) -> None:
        alts = []
        for w in sorted(set(words), key=len, reverse=True):
            head = "(?<![a-z0-9])" if w[0] in _ASCII_ALNUM else ""
            tail = "(?![a-z0-9])" if w[-1] in _ASCII_ALNUM else ""
            alts.append(head + re.escape(w) + tail)
        self._regex = re.compile("|".join(alts)) if alts else None

    def found_in(self, text: str) -> bool:
        return self._regex is not None and self._regex.search(text) is not None


class _Group:
    """Posting-level test: does the text hold ``min_count`` distinct words of a group?"""

    def __init__(self, words: tuple[str, ...], min_count: int) -> None:
        self.words = list(words)
        self.min_count = min_count
        self._automaton = AhoCorasick(self.words, matchkind=MatchKind.Standard)

    def holds(self, text: str) -> bool:
        seen: set[int] = set()
        n = len(text)
        for idx, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            if idx in seen:
                continue
            word = self.words[idx]
            # short ASCII words need word boundaries; longer ones need none, as exports that
            # strip punctuation glue them together (javascalapython)
            if len(word) < 4 and _glued(text, start, end, n, word):
                continue
            seen.add(idx)
            if len(seen) >= self.min_count:
                return True
        return False


def _glued(text: str, start: int, end: int, n: int, word: str) -> bool:
    before = word[0] in _ASCII_ALNUM and start > 0 and text[start - 1] in _ASCII_ALNUM
    return before or (word[-1] in _ASCII_ALNUM and end < n and text[end] in _ASCII_ALNUM)


class ContextJudge:
    """Applies the entries' context rules to hits of one text at a time."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self._groups: dict[tuple[tuple[str, ...], int], _Group] = {}
        self._sets: dict[tuple[str, ...], WordSet] = {}
        for term in terms:
            if term.context is None:
                continue
            for words, min_count in term.context.not_in_posting:
                if (words, min_count) not in self._groups:
                    self._groups[words, min_count] = _Group(words, min_count)
            for words in (term.context.near, term.context.not_near, term.context.unless_near):
                if words and words not in self._sets:
                    self._sets[words] = WordSet(words)
        self.active = any(t.context is not None for t in terms)

    def judge(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` with failed ones dropped, or marked implied where the rule says ``otherwise = "trait"``.

        >>> from opsmatch.lexicon import Context, Term
        >>> excel = Term("Excel", "data_analysis", ("Excel",), context=Context(not_near=("ppt",), unless_near=("数据",)))
        >>> judge = ContextJudge([excel])
        >>> len(judge.judge("会excel和ppt", [Hit(1, 6, excel, "exact")])), len(judge.judge("会excel处理数据和ppt", [Hit(1, 6, excel, "exact")]))
        (0, 1)
        """
        if not self.active or not hits:
            return hits
        posting: dict[tuple[tuple[str, ...], int], bool] = {}
        out = []
        for hit in hits:
            context = hit.term.context
            if context is None or self._holds(text, hit, context, posting):
                out.append(hit)
            elif context.otherwise == "trait":
                out.append(hit._replace(implied=True))
        return out

    def _holds(self, text: str, hit: Hit, context: Context, posting: dict[tuple[tuple[str, ...], int], bool]) -> bool:
        if context.near or context.not_near:
            left, right = _window(text, hit.start, hit.end, context.window)
            if context.near:
                near = self._sets[context.near]
                if not (near.found_in(left) or near.found_in(right)):
                    return False
            if not (context.not_near or context.not_in_posting):
                return True
            around = left + text[hit.start : hit.end] + right
            if context.unless_near and self._sets[context.unless_near].found_in(around):
                return True
            if context.not_near and self._sets[context.not_near].found_in(around):
                return False
        elif context.unless_near:
            left, right = _window(text, hit.start, hit.end, context.window)
            if self._sets[context.unless_near].found_in(left + text[hit.start : hit.end] + right):
                return True
        for key in context.not_in_posting:
            if key not in posting:
                posting[key] = self._groups[key].holds(text)
            if posting[key]:
                return False
        return True


def _window(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` characters either side of [start, end), not past a sentence end."""
    left = text[max(0, start - width) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(left)]
    if ends:
        left = left[ends[-1] :]
    right = text[end : end + width]
    stop = _SENTENCE_END.search(right)
    if stop is not None:
        right = right[: stop.start()]
    return left, right
