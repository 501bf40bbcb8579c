"""Dask scoring against single-process score_csv on the same files.

    python benchmarks/bench_dask.py [--files 4] [--rows 5000]

Writes FILES generated CSVs of ROWS postings, then prints rows/s of: `score_csv` over them one
after another in this process; `score_files` on a LocalCluster of 1 and of 2 single-threaded
worker processes (cluster start-up excluded, Analyzer start-up on the workers included); and
how many Analyzers each worker built (one per worker, however many files it scored).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import write_csv


def main() -> int:
    files, rows = 4, 5000
    for i, arg in enumerate(sys.argv):
        if arg == "--files":
            files = int(sys.argv[i + 1])
        if arg == "--rows":
            rows = int(sys.argv[i + 1])
    from dask.distributed import Client, LocalCluster

    from opsmatch.analyzer import Analyzer
    from opsmatch.batch import score_csv
    from opsmatch.dask import analyzer_builds, score_files

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        paths = [write_csv(tmp / f"part{i}.csv", rows) for i in range(files)]
        total = files * rows
        t0 = time.perf_counter()
        analyzer = Analyzer()
        for p in paths:
            score_csv(p, tmp / f"{p.stem}.single.parquet", analyzer=analyzer, progress=False)
        single = time.perf_counter() - t0
        print(f"{files} files x {rows:,} rows")
        print(f"score_csv, one process (Analyzer start-up included): {total / single:,.0f} rows/s")
        for workers in (1, 2):
            with (
                LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                report = score_files([str(p) for p in paths], tmp / f"out{workers}", client=client)
                builds = client.run(analyzer_builds)
            print(f"score_files, LocalCluster {workers} worker(s): {report.rows / report.seconds:,.0f} rows/s; "
                  f"Analyzers built per worker: {sorted(builds.values())}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
