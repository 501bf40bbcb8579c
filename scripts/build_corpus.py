"""Split the hand-written corpus (corpus/raw/*.csv) into training data and the example sample.

    python scripts/build_corpus.py

Writes corpus/train.csv (what the shipped model learns from) and examples/postings.csv (a
held-out sample the README's first command scores and the notebook explores). The split is
deterministic: per sub-type, the postings with the smallest sha1 of their description go to
the examples, drawn from the first writing batches only (``EXAMPLE_BATCHES``), so that later
additions to the corpus do not reshuffle the sample that users, the notebook and the tests know.
Every row is checked: a known sub-type id, no empty field, no duplicate text.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from opsmatch.taxonomy import SUBTYPES  # noqa: E402

HELD_OUT = {"other": 40}
HELD_OUT_DEFAULT = 12
EXAMPLE_BATCHES = frozenset({f"ops_{c}" for c in "abcdefghij"} | {f"other_{c}" for c in "abcd"})
"""The writing batches (``corpus/raw/<batch>.csv``) the examples are drawn from."""


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def main() -> int:
    rows = []
    seen: set[str] = set()
    for path in sorted((ROOT / "corpus" / "raw").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), 2):
                where = f"{path.name}:{i}"
                title, text, label = (row.get(k, "").strip() for k in ("title", "description", "subtype"))
                if label not in SUBTYPES:
                    raise SystemExit(f"{where}: unknown sub-type {label!r}")
                if not title or not text:
                    raise SystemExit(f"{where}: empty title or description")
                if text in seen:
                    raise SystemExit(f"{where}: duplicate description")
                seen.add(text)
                rows.append({"title": title, "description": text, "subtype": label, "batch": path.stem})
    by_label: dict[str, list[dict[str, str]]] = {}
    for row in sorted(rows, key=lambda r: sha1(r["description"])):
        by_label.setdefault(row["subtype"], []).append(row)
    train, examples = [], []
    for label in SUBTYPES:
        group = by_label.get(label, [])
        drawable = [r for r in group if r["batch"] in EXAMPLE_BATCHES]
        chosen = drawable[: HELD_OUT.get(label, HELD_OUT_DEFAULT)]
        examples += chosen
        train += [r for r in group if r not in chosen]
    train.sort(key=lambda r: (list(SUBTYPES).index(r["subtype"]), sha1(r["description"])))
    examples.sort(key=lambda r: sha1(r["title"] + r["description"]))  # mixed, like a real export

    with (ROOT / "corpus" / "train.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["title", "description", "subtype"], extrasaction="ignore")
        w.writeheader()
        w.writerows(train)
    (ROOT / "examples").mkdir(exist_ok=True)
    with (ROOT / "examples" / "postings.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "职位名称", "职位描述", "标注子类型"])
        for i, r in enumerate(examples, 1):
            w.writerow([f"P{i:04d}", r["title"], r["description"], r["subtype"]])
    counts = Counter(r["subtype"] for r in train)
    print(f"train: {len(train)} postings; examples: {len(examples)}")
    print("  " + ", ".join(f"{k} {counts[k]}" for k in SUBTYPES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
