"""End to end: `opsmatch score` with each tokenizer backend, against bare tokenization.

    python benchmarks/bench_e2e.py [--rows 100000] [--skip-real]

Prints in one run, on the same generated CSV (and on ../shared/data/51job_2020_flat.csv when
present): postings/s of `opsmatch score` with the jieba and rjieba backends at -j 1 and -j 2
(whole command, start-up included), bare tokenization with each backend over the same column
in one process, their ratios (also timed in alternating slices in one process, the figure to
trust on a noisy machine), peak RSS of the process tree, the cold start of
`opsmatch analyze TEXT`, and a per-stage breakdown (read, normalize + sections, tokenize,
match + score, vectorize + predict, rows + write) so the next bottleneck is visible.
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import SHARED_DATA
from _moment import interleaved
from _proc import measure
from _synth import write_csv

BACKENDS = ("jieba", "rjieba")


def column(path: Path, name: str) -> list[str]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        return [row[name] for row in csv.DictReader(fh)]


def bare_rates(texts: list[str]) -> dict[str, float]:
    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.initialize()
    rj = rjieba.Jieba()
    rates = {}
    for name, cut in (
        ("jieba", jieba.lcut),
        ("jieba HMM off", lambda t: jieba.lcut(t, HMM=False)),
        ("rjieba", lambda t: rj.cut(t, False)),
    ):
        t0 = time.perf_counter()
        for t in texts:
            cut(t)
        rates[name] = len(texts) / (time.perf_counter() - t0)
    return rates


def stage_breakdown(path: Path, text_col: str, backend: str, limit: int = 20_000) -> dict[str, float]:
    """CPU seconds per stage over the first ``limit`` rows, in one process (no start-up), each
    stage over a 2,000-row chunk at a time, as ``Analyzer`` runs them."""
    from opsmatch.analyzer import Analyzer
    from opsmatch.linear import Doc
    from opsmatch.normalize import normalize
    from opsmatch.results import PostingAnalysis
    from opsmatch.scoring import score_competencies
    from opsmatch.sections import split_sections

    an = Analyzer(backend=backend)
    all_tokens = getattr(an.classifier, "ngrams", 2) == 1
    t: dict[str, float] = dict.fromkeys(
        ("read", "normalize+sections", "tokenize", "match+score", "vectorize+predict", "rows+write"), 0.0
    )
    t0 = time.process_time()
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for _, r in zip(range(limit), csv.DictReader(fh))]
    t["read"] = time.process_time() - t0
    out = io.StringIO()
    writer = csv.writer(out)
    for i in range(0, len(rows), 2000):
        chunk = rows[i : i + 2000]
        a = time.process_time()
        norms = [normalize(r[text_col]) for r in chunk]
        sections = [split_sections(n.text) for n in norms]
        b = time.process_time()
        words = [an.tokenizer.words(n.text) for n in norms]
        c = time.process_time()
        matches = an.matcher.find_many(norms, words, sections)
        results = [
            PostingAnalysis(n.original, None, score_competencies(m, an.lexicon.competencies), m)
            for n, m in zip(norms, matches)
        ]
        d = time.process_time()
        an.classifier.predict_proba([Doc.from_words(w, all_tokens=all_tokens) for w in words])
        e = time.process_time()
        for r, res in zip(chunk, results):
            writer.writerow([*r.values(), *res.to_dict().values()])
        f = time.process_time()
        t["normalize+sections"] += b - a
        t["tokenize"] += c - b
        t["match+score"] += d - c
        t["vectorize+predict"] += e - d
        t["rows+write"] += f - e
    return t


def cold_start(backend: str) -> float:
    cmd = [sys.executable, "-m", "opsmatch.cli", "analyze", "负责社群拉新，熟练使用SQL", "--backend", backend]
    return statistics.median(measure(cmd)[0] for _ in range(3))


def run(name: str, path: Path, text_col: str, tmp: Path) -> None:
    texts = column(path, text_col)
    n = len(texts)
    print(f"\n== {name}: {n:,} postings, {sum(map(len, texts)) / n:.0f} characters on average ==")
    bare = bare_rates(texts)
    print("bare tokenization, 1 process: " + ", ".join(f"{k} {v:,.0f}/s" for k, v in bare.items()))
    for backend in BACKENDS:
        r = interleaved(path, text_col, backend)
        print(
            f"same process, alternating 1,000-row slices (CPU time), {backend}: score_csv {r['ours']:,.0f}/s"
            f" vs bare {r['bare']:,.0f}/s = {r['ratio']:.3f}x"
        )
    print(f"{'opsmatch score':28s} {'postings/s':>11s} {'vs bare (same backend)':>23s} {'peak RSS':>9s}")
    for backend in BACKENDS:
        rates = {}
        for jobs in (1, 2):
            cmd = [sys.executable, "-m", "opsmatch.cli", "score", str(path), "-o", str(tmp / "out.csv"),
                   "-j", str(jobs), "--quiet", "--backend", backend, "--text-col", text_col]  # fmt: skip
            secs, peak = measure(cmd)
            rates[jobs] = n / secs
            print(
                f"{backend + ' -j ' + str(jobs):28s} {rates[jobs]:11,.0f} {rates[jobs] / bare[backend]:22.2f}x {peak:8.0f}M"
            )
        print(f"{backend + ' -j 2 / -j 1':28s} {rates[2] / rates[1]:11.2f}x")


def main() -> int:
    rows = 100_000
    for i, arg in enumerate(sys.argv):
        if arg == "--rows":
            rows = int(sys.argv[i + 1])
    for backend in BACKENDS:
        print(f"cold start, opsmatch analyze TEXT ({backend}): {cold_start(backend):.2f} s")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        gen = write_csv(tmp / f"gen{rows}.csv", rows)
        for backend in BACKENDS:
            stages = stage_breakdown(gen, "职位描述", backend)
            total = sum(stages.values())
            print(f"stages on 20,000 generated rows, {backend}: "
                  + ", ".join(f"{k} {v:.2f}s ({v / total:.0%})" for k, v in stages.items()))  # fmt: skip
        run(f"generated {gen.name}", gen, "职位描述", tmp)
        real = SHARED_DATA / "51job_2020_flat.csv"
        if real.is_file() and "--skip-real" not in sys.argv:
            run("../shared/data/51job_2020_flat.csv", real, "description", tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
