"""The example résumés against a reader's expectations (examples/resumes/*.expect.toml).

    python benchmarks/eval_resumes.py          # one line per résumé: parts, gaps, top paths, misses

The same checks as tests/test_resume_examples.py, printed as a table to read rather than as
pass / fail: the code's top three paths and its gaps for each posting a reader named.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from opsmatch.analyzer import Analyzer  # noqa: E402
from opsmatch.career import paths  # noqa: E402
from opsmatch.comparison import compare_analyses  # noqa: E402
from opsmatch.resume import read_resume  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def main() -> int:
    resumes = ROOT / "examples" / "resumes"
    with (ROOT / "examples" / "postings.csv").open(encoding="utf-8", newline="") as fh:
        postings = {r["编号"]: r for r in csv.DictReader(fh)}
    analyzer = Analyzer()
    started = time.perf_counter()
    misses = checks = 0
    print("| résumé | parts | gaps (expected ⊆ found) | top 3 paths (expected) | misses |")
    print("|---|---|---|---|---|")
    for expect in sorted(resumes.glob("*.expect.toml")):
        stem = expect.name.removesuffix(".expect.toml")
        path = next(p for p in resumes.glob(stem + ".*") if p != expect)
        spec = tomllib.loads(expect.read_text(encoding="utf-8"))
        resume = read_resume(path, analyzer)
        notes: list[str] = []
        checks += 1
        if list(resume.part_kinds) != spec["parts"]:
            notes.append(f"parts {list(resume.part_kinds)}")
        gap_cells = []
        for case in spec["against"]:
            row = postings[case["posting"]]
            result = compare_analyses(resume, analyzer.analyze(row["职位描述"], row["职位名称"]))
            found = [g.competency for g in result.gaps]
            gap_cells.append(f"{case['posting']}: {','.join(found) or '-'} (fit {result.fit:.2f})")
            checks += 1
            bad = not set(case["gaps"]) <= set(found)
            bad |= bool(case.get("exact")) and set(found) != set(case["gaps"])
            bad |= any(c in found or not result.competencies[c].is_shown for c in case.get("shown", []))
            bad |= not set(case.get("missing_terms", [])) <= set(result.missing_terms)
            if bad:
                notes.append(f"{case['posting']} expected gaps {case['gaps']}")
        ranked = paths(resume)
        top3 = ranked.ids[:3]
        checks += 1
        wrong = [p for p in spec["paths"]["top"] if p not in top3]
        wrong += [f"not {p}" for p in spec["paths"].get("unlikely", []) if p in top3]
        if wrong:
            notes.append("paths: " + ", ".join(wrong))
        misses += bool(notes)
        exp = ",".join(spec["paths"]["top"])
        print(
            f"| {stem} | {len(resume.part_kinds)} | {'; '.join(gap_cells)} | {', '.join(top3)} ({exp}) | {'; '.join(notes) or '-'} |"
        )
    print(f"\n{misses} résumés with a miss; {checks} checks; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
