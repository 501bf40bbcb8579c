"""Step 5 of the flow: one ``CompetencyScore`` per competency, from its evidence.

The score of a competency is

    score = 1 - exp(-sum(weight_t * strength_t) / SATURATION)

over its DISTINCT canonical terms t (the same skill written three ways counts once),
where ``weight_t`` is the lexicon weight in (0, 1] and ``strength_t`` is 1.0 for a required
and 0.5 for a preferred mention. Each further term adds less (diminishing returns): one
required term of weight 1 gives 0.49, two give 0.74, three 0.86, five 0.96. Matches in
boilerplate sections (公司介绍, 福利待遇) are not evidence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from opsmatch.results import CompetencyScore, Match
from opsmatch.sections import BOILERPLATE

__all__ = ["SATURATION", "STRENGTH_FACTOR", "evidence_for", "score_competencies", "score_evidence"]

SATURATION = 1.5
STRENGTH_FACTOR = {"required": 1.0, "preferred": 0.5}


def _strongest(matches: Iterable[Match], categories: Iterable[str]) -> dict[str, dict[str, Match]]:
    """Per category, per canonical term: its strongest match outside boilerplate (the first on ties)."""
    best: dict[str, dict[str, Match]] = {c: {} for c in categories}
    for m in matches:
        group = best.get(m.category)
        if group is None or m.section in BOILERPLATE:
            continue
        seen = group.get(m.canonical)
        if seen is None or (seen.strength == "preferred" and m.strength == "required"):
            group[m.canonical] = m
    return best


def _by_start(m: Match) -> int:
    return m.start


def evidence_for(matches: Iterable[Match], category: str) -> tuple[Match, ...]:
    """One match per canonical term of ``category`` outside boilerplate: the strongest, then the first."""
    return tuple(sorted(_strongest(matches, [category])[category].values(), key=_by_start))


def score_evidence(evidence: Iterable[Match]) -> float:
    """The diminishing-returns score in [0, 1] of distinct evidence.

    >>> from opsmatch.results import Match
    >>> round(score_evidence([Match("SQL", "SQL", "data_analysis", 0, 3)]), 2)
    0.49
    """
    total = 0.0
    factor = STRENGTH_FACTOR.get
    for m in evidence:
        total += m.weight * factor(m.strength, 1.0)
    return 1.0 - math.exp(-total / SATURATION)


def score_competencies(matches: Iterable[Match], competencies: Mapping[str, str]) -> dict[str, CompetencyScore]:
    """A ``CompetencyScore`` for every competency id in ``competencies`` (id -> label), in one pass."""
    best = _strongest(matches, competencies)
    out = {}
    for cid, label in competencies.items():
        evidence = tuple(sorted(best[cid].values(), key=_by_start))
        out[cid] = CompetencyScore(cid, label, score_evidence(evidence), evidence)
    return out
