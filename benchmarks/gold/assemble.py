"""Turn the labellers' files into the committed gold set (hashes and labels only).

    python benchmarks/gold/assemble.py LABELS_DIR [--round 2]

``LABELS_DIR`` holds ``labels_A.jsonl`` … ``labels_D.jsonl`` as the labellers wrote them (outside
the repository). The first reading of each posting (labellers A, B, C) becomes the gold in
``gold_2026-12.jsonl``; labeller D's independent second reading of the doubly labelled
postings goes to ``gold_2026-12_second.jsonl``. Every record is checked against the guide's
rules (ids, acceptable ⊇ subtype, family of subtype, other ⇔ not operations) and its reason
against the posting text (no run of more than 8 characters copied).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1] / "src"))
from _data import load, sha1  # noqa: E402

from opsmatch.taxonomy import FAMILIES, SUBTYPE_FAMILY, SUBTYPES  # noqa: E402

KEYS = ("desc_sha1", "labels", "subtype", "acceptable", "family", "is_operations", "title_subtype", "reason")
COMPETENCY_IDS = ("data_analysis", "user_insight", "market_analysis", "copywriting", "project_management")


def _check(rec: dict[str, object], text: str, where: str) -> list[str]:
    bad = []
    labels = rec["labels"]
    if (
        not isinstance(labels, dict)
        or set(labels) != set(COMPETENCY_IDS)
        or any(v not in (0, 1, 2) for v in labels.values())
    ):
        bad.append("labels")
    sub, acc = rec["subtype"], rec["acceptable"]
    if sub not in SUBTYPES or not isinstance(acc, list) or sub not in acc or any(a not in SUBTYPES for a in acc):
        bad.append("subtype/acceptable")
    if rec["family"] not in FAMILIES or rec["family"] != SUBTYPE_FAMILY.get(str(sub)):
        bad.append("family")
    ops = rec["is_operations"]
    if ops not in ("yes", "no", "borderline") or (ops == "yes" and sub == "other") or (ops == "no" and sub != "other"):
        bad.append("is_operations")
    if rec["title_subtype"] is not None and rec["title_subtype"] not in SUBTYPES:
        bad.append("title_subtype")
    reason = str(rec.get("reason") or "")
    if any(reason[i : i + 9] in text for i in range(max(len(reason) - 8, 0))):
        bad.append("reason copies the posting")
    return [f"{where}: {b}" for b in bad]


OUTPUTS = {
    1: ("selection.csv", "gold_2026-12.jsonl", "gold_2026-12_second.jsonl"),
    2: ("selection_round2.csv", "gold_2026-12-r2.jsonl", "gold_2026-12-r2_second.jsonl"),
}


def main() -> int:
    labels_dir = Path(sys.argv[1])
    round_ = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--round" else 1
    selection_file, gold_file, second_file = OUTPUTS[round_]
    with (HERE / selection_file).open(encoding="utf-8") as fh:
        selection = {r["sha1"]: r for r in csv.DictReader(fh)}
    texts: dict[str, str] = {}
    for name in {r["file"] for r in selection.values()}:
        texts.update((sha1(t), t) for t in load(name)["description"])
    gold, second, problems = [], [], []
    for who in ("A", "B", "C", "D"):
        with (labels_dir / f"labels_{who}.jsonl").open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        for rec in records:
            h = rec["desc_sha1"]
            sel = selection.get(h)
            if sel is None or who not in sel["labellers"].split("+"):
                problems.append(f"{who}: {h} was not in its packet")
                continue
            problems += _check(rec, texts[h], f"{who} {h[:10]}")
            out = {"desc_sha1": h, "file": sel["file"], "part": sel["part"], "labeller": who}
            out.update({k: rec[k] for k in KEYS[1:]})
            (second if who == "D" else gold).append(out)
    expected = {h for h, r in selection.items()}
    missing = expected - {g["desc_sha1"] for g in gold}
    if missing:
        problems.append(f"{len(missing)} selected postings have no first reading")
    for line in problems:
        print(line)
    order = {h: i for i, h in enumerate(selection)}
    for name, rows in ((gold_file, gold), (second_file, second)):
        rows.sort(key=lambda r: order[str(r["desc_sha1"])])
        with (HERE / name).open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} records")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
