"""Step 4 of the flow: find lexicon entries in a posting, as ``Match`` spans of the original text.

One small module per concern: ``exact`` (an Aho-Corasick automaton over every surface form),
``fuzzy`` (misspelt tool names), ``patterns`` (regular expressions over words apart, never
past a clause), ``context`` (an entry's rules on where it counts) and ``strength`` (required /
preferred / implied, from the cue words of the match's own clause). ``Matcher`` runs them in
that order over a chunk of postings, each step over the whole chunk before the next, and turns
the surviving ``Hit`` records into ``Match`` objects.
"""

from __future__ import annotations

from collections.abc import Sequence

from opsmatch._regex import pattern_anchors
from opsmatch.lexicon import Term
from opsmatch.matcher.context import ContextJudge
from opsmatch.matcher.exact import ExactMatcher
from opsmatch.matcher.fuzzy import FuzzyMatcher
from opsmatch.matcher.hits import Hit
from opsmatch.matcher.patterns import PatternMatcher
from opsmatch.matcher.strength import Breaks, strength_of
from opsmatch.normalize import NormalizedText
from opsmatch.results import Match
from opsmatch.sections import BOILERPLATE, Section, sections_at

__all__ = ["Breaks", "Hit", "Matcher", "pattern_anchors", "strength_of"]


class Matcher:
    """Exact, fuzzy and pattern matching of lexicon entries in normalized text.

    >>> from opsmatch.lexicon import Term
    >>> from opsmatch.normalize import normalize
    >>> m = Matcher([Term("SQL", "data_analysis", ("SQL",))])
    >>> [x.term for x in m.find(normalize("熟悉SQL"))]
    ['SQL']
    """

    def __init__(self, terms: Sequence[Term], fuzzy: bool = True) -> None:
        self.exact = ExactMatcher(terms)
        self.fuzzy = FuzzyMatcher(terms) if fuzzy else None
        self.patterns = PatternMatcher(terms)
        self.context = ContextJudge(terms)

    def find(
        self,
        norm: NormalizedText,
        words: Sequence[str] | None = None,
        sections: tuple[Section, ...] | None = None,
    ) -> tuple[Match, ...]:
        """All matches in ``norm``, in text order, as spans of ``norm.original``.

        ``words`` are jieba's tokens of ``norm.text`` (they must cover it, in order): with
        them, Chinese terms of one or two characters count only where they are whole words.
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
        """``find`` over many postings, each step over all of them before the next."""
        hits = self.hits_many([n.text for n in norms], words, sections)
        return list(map(_assemble, norms, hits, sections))

    def hits_many(
        self,
        texts: Sequence[str],
        words: Sequence[Sequence[str] | None],
        sections: Sequence[tuple[Section, ...]],
    ) -> list[list[Hit]]:
        """The hits of each normalized text (spans of the normalized text), before they become
        ``Match`` objects: for tools that work on normalized text (``lexicon suggest``)."""
        exact = list(map(self.exact.find, texts, words))
        hits = [list(h) for h in exact]
        if self.fuzzy:
            for text, found, own in zip(texts, exact, hits):
                own += self.fuzzy.find(text, found)
        hits = list(map(self.context.judge, texts, hits))
        if self.patterns:
            for text, found, secs in zip(texts, hits, sections):
                counted = {id(h.term) for h in _counted(found, secs)}
                found += self.context.judge(text, self.patterns.find(text, found, counted))
        return hits


def _start(hit: Hit) -> int:
    return hit.start


def _counted(hits: Sequence[Hit], sections: tuple[Section, ...]) -> list[Hit]:
    """The hits that are evidence as they stand: not implied, not in boilerplate."""
    kinds = sections_at(sections, [h.start for h in hits])
    return [h for h, kind in zip(hits, kinds) if not h.implied and kind not in BOILERPLATE]


def _assemble(norm: NormalizedText, hits: list[Hit], sections: tuple[Section, ...]) -> tuple[Match, ...]:
    """``Match`` objects, in text order, with their section, strength and original span."""
    if not hits:
        return ()
    text = norm.text
    hits.sort(key=_start)
    breaks = Breaks(text)  # found once: every match of the text looks up its clause in it
    out = []
    for h, section in zip(hits, sections_at(sections, [h.start for h in hits])):
        o_start, o_end = norm.original_span(h.start, h.end)
        strength = "implied" if h.implied else strength_of(text, h.start, h.end, section, breaks)
        out.append(
            Match(
                norm.original[o_start:o_end],
                h.term.canonical,
                h.term.category,
                o_start,
                o_end,
                h.kind,
                section,
                strength,
                h.term.weight,
            )
        )
    return tuple(out)
