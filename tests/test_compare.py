"""compare(): asked vs shown per competency, gaps (required first), missing terms, fit, display."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import opsmatch
from opsmatch.analyzer import Analyzer
from opsmatch.comparison import Comparison, compare, compare_analyses, compare_html, format_comparison
from opsmatch.results import CompetencyScore, Match, PostingAnalysis
from opsmatch.resume import parse_resume

POSTING = """岗位职责：
1. 负责社群运营，撰写活动文案和推文；
2. 协调设计、技术部门推进活动上线；
任职要求：熟练使用SQL和Excel，有竞品分析经验者优先。"""

RESUME = """## 工作经历
2021.01 - 2023.01 某品牌 社群运营
- 管理粉丝群，用SQL统计群数据，用Excel做周报
## 自我评价
文笔好，擅长撰写文案
"""


@pytest.fixture(scope="module")
def result(analyzer: Analyzer) -> Comparison:
    return compare(RESUME, POSTING, analyzer=analyzer)


def test_competencies_asked_and_shown(result: Comparison) -> None:
    da = result.competencies["data_analysis"]
    assert da.is_asked and da.is_shown and not da.is_gap and da.level == "required"
    assert {m.canonical for m in da.posting_evidence} >= {"SQL", "Excel"}
    assert {e.canonical for e in da.resume_evidence} >= {"SQL", "Excel"}
    for e in da.resume_evidence:
        assert result.resume.text[e.start : e.end] == e.term
    for m in da.posting_evidence:
        assert result.posting.text[m.start : m.end] == m.term


def test_self_praise_is_a_gap_and_required_gaps_come_first(result: Comparison) -> None:
    gaps = [g.competency for g in result.gaps]
    assert "copywriting" in gaps  # the résumé only says 擅长撰写文案 in 自我评价
    cw = next(g for g in result.gaps if g.competency == "copywriting")
    assert cw.claimed and all(e.part == "summary" for e in cw.claimed)
    assert "project_management" in gaps
    levels = [g.level for g in result.gaps]
    assert levels == sorted(levels, key=lambda lv: lv != "required")
    if "market_analysis" in gaps:  # 竞品分析 … 优先: a preferred ask, after the required ones
        assert next(g for g in result.gaps if g.competency == "market_analysis").level == "preferred"
        assert gaps.index("market_analysis") > gaps.index("copywriting")


def test_missing_terms_are_the_postings_words_absent_from_the_resume(result: Comparison) -> None:
    assert "SQL" not in result.missing_terms and "Excel" not in result.missing_terms
    for term in result.missing_terms:
        assert not result.resume.has_term(term)
    assert len(set(result.missing_terms)) == len(result.missing_terms)


def test_fit_parts_and_range(result: Comparison) -> None:
    assert 0.0 < result.fit < 1.0
    p = result.fit_parts
    assert p.competencies is not None and 0 <= p.competencies <= 1
    assert 0 <= p.terms <= 1 and p.role is not None and 0 <= p.role <= 1
    row = result.to_dict()
    assert row["fit"] == round(result.fit, 4)
    json.dumps(row)


def test_a_better_resume_fits_better(analyzer: Analyzer) -> None:
    weak = compare("## 工作经历\n负责门店收银", POSTING, analyzer=analyzer)
    strong = compare(
        "## 工作经历\n负责社群运营，撰写活动文案和推文，协调设计部门推进活动上线，用SQL、Excel做竞品分析",
        POSTING,
        analyzer=analyzer,
    )
    assert strong.fit > weak.fit
    assert len(strong.gaps) < len(weak.gaps)


def test_implied_posting_evidence_asks_nothing() -> None:
    """Traits (strength "implied") neither make an ask nor a gap; only explicit evidence does. A
    trait the résumé never names is still listed among the missing terms, after the skills."""
    resume = parse_resume("## 工作经历\n负责门店收银", Analyzer(model=None))
    trait = Match("执行力强", "执行力", "project_management", 0, 4, strength="implied")
    sql = Match("SQL", "SQL", "data_analysis", 5, 8)
    comps = {
        "project_management": CompetencyScore("project_management", "项目管理能力", 0.2, (trait,)),
        "data_analysis": CompetencyScore("data_analysis", "数据分析能力", 0.49, (sql,)),
    }
    posting = PostingAnalysis("执行力强，SQL", None, comps, (trait, sql))
    c = compare_analyses(resume, posting)
    assert not c.competencies["project_management"].is_asked
    assert [g.competency for g in c.gaps] == ["data_analysis"]
    assert c.missing_terms == ("SQL", "执行力")
    assert c.fit_parts.role is None  # no classifier on this posting


def test_text_and_html(result: Comparison) -> None:
    text = format_comparison(result)
    assert text.startswith("匹配度 fit") and "差距" in text and "文案写作能力" in text
    assert str(result) == text
    page = result._repr_html_()
    assert page == compare_html(result)
    assert "opsmatch-resume" in page and "opsmatch-posting" in page and "<mark" in page


def test_html_escapes_everything(analyzer: Analyzer) -> None:
    c = compare("## 工作经历\n<script>alert(1)</script>用SQL", "<img src=x onerror=alert(1)>熟练SQL", analyzer=analyzer)
    page = compare_html(c)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page


def test_accepts_resume_objects_files_and_analyses(tmp_path: Path, analyzer: Analyzer) -> None:
    f = tmp_path / "cv.md"
    f.write_text(RESUME, encoding="utf-8")
    posting = analyzer.analyze(POSTING)
    by_file = compare(f, posting, analyzer=analyzer)
    by_text = compare(RESUME, POSTING, analyzer=analyzer)
    by_obj = compare(parse_resume(RESUME, analyzer), posting, analyzer=analyzer)
    assert by_file.fit == by_text.fit == by_obj.fit
    with pytest.raises(TypeError):
        compare(3, POSTING, analyzer=analyzer)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compare(RESUME, None, analyzer=analyzer)  # type: ignore[arg-type]


def test_public_api_exports() -> None:
    import importlib

    assert opsmatch.compare is compare
    assert opsmatch.paths.__module__ == "opsmatch.career"
    importlib.import_module("opsmatch.career")  # importing the module must not shadow the function
    importlib.import_module("opsmatch.comparison")
    assert callable(opsmatch.paths) and callable(opsmatch.compare)
    for name in ("Resume", "Comparison", "CompetencyComparison", "Gap", "CareerPaths", "PathMatch", "rank_csv",
                 "read_resume", "parse_resume"):  # fmt: skip
        assert name in opsmatch.__all__ and getattr(opsmatch, name) is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    resume=st.text(
        alphabet=st.sampled_from(list("工作经历技能证书自我评价用SQL做数据分析撰写文案社群\n#、 ")), max_size=80
    ),
    posting=st.text(
        alphabet=st.sampled_from(list("负责社群运营撰写文案熟练SQL竞品分析优先协调部门\n：；")), max_size=80
    ),
)
def test_fit_is_always_in_the_unit_interval(analyzer: Analyzer, resume: str, posting: str) -> None:
    c = compare(resume, posting, analyzer=analyzer)
    assert 0.0 <= c.fit <= 1.0
    assert all(g.competency in c.competencies for g in c.gaps)


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsmatch.cli", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_cli_gap_with_a_file_or_text(tmp_path: Path) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text(RESUME, encoding="utf-8")
    job = tmp_path / "job.txt"
    job.write_text(POSTING, encoding="utf-8")
    out = _run("gap", str(cv), str(job))
    assert out.returncode == 0, out.stderr
    assert "匹配度 fit" in out.stdout and "文案写作能力" in out.stdout
    as_text = _run("gap", str(cv), POSTING)
    assert as_text.stdout == out.stdout
    js = _run("gap", str(cv), "-", "--json", stdin=POSTING)
    row = json.loads(js.stdout)
    assert {g["competency"] for g in row["gaps"]} >= {"copywriting"}
    missing = _run("gap", str(tmp_path / "nope.md"), POSTING)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def _plain_credit(resume: opsmatch.Resume, canonical: str, forms: tuple[str, ...]) -> float:
    """Reference for ``Resume.credit``: recomputed from scratch, no memo."""
    from opsmatch.resume import _credit, _occurrences

    best = resume._credit.get(canonical.casefold(), 0.0)
    headless = all(p.kind == "other" for p in resume.parts)
    for form in forms:
        for pos in _occurrences(resume.text.casefold(), form.casefold()):
            part, weight = _credit(resume.parts, pos, headless)
            if part != "heading":
                best = max(best, weight)
    return best


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    posting=st.text(alphabet=st.sampled_from(list("负责社群运营撰写文案熟练SQL竞品私域协调部门\n：；")), max_size=60),
    forms=st.lists(st.sampled_from(["私域", "社群", "SQL", "sql", "文案", "工作经历", "Excel", "缺席"]), max_size=4),
)
def test_per_resume_caches_equal_plain_recomputation(analyzer: Analyzer, posting: str, forms: list[str]) -> None:
    text = "## 工作经历\n负责私域社群运营，用SQL统计\n## 自我评价\n文案好，会excel"
    reused = parse_resume(text, analyzer)
    a = analyzer.analyze(posting)
    first = compare_analyses(reused, a)
    again = compare_analyses(reused, a)  # caches warm
    fresh = compare_analyses(parse_resume(text, analyzer), a)  # caches cold
    assert first == again and again.fit == fresh.fit and again.fit_parts == fresh.fit_parts
    for canonical in ("社群", "SQL", "文案写作"):
        assert reused.credit(canonical, tuple(forms)) == _plain_credit(reused, canonical, tuple(forms))
        assert reused.has_term(canonical, tuple(forms)) == (
            canonical.casefold() in reused._credit or _plain_credit(reused, "\0", tuple(forms)) > 0
        )
