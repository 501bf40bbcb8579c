"""Seniority, experience and education against a reader, on hand-labelled postings (benchmarks/gold/).

    python benchmarks/eval_profile.py [--show]

Two sets, reported apart: ``profile.csv`` (100 postings, tune: the rules were written after
reading them) and ``profile_heldout.csv`` (60 postings, held out: labelled before the extractor
ran on them, never studied). See benchmarks/gold/PROFILE.md.

The gold labels were written blind (benchmarks/gold/PROFILE.md); the postings are read from
../shared/data by the sha1 of their description, and nothing of their text is printed (``--show``
lists the disagreements by sha1 with both labels). A naive baseline shows what the rules add:
no seniority at all, the first "N年" of the text as (N, None), the first degree word anywhere.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA, available, load, sha1

from opsmatch.analyzer import Analyzer

GOLD_DIR = Path(__file__).resolve().parent / "gold"
GOLD = {"tune": GOLD_DIR / "profile.csv", "held-out": GOLD_DIR / "profile_heldout.csv"}
_DEGREES = {
    "博士": "doctor",
    "硕士": "master",
    "研究生": "master",
    "本科": "bachelor",
    "大专": "college",
    "专科": "college",
}


def _num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def baseline(text: str) -> tuple[str | None, tuple[float | None, float | None] | None, str | None]:
    m = re.search(r"(\d+)\s*年", text)
    years = None if m is None else (float(m.group(1)), None)
    d = re.search("|".join(_DEGREES), text)
    return None, years, None if d is None else _DEGREES[d.group(0)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list disagreements (sha1 and labels only)")
    args = parser.parse_args()
    names = {"neitui_2018.csv", "51job_2020_flat.csv", "campus_2025.csv"}
    missing = [n for n in sorted(names) if not available(n)]
    if missing:
        print(f"skipped: {SHARED_DATA / missing[0]} is not here")
        return 0
    texts: dict[str, tuple[str, str]] = {}
    for name in sorted(names):
        d = load(name)
        texts.update((sha1(t), (ti, t)) for ti, t in zip(d["title"], d["description"]))
    analyzer = Analyzer(model=None)
    for label, path in GOLD.items():
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
        evaluate(label, path.name, gold, texts, analyzer, args.show)
    return 0


def evaluate(
    label: str, name: str, gold: pd.DataFrame, texts: dict[str, tuple[str, str]], analyzer: Analyzer, show: bool
) -> None:
    rows = [texts[h] for h in gold["sha1"]]
    results = analyzer.analyze_many([t for _, t in rows], [ti for ti, _ in rows])
    n = len(gold)
    hits: Counter[str] = Counter()
    base: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    wrong = []
    for (_, text), g, a in zip(rows, gold.itertuples(index=False), results):
        g_years = (
            None
            if g.experience_min == "" and g.experience_max == ""
            else (_num(g.experience_min), _num(g.experience_max))
        )
        got_years = (
            None if a.experience_years is None else tuple(None if v is None else float(v) for v in a.experience_years)
        )
        g_sen, g_edu = g.seniority or None, g.education or None
        checks = {
            "seniority": a.seniority == g_sen,
            "experience": got_years == g_years,
            "experience_min": (got_years or (None, None))[0] == (g_years or (None, None))[0],
            "education": a.education == g_edu,
        }
        hits.update(k for k, ok in checks.items() if ok)
        b_sen, b_years, b_edu = baseline(text)
        base.update(
            k
            for k, ok in {
                "seniority": b_sen == g_sen,
                "experience": b_years == g_years,
                "experience_min": (b_years or (None, None))[0] == (g_years or (None, None))[0],
                "education": b_edu == g_edu,
            }.items()
            if ok
        )
        confusion[(g_sen or "-", a.seniority or "-")] += 1
        if not all(checks.values()):
            wrong.append((g.sha1[:10], g.file[:6], (g_sen, g_years, g_edu), (a.seniority, got_years, a.education)))
    print(f"\n== {label}: {n} postings labelled blind by hand (benchmarks/gold/{name})\n")
    print(f"{'field':<16}{'opsmatch':>10}{'baseline':>10}")
    for k in ("seniority", "experience", "experience_min", "education"):
        print(f"{k:<16}{hits[k] / n:>10.2f}{base[k] / n:>10.2f}")
    stated = {
        "seniority": (gold["seniority"] != "").sum(),
        "experience": ((gold["experience_min"] != "") | (gold["experience_max"] != "")).sum(),
        "education": (gold["education"] != "").sum(),
    }
    print("\nstated by the reader:", ", ".join(f"{k} {v}" for k, v in stated.items()))
    print("\nseniority (reader -> opsmatch):", ", ".join(f"{g}->{p} {c}" for (g, p), c in sorted(confusion.items())))
    print(f"\ndisagreements: {len(wrong)} postings")
    if show:
        for w in wrong:
            print("  ", *w)


if __name__ == "__main__":
    raise SystemExit(main())
