"""Step 5 of the flow: one ``CompetencyScore`` per competency, from its evidence.

The score of a competency is

    score = 1 - exp(-sum(weight_t * strength_t) / SATURATION)

over its DISTINCT canonical terms t (the same skill written three ways counts once),
where ``weight_t`` is the lexicon weight in (0, 1] and ``strength_t`` is 1.0 for a required,
0.5 for a preferred and 0.2 for an implied mention (a trait). Each further term adds less
(diminishing returns): one required term of weight 1 gives 0.49, two give 0.74, three 0.86,
five 0.96. Traits never claim a competency alone: without evidence the score is 0. Matches
in boilerplate sections (公司介绍, 福利待遇) count for nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from opsmatch.results import CompetencyScore, Match
from opsmatch.sections import BOILERPLATE

__all__ = ["SATURATION", "STRENGTH_FACTOR", "evidence_for", "score_competencies", "score_evidence"]

SATURATION = 1.5
STRENGTH_FACTOR = {"required": 1.0, "preferred": 0.5, "implied": 0.2}
_RANK = {"required": 2, "preferred": 1, "implied": 0}


def _strongest(matches: Iterable[Match], categories: Iterable[str]) -> dict[str, dict[str, Match]]:
    """Per category, per canonical term: its strongest match outside boilerplate (the first on ties)."""
    best: dict[str, dict[str, Match]] = {c: {} for c in categories}
    for m in matches:
        group = best.get(m.category)
        if group is None or m.section in BOILERPLATE:
            continue
        seen = group.get(m.canonical)
        if seen is None or _RANK.get(m.strength, 2) > _RANK.get(seen.strength, 2):
            group[m.canonical] = m
    return best


def _by_start(m: Match) -> int:
    return m.start


def evidence_for(matches: Iterable[Match], category: str) -> tuple[Match, ...]:
    """One match per canonical term of ``category`` outside boilerplate (traits included): the
    strongest, then the first."""
    return tuple(sorted(_strongest(matches, [category])[category].values(), key=_by_start))


def score_evidence(evidence: Iterable[Match], traits: Iterable[Match] = ()) -> float:
    """The diminishing-returns score in [0, 1] of distinct evidence and traits; 0 without evidence.

    >>> from opsmatch.results import Match
    >>> round(score_evidence([Match("SQL", "SQL", "data_analysis", 0, 3)]), 2)
    0.49
    >>> score_evidence([], [Match("执行力", "执行力", "project_management", 0, 3, strength="implied")])
    0.0
    """
    total = 0.0
    for m in evidence:
        total += m.weight * STRENGTH_FACTOR.get(m.strength, 1.0)
    if total == 0.0:
        return 0.0
    for m in traits:
        total += m.weight * STRENGTH_FACTOR["implied"]
    return 1.0 - math.exp(-total / SATURATION)


def score_competencies(matches: Iterable[Match], competencies: Mapping[str, str]) -> dict[str, CompetencyScore]:
    """A ``CompetencyScore`` for every competency id in ``competencies`` (id -> label), in one pass."""
    best = _strongest(matches, competencies)
    out = {}
    for cid, label in competencies.items():
        group = best[cid]
        if not group:
            out[cid] = CompetencyScore(cid, label, 0.0)
            continue
        found = sorted(group.values(), key=_by_start)
        evidence = tuple([m for m in found if m.strength != "implied"])
        traits = tuple([m for m in found if m.strength == "implied"]) if len(evidence) < len(found) else ()
        out[cid] = CompetencyScore(cid, label, score_evidence(evidence, traits), evidence, traits)
    return out
