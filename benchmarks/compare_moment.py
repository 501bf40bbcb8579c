"""The same-moment ratios of bench_batch.py and bench_e2e.py, for this checkout and an older one, in turn.

    python benchmarks/compare_moment.py --base /path/to/old/checkout/src [--rounds 2] [--skip-real]

Each case is ``_moment.interleaved`` (our ``score_csv`` and bare tokenization in alternating
1,000-row slices, CPU time, one process) run in a fresh process with the old tree first on
PYTHONPATH, then with this one, round after round (A B A B …), so both see the same machine.
Prints each run's ratio and, per case, the median ratio after / before: within 0.95-1.05 means
the change kept the speed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASES = {  # name -> (file, column, backend, rows): bench_batch's same_moment, then bench_e2e's
    "bench_batch generated, jieba": ("gen", "职位描述", "jieba", 5_000),
    "bench_e2e generated, jieba": ("gen", "职位描述", "jieba", 20_000),
    "bench_e2e generated, rjieba": ("gen", "职位描述", "rjieba", 20_000),
    "bench_e2e 51job, jieba": (str(SHARED_DATA / "51job_2020_flat.csv"), "description", "jieba", 20_000),
    "bench_e2e 51job, rjieba": (str(SHARED_DATA / "51job_2020_flat.csv"), "description", "rjieba", 20_000),
}
SNIPPET = """
import json, sys
sys.path.insert(0, {here!r})
from _moment import interleaved
from pathlib import Path
print(json.dumps(interleaved(Path({path!r}), {column!r}, {backend!r}, rows={rows})))
"""


def run(path: str, column: str, backend: str, rows: int, src: str) -> float:
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = SNIPPET.format(here=str(HERE), path=path, column=column, backend=backend, rows=rows)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["ratio"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the src/ folder of the opsmatch to compare against")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    from _synth import write_csv

    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        gen = write_csv(Path(tmpdir) / "gen.csv", 20_000)
        for _ in range(args.rounds):
            for name, (path, column, backend, rows) in CASES.items():
                path = str(gen) if path == "gen" else path
                if not Path(path).is_file() or (args.skip_real and "51job" in name):
                    continue
                if args.only and args.only not in name:
                    continue
                for label, src in (("before", args.base), ("after", str(ROOT / "src"))):
                    ratio = run(path, column, backend, rows, src)
                    results.setdefault(name, {}).setdefault(label, []).append(ratio)
                    print(f"{name:32s} {label:6s} {ratio:.3f}x bare", flush=True)
    print("\ncase                             before  after  after/before (median of runs)")
    for name, r in results.items():
        before, after = statistics.median(r["before"]), statistics.median(r["after"])
        print(f"{name:32s} {before:6.3f} {after:6.3f}  {after / before:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
