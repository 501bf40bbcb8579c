"""Time linear in the text, on the pathological inputs of issue 16 (and a few more).

    python benchmarks/bench_scaling.py

For each family, the whole analysis (normalize, sections, tokenize, match, score; no model)
of one posting at two sizes, the smaller and twice it: µs per character at each and their
ratio. Linear time keeps the ratio near 1 (it was 2 for the quadratic families: 16,000 spaces
before a heading word took 19 s, ``"熟练Excel，" * 100000`` 171 s).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from opsmatch.analyzer import Analyzer

FAMILIES: dict[str, Callable[[int], str]] = {
    "spaces before a heading word": lambda n: " " * n + "岗位职责：负责数据分析",
    "tool names after a comma (fuzzy candidates)": lambda n: "熟练Excel，" * (n // 8),
    "misspelt tool names": lambda n: "熟练Pythom，" * (n // 9),
    "text without punctuation (51job)": lambda n: "负责店铺数据分析 撰写活动文案 协调各部门推进项目 " * (n // 27),
    "heading words, no headings": lambda n: "职责要求福利" * (n // 6),
    "headings with colons": lambda n: "职责：写文案\n" * (n // 7),
    "pattern anchors (数据 … 分析)": lambda n: "数据" * (n // 2),
    "unclosed parentheses": lambda n: "（熟悉SQL" * (n // 6),
    "balanced parentheses": lambda n: "（加分项：SQL）" * (n // 10),
    "unclosed <script> tags": lambda n: "<script>熟练SQL" * (n // 13),
    "one long clause": lambda n: "数" * n,
    "lone surrogates": lambda n: "\ud800熟练SQL" * (n // 6),
}


def seconds(analyzer: Analyzer, text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: other processes on a shared machine do not count
        analyzer.analyze(text)
        best = min(best, time.process_time() - t0)
    return best


# a user lexicon whose pattern sits at the safety bounds (51 x 51 ways to try at each place,
# no literal start): the slowest pattern `lexicon check` lets through
BOUNDS_LEXICON = '[competency]\nid = "x"\nlabel = "x"\n[[term]]\nname = "边界"\npatterns = ["数{0,50}数{0,50}析"]\n'


def report(analyzer: Analyzer, name: str, make: Callable[[int], str], size: int) -> None:
    small, large = make(size), make(2 * size)
    a, b = seconds(analyzer, small), seconds(analyzer, large)
    per_a, per_b = a / len(small) * 1e6, b / len(large) * 1e6
    print(f"{name:46s} {per_a:18.3f} {per_b:12.3f} {per_b / per_a:6.2f}")


def main() -> int:
    size = 100_000
    for i, arg in enumerate(sys.argv):
        if arg == "--chars":
            size = int(sys.argv[i + 1])
    analyzer = Analyzer(model=None, backend="jieba")
    print(f"{'family':46s} {'µs/char at ' + format(size, ','):>18s} {'at ' + format(2 * size, ','):>12s} {'ratio':>6s}")
    for name, make in FAMILIES.items():
        report(analyzer, name, make, size)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "x.toml").write_text(BOUNDS_LEXICON, encoding="utf-8")
        bounded = Analyzer(tmp, model=None, backend="jieba")
        report(bounded, "a user pattern at the safety bounds", lambda n: "数" * n, size // 10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
