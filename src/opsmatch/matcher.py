"""Step 4 of the flow: find lexicon terms in a posting, as spans of the original text.

Exact matching runs an Aho-Corasick automaton (ahocorasick_rs: in benchmarks/bench_matcher.py
it finds every overlapping occurrence 5x faster than pyahocorasick) over the normalized text, so
terms jieba cannot hold (``SEO/SEM``, ``A/B测试``, ``Power BI``) are found like any other.
Guards keep it honest: ASCII terms need word boundaries (no ``R`` in ``R&D``), short Chinese
terms must line up with jieba tokens, and overlaps resolve leftmost-longest in the automaton.
Tool names written wrong (the seed article's ``Pythom``) are caught by a Levenshtein look-up
with rapidfuzz, on the few ASCII words that missed. Lexicon ``patterns`` (regular expressions)
catch evidence written with words apart (数据…监控…分析); they run only where one of their
starting literals occurs. Each match gets its section and a strength from the cue words of its
clause (精通 / 熟悉 → required; 优先 / 加分 / 了解 → preferred), the clause found by bisection
in the posting's segment breaks (``Breaks``, computed once per posting).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter

from ahocorasick_rs import AhoCorasick, MatchKind
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from opsmatch.lexicon import Term
from opsmatch.normalize import NormalizedText, normalize_term
from opsmatch.results import Match, make_match
from opsmatch.sections import BOILERPLATE, Section

__all__ = ["Matcher", "strength_of"]

_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_CJK = re.compile(r"[\u3400-\u9fff]")
_FUZZY_FORM = re.compile(r"[a-z][a-z0-9]{4,}")
_ASCII_RUN = re.compile(r"[a-z0-9][a-z0-9]{4,}")  # maximal runs of 5+ (a leading class: fast skipping)
# a segment ends at a sentence end, a comma, a colon, or an inline list number ("2、", "(3)")
# written to start with one character class (the alternatives then check, behind, which kind of
# character it was): the regex engine can then skip to candidates fast, half the instructions of
# the plain alternation r"[。…■]|(?<!\d)\d{1,2}[、.．)](?!\d)|[(（]\d{1,2}[)）]" (same matches)
_SEGMENT_BREAK = re.compile(
    r"[。;；!！?？\n,，:：•●▪◆■(（\d]"
    r"(?:(?<=[。;；!！?？\n,，:：•●▪◆■])|(?<=(?<!\d)\d)\d?[、.．)](?!\d)|(?<=[(（])\d{1,2}[)）])"
)
_SEGMENT_SPLIT = re.compile(f"({_SEGMENT_BREAK.pattern})")
_PREFERRED = re.compile(r"优先(?!级)|加分|更佳|为佳|最好有|最好能|plus|bonus|nice to have")
_REQUIRED = re.compile(r"精通|熟练|熟悉|掌握|具备|具有|擅长|必须|负责|能够|需要|要求|会用|会使用|扎实|良好|较强|很强")
_WEAK = re.compile(r"(?:了解|知道|接触过|懂得?|听说过)[^,，、]{0,3}$")


@dataclass(frozen=True)
class _Form:
    term: Term
    length: int
    ascii_start: bool
    ascii_end: bool
    short_cjk: bool


def _is_ascii_alnum(ch: str) -> bool:
    return ch in _ASCII_ALNUM


_LITERAL = r"[^()\[\]\\.*+?{}|^$]+"
_ANCHORED = re.compile(rf"\(\?:({_LITERAL}(?:\|{_LITERAL})*)\)(?![*+?{{])|({_LITERAL})")


def pattern_anchors(pattern: str) -> tuple[str, ...] | None:
    """The literals every match of ``pattern`` starts with, when it starts with a plain literal
    or a ``(?:a|b|c)`` group of literals; ``None`` otherwise.

    >>> pattern_anchors("(?:撰写|编写)[^。]{0,8}?文案"), pattern_anchors("数据.{0,9}分析"), pattern_anchors("(a|b)")
    (('撰写', '编写'), ('数据',), None)
    """
    m = _ANCHORED.match(pattern)
    if m is None:
        return None
    if m.group(1) is not None:
        return tuple(m.group(1).split("|"))
    literal = m.group(2)
    if pattern[m.end() : m.end() + 1] in ("*", "+", "?", "{"):  # the quantifier takes the last character
        literal = literal[:-1]
    return (literal,) if literal else None


_first = itemgetter(0)
_WINDOW = 80  # no segment cue sits further than this from its match


class Breaks:
    """The segment breaks of one text (sentence ends, commas, colons, list numbers), found
    once, so that every match of the text finds its segment by bisection."""

    __slots__ = ("_ends", "_length", "_starts")

    def __init__(self, text: str) -> None:
        # split keeps the breaks (one capturing group): [piece, break, piece, break, ..., piece];
        # running lengths are then break start, break end, ... all computed in C, no Match objects
        bounds = list(accumulate(map(len, _SEGMENT_SPLIT.split(text))))
        self._starts = bounds[0:-1:2]
        self._ends = bounds[1::2]
        self._length = len(text)

    def segment(self, start: int, end: int) -> tuple[int, int]:
        """The segment [seg_start, seg_end) around the match [start, end): from the end of the
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


