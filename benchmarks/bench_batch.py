"""Batch scoring speed and memory: `opsmatch score --backend jieba` at -j 1 and -j 2 against bare jieba.

    python benchmarks/bench_batch.py [--rows 10000,100000] [--skip-real]

On the same generated CSV, in one run: rows/s of the whole command (start-up included) with
-j 1 and -j 2, rows/s of bare ``jieba.lcut`` over the same column in one process, their
ratios, and peak RSS of the process tree for a 10k-row and a 100k-row file (streaming keeps
them close). Then the same on ../shared/data/51job_2020_flat.csv when it is there.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA
from _moment import interleaved
from _proc import measure
from _synth import write_csv


def bare_jieba(path: Path, column: str) -> float:
    """Rows/s of jieba.lcut over one column (dictionary load excluded)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        texts = [row[column] for row in csv.DictReader(fh)]
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return len(texts) / (time.perf_counter() - t0)


def same_moment(path: Path, column: str) -> None:
    """score_csv and bare jieba.lcut in ONE process, in alternating slices: the fairest ratio here."""
    r = interleaved(path, column, "jieba", rows=5_000)
    print(
        f"same process, alternating 1,000-row slices (CPU time): score_csv {r['ours']:,.0f} rows/s"
        f" vs bare jieba.lcut {r['bare']:,.0f}/s = {r['ratio']:.2f}x"
    )


def column_of(path: Path, column: str) -> list[str]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh)]


def score(path: Path, jobs: int, out: Path) -> tuple[float, float]:
    cmd = [
        sys.executable,
        "-m",
        "opsmatch.cli",
        "score",
        str(path),
        "-o",
        str(out),
        "-j",
        str(jobs),
        "--quiet",
        "--backend",
        "jieba",
    ]
    return measure(cmd)


def report(name: str, path: Path, column: str, rows: int, tmp: Path) -> dict[int, float]:
    base = bare_jieba(path, column)
    print(f"\n== {name}: {rows:,} rows ==")
    print(f"bare jieba.lcut, 1 process: {base:,.0f} rows/s")
    peaks = {}
    rates = {}
    for jobs in (1, 2):
        secs, peak = score(path, jobs, tmp / f"out{jobs}.csv")
        rates[jobs] = rows / secs
        peaks[jobs] = peak
        print(f"opsmatch score -j {jobs}: {rates[jobs]:,.0f} rows/s ({secs:.1f} s, start-up included), "
              f"{rates[jobs] / base:.2f}x bare jieba, peak RSS {peak:.0f} MB")  # fmt: skip
    print(f"-j 2 / -j 1: {rates[2] / rates[1]:.2f}x")
    return peaks


def main() -> int:
    sizes = [10_000, 100_000]
    for i, arg in enumerate(sys.argv):
        if arg == "--rows":
            sizes = [int(x) for x in sys.argv[i + 1].split(",")]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        same_moment(write_csv(tmp / "same.csv", 5000), "职位描述")
        peaks = {}
        for n in sizes:
            path = write_csv(tmp / f"gen{n}.csv", n)
            peaks[n] = report(f"generated {path.name}", path, "职位描述", n, tmp)
        if len(sizes) == 2:
            small, large = sizes
            for jobs in (1, 2):
                print(
                    f"peak RSS -j {jobs}: {large:,} rows / {small:,} rows = {peaks[large][jobs] / peaks[small][jobs]:.2f}x"
                )
        real = SHARED_DATA / "51job_2020_flat.csv"
        if real.is_file() and "--skip-real" not in sys.argv:
            with open(real, encoding="utf-8", newline="") as fh:
                n = sum(1 for _ in csv.DictReader(fh))
            report("../shared/data/51job_2020_flat.csv", real, "description", n, tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
