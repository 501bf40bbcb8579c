"""Share of non-empty salary cells parse_salary reads, per file, with the strings it could not read.

    python benchmarks/eval_salary.py [CSV ...]

Without arguments: the evaluation files in ../shared/data (skipped when absent) and every CSV in
examples/. The salary column is found by name as score_csv finds it (薪资, 月薪, salary …);
a file without one is listed as such. Unread strings are printed (up to 15 distinct per file,
most frequent first) with the reason; salary strings are formats, not postings.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import ROOT, SHARED_DATA

from opsmatch.batch import find_column
from opsmatch.salary import SALARY_COLUMN_NAMES, explain_salary, parse_salary


def report(path: Path) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    col = find_column(list(df.columns), SALARY_COLUMN_NAMES)
    if col is None:
        print(f"{path.name}: no salary column ({len(df)} rows; columns {list(df.columns)})")
        return
    cells = [c for c in df[col] if c.strip()]
    parsed = [parse_salary(c) for c in cells]
    ok = sum(p is not None for p in parsed)
    negotiable = sum(p is not None and p.negotiable and p.min_monthly is None and p.max_monthly is None for p in parsed)
    periods = Counter(p.period for p in parsed if p is not None)
    share = ok / len(cells) if cells else float("nan")
    print(
        f"{path.name}: column {col!r}: {len(df)} rows, {len(cells)} non-empty cells, "
        f"{ok} parsed = {share:.2%} ({negotiable} 面议/保密; periods {dict(periods)})"
    )
    missed = Counter(c for c, p in zip(cells, parsed) if p is None)
    for cell, n in missed.most_common(15):
        print(f"    {n:>5} x {cell!r}: {explain_salary(cell)}")


def main() -> int:
    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        shared = [SHARED_DATA / n for n in ("neitui_2018.csv", "51job_2020_flat.csv", "campus_2025.csv")]
        missing = [p for p in shared if not p.is_file()]
        if missing:
            print(f"skipped: {missing[0]} is not here")
        paths = [p for p in shared if p.is_file()] + sorted((ROOT / "examples").glob("*.csv"))
    for path in paths:
        report(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
