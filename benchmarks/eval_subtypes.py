"""Sub-type classifier accuracy on real postings (../shared/data), never trained on them.

Prints, side by side in one run, on each evaluation file:
- the SHIPPED model (trained on corpus/ only), description only (titles hidden) and with
  titles: accuracy, macro-F1 over the sub-types present, top-2 accuracy, is_operations P/R/F1;
- the CEILING ANCHOR: plain jieba TF-IDF + LinearSVC fitted by 5-fold cross-validation on the
  evaluation file's own labelled rows (a model that has seen that board's postings);
- fit time on the corpus and predict throughput of the model alone.

    python benchmarks/eval_subtypes.py [--verbose]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jieba
import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import ROOT, SHARED_DATA, available, load

from opsmatch.classifier import DEFAULT_MODEL_PATH, SubtypeClassifier
from opsmatch.evaluate import evaluate_model, read_labelled

FILES = ["neitui_2018.csv", "campus_2025.csv", "51job_2020_flat.csv"]


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


def main() -> int:
    verbose = "--verbose" in sys.argv
    jieba.setLogLevel(60)
    model = SubtypeClassifier.load(DEFAULT_MODEL_PATH)
    corpus = read_labelled(ROOT / "corpus" / "train.csv", "description", "title", "subtype")
    t0 = time.perf_counter()
    SubtypeClassifier(**model.get_params()).fit(corpus[["text", "title"]], corpus["label"])
    print(f"fit on corpus/train.csv ({len(corpus)} postings): {time.perf_counter() - t0:.1f} s")

    for name in FILES:
        if not available(name):
            print(f"\n{SHARED_DATA / name}: not here, skipped")
            continue
        d = load(name)
        data = pd.DataFrame(
            {
                "text": d["description"],
                "title": d["title"],
                "label": d["subtype"],
                "is_operations": d["is_operations"],
            }
        )
        ops = data[data["label"].ne("") & data["label"].ne("other")]
        print(f"\n== {name}: {len(data)} postings, {int(data['is_operations'].sum())} operations, "
              f"{len(ops)} with a sub-type ==")  # fmt: skip
        t0 = time.perf_counter()
        model.predict_proba(list(data["text"]))
        secs = time.perf_counter() - t0
        print(f"predict (tokenize + model), description only: {len(data) / secs:,.0f} postings/s")
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
        print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
