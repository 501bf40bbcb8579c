"""What reading seniority / experience / education and parsing salaries cost, as same-moment shares.

    python benchmarks/bench_profile.py [ROWS]

Over real descriptions (../shared/data, 51job then neitui; synthetic postings when absent), in
alternating 500-row slices of one process (CPU time): the whole ``Analyzer._analyze_chunk``
(which includes the profile step) and ``profile_of`` alone on the same slice, already normalized
and split into sections as the Analyzer has it; the profile's share of the analysis is the figure
to trust on a noisy machine. Salary parsing is
timed the same way against the analysis: uncached (distinct strings) and as columns repeat.
The plain reference of the profile (``_profile_plain``: no regex guards, no shortcuts) is timed
in the same slices, so the speed tricks' gain is a same-moment ratio too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import available, load
from _synth import postings


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    from opsmatch.analyzer import Analyzer
    from opsmatch.normalize import normalize
    from opsmatch.profile import _profile_plain, profile_of
    from opsmatch.salary import _parse_text, salary_values
    from opsmatch.sections import split_sections

    if available("51job_2020_flat.csv") and available("neitui_2018.csv"):
        texts, titles = [], []
        for name in ("51job_2020_flat.csv", "neitui_2018.csv"):
            d = load(name)
            texts += d["description"].tolist()
            titles += d["title"].tolist()
        source = "51job + neitui descriptions"
    else:
        data = postings(rows)
        texts, titles = [t for t, _ in data], [None] * len(data)
        source = "synthetic postings"
    texts, titles = texts[:rows], titles[:rows]
    analyzer = Analyzer()
    analyzer._analyze_chunk(texts[:200], titles[:200])  # warm up
    salaries = [f"{i % 40 + 3}-{i % 40 + 8}k·{12 + i % 5}薪" for i in range(len(texts))]
    distinct = [f"{i / 7:.2f}-{i / 7 + 3:.2f}千/月" for i in range(len(texts))]
    full = prof = plain = sal_rep = sal_new = 0.0
    step = 500
    for i in range(0, len(texts), step):
        t_slice, ti_slice = texts[i : i + step], titles[i : i + step]
        norms = [normalize(t).text for t in t_slice]  # done by the Analyzer anyway: not timed
        prepared = [(n, None if not ti else normalize(ti).text, split_sections(n)) for n, ti in zip(norms, ti_slice)]
        t0 = time.process_time()
        analyzer._analyze_chunk(t_slice, ti_slice)
        t1 = time.process_time()
        for norm, title, sections in prepared:
            profile_of(norm, title, sections)
        t2 = time.process_time()
        for norm, title, sections in prepared:
            _profile_plain(norm, title, sections)
        t3 = time.process_time()
        for s in salaries[i : i + step]:
            salary_values(s)
        t4 = time.process_time()
        _parse_text.cache_clear()
        for s in distinct[i : i + step]:
            salary_values(s)
        t5 = time.process_time()
        full += t1 - t0
        prof += t2 - t1
        plain += t3 - t2
        sal_rep += t4 - t3
        sal_new += t5 - t4
    n = len(texts)
    print(f"{n} {source}, alternating {step}-row slices, CPU time")
    print(f"analysis (whole Analyzer step)      {n / full:>9,.0f} postings/s")
    print(f"profile_of (the added step)          {n / prof:>8,.0f} postings/s = {prof / full:.1%} of the analysis time")
    print(
        f"  its plain reference (no speed tricks) {n / plain:>6,.0f} postings/s: the tricks make it {plain / prof:.2f}x faster"
    )
    print(
        f"salary cells, repeating strings      {n / sal_rep:>8,.0f} cells/s = {sal_rep / full:.1%} of the analysis time"
    )
    print(
        f"salary cells, all distinct           {n / sal_new:>8,.0f} cells/s = {sal_new / full:.1%} of the analysis time"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
