"""Competency evidence against hand labels by ../shared/ANNOTATION.md (benchmarks/gold/).

    python benchmarks/eval_competencies.py                 # figures: tune, held-out, agreement, old gold
    python benchmarks/eval_competencies.py --errors tune   # also the tune part's errors, one per line

A competency is CLAIMED when it has evidence outside boilerplate (traits alone never claim).
Recall is over the 2s; precision is against the 0s only (claims on 2s / claims on 2s and 0s):
a claim on a 1 is neither right nor wrong, as the guide says. Non-operations false claims: the
share of absent (0) competencies of postings a reader calls not operations (is_operations
"no") that get a claim. The held-out part is printed as aggregate figures only; its postings
and per-posting errors are never printed (``--errors heldout`` is refused).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA, available, load, sha1
from _gold import COMPETENCY_IDS, SECOND_FILE, GoldPosting, agreement, gold_available, load_gold

from opsmatch.analyzer import Analyzer
from opsmatch.results import PostingAnalysis

GOLD_DIR = Path(__file__).resolve().parent / "gold"
OLD_GOLD = [GOLD_DIR / "competencies.csv", GOLD_DIR / "competencies_heldout.csv"]


def figures(labels: Sequence[dict[str, int]], claims: Sequence[dict[str, bool]]) -> pd.DataFrame:
    """Per competency and overall: 2s, recall on them, 0s, claims on them, precision against them."""
    rows = []
    total = dict.fromkeys(("n2", "tp2", "n0", "fp0"), 0)
    for cid in COMPETENCY_IDS:
        n2 = sum(lab[cid] == 2 for lab in labels)
        tp2 = sum(lab[cid] == 2 and c[cid] for lab, c in zip(labels, claims))
        n0 = sum(lab[cid] == 0 for lab in labels)
        fp0 = sum(lab[cid] == 0 and c[cid] for lab, c in zip(labels, claims))
        rows.append(_row(cid, n2, tp2, n0, fp0))
        for k, v in zip(total, (n2, tp2, n0, fp0)):
            total[k] += v
    rows.append(_row("overall", total["n2"], total["tp2"], total["n0"], total["fp0"]))
    return pd.DataFrame(rows, columns=["competency", "2s", "recall", "0s", "claims on 0s", "precision"])


def _row(name: str, n2: int, tp2: int, n0: int, fp0: int) -> tuple[str, int, float, int, int, float]:
    recall = tp2 / n2 if n2 else float("nan")
    precision = tp2 / (tp2 + fp0) if tp2 + fp0 else float("nan")
    return name, n2, recall, n0, fp0, precision


def non_ops_false_claims(gold: Sequence[GoldPosting], claims: Sequence[dict[str, bool]]) -> tuple[int, int]:
    """(claims, absent competencies) over postings a reader calls not operations."""
    pairs = [(g.labels[c], cl[c]) for g, cl in zip(gold, claims) if g.is_operations == "no" for c in COMPETENCY_IDS]
    return sum(claimed for lab, claimed in pairs if lab == 0), sum(lab == 0 for lab, _ in pairs)


def claims_of(results: Sequence[PostingAnalysis]) -> list[dict[str, bool]]:
    return [{cid: r.competencies[cid].asked for cid in COMPETENCY_IDS} for r in results]


_FMT = {"recall": "{:.3f}".format, "precision": "{:.3f}".format}


def report_part(name: str, gold: Sequence[GoldPosting], analyzer: Analyzer) -> list[PostingAnalysis]:
    results = analyzer.analyze_many([g.text for g in gold])
    claims = claims_of(results)
    ops = [i for i, g in enumerate(gold) if g.is_operations == "yes"]
    print(f"\n=== {name}: {len(gold)} postings ({len(ops)} operations by the readers) ===")
    print(figures([g.labels for g in gold], claims).to_string(index=False, formatters=_FMT))
    fp, n0 = non_ops_false_claims(gold, claims)
    print(f"non-operations postings: {fp} of {n0} absent competencies claimed = {fp / max(n0, 1):.3f}")
    return results


def print_errors(gold: Sequence[GoldPosting], results: Sequence[PostingAnalysis]) -> None:
    """Tune part only: every missed 2 and every claimed 0, with the evidence that made the claim."""
    for g, r in zip(gold, results):
        assert g.part == "tune", "errors are printed for the tune part only"
        for cid in COMPETENCY_IDS:
            comp = r.competencies[cid]
            label = g.labels[cid]
            if label == 2 and not comp.asked:
                traits = "、".join(m.term for m in comp.traits)
                print(f"MISS {cid:18s} {g.sha1[:10]} {g.file[:6]} ops={g.is_operations} traits=[{traits}]")
            elif label == 0 and comp.asked:
                ev = "、".join(f"{m.term}({m.canonical},{m.kind},{m.section})" for m in comp.evidence)
                print(f"FALSE {cid:18s} {g.sha1[:10]} {g.file[:6]} ops={g.is_operations} {ev}")


def report_agreement() -> None:
    second = load_gold(SECOND_FILE)
    first = load_gold()
    a = agreement(first, second)
    print(f"\n=== agreement: {a.n} postings read twice, independently ===")
    rows = [(cid, a.competency_equal[cid], a.competency_kappa[cid]) for cid in COMPETENCY_IDS]
    print(
        pd.DataFrame(rows, columns=["competency", "share equal", "Cohen's kappa"]).to_string(
            index=False, float_format="{:.3f}".format
        )
    )
    print(f"2-vs-0 conflicts: {a.two_vs_zero}; is_operations equal {a.is_operations_equal:.3f}; "
          f"sub-type primary {a.subtype_primary:.3f}, acceptable overlap {a.subtype_overlap:.3f}")  # fmt: skip
    # what the second reader's labels score against the first's: the ceiling a program can reach
    by_sha = {g.sha1: g for g in first}
    pairs = [(by_sha[s.sha1], s) for s in second if s.sha1 in by_sha]
    for least, what in ((2, "2s"), (1, "1s and 2s")):
        as_claims = [{c: s.labels[c] >= least for c in COMPETENCY_IDS} for _, s in pairs]
        print(f"the second reader's {what} as claims, scored against the first reading (a ceiling):")
        print(figures([g.labels for g, _ in pairs], as_claims).to_string(index=False, formatters=_FMT))


def report_old_gold(analyzer: Analyzer) -> None:
    print("\n=== labelled before the guide (earlier gold files; their own conventions) ===")
    for path in OLD_GOLD:
        gold = pd.read_csv(path, dtype={"sha1": str})
        texts: dict[str, str] = {}
        for name in sorted(set(gold["file"])):
            if not available(name):
                print(f"{SHARED_DATA / name} is not here")
                return
            texts.update((sha1(d), d) for d in load(name)["description"])
        gold = gold[gold["sha1"].isin(texts)].reset_index(drop=True)
        results = analyzer.analyze_many([texts[h] for h in gold["sha1"]])
        labels = [{c: int(row[c]) for c in COMPETENCY_IDS} for _, row in gold.iterrows()]
        print(f"-- {path.name}: {len(gold)} postings")
        print(figures(labels, claims_of(results)).to_string(index=False, formatters=_FMT))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["tune", "heldout", "heldout2"], help="print the tune part's errors")
    parser.add_argument("--no-old", action="store_true", help="skip the earlier gold files")
    args = parser.parse_args(argv)
    if args.errors in ("heldout", "heldout2"):
        print("refused: the held-out part is measured, never studied", file=sys.stderr)
        return 2
    if not gold_available():
        print(f"the gold set's postings are not in {SHARED_DATA}: nothing to evaluate")
        return 0
    analyzer = Analyzer(model=None)
    tune = load_gold(part="tune")
    results = report_part("tune part (studied)", tune, analyzer)
    report_part("held-out part (measured only)", load_gold(part="heldout"), analyzer)
    report_part("fresh held-out part 2 (second draw, measured only)", load_gold(part="heldout2"), analyzer)
    report_agreement()
    if not args.no_old:
        report_old_gold(analyzer)
    if args.errors == "tune":
        print("\n=== tune part: errors ===")
        print_errors(tune, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
