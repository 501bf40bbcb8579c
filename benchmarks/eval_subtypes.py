"""Sub-type accuracy on real postings (../shared/data), never trained on them.

    python benchmarks/eval_subtypes.py              # the gold tables, coverage, title-rule table
    python benchmarks/eval_subtypes.py --ablation   # also: the effect of each change (fits models)
    python benchmarks/eval_subtypes.py --errors tune          # the TUNE part's errors, one a line
    python benchmarks/eval_subtypes.py --fit --gold-only      # a model fitted on corpus/ now, gold tables

1. THE YARDSTICK (headline): the 2026-12 gold set, labelled blind by readers following
   ../shared/ANNOTATION.md (benchmarks/gold/README.md). Tune and held-out parts apart,
   description only and with titles: acceptable-set accuracy on operations postings, family
   accuracy, is_operations precision / recall / F1 with borderline postings excluded (measures
   in benchmarks/_gold_subtypes.py). The readers' own agreement is printed beside it. Only
   aggregate figures are printed: the held-out part is measured, never studied.
2. COVERAGE: for thresholds of ``subtype_confidence``, the share of gold postings kept and how
   often the kept ones are right, so a user can choose a threshold.
3. TITLE-RULE LABELS of the full evaluation files (labels derived from titles by keyword rules,
   so noisy; a reader disagrees with them on about one posting in four): accuracy, macro-F1,
   top-2, is_operations P / R / F1, with a ceiling fitted by cross-validation on each file.
4. ABLATION (``--ablation``): each change of 2026-12 measured on the gold, variants fitted on
   ``corpus/train.csv`` (and, with ``--old-corpus PATH``, on an earlier corpus as well).

The shipped model is run the way users run it: ``Analyzer`` over the exported ``.npz``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jieba
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import ROOT, SHARED_DATA, available, load
from _gold import SECOND_FILE, GoldPosting, agreement, gold_available, load_gold
from _gold_subtypes import THRESHOLDS, coverage, is_right, score, wilson

from opsmatch.analyzer import Analyzer
from opsmatch.classifier import DEFAULT_MODEL_PATH, SubtypeClassifier
from opsmatch.evaluate import evaluate_model, read_labelled
from opsmatch.linear import confidences, decide
from opsmatch.taxonomy import SUBTYPE_FAMILY

FILES = ["neitui_2018.csv", "campus_2025.csv", "51job_2020_flat.csv"]
Predictor = Callable[[Sequence[GoldPosting], bool], tuple[list[str], list[float]]]


def fmt(v: float) -> str:
    return f"{v:.3f}"


# -- 1. the gold tables -----------------------------------------------------------------------
def shipped_predictor(analyzer: Analyzer) -> Predictor:
    """Sub-types and confidences of the shipped model, as ``Analyzer`` gives them."""

    def predict(gold: Sequence[GoldPosting], with_titles: bool) -> tuple[list[str], list[float]]:
        results = analyzer.analyze_many([g.text for g in gold], [g.title if with_titles else None for g in gold])
        return [str(a.subtype) for a in results], [float(a.confidence or 0.0) for a in results]

    return predict


def gold_table(predict: Predictor, parts: dict[str, list[GoldPosting]]) -> pd.DataFrame:
    rows = []
    for part, gold in parts.items():
        for with_titles in (False, True):
            pred, _ = predict(gold, with_titles)
            s = score(gold, pred, with_titles)
            lo, hi = wilson(s.acceptable, s.n_ops)
            rows.append(
                {
                    "part": part,
                    "input": "with titles" if with_titles else "description only",
                    "ops postings": s.n_ops,
                    "acceptable": s.acceptable,
                    "(95% interval)": f"{lo:.2f}-{hi:.2f}",
                    "family": s.family,
                    "is_ops P": s.ops_precision,
                    "is_ops R": s.ops_recall,
                    "is_ops F1": s.ops_f1,
                    "gate postings": s.n_gate,
                }
            )
    return pd.DataFrame(rows)


def coverage_table(predict: Predictor, parts: dict[str, list[GoldPosting]]) -> pd.DataFrame:
    rows = []
    for part, gold in parts.items():
        for with_titles in (False, True):
            pred, conf = predict(gold, with_titles)
            for r in coverage(gold, pred, conf, with_titles, THRESHOLDS):
                rows.append(
                    {
                        "part": part,
                        "input": "with titles" if with_titles else "description only",
                        "confidence >=": r.threshold,
                        "kept": r.kept,
                        "accuracy (all kept)": r.accuracy,
                        "acceptable (kept ops)": r.ops_acceptable,
                    }
                )
    return pd.DataFrame(rows)


def print_agreement() -> None:
    first = load_gold()
    second = load_gold(SECOND_FILE)
    a = agreement(first, second)
    print(
        f"readers' agreement ({a.n} postings read twice): primary sub-type {a.subtype_primary:.2f}, "
        f"family {a.family_equal:.2f}, acceptable sets overlap {a.subtype_overlap:.2f}, "
        f"is_operations {a.is_operations_equal:.2f}"
    )


# -- errors of the tune part (never of a held-out part) ------------------------------------
ERROR_PARTS = ("tune",)
"""The parts whose postings may be listed one by one: held-out parts are measured only."""


def print_errors(predict: Predictor, gold: Sequence[GoldPosting], width: int = 160) -> None:
    """Each wrong answer on ``gold`` (description only, then with titles): what was said and why."""
    for with_titles in (False, True):
        pred, conf = predict(gold, with_titles)
        wrong = [(g, p, c) for g, p, c in zip(gold, pred, conf) if not is_right(g, p, with_titles)]
        print(f"\n== {'with titles' if with_titles else 'description only'}: {len(wrong)} of {len(gold)} wrong ==")
        for g, p, c in sorted(wrong, key=lambda r: (r[0].is_operations, r[1])):
            text = " ".join(g.text.split())[:width]
            print(
                f"[{g.sha1[:8]}] predicted {p} ({c:.2f}) | is_ops {g.is_operations} | acceptable "
                f"{'/'.join(g.acceptable) or '-'} | title_subtype {g.title_subtype or '-'}\n"
                f"    title: {g.title} | reason: {g.reason}\n    {text}"
            )


# -- 3. title-rule labels of the full files ---------------------------------------------------
class _JiebaWords:
    """Plain jieba tokens for the ceiling anchor (a class, so it pickles)."""

    def __call__(self, text: str) -> list[str]:
        return [w for w in jieba.lcut(text) if w.strip()]


def ceiling(ops: pd.DataFrame) -> tuple[float, float]:
    """5-fold CV macro-F1 and accuracy of jieba TF-IDF + LinearSVC on the file's own ops rows."""
    counts = ops["label"].value_counts()
    keep = ops[ops["label"].isin(counts[counts >= 5].index)]
    pipe_vec = TfidfVectorizer(tokenizer=_JiebaWords(), token_pattern=None, sublinear_tf=True)
    X = pipe_vec.fit_transform(keep["text"])
    pred = cross_val_predict(LinearSVC(C=0.5), X, keep["label"], cv=StratifiedKFold(5, shuffle=True, random_state=0))
    return float(f1_score(keep["label"], pred, average="macro")), float(np.mean(pred == keep["label"]))


