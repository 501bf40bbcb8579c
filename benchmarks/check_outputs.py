"""Every output field before and after a change: score the same files with two opsmatch trees, compare.

    python benchmarks/check_outputs.py --base /path/to/old/checkout/src

Scores examples/postings.csv and every CSV of ../shared/data (when present) with ``opsmatch
score`` twice, once with the opsmatch under ``--base`` (put first on PYTHONPATH) and once with
this checkout, then compares the two outputs cell by cell: the input columns, then the result
columns in order (matched by position, so a renamed column is reported as a rename, not as
lost values). Prints one line per file and per column that differs, and exits 1 if any value
differs. ``--keep DIR`` keeps the scored files.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]
INPUTS = {
    "examples": (ROOT / "examples" / "postings.csv", "职位描述", "职位名称"),
    "51job": (SHARED_DATA / "51job_2020_flat.csv", "description", "title"),
    "campus": (SHARED_DATA / "campus_2025.csv", "description", "title"),
    "neitui": (SHARED_DATA / "neitui_2018.csv", "description", "title"),
}


def score(src: Path, text_col: str, title_col: str, out: Path, pythonpath: str | None) -> None:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "opsmatch.cli", "score", str(src), "-o", str(out), "--quiet",
           "--text-col", text_col, "--title-col", title_col]  # fmt: skip
    subprocess.run(cmd, env=env, check=True)


def read(path: Path) -> list[list[str]]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def compare(name: str, before: Path, after: Path, n_input: int) -> int:
    """Differing cells, printed per column; 0 when every value is equal."""
    a, b = read(before), read(after)
    if len(a) != len(b):
        print(f"{name}: {len(a) - 1} rows before, {len(b) - 1} after")
        return max(len(a), len(b))
    head_a, head_b = a[0], b[0]
    renamed = [(x, y) for x, y in zip(head_a, head_b) if x != y]
    if renamed:
        x, y = renamed[0]
        print(f"{name}: {len(renamed)} columns renamed, e.g. {x!r} -> {y!r}")
    if len(head_a) != len(head_b):
        extra = head_b[len(head_a) :] if len(head_b) > len(head_a) else head_a[len(head_b) :]
        print(f"{name}: {len(head_a)} columns before, {len(head_b)} after (extra: {extra})")
    shared = [i for i in range(min(len(head_a), len(head_b)))]
    if head_a[n_input:] != head_b[n_input:]:  # result columns: match by name where both have it
        by_name = {c.removeprefix("opsmatch_"): j for j, c in enumerate(head_b) if j >= n_input}
        shared = list(range(n_input)) + [i for i in range(n_input, len(head_a))]
        mapping = {i: (i if i < n_input else by_name.get(head_a[i].removeprefix("opsmatch_"))) for i in shared}
    else:
        mapping = {i: i for i in shared}
    bad = 0
    for i, j in mapping.items():
        if j is None:
            print(f"{name}: column {head_a[i]!r} is gone")
            continue
        diff = [r for r, (ra, rb) in enumerate(zip(a[1:], b[1:]), 1) if ra[i] != rb[j]]
        if diff:
            bad += len(diff)
            example = diff[0]
            print(f"{name}: {head_a[i]!r}: {len(diff)} rows differ, e.g. row {example}: "
                  f"{a[example][i][:60]!r} -> {b[example][j][:60]!r}")  # fmt: skip
    print(f"{name}: {len(a) - 1} rows, {len(mapping)} columns compared, {bad} differing cells")
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the src/ folder of the opsmatch to compare against")
    parser.add_argument("--keep", help="folder to keep the scored files in")
    args = parser.parse_args()
    bad = 0
    with tempfile.TemporaryDirectory() as tmpdir:
        out = Path(args.keep or tmpdir)
        out.mkdir(parents=True, exist_ok=True)
        for name, (src, text_col, title_col) in INPUTS.items():
            if not src.is_file():
                print(f"{name}: {src} not present, skipped")
                continue
            before, after = out / f"{name}.before.csv", out / f"{name}.after.csv"
            score(src, text_col, title_col, before, args.base)
            score(src, text_col, title_col, after, str(ROOT / "src"))
            with open(src, encoding="utf-8", newline="") as fh:
                n_input = len(next(csv.reader(fh)))
            bad += compare(name, before, after, n_input)
    print("every output field equal" if not bad else f"{bad} differing cells")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
