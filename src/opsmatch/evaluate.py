"""Training data loading and sub-type evaluation, shared by the CLI and the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from opsmatch.batch import InputError, detect_encoding
from opsmatch.classifier import SubtypeClassifier
from opsmatch.linear import decide

__all__ = ["Evaluation", "evaluate_model", "read_labelled"]


def read_labelled(path: str | Path, text_col: str, title_col: str | None, label_col: str | None) -> pd.DataFrame:
    """A labelled CSV (or a folder of them) as a frame with ``text``, ``title`` and ``label``."""
    path = Path(path)
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"{path}: holds no .csv files")
    frames = []
    for f in files:
        try:
            with open(f, "rb") as fh:
                enc = detect_encoding(fh.read(1 << 16))
            df = pd.read_csv(f, dtype=str, keep_default_na=False, encoding=enc)
        except (OSError, ValueError) as exc:
            raise InputError(f"{f}: cannot be read ({exc})") from exc
        for col in (text_col, title_col, label_col):
            if col is not None and col not in df.columns:
                raise InputError(f"{f}: has no column {col!r}; its columns are {list(df.columns)}")
        out = pd.DataFrame(
            {
                "text": df[text_col],
                "title": df[title_col] if title_col else "",
                "label": df[label_col] if label_col else "",
            }
        )
        if "is_operations" in df.columns:
            out["is_operations"] = df["is_operations"].str.lower().isin(["true", "1", "yes"])
        else:
            out["is_operations"] = out["label"].ne("other") & out["label"].ne("")
        frames.append(out)
    combined: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return combined


@dataclass(frozen=True)
class Evaluation:
    """Sub-type and is-operations metrics of a model on labelled postings."""

    n: int
    accuracy: float
    macro_f1: float
    top2_accuracy: float
    per_class: pd.DataFrame
    ops_precision: float
    ops_recall: float
    ops_f1: float
    n_ops_rows: int
    confusion: pd.DataFrame = field(repr=False)

    def report(self) -> str:
        """A readable multi-line report."""
        lines = [
            f"sub-type rows: {self.n}   accuracy {self.accuracy:.3f}   macro-F1 {self.macro_f1:.3f}   "
            f"top-2 accuracy {self.top2_accuracy:.3f}",
            f"is_operations over {self.n_ops_rows} rows: precision {self.ops_precision:.3f}   "
            f"recall {self.ops_recall:.3f}   F1 {self.ops_f1:.3f}",
            "",
            self.per_class.to_string(float_format=lambda v: f"{v:.3f}"),
            "",
            "confusion matrix (rows: true, columns: predicted)",
            self.confusion.to_string(),
        ]
        return "\n".join(lines)


def evaluate_model(model: SubtypeClassifier, data: pd.DataFrame, *, use_title: bool = True) -> Evaluation:
    """Evaluate on ``read_labelled`` data. Rows with an empty label count for is_operations only."""
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    X: Any = list(zip(data["text"], data["title"] if use_title else [""] * len(data)))
    proba = model.predict_proba(X) if len(X) else np.zeros((0, len(model.classes_)))
    classes = np.asarray(model.classes_)
    pred = classes[decide(proba, classes, bool(getattr(model, "gate_decision", False)))] if len(proba) else np.array([])
    top2 = classes[np.argsort(-proba, axis=1)[:, :2]] if len(proba) else np.zeros((0, 2))

    labelled = (data["label"] != "").to_numpy()
    y = data["label"].to_numpy()[labelled]
    p = pred[labelled]
    present = sorted(set(y))
    prec, rec, f1, support = precision_recall_fscore_support(y, p, labels=present, zero_division=0)
    per_class = pd.DataFrame({"precision": prec, "recall": rec, "f1": f1, "support": support}, index=present)
    truth_ops = data["is_operations"].to_numpy(dtype=bool)
    pred_ops = pred != "other"
    tp = int(np.sum(truth_ops & pred_ops))
    ops_p = tp / max(int(pred_ops.sum()), 1)
    ops_r = tp / max(int(truth_ops.sum()), 1)
    labels = sorted(set(y) | set(p))
    return Evaluation(
        n=int(labelled.sum()),
        accuracy=float(np.mean(y == p)) if len(y) else 0.0,
        macro_f1=float(f1_score(y, p, labels=present, average="macro", zero_division=0)) if len(y) else 0.0,
        top2_accuracy=float(np.mean([t in row for t, row in zip(y, top2[labelled])])) if len(y) else 0.0,
        per_class=per_class,
        ops_precision=ops_p,
        ops_recall=ops_r,
        ops_f1=2 * ops_p * ops_r / (ops_p + ops_r) if ops_p + ops_r else 0.0,
        n_ops_rows=len(data),
        confusion=pd.DataFrame(confusion_matrix(y, p, labels=labels), index=labels, columns=labels),
    )
