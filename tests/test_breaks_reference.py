"""``Breaks`` (clause breaks and parentheses found once, looked up by bisection) against its plain
meaning: the plain break regex and every parenthesis pair looked at, for each match."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from opsmatch.matcher.strength import (
    Breaks,
    reference_enclosing,
    reference_outside_parens,
    reference_segment,
    strength_of,
)

_PIECES = ["熟悉", "SQL", "优先", "加分", "了解", "数据", "，", "。", "、", "：", "\n", " ", "(", ")", "（", "）",
           "1、", "2.", "(3)", "12)", "123", "•", "x", "运营" * 30]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@st.composite
def _text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(_TEXT)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@given(_text_and_span())
@example(("熟悉SQL，有Python经验者优先", 7, 13))
@example(("精通excel（会vba者优先（或sql））的人", 9, 12))
@settings(max_examples=400)
def test_breaks_equal_their_plain_meaning(case: tuple[str, int, int]) -> None:
    text, start, end = case
    b = Breaks(text)
    assert b.segment(start, end) == reference_segment(text, start, end)
    paren = b.enclosing(start, end)
    assert paren == reference_enclosing(text, start, end)
    seg_start, seg_end = b.segment(start, end)
    for keep in (paren, None):
        own = b.outside_parens(text, seg_start, seg_end, keep)
        assert own == reference_outside_parens(text, seg_start, seg_end, keep)


@given(_text_and_span(), st.sampled_from(["other", "bonus", "duties"]))
@settings(max_examples=200)
def test_strength_with_shared_breaks_equals_strength_alone(case: tuple[str, int, int], section: str) -> None:
    """One ``Breaks`` shared by every match of a text gives what a fresh one gives each match."""
    text, start, end = case
    shared = Breaks(text)
    assert strength_of(text, start, end, section, shared) == strength_of(text, start, end, section)
