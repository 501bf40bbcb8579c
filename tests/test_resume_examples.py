"""The example résumés against what a reader expected of them, written down before the code ran.

Each ``examples/resumes/*.expect.toml`` names the résumé's parts, postings of
``examples/postings.csv`` with the gaps a reader expects (and competencies the résumé shows,
and posting terms it must report missing), and the career paths a reader expects near the top
(each in the code's top three) or nowhere near it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import pytest

from opsmatch.analyzer import Analyzer
from opsmatch.career import paths
from opsmatch.comparison import compare_analyses
from opsmatch.resume import Resume, read_resume

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
RESUMES = ROOT / "examples" / "resumes"
EXPECTATIONS = sorted(RESUMES.glob("*.expect.toml"))


def _postings() -> dict[str, dict[str, str]]:
    with (ROOT / "examples" / "postings.csv").open(encoding="utf-8", newline="") as fh:
        return {r["编号"]: r for r in csv.DictReader(fh)}


def _resume_file(expect: Path) -> Path:
    stem = expect.name.removesuffix(".expect.toml")
    found = [p for p in RESUMES.glob(stem + ".*") if not p.name.endswith(".expect.toml")]
    assert len(found) == 1, f"{expect.name}: expected one résumé file, found {found}"
    return found[0]


@pytest.fixture(scope="module")
def resumes(analyzer: Analyzer) -> dict[str, tuple[Resume, dict[str, Any]]]:
    out = {}
    for expect in EXPECTATIONS:
        with expect.open("rb") as fh:
            out[expect.name] = (read_resume(_resume_file(expect), analyzer), tomllib.load(fh))
    return out


def test_there_are_at_least_twenty_resumes_with_expectations() -> None:
    assert len(EXPECTATIONS) >= 20
    for expect in EXPECTATIONS:
        _resume_file(expect)


@pytest.mark.parametrize("name", [e.name for e in EXPECTATIONS])
def test_parts_are_found(resumes: dict[str, tuple[Resume, dict[str, Any]]], name: str) -> None:
    resume, expected = resumes[name]
    assert list(resume.part_kinds) == expected["parts"]


@pytest.mark.parametrize("name", [e.name for e in EXPECTATIONS])
def test_gaps_against_postings(
    resumes: dict[str, tuple[Resume, dict[str, Any]]], analyzer: Analyzer, name: str
) -> None:
    resume, expected = resumes[name]
    postings = _postings()
    for case in expected["against"]:
        row = postings[case["posting"]]
        result = compare_analyses(resume, analyzer.analyze(row["职位描述"], row["职位名称"]))
        gaps = [g.competency for g in result.gaps]
        where = f"{name} vs {case['posting']}: gaps {gaps}"
        assert set(case["gaps"]) <= set(gaps), where
        if case.get("exact"):
            assert set(gaps) == set(case["gaps"]), where
        for cid in case.get("shown", []):
            assert result.competencies[cid].is_shown, f"{where}: {cid} should be shown"
            assert cid not in gaps, where
        assert set(case.get("missing_terms", [])) <= set(result.missing_terms), (
            f"{where}; missing {result.missing_terms}"
        )
        assert 0.0 <= result.fit <= 1.0


@pytest.mark.parametrize("name", [e.name for e in EXPECTATIONS])
def test_top_paths(resumes: dict[str, tuple[Resume, dict[str, Any]]], name: str) -> None:
    resume, expected = resumes[name]
    ranked = paths(resume)
    top3 = ranked.ids[:3]
    for pid in expected["paths"]["top"]:
        assert pid in top3, f"{name}: {pid} not in the top three {ranked.ids[:5]}"
    for pid in expected["paths"].get("unlikely", []):
        assert pid not in top3, f"{name}: {pid} in the top three {ranked.ids[:5]}"
