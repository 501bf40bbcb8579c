"""Precision at 5 of ``opsmatch rank``: five résumés, 60 example postings, a reader's top five each.

    python benchmarks/bench_rank.py                 # both parts: tune, then held-out
    python benchmarks/bench_rank.py --part tune     # only the part the formula may be developed on

The pool is ``benchmarks/rank_pool.py`` (60 postings of examples/postings.csv drawn by sha1);
the picks are ``benchmarks/rank_picks.toml``, made by reading postings and résumés before any
ranker existed. Each résumé is ranked the way a user does it: ``rank_csv`` (what ``opsmatch
rank`` runs) over a CSV of the pool with its 编号 / 职位名称 / 职位描述 columns.
P@5 = |ranker's top five ∩ reader's five| / 5. Target: ≥ 0.8 per résumé.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from rank_pool import select  # noqa: E402

from opsmatch.analyzer import Analyzer  # noqa: E402
from opsmatch.rank import rank_csv  # noqa: E402
from opsmatch.resume import read_resume  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TARGET = 0.8


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tune", "heldout", "all"], default="all")
    args = parser.parse_args()
    picks = tomllib.loads((HERE / "rank_picks.toml").read_text(encoding="utf-8"))
    pool = select()
    titles = {r["编号"]: r["职位名称"] for r in pool}
    assert len(pool) == 60, len(pool)
    analyzer = Analyzer()
    parts = ["tune", "heldout"] if args.part == "all" else [args.part]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pool.csv"
        with src.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["编号", "职位名称", "职位描述"])
            w.writerows([r["编号"], r["职位名称"], r["职位描述"]] for r in pool)
        for part in parts:
            scores = []
            print(f"\n## {part}\n")
            print("| résumé | P@5 | ranker's top five (✓ = a reader's pick) | reader's picks missed |")
            print("|---|---|---|---|")
            for rid, spec in picks[part].items():
                resume = read_resume(next((ROOT / "examples" / "resumes").glob(rid + ".*[dt]")), analyzer)
                out = Path(tmp) / f"{rid}.csv"
                started = time.perf_counter()
                rank_csv(resume, src, out, progress=False, analyzer=analyzer)
                seconds = time.perf_counter() - started
                with out.open(encoding="utf-8", newline="") as fh:
                    ranked = list(csv.DictReader(fh))
                top5 = [r["编号"] for r in ranked[:5]]
                hits = [pid for pid in top5 if pid in spec["picks"]]
                p5 = len(hits) / 5
                scores.append(p5)
                shown = ", ".join(
                    f"{pid} {titles[pid]} {float(r['fit']):.2f}{' ✓' if pid in spec['picks'] else ''}"
                    for pid, r in zip(top5, ranked[:5])
                )
                missed = ", ".join(
                    f"{pid} {titles[pid]} (#{next(i for i, r in enumerate(ranked, 1) if r['编号'] == pid)})"
                    for pid in spec["picks"]
                    if pid not in top5
                )
                print(f"| {rid} | {p5:.1f} | {shown} | {missed or '-'} |  <!-- {seconds:.2f} s -->")
            mean = sum(scores) / len(scores)
            met = sum(s >= TARGET for s in scores)
            print(f"\n{part}: mean P@5 {mean:.2f}; {met} of {len(scores)} résumés at ≥ {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
