"""The 60 example postings the ranking benchmark ranks, chosen deterministically.

    python benchmarks/rank_pool.py            # prints the 60 ids, titles and texts (to read them)

From ``examples/postings.csv`` (postings this project wrote): for each of the 14 operations
sub-types of its ``标注子类型`` column the 4 postings first in the order of
``sha1(SALT + 编号)``, and 4 non-operations postings (``other``) the same way, so every kind of
résumé has neighbours and distractors in the pool. No text, score or résumé decides the draw.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTINGS = ROOT / "examples" / "postings.csv"
SALT = "opsmatch-rank-pool|"
PER_SUBTYPE = 4
OTHER = 4


def _key(posting_id: str) -> str:
    return hashlib.sha1((SALT + posting_id).encode("utf-8")).hexdigest()


def select(path: Path = POSTINGS) -> list[dict[str, str]]:
    """The pool's rows (``编号``, ``职位名称``, ``职位描述``, ``标注子类型``), in file order."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    chosen: set[str] = set()
    for label in sorted({r["标注子类型"] for r in rows}):
        group = sorted((r for r in rows if r["标注子类型"] == label), key=lambda r: _key(r["编号"]))
        chosen.update(r["编号"] for r in group[: OTHER if label == "other" else PER_SUBTYPE])
    return [r for r in rows if r["编号"] in chosen]


if __name__ == "__main__":
    pool = select()
    print(f"{len(pool)} postings", file=sys.stderr)
    for r in pool:
        print(f"=== {r['编号']} {r['职位名称']} [{r['标注子类型']}]\n{r['职位描述']}\n")
