"""Speed of the core analyzer against bare jieba on the same texts, plus start-up and memory.

    python benchmarks/bench_analyze.py [N]

Prints postings/s of ``Analyzer.analyze_many`` (with and without the classifier) and of bare
``jieba.lcut`` (HMM on, jieba's default) over the same texts in the same run, their ratio,
the Analyzer start-up time and peak RSS. A per-stage breakdown shows where the time goes.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import postings


def best_of(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    data = postings(n)
    texts = [t for t, _ in data]
    chars = sum(map(len, texts))
    print(f"{n} postings, {chars / n:.0f} characters on average")

    t0 = time.perf_counter()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    jieba_start = time.perf_counter() - t0
    t0 = time.perf_counter()
    from opsmatch.analyzer import Analyzer

    analyzer = Analyzer(backend="jieba")
    start = time.perf_counter() - t0
    t0 = time.perf_counter()
    fast = Analyzer(backend="rjieba")
    fast_start = time.perf_counter() - t0
    import rjieba

    rj = rjieba.Jieba()
    titles = [ti for _, ti in data]
    rows = [
        ("bare jieba.lcut (HMM on)", best_of(lambda: [jieba.lcut(t) for t in texts])),
        ("bare jieba.lcut (HMM off)", best_of(lambda: [jieba.lcut(t, HMM=False) for t in texts])),
        ("opsmatch, jieba, no model", best_of(lambda: Analyzer(model=None, backend="jieba").analyze_many(texts))),
        ("opsmatch, jieba, model", best_of(lambda: analyzer.analyze_many(texts))),
        ("opsmatch, jieba, model + titles", best_of(lambda: analyzer.analyze_many(texts, titles))),
        ("bare rjieba cut (HMM off)", best_of(lambda: [rj.cut(t, False) for t in texts])),
        ("opsmatch, rjieba, model", best_of(lambda: fast.analyze_many(texts))),
        ("opsmatch, rjieba, model + titles", best_of(lambda: fast.analyze_many(texts, titles))),
    ]
    bare_hmm = rows[0][1]
    print(f"\n{'':40s} {'postings/s':>11s} {'chars/s':>11s} {'vs jieba HMM on':>16s}")
    for name, secs in rows:
        print(f"{name:40s} {n / secs:11,.0f} {chars / secs:11,.0f} {bare_hmm / secs:15.2f}x")

    # per-stage breakdown, one posting at a time (median of per-posting times, microseconds)
    from opsmatch.normalize import normalize
    from opsmatch.scoring import score_competencies
    from opsmatch.sections import split_sections

    stages: dict[str, list[float]] = {k: [] for k in ("normalize", "sections", "tokenize", "match", "score")}
    for text in texts[:500]:
        t = time.perf_counter()
        norm = normalize(text)
        stages["normalize"].append(time.perf_counter() - t)
        t = time.perf_counter()
        secs = split_sections(norm.text)
        stages["sections"].append(time.perf_counter() - t)
        t = time.perf_counter()
        toks = fast.tokenizer.words(norm.text)
        stages["tokenize"].append(time.perf_counter() - t)
        t = time.perf_counter()
        matches = fast.matcher.find(norm, toks, secs)
        stages["match"].append(time.perf_counter() - t)
        t = time.perf_counter()
        score_competencies(matches, analyzer.lexicon.competencies)
        stages["score"].append(time.perf_counter() - t)
    print(
        "\nper posting with rjieba (median, µs): "
        + ", ".join(f"{k} {statistics.median(v) * 1e6:.0f}" for k, v in stages.items())
    )
    print(f"\nstart-up: Analyzer(backend='jieba') {start:.2f} s (bare jieba.initialize {jieba_start:.2f} s before it), "
          f"Analyzer(backend='rjieba') {fast_start:.2f} s")  # fmt: skip
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
