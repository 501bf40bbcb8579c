"""Competency matcher accuracy on hand-labelled real postings (benchmarks/gold/).

Gold labels (2 = explicitly asked, 1 = weakly implied, 0 = absent) are stored by the sha1 of
each description; the text itself stays in ../shared/data. A competency is CLAIMED when it
has any evidence. Recall is over the 2s; precision counts a claim where the gold is 0 as false.
The baseline is the seed article's own words as a plain substring list.

    python benchmarks/eval_competencies.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA, available, load, sha1

from opsmatch import COMPETENCIES
from opsmatch.analyzer import Analyzer

GOLD_DIR = Path(__file__).resolve().parent / "gold"
# competencies.csv was used to tune the lexicons; competencies_heldout.csv never was.
GOLD_FILES = [GOLD_DIR / "competencies.csv", GOLD_DIR / "competencies_heldout.csv"]

# The seed article's words for each competency, as a naive substring list (the baseline).
ARTICLE_WORDS = {
    "data_analysis": ["数据分析", "SPSS", "Python", "SQL", "数据"],
    "user_insight": ["用户心理", "用户需求", "使用场景", "心理学", "网感", "洞察"],
    "market_analysis": [
        "行业动态",
        "趋势",
        "竞对",
        "竞品",
        "差异化",
        "竞争优势",
        "调研",
        "市场分析",
        "市场空白",
    ],
    "copywriting": ["文案", "写作", "选题", "资料整理", "内容创作", "热点"],
    "project_management": ["项目管理", "规划", "组织", "执行", "监控", "跨部门", "协作", "协同"],
}


def score(claims: dict[str, list[bool]], gold: pd.DataFrame) -> pd.DataFrame:
    rows = []
    tot = {"tp2": 0, "n2": 0, "claims": 0, "false": 0}
    for cid in COMPETENCIES:
        g = gold[cid].to_numpy()
        c = claims[cid]
        n2 = int((g == 2).sum())
        tp2 = int(sum(ci and gi == 2 for ci, gi in zip(c, g)))
        n_claims = int(sum(c))
        false = int(sum(ci and gi == 0 for ci, gi in zip(c, g)))
        rows.append((cid, n2, tp2 / max(n2, 1), n_claims, 1 - false / max(n_claims, 1)))
        for k, v in zip(tot, (tp2, n2, n_claims, false)):
            tot[k] += v
    rows.append(
        (
            "overall",
            tot["n2"],
            tot["tp2"] / tot["n2"],
            tot["claims"],
            1 - tot["false"] / tot["claims"],
        )
    )
    return pd.DataFrame(rows, columns=["competency", "gold 2s", "recall", "claims", "precision"])


def evaluate(gold_path: Path, analyzer: Analyzer) -> bool:
    gold = pd.read_csv(gold_path, dtype={"sha1": str})
    texts: dict[str, str] = {}
    for name in sorted(set(gold["file"])):
        if not available(name):
            print(f"{SHARED_DATA / name} is not here: nothing to evaluate")
            return False
        texts.update((sha1(d), d) for d in load(name)["description"])
    missing = [h for h in gold["sha1"] if h not in texts]
    if missing:
        print(f"{len(missing)} gold postings not found in {SHARED_DATA}")
    gold = gold[gold["sha1"].isin(texts)].reset_index(drop=True)
    docs = [texts[h] for h in gold["sha1"]]
    results = analyzer.analyze_many(docs)
    ours = {cid: [r.competencies[cid].asked for r in results] for cid in COMPETENCIES}
    lowered = [d.lower() for d in docs]
    base = {cid: [any(w.lower() in d for w in ws) for d in lowered] for cid, ws in ARTICLE_WORDS.items()}

    fmt = {"recall": "{:.3f}".format, "precision": "{:.3f}".format}
    print(f"\n=== {gold_path.name}: {len(gold)} hand-labelled postings ({int(gold['is_operations'].sum())} operations)")
    print("opsmatch (claim = any evidence outside boilerplate)")
    print(score(ours, gold).to_string(index=False, formatters=fmt))
    print("baseline: the article's own words as plain substrings")
    print(score(base, gold).to_string(index=False, formatters=fmt))
    return True


def main() -> int:
    analyzer = Analyzer(model=None)
    for path in GOLD_FILES:
        if not evaluate(path, analyzer):
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
