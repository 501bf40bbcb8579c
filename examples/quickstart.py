"""opsmatch in one minute: analyse one posting, then score and summarise examples/postings.csv.

    python examples/quickstart.py

For charts and the highlighted HTML view, see analysis.ipynb (pip install "opsmatch[plot]").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import opsmatch

POSTING = """岗位职责：
1. 负责小红书、公众号的内容策划和种草文案撰写；
2. 跟踪笔记数据，做用户画像分析，每周输出复盘报告。
任职要求：熟练使用Excel、SQL，会Pythom者优先；有项目管理经验。"""

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Print one posting's analysis, then a per-sub-type summary of the example postings."""
    pd.set_option("display.unicode.east_asian_width", True)  # align Chinese columns
    pd.set_option("display.width", 200)
    # 1. One posting: the sub-type and a table of the five competencies with their evidence
    a = opsmatch.analyze(POSTING, title="新媒体运营")
    print(f"sub-type: {a.subtype_label} ({a.subtype}), confidence {a.confidence:.2f}")
    print(f"  top 3: {', '.join(f'{opsmatch.SUBTYPES[s]} {p:.0%}' for s, p in a.top_subtypes(3))}\n")
    table = pd.DataFrame(
        [(c.label, round(c.score, 2), c.level, "、".join(c.terms)) for c in a.competencies.values()],
        columns=["competency", "score", "level", "evidence"],
    )
    print(table.to_string(index=False), "\n")
    for m in a.competencies["data_analysis"].evidence:  # spans into the text: POSTING[m.start:m.end] == m.term
        print(f"  {m.term!r:>9} -> {m.canonical:<8} {m.kind:<7} {m.section:<12} {m.strength}")

    # 2. A whole file: the input columns plus the result columns, in the same order
    postings = pd.read_csv(HERE / "postings.csv")
    scored = opsmatch.score_frame(postings, "职位描述", title_col="职位名称", progress=False)
    print(f"\nscored {len(scored)} postings, {scored['error'].notna().sum()} with an error\n")

    # 3. Per sub-type (indexed by id): postings, share, the share asking for each competency, top terms
    from opsmatch.summary import format_summary

    print(format_summary(opsmatch.summarize(scored)))


if __name__ == "__main__":
    main()
