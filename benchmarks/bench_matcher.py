"""Keyword matching engines on the real lexicon: pyahocorasick vs ahocorasick_rs vs regex.

    python benchmarks/bench_matcher.py

All find every (overlapping) occurrence of every lexicon surface form in the same normalized
postings; the matcher's boundary checks and longest-first resolution come after and are the
same for each. Prints microseconds per posting.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _synth import postings

from opsmatch.lexicon import load_lexicon
from opsmatch.normalize import normalize, normalize_term


def per_posting(fn, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best / len(texts) * 1e6


def main() -> int:
    forms = sorted({normalize_term(f) for t in load_lexicon().all_terms() for f in t.forms})
    texts = [normalize(t).text for t, _ in postings(2000)]
    print(f"{len(forms)} surface forms, {len(texts)} postings")

    import ahocorasick_rs

    rs = ahocorasick_rs.AhoCorasick(forms)
    ll = ahocorasick_rs.AhoCorasick(forms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    rows = [
        ("ahocorasick_rs (overlapping)", lambda t: rs.find_matches_as_indexes(t, overlapping=True)),
        ("ahocorasick_rs leftmost-longest (used)", lambda t: ll.find_matches_as_indexes(t)),
    ]
    try:
        import ahocorasick  # pyahocorasick, in the [dev] extra

        auto = ahocorasick.Automaton()
        for i, f in enumerate(forms):
            auto.add_word(f, i)
        auto.make_automaton()
        rows.append(("pyahocorasick iter (overlapping)", lambda t: list(auto.iter(t))))
        assert len(list(auto.iter(texts[0]))) == len(rs.find_matches_as_indexes(texts[0], overlapping=True))
    except ImportError:
        print("pyahocorasick not installed (pip install pyahocorasick): skipped")
    alternation = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    rows.append(("regex alternation (non-overlapping)", lambda t: alternation.findall(t)))
    for name, fn in rows:
        print(f"{name:40s} {per_posting(fn, texts):8.1f} µs/posting")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
