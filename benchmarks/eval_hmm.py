"""What turning jieba's HMM off costs in accuracy (the fast path's choice, for identical backends).

    python benchmarks/eval_hmm.py

opsmatch tokenizes with HMM off, because only then do jieba and rjieba agree on every token
(with HMM on they split unknown words like ``11K-15K`` or ``CET-6`` differently). This prints,
in one run, HMM off (shipped) against HMM on (jieba backend, everything else equal):
- the competency matcher on the hand-labelled gold postings (recall / precision), and
- the sub-type classifier retrained on corpus/ with each tokenization, against the readers of
  the 2026-12 gold set (acceptable-set accuracy on operations postings, is_operations F1, tune
  and held-out parts) and on neitui_2018's title-rule labels (accuracy, macro-F1, top-2,
  is_operations F1), description only and with titles.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import ROOT, SHARED_DATA, available, load, sha1
from _gold import gold_available, load_gold
from _gold_subtypes import score as gold_score
from eval_competencies import GOLD_FILES, score

from opsmatch import COMPETENCIES
from opsmatch.analyzer import Analyzer
from opsmatch.classifier import DEFAULT_MODEL_PATH, SubtypeClassifier
from opsmatch.evaluate import evaluate_model, read_labelled
from opsmatch.tokenizer import Tokenizer


def with_hmm(tok: Tokenizer) -> Tokenizer:
    """The same jieba tokenizer (same words, same frequencies), with HMM on."""
    jieba_tokenizer = tok._cut.func.__self__  # type: ignore[attr-defined]
    tok._cut = partial(jieba_tokenizer.lcut, HMM=True)
    return tok


class HmmClassifier(SubtypeClassifier):
    """The shipped estimator, tokenizing with HMM on (for this comparison only)."""

    def _tokenizer(self) -> Tokenizer:
        return with_hmm(Tokenizer(self.tokenizer_words_, backend="jieba"))


def competencies(hmm: bool) -> list[pd.DataFrame]:
    analyzer = Analyzer(model=None, backend="jieba")
    if hmm:
        with_hmm(analyzer.tokenizer)
    out = []
    for path in GOLD_FILES:
        gold = pd.read_csv(path, dtype={"sha1": str})
        texts: dict[str, str] = {}
        for name in sorted(set(gold["file"])):
            texts.update((sha1(d), d) for d in load(name)["description"])
        gold = gold[gold["sha1"].isin(texts)].reset_index(drop=True)
        results = analyzer.analyze_many([texts[h] for h in gold["sha1"]])
        claims = {cid: [r.competencies[cid].asked for r in results] for cid in COMPETENCIES}
        out.append(score(claims, gold).iloc[[-1]].assign(set=path.stem))
    return out


def gold_rows(model: SubtypeClassifier) -> list[str]:
    """Acceptable-set accuracy and is_operations F1 against the readers, per part and input."""
    if not gold_available():
        return ["gold postings not here"]
    out = []
    for part in ("tune", "heldout"):
        gold = load_gold(part=part)
        for use_title in (False, True):
            pred = model.predict([(g.text, g.title if use_title else "") for g in gold])
            s = gold_score(gold, [str(p) for p in pred], use_title)
            out.append(f"{part:8s} {'with titles' if use_title else 'description':12s} acceptable {s.acceptable:.3f}"
                       f"  is_operations F1 {s.ops_f1:.3f}")  # fmt: skip
    return out


def fit(cls: type[SubtypeClassifier], corpus: pd.DataFrame) -> SubtypeClassifier:
    params = SubtypeClassifier.load(DEFAULT_MODEL_PATH).get_params()
    return cls(**params).fit(corpus[["text", "title"]], corpus["label"])


def subtypes(model: SubtypeClassifier, data: pd.DataFrame) -> list[dict[str, Any]]:
    ops = data[data["label"].ne("") & data["label"].ne("other")]
    rows = []
    for use_title in (False, True):
        e, every = evaluate_model(model, ops, use_title=use_title), evaluate_model(model, data, use_title=use_title)
        rows.append({"input": "description + title" if use_title else "description only",
                     "accuracy": e.accuracy, "macro-F1": e.macro_f1, "top-2": e.top2_accuracy,
                     "ops F1": every.ops_f1})  # fmt: skip
    return rows


def main() -> int:
    if not available("neitui_2018.csv"):
        print(f"{SHARED_DATA}: evaluation data not here, nothing to measure")
        return 0
    print("competency matcher, overall over the five competencies:")
    for hmm in (False, True):
        for row in competencies(hmm):
            print(f"  HMM {'on ' if hmm else 'off'} {row['set'].iloc[0]:24s} recall {row['recall'].iloc[0]:.3f}"
                  f"  precision {row['precision'].iloc[0]:.3f}")  # fmt: skip
    corpus = read_labelled(ROOT / "corpus" / "train.csv", "description", "title", "subtype")
    d = load("neitui_2018.csv")
    data = pd.DataFrame({"text": d["description"], "title": d["title"], "label": d["subtype"],
                         "is_operations": d["is_operations"]})  # fmt: skip
    models = {
        name: fit(cls, corpus) for name, cls in (("HMM off (shipped)", SubtypeClassifier), ("HMM on", HmmClassifier))
    }
    print("\nsub-type classifier retrained on corpus/, against the readers (gold 2026-12):")
    for name, model in models.items():
        for line in gold_rows(model):
            print(f"  {name:18s} {line}")
    print("\nsub-type classifier retrained on corpus/, neitui_2018 (title-rule labels):")
    for name, model in models.items():
        for row in subtypes(model, data):
            print(f"  {name:18s} {row['input']:20s} accuracy {row['accuracy']:.3f}  macro-F1 {row['macro-F1']:.3f}"
                  f"  top-2 {row['top-2']:.3f}  is_operations F1 {row['ops F1']:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
