"""Draw the postings of the 2026-12 gold set (labelled by ../shared/ANNOTATION.md), deterministically.

    python benchmarks/gold/draw.py                  # writes benchmarks/gold/selection.csv (hashes only)
    python benchmarks/gold/draw.py --packets DIR    # also writes labelling packets (text) to DIR,
                                                      # which must lie OUTSIDE the repository

The selection is a pure function of the evaluation files: every posting is ranked by
``sha1(SALT + desc_sha1)`` and taken in that order per stratum, so anyone with the same data
draws the same set. Postings of the two earlier gold files (labelled before the guide) and
descriptions under 60 characters are skipped. Non-operations postings are half drawn at
random and half from titles of neighbouring trades (编辑, 设计, 视频, 数据分析, 市场, 品牌 …),
where a bag of words confuses them with operations; operations postings are drawn at random.

Parts: about one posting in three goes to the held-out part (``sha1(SALT + "part" + desc_sha1)``),
per file; 60 postings (40 tune, 20 held-out) are labelled twice, by different labellers.

A second draw (``--round 2``, its own salt; postings of the first draw and of the profile gold
skipped) adds about 140 postings to the tune part and a fresh held-out part ``heldout2`` of
about 95 that nobody studies, measured once the program is done (30 labelled twice).
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

SALT = "opsmatch-gold-2026-12|"
SALT_ROUND_2 = "opsmatch-gold-2026-12-round-2|"
MIN_CHARS = 60
NEAR_OTHER = "编辑|设计|视频|剪辑|摄影|主播|数据分析|分析师|市场|品牌|公关|策划|HR|人力|招聘|客服|销售|商务|BD|产品经理|文案|插画|美工|游戏"
# per file: (operations, non-operations random, non-operations from neighbouring trades)
QUOTA = {
    "neitui_2018.csv": (120, 20, 20),
    "campus_2025.csv": (45, 18, 17),
    "51job_2020_flat.csv": (60, 20, 20),
}
QUOTA_ROUND_2 = {
    "neitui_2018.csv": (75, 15, 15),
    "campus_2025.csv": (30, 12, 12),
    "51job_2020_flat.csv": (45, 15, 15),
}
HELD_OUT_SHARE = 1 / 3
HELD_OUT_SHARE_ROUND_2 = 0.4
DOUBLE = {"tune": 40, "heldout": 20}
DOUBLE_ROUND_2 = {"tune": 20, "heldout2": 10}
LABELLERS = ("A", "B", "C")
OLD_GOLD = (HERE / "competencies.csv", HERE / "competencies_heldout.csv")
SKIP_ROUND_2 = (*OLD_GOLD, HERE / "selection.csv", HERE / "profile.csv", HERE / "profile_heldout.csv")
SELECTION = {1: HERE / "selection.csv", 2: HERE / "selection_round2.csv"}


def rank(key: str, salt: str = SALT) -> str:
    return hashlib.sha1((salt + key).encode("utf-8")).hexdigest()


def select(round_: int = 1) -> list[dict[str, str]]:
    """The selected postings: sha1, file, part, labellers (``A`` or ``A+D`` for doubly labelled)."""
    salt = SALT if round_ == 1 else SALT_ROUND_2
    quota = QUOTA if round_ == 1 else QUOTA_ROUND_2
    share = HELD_OUT_SHARE if round_ == 1 else HELD_OUT_SHARE_ROUND_2
    held_out = "heldout" if round_ == 1 else "heldout2"
    double = DOUBLE if round_ == 1 else DOUBLE_ROUND_2
    old: set[str] = set()
    for path in OLD_GOLD if round_ == 1 else SKIP_ROUND_2:
        with path.open(encoding="utf-8") as fh:
            old.update(r["sha1"] for r in csv.DictReader(fh))
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for name, (n_ops, n_other, n_near) in quota.items():
        if not available(name):
            raise SystemExit(f"{SHARED_DATA / name} is not here: cannot select")
        d = load(name)
        d["sha1"] = [sha1(t) for t in d["description"]]
        d = d[(d["description"].str.len() >= MIN_CHARS) & ~d["sha1"].isin(old)].drop_duplicates("sha1")
        d = d.assign(order=[rank(h, salt) for h in d["sha1"]]).sort_values("order")
        ops = d[d["is_operations"]]
        other = d[~d["is_operations"]]
        near = other[other["title"].str.contains(NEAR_OTHER)]
        picked = list(ops["sha1"][:n_ops]) + list(near["sha1"][:n_near])
        rest = other[~other["sha1"].isin(picked)]
        picked += list(rest["sha1"][:n_other])
        for h in picked:
            if h in seen:
                continue
            seen.add(h)
            part = held_out if int(rank("part" + h, salt)[:8], 16) / 0xFFFFFFFF < share else "tune"
            rows.append({"sha1": h, "file": name, "part": part})
    rows.sort(key=lambda r: rank("order" + r["sha1"], salt))
    for i, r in enumerate(rows):
        r["labellers"] = LABELLERS[i % len(LABELLERS)]
    for part, n in double.items():
        for r in [r for r in rows if r["part"] == part][:n]:
            r["labellers"] += "+D"
    return rows


def write_packets(rows: list[dict[str, str]], out: Path) -> None:
    """One JSONL file per labeller (``A``, ``B``, ``C``, ``D``): id, sha1, file, title, description."""
    if HERE.parents[1] in out.resolve().parents or out.resolve() == HERE.parents[1]:
        raise SystemExit("packets hold posting text: write them outside the repository")
    out.mkdir(parents=True, exist_ok=True)
    texts: dict[str, tuple[str, str]] = {}
    for name in {r["file"] for r in rows}:
        d = load(name)
        texts.update((sha1(t), (ti, t)) for ti, t in zip(d["title"], d["description"]))
    packets: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        title, text = texts[r["sha1"]]
        for who in r["labellers"].split("+"):
            item = {"sha1": r["sha1"], "file": r["file"], "title": title, "description": text}
            packets.setdefault(who, []).append(item)
    for who, items in packets.items():
        with (out / f"packet_{who}.jsonl").open("w", encoding="utf-8") as fh:
            for i, item in enumerate(items, 1):
                fh.write(json.dumps({"n": i, **item}, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=Path, help="folder OUTSIDE the repository for labelling packets")
    parser.add_argument("--round", type=int, choices=(1, 2), default=1, help="which draw (default 1)")
    args = parser.parse_args()
    rows = select(args.round)
    with SELECTION[args.round].open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["sha1", "file", "part", "labellers"])
        w.writeheader()
        w.writerows(rows)
    if args.packets:
        write_packets(rows, args.packets)
    by = {(r["file"], r["part"]) for r in rows}
    for f, p in sorted(by):
        print(f, p, sum(r["file"] == f and r["part"] == p for r in rows))
    print("total", len(rows), "doubly labelled", sum("+D" in r["labellers"] for r in rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
