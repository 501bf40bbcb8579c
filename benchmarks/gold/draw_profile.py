"""Draw the 100 postings of the profile gold set (seniority, experience, education), deterministically.

    python benchmarks/gold/draw_profile.py [--set heldout]  # prints the selection (hashes only)
    python benchmarks/gold/draw_profile.py --packet FILE    # also writes a labelling packet (text)
                                                            # to FILE, which must lie OUTSIDE the repository

Every posting is ranked by ``sha1(SALT + desc_sha1)`` and taken in that order per file, so anyone
with the same data draws the same set. Postings already in another gold file (``selection.csv``,
``competencies*.csv``) and descriptions under 60 characters are skipped, so this set never makes
anyone read a held-out competency posting. All job families are drawn (seniority, experience and
education concern every posting, not only operations ones).

``--set heldout`` draws the 60 postings of ``profile_heldout.csv`` with another salt, skipping
``profile.csv`` too: per file, half at random and half from titles holding a ladder word
(经理, 总监, 专员, 实习 …), so that rungs other than intern are measured at all.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _data import SHARED_DATA, available, load, sha1  # noqa: E402

SETS = {
    # set: (salt, {file: (random, from ladder-word titles)}, gold files to skip)
    "tune": (
        "opsmatch-profile-2026-12|",
        {"neitui_2018.csv": (40, 0), "51job_2020_flat.csv": (30, 0), "campus_2025.csv": (30, 0)},
        ("selection.csv", "competencies.csv", "competencies_heldout.csv"),
    ),
    "heldout": (
        "opsmatch-profile-heldout-2026-12|",
        {"neitui_2018.csv": (15, 15), "51job_2020_flat.csv": (8, 7), "campus_2025.csv": (8, 7)},
        ("selection.csv", "competencies.csv", "competencies_heldout.csv", "profile.csv"),
    ),
}
MIN_CHARS = 60
LADDER_TITLE = (
    "实习|校招|应届|培训生|助理|初级|专员|资深|高级|专家|主管|组长|负责人|经理|总监|副总|总裁|VP|vp|Head|head"
)


def select(which: str = "tune") -> list[dict[str, str]]:
    """The selected postings of a set, in labelling order: sha1, file, title, description."""
    salt, quota, skip = SETS[which]

    def rank(key: str) -> str:
        return hashlib.sha1((salt + key).encode("utf-8")).hexdigest()

    taken: set[str] = set()
    for name in skip:
        with (HERE / name).open(encoding="utf-8") as fh:
            taken.update(r["sha1"] for r in csv.DictReader(fh))
    rows: list[dict[str, str]] = []
    for name, (n_random, n_ladder) in quota.items():
        if not available(name):
            raise SystemExit(f"{SHARED_DATA / name} is not here: cannot select")
        d = load(name)
        d["sha1"] = [sha1(t) for t in d["description"]]
        d = d[(d["description"].str.len() >= MIN_CHARS) & ~d["sha1"].isin(taken)].drop_duplicates("sha1")
        d = d.assign(order=[rank(h) for h in d["sha1"]]).sort_values("order")
        ladder = d[d["title"].str.contains(LADDER_TITLE)][:n_ladder]
        rest = d[~d["sha1"].isin(ladder["sha1"])][:n_random]
        for part in (ladder, rest):
            for h, title, text in zip(part["sha1"], part["title"], part["description"]):
                rows.append({"sha1": h, "file": name, "title": title, "description": text})
    rows.sort(key=lambda r: rank("order" + r["sha1"]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="tune", choices=sorted(SETS), help="which gold set to draw")
    parser.add_argument("--packet", type=Path, help="JSONL file OUTSIDE the repository for labelling")
    args = parser.parse_args()
    rows = select(args.set)
    if args.packet:
        out = args.packet.resolve()
        if HERE.parents[1] in out.parents:
            raise SystemExit("a packet holds posting text: write it outside the repository")
        with out.open("w", encoding="utf-8") as fh:
            for i, r in enumerate(rows, 1):
                fh.write(json.dumps({"n": i, **r}, ensure_ascii=False) + "\n")
    for r in rows:
        print(r["sha1"], r["file"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
