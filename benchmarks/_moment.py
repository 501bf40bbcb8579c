"""Same-moment ratios: our scoring and bare tokenization timed in alternating slices, one process.

On a shared or noisy machine, two runs a minute apart can differ by 30%; timing the two
sides in alternating 1,000-row slices (CPU time of this process) puts both under the same
conditions, so their ratio is the figure to trust. The whole-command figures stay for
start-up, memory and worker scaling.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def bare_cut(backend: str) -> Callable[[str], object]:
    """Bare tokenization with the library defaults: ``jieba.lcut`` (HMM on) or ``rjieba.cut``."""
    if backend == "rjieba":
        import rjieba

        rj = rjieba.Jieba()
        return lambda text: rj.cut(text, False)
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.lcut


def interleaved(path: Path, column: str, backend: str, rows: int = 20_000, slice_rows: int = 1_000) -> dict[str, float]:
    """Rows/s of ``score_csv`` and of bare tokenization over the first ``rows`` rows of ``path``."""
    from opsmatch.analyzer import Analyzer
    from opsmatch.batch import score_csv

    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        body = [row for _, row in zip(range(rows), reader)]
    col = header.index(column)
    cut = bare_cut(backend)
    analyzer = Analyzer(backend=backend)
    ours = bare = 0.0
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        slices = []
        for i in range(0, len(body), slice_rows):
            part = tmp / f"slice{i}.csv"
            with open(part, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([header, *body[i : i + slice_rows]])
            slices.append((part, [r[col] for r in body[i : i + slice_rows]]))
        score_csv(slices[0][0], tmp / "warm.csv", text_col=column, analyzer=analyzer, progress=False)
        for part, texts in slices:
            t0 = time.process_time()
            score_csv(part, tmp / "out.csv", text_col=column, analyzer=analyzer, progress=False)
            t1 = time.process_time()
            for text in texts:
                cut(text)
            t2 = time.process_time()
            ours += t1 - t0
            bare += t2 - t1
    n = len(body)
    return {"ours": n / ours, "bare": n / bare, "ratio": bare / ours}
