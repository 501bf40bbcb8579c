"""Time linear in the text on the pathological inputs of issue 16: doubling the input at most
doubles the time: the best of five runs' CPU time at four times the size is asserted below 8
times that at one (4 when linear; the old quadratic forms gave 16)."""

import time

import pytest

from opsmatch.normalize import normalize
from opsmatch.sections import split_sections


def _best(fn, text, repeat=5):
    # CPU time of this process (other processes on a shared machine do not count), best of five
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn(text)
        best = min(best, time.process_time() - t0)
    return best


def _ratio(fn, make, n):
    """Time at 4n over time at n: 4 when linear, 16 when quadratic; asserted below 8."""
    fn(make(n // 4))  # warm up
    return _best(fn, make(4 * n)) / _best(fn, make(n))


def _matcher_run(analyzer):
    def run(text):
        norm = normalize(text)
        analyzer.matcher.find(norm, analyzer.tokenizer.words(norm.text), split_sections(norm.text))

    return run


def test_heading_scan_after_many_spaces():
    assert _ratio(split_sections, lambda n: " " * n + "岗位职责：写文案", 60_000) < 8


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "熟练Excel，" * (n // 8),  # fuzzy candidates next to exact matches
        lambda n: "数据" * (n // 2),  # pattern anchors everywhere
        lambda n: "（熟悉SQL" * (n // 6),  # parentheses that never close
        lambda n: "负责店铺数据分析 撰写活动文案 协调各部门推进项目 " * (n // 27),  # no punctuation
    ],
    ids=["fuzzy", "anchors", "parens", "flat"],
)
def test_matching_is_linear(bare_analyzer, make):
    assert _ratio(_matcher_run(bare_analyzer), make, 6_000) < 8


def test_a_pattern_at_the_safety_bounds_is_linear(tmp_path):
    from opsmatch.analyzer import Analyzer

    (tmp_path / "x.toml").write_text(
        '[competency]\nid = "x"\nlabel = "x"\n[[term]]\nname = "边界"\npatterns = ["数{0,50}数{0,50}析"]\n',
        encoding="utf-8",
    )
    analyzer = Analyzer(tmp_path, model=None, backend="jieba")
    assert _ratio(lambda t: analyzer.matcher.find(normalize(t)), lambda n: "数" * n, 2_500) < 8
