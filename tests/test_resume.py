"""Résumés: parts, evidence by part, years of work, and reading real .txt / .md / .docx / .pdf files."""

from __future__ import annotations

import doctest
from datetime import date
from pathlib import Path

import pytest

import opsmatch.career
import opsmatch.comparison
import opsmatch.rank
import opsmatch.resume
from opsmatch.analyzer import Analyzer
from opsmatch.errors import InputError
from opsmatch.results import Match
from opsmatch.resume import (
    CAMPUS_FACTOR,
    PART_WEIGHTS,
    ResumeCompetency,
    ResumeEvidence,
    experience_years,
    parse_resume,
    read_resume,
    read_resume_text,
    split_parts,
)

RESUME = """# 张三
138-0000-0000

## 求职意向
数据运营

## 工作经历
**某公司　数据运营　2019.07 - 2021.07**
- 用SQL和Python做用户分层，撰写周报
**某公司　运营　2021.07-2022.01**
- 负责社群运营

## 技能证书
Tableau、Excel

## 自我评价
文笔好，有创意
"""


@pytest.mark.parametrize("module", [opsmatch.resume, opsmatch.comparison, opsmatch.career, opsmatch.rank])
def test_docstring_examples(module: object) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert tried > 0 or module is opsmatch.rank
    assert failures == 0


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("工作经历", "work"),
        ("## 工作经历", "work"),
        ("**项目经历**", "projects"),
        ("【技能证书】", "skills"),
        ("一、教育背景", "education"),
        ("3. 自我评价：", "summary"),
        ("工作经历 Work Experience", "work"),
        ("教育背景 / Education", "education"),
        ("Education", "education"),
        ("求职意向：新媒体运营", "objective"),
        ("实习经历", "work"),
        ("校园经历", "projects"),
        ("获奖情况", "awards"),
        ("■ 个人信息", "profile"),
    ],
)
def test_headings(line: str, kind: str) -> None:
    parts = split_parts(f"李雷\n{line}\n内容一行\n")
    assert [p.kind for p in parts] == ["other", kind]
    assert parts[1].start == len("李雷\n")


@pytest.mark.parametrize(
    "line",
    [
        "**某公司　工作经历丰富的运营**",  # a heading word inside a line is not a heading
        "### 某国货美妆品牌　私域社群运营　2023.04 - 至今",
        "技能：SQL、Python",  # a short heading word with content stays in its part
        "- 负责项目经历的整理",
        "主修课程：统计学",
    ],
)
def test_lines_that_are_not_headings(line: str) -> None:
    assert [p.kind for p in split_parts(f"## 工作经历\n{line}\n")] == ["work"]


def test_parts_cover_the_text_and_evidence_is_weighed_by_part(bare_analyzer: Analyzer) -> None:
    r = parse_resume(RESUME, bare_analyzer, today=date(2024, 1, 1))
    parts = r.parts
    assert parts[0].start == 0 and parts[-1].end == len(RESUME)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    assert r.part_kinds == ("objective", "work", "skills", "summary")
    da = r.competencies["data_analysis"]
    assert {e.canonical for e in da.evidence} >= {"SQL", "Python", "Tableau", "Excel"}
    assert da.shown
    for e in da.evidence:
        assert r.text[e.start : e.end] == e.term
        assert e.part in ("work", "skills")
    cw = r.competencies["copywriting"]  # 文笔 only in 自我评价: said, not shown
    assert not cw.shown or any(e.part == "work" for e in cw.evidence if e.counts)
    summary = [e for e in cw.evidence if e.part == "summary"]
    assert summary and all(e.weight <= PART_WEIGHTS["summary"] for e in summary)
    assert r.years == 2.5


def test_headless_resume_counts_everything(bare_analyzer: Analyzer) -> None:
    r = parse_resume("五年数据运营经验，熟练使用SQL和Tableau", bare_analyzer)
    assert r.part_kinds == ()
    assert r.competencies["data_analysis"].shown


def test_heading_words_are_no_evidence_and_campus_weighs_less(bare_analyzer: Analyzer) -> None:
    r = parse_resume("## 校园经历\n用SQL统计社团活动数据\n## 工作经历\n用SQL做分析", bare_analyzer)
    sql = sorted((e for e in r.competencies["data_analysis"].evidence if e.canonical == "SQL"), key=lambda e: e.start)
    assert [e.part for e in sql] == ["projects", "work"]
    assert sql[0].weight == pytest.approx(CAMPUS_FACTOR * sql[1].weight)


