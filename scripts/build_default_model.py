"""Rebuild the shipped default model from the project's own corpus, reproducibly.

    python scripts/build_default_model.py

1. splits corpus/raw/*.csv into corpus/train.csv and examples/postings.csv;
2. trains ``SubtypeClassifier()`` (default parameters) on corpus/train.csv;
3. writes src/opsmatch/models/default.skops.

Training is deterministic: the same corpus gives the same predictions (a test checks this
against the shipped file).
"""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    runpy.run_path(str(ROOT / "scripts" / "build_corpus.py"))["main"]()
    from opsmatch.cli import main as cli

    return cli(
        [
            "train",
            str(ROOT / "corpus" / "train.csv"),
            "-o",
            str(ROOT / "src/opsmatch/models/default.skops"),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
