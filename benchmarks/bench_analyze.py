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

    analyzer = Analyzer()
    start = time.perf_counter() - t0
    bare_analyzer = Analyzer(model=None)

    bare_hmm = best_of(lambda: [jieba.lcut(t) for t in texts])
    bare_nohmm = best_of(lambda: [jieba.lcut(t, HMM=False) for t in texts])
    full = best_of(lambda: analyzer.analyze_many(texts))
    no_model = best_of(lambda: bare_analyzer.analyze_many(texts))
    titled = best_of(lambda: analyzer.analyze_many(texts, [ti for _, ti in data]))

    rows = [
        ("bare jieba.lcut (HMM on)", bare_hmm),
        ("bare jieba.lcut (HMM off)", bare_nohmm),
        ("opsmatch analyze_many, no model", no_model),
        ("opsmatch analyze_many, with model", full),
        ("opsmatch analyze_many, model + titles", titled),
    ]
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
        toks = analyzer.tokenizer.words(norm.text)
        stages["tokenize"].append(time.perf_counter() - t)
        t = time.perf_counter()
        matches = analyzer.matcher.find(norm, toks, secs)
        stages["match"].append(time.perf_counter() - t)
        t = time.perf_counter()
        score_competencies(matches, analyzer.lexicon.competencies)
        stages["score"].append(time.perf_counter() - t)
    print(
        "\nper posting (median, µs): " + ", ".join(f"{k} {statistics.median(v) * 1e6:.0f}" for k, v in stages.items())
    )
    print(f"\nstart-up: Analyzer() {start:.2f} s (bare jieba.initialize {jieba_start:.2f} s, in this process first)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
