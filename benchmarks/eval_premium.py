"""The salary premium table of the operations postings of ../shared/data/neitui_2018.csv.

    python benchmarks/eval_premium.py [--by subtype|family|seniority] [--ours]

Scores the file (default Analyzer, titles used), keeps the rows the data marks as operations
jobs (its ``is_operations`` column; ``--ours`` uses opsmatch's own is_operations instead) and
prints ``opsmatch.premium`` (median CNY a month asking vs not, seeded bootstrap 95% interval)
and the seniority ladder of pay. Skips when the file is absent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA, available

import opsmatch
from opsmatch.pricing import result_view, salary_by


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", default="competency", help="competency (default), subtype, family or seniority")
    parser.add_argument("--ours", action="store_true", help="select operations postings by opsmatch's is_operations")
    args = parser.parse_args()
    if not available("neitui_2018.csv"):
        print(f"skipped: {SHARED_DATA / 'neitui_2018.csv'} is not here")
        return 0
    raw = pd.read_csv(SHARED_DATA / "neitui_2018.csv", dtype=str, keep_default_na=False)
    scored = opsmatch.score_frame(raw, "description", "title", progress=False)
    data_ops = scored["is_operations"].str.lower() == "true"
    view = result_view(scored)
    ops = view[view["is_operations"].fillna(False).astype(bool)] if args.ours else view[data_ops.to_numpy()]
    who = "opsmatch's is_operations" if args.ours else "the data's is_operations"
    print(f"neitui_2018.csv: {len(raw)} rows, {len(ops)} operations postings ({who}), "
          f"{int(ops['salary_min_monthly'].notna().sum())} with a salary\n")  # fmt: skip
    table = opsmatch.premium(ops, by=args.by)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round({"premium_pct": 2, "ci_low": 0, "ci_high": 0}).to_string(index=False))
        print("\nseniority ladder (monthly CNY):")
        print(salary_by(ops, "seniority").round(0).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