def test_traits_never_show_a_competency() -> None:
    trait = Match("执行力强", "执行力", "project_management", 0, 4, strength="implied")
    work = ResumeEvidence(trait, "work", 0.25)
    assert work.is_trait and not work.counts
    assert not ResumeCompetency("project_management", "项目管理能力", 0.1, (work,)).shown
    done = ResumeEvidence(Match("排期", "排期", "project_management", 5, 7), "work", 1.0)
    assert ResumeCompetency("project_management", "项目管理能力", 0.5, (work, done)).shown
    assert not ResumeEvidence(done.match, "summary", 0.3).counts


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("工作经历\n2019.07 - 2021.07 A\n2020.01 - 2021.01 B（重叠）", 2.0),
        ("工作经历\n2018年3月-2020年3月 A", 2.0),
        ("实习经历\n2024.01 - 2024.07 A", 0.25),  # internships count half
        ("教育背景\n2015 - 2019 某大学", None),  # not work
        ("工作经历\n2020.01 - 至今", 4.0),
        ("工作经历\n2020.13 - 2021.13", 1.0),  # impossible months read as January
        ("工作经历\n没有日期", None),
    ],
)
def test_experience_years(text: str, years: float | None) -> None:
    assert experience_years(text, today=date(2024, 1, 15)) == years


def test_read_text_files_in_any_common_encoding(tmp_path: Path, bare_analyzer: Analyzer) -> None:
    for name, data in {
        "utf8.md": RESUME.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + RESUME.encode("utf-8"),
        "gbk.txt": RESUME.encode("gbk"),
        "utf16.txt": RESUME.encode("utf-16"),
    }.items():
        f = tmp_path / name
        f.write_bytes(data)
        assert read_resume_text(f).replace("\r\n", "\n") == RESUME, name
        assert read_resume(f, bare_analyzer).part_kinds == ("objective", "work", "skills", "summary")


def test_read_docx_with_paragraphs_and_tables(tmp_path: Path, bare_analyzer: Analyzer) -> None:
    docx = pytest.importorskip("docx", reason="python-docx is in the [resume] and [test] extras")
    doc = docx.Document()
    doc.add_heading("王五", level=1)
    doc.add_heading("工作经历", level=2)
    doc.add_paragraph("2020.01 - 2022.01 某公司 用户运营：用SQL做用户分层，撰写推文")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "技能证书"
    table.cell(0, 1).text = ""
    table.cell(1, 0).text = "Tableau"
    table.cell(1, 1).text = "CET-6"
    doc.add_heading("自我评价", level=2)
    doc.add_paragraph("执行力强")
    path = tmp_path / "cv.docx"
    doc.save(str(path))
    r = read_resume(path, bare_analyzer, today=date(2024, 1, 1))
    assert r.part_kinds == ("work", "skills", "summary")
    assert r.years == 2.0
    assert {"SQL", "Tableau"} <= set(r.competencies["data_analysis"].terms)
    assert r.source == str(path)


def test_read_pdf_built_with_an_embedded_cjk_font(tmp_path: Path, bare_analyzer: Analyzer) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 builds the test PDF ([test] extra)")
    pytest.importorskip("pypdf", reason="pypdf is in the [resume] and [test] extras")
    mplfonts = pytest.importorskip("mplfonts", reason="the CJK font comes with mplfonts ([plot] extra)")
    font = Path(mplfonts.__file__).parent / "fonts" / "SimHei.ttf"
    if not font.exists():
        pytest.skip(f"no CJK TrueType font at {font}")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("hei", fname=str(font))
    pdf.set_font("hei", size=11)
    for line in [
        "赵六",
        "工作经历",
        "2021.03 - 2023.03 某平台 数据运营：用SQL和Python做留存分析",
        "技能证书",
        "Tableau、Excel",
    ]:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "cv.pdf"
    pdf.output(str(path))
    r = read_resume(path, bare_analyzer, today=date(2024, 1, 1))
    assert r.part_kinds == ("work", "skills")
    assert r.years == 2.0
    assert {"SQL", "Python", "Tableau", "Excel"} <= set(r.competencies["data_analysis"].terms)


def test_unreadable_files_say_so_in_one_line(tmp_path: Path) -> None:
    cases = {
        "broken.docx": b"PK\x03\x04 not really a zip",
        "broken.pdf": b"%PDF-1.4 garbage",
        "old.doc": b"\xd0\xcf\x11\xe0",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    }
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        with pytest.raises(InputError) as err:
            read_resume_text(f)
        assert name in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(InputError, match="missing.txt"):
        read_resume_text(tmp_path / "missing.txt")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_resume(empty)


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 builds the test PDF ([test] extra)")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="no extractable text"):
        read_resume_text(path)


def test_parse_resume_refuses_non_text() -> None:
    with pytest.raises(TypeError):
        parse_resume(b"bytes")  # type: ignore[arg-type]


def test_lexicon_loading_skips_paths_toml(tmp_path: Path) -> None:
    from opsmatch.lexicon import DEFAULT_LEXICON_DIR, check_lexicon, load_lexicon

    assert (DEFAULT_LEXICON_DIR / "paths.toml").exists()
    assert "paths" not in load_lexicon().competencies
    assert check_lexicon() == []
    mine = tmp_path / "lex"
    mine.mkdir()
    for f in DEFAULT_LEXICON_DIR.glob("*.toml"):
        (mine / f.name).write_bytes(f.read_bytes())
    assert check_lexicon(mine) == []