def strength_of(text: str, start: int, end: int, section: str, breaks: Breaks | None = None) -> str:
    """``"preferred"`` or ``"required"`` for a match at [start, end) of normalized ``text``.

    Preferred when the match sits in a 加分项 section, or when its comma-segment carries a
    preference cue (优先, 加分, 为佳 …) or, with no requirement cue, a weak verb just before
    it (了解, 懂). A cue in another segment does not carry over: in "有A能力，有B经验者优先"
    only B is preferred.

    >>> strength_of("熟悉SQL，有Python经验者优先", 7, 13, "other")
    'preferred'
    >>> strength_of("熟悉SQL，有Python经验者优先", 2, 5, "other")
    'required'
    """
    if section == "bonus":
        return "preferred"
    seg_start, seg_end = (breaks or Breaks(text)).segment(start, end)
    own = text[seg_start:seg_end]
    if _PREFERRED.search(own):
        return "preferred"
    if not _REQUIRED.search(own) and _WEAK.search(text, seg_start, start):
        return "preferred"
    return "required"


def _match_at(regex: re.Pattern[str], text: str, places: list[int]) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)`` when every match must start at one of ``places`` (sorted)."""
    end = 0
    for pos in places:
        if pos >= end:
            m = regex.match(text, pos)
            if m is not None:
                yield m
                end = max(m.end(), pos + 1)


class Matcher:
    """Exact, pattern and fuzzy matching of lexicon terms in normalized text.

    >>> from opsmatch.lexicon import Term
    >>> from opsmatch.normalize import normalize
    >>> m = Matcher([Term("SQL", "data_analysis", ("SQL",))])
    >>> [x.term for x in m.find(normalize("熟悉SQL"))]
    ['SQL']
    """

    def __init__(self, terms: Sequence[Term], fuzzy: bool = True) -> None:
        self._forms: list[_Form] = []
        keys: dict[str, int] = {}
        fuzzy_forms: dict[str, Term] = {}
        for term in terms:
            for form in term.forms:
                key = normalize_term(form)
                if not key or key in keys:
                    continue
                info = _Form(
                    term,
                    len(key),
                    _is_ascii_alnum(key[0]),
                    _is_ascii_alnum(key[-1]),
                    len(key) <= 2 and bool(_CJK.fullmatch(key[0])),
                )
                keys[key] = len(self._forms)
                self._forms.append(info)
                if fuzzy and _FUZZY_FORM.fullmatch(key):
                    fuzzy_forms[key] = term
        self._automaton = AhoCorasick(list(keys), matchkind=MatchKind.LeftmostLongest) if keys else None
        self._patterns = [(re.compile(p), _Form(term, 0, False, False, False)) for term in terms for p in term.patterns]
        # where a pattern may start: one overlapping automaton scan over the literals each pattern
        # starts with, then ``regex.match`` at those places only (a pattern with no such literal
        # prefix scans the text as usual)
        anchor_owner: dict[str, list[int]] = {}
        self._scanned: list[bool] = []
        for i, (regex, _) in enumerate(self._patterns):
            anchors = pattern_anchors(regex.pattern)
            self._scanned.append(anchors is None)
            for a in anchors or ():
                anchor_owner.setdefault(a, []).append(i)
        self._anchor_owner = list(anchor_owner.values())
        self._anchors = AhoCorasick(list(anchor_owner), matchkind=MatchKind.Standard) if anchor_owner else None
        self._fuzzy_keys = list(fuzzy_forms)
        self._fuzzy_terms = [fuzzy_forms[k] for k in self._fuzzy_keys]
        self._fuzzy_cache: dict[str, tuple[str, Term] | None] = {}

    def find(
        self,
        norm: NormalizedText,
        words: Sequence[str] | None = None,
        sections: tuple[Section, ...] | None = None,
    ) -> tuple[Match, ...]:
        """All matches in ``norm``, in text order, as spans of ``norm.original``.

        ``words`` are jieba's tokens of ``norm.text`` (they must cover it, in order): with
        them, two-character Chinese terms count only where they are whole words.
        """
        if sections is None:
            sections = (Section("other", 0, len(norm.text)),)
        return self.find_many([norm], [words], [sections])[0]

    def find_many(
        self,
        norms: Sequence[NormalizedText],
        words: Sequence[Sequence[str] | None],
        sections: Sequence[tuple[Section, ...]],
    ) -> list[tuple[Match, ...]]:
        """``find`` over many postings, each step over all of them before the next (warm caches)."""
        texts = [n.text for n in norms]
        spans = list(map(self._exact, texts, words))
        if self._fuzzy_keys:
            for text, found in zip(texts, spans):
                found += self._fuzzy(text, found)
        if self._patterns:
            for text, found, secs in zip(texts, spans, sections):
                boiler = [(sec.start, sec.end) for sec in secs if sec.kind in BOILERPLATE]
                found += self._pattern(text, found, boiler)
        return list(map(self._assemble, norms, spans, sections))

    def _assemble(
        self, norm: NormalizedText, spans: list[tuple[int, int, _Form, str]], sections: tuple[Section, ...]
    ) -> tuple[Match, ...]:
        """``Match`` objects, in text order, with their section, strength and original span."""
        if not spans:
            return ()
        text = norm.text
        breaks = Breaks(text)
        spans.sort(key=_first)
        starts = [sec.start for sec in sections]
        kinds = [sec.kind for sec in sections]
        original, identity = norm.original, norm.starts is None
        out = []
        for s, e, form, kind in spans:
            section = kinds[bisect_right(starts, s) - 1] if len(kinds) > 1 else kinds[0]
            o_start, o_end = (s, e) if identity else norm.original_span(s, e)
            term = form.term
            out.append(
                make_match(
                    original[o_start:o_end],
                    term.canonical,
                    term.category,
                    o_start,
                    o_end,
                    kind,
                    section,
                    strength_of(text, s, e, section, breaks),
                    term.weight,
                )
            )
        return tuple(out)

    def _exact(self, text: str, words: Sequence[str] | None) -> list[tuple[int, int, _Form, str]]:
        """Leftmost-longest, non-overlapping occurrences (resolved by the automaton) that pass the guards."""
        if self._automaton is None:
            return []
        bounds: set[int] | None = None
        found: list[tuple[int, int, _Form, str]] = []
        n = len(text)
        forms = self._forms
        for idx, start, end in self._automaton.find_matches_as_indexes(text):
            form = forms[idx]
            if form.ascii_start and start > 0 and _is_ascii_alnum(text[start - 1]):
                continue
            if form.ascii_end and end < n and _is_ascii_alnum(text[end]):
                continue
            if form.short_cjk and words is not None:
                if bounds is None:
                    bounds = {0, *accumulate(map(len, words))}
                if start not in bounds or end not in bounds:
                    continue
            found.append((start, end, form, "exact"))
        return found

    def _pattern(
        self, text: str, found: list[tuple[int, int, _Form, str]], boiler: Sequence[tuple[int, int]] = ()
    ) -> list[tuple[int, int, _Form, str]]:
        """Pattern terms (words apart, e.g. 数据…分析) where no term of the same competency stands.

        They may overlap terms of other categories: 用户行为 inside 数据及用户行为的监控 is
        evidence of user insight and, as a whole, of data analysis.
        """
        out: list[tuple[int, int, _Form, str]] = []
        taken: dict[str, bytearray] = {}
        have: set[int] | None = None
        starts = self._pattern_starts(text)
        for i, (regex, form) in enumerate(self._patterns):
            if not self._scanned[i] and not starts[i]:
                continue  # none of its starting literals occurs: no match
            if have is None:
                have = {id(f.term) for s, _, f, _ in found if not any(a <= s < b for a, b in boiler)}
            if id(form.term) in have:  # the term is already evidence: the pattern would add none
                continue
            category = form.term.category
            for m in regex.finditer(text) if self._scanned[i] else _match_at(regex, text, starts[i]):
                s, e = m.span()
                if e <= s:
                    continue
                mask = taken.get(category)
                if mask is None:
                    mask = taken[category] = bytearray(len(text))
                    for fs, fe, f, _ in found:
                        if f.term.category == category:
                            mask[fs:fe] = b"\x01" * (fe - fs)
                if not any(mask[s:e]):
                    mask[s:e] = b"\x01" * (e - s)
                    out.append((s, e, form, "pattern"))
        return out

    def _pattern_starts(self, text: str) -> list[list[int]]:
        """Per pattern, the sorted places where one of its starting literals occurs."""
        starts: list[list[int]] = [[] for _ in self._patterns]
        if self._anchors is not None:
            for idx, start, _ in self._anchors.find_matches_as_indexes(text, overlapping=True):
                for i in self._anchor_owner[idx]:
                    starts[i].append(start)
        for places in starts:
            places.sort()
        return starts

    def _fuzzy(self, text: str, found: list[tuple[int, int, _Form, str]]) -> list[tuple[int, int, _Form, str]]:
        """ASCII words of 5+ letters that no exact match touches, looked up as misspellings."""
        out = []
        for m in _ASCII_RUN.finditer(text):
            start, end = m.span()
            if not "a" <= text[start] <= "z":
                continue
            if any(s < end and start < e for s, e, _, _ in found):
                continue
            hit = self._fuzzy_lookup(m.group())
            if hit is not None:
                out.append((start, end, _Form(hit[1], end - start, True, True, False), "fuzzy"))
        return out

    def _fuzzy_lookup(self, word: str) -> tuple[str, Term] | None:
        """The lexicon form ``word`` is a misspelling of: same first letter, 1 edit (2 if long)."""
        if word in self._fuzzy_cache:
            return self._fuzzy_cache[word]
        cutoff = 1 if len(word) < 9 else 2
        best = process.extractOne(word, self._fuzzy_keys, scorer=Levenshtein.distance, score_cutoff=cutoff)
        hit = None
        if best is not None and best[1] > 0 and best[0][0] == word[0]:
            hit = (best[0], self._fuzzy_terms[best[2]])
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[word] = hit
        return hit
