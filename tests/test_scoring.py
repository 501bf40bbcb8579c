import math

from opsmatch.results import Match
from opsmatch.scoring import SATURATION, evidence_for, score_evidence


def m(canonical, strength="required", weight=1.0, section="requirements", start=0):
    return Match(
        canonical,
        canonical,
        "data_analysis",
        start,
        start + len(canonical),
        "exact",
        section,
        strength,
        weight,
    )


def test_formula_and_diminishing_returns():
    one = score_evidence([m("SQL")])
    two = score_evidence([m("SQL"), m("Excel")])
    three = score_evidence([m("SQL"), m("Excel"), m("Python")])
    assert math.isclose(one, 1 - math.exp(-1 / SATURATION))
    assert 0 < one < two < three < 1
    assert two - one > three - two


def test_preferred_counts_less_and_weight_matters():
    assert score_evidence([m("SQL", "preferred")]) < score_evidence([m("SQL")])
    assert score_evidence([m("复盘", weight=0.5)]) < score_evidence([m("SQL")])
    assert score_evidence([]) == 0.0


def test_evidence_dedupes_and_keeps_strongest():
    ms = [
        m("SQL", "preferred", start=0),
        m("SQL", "required", start=10),
        m("Excel", section="benefits", start=20),
    ]
    ev = evidence_for(ms, "data_analysis")
    assert [(x.canonical, x.strength) for x in ev] == [("SQL", "required")]