def ceiling_is_ops(data: pd.DataFrame) -> float:
    X = TfidfVectorizer(tokenizer=_JiebaWords(), token_pattern=None, sublinear_tf=True).fit_transform(data["text"])
    y = data["is_operations"].to_numpy()
    pred = cross_val_predict(LinearSVC(C=0.5), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    return float(f1_score(y, pred))


def title_rule_tables(model: SubtypeClassifier, verbose: bool) -> None:
    for name in FILES:
        if not available(name):
            print(f"\n{SHARED_DATA / name}: not here, skipped")
            continue
        d = load(name)
        data = pd.DataFrame(
            {"text": d["description"], "title": d["title"], "label": d["subtype"], "is_operations": d["is_operations"]}
        )
        ops = data[data["label"].ne("") & data["label"].ne("other")]
        print(f"\n== {name}: {len(data)} postings, {int(data['is_operations'].sum())} operations, "
              f"{len(ops)} with a sub-type ==")  # fmt: skip
        t0 = time.perf_counter()
        model.predict_proba(list(data["text"]))
        print(f"predict (tokenize + model), description only: {len(data) / (time.perf_counter() - t0):,.0f} postings/s")
        rows = []
        for use_title in (False, True):
            every = evaluate_model(model, data, use_title=use_title)
            e = evaluate_model(model, ops, use_title=use_title) if len(ops) else None
            rows.append(
                {
                    "model": "shipped (corpus only)",
                    "input": "description + title" if use_title else "description only",
                    "accuracy": e.accuracy if e else np.nan,
                    "macro-F1": e.macro_f1 if e else np.nan,
                    "top-2 acc": e.top2_accuracy if e else np.nan,
                    "ops P": every.ops_precision,
                    "ops R": every.ops_recall,
                    "ops F1": every.ops_f1,
                    "all-rows acc": every.accuracy,
                }
            )
            if verbose and e is not None:
                print(e.per_class.round(3).to_string())
        if len(ops) >= 50:
            mf1, acc = ceiling(ops)
            rows.append({"model": "ceiling: CV on this file", "input": "description only", "accuracy": acc,
                         "macro-F1": mf1, "ops F1": ceiling_is_ops(data)})  # fmt: skip
        print(pd.DataFrame(rows).to_string(index=False, float_format=fmt, na_rep="-"))


# -- 4. ablation ---------------------------------------------------------------------------------
VARIANTS: list[tuple[str, dict[str, Any]]] = [
    (
        "2026-11 settings: title expert w=2, no rule",
        {"title_rule": False, "title_weight": 2.0, "title_abstain": 1.01, "gate": False},
    ),
    ("+ title rule", {"title_weight": 2.0, "title_abstain": 1.01, "gate": False}),
    ("+ title weight by CV, abstention", {"gate": False}),
    ("+ gate (shipped settings)", {}),
    ("  shipped, but register words dropped from the features", {"drop_register": True}),
]


def family_first(proba: np.ndarray, classes: np.ndarray) -> list[str]:
    """The gate, then the family with the largest summed probability, then its best sub-type."""
    k = list(classes).index("other")
    families = np.array([SUBTYPE_FAMILY[str(c)] for c in classes])
    out = []
    for row in proba:
        if row[k] >= 0.5:
            out.append("other")
            continue
        ops = [f for f in sorted(set(families)) if f != "other"]
        best = max(ops, key=lambda f: row[families == f].sum())
        idx = np.flatnonzero(families == best)
        out.append(str(classes[idx[row[idx].argmax()]]))
    return out


def model_predictor(model: SubtypeClassifier, family: bool = False, with_conf: bool = False) -> Predictor:
    def predict(gold: Sequence[GoldPosting], with_titles: bool) -> tuple[list[str], list[float]]:
        proba = model.predict_proba([(g.text, g.title if with_titles else "") for g in gold])
        if family:
            return family_first(proba, model.classes_), [0.0] * len(gold)
        pick = decide(proba, model.classes_, model.gate_decision)
        conf = confidences(proba, model.classes_, model.gate_decision).tolist() if with_conf else [0.0] * len(gold)
        return [str(c) for c in model.classes_[pick]], conf

    return predict


def ablation(parts: dict[str, list[GoldPosting]], corpora: dict[str, Path]) -> None:
    from threadpoolctl import threadpool_limits

    rows = []
    for corpus_name, path in corpora.items():
        corpus = read_labelled(path, "description", "title", "subtype")
        for name, params in VARIANTS:
            with threadpool_limits(1, "blas"):
                model = SubtypeClassifier(**params).fit(corpus[["text", "title"]], corpus["label"])
            variants = [(name, model_predictor(model))]
            if not params:
                variants.append(("  family first (summed sub-types)", model_predictor(model, family=True)))
            for label, predict in variants:
                table = gold_table(predict, parts)
                for _, r in table.iterrows():
                    rows.append({"corpus": corpus_name, "variant": label, **r.to_dict()})
    frame = pd.DataFrame(rows)
    cols = ["acceptable", "family", "is_ops F1"]
    wide = frame.pivot_table(index=["corpus", "variant"], columns=["part", "input"], values=cols, sort=False)
    print(wide.to_string(float_format=fmt))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablation", action="store_true", help="fit the variants of each change and measure them")
    parser.add_argument("--old-corpus", type=Path, help="also fit the ablation variants on this (earlier) train.csv")
    parser.add_argument("--verbose", action="store_true", help="per-class figures on the title-rule labels")
    parser.add_argument(
        "--errors",
        metavar="PART",
        help="list the errors of this gold part, posting by posting ('tune' only: held-out parts are measured, never read)",
    )
    parser.add_argument(
        "--fit", action="store_true", help="measure a model fitted now on corpus/train.csv instead of the shipped one"
    )
    parser.add_argument("--gold-only", action="store_true", help="the gold tables only (no coverage, no full files)")
    args = parser.parse_args()
    if args.errors is not None and args.errors not in ERROR_PARTS:
        parser.error(f"--errors {args.errors}: refused, only {', '.join(ERROR_PARTS)} may be read posting by posting")
    jieba.setLogLevel(60)
    if not gold_available():
        print(f"{SHARED_DATA}: the gold postings' texts are not here, nothing to measure")
        return 0
    parts = {
        "tune": load_gold(part="tune"),
        "held-out": load_gold(part="heldout"),
        "held-out 2": load_gold(part="heldout2"),
    }
    if args.fit:
        corpus = read_labelled(ROOT / "corpus" / "train.csv", "description", "title", "subtype")
        fitted = SubtypeClassifier().fit(corpus[["text", "title"]], corpus["label"])
        predict = model_predictor(fitted, with_conf=True)
        which = f"a model fitted now on corpus/train.csv ({len(corpus)} postings)"
    else:
        predict = shipped_predictor(Analyzer())
        which = "shipped model"
    if args.errors is not None:
        print_errors(predict, parts[args.errors])
        return 0

    print(f"== sub-types against readers (gold 2026-12, ANNOTATION.md), {which} ==")
    print(gold_table(predict, parts).to_string(index=False, float_format=fmt))
    if args.gold_only:
        return 0
    print_agreement()
    print("\n== coverage: postings kept at a subtype_confidence threshold, and how often they are right ==")
    cov = coverage_table(predict, {**parts, "all": parts["tune"] + parts["held-out"] + parts["held-out 2"]})
    print(cov.to_string(index=False, float_format=fmt))

    model = SubtypeClassifier.load(DEFAULT_MODEL_PATH)
    corpus = read_labelled(ROOT / "corpus" / "train.csv", "description", "title", "subtype")
    t0 = time.perf_counter()
    SubtypeClassifier(**model.get_params()).fit(corpus[["text", "title"]], corpus["label"])
    print(f"\nfit on corpus/train.csv ({len(corpus)} postings): {time.perf_counter() - t0:.1f} s")
    print("\n== title-rule labels of the full files (noisy; second table) ==")
    title_rule_tables(model, args.verbose)

    if args.ablation:
        print("\n== ablation: each change measured on the gold ==")
        corpora = {"corpus/train.csv": ROOT / "corpus" / "train.csv"}
        if args.old_corpus:
            corpora = {f"{args.old_corpus}": args.old_corpus, **corpora}
        ablation(parts, corpora)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
