"""Reading hostile files stays linear: µs per character of ``opsmatch.sources`` at two sizes.

    python benchmarks/bench_read_scaling.py

For each family the reader meets (one huge cell, a stray quote that swallows the rest of the
file, lines in two encodings, many short multi-line cells), builds the file at size n and 2n
and prints the CPU µs per input character for both: the same figure at both sizes (within
noise) means time linear in the input.
"""

from __future__ import annotations

import csv
import io
import time
import warnings
from collections.abc import Callable

from opsmatch.sources import open_source

POSTING = "岗位职责：负责社群拉新和活跃，撰写活动文案；任职要求：熟练使用Excel和SQL"


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def huge_cell(n: int) -> bytes:
    return _csv([["编号", "职位描述"], ["1", "熟练SQL，" * (n // 6)], ["2", POSTING]]).encode()


def stray_quote(n: int) -> bytes:
    rows = [[str(i), "运营", POSTING] for i in range(n // 40)]
    text = _csv([["编号", "职位名称", "职位描述"], *rows]).split("\n")
    text[2] = text[2].replace("岗位", '"岗位', 1)
    return "\n".join(text).encode()


def mixed_encodings(n: int) -> bytes:
    rows = [[str(i), "运营", POSTING] for i in range(n // 40)]
    half = len(rows) // 2
    return _csv([["编号", "职位名称", "职位描述"], *rows[:half]]).encode("gb18030") + _csv(rows[half:]).encode()


def multiline_cells(n: int) -> bytes:
    rows = [[str(i), "运营", "岗位职责:\n1,负责运营\n2,熟练Excel"] for i in range(n // 30)]
    return _csv([["编号", "职位名称", "职位描述"], *rows]).encode()


FAMILIES: dict[str, Callable[[int], bytes]] = {
    "one huge cell": huge_cell,
    "stray quote swallowing the file": stray_quote,
    "GB18030 then UTF-8 lines": mixed_encodings,
    "multi-line cells": multiline_cells,
}


def read_all(data: bytes) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with open_source(io.BytesIO(data)) as source:
            return sum(1 for _ in source.records())


def per_char(data: bytes, repeat: int = 3) -> float:
    chars = len(data.decode("utf-8", "replace"))
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        read_all(data)
        best = min(best, time.process_time() - t0)
    return best / chars * 1e6


def main() -> int:
    n = 2_000_000
    print(f"{'family':34s} {'µs/char at n':>14s} {'at 2n':>8s} {'ratio':>6s}   (n = {n:,} characters)")
    for name, build in FAMILIES.items():
        small, large = per_char(build(n)), per_char(build(2 * n))
        print(f"{name:34s} {small:14.4f} {large:8.4f} {large / small:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
