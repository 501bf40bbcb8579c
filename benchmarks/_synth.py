"""Synthetic postings for speed benchmarks: the example postings, repeated and varied."""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def example_rows() -> list[dict[str, str]]:
    with open(ROOT / "examples" / "postings.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def postings(n: int) -> list[tuple[str, str]]:
    """``n`` (description, title) pairs cycled from the examples, each with a distinct suffix."""
    rows = example_rows()
    return [(rows[i % len(rows)]["职位描述"] + f"\n编号{i}", rows[i % len(rows)]["职位名称"]) for i in range(n)]


def write_csv(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "职位名称", "职位描述", "城市"])
        for i, (text, title) in enumerate(postings(n)):
            w.writerow([i, title, text, "北京"])
    return path
